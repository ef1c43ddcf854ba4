"""Each dated report's evidence as the last link left it (`link_evidence`), so that a relink
works out again only the sums a change can move (relink.py), not each reached report's
evidence over all of its keys.

Why that is exact. A window that is not crowded (events/blocking.window) holds every holder of
its key within WINDOW_DAYS after its start, so the evidence of two reports a < b (linking
order, b within WINDOW_DAYS of a) is the sum, over their shared keys in sorted order, of
1 / (size + 1) of the window a starts under that key (size 0: none or crowded): what the whole
pass adds, in its order, bit for bit (`pair_sum`). A row keeps, for each of a report's keys,
that size, and every partner whose evidence is at least `floor` (0: all of them; else the
TOP_KEPT best and their ties) with its sum. A change moves the size of a window only under a
key a changed report holds, and only for starts just before it (`window_changes`); so only the
pairs of such a window, and those of a changed report, have other sums. A reached report's
partners are then its kept ones with those pairs' sums put in; when fewer than CANDIDATES
remain above `floor`, its evidence is worked out again from the keys' holders (relink.py).
"""
from __future__ import annotations

import heapq
import marshal
import sqlite3
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from site_builder.events.blocking import BLOCK_LIMIT, CANDIDATES, WINDOW_DAYS
from site_builder.relink_postings import Postings, day_of
from site_builder.store import select_in

TOP_KEPT = 16                   # partners kept a report (and their ties): CANDIDATES and room
Entry = tuple[bytes, int, float]   # a kept partner: its report_key, article id, evidence


@dataclass
class Report:
    """A report as a relink reads it: report_key, keys (in link_reports' order), the sizes of
    the windows it starts under them, and its kept partners (sizes None: no row kept)."""

    rkey: bytes
    keys: list[str]
    sizes: bytearray | None = None
    floor: float = 0.0
    top: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.day = day_of(self.rkey)
        self.held = set(self.keys)
        self.at = {key: n for n, key in enumerate(self.keys)}
        self.weights: list[tuple[str, float]] | None = None

    def given(self) -> list[tuple[str, float]]:
        """The weight of each window it starts that holds others, by key in sorted order."""
        if self.weights is None:
            sizes = self.sizes or b""
            self.weights = [(key, 1.0 / (sizes[n] + 1)) for key, n in sorted(self.at.items())
                            if sizes[n]]
        return self.weights

    def resize(self, key: str, size: int) -> None:
        """Its window under a key holds `size` others now."""
        assert self.sizes is not None
        self.sizes[self.at[key]] = size
        self.weights = None


def pair_sum(a: Report, b: Report) -> float:
    """Two reports' evidence, summed as the whole pass sums it (see the module's docstring)."""
    if b.rkey < a.rkey:
        a, b = b, a
    if a.day is None or b.day is None or b.day > a.day + WINDOW_DAYS or a.sizes is None:
        return 0.0
    total = 0.0
    held = b.held
    for key, weight in a.given():
        if key in held:
            total = total + weight
    return total


def ranked(found: dict[bytes, float], ids: dict[bytes, int], floor: float = 0.0
           ) -> tuple[float, list[Entry]]:
    """The partners to keep of an evidence map, best first (ties: the earlier), and the floor
    they are complete down to: all of them (floor 0) or the TOP_KEPT best and their ties."""
    floor = kept_floor(found.values(), floor)
    entries = sorted(((r, ids[r], w) for r, w in found.items() if w >= floor),
                     key=lambda e: (-e[2], e[0]))
    return floor, entries


def kept_floor(sums: Collection[float], floor: float = 0.0) -> float:
    """The least evidence a kept partner has: the TOP_KEPT-th best's (ties kept too), or
    `floor` when there are not more than TOP_KEPT."""
    if len(sums) > TOP_KEPT:
        floor = max(floor, heapq.nlargest(TOP_KEPT, sums)[-1])
    return floor


def window_size(rkeys: list[bytes], days: list[int], n: int) -> tuple[int, int]:
    """The size of the window holder n starts (0 when crowded or empty), and where the
    holders within WINDOW_DAYS after it end (its members when it is not crowded)."""
    last = bisect_right(days, days[n] + WINDOW_DAYS, n + 1)
    size = min(last, n + 1 + BLOCK_LIMIT) - n - 1
    return (0 if size >= BLOCK_LIMIT else size), last


class Kept:
    """The kept evidence rows one relink reads and writes back."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.rows: dict[int, Report | None] = {}
        self.written: set[int] = set()
        self.changed: dict[int, set[int]] = {}      # report → partners whose sums may move
        self.sums: dict[tuple[int, int], float] = {}    # those sums, worked out once a pair

    def load(self, ids: Iterable[int]) -> None:
        """Read the reports not read yet (None: gone)."""
        wanted = sorted({i for i in ids if i not in self.rows})
        for i in wanted:
            self.rows[i] = None
        for i, rkey, keys, windows, floor, top in select_in(
                self.db, "SELECT r.id, r.rkey, r.keys, e.windows, e.floor, e.top "
                         "FROM link_reports r LEFT JOIN link_evidence e USING (id) "
                         "WHERE r.id IN ({marks})", wanted):
            report = Report(rkey, keys.split("\n") if keys else [])
            if windows is not None:
                report.sizes, report.floor = bytearray(windows), floor
                report.top = marshal.loads(top)
            self.rows[i] = report

    def put(self, article: int, rkey: bytes, keys: list[str], postings: Postings) -> None:
        """A changed report as it is now, its windows' sizes from the keys' holders."""
        report = self.rows[article] = Report(rkey, keys)
        if report.day is not None:
            report.sizes = self.own_sizes(report, postings)

    def own_sizes(self, report: Report, postings: Postings) -> bytearray:
        sizes = bytearray(len(report.keys))
        for n, key in enumerate(report.keys):
            rkeys, days = postings.span(key, report.day)
            sizes[n] = window_size(rkeys, days, bisect_left(rkeys, report.rkey))[0]
        return sizes

    def window_changes(self, positions: list[tuple[bytes, list[str]]], changing: set[int],
                       postings: Postings) -> None:
        """Bring up to date the windows that a changed report (`positions`: where each was
        and is, with its keys then) leaves or enters, and note their pairs as changed: only
        starts before it within WINDOW_DAYS with fewer than BLOCK_LIMIT steady holders in
        between (past those, the window is the same before and after)."""
        for rkey, keys in positions:
            day = day_of(rkey)
            if day is None:
                continue
            for key in keys:
                rkeys, days = postings.span(key, day)
                starts = _starts(rkeys, days, bisect_left(rkeys, rkey), day,
                                 lambda r: postings.ids[r] not in changing)
                self.load(postings.ids[rkeys[n]] for n in starts)
                for n in starts:
                    self._compare(key, rkeys, days, n, postings.ids)

    def _compare(self, key: str, rkeys: list[bytes], days: list[int], n: int,
                 ids: dict[bytes, int]) -> None:
        start = ids[rkeys[n]]
        report = self.rows[start]
        if report is None:
            return
        size, last = window_size(rkeys, days, n)
        if report.sizes is not None:                # (none kept: its partners will see it)
            at = report.at[key]
            if report.sizes[at] == size:
                return
            report.resize(key, size)
            self.written.add(start)
        for member in rkeys[n + 1:last]:
            other = ids[member]
            self.changed.setdefault(start, set()).add(other)
            self.changed.setdefault(other, set()).add(start)

    def chosen(self, article: int, changing: set[int], ids: dict[bytes, int]
               ) -> dict[bytes, float] | None:
        """A reached report's best partners' evidence from its kept row, the changed pairs'
        sums put in; None when the row cannot tell (none kept, or too few partners left above
        its floor): then its evidence is worked out again whole (`keep`)."""
        report = self.rows.get(article)
        if report is None or report.sizes is None:
            return None
        moved = self.changed.get(article, set()) | changing
        self.load(moved)
        entries = [e for e in report.top if e[1] not in moved]
        for other in moved - {article}:
            partner = self.rows[other]
            if partner is not None and partner.day is not None and partner.sizes is None:
                return None                         # no row kept: its windows unknown here
            weight = self._sum(article, other, report, partner)
            if weight > 0 and weight >= report.floor:
                entries.append((partner.rkey, other, weight))
        if len(entries) < CANDIDATES and report.floor > 0:
            return None
        found = {r: w for r, _, w in entries}
        ids.update((r, i) for r, i, _ in entries)
        report.floor, report.top = ranked(found, ids, report.floor)
        self.written.add(article)
        return found

    def _sum(self, article: int, other: int, report: Report, partner: Report | None) -> float:
        """Once a pair: both of its reports are reached, and the sum is one."""
        if partner is None:
            return 0.0
        pair = (article, other) if article < other else (other, article)
        if pair not in self.sums:
            self.sums[pair] = pair_sum(report, partner)
        return self.sums[pair]

    def keep(self, article: int, found: dict[bytes, float], ids: dict[bytes, int]) -> None:
        """A report's evidence worked out whole: its kept partners from it."""
        report = self.rows.get(article)
        if report is not None and report.sizes is not None:
            report.floor, report.top = ranked(found, ids)
            self.written.add(article)

    def save(self) -> None:
        """Write back the rows this relink changed."""
        self.db.executemany(
            "INSERT OR REPLACE INTO link_evidence VALUES (?, ?, ?, ?)",
            ((i, bytes(r.sizes), r.floor, marshal.dumps(r.top))
             for i in sorted(self.written) if (r := self.rows[i]) is not None and
             r.sizes is not None))


def _starts(rkeys: list[bytes], days: list[int], at: int, day: int,
            steady: Callable[[bytes], bool]) -> list[int]:
    """The holders before position `at` (a changed report's, of `day`) whose window can hold
    it: within WINDOW_DAYS, up to BLOCK_LIMIT steady ones (those no change moves)."""
    found: list[int] = []
    n = at - 1
    while n >= 0 and days[n] >= day - WINDOW_DAYS and len(found) < BLOCK_LIMIT:
        if steady(rkeys[n]):
            found.append(n)
        n -= 1
    return found
