"""The gazetteer's index as an SQLite file beside its pickle, for runs that look up a few names.

Loading the whole index (330,000 places, 480,000 names) takes one to two seconds; a rebuild
after one added article or one edited seed extracted that one seed after such a load, and
named its new places after a second one. Opening this file takes a millisecond and a lookup
some microseconds, so those runs open it instead (`Gazetteer.load(lazy=True)`); extraction of
many seeds loads the whole index, whose lookups are dict lookups. Both give the same entries in
the same order: this file is written from the same rows, names and aliases.

A new site's first build waits for this file, so it is written the cheap way: one table of
places holding their page slugs in both languages (not a table a slug: 650,000 rows fewer),
a name of one place stored as an integer, the indexes made after the rows, and no journal (a
file renamed into place whole). (Sorting the names first, so that each is appended to its
B-tree, costs more than it saves.)
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from site_builder.extract.gazetteer_slugs import assign_all_slugs, name_language
from site_builder.urls import numbered_from
from site_builder.workers import can_fork

SCHEMA = """
CREATE TABLE rows (position INTEGER PRIMARY KEY, id TEXT, kind TEXT, country TEXT, lat REAL,
                   lon REAL, population INTEGER, name_en TEXT, name_id TEXT, admin TEXT,
                   slug_id TEXT, slug_en TEXT);
CREATE TABLE names (key TEXT PRIMARY KEY, positions) WITHOUT ROWID;  -- an integer, or "3,17"
CREATE TABLE preferred (value TEXT);
"""
INDEXES = """
CREATE INDEX rows_id ON rows (id);
CREATE INDEX rows_slug_id ON rows (slug_id);
CREATE INDEX rows_slug_en ON rows (slug_en);
"""
_SLUG_COLUMN = {"id": "slug_id", "en": "slug_en"}     # by name_language


class DbTables:
    """Rows and names read from the file as they are asked for (Gazetteer's tables)."""

    lazy = True

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def positions(self, key: str) -> tuple[int, ...]:
        found = self.db.execute("SELECT positions FROM names WHERE key = ?", (key,)).fetchone()
        if found is None:
            return ()
        if isinstance(found[0], int):
            return (found[0],)
        return tuple(int(p) for p in found[0].split(","))

    def row(self, position: int) -> tuple:
        return self.db.execute("SELECT id, kind, country, lat, lon, population, name_en, "
                               "name_id, admin FROM rows WHERE position = ?",
                               (position,)).fetchone()

    def position_of(self, place_id: str) -> int | None:
        """The last row with this id (as the in-memory tables' id map keeps the last)."""
        return self.db.execute("SELECT MAX(position) FROM rows WHERE id = ?",
                               (place_id,)).fetchone()[0]

    def place_slug(self, place_id: str, language: str) -> str | None:
        """The place's page slug (gazetteer_slugs), None for an id the gazetteer lacks."""
        column = _SLUG_COLUMN[name_language(language)]
        found = self.db.execute(f"SELECT {column} FROM rows WHERE id = ? LIMIT 1",
                                (place_id,)).fetchone()
        return found[0] if found else None

    def slugs_from(self, base: str, language: str) -> set[str]:
        """The place slugs that are `base` or `base-...` (a few, by the index)."""
        low, high = numbered_from(base)
        column = _SLUG_COLUMN[name_language(language)]
        return {slug for (slug,) in self.db.execute(
            f"SELECT {column} FROM rows WHERE {column} >= ? AND {column} < ?", (low, high))}


def open_db(path: Path) -> tuple[DbTables, frozenset[str]]:
    """The tables and aliases of the file at `path`; sqlite3.Error or OSError when it is
    missing or damaged (the caller loads the pickle instead)."""
    if not path.is_file():
        raise FileNotFoundError(path)
    # A URI: the path escaped (a folder named "news #1?%" is a path, not a query), as store.py
    # opens the site's database; unescaped, such a cache's copy never opened and every lazy
    # load wrote it again (13 s a build).
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                         check_same_thread=False)
    preferred = frozenset(v for (v,) in db.execute("SELECT value FROM preferred"))
    return DbTables(db), preferred


def write_db(path: Path, rows: list[tuple], index: dict[str, tuple[int, ...]],
             preferred: frozenset[str], beside: Callable[[], None] | None = None,
             slugs: dict[str, dict[str, str]] | None = None) -> None:
    """Write the file whole, then rename it into place: a reader never sees half of one.
    Failures are harmless (lazy loads then fall back to the pickle). `beside`: other work
    (the pickle), done by a second process once it has given out the slugs (_SlugsElsewhere)
    while this one writes the names; done when this returns (here, if that process failed).
    `slugs` (language → place id → slug): given out already (the shipped index), so there is
    nothing to share: `beside` is done first, then the file written."""
    if slugs is not None:
        if beside is not None:
            beside()
        _write(path, rows, index, preferred, _SlugsGiven(rows, slugs))
        return
    given = _SlugsElsewhere(rows, beside)
    try:
        _write(path, rows, index, preferred, given)
    finally:             # (an interrupted run waits for the child, and does no more)
        done = given.reap()
    if not done and beside is not None:
        beside()


def _write(path: Path, rows: list[tuple], index: dict[str, tuple[int, ...]],
           preferred: frozenset[str], slugs: _SlugsElsewhere | _SlugsGiven) -> None:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{path.stem}.", suffix=".tmp")
        os.close(fd)
        db = sqlite3.connect(tmp)
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        db.executemany("INSERT INTO names VALUES (?,?)",
                       [(key, positions[0] if len(positions) == 1
                         else ",".join(map(str, positions)))
                        for key, positions in index.items()])
        db.executemany("INSERT INTO preferred VALUES (?)", ((v,) for v in preferred))
        by_id, by_en = slugs.result()
        db.executemany("INSERT INTO rows VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                       [(n, *row, by_id[n], by_en[n]) for n, row in enumerate(rows)])
        db.executescript(INDEXES)
        db.commit()
        db.close()
        os.replace(tmp, path)
    except BaseException as err:       # Ctrl-C too: no half-written copy left in the cache
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if not isinstance(err, OSError | sqlite3.Error):
            raise


class _SlugsGiven:
    """Slugs given out already (language → place id → slug), as _SlugsElsewhere's result."""

    def __init__(self, rows: list[tuple], slugs: dict[str, dict[str, str]]) -> None:
        self.rows, self.slugs = rows, slugs

    def result(self) -> tuple[list[str], list[str]]:
        return ([self.slugs["id"][row[0]] for row in self.rows],
                [self.slugs["en"][row[0]] for row in self.rows])


class _SlugsElsewhere:
    """The place slugs of every row, in both languages, given out by a forked process while
    this one writes the names (a second core: a new site's first build waits for this file);
    that process then does `beside`. Where there is no fork (Windows), or the process failed,
    the slugs are given out here (and write_db does `beside`). Nor in a process that already
    runs threads (a Dask worker, `serve`'s watcher): a fork copies only the calling thread, and a
    lock another thread held at that moment (the allocator's, logging's) would never be freed in
    the child."""

    def __init__(self, rows: list[tuple], beside: Callable[[], None] | None) -> None:
        self.rows, self.pid = rows, 0
        self._received: list[bytes] = []
        if not can_fork() or threading.active_count() > 1:
            return
        read_fd, write_fd = os.pipe()
        try:
            self.pid = os.fork()
        except OSError:                           # no room for a second process: all here
            os.close(read_fd)
            os.close(write_fd)
            return
        if self.pid == 0:                         # the child: never returns
            os.close(read_fd)
            _give_slugs(rows, write_fd, beside)
        os.close(write_fd)
        self._reader = threading.Thread(target=self._receive, args=(read_fd,), daemon=True)
        self._reader.start()     # read as it comes: the child goes on to `beside` meanwhile

    def _receive(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as pipe:
            self._received.append(pipe.read())

    def result(self) -> tuple[list[str], list[str]]:
        """Each row's slug in Indonesian and in English (row order)."""
        count = len(self.rows)
        if self.pid:
            self._reader.join()
            slugs = self._received[0].decode().split("\n") if self._received else []
            if len(slugs) == 2 * count:
                return slugs[:count], slugs[count:]
        given = assign_all_slugs(self.rows)
        return ([given["id"][row[0]] for row in self.rows],
                [given["en"][row[0]] for row in self.rows])

    def reap(self) -> bool:
        """Wait for the child; True when it did all its work (`beside` too)."""
        return bool(self.pid) and os.waitpid(self.pid, 0)[1] == 0


def _give_slugs(rows: list[tuple], fd: int, beside: Callable[[], None] | None) -> None:
    """In the forked child: the slugs down the pipe, one a line (slugs hold no newline), all
    rows' Indonesian ones then all their English ones; then `beside`; then exit."""
    code = 1
    try:
        given = assign_all_slugs(rows)
        with os.fdopen(fd, "wb") as pipe:
            pipe.write("\n".join(given[language][row[0]] for language in ("id", "en")
                                 for row in rows).encode())
        if beside is not None:
            beside()
        code = 0
    finally:
        os._exit(code)
