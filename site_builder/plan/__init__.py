"""Which output files a build writes: one planner per page kind, each reading the database.

A planner yields `Owned` groups: every page one list, term or article has now, each with a key
(a hash of everything the page shows) and the job that makes it. Planning compares them with
the keys the database recorded for that owner: a page whose key is unchanged is kept, a page
the owner no longer has is removed. A planner plans only the owners a change reached
(`Changes`, from load.py), or every owner when the whole site is made again.

    articles.py   /articles/<slug>/ (and each article's fragments: list entry, feed entry,
                  export rows)
    home.py       /, /page/N/
    terms.py      /tags/, /places/, /sources/ and each term's pages and feed
    archive.py    /archive/, /archive/<yyyy>/, /archive/<yyyy>/<mm>/
    events.py     /events/ and /events/<id>/
    site_files.py /feed.xml, /sitemap.xml, /data/articles.json|csv, /search/, /404.html,
                  /.nojekyll, /static/
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from site_builder.config import Config
from site_builder.load import Changes
from site_builder.plan import shards
from site_builder.plan.shards import PENDING
from site_builder.site import hash_parts
from site_builder.store import Store

INDEXED_PREFIX = "articles/"            # the pages the search index holds (and events')


@dataclass(frozen=True)
class Page:
    """One output file: where it goes, the key of what it shows, how to make it."""

    path: str
    key: str
    maker: str                 # a Renderer._make_<maker>
    args: tuple = ()

    @property
    def job(self) -> tuple:
        return (self.path, self.maker, self.args)


@dataclass
class Owned:
    """Every page of one owner (a list, a term, an article...) as it is now. `renew`: make
    them even where the key did not change (an article whose fragments are stale). `keep`:
    pages of the owner not planned, kept as recorded (a list's older pages: plan/lists.py)."""

    owner: str
    pages: list[Page] = field(default_factory=list)
    renew: bool = False
    keep: set[str] = field(default_factory=set)


@dataclass
class Context:
    """What planners read: the database, the config and what changed."""

    store: Store
    config: Config
    theme: str                  # theme.theme_key: in every page's key
    changes: Changes
    memo: dict[str, Any] = field(default_factory=dict)   # what several planners read, once

    def key(self, *parts: str) -> str:
        return hash_parts(self.theme, *parts)

    @property
    def everything(self) -> bool:
        return self.changes.everything


Planner = Callable[[Context], Iterator[Owned]]


def planners() -> list[Planner]:
    """Every planner, articles first (their jobs make the fragments the lists show), then
    events (their pages' jobs make the rows the events' data files show): see publish.py."""
    from site_builder.plan import archive, articles, events, home, site_files, terms
    return [articles.plan, events.plan, home.plan, terms.plan, archive.plan, site_files.plan]


@dataclass
class Outcome:
    """What a plan asks of the output: the pages to make, the paths to remove."""

    pages: int = 0                 # pages the site has after the build
    made: int = 0
    in_place: bool = False         # moved into the live output one by one
    removed: list[str] = field(default_factory=list)
    shards: set[int] = field(default_factory=set)       # search shards of the indexed pages
                                                        # a rebuild made or removed


class Planning:
    """Runs the planners against the recorded keys. Call `changed_pages` (jobs to make, as a
    stream in planner order), then `finish` to record the keys and learn what to remove."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.db = context.store.db
        self.outcome = Outcome()
        self._claimed: set[str] = set()
        self._gone: set[str] = set()
        self._unsharded: list[Page] = []      # indexed pages new to the site: no shard yet
        self._left: dict[str, int] = {}       # the shards of the pages owners no longer have
        self._indexed: set[str] = set()       # indexed pages made (a rebuild's)

    def changed_pages(self) -> Iterator[Page]:
        everything = self.context.everything
        if everything:
            self.db.execute("DELETE FROM pages")
        for planner in planners():
            for owned in planner(self.context):
                yield from (self._all(owned) if everything else self._changed(owned))

    def _rows(self, owner: str, pages: list[Page], shards: dict[str, int]) -> list[tuple]:
        """The pages' rows: an indexed page keeps its shard (`shards`: the stored ones) or, new,
        waits for one (plan/shards.py, given in `finish`)."""
        rows = []
        for page in pages:
            shard = shards.get(page.path)
            if shard is None and is_indexed(page.path):
                shard = PENDING
                self._unsharded.append(page)
            rows.append((page.path, page.key, owner, shard))
        return rows

    def _all(self, owned: Owned) -> Iterable[Page]:
        self.db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)",
                            self._rows(owned.owner, owned.pages, {}))
        self.outcome.made += len(owned.pages)
        return owned.pages

    def _changed(self, owned: Owned) -> list[Page]:
        """The owner's pages whose key changed; its rows brought up to date (only those that
        moved: a long list's kept pages are not written again)."""
        stored = {path: (key, shard) for path, key, shard in self.db.execute(
            "SELECT path, key, shard FROM pages WHERE owner = ?", (owned.owner,)).fetchall()}
        now = {p.path for p in owned.pages} | owned.keep
        self._claimed |= now
        # Not a path claimed earlier in this build: an article whose file was renamed (its
        # URL kept) is planned, then its old record's URL is planned empty, same owner.
        gone = stored.keys() - self._claimed
        self._gone |= gone
        self._left.update((path, stored[path][1]) for path in gone
                          if stored[path][1] is not None)
        changed = [p for p in owned.pages
                   if owned.renew or stored.get(p.path, ("",))[0] != p.key]
        self.db.executemany("DELETE FROM pages WHERE path = ? AND owner = ?",
                            ((path, owned.owner) for path in sorted(gone)))
        self.db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)",
                            self._rows(owned.owner, changed, {path: shard for path, (_, shard)
                                                 in stored.items() if shard is not None}))
        self.outcome.made += len(changed)
        self._indexed.update(p.path for p in changed if is_indexed(p.path))
        return changed

    def finish(self) -> Outcome:
        removed = sorted(self._gone - self._claimed)
        self.outcome.removed = removed
        shards.assign(self.context.store, self._unsharded, self.context.config.search.shard_size)
        if not self.context.everything:
            self.outcome.shards = shards.of(self.context.store, self._indexed - set(removed)) | {
                self._left[path] for path in removed if path in self._left}
        self.outcome.pages = self.context.store.value("SELECT COUNT(*) FROM pages")
        return self.outcome


def is_indexed(path: str) -> bool:
    """The pages the search index holds: the articles and the events (not the lists)."""
    return path.startswith(INDEXED_PREFIX) or \
        (path.startswith("events/") and path.count("/") == 2)


def chunked(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
