"""Which search shard an indexed page is in: given once, when the page is first planned, and
kept for good.

The search index is split into shards of about `[search] shard_size` articles, each its own
Pagefind run (search.py), and a rebuild re-indexes the shard of every indexed page it rewrote.
A page's shard used to be a hash of its path, so the pages one new article rewrites (its own,
its event's, the other reports of that event and the events they left or joined: all recent)
fell in as many shards as there were pages: 5 to 7 of the 15 shards of a 10,000-article
archive, 30 to 50 s of Pagefind in the background at load 6-9, against issue 22's "search
index under 5 s". Shards now hold runs of the archive in date order: articles fill shard after
shard, oldest first; an event's page goes in the shard of its newest report. A new article
goes to the last shard, where the recent reports its incident links it to already are, so an
added article re-indexes one shard or two.

A page keeps its shard while it exists (nothing is reshuffled as the archive grows: a new
shard opens when the last one is full; removed pages leave a shard lighter until a full build
packs them again), so an edit never moves a page between bundles. At most `MAX_SHARDS`
shards: past that, a new article goes to the one that holds fewest.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from site_builder import urls

if TYPE_CHECKING:
    from site_builder.plan import Page
    from site_builder.store import Store

MAX_SHARDS = 256
PENDING = -1          # an indexed page planned for the first time: its shard given in `assign`


def assign(store: Store, pages: list[Page], size: int) -> None:
    """Give each of `pages` (new indexed pages, their rows' shard PENDING) its shard."""
    if not pages:
        return
    articles = [p for p in pages if p.maker == "article"]
    others = [p for p in pages if p.maker != "article"]
    last = _LastShard(store, size)
    given: dict[str, int] = {}
    for page in _oldest_first(store, articles):
        given[page.path] = last.take()
    for page in others:
        newest = _newest_report_page(store, page) if page.maker == "event" else None
        shard = given.get(newest) if newest else None
        if shard is None and newest:
            shard = store.value("SELECT shard FROM pages WHERE path = ? AND shard >= 0",
                                (newest,))
        given[page.path] = last.current() if shard is None else shard
    store.db.executemany("UPDATE pages SET shard = ? WHERE path = ?",
                         [(shard, path) for path, shard in given.items()])


def of(store: Store, paths: Iterable[str]) -> set[int]:
    """The shards the pages at `paths` are in."""
    from site_builder.plan import chunked  # plan imports this module
    found: set[int] = set()
    for part in chunked(sorted(paths), 500):
        found.update(shard for (shard,) in store.rows(
            f"SELECT DISTINCT shard FROM pages WHERE path IN ({','.join('?' * len(part))}) "
            "AND shard >= 0", part))
    return found


class _LastShard:
    """The shard new articles go to: the last one until it holds `size` articles, then a new
    one; once there are MAX_SHARDS, the one that holds fewest (a full build packs them
    evenly again, each holding more)."""

    def __init__(self, store: Store, size: int) -> None:
        self.store = store
        articles = store.value("SELECT COUNT(*) FROM articles") or 0
        self.size = max(1, size, math.ceil(articles / MAX_SHARDS))
        last = store.value("SELECT MAX(shard) FROM pages WHERE shard >= 0")
        self.shard = 0 if last is None else last
        self.held = 0 if last is None else self._count(last)
        self.counts: dict[int, int] | None = None     # every shard's, once at the cap

    def current(self) -> int:
        return self.shard

    def take(self) -> int:
        if self.held >= self.size:
            if self.shard < MAX_SHARDS - 1:
                self.shard, self.held = self.shard + 1, 0
            else:
                return self._lightest()
        self.held += 1
        return self.shard

    def _lightest(self) -> int:
        if self.counts is None:
            self.counts = {shard: self._count(shard) for shard in range(MAX_SHARDS)}
            self.counts[self.shard] = self.held
        shard = min(self.counts, key=lambda s: (self.counts[s], s))
        self.counts[shard] += 1
        return shard

    def _count(self, shard: int) -> int:
        return self.store.value(
            "SELECT COUNT(*) FROM pages WHERE shard = ? AND path LIKE 'articles/%'", (shard,))


def _oldest_first(store: Store, pages: list[Page]) -> Iterable[Page]:
    """Article pages in archive order, oldest first; undated articles, last in archive
    order, go first: into the oldest shard."""
    wanted = {page.args[0]: page for page in pages}
    if len(wanted) > 500:           # a full build: one pass over the index
        rows = store.rows("SELECT id FROM articles ORDER BY sort_key DESC")
    else:
        marks = ",".join("?" * len(wanted))
        rows = store.rows(f"SELECT id FROM articles WHERE id IN ({marks}) "
                          "ORDER BY sort_key DESC", tuple(wanted))
    for (article,) in rows:
        if article in wanted:
            yield wanted.pop(article)
    yield from wanted.values()       # not in the index (cannot happen): last


def _newest_report_page(store: Store, page: Page) -> str | None:
    """The page of an event's newest report, where the event's page goes."""
    url = store.value("SELECT url FROM articles WHERE event = ? ORDER BY sort_key LIMIT 1",
                      (page.args[0],))
    return urls.output_path(url) if url else None
