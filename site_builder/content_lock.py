"""One extracting run at a time a content folder.

Two runs that extract into one content/ (an `extract` of a new batch while a `build` runs, two
`extract`s) would both load the same state, pick the same free slugs, write over each other's
pages and save a state lacking the other's; a build that listed content/ before another run
wrote there would publish what it listed. So `extract` holds this lock for its run, and a build
for its extract and load.

The lock is a file of its own, `content/.extract-local/lock` (git-ignored with the folder), not
content/ itself: a build already locks its cache folder and its output's parent, and either
may be content/ (`content_dir = "."`, `cache_dir = "content"`); flock is not re-entrant, so
locking the folder again would wait for ever. It is re-entrant within a process (a build takes
it, then extract_seeds inside). Opened for writing, as NFS's flock needs; where the file system
has no locks, a notice and the run goes on unguarded, as before the lock existed. The OS drops
the lock when a run is killed.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from site_builder.extract_state import local_folder

LOCK_FILE = "lock"
_held: dict[str, int] = {}        # content folders this process holds the lock of: depth


@contextmanager
def content_lock(content_dir: Path) -> Iterator[None]:
    """Hold content/'s lock (made with content/.extract-local/ if missing); a run that must
    wait for another says so once."""
    key = os.path.realpath(content_dir)
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    try:
        import fcntl
    except ImportError:             # Windows: no flock; runs are not kept apart there
        yield
        return
    try:
        fd = os.open(local_folder(content_dir) / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:                 # a read-only content/: no run can write there either
        yield
        return
    try:
        _acquire(fd, fcntl, content_dir)
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
    finally:
        os.close(fd)                # closing the descriptor releases the lock


def _acquire(fd: int, fcntl, content_dir: Path) -> None:
    """flock(fd), saying so when another run holds it; a notice where locks are missing."""
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"{content_dir}: another run is extracting here; waiting for it",
                  file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError as err:          # ENOLCK, EOPNOTSUPP: a file system without locks
        print(f"{content_dir}: no file locks here ({err.strerror}); runs on it at once are "
              f"not kept apart", file=sys.stderr)
