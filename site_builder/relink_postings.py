"""Each blocking key's holders, read from the `link_` tables a stretch of days at a time, and
the evidence a key's windows give one report: what relink.py works with (see there).

A report_key (site.Record.report_key) sorts dated reports by day, so a key's holders over some
days are one range of the link_keys index (key, rkey)."""
from __future__ import annotations

import sqlite3
from bisect import bisect_left, bisect_right

from site_builder.events.blocking import BLOCK_LIMIT, UNDATED_LIMIT, WINDOW_DAYS

Entry = tuple[bytes, int]                 # a dated report: its report_key, its day
SPAN_DAYS = 3 * WINDOW_DAYS               # a key's holders read this far each side at once


def day_key(day: int) -> bytes:
    """The report_key prefix of a day: dated keys sort by day (site.Record.report_key)."""
    return b"\0" + day.to_bytes(4, "big")


def day_of(rkey: bytes) -> int | None:
    """The day number a report key starts with; None for an undated report's key."""
    return int.from_bytes(rkey[1:5], "big") if rkey[:1] == b"\0" else None


def add_windows(found: dict[bytes, float], rkey: bytes, rkeys: list[bytes], days: list[int],
                ends: dict[int, int]) -> bool:
    """One key's evidence for one report (`rkeys`, `days`: the key's holders around it):
    the window it starts, and those of the earlier holders it is in; whether it gave any.
    `ends`: each start's window end, kept for the other reports of the same holders."""
    gave = False
    at = bisect_left(rkeys, rkey)                   # the report itself: it holds the key
    day = days[at]
    for n in range(bisect_left(days, day - WINDOW_DAYS, max(0, at - BLOCK_LIMIT), at), at + 1):
        end = ends.get(n)
        if end is None:
            end = ends[n] = bisect_right(days, days[n] + WINDOW_DAYS, n + 1,
                                         min(len(days), n + 1 + BLOCK_LIMIT))
        if end - n - 1 >= BLOCK_LIMIT or end <= at:
            continue                                # crowded, or ends before the report
        weight = 1.0 / (end - n)
        for j in (rkeys[at + 1:end] if n == at else (rkeys[n],)):
            found[j] = found.get(j, 0.0) + weight
            gave = True
    return gave


class Postings:
    """Each key's holders in linking order (link_keys), read a stretch of days at a time:
    the reports a relink reaches share keys and days, so one read serves many of them."""

    def __init__(self, db: sqlite3.Connection, ids: dict[bytes, int]) -> None:
        self.db, self.ids = db, ids
        self.spans: dict[str, tuple[int, int, list[bytes], list[int]]] = {}
        self.first: dict[str, list[bytes]] = {}

    def clear(self) -> None:
        """Forget what was read: the holders change when the archive does."""
        self.spans.clear()
        self.first.clear()

    def around(self, key: str, rkey: bytes, day: int) -> tuple[list[Entry], list[Entry]]:
        """The dated holders of a key just before a report and just after it, within
        WINDOW_DAYS, BLOCK_LIMIT each side: every window the report is in starts among
        those before, and ends within those after."""
        rkeys, days = self.span(key, day)
        at = bisect_left(rkeys, rkey)
        past = at + 1 if at < len(rkeys) and rkeys[at] == rkey else at
        start = bisect_left(days, day - WINDOW_DAYS, max(0, at - BLOCK_LIMIT), at)
        end = bisect_right(days, day + WINDOW_DAYS, past, min(len(rkeys), past + BLOCK_LIMIT))
        return (list(zip(rkeys[start:at], days[start:at], strict=True)),
                list(zip(rkeys[past:end], days[past:end], strict=True)))

    def span(self, key: str, day: int) -> tuple[list[bytes], list[int]]:
        """The key's dated holders (report_keys, days) over at least WINDOW_DAYS each side of
        a day."""
        low, high = day - WINDOW_DAYS, day + WINDOW_DAYS
        held = self.spans.get(key)
        if held is None or held[0] > low or held[1] < high:
            if held and held[0] - SPAN_DAYS <= high and low <= held[1] + SPAN_DAYS:
                low, high = min(low, held[0]), max(high, held[1])   # widened
            low, high = low - SPAN_DAYS, high + SPAN_DAYS       # (else another stretch)
            rows = self.db.execute("SELECT rkey, id FROM link_keys WHERE key = ? AND rkey >= ?"
                                   " AND rkey < ? ORDER BY rkey",
                                   (key, day_key(low), day_key(high + 1))).fetchall()
            held = self._hold(key, low, high, rows)
        return held[2], held[3]

    def prefetch(self, holders: dict[str, list[bytes]]) -> None:
        """Many keys' holders, each key over the days of its reports given (WINDOW_DAYS each
        side), read in a few queries rather than one a key (the reports one relink reaches
        lie within a few days of each other and share keys)."""
        wanted = []
        for key, reports in sorted(holders.items()):
            days = [day_of(rkey) or 0 for rkey in reports]
            low, high = min(days) - WINDOW_DAYS, max(days) + WINDOW_DAYS
            held = self.spans.get(key)
            if high - low <= 2 * SPAN_DAYS and not (held and held[0] <= low and high <= held[1]):
                wanted.append((key, low, high))     # (days far apart: a span each)
        for start in range(0, len(wanted), 300):
            part = wanted[start:start + 300]
            found: dict[str, list[tuple[bytes, int]]] = {key: [] for key, _, _ in part}
            for name, rkey, article in self.db.execute(
                    "WITH want(key, low, high) AS (VALUES "
                    f"{','.join(['(?, ?, ?)'] * len(part))}) SELECT w.key, k.rkey, k.id "
                    "FROM want w JOIN link_keys k ON k.key = w.key AND k.rkey >= w.low AND "
                    "k.rkey < w.high ORDER BY w.key, k.rkey",
                    [v for key, low, high in part
                     for v in (key, day_key(low), day_key(high + 1))]):
                found[name].append((rkey, article))
            for key, low, high in part:
                self._hold(key, low, high, found[key])

    def _hold(self, key: str, low: int, high: int, rows: list[tuple[bytes, int]]
              ) -> tuple[int, int, list[bytes], list[int]]:
        """A key's dated holders from `low` to `high` (days), kept (rows: report_key, id)."""
        self.ids.update(rows)
        rkeys = [r for r, _ in rows]
        held = self.spans[key] = (low, high, rkeys,
                                  [int.from_bytes(r[1:5], "big") for r in rkeys])
        return held

    def members(self, key: str) -> list[bytes]:
        """The first UNDATED_LIMIT + 1 holders of a key, in linking order."""
        if key not in self.first:
            rows = self.db.execute("SELECT rkey, id FROM link_keys WHERE key = ? ORDER BY "
                                   "rkey LIMIT ?", (key, UNDATED_LIMIT + 1)).fetchall()
            self.ids.update(rows)
            self.first[key] = [r for r, _ in rows]
        return self.first[key]


def whole_evidence(postings: Postings, reports: dict[bytes, list[str]]
                   ) -> dict[bytes, dict[bytes, float]]:
    """Dated reports' evidence worked out whole (report_key → its keys), as the whole pass
    sums it (blocking.window): for each key, the window a report starts and the windows of
    earlier reports it is in. A window is the next holders within WINDOW_DAYS, none when
    BLOCK_LIMIT or more. The reports share most of their keys and days, so each key's
    windows are worked out once for all of them; keys are taken in sorted order, so each
    report's sums are added in the order the whole pass adds them (bit for bit)."""
    holders: dict[str, list[bytes]] = {}
    for rkey, keys in reports.items():
        for key in keys:
            holders.setdefault(key, []).append(rkey)
    postings.prefetch(holders)
    found: dict[bytes, dict[bytes, float]] = {rkey: {} for rkey in reports}
    for key in sorted(holders):
        ends: dict[int, int] = {}
        read: list[bytes] | None = None
        for rkey in holders[key]:
            rkeys, days = postings.span(key, day_of(rkey) or 0)
            if rkeys is not read:                   # read again, wider: other ranks
                ends, read = {}, rkeys
            add_windows(found[rkey], rkey, rkeys, days, ends)
    return found
