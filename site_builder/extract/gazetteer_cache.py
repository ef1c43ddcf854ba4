"""Writing the gazetteer's index into the cache folder: its pickle (what extraction of many seeds
loads) and its SQLite copy (what a rebuild opens: gazetteer_db).

A new machine's first build should not wait for them (a second of CPU for the pickle, two or
three for the SQLite copy, more than the rest of a small site's build). So `write_later` leaves
the writing to a process of its own, at low priority, while the build goes on with the index it
holds in memory (and its forked workers with that process's copy); the build never waits for
it, and it waits for the build to let go of the index (or to exit), not to compete with it for
the two cores and the disk (it slowed a first build of 66 articles by a third). Until that
process has renamed the files into place, other runs see no index, or only the pickle, and make
or load the index in memory without writing it again (`writer_busy`: the writer holds a lock on
`gazetteer-DIGEST.lock`); a run that finds a copy missing and no writer at work writes it. Each
file is written whole under a temporary name (`gazetteer-DIGEST.*.tmp`) and renamed: a writer
stopped by SIGTERM or SIGHUP removes its own; one killed outright leaves no broken index, and
its temporary files are removed by the next writer once it holds the lock. The writer holds a
copy of the index (about 340 MB) for the few seconds it writes.
"""
from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from site_builder.extract.gazetteer_db import write_db
from site_builder.workers import can_fork

KEEP_INDEXES = 4              # indexes kept in a shared folder (checkouts of other versions)


def write_copies(path: Path, rows: list[tuple], index: dict[str, tuple[int, ...]],
                 preferred: frozenset[str], slugs: dict[str, dict[str, str]] | None) -> None:
    """The pickle at `path` and the SQLite copy beside it, written before this returns (by
    this process, or by a writer at work that holds the lock: waited for).
    `slugs` (language → place id → slug): given out already (the shipped index), else here."""
    with _lock(path, wait=True):
        _write_held(path, rows, index, preferred, slugs)


def _write_held(path: Path, rows: list[tuple], index: dict[str, tuple[int, ...]],
                preferred: frozenset[str], slugs: dict[str, dict[str, str]] | None) -> None:
    """write_copies, the lock held: a killed writer's leftovers removed, then what is missing
    written (another writer may have written both while this one waited)."""
    for leftover in path.parent.glob(f"{path.stem}.*.tmp"):
        leftover.unlink(missing_ok=True)
    if path.is_file() and path.with_suffix(".sqlite").is_file():
        return
    data = (rows, index, preferred)
    write_db(path.with_suffix(".sqlite"), rows, index, preferred,
             beside=lambda: write_atomic(path, data), slugs=slugs)


def write_later(path: Path, rows: list[tuple], index: dict[str, tuple[int, ...]],
                preferred: frozenset[str], slugs: dict[str, dict[str, str]] | None) -> bool:
    """Start a background process that writes both copies (write_copies) once this process
    lets go of the index (`open_gate`: its build returns, release_made) or exits, and return at
    once. True: the copies are in hand (that process's, or another writer's that holds the lock:
    then nothing is written, the caller keeps the index in memory). False where none can be
    started (no fork; a process that runs threads, whose locks a fork could leave held: a Dask
    worker, `serve`'s rebuilds): the caller writes them itself."""
    if not can_fork() or threading.active_count() > 1:
        return False
    started, ready = os.pipe()
    gate, gate_writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (started, ready, gate, gate_writer):
            os.close(fd)
        return False
    if pid == 0:                                  # never returns
        os.close(started)
        os.close(gate_writer)
        _detach_and_write(ready, gate, lambda: _write_held(path, rows, index, preferred, slugs),
                          path)
    os.close(ready)
    os.close(gate)
    os.waitpid(pid, 0)            # the first child leaves at once; its own child writes
    with os.fdopen(started, "rb") as pipe:
        answer = pipe.read(1)        # 1: it holds the lock; 2: another writer does; "": failed
    if answer != b"1":
        os.close(gate_writer)
        return answer == b"2"
    _gates.append(gate_writer)
    return True


_gates: list[int] = []          # pipes whose closing lets a background writer start


def open_gate() -> None:
    """Let the background writers this process started go to work (see write_later)."""
    while _gates:
        os.close(_gates.pop())


def _detach_and_write(ready: int, gate: int, write: Callable[[], None], path: Path) -> None:
    """In the forked child: a grandchild in a session of its own takes the lock, tells `ready`,
    waits for `gate` to close (the build done with the index, or gone: the pipe's other end is
    closed by open_gate or the exit, and by the workers forked meanwhile when they end) and
    writes; the child itself exits at once, so nothing waits for the writer. The lock is taken
    without waiting (another writer at work: `2`, nothing written). The writer keeps none of
    the build's other files open, nor its folder as working directory: its output goes nowhere
    (a caller reading the build's output must not wait for it) and the build's locks (the
    site's folder, output/) are not held past the build. SIGTERM and SIGHUP end it as an
    exception does, its temporary files removed. The collector stays off: an object that owned
    a closed descriptor must not close it again once its number is reused."""
    code = 1
    try:
        gc.disable()
        os.setsid()
        quiet = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(quiet, fd)
        low, high = sorted((ready, gate))
        os.closerange(3, low)
        os.closerange(low + 1, high)
        os.closerange(high + 1, os.sysconf("SC_OPEN_MAX"))
        if os.fork() == 0:
            os.chdir("/")
            os.nice(10)
            for stop in (signal.SIGTERM, signal.SIGHUP):
                signal.signal(stop, _stopped)
            try:
                with _lock(path, wait=False):
                    os.write(ready, b"1")
                    os.close(ready)
                    while os.read(gate, 1):     # (nothing is ever written: till end of file)
                        pass
                    write()
            except BlockingIOError:
                os.write(ready, b"2")
        code = 0
    finally:
        os._exit(code)


def wait_for_writer(path: Path) -> None:
    """Until no writer holds the lock of the index at `path` (its copies written or given up)."""
    with _lock(path, wait=True):
        pass


def _stopped(signum: int, _frame: object) -> None:
    """In the writer: a stop signal unwinds like an exception (temporary files removed)."""
    raise SystemExit(128 + signum)


def writer_busy(path: Path) -> bool:
    """True while a background writer (write_later) writes the copies of the index at `path`."""
    if not can_fork():
        return False
    try:
        with _lock(path, wait=False):
            return False
    except BlockingIOError:
        return True
    except OSError:
        return False


@contextlib.contextmanager
def _lock(path: Path, wait: bool):
    """The writers' lock on the index at `path` (BlockingIOError: held, and not `wait`). Where
    there is none to take (no fcntl: Windows; a cache folder that cannot be written), none."""
    try:
        import fcntl
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        os.close(fd)


def write_atomic(path: Path, data: object) -> None:
    """Write the cache so that a concurrent reader never sees half a file; failures are harmless.
    In a folder that checkouts of other versions share, the KEEP_INDEXES most recently built
    indexes stay (two versions in use must not delete each other's on every run)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{path.stem}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:          # Ctrl-C too: no half-written pickle left in the cache
            Path(tmp).unlink(missing_ok=True)
            raise
        others = sorted((p for p in path.parent.glob("gazetteer-*.pickle") if p != path),
                        key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[KEEP_INDEXES - 1:]:
            old.unlink(missing_ok=True)     # an index of an older version or data set
            old.with_suffix(".sqlite").unlink(missing_ok=True)
            old.with_suffix(".lock").unlink(missing_ok=True)
    except OSError:
        pass
