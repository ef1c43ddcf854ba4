"""Relinking after a change: only the reports a changed profile can reach, with the answer a
link of the whole archive gives (link.py keeps what that pass found in the `link_` tables).

How far a change reaches, in the order linking works (events/blocking.py):

1. evidence: a report's evidence with another comes from the starts of windows, each a key
   and the next reports holding it within WINDOW_DAYS (at most BLOCK_LIMIT). A changed report
   changes the windows it is in or starts: they hold the reports within WINDOW_DAYS that
   share a key with it, the nearest BLOCK_LIMIT on each side. Those reports (before and after
   the change) get their evidence worked out again, from the same windows, in the same order;
   an undated report's from the first holders of its keys, when the change is among them;
2. choices: each of them chooses its best partners again; a pair is scored when either one
   chose the other, so only the pairs they chose, before or after, are looked at again;
3. groups: two groups merge only when their pairs average at least the model's `link`, so
   one of their pairs scores that much: a group lies within one part of the archive connected
   by such pairs. The parts that hold a pair that changed are grouped again, alone, with the
   pairs among their reports, in the order the whole archive's grouping takes them.

Reports are named by their report_key (linking order) while linking, by article id in the
tables. The cost grows with how many reports a change reaches, not with the archive.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from site_builder.events import (
    Profile,
    blocking_keys,
    choose,
    pair_score,
    undated_evidence,
)
from site_builder.events.blocking import BLOCK_LIMIT, SCORE_FLOOR, WINDOW_DAYS
from site_builder.events.rarity import Rarity, weigh
from site_builder.events.scores import model
from site_builder.relink_evidence import Kept
from site_builder.relink_groups import Moved, regroup
from site_builder.relink_postings import Entry, Postings, day_of, whole_evidence
from site_builder.store import Store, select_in, unpack


def relink(store: Store) -> Moved:
    """Bring the event ids up to date after the profiles written since the last link (as
    `link_dirty` lists them); the moved ids: article → (event before, event now)."""
    work = _Relink(store)
    dirty = [i for (i,) in store.rows("SELECT id FROM link_dirty ORDER BY id")]
    changed = work.changed(dirty)
    if not changed:
        return {}
    work.update(changed)
    return regroup(store.db, work.seeds, work.model.link)


class _Relink:
    """One relink: what the tables held for the changed reports, and what it reached."""

    def __init__(self, store: Store) -> None:
        self.store, self.db = store, store.db
        self.model = model()
        self.old: dict[int, tuple] = {}             # changed id → its link_reports row before
        self.ids: dict[bytes, int] = {}             # report_key → article id
        self.touched: set[bytes] = set()            # dated reports whose evidence may change
        self.undated: set[bytes] = set()            # undated ones likewise
        self.left: set[str] = set()                 # keys a changed report was a first holder of
        self.seeds: set[int] = set()                # reports whose group may change
        self.new: dict[int, tuple[bytes, list[str]]] = {}   # changed id → its rkey, keys now
        self.changing: set[int] = set()             # the changed reports' ids
        self.profiles: dict[int, Profile] = {}
        self.postings = Postings(self.db, self.ids)
        self.kept = Kept(self.db)                   # the reports' kept evidence
        self.choices: dict[int, list[int]] = {}     # as chosen now (reports read so far)
        self.chose: dict[int, list[int]] = {}       # as chosen before, of the reached ones
        self.words = Rarity({}, float(store.get("link unknown rarity")))

    # -- 0. what changed

    def changed(self, dirty: list[int]) -> list[int]:
        """The dirty reports whose profile is not the one they were linked with."""
        found = []
        for article in dirty:
            old = self.db.execute("SELECT id, digest, rkey, pin, keys, choices FROM "
                                  "link_reports WHERE id = ?", (article,)).fetchone()
            now = self.db.execute("SELECT digest FROM profiles WHERE id = ?",
                                  (article,)).fetchone()
            if (old and old[1]) != (now and now[0]):
                found.append(article)
                if old:
                    self.old[article] = old
        return found

    # -- 1. the reach, and the tables brought up to date

    def update(self, changed: list[int]) -> None:
        """Reach from each changed report as the tables held it, put its new rows in, reach
        from it again, then let the reached reports choose again."""
        self.changing = set(changed)
        for article in changed:
            if article in self.old:
                _, _, rkey, _, keys, _ = self.old[article]
                self.ids[rkey] = article
                self._reach(rkey, _keys(keys))
        for article in changed:
            if article in self.old:
                self._forget(article)
        self.postings.clear()                       # the tables change here
        for article in changed:
            row = self.db.execute("SELECT a.report_key, p.digest FROM articles a JOIN "
                                  "profiles p USING (id) WHERE id = ?", (article,)).fetchone()
            if row is None:
                continue                            # gone
            rkey, digest = row
            p = self.profile(article)
            keys = [] if p.pin is not None else blocking_keys(p)
            self.db.execute("INSERT INTO link_reports VALUES (?, ?, ?, ?, ?, '')",
                            (article, digest, rkey, p.pin, "\n".join(keys)))
            self.db.executemany("INSERT INTO link_keys VALUES (?, ?, ?)",
                                ((key, rkey, article) for key in keys))
            self.ids[rkey] = article
            self.seeds.add(article)
            self.new[article] = (rkey, keys)
        self.postings.clear()
        for rkey, keys in self.new.values():
            self._reach(rkey, keys)
        for key in self.left:       # a first holder left or moved: later holders move up
            self.undated.update(h for h in self.postings.members(key) if day_of(h) is None)
        self._windows_moved()
        self._choose_again(set(changed))

    def _windows_moved(self) -> None:
        """The kept windows of the reports just before where a changed report was and is,
        brought up to date; the reports of the pairs that moved are reached too."""
        for article, (rkey, keys) in self.new.items():
            self.kept.put(article, rkey, keys, self.postings)
        positions = [(rkey, keys) for rkey, keys in self.new.values()]
        positions += [(row[2], _keys(row[4])) for row in self.old.values()]
        self.kept.window_changes(positions, self.changing, self.postings)
        for article in self.kept.changed:
            report = self.kept.rows.get(article)
            if report is not None:
                self.ids[report.rkey] = article
                (self.touched if report.day is not None else self.undated).add(report.rkey)

    def _forget(self, article: int) -> None:
        """A changed report's old rows; its pairs go (those still chosen come back)."""
        for a, b, _ in self.db.execute("SELECT a, b, score FROM link_pairs WHERE a = ? OR b = ?",
                                       (article, article)).fetchall():
            self.seeds |= {a, b}
        self.db.execute("DELETE FROM link_pairs WHERE a = ? OR b = ?", (article, article))
        _, _, rkey, _, keys, _ = self.old[article]    # by key (the index), not by a scan
        self.db.executemany("DELETE FROM link_keys WHERE key = ? AND rkey = ?",
                            ((key, rkey) for key in _keys(keys)))
        self.db.execute("DELETE FROM link_reports WHERE id = ?", (article,))
        self.db.execute("DELETE FROM link_evidence WHERE id = ?", (article,))

    def _reach(self, rkey: bytes, keys: list[str]) -> None:
        """The reports whose evidence a change of this report touches, in the tables' present
        state: the windows it starts and the windows it is in; for an undated report or a key
        an undated one holds, the first holders."""
        day = day_of(rkey)
        if day is None:
            self.undated.add(rkey)
        else:
            self.touched.add(rkey)
        for key in keys:
            self._undated_reach(key, rkey)
            if day is None:
                continue
            before, after = self.postings.around(key, rkey, day)
            entries = [*before, (rkey, day), *after]
            days = [d for _, d in entries]
            me = len(before)
            for n in range(me + 1):                 # the starts whose first holders hold it
                last = bisect_right(days, days[n] + WINDOW_DAYS, n + 1)
                end = min(last, n + 1 + BLOCK_LIMIT)
                if (n == me or me < end) and not self._crowded(entries[n + 1:last], n == me):
                    self.touched.update(r for r, _ in entries[n:end])

    def _crowded(self, holders: list[Entry], own: bool) -> bool:
        """Whether a window gives no evidence before the change and after it, so its holders'
        evidence is not touched (in a dense archive most windows of a common key are so):
        BLOCK_LIMIT holders or more within WINDOW_DAYS that no change moves. `own`: the
        changed report's own window, here, which the report only has in this state."""
        if own:
            return len(holders) >= BLOCK_LIMIT
        steady = sum(1 for r, _ in holders if self.ids[r] not in self.changing)
        return steady >= BLOCK_LIMIT

    def _undated_reach(self, key: str, rkey: bytes) -> None:
        holders = self.postings.members(key)
        if rkey in holders:                         # else the first holders are as they were
            self.undated.update(h for h in holders if day_of(h) is None)
            self.left.add(key)

    # -- 2. choices and pairs

    def _choose_again(self, changed: set[int]) -> None:
        """Every reached report chooses its partners again; the pairs it chose before or
        now are scored again where their being chosen changed, or where one of the two
        changed (every report that chose a changed one, before or now, was reached)."""
        rows = self._reached_rows()
        evidence = self._dated_evidence(rows, changed)
        pairs: set[tuple[int, int]] = set()
        for rkey, (article, keys, before) in rows.items():
            if rkey in evidence:
                found = evidence[rkey]
            else:
                found = undated_evidence(rkey, keys, self.postings.members,
                                         lambda r: day_of(r) is None)
            now = [self.ids[r] for r in choose(found)]
            self.chose[article] = [] if article in changed else _ids(before)
            self.choices[article] = now
            pairs |= {_pair(article, j) for j in (*self.chose[article], *now)}
        self.db.executemany("UPDATE link_reports SET choices = ? WHERE id = ?",
                            ((" ".join(map(str, self.choices[article])), article)
                             for article, _, _ in rows.values()))
        self.kept.save()
        pairs = {pair for pair in pairs if self._moved(pair, changed)}
        self._read_profiles({article for pair in pairs if self._chosen(*pair, self.choices)
                             for article in pair})       # (a pair no longer chosen: none)
        for pair in sorted(pairs):
            self._rescore(pair, changed)

    def _reached_rows(self) -> dict[bytes, tuple[int, list[str], str]]:
        """The reached reports that choose again (not gone, moved or pinned), in linking
        order: report_key → (article id, keys, choices before)."""
        reached = sorted(self.touched | self.undated)
        held: dict[int, tuple] = {}
        wanted = sorted({self.ids[rkey] for rkey in reached})
        for row in select_in(self.db, "SELECT id, rkey, pin, keys, choices FROM link_reports "
                                      "WHERE id IN ({marks})", wanted):
            held[row[0]] = row[1:]
        rows = {}
        for rkey in reached:
            article = self.ids[rkey]
            row = held.get(article)
            if row is None or row[0] != rkey or row[1] is not None:
                continue                            # gone, moved, or a person decides
            rows[rkey] = (article, _keys(row[2]), row[3])
        return rows

    def _dated_evidence(self, rows: dict[bytes, tuple[int, list[str], str]], changed: set[int]
                        ) -> dict[bytes, dict[bytes, float]]:
        """The dated reached reports' evidence: from their kept rows where those can tell
        (relink_evidence.py), else worked out again from all their keys' holders."""
        evidence: dict[bytes, dict[bytes, float]] = {}
        whole: dict[bytes, list[str]] = {}
        self.kept.load(article for article, _, _ in rows.values())
        for rkey, (article, keys, _) in rows.items():
            if day_of(rkey) is None:
                continue
            found = None if article in changed else self.kept.chosen(article, self.changing,
                                                                     self.ids)
            if found is None:
                whole[rkey] = keys
            else:
                evidence[rkey] = found
        for rkey, found in whole_evidence(self.postings, whole).items():
            evidence[rkey] = found
            self.kept.keep(self.ids[rkey], found, self.ids)
        return evidence

    def _moved(self, pair: tuple[int, int], changed: set[int]) -> bool:
        """Whether a pair's score can have changed: its being chosen did, or it is chosen
        and one of the two changed."""
        a, b = pair
        chosen = self._chosen(a, b, self.choices)
        return chosen != self._chosen(a, b, self.chose) or bool(chosen and {a, b} & changed)

    def _rescore(self, pair: tuple[int, int], changed: set[int]) -> None:
        """Score a pair again (`_moved`); its two reports' groups then too."""
        a, b = pair
        chosen = self._chosen(a, b, self.choices)
        held = self.db.execute("SELECT score FROM link_pairs WHERE a = ? AND b = ?",
                               pair).fetchone()
        score = pair_score(self.profile(a), self.profile(b), self.model) if chosen else 0.0
        kept = score >= SCORE_FLOOR
        if (held and (not kept or held[0] != score)) or (kept and not held):
            self.seeds |= {a, b}
        if kept:
            self.db.execute("INSERT OR REPLACE INTO link_pairs VALUES (?, ?, ?)", (a, b, score))
        elif held:
            self.db.execute("DELETE FROM link_pairs WHERE a = ? AND b = ?", pair)

    def _chosen(self, a: int, b: int, choices: dict[int, list[int]]) -> bool:
        """Whether either report chose the other (`choices`: as now, or before, where the
        relink reached them; a report it did not reach chose as it chose before)."""
        for me, other in ((a, b), (b, a)):
            if me not in choices:
                row = self.db.execute("SELECT choices FROM link_reports WHERE id = ?",
                                      (me,)).fetchone()
                self.choices[me] = self.chose[me] = _ids(row[0]) if row else []
            if other in choices[me]:
                return True
        return False

    def profile(self, article: int) -> Profile:
        """A report's profile with its vectors (the words' rarity read from the database)."""
        if article not in self.profiles:
            self._read_profiles([article])
        return self.profiles[article]

    def _read_profiles(self, articles: Iterable[int]) -> None:
        """Reports' profiles, read and weighed together (their words in a few queries)."""
        wanted = sorted(set(articles) - self.profiles.keys())
        read: list[Profile] = []
        for article, slug, seed, data in select_in(
                self.db, "SELECT id, slug, seed, data FROM articles JOIN profiles USING (id) "
                         "WHERE id IN ({marks})", wanted):
            p = unpack(data)
            p.slug = slug
            p.order = (*p.order[:2], tuple((seed or slug).split("/")), slug)
            self.profiles[article] = p
            read.append(p)
        self._read_words({t for p in read for t in p.terms})
        for p in read:
            weigh(p, self.words)

    def _read_words(self, terms: Iterable[str]) -> None:
        wanted = [t for t in terms if t not in self.words]
        self.words.update(select_in(
            self.db, "SELECT word, rarity FROM link_words WHERE word IN ({marks})", wanted))


def _ids(text: str) -> list[int]:
    return [int(x) for x in text.split()]


def _keys(text: str) -> list[str]:
    return text.split("\n") if text else []


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)
