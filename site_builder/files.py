"""Files on disk as the build sees them: the one file stamp, and fast folder listings.

A stamp is a file's modification time (ns) and size: an unchanged stamp means an unchanged
file, so a rebuild reads only what moved. Where a stamp moved but the bytes did not (a fresh
checkout, a restored CI cache, `touch`), the content hash decides (see load.py and ingest.py).

Listing an archive of 100,000 files is mostly stat calls; `scan` makes one per file and no
other system call, and builds no Path objects.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

Stamp = tuple[int, int]            # (st_mtime_ns, st_size)


def stamp_of(info: os.stat_result) -> Stamp:
    return info.st_mtime_ns, info.st_size


def stamp(path: Path | str) -> Stamp:
    """The stamp of one file; OSError when it cannot be read."""
    return stamp_of(os.stat(path))


def stamp_text(path: Path | str) -> str:
    """The stamp as text ('mtime_ns:size'), for keys and state files."""
    mtime, size = stamp(path)
    return f"{mtime}:{size}"


def scan(folder: Path, suffix: str | tuple[str, ...],
         any_case: bool = False) -> dict[str, Stamp]:
    """Every file under `folder` whose name ends with `suffix` (in any case, with `any_case`:
    seeds such as PAGE.HTML are seeds), by path relative to `folder` (POSIX separators), with
    its stamp. Hidden files and folders (".name") are skipped: editors and the build's own
    state live there."""
    found: dict[str, Stamp] = {}
    if not folder.is_dir():
        return found
    pending = [("", str(folder))]
    while pending:
        prefix, directory = pending.pop()
        names = []
        with os.scandir(directory) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_dir():
                    pending.append((f"{prefix}{name}/", entry.path))
                elif (name.lower() if any_case else name).endswith(suffix):
                    names.append(name)
        base = directory + os.sep
        try:
            infos = list(map(os.stat, [base + name for name in names]))
        except OSError:          # a file went away while listing: stat the rest one by one
            infos = [_stat_or_none(base + name) for name in names]
        for name, info in zip(names, infos, strict=True):
            if info is not None:
                found[prefix + name] = (info.st_mtime_ns, info.st_size)
    return found


def _stat_or_none(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def sha256_file(path: Path | str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()
