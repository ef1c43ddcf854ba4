"""Atomic output: a build never leaves a half-written site.

Two ways in, both under one lock per output folder (`output_lock`): a whole site is written
into a staging folder and swapped in when complete (`staging_folder`); an edit's few changed
files are written beside the site and moved in one atomic rename each, under a journal that the
next run finishes if this one is killed (`OutputUpdate`). A build that fails before either
step leaves the previous `output/` untouched; the next run clears the leftovers. Every path is
checked to stay inside the output folder, whatever an article's slug says.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

MARKER = ".site-builder"      # marks a folder this tool made, so it may be replaced


class OutputError(ValueError):
    """An output path that is unsafe to write or replace; str() is `path: problem`."""


def safe_relative_path(relative: str) -> PurePosixPath:
    """A relative output path, refused if it is absolute or climbs out with '..'."""
    path = PurePosixPath(relative)
    if path.is_absolute() or not path.parts or any(p in ("..", "") for p in path.parts) \
            or "\\" in relative or "\0" in relative:
        raise OutputError(f"{relative}: unsafe output path")
    return path


def write_files(files: Iterable[tuple[str, bytes]], directory: Path) -> int:
    """Write (relative path, bytes) pairs under `directory`; return how many were written."""
    count = 0
    made: set[Path] = set()
    for relative, data in files:
        target = directory.joinpath(*safe_relative_path(relative).parts)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        write_named(target, data)
        count += 1
    return count


def write_named(target: Path, data: bytes) -> None:
    """Write a file; an OSError names it (a full disk fails at close, with no file name)."""
    try:
        target.write_bytes(data)
    except OSError as err:
        raise named(err, target) from None


def named(err: OSError, path: Path) -> OSError:
    """`err`, with `path` as its file name where it had none."""
    if err.filename is not None:
        return err
    return type(err)(err.errno, err.strerror or str(err), str(path))


def link_tree(source: Path, target: Path, leave_out: set[str]) -> None:
    """A copy of the folder `source` at `target` made of hard links (a copy where links
    cannot be made), but the relative paths in `leave_out`: an edit too large to apply in
    place is staged on a copy of the live site that costs no rendering.

    A folder is made only for a file linked into it (the renderer makes those of the files it
    writes): the folder of a page the edit removed (an event gone to a lone report, a deleted
    article) is then not copied on empty, as a full build would not make it either."""
    for folder, _, names in os.walk(source):
        relative = os.path.relpath(folder, source)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        into = target / prefix if prefix else target
        kept = [name for name in names if prefix + name not in leave_out]
        if kept:
            into.mkdir(parents=True, exist_ok=True)
        for name in kept:
            link_or_copy(os.path.join(folder, name), str(into / name))


def link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def check_replaceable(output: Path, protected: list[Path]) -> None:
    """Refuse to replace a folder that holds the site's sources or was not made by this tool."""
    resolved = output.resolve()
    for keep in protected:
        keep = keep.resolve()
        if resolved == keep or resolved in keep.parents:
            raise OutputError(f"{output}: output folder would replace {keep}; choose another")
    if resolved.exists() and not resolved.is_dir():
        raise OutputError(f"{output}: exists and is not a folder")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / MARKER).exists():
        raise OutputError(f"{output}: exists, is not empty and was not made by site-builder; "
                          "refusing to replace it")


@contextmanager
def output_lock(output: Path) -> Iterator[Path]:
    """Hold the build lock of `output` (yielded resolved), after undoing what a killed build
    left beside it. Everything that reads or replaces the output runs under it."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(output.parent):
        _recover(output)
        yield output


@contextmanager
def staging_folder(output: Path) -> Iterator[Path]:
    """An empty folder beside `output` to write a whole site into; swapped in on success.
    The caller holds `output_lock`."""
    if output.exists():
        check_writable(output)     # else the swap would replace a folder its owner made read-only
    staging = output.with_name(f".{output.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
        write_named(staging / MARKER, b"made by site-builder; replaced whole by each build\n")
        _swap(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def staged_name(relative: str) -> str:
    """The name under which an update's file waits in its folder: one flat folder, so the
    update makes and removes no folder tree of its own (on a busy disk a folder made and
    removed cost 2-4 ms: a third of a rebuild that rewrote 100 pages)."""
    return hashlib.sha1(relative.encode("utf-8", "surrogatepass")).hexdigest()


class OutputUpdate:
    """An in-place update of a built site: the files an edit changed, rendered into a folder
    beside `output` (each under its `staged_name`), then moved in one by one (each move
    atomic), and the pages it removed.

    A journal written before the first move lists every move and removal; a build killed while
    applying is rolled forward by the next run (`_recover`), so the site never stays half
    updated. Rendering happens before anything in `output` is touched: a failing template
    leaves the site as it was. The caller holds `output_lock`."""

    def __init__(self, output: Path, stamp: str) -> None:
        self.output = output
        self.stamp = stamp            # the output's record of its inputs: void while updating
        self.folder = output.with_name(f".{output.name}.update-{os.getpid()}")
        self.journal = output.with_name(f".{output.name}.journal")
        self.written: list[str] = []
        self.removed: list[str] = []
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir()

    def wrote(self, relatives: Iterable[str]) -> None:
        """Files written into `folder` by the caller (the renderer, each under its
        `staged_name`), to move in, in order."""
        for relative in relatives:           # as written: its staged name is made from it
            safe_relative_path(relative)
            self.written.append(relative)

    def write(self, relative: str, data: bytes) -> None:
        """One more file; files are moved in the order written (write the stamp last)."""
        safe_relative_path(relative)
        write_named(self.folder / staged_name(relative), data)
        self.written.append(relative)

    def remove(self, relatives: Iterable[str]) -> None:
        self.removed += [str(safe_relative_path(r)) for r in relatives]

    def apply(self) -> None:
        """Journal, then move and remove; a crash from here on is finished by `_recover`.
        Moving needs no space and no new folders (they are made first), so once the journal
        is written only a killed process stops the update, and the next run finishes it."""
        self._prepare_folders()
        tmp = self.journal.with_name(self.journal.name + ".tmp")
        tmp.write_text(json.dumps({"folder": self.folder.name, "stamp": self.stamp,
                                   "flat": True, "written": self.written,
                                   "removed": self.removed}), encoding="utf-8")
        os.replace(tmp, self.journal)
        _roll_forward(self.output, self.journal)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _prepare_folders(self) -> None:
        """Make the folders the moves need and check that every one of them can be written
        (a read-only or full file system fails here, before anything is moved); on failure,
        remove the folders made. Paths as strings: a long list's 900 pages, each in its own
        folder, cost no Path objects."""
        made: list[Path] = []
        root = str(self.output)
        folders = {os.path.dirname(os.path.join(root, *safe_relative_path(r).parts))
                   for r in [*self.written, *self.removed]}
        try:
            for name in sorted(folders, key=lambda f: f.count(os.sep)):
                if not os.path.isdir(name):
                    folder = Path(name)
                    missing = [folder, *(p for p in folder.parents if not p.exists())]
                    folder.mkdir(parents=True, exist_ok=True)
                    made += reversed(missing)
                check_writable(name)
        except OSError:
            for folder in reversed(made):
                with contextlib.suppress(OSError):
                    folder.rmdir()
            raise


def check_writable(folder: Path | str) -> None:
    """Raise the OSError a write into `folder` would meet (read-only file system, no
    permission), before anything is written."""
    if not os.access(folder, os.W_OK):
        code = errno.EROFS if _read_only(folder) else errno.EACCES
        raise OSError(code, os.strerror(code), str(folder))


def _read_only(folder: Path | str) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _roll_forward(output: Path, journal: Path) -> None:
    """Finish the update a journal describes (again, if part of it was done): idempotent."""
    plan = json.loads(journal.read_text(encoding="utf-8"))
    folder = output.with_name(plan["folder"])
    with contextlib.suppress(FileNotFoundError):
        output.joinpath(*safe_relative_path(plan["stamp"]).parts).unlink()
    flat = plan.get("flat", False)         # a journal written before files were staged flat
    staged, root = str(folder), str(output)
    for relative in plan["written"]:
        parts = safe_relative_path(relative).parts
        _move(os.path.join(staged, staged_name(relative)) if flat
              else os.path.join(staged, *parts), os.path.join(root, *parts))
    for relative in plan["removed"]:
        target = output.joinpath(*safe_relative_path(relative).parts)
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        _remove_empty_parents(target.parent, output)
    journal.unlink()
    shutil.rmtree(folder, ignore_errors=True)


def _move(source: str, target: str) -> None:
    """Move a staged file into place; its folder made if missing (apply made them: a journal
    finished by the next run may find them gone); a file moved already (an update killed
    halfway, finished again) is passed over. One rename a file in the usual case."""
    try:
        os.replace(source, target)
    except FileNotFoundError:
        if not os.path.exists(source):
            return
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(source, target)


def _remove_empty_parents(folder: Path, output: Path) -> None:
    while folder != output and output in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return                    # not empty (or gone): the folders above are not either
        folder = folder.parent


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on `folder` for the time of one build; the OS drops it if the build
    is killed. No-op where flock is missing (Windows)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)          # closing the descriptor releases the lock


def _swap(staging: Path, output: Path) -> None:
    """Put the staged site in place of `output`. Where the OS can exchange two folders in one
    step (Linux), `output` never stops existing: a web server reading it during a rebuild
    serves the old site or the new one, never a 404. Elsewhere, two renames."""
    if output.exists() and _exchange(staging, output):
        return                # `staging` now holds the previous site; the caller removes it
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    if output.exists():
        os.rename(output, old)
    os.rename(staging, output)
    shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False          # a C library without renameat2 (glibc < 2.28, musl < 1.2.?)
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False          # a file system that cannot exchange: fall back to two renames
    raise OSError(code, os.strerror(code), str(second))


def _recover(output: Path) -> None:
    """Undo what a killed build left beside `output`: finish an update its journal describes,
    restore a moved-away output, drop stale staging and update folders and what was made
    beside them (the search indexer's mirror folders, named after the staging folder). Runs
    under the build lock, so none of them is in use."""
    journal = output.with_name(f".{output.name}.journal")
    if journal.exists() and output.is_dir():
        try:
            _roll_forward(output, journal)
        except (OSError, ValueError, KeyError, TypeError, OutputError):
            journal.unlink()          # unreadable: the update never started moving files
    staging, old = f".{output.name}.staging-", f".{output.name}.old-"
    update = f".{output.name}.update-"
    for leftover in sorted(output.parent.iterdir()):
        name = leftover.name
        if name.startswith(old) and not output.exists():
            os.rename(leftover, output)
        elif name.startswith((staging, old, "." + staging, update)):
            shutil.rmtree(leftover, ignore_errors=True)
        elif name == journal.name + ".tmp":
            leftover.unlink()
