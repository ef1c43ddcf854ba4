"""Read seed articles (+ optional `NAME.meta.yaml` sidecars), decode them, refuse bad files clearly.

A seed is untrusted input from the open web: every problem becomes a `SeedError` whose message is
one line `path: problem`, so the build can skip that seed, report it and go on with the rest.
"""
from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from site_builder.web import is_web_seed

MAX_SEED_BYTES = 50 * 1024 * 1024
# Bumped when reading a seed gives different text for the same bytes (repair.py's repairs), so
# pages extracted by an older reader are extracted again.
READER_VERSION = "2"
SIDECAR_SUFFIX = ".meta.yaml"
# Keys an archivist may set in a sidecar: the front-matter keys of DESIGN.md, plus collected/url.
SIDECAR_KEYS = {
    "title", "slug", "date", "language", "source", "wire", "dateline", "tags", "url",
    "collected", "casualties", "places",
}


class SeedError(ValueError):
    """A seed or sidecar that cannot be read; str() is the one-line `path: problem`."""


@dataclass(frozen=True)
class Seed:
    """One raw article as read from disk, with the facts its sidecar gives."""

    path: Path
    name: str                      # path relative to the site root, e.g. "seeds/000_x.txt"
    title: str | None              # the `TITLE:` line, if any
    body: str                      # the text without the TITLE line, "\n" between paragraphs
    sha256: str                    # of the seed file's bytes
    sidecar: dict[str, Any] = field(default_factory=dict)
    sidecar_sha256: str | None = None
    repairs: tuple[str, ...] = ()  # what was repaired on reading (mojibake, C1 controls...)
    reader: str = READER_VERSION   # what read it (web seeds: also the web reader's version)
    page: dict[str, Any] = field(default_factory=dict)   # a web page's own facts (web/seed.py)

    @property
    def collected(self) -> date | None:
        value = self.sidecar.get("collected")
        return value if isinstance(value, date) else None


def find_seed_files(targets: list[Path]) -> list[Path]:
    """Every seed (`*.txt`, and the web seeds of web/: saved pages, crawls, scraper exports)
    under the given files or folders, in a stable order.

    Hidden files (".name.txt") are skipped: editors and OSes leave them behind."""
    found: list[Path] = []
    for target in targets:
        if target.is_dir():
            found.extend(p for p in sorted(_seed_paths(target), key=path_order)
                         if p.is_file() and not _is_hidden(p.relative_to(target)))
        elif target.is_file():
            found.append(target)
        else:
            raise SeedError(f"{target}: no such file or folder")
    return found


def _seed_paths(folder: Path) -> Iterator[Path]:
    return (p for p in folder.rglob("*") if p.name.endswith(".txt") or is_web_seed(p.name))


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read_seed(path: Path, root: Path, name: str | None = None) -> Seed:
    """Read, decode and repair one seed and its sidecar; raise SeedError naming the file on any
    problem. The repairs made (see repair.py) are listed in the Seed for the run to report.
    `name`: its relative_name, when the caller has it."""
    raw = _read_bytes(path)
    from site_builder.repair import repair_text  # ftfy: imported only to read a seed
    repaired = repair_text(decode_text(raw, path))
    title, body = split_title(repaired.text)
    if not body.strip() and not title:
        raise SeedError(f"{path}: empty article (no text)")
    sidecar, sidecar_sha = read_sidecar(path)
    return Seed(path=path, name=name or relative_name(path, root), title=title, body=body,
                sha256=hashlib.sha256(raw).hexdigest(), sidecar=sidecar,
                sidecar_sha256=sidecar_sha, repairs=repaired.fixes)


def _read_bytes(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise SeedError(f"{path}: cannot read ({err.strerror})") from None
    try:
        return _read_open(fd, path)
    finally:
        os.close(fd)


def _read_open(fd: int, path: Path) -> bytes:
    """The bytes of an open file, refused when too large: an open, a stat, a read and a close
    a file (what Path.stat and Path.read_bytes took eight system calls for)."""
    try:
        size = os.fstat(fd).st_size
        if size > MAX_SEED_BYTES:
            raise SeedError(f"{path}: too large ({size // 1_048_576} MB; the limit is "
                            f"{MAX_SEED_BYTES // 1_048_576} MB)")
        data = os.read(fd, size + 1)
        if len(data) != size:   # it grew since, or a short read (network file systems): to the end
            data += b"".join(iter(lambda: os.read(fd, 1 << 20), b""))
        return data
    except OSError as err:
        raise SeedError(f"{path}: cannot read ({err.strerror})") from None


def path_order(path: Path) -> tuple[str, ...]:
    """Sort key: the order Path's own comparison gives (on POSIX), without its slow __lt__."""
    return path.parts


def relative_name(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class SeedNames:
    """`relative_name` for many seeds of a few folders: each folder is resolved once, not each
    file (resolving ten thousand paths took a second of a rebuild)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.resolved_root = root.resolve()
        self.folders: dict[Path, Path] = {}

    def __call__(self, path: Path) -> str:
        if path.is_symlink():
            return relative_name(path, self.root)
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = path.parent.resolve()
        try:
            return (folder / path.name).relative_to(self.resolved_root).as_posix()
        except ValueError:
            return path.as_posix()


def decode_text(raw: bytes, path: Path) -> str:
    """UTF-8 (BOM allowed); cp1252 only when the bytes are clearly that; else refuse.

    "Clearly cp1252" means: not UTF-8, no NUL bytes, and every byte maps to a printable
    character in cp1252 — binary files fail that test and are refused, not turned into mojibake.
    """
    if b"\x00" in raw:
        raise SeedError(f"{path}: binary file (contains NUL bytes), not a text article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise SeedError(f"{path}: not UTF-8 text (invalid byte at offset {err.start}) "
                            "and not cp1252/latin-1 either") from None
        if _control_ratio(text) > 0.01:
            raise SeedError(
                f"{path}: not UTF-8 text (invalid byte at offset {err.start})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _control_ratio(text) > 0.01:
        raise SeedError(f"{path}: looks binary (control characters), not a text article")
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")    # below space, but \t \n \f \r


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def split_title(text: str) -> tuple[str | None, str]:
    """Split an optional first line `TITLE: ...` from the body; blank lines are dropped."""
    lines = [line.strip() for line in text.split("\n")]
    title = None
    if lines and lines[0].upper().startswith("TITLE:"):
        title = lines.pop(0)[6:].strip() or None
    return title, "\n".join(line for line in lines if line)


def read_sidecar(seed_path: Path) -> tuple[dict[str, Any], str | None]:
    """The `NAME.meta.yaml` beside `NAME.txt`: a mapping of known keys, or a SeedError."""
    sidecar = seed_path.with_name(seed_path.stem + SIDECAR_SUFFIX)
    raw = _read_sidecar_bytes(sidecar)
    if raw is None:
        return {}, None
    data = _collected_only(raw)
    if data is None:
        data = _load_yaml(raw, sidecar)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SeedError(f"{sidecar}: must be a mapping of key: value, got {type(data).__name__}")
    unknown = sorted(str(k) for k in data if k not in SIDECAR_KEYS)
    if unknown:
        raise SeedError(f"{sidecar}: unknown key(s) {', '.join(unknown)}; "
                        f"known: {', '.join(sorted(SIDECAR_KEYS))}")
    for key in ("collected", "date"):
        if key in data and data[key] is not None and not isinstance(data[key], date):
            raise SeedError(f"{sidecar}: {key} must be a date like 2020-11-01, got {data[key]!r}")
    return data, hashlib.sha256(raw).hexdigest()


def _read_sidecar_bytes(sidecar: Path) -> bytes | None:
    """The sidecar's bytes, None when there is no such file (as Path.is_file says: missing, a
    folder, a dangling or looping link), opened at once rather than looked at first."""
    try:          # non-blocking: a FIFO of that name is no sidecar, not a wait forever
        fd = os.open(sidecar, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) |
                     getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        if err.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.ENAMETOOLONG):
            return None
        raise SeedError(f"{sidecar}: cannot read ({err.strerror})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return _read_open(fd, sidecar)
    finally:
        os.close(fd)


# The sidecar most archives have: the day the article was collected, and nothing else. Read
# without YAML (PyYAML's loader costs 0.08 ms a file, a fifth of what reading a seed costs);
# the same dict as YAML gives (tests/test_seeds.py checks it against PyYAML).
_COLLECTED_ONLY = re.compile(rb"(?:\xef\xbb\xbf)?collected: (\d{4}-\d\d-\d\d)\n?")


def _collected_only(raw: bytes) -> dict[str, Any] | None:
    """{"collected": date} for a sidecar that is one line `collected: YYYY-MM-DD`, else None
    (then YAML reads it)."""
    found = _COLLECTED_ONLY.fullmatch(raw)
    if found is None:
        return None
    try:
        return {"collected": date.fromisoformat(found.group(1).decode())}
    except ValueError:                     # not a day of the calendar: YAML's error then
        return None


def _load_yaml(raw: bytes, sidecar: Path) -> Any:
    import yaml  # here: most seeds have no sidecar
    try:
        return yaml.load(raw.decode("utf-8-sig"), Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, TypeError, OverflowError) as err:
        # ValueError & co.: a well-formed scalar its type refuses (`collected: 2025-02-30`).
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise SeedError(f"{sidecar}: invalid YAML ({first})") from None
