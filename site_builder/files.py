"""Files on disk as the build sees them: the one file stamp, and fast folder listings.

A stamp is a file's modification time (ns) and size: an unchanged stamp means an unchanged
file, so a rebuild reads only what moved. Where a stamp moved but the bytes did not (a fresh
checkout, a restored CI cache, `touch`), the content hash decides (see load.py and ingest.py).

Listing an archive of 100,000 files is mostly stat calls; `scan` makes one per file and no
other system call, and builds no Path objects. `write_atomically` writes a file whole or not at
all (content pages, extract's state, the web listings).
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

Stamp = tuple[int, int]            # (st_mtime_ns, st_size)
# A stamp that also moves when the file's bytes change under the same mtime and size (an edit
# within the clock's tick, `cp -p`, `touch -d` back to the old time, a copy with an older
# mtime put in its place): the inode's change time, which no user can set, and the inode.
# A chmod or a fresh checkout moves it too: only a hash then, the content decides.
ChangeMark = tuple[int, int, int, int]   # (st_mtime_ns, st_size, st_ctime_ns, st_ino)


def stamp_of(info: os.stat_result) -> Stamp:
    return info.st_mtime_ns, info.st_size


def stamp(path: Path | str) -> Stamp:
    """The stamp of one file; OSError when it cannot be read."""
    return stamp_of(os.stat(path))


def stamp_text(path: Path | str) -> str:
    """The stamp as text ('mtime_ns:size'), for keys and state files."""
    mtime, size = stamp(path)
    return f"{mtime}:{size}"


def change_mark(info: os.stat_result) -> ChangeMark:
    return info.st_mtime_ns, info.st_size, info.st_ctime_ns, info.st_ino


def scan(folder: Path, suffix: str | tuple[str, ...], any_case: bool = False,
         mark: Callable[[os.stat_result], Any] = stamp_of) -> dict[str, Any]:
    """Every file under `folder` whose name ends with `suffix` (in any case, with `any_case`:
    seeds such as PAGE.HTML are seeds), by path relative to `folder` (POSIX separators), with
    its stamp (or another `mark` of its stat: change_mark). Hidden files and folders (".name")
    are skipped: editors and the build's own state live there."""
    found: dict[str, Any] = {}
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
                found[prefix + name] = mark(info)
    return found


def stems(folder: Path, suffix: str) -> set[str]:
    """The names without `suffix` of the files under `folder` that end with it (hidden ones
    skipped), listed without a stat or a sort: the slugs content/'s pages take, for the one
    page a rebuild adds to a large archive."""
    found: set[str] = set()
    pending = [str(folder)]
    while pending:
        try:
            entries = os.scandir(pending.pop())
        except OSError:
            continue
        with entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.name.endswith(suffix):
                    found.add(entry.name[:-len(suffix)])
                if entry.is_dir():
                    pending.append(entry.path)
    return found


def _stat_or_none(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def sha256_file(path: Path | str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write via a temp file beside it and a rename, so a page is never half-written.

    Made of the fewest system calls that do it (create, chmod, write, close, rename; the
    folder is made only when it is missing): a cold extract writes thousands of pages, and a
    Python file object, a random temp name and a mkdir each page cost more than the write."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd, tmp = _new_temp(path.parent)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _new_temp(path.parent)
    try:
        try:
            os.fchmod(fd, 0o644)      # whatever the umask: a page is an ordinary file
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | \
    getattr(os, "O_NOFOLLOW", 0)
_temp_numbers = itertools.count()


def _new_temp(folder: Path) -> tuple[int, str]:
    """A new hidden file in `folder` (`.tmp-PID-N`; a name a killed run left is skipped),
    open for writing."""
    for _ in range(10_000):
        tmp = os.path.join(folder, f".tmp-{os.getpid()}-{next(_temp_numbers)}")
        try:
            return os.open(tmp, _TEMP_FLAGS, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
