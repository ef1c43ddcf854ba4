"""Linking the archive: which pairs of reports are scored (blocking), in one pass that holds a
few days of reports at a time, then groups made of the scored pairs (grouping.py).

It scales with the archive, never comparing all pairs: candidate pairs share a specific place
or one of their rarest words (a key) AND fall within WINDOW_DAYS of each other; a key shared by
more than BLOCK_LIMIT articles of one window is no evidence and makes no pairs (and is not
walked further: the work per report is bounded however dense the archive), and each article
keeps only its CANDIDATES best partners.

What a report's partners are depends only on the reports near it: its keys are its own (its
words weighed by their rarity in the language, rarity.py), its evidence comes from the
reports within WINDOW_DAYS that share a key (`window`, `choose`), an undated report's from the
first few holders of its keys (`undated_evidence`). link.py keeps what this pass found in the
database and, after a change, works the same functions out again for the reports it reaches.
"""
from __future__ import annotations

import heapq
import math
import sys
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from site_builder.events.grouping import assign_ids, average_linkage
from site_builder.events.profiles import PLACE_WEIGHT, Profile, lean, profile
from site_builder.events.rarity import Rarity, weigh, word_table
from site_builder.events.scores import Model, model, pair_score
from site_builder.model import Article

WINDOW_DAYS = 4                # reports of one incident are dated at most this far apart
BLOCK_LIMIT = 20               # a key shared by more articles in one window makes no pairs
CANDIDATES = 8                 # an article is scored against at most this many others
UNDATED_LIMIT = 60             # an undated article is compared with at most this many others
TOP_TERMS = 8                  # an article's rarest words used to find candidates
SCORE_FLOOR = 0.02             # a pair less likely than this is not kept (it counts 0)

R = TypeVar("R", bound=Hashable)        # a report: its rank, or its key in the database


@dataclass
class Linked:
    """What linking found, by rank: each report's event id, and (when asked for) the
    partners each chose and the scores kept, which a build keeps to relink locally."""

    ids: list[str]
    choices: dict[int, list[int]] = field(default_factory=dict)
    scores: dict[tuple[int, int], float] = field(default_factory=dict)


# Told, as each dated report chooses its partners: its rank, its windows (for each of its keys
# in order, how many reports the window it starts holds: 0 when none or crowded) and its
# evidence (partner rank → sum), which a build keeps to relink without reading them again.
OnEvidence = Callable[[int, bytes, dict[int, float]], None]


def link_events(articles: Sequence[Article] | None, profiles: list[Profile] | None = None,
                fitted: Model | None = None) -> list[str]:
    """The event id of each article, in the order given. Deterministic: the same articles in
    any order give the same ids (they are linked in one canonical order). `profiles`: the
    articles' profiles, when the caller has them; `fitted`: a model other than the shipped one."""
    profiles = profiles if profiles is not None else [profile(a) for a in articles or ()]
    order = sorted(range(len(profiles)), key=lambda i: profiles[i].order)
    ranked = [profiles[i] for i in order]
    ids = link_ranked(ranked, undated_of(ranked), fitted).ids
    result = [""] * len(profiles)
    for rank, i in enumerate(order):
        result[i] = ids[rank]
    return result


def undated_of(profiles: Iterable[Profile]) -> list[Profile]:
    """The undated reports linking pairs (not those a person put in an event)."""
    return [p for p in profiles if p.day is None and p.pin is None]


def link_ranked(profiles: Iterable[Profile], undated: list[Profile],
                fitted: Model | None = None, rarity: Rarity | None = None,
                on_keys: Callable[[int, list[str]], None] | None = None,
                on_evidence: OnEvidence | None = None,
                on_choices: Callable[[int, list[int]], None] | None = None) -> Linked:
    """The event ids of profiles given in linking order (by `Profile.order`: dated ones by
    date, then undated), in one pass; `undated`: the undated ones among them, given first
    (their keys decide what is kept for them). What is held is a few days of reports,
    however large the archive. `on_keys`: told each free report's keys (by rank) as it comes,
    and then what a build keeps is in the result too (see Linked); `on_evidence`: see
    OnEvidence; `on_choices`: told each report's partners (by rank) as it chooses them,
    which are then not kept in the result (at 100,000 reports, 20 MB fewer to hold)."""
    linker = _Linker(undated, fitted or model(), rarity or Rarity(word_table()), on_keys)
    linker.on_evidence, linker.on_choices = on_evidence, on_choices
    for p in profiles:
        linker.add(p)
    return linker.finish()


def candidate_pairs(profiles: list[Profile],
                    fitted: Model | None = None) -> set[tuple[int, int]]:
    """The pairs linking scores among profiles in linking order (by rank), whatever their
    score (`fitted`: a model other than the shipped one, as when there is none yet)."""
    linker = _Linker(undated_of(profiles), fitted or model(), Rarity(word_table()), None)
    linker.record = set()
    for p in profiles:
        linker.add(p)
    linker.finish()
    return linker.record


def window(day: int, after: Iterable[tuple[R, int]]) -> list[R] | None:
    """The reports a start pairs with through one key: those after it in linking order
    (`after`: (report, day)) within WINDOW_DAYS; None when the key is crowded there (more
    than BLOCK_LIMIT reports with the start), so no evidence."""
    found: list[R] = []
    last = day + WINDOW_DAYS
    for report, when in after:
        if when > last or len(found) == BLOCK_LIMIT:
            break
        found.append(report)
    return None if len(found) + 1 > BLOCK_LIMIT else found


def choose(evidence: Mapping[R, float]) -> list[R]:
    """A report's CANDIDATES partners with the most evidence (ties: the earlier). Only those
    with at least the CANDIDATES-th most are ordered (a report has hundreds: the rest lose)."""
    if len(evidence) > CANDIDATES:
        least = heapq.nlargest(CANDIDATES, evidence.values())[-1]
        evidence = {j: w for j, w in evidence.items() if w >= least}
    return [j for _, j in heapq.nsmallest(CANDIDATES, ((-w, j) for j, w in evidence.items()))]


def undated_evidence(report: R, keys: Iterable[str], members: Callable[[str], list[R]],
                     is_undated: Callable[[R], bool]) -> dict[R, float]:
    """An undated report's evidence with others: through each of its keys that few articles
    share at all (`members`: the first UNDATED_LIMIT + 1 holders in linking order), summed in
    key order; a pair of undated reports counts the key once for each of them."""
    found: dict[R, float] = {}
    for key in sorted(keys):
        holders = members(key)
        if len(holders) > UNDATED_LIMIT:
            continue
        weight = 1.0 / len(holders)
        for j in holders:
            if j != report:
                found[j] = found.get(j, 0.0) + weight
                if is_undated(j):
                    found[j] = found[j] + weight
    return found


class _Linker:
    """Links profiles given one at a time in linking order.

    A report's evidence with another comes from the keys they share, summed in key order, and
    is complete once every report of its day has been seen as the start of its windows; then
    its CANDIDATES best partners are kept and each new pair is scored. Reports leave memory
    WINDOW_DAYS after their day. An undated report is paired through the keys that few
    articles share at all (UNDATED_LIMIT), after the rest, with its own best partners. Groups
    are then made by average linkage over the scored pairs."""

    def __init__(self, undated: list[Profile], fitted: Model, rarity: Rarity,
                 on_keys: Callable[[int, list[str]], None] | None) -> None:
        self.model, self.rarity, self.on_keys = fitted, rarity, on_keys
        self.linked = Linked([]) if on_keys else None
        self.on_evidence: OnEvidence | None = None
        self.on_choices: Callable[[int, list[int]], None] | None = None
        self.windows: dict[int, bytearray] = {}        # report → its windows' sizes (OnEvidence)
        self.slugs = _Slugs()
        self.pins: list[str | None] = []
        self.live: dict[int, Profile] = {}             # dated free reports of recent days
        self.keys: dict[int, list[str]] = {}
        self.postings: dict[str, deque[int]] = {}      # key → its live reports
        self.days = array("l")                         # report → its day (undated: -1)
        self.waiting: deque[int] = deque()             # reports whose windows start later
        # report → its partners so far → their evidence (both ways: a report's own is one
        # look-up when its partners are chosen, and let go with it)
        self.evidence: dict[int, dict[int, float]] = defaultdict(dict)
        self.open: deque[int] = deque()                # reports without their partners yet
        self.scores: dict[tuple[int, int], float] = {}
        self.scored: set[tuple[int, int]] = set()     # among live reports
        self.record: set[tuple[int, int]] | None = None
        self.complete: float = -math.inf               # reports before this day have partners
        for p in undated:                              # the keys undated reports may pair by
            weigh(p, rarity)
        self.undated_keys = {k for p in undated for k in blocking_keys(p)}
        self.wide: dict[str, list[int]] = {}           # such a key → its reports, up to a limit
        self.kept_for_undated: dict[int, Profile] = {}
        self.undated: list[int] = []

    def add(self, p: Profile) -> None:
        rank = len(self.slugs)
        self.slugs.append(p.slug)
        self.pins.append(p.pin)
        self.days.append(-1 if p.day is None else p.day)
        if p.pin is not None:
            return                                     # a person decided its event
        weigh(p, self.rarity)
        p = lean(p)                                    # as held for the next days' pairs
        keys = blocking_keys(p)
        if self.on_keys is not None:
            self.on_keys(rank, keys)
        for key in keys:
            if key in self.undated_keys:
                members = self.wide.setdefault(key, [])
                if len(members) <= UNDATED_LIMIT:
                    members.append(rank)
                    self.kept_for_undated[rank] = p
        if p.day is None:
            self.undated.append(rank)
            self.live[rank], self.keys[rank] = p, keys
            return
        self._start_before(p.day - WINDOW_DAYS)
        self.live[rank], self.keys[rank] = p, keys
        for key in keys:
            self.postings.setdefault(key, deque()).append(rank)
        self.waiting.append(rank)
        self.open.append(rank)

    def _start_before(self, day: float) -> None:
        """Take as window starts the reports dated before `day` (every report their windows
        reach has been seen), then give partners to the reports whose evidence is complete."""
        while self.waiting and self.live[self.waiting[0]].day < day:
            self._start(self.waiting.popleft())
        complete = self.live[self.waiting[0]].day if self.waiting else None
        while self.open and (complete is None or self.live[self.open[0]].day < complete):
            i = self.open.popleft()
            evidence = self.evidence.pop(i, {})
            if self.on_evidence is not None:
                self.on_evidence(i, bytes(self.windows.pop(i)), evidence)
            self._choose(i, evidence)
        self._forget(complete)

    def _start(self, s: int) -> None:
        live, days = self.live, self.days
        sizes = bytearray(len(self.keys[s])) if self.on_evidence is not None else None
        at = {key: n for n, key in enumerate(self.keys[s])} if sizes is not None else {}
        for key in sorted(self.keys[s]):               # one order: sums are bit-for-bit equal
            posting = self.postings[key]
            posting.popleft()                          # s: every report before it has started
            found = window(live[s].day, ((r, days[r]) for r in posting))
            if not posting:
                del self.postings[key]
            if found is None:
                continue
            weight = 1.0 / (len(found) + 1)
            if sizes is not None:
                sizes[at[key]] = len(found)
            mine = self.evidence[s]
            for j in found:
                theirs = self.evidence[j]
                mine[j] = theirs[s] = mine.get(j, 0.0) + weight
        if sizes is not None:
            self.windows[s] = sizes

    def _choose(self, i: int, evidence: dict[int, float]) -> None:
        """Keep a report's best partners and score the pairs not scored yet."""
        partners = choose(evidence)
        if self.on_choices is not None:
            self.on_choices(i, partners)
        elif self.linked is not None:
            self.linked.choices[i] = partners
        for j in partners:
            self._score((i, j) if i < j else (j, i))

    def _score(self, pair: tuple[int, int]) -> None:
        if pair in self.scored:
            return
        self.scored.add(pair)
        if self.record is not None:
            self.record.add(pair)
        a, b = (self.live.get(i) or self.kept_for_undated[i] for i in pair)
        score = pair_score(a, b, self.model)
        if score >= SCORE_FLOOR:
            self.scores[pair] = score

    def _forget(self, complete: int | None) -> None:
        """Let go of the reports no later report can pair with (when a day is complete)."""
        if complete is None or complete <= self.complete:
            return
        self.complete = complete
        for rank in [r for r, p in self.live.items()
                     if p.day is not None and p.day < complete - WINDOW_DAYS and
                     r not in self.evidence]:
            del self.live[rank], self.keys[rank]
        live = self.live
        self.scored = {pair for pair in self.scored if pair[0] in live or pair[1] in live}

    def finish(self) -> Linked:
        self._start_before(math.inf)
        undated = set(self.undated)
        for i in self.undated:
            self._choose(i, undated_evidence(i, self.keys[i], lambda k: self.wide.get(k, []),
                                             undated.__contains__))
        self._let_go()
        free = [i for i, pin in enumerate(self.pins) if pin is None]
        ids = assign_ids(self.slugs.all(), self.pins,
                         average_linkage(free, self.scores, self.model.link))
        linked = self.linked or Linked([])
        linked.ids = ids
        if self.linked is not None:
            linked.scores = self.scores
        return linked

    def _let_go(self) -> None:
        """Every pair is scored: let go of the reports held for them (the last days' and
        those kept for undated reports) before the groups are made."""
        self.live, self.keys, self.kept_for_undated, self.wide = {}, {}, {}, {}
        self.postings, self.days, self.scored = {}, array("l"), set()


class _Slugs:
    """Every report's slug, in one buffer until the ids are given (`all`). A string a report,
    made as the reports were read, they lay among the reports' own short-lived objects, and
    the event ids (those strings) a build keeps after linking held on to the memory around
    them (bench/link_memory.py: the process's size after linking)."""

    def __init__(self) -> None:
        self.text = bytearray()
        self.ends = array("q")

    def __len__(self) -> int:
        return len(self.ends)

    def append(self, slug: str) -> None:
        self.text += slug.encode("utf-8", "surrogatepass")
        self.ends.append(len(self.text))

    def all(self) -> list[str]:
        text, start, slugs = self.text, 0, []
        for end in self.ends:
            slugs.append(text[start:end].decode("utf-8", "surrogatepass"))
            start = end
        return slugs


def blocking_keys(p: Profile) -> list[str]:
    """A report's keys: its specific places, its rarest words, and each kind of incident in
    each country it names ("a shooting in Israel"): what two reports in two languages share
    when few of their words are the same. Each made key is interned: linking holds the keys
    of every report of a few days, 40 a report, most of them shared."""
    top = heapq.nlargest(TOP_TERMS, p.vector.items(), key=lambda item: (item[1], item[0]))
    return [*(k for k, w in p.places.items() if w > PLACE_WEIGHT["country"]),
            *(sys.intern(f"term:{t}") for t, _ in top),
            *(sys.intern(f"{kind}@{k}") for kind in sorted(p.kinds) for k, w in p.places.items()
              if w <= PLACE_WEIGHT["country"] and not k.startswith("name:"))]
