"""The site model and the build state in one embedded database (SQLite, one file under the
cache folder; no server).

What it holds, so a build streams from it instead of holding the archive in memory:

* `files`: every content page as last read (stamp, content hash, the URL its slug gives, or
  its one-line problem), so a rebuild parses only the pages that changed;
* `articles`: each usable page's metadata (order, date, deaths) and the keys of what its list
  entry and its page show; `article_data` the parsed article itself (pickled, compressed);
  `fragments` its list entry, feed entry and data-export rows, rendered once and reused on
  every page that shows them;
* `memberships` and `terms`: tags, places and sources with their articles in archive order;
  `profiles`: what event linking reads of each article, and `articles.event` its event;
  the `link_` tables what linking found (each report's keys, the partners it chose, the pair
  scores kept), so a change relinks only the reports it reaches (link.py);
* `pages`: every output file with the key of what it shows, the list it belongs to (`owner`)
  and, for an article, its search index shard, so a rebuild renders only the pages whose key
  changed, removes the pages a list no longer has and re-indexes only the shards it touched;
* `meta`: the theme key, the output folder and the stamp written into it, and other values.

The same tables answer "which pages does this edit reach" (see plan/). A database of another
schema or package version, or made for another site language, is deleted and made again (a full
build, never a wrong site).
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from site_builder import __version__
from site_builder.model import Article

SCHEMA_VERSION = "8"    # 5: export rows carry review; 6: event profiles gained fields;
#                         7: place slugs from the gazetteer (place_names.slug);
#                         8: event profiles read the body without "read also" lines

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE files (
    path TEXT PRIMARY KEY,       -- relative to the content folder, '/'-separated
    mtime INTEGER NOT NULL, size INTEGER NOT NULL,
    sha TEXT NOT NULL,           -- of the bytes: a restored cache trusts content, not mtimes
    url TEXT,                    -- the article URL its slug gives; NULL for a bad page
    slug TEXT,                   -- its slug, to name it when another page has its URL
    problem TEXT,                -- one line, when the page is not on the site
    article INTEGER              -- its article, when it is on the site
) WITHOUT ROWID;
CREATE INDEX files_url ON files(url);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL,
    sort_key BLOB NOT NULL,      -- archive order: newest first, undated last, title, slug
    export_key BLOB NOT NULL,    -- data-export order: newest first, then slug
    date TEXT, year INTEGER, month INTEGER,
    deaths INTEGER NOT NULL,     -- reported deaths, counted conservatively
    list_key TEXT NOT NULL,      -- what a list entry, timeline, sitemap or export shows
    page_key TEXT NOT NULL,      -- what its own page shows (front matter and body)
    seed TEXT,                   -- as its front matter says
    report_key BLOB NOT NULL,    -- its place among an event's reports: first report first
    event TEXT                   -- its event's id (events.py); a lone report's is its slug
);
CREATE INDEX articles_order ON articles(sort_key, list_key);
CREATE INDEX articles_event ON articles(event, report_key);
CREATE INDEX articles_export ON articles(export_key);
CREATE INDEX articles_month ON articles(year, month, sort_key, list_key);
CREATE TABLE article_data (      -- apart, so the rows above stay small and quick to scan
    id INTEGER PRIMARY KEY,
    data BLOB NOT NULL           -- the Article, pickled and compressed, its slug left out
);
CREATE TABLE fragments (
    id INTEGER PRIMARY KEY,
    made_with TEXT NOT NULL,     -- the key of the article page they were made with
    entry BLOB NOT NULL, feed_entry BLOB NOT NULL, json_row BLOB NOT NULL, csv_row BLOB NOT NULL
);
CREATE TABLE profiles (         -- what event linking reads of each article (events.Profile)
    id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL,        -- equal digests, equal links
    data BLOB NOT NULL           -- pickled, its slug left out
);
CREATE TABLE memberships (
    kind TEXT NOT NULL,          -- tags | places | sources
    term TEXT NOT NULL,          -- tag or outlet slug; place id
    article INTEGER NOT NULL,
    name TEXT NOT NULL,          -- the term as this article writes it
    PRIMARY KEY (kind, term, article)
) WITHOUT ROWID;
CREATE INDEX memberships_article ON memberships(article);
CREATE TABLE terms (
    kind TEXT NOT NULL, term TEXT NOT NULL,
    slug TEXT NOT NULL,          -- its page: /<kind>/<slug>/
    name TEXT NOT NULL, count INTEGER NOT NULL, deaths INTEGER NOT NULL,
    place BLOB,                  -- for places: the Place of its newest article, pickled
    PRIMARY KEY (kind, term)
) WITHOUT ROWID;
CREATE TABLE place_names (id TEXT NOT NULL, language TEXT NOT NULL, name TEXT,
                          slug TEXT,  -- its page's slug from the gazetteer (gazetteer_slugs)
                          PRIMARY KEY (id, language)) WITHOUT ROWID;
CREATE TABLE pages (
    path TEXT PRIMARY KEY, key TEXT NOT NULL,
    owner TEXT NOT NULL,         -- the list, term or article the page belongs to
    shard INTEGER                -- its search index shard, for the pages the index holds
) WITHOUT ROWID;
CREATE INDEX pages_owner ON pages(owner);
CREATE INDEX pages_shard ON pages(shard) WHERE shard IS NOT NULL;
"""

# What linking found, kept to relink only what a change reaches (link.py), and the events'
# export rows (render.py). Added beside the tables above when missing, so a database made
# before them is kept: its first build links the archive once and fills them.
LINK_SCHEMA = """
CREATE TABLE IF NOT EXISTS event_rows (     -- an event's data/events.json row and .csv line,
    event TEXT PRIMARY KEY,                 -- made with its page (the key it was made for):
    key TEXT NOT NULL,                      -- the exports are assembled from them
    json_row BLOB NOT NULL, csv_row BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS event_keys (     -- every event of two reports or more, its key
    event TEXT PRIMARY KEY, key TEXT NOT NULL   -- (plan/events.py): kept up to date
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS event_names (    -- an event's name as the place pages list it,
    event TEXT PRIMARY KEY, key TEXT NOT NULL,  -- read for the key it was read under
    name TEXT NOT NULL                          -- (plan/events.py)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS event_entries (  -- an event's item on the events list, made
    event TEXT PRIMARY KEY, key TEXT NOT NULL,  -- with its page (the key it was made for)
    entry BLOB NOT NULL                         -- (render_lists.py)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS term_heads (     -- what a term's first screen showed of its
    kind TEXT NOT NULL, term TEXT NOT NULL,     -- members (plan/terms.py): its timeline and
    key TEXT NOT NULL,                          -- entries, kept with the page key they made
    head TEXT NOT NULL,                         -- (JSON)
    PRIMARY KEY (kind, term)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS link_reports (
    id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL,        -- the profile it was linked with
    rkey BLOB NOT NULL,          -- its report_key then: its rank in linking order
    pin TEXT,                    -- front matter `event`, which decides over the linker
    keys TEXT NOT NULL,          -- its blocking keys, one a line
    choices TEXT NOT NULL        -- the partners it chose (article ids, space-separated)
);
DROP TABLE IF EXISTS link_live;             -- (format 4's: link_evidence tells more)
CREATE TABLE IF NOT EXISTS link_evidence (  -- a dated report's evidence (relink_evidence.py):
    id INTEGER PRIMARY KEY,
    windows BLOB NOT NULL,       -- the size of the window it starts under each of its keys
    floor REAL NOT NULL,         -- every partner with at least this evidence is in `top`
    top BLOB NOT NULL            -- those partners (report_key, id, evidence), marshalled
);
CREATE INDEX IF NOT EXISTS link_reports_pin ON link_reports(pin) WHERE pin IS NOT NULL;
CREATE TABLE IF NOT EXISTS link_keys (      -- each key's reports in linking order
    key TEXT NOT NULL, rkey BLOB NOT NULL, id INTEGER NOT NULL,
    PRIMARY KEY (key, rkey)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS link_pairs (     -- scored pairs kept (a < b), both ways indexed
    a INTEGER NOT NULL, b INTEGER NOT NULL, score REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS link_pairs_b ON link_pairs(b, a);
CREATE TABLE IF NOT EXISTS link_words (     -- each word's rarity (events/rarity.py)
    word TEXT PRIMARY KEY, rarity REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS link_dirty (id INTEGER PRIMARY KEY);   -- profiles written since
CREATE TRIGGER IF NOT EXISTS link_profile_added AFTER INSERT ON profiles
    BEGIN INSERT OR IGNORE INTO link_dirty VALUES (NEW.id); END;
CREATE TRIGGER IF NOT EXISTS link_profile_changed AFTER UPDATE ON profiles
    BEGIN INSERT OR IGNORE INTO link_dirty VALUES (OLD.id);
          INSERT OR IGNORE INTO link_dirty VALUES (NEW.id); END;
CREATE TRIGGER IF NOT EXISTS link_profile_removed AFTER DELETE ON profiles
    BEGIN INSERT OR IGNORE INTO link_dirty VALUES (OLD.id); END;
"""

# Indexes made beside the tables when missing (a database made before them is kept).
# articles_deaths: a term's toll summed from this small index, not from the articles' rows
# (an added article's 50 terms at 100,000 articles are 300,000 look-ups: 0.54 s, 0.10 s so).
# articles_members: a term's timeline (its articles by month) and a place's events likewise
# (plan/terms.py, plan/events.py: a third of the cost).
# articles_report_key: linking afresh reads every profile in report_key order (link._link_all);
# without it SQLite sorted all the profiles' blobs in a temporary B-tree, which temp_store =
# MEMORY keeps in memory (26 MB of a 10,000-article link's 177 MB peak; ten times that at
# 100,000).
ADDED_INDEXES = """
CREATE INDEX IF NOT EXISTS articles_deaths ON articles(id, deaths);
CREATE INDEX IF NOT EXISTS articles_members ON articles(id, year, month, deaths, event, date);
CREATE INDEX IF NOT EXISTS articles_report_key ON articles(report_key);
"""


class Store:
    """One open database. Made by `Store.open`; worker processes open their own with
    `Store.reader` (an SQLite connection must not cross a fork)."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.db = db
        self.pid = os.getpid()

    @classmethod
    def open(cls, cache_dir: Path, content_dir: Path, language: str) -> Store:
        """The database of the site whose pages are in `content_dir`, made empty when missing,
        damaged, of another version or made for another site language (places' names and
        slugs are in it). Named after that folder: sites that share a cache folder (and its
        gazetteer) never share a site model."""
        cache_dir.mkdir(parents=True, exist_ok=True)
        path = database_path(cache_dir, content_dir)
        try:
            store = cls(path, _connect(path))
            made_for = (store.get("schema"), store.get("package"), store.get("language"))
            if made_for == (SCHEMA_VERSION, __version__, language):
                store.db.executescript(LINK_SCHEMA + ADDED_INDEXES)
                return store
            store.db.close()
        except sqlite3.DatabaseError:
            pass
        cls.remove(cache_dir, content_dir)
        store = cls(path, _connect(path))
        store.db.executescript(SCHEMA + LINK_SCHEMA + ADDED_INDEXES)
        store.set("schema", SCHEMA_VERSION)
        store.set("package", __version__)
        store.set("language", language)
        store.commit()
        return store

    @classmethod
    def reader(cls, path: Path) -> Store:
        return cls(path, _connect(path, readonly=True))

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    def settle(self) -> None:
        """Move the write-ahead log into the database file, so the folder holds one
        self-contained file between builds (a CI cache saves it as it is)."""
        self.commit()
        with contextlib.suppress(sqlite3.OperationalError):     # a reader still at work
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @staticmethod
    def remove(cache_dir: Path, content_dir: Path) -> None:
        """Delete a site's database (and its log), as if it had never been made."""
        path = database_path(cache_dir, content_dir)
        for leftover in (path, path.with_name(path.name + "-wal"),
                         path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)

    def commit(self) -> None:
        self.db.commit()

    # -- meta

    def get(self, name: str, default: Any = None) -> Any:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        except sqlite3.OperationalError:
            return default          # no meta table: an empty or foreign file
        return default if row is None else row[0]

    def set(self, name: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    # -- queries shared by the loader and the planners

    def rows(self, sql: str, parameters: Iterable[Any] = ()) -> list[tuple]:
        return self.db.execute(sql, tuple(parameters)).fetchall()

    def stream(self, sql: str, parameters: Iterable[Any] = (), size: int = 2000
               ) -> Iterator[tuple]:
        """Rows of a query a batch at a time (a cursor of its own: other statements may run
        between batches)."""
        cursor = self.db.execute(sql, tuple(parameters))
        while batch := cursor.fetchmany(size):
            yield from batch

    def value(self, sql: str, parameters: Iterable[Any] = ()) -> Any:
        row = self.db.execute(sql, tuple(parameters)).fetchone()
        return None if row is None else row[0]

    def article(self, article_id: int) -> Article:
        """One article, unpacked from the database."""
        slug, data = self.db.execute("SELECT slug, data FROM articles JOIN article_data USING "
                                     "(id) WHERE id = ?", (article_id,)).fetchone()
        return unpack_article(data, slug)

    def fragments(self, column: str, ids: list[int]) -> list[bytes]:
        """One fragment column (entry, feed_entry...) of the given articles, in that order."""
        if column not in FRAGMENTS:
            raise ValueError(column)
        found = dict(select_in(self.db, f"SELECT id, {column} FROM fragments "
                                        "WHERE id IN ({marks})", ids))
        return [found[i] for i in ids]


IN_BATCH = 500      # values bound in one `IN (...)`: under SQLite's limit of bound parameters


def select_in(db: sqlite3.Connection, sql: str, values: list) -> Iterator[tuple]:
    """The rows of `sql`, whose one `IN ({marks})` is asked for `values` a batch at a time:
    a query with thousands of values would pass SQLite's limit of bound parameters (999 in
    builds before 3.32), and one query a value would be thousands of round trips."""
    for start in range(0, len(values), IN_BATCH):
        part = values[start:start + IN_BATCH]
        yield from db.execute(sql.format(marks=",".join("?" * len(part))), part)


FRAGMENTS = ("entry", "feed_entry", "json_row", "csv_row")


def database_path(cache_dir: Path, content_dir: Path) -> Path:
    """The database file of the site whose pages are in `content_dir`."""
    name = hashlib.sha256(str(content_dir.resolve()).encode("utf-8", "surrogatepass"))
    return cache_dir / f"site-{name.hexdigest()[:16]}.sqlite"


def _connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        # as_uri() escapes what a URI would read otherwise ('#', '?', '%' in a folder's name)
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                             check_same_thread=False)
    else:
        db = sqlite3.connect(path, check_same_thread=False)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA temp_store = MEMORY")
    db.execute("PRAGMA cache_size = -16000")          # 16 MB a connection
    return db


def pack_article(article: Article) -> bytes:
    """An article for the database: pickled without its slug (the row has it), compressed."""
    slug, article.slug = article.slug, ""
    try:
        return zlib.compress(pickle.dumps(article, pickle.HIGHEST_PROTOCOL), 1)
    finally:
        article.slug = slug


def unpack_article(data: bytes, slug: str) -> Article:
    article = pickle.loads(zlib.decompress(data))
    article.slug = slug
    return article


def pack(value: Any) -> bytes:
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def unpack(data: bytes | None) -> Any:
    return None if data is None else pickle.loads(data)
