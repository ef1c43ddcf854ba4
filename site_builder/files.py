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
from functools import partial
from operator import attrgetter
from pathlib import Path
from stat import S_ISREG
from typing import Any

Stamp = tuple[int, int]            # (st_mtime_ns, st_size)
# A stamp that also moves when the file's bytes change under the same mtime and size (an edit
# within the clock's tick, `cp -p`, `touch -d` back to the old time, a copy with an older
# mtime put in its place): the inode's change time, which no user can set, and the inode.
# A chmod or a fresh checkout moves it too: only a hash then, the content decides.
ChangeMark = tuple[int, int, int, int]   # (st_mtime_ns, st_size, st_ctime_ns, st_ino)


# A stat's stamp and change mark, taken by C code (`scan` takes one a file: 100,000 a rebuild).
stamp_of: Callable[[os.stat_result], Stamp] = attrgetter("st_mtime_ns", "st_size")
change_mark: Callable[[os.stat_result], ChangeMark] = attrgetter(
    "st_mtime_ns", "st_size", "st_ctime_ns", "st_ino")


def stamp(path: Path | str) -> Stamp:
    """The stamp of one file; OSError when it cannot be read."""
    return stamp_of(os.stat(path))


def stamp_text(path: Path | str) -> str:
    """The stamp as text ('mtime_ns:size'), for keys and state files."""
    mtime, size = stamp(path)
    return f"{mtime}:{size}"


def scan(folder: Path, suffix: str | tuple[str, ...], any_case: bool = False,
         mark: Callable[[os.stat_result], Any] = stamp_of,
         links: set[str] | None = None, follow_links: bool = False) -> dict[str, Any]:
    """Every regular file under `folder` whose name ends with `suffix` (in any case, with
    `any_case`: seeds such as PAGE.HTML are seeds), by path relative to `folder` (POSIX
    separators), with its stamp (or another `mark` of its stat: change_mark). Hidden files and
    folders (".name") are skipped: editors and the build's own state live there. Linked folders
    are entered with `follow_links` (content/: a person may keep pages elsewhere and link
    them in), except one that leads back to a folder being listed (`_linked_folder`); without
    it they are not (seeds/, as Path.rglob). Linked files are taken, and named in `links` when
    it is given (the folder entry says so: no system call).

    One stat a file and no other system call a file: the folder's entries give which are
    folders and links (d_type), and the files are stat'ed by name in the open folder."""
    found: dict[str, Any] = {}
    if not folder.is_dir():
        return found
    pending = [("", str(folder), os.path.realpath(folder))]
    listed = {pending[0][2]}            # real paths: no folder listed twice (links in a loop)
    while pending:
        prefix, directory, real = pending.pop()
        names = []
        with os.scandir(directory) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    _enter(pending, listed, prefix + name, entry.path, os.path.join(real, name))
                elif follow_links and (target := _linked_folder(entry, real)):
                    _enter(pending, listed, prefix + name, entry.path, target)
                elif (name.lower() if any_case else name).endswith(suffix):
                    names.append(name)
                    if links is not None and entry.is_symlink():
                        links.add(prefix + name)
        for name, info in zip(names, _stats(directory, names), strict=True):
            if info is not None and S_ISREG(info.st_mode):
                found[prefix + name] = mark(info)
    return found


def _enter(pending: list[tuple[str, str, str]], listed: set[str], name: str, path: str,
           real: str) -> None:
    """Queue a folder to list, unless its real path was listed already (by another link)."""
    if real not in listed:
        listed.add(real)
        pending.append((f"{name}/", path, real))


def _linked_folder(entry: os.DirEntry, listed: str) -> str | None:
    """The real path of a linked folder to enter, or None: not a link to a folder, or one
    leading to the folder being listed (`listed`, real) or to one it lies in, which would
    list the same files again without end."""
    if not entry.is_symlink() or not entry.is_dir():
        return None
    target = os.path.realpath(entry.path)
    if listed == target or listed.startswith(os.path.join(target, "")):
        return None
    return target


def _stats(directory: str, names: list[str]) -> list[os.stat_result | None]:
    """The stat of each name in `directory` (None for one gone since it was listed): by name
    in the open folder where the system allows (no path to walk a file), else by path."""
    if os.stat not in os.supports_dir_fd:
        return _stat_each(os.stat, [os.path.join(directory, name) for name in names])
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return [None] * len(names)
    try:
        return _stat_each(partial(os.stat, dir_fd=fd), names)
    finally:
        os.close(fd)


def _stat_each(stat: Callable[[str], os.stat_result], names: list[str]
               ) -> list[os.stat_result | None]:
    try:
        return list(map(stat, names))
    except OSError:          # a file went away while listing: stat the rest one by one
        return [_stat_or_none(stat, name) for name in names]


def restamp(listing: dict[str, Stamp], folder: Path, written: list[Path]) -> dict[str, Stamp]:
    """`listing` (a `scan` of `folder`) with the stamps of the files written since: a stat
    each, instead of listing the folder again (100,000 stats for the one page a rebuild
    adds). A written file that is gone again is left out."""
    if not written:
        return listing
    listing = dict(listing)
    prefix = os.path.join(folder, "")
    for path in map(str, written):          # content_dir / NAME: no Path.relative_to each
        name = path[len(prefix):] if path.startswith(prefix) else os.path.relpath(path, folder)
        name = name.replace(os.sep, "/")
        info = _stat_or_none(os.stat, path)
        if info is None:
            listing.pop(name, None)
        else:
            listing[name] = stamp_of(info)
    return listing


def names(folder: Path, suffix: str) -> set[str]:
    """The files under `folder` whose name ends with `suffix` (hidden ones skipped), by path
    relative to it, listed without a stat (the folder entries say which are files; a link is
    followed, a linked folder entered as `scan(..., follow_links=True)` does) or a sort:
    content/'s pages, when a rebuild needs their names only."""
    found: set[str] = set()
    pending = [("", str(folder), os.path.realpath(folder))]
    listed = {pending[0][2]}            # real paths: no folder listed twice (links in a loop)
    while pending:
        prefix, directory, real = pending.pop()
        try:
            entries = os.scandir(directory)
        except OSError:
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    _enter(pending, listed, prefix + name, entry.path, os.path.join(real, name))
                elif target := _linked_folder(entry, real):
                    _enter(pending, listed, prefix + name, entry.path, target)
                elif name.endswith(suffix) and entry.is_file():
                    found.add(prefix + name)
    return found


def _stat_or_none(stat: Callable[[str], os.stat_result], path: str) -> os.stat_result | None:
    try:
        return stat(path)
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
