"""The gazetteer's index as an SQLite file beside its pickle, for runs that look up a few names.

Loading the whole index (330,000 places, 480,000 names) takes one to two seconds; a rebuild
after one added article or one edited seed extracted that one seed after such a load, and
named its new places after a second one. Opening this file takes a millisecond and a lookup
some microseconds, so those runs open it instead (`Gazetteer.load(lazy=True)`); extraction of
many seeds loads the whole index, whose lookups are dict lookups. Both give the same entries in
the same order: this file is written from the same rows, names and aliases.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from site_builder.extract.gazetteer_slugs import SLUG_LANGUAGES, assign_slugs, name_language
from site_builder.urls import numbered_from

SCHEMA = """
CREATE TABLE rows (position INTEGER PRIMARY KEY, id TEXT, kind TEXT, country TEXT, lat REAL,
                   lon REAL, population INTEGER, name_en TEXT, name_id TEXT, admin TEXT);
CREATE TABLE names (key TEXT PRIMARY KEY, positions TEXT) WITHOUT ROWID;
CREATE TABLE preferred (value TEXT);
CREATE TABLE slugs (language TEXT, id TEXT, slug TEXT, PRIMARY KEY (language, id)) WITHOUT ROWID;
"""


class DbTables:
    """Rows and names read from the file as they are asked for (Gazetteer's tables)."""

    lazy = True

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def positions(self, key: str) -> tuple[int, ...]:
        found = self.db.execute("SELECT positions FROM names WHERE key = ?", (key,)).fetchone()
        return tuple(int(p) for p in found[0].split(",")) if found else ()

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
        found = self.db.execute("SELECT slug FROM slugs WHERE language = ? AND id = ?",
                                (name_language(language), place_id)).fetchone()
        return found[0] if found else None

    def slugs_from(self, base: str, language: str) -> set[str]:
        """The place slugs that are `base` or `base-...` (a few, by the index)."""
        low, high = numbered_from(base)
        return {slug for (slug,) in self.db.execute(
            "SELECT slug FROM slugs WHERE language = ? AND slug >= ? AND slug < ?",
            (name_language(language), low, high))}


def open_db(path: Path) -> tuple[DbTables, frozenset[str]]:
    """The tables and aliases of the file at `path`; sqlite3.Error or OSError when it is
    missing or damaged (the caller loads the pickle instead)."""
    if not path.is_file():
        raise FileNotFoundError(path)
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    preferred = frozenset(v for (v,) in db.execute("SELECT value FROM preferred"))
    return DbTables(db), preferred


def write_db(path: Path, rows: list[tuple], index: dict[str, tuple[int, ...]],
             preferred: frozenset[str]) -> None:
    """Write the file whole, then rename it into place: a reader never sees half of one.
    Failures are harmless (lazy loads then fall back to the pickle)."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(fd)
        db = sqlite3.connect(tmp)
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        db.executemany("INSERT INTO rows VALUES (?,?,?,?,?,?,?,?,?,?)",
                       ((n, *row) for n, row in enumerate(rows)))
        db.executemany("INSERT INTO names VALUES (?,?)",
                       ((key, ",".join(map(str, positions))) for key, positions in index.items()))
        db.executemany("INSERT INTO preferred VALUES (?)", ((v,) for v in preferred))
        for language in SLUG_LANGUAGES:
            db.executemany("INSERT INTO slugs VALUES (?,?,?)",
                           ((language, *item) for item in assign_slugs(rows, language).items()))
        db.execute("CREATE INDEX rows_id ON rows (id)")
        db.execute("CREATE INDEX slugs_slug ON slugs (language, slug)")
        db.commit()
        db.close()
        os.replace(tmp, path)
    except (OSError, sqlite3.Error):
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
