"""content/ → the site model in the database: read what changed, and say what it reaches.

A rebuild stats every page (one system call each), reads only the pages whose stamp moved,
and parses only those whose bytes changed (a restored cache or a fresh checkout moves every
stamp but changes no byte). Pages are parsed on all cores when there are many. Pages that
extraction wrote in this build arrive already parsed (`Loader.take`): they are not read again.

Each change is applied to the database and noted in `Changes`: which article pages, lists,
terms, months and feeds it reaches. The planners (plan/) plan only those.

Two pages whose slugs make one URL ("A b" and "a-b"): the first in path order has the page,
the other is reported and left out, and gets the page if the first one goes.
"""
from __future__ import annotations

import hashlib
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.content import ContentError, parse_page_bytes
from site_builder.files import Stamp, scan, stamp
from site_builder.load_terms import TermRefresh
from site_builder.site import Record, record_of
from site_builder.store import Store
from site_builder.workers import parallel_map

Progress = Callable[[int, int], None]
Term = tuple[str, str]                  # (kind, term)


@dataclass
class Changes:
    """What the changes to content/ reach, for the planners."""

    everything: bool = False             # plan every page (first build, new theme...)
    articles: set[int] = field(default_factory=set)   # article pages to plan again
    events: set[str] = field(default_factory=set)     # events whose reports changed
    gone: set[str] = field(default_factory=set)       # owners whose pages all go
    lists: bool = False                  # a list entry was added, removed or changed
    terms: set[Term] = field(default_factory=set)     # terms whose list changed
    feeds: set[Term] = field(default_factory=set)     # terms an edited article is in
    months: set[tuple[int, int]] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)      # term kinds whose index page changed
    sitemap: bool = False                # an address was added or removed, or a date moved
    # Places whose name or map point (their newest report's) moved: their events' keys.
    renamed: set[str] = field(default_factory=set)
    # The archive-order keys (articles.sort_key) of every article a list gained, lost or
    # shows otherwise, before and after: a list's pages older than all of them are kept
    # (plan/lists.py), so an added article costs a list its last pages, not all of them.
    sort_keys: set[bytes] = field(default_factory=set)
    parsed: int = 0                      # pages read and parsed

    @property
    def none(self) -> bool:
        return not (self.everything or self.articles or self.gone or self.lists or
                    self.terms or self.feeds or self.months or self.kinds or self.sitemap or
                    self.events)


@dataclass
class _Old:
    """An article row as it was before a change."""

    id: int
    url: str
    sort_key: bytes
    list_key: str
    page_key: str
    year: int | None
    month: int | None
    date: str | None
    event: str | None
    profile: str
    terms: set[Term]


KEEP_MADE_INDEX_UP_TO = 1000     # articles (see release_made_index)


class Loader:
    """Applies content pages to the database, noting in `changes` what they reach."""

    def __init__(self, store: Store, content_dir: Path, language: str,
                 cache_dir: Path | None = None) -> None:
        self.store = store
        self.content = content_dir
        self.language = language
        self.cache_dir = cache_dir
        self.changes = Changes()
        self._urls: set[str] = set()            # URLs whose page may have to change hands
        self._digest = int(store.get("content") or "0", 16)
        self._profiles = int(store.get("profiles") or "0", 16)
        self._listing: dict[str, Stamp] | None = None

    # -- reading

    def take(self, page: Path, text: str, record: Record) -> None:
        """A page extraction has just written, with its record: no need to read it again."""
        relative = page.relative_to(self.content).as_posix()
        data = text.encode("utf-8")
        self._apply(relative, stamp(page), hashlib.sha256(data).hexdigest(), record)

    def load(self, progress: Progress | None = None,
             found: dict[str, Stamp] | None = None) -> None:
        """Read the pages whose stamp moved; forget the pages that are gone. `found`: the
        content folder's listing, if the caller has just made it."""
        found = scan(self.content, ".md", follow_links=True) if found is None else found
        last = self.store.get("content listing")
        if last is None:
            known = {path: (mtime, size, sha) for path, mtime, size, sha in
                     self.store.stream("SELECT path, mtime, size, sha FROM files")}
            candidates = found.keys()
        else:                           # the last build's listing: only what differs is looked up
            listed = pickle.loads(last)
            if listed == found:
                return                  # nothing moved since the last build: nothing to keep
            candidates = {p for p, mark in found.items() if listed.get(p) != mark}
            known = self._files([*candidates, *(listed.keys() - found.keys())])
        self._listing = found           # kept for the next build (megabytes at 100,000 pages)
        for path in sorted(known.keys() - found.keys(), key=_order):
            self._forget(path)
        moved = sorted((path for path in candidates
                        if known.get(path, (None, None))[:2] != found[path]), key=_order)
        jobs = [(self.content, path, known[path][2] if path in known else "")
                for path in moved]
        results = zip(moved, parallel_map(_read, jobs), strict=True)
        for done, (path, result) in enumerate(results, 1):
            self._result(path, result)
            if progress:
                progress(done, len(moved))

    def _files(self, paths: list[str]) -> dict[str, tuple[int, int, str]]:
        """(mtime, size, sha) of these pages, as the database has them."""
        known: dict[str, tuple[int, int, str]] = {}
        for start in range(0, len(paths), 500):
            part = paths[start:start + 500]
            known.update((path, (mtime, size, sha)) for path, mtime, size, sha in self.store.rows(
                f"SELECT path, mtime, size, sha FROM files WHERE path IN "
                f"({','.join('?' * len(part))})", part))
        return known

    def load_only(self, paths: list[str]) -> None:
        """Look at these pages only (the caller knows nothing else changed)."""
        known = dict(self.store.rows(
            f"SELECT path, sha FROM files WHERE path IN ({','.join('?' * len(paths))})",
            paths)) if paths else {}
        for path in sorted(set(paths), key=_order):
            if not (self.content / path).is_file():
                if path in known:
                    self._forget(path)
                continue
            self._result(path, _read((self.content, path, known.get(path, ""))))

    def _result(self, path: str, result: tuple) -> None:
        outcome, mark, sha, value = result
        if outcome == "same":
            self.store.db.execute("UPDATE files SET mtime = ?, size = ? WHERE path = ?",
                                  (*mark, path))
            return
        self.changes.parsed += 1
        if outcome == "problem":
            self._problem(path, mark, sha, value)
        else:
            self._apply(path, mark, sha, value)

    # -- applying

    def _apply(self, path: str, mark: Stamp, sha: str, record: Record) -> None:
        db = self.store.db
        url = record.url
        old = self._old(path)
        holder = db.execute("SELECT path FROM articles WHERE url = ?", (url,)).fetchone()
        if holder and holder[0] != path:
            if _order(holder[0]) < _order(path):        # the page is the other one's
                if old:
                    self._remove(old)
                self._file(path, mark, sha, url, record.slug, None, None)
                self._urls.add(url)
                return
            self._demote(holder[0])
        if old:
            self._remove_memberships(old.id)
            db.execute("UPDATE articles SET url = ?, slug = ?, sort_key = ?, export_key = ?,"
                       " date = ?, year = ?, month = ?, deaths = ?, list_key = ?,"
                       " page_key = ?, seed = ?, report_key = ? WHERE id = ?",
                       (*_columns(record), old.id))
            article = old.id
            self._profile_digest(old.profile)
        else:
            article = db.execute(
                "INSERT INTO articles (path, url, slug, sort_key, export_key, date, year,"
                " month, deaths, list_key, page_key, seed, report_key) VALUES "
                "(?,?,?,?,?,?,?,?,?,?,?,?,?)", (path, *_columns(record))).lastrowid
        db.execute("INSERT OR REPLACE INTO article_data VALUES (?, ?)", (article, record.data))
        db.execute("INSERT OR REPLACE INTO profiles VALUES (?, ?, ?)",
                   (article, record.profile_digest, record.profile))
        self._profile_digest(record.profile_digest)
        db.executemany("INSERT INTO memberships VALUES (?, ?, ?, ?)",
                       [(m.kind, m.term, article, m.name) for m in record.memberships])
        self._file(path, mark, sha, url, record.slug, None, article)
        self._note(old, record, article)

    def _note(self, old: _Old | None, record: Record, article: int) -> None:
        """What a new or changed article reaches."""
        changes = self.changes
        terms = {(m.kind, m.term) for m in record.memberships}
        month = (record.date.year, record.date.month) if record.date else None
        if old is None:
            changes.articles.add(article)
            changes.sort_keys.add(record.sort_key)
            changes.lists = changes.sitemap = True
            changes.terms |= terms
            changes.feeds |= terms
            changes.months |= {month} - {None}
            return
        if old.url != record.url:
            self._urls.add(old.url)
            changes.gone.add(old.url)
            changes.sitemap = True
        if old.page_key != record.page_key or old.url != record.url:
            changes.articles.add(article)
            changes.feeds |= terms | old.terms
        if (old.list_key, old.profile) != (record.list_key, record.profile_digest):
            changes.events.add(old.event or "")    # what its event's pages show of it
        if old.list_key != record.list_key or old.url != record.url:
            changes.sort_keys |= {old.sort_key, record.sort_key}
            changes.lists = True
            changes.terms |= terms | old.terms
            changes.months |= {month, (old.year, old.month) if old.year else None} - {None}
            changes.sitemap |= old.date != (record.date.isoformat() if record.date else None)

    def _problem(self, path: str, mark: Stamp, sha: str, problem: str) -> None:
        old = self._old(path)
        if old:
            self._remove(old)
        self._file(path, mark, sha, None, None, problem, None)

    def _forget(self, path: str) -> None:
        old = self._old(path)
        if old:
            self._remove(old)
        db = self.store.db
        sha = db.execute("SELECT sha FROM files WHERE path = ?", (path,)).fetchone()
        if sha:
            self._toggle(path, sha[0])
        db.execute("DELETE FROM files WHERE path = ?", (path,))

    def _demote(self, path: str) -> None:
        """A page that loses its URL to one earlier in path order (the message is written when
        the URLs are settled)."""
        old = self._old(path)
        if old:
            self._remove(old)

    def _remove(self, old: _Old) -> None:
        db = self.store.db
        self._remove_memberships(old.id)
        self._profile_digest(old.profile)
        for table in ("articles", "article_data", "fragments", "profiles"):
            db.execute(f"DELETE FROM {table} WHERE id = ?", (old.id,))
        db.execute("UPDATE files SET article = NULL WHERE article = ?", (old.id,))
        changes = self.changes
        changes.gone.add(old.url)
        changes.sort_keys.add(old.sort_key)
        changes.lists = changes.sitemap = True
        changes.events.add(old.event or "")
        changes.terms |= old.terms
        changes.feeds |= old.terms
        if old.year:
            changes.months.add((old.year, old.month))
        self._urls.add(old.url)

    def _remove_memberships(self, article: int) -> None:
        self.store.db.execute("DELETE FROM memberships WHERE article = ?", (article,))

    def _old(self, path: str) -> _Old | None:
        row = self.store.db.execute(
            "SELECT id, url, sort_key, list_key, page_key, year, month, date, event, digest FROM "
            "articles JOIN profiles USING (id) WHERE path = ?", (path,)).fetchone()
        if row is None:
            return None
        terms = set(self.store.db.execute("SELECT kind, term FROM memberships WHERE article = ?",
                                          (row[0],)).fetchall())
        return _Old(*row, terms=terms)

    def _file(self, path: str, mark: Stamp, sha: str, url: str | None, slug: str | None,
              problem: str | None, article: int | None) -> None:
        db = self.store.db
        old = db.execute("SELECT sha FROM files WHERE path = ?", (path,)).fetchone()
        if old:
            self._toggle(path, old[0])
        self._toggle(path, sha)
        db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?)",
                   (path, *mark, sha, url, slug, problem, article))

    def _profile_digest(self, digest: str) -> None:
        """Every article's profile, as one hash kept up to date an article at a time (XOR):
        when it is what the event ids were made from, linking need not run (see link.py)."""
        self._profiles ^= int(digest, 16)

    def _toggle(self, path: str, sha: str) -> None:
        """The content digest: a hash of every page's path and bytes, kept up to date a page
        at a time (XOR), so a build's stamp names its inputs without reading them all."""
        entry = hashlib.sha256(f"{path}\0{sha}".encode("utf-8", "surrogatepass")).digest()
        self._digest ^= int.from_bytes(entry[:16], "big")

    # -- settling

    def finish(self) -> Changes:
        """Settle who has each contested URL, bring the terms up to date; the changes."""
        self._settle()
        TermRefresh(self.store, self.language, self.cache_dir, self.changes).run()
        if self.store.value("SELECT COUNT(*) FROM articles") > KEEP_MADE_INDEX_UP_TO:
            release_made_index()
        self.store.set("content", f"{self._digest:032x}")
        self.store.set("profiles", f"{self._profiles:032x}")
        if self._listing is not None:
            self.store.set("content listing", pickle.dumps(self._listing, 5))
        return self.changes

    @property
    def digest(self) -> str:
        """What content/ holds, as a hash (see `_toggle`)."""
        return f"{self._digest:032x}"

    def _settle(self) -> None:
        """Each URL to the first page in path order that claims it; the others reported. A
        page that gets a URL back is read again (its record was not kept)."""
        db = self.store.db
        while self._urls:
            urls, self._urls = sorted(self._urls), set()
            for url in urls:
                claims = sorted(db.execute("SELECT path, article, slug FROM files WHERE url = ?",
                                           (url,)).fetchall(), key=lambda r: _order(r[0]))
                if not claims:
                    continue
                first = claims[0][0]
                for path, article, slug in claims[1:]:
                    if article is not None:
                        self._demote(path)
                    db.execute("UPDATE files SET problem = ? WHERE path = ?",
                               (f"{self.content / path}: slug {slug!r} gives the page {url}, "
                                f"which {self.content / first} already has; page left out",
                                path))
                if claims[0][1] is None:
                    self._result(first, _read((self.content, first, "")))

    # -- reporting

    def problems(self) -> list[str]:
        """Every page not on the site, one line each, in path order."""
        rows = self.store.rows("SELECT path, problem FROM files WHERE problem IS NOT NULL")
        return [problem for _, problem in sorted(rows, key=lambda r: _order(r[0]))]


def _read(job: tuple[Path, str, str]) -> tuple[str, Stamp | None, str, object]:
    """('same', stamp, sha, None) when the bytes are what the database has, else
    ('record', stamp, sha, Record) or ('problem', stamp, sha, one-line problem). The stamp is
    taken before reading, so a page edited while it was read is read again next time."""
    folder, path, known_sha = job
    page = folder / path
    try:
        mark = stamp(page)
        data = page.read_bytes()
    except OSError as err:
        return "problem", (0, -1), "", f"{page}: cannot read ({err.strerror})"
    sha = hashlib.sha256(data).hexdigest()
    if sha == known_sha:
        return "same", mark, sha, None
    try:
        return "record", mark, sha, record_of(parse_page_bytes(data, page))
    except ContentError as err:
        return "problem", mark, sha, str(err)


def _columns(record: Record) -> tuple:
    day = record.date
    return (record.url, record.slug, record.sort_key, record.export_key,
            day.isoformat() if day else None, day.year if day else None,
            day.month if day else None, record.deaths, record.list_key, record.page_key,
            record.seed, record.report_key)


def _order(path: str) -> tuple[str, ...]:
    """Path order, as content.find_pages sorts pages (by their parts)."""
    return tuple(path.split("/"))


def release_made_index() -> None:
    """Let go of the gazetteer's index a new machine's first build made (gazetteer_cache)
    before render workers fork: hundreds of MB they would come to copy. A small archive's
    build keeps it: the exit frees it for nothing, here it costs 0.3-0.7 CPU s. (Looked up,
    not imported: a build that extracted nothing need not import the extract package.)"""
    gazetteer = sys.modules.get("site_builder.extract.gazetteer")
    if gazetteer is not None:
        gazetteer.release_made()
