"""Linking the archive: which pairs of reports are scored (blocking), in one pass that holds a
few days of reports at a time, then groups made of the scored pairs (grouping.py).

It scales with the archive, never comparing all pairs: candidate pairs share a specific place
or one of their rarest words (a key) AND fall within WINDOW_DAYS of each other; a key shared by
more than BLOCK_LIMIT articles of one window is no evidence and makes no pairs (and is not
walked further: the work per report is bounded however dense the archive), and each article
keeps only its CANDIDATES best partners.
"""
from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from itertools import islice, takewhile
from operator import itemgetter

from site_builder.events.grouping import assign_ids, average_linkage
from site_builder.events.profiles import PLACE_WEIGHT, Profile, profile
from site_builder.events.scores import Model, model, pair_score
from site_builder.model import Article

WINDOW_DAYS = 4                # reports of one incident are dated at most this far apart
BLOCK_LIMIT = 20               # a key shared by more articles in one window makes no pairs
CANDIDATES = 8                 # an article is scored against at most this many others
UNDATED_LIMIT = 60             # an undated article is compared with at most this many others
VECTOR_TERMS = 60              # an article's text is its heaviest words, this many
TOP_TERMS = 8                  # an article's rarest words used to find candidates
IDF_PRIOR = 200                # idf smoothed as if this many more articles
SCORE_FLOOR = 0.02             # a pair less likely than this is not kept (it counts 0)


def link_events(articles: Sequence[Article] | None, profiles: list[Profile] | None = None,
                fitted: Model | None = None) -> list[str]:
    """The event id of each article, in the order given. Deterministic: the same articles in
    any order give the same ids (they are linked in one canonical order). `profiles`: the
    articles' profiles, when the caller has them; `fitted`: a model other than the shipped one."""
    profiles = profiles if profiles is not None else [profile(a) for a in articles or ()]
    order = sorted(range(len(profiles)), key=lambda i: profiles[i].order)
    ids = link_ranked(lambda: (profiles[i] for i in order), fitted)
    result = [""] * len(profiles)
    for rank, i in enumerate(order):
        result[i] = ids[rank]
    return result


def link_ranked(read: Callable[[], Iterable[Profile]], fitted: Model | None = None) -> list[str]:
    """The event ids of profiles in linking order (by `Profile.order`: dated ones by date,
    then undated), which `read()` gives, twice: once to count the words (their idf), once to
    link. What is held is the archive's vocabulary and a few days of reports, however large
    the archive (linking 100,000 articles at once held 2 GB)."""
    linker = _Linker(*_counts(read()), fitted=fitted or model())
    for p in read():
        linker.add(p)
    return linker.finish()


def candidate_pairs(profiles: list[Profile],
                    fitted: Model | None = None) -> set[tuple[int, int]]:
    """The pairs linking scores among profiles in linking order (by rank), whatever their
    score (`fitted`: a model other than the shipped one, as when there is none yet)."""
    linker = _Linker(*_counts(profiles), fitted=fitted or model())
    linker.record = set()
    for p in profiles:
        linker.add(p)
    linker.finish()
    return linker.record


def _counts(profiles: Iterable[Profile]) -> tuple[Counter[str], int, list[Profile]]:
    """How many profiles each word is in, how many profiles, and the undated free ones
    (whose candidates come from the whole archive: see _Linker)."""
    df: Counter[str] = Counter()
    total, undated = 0, []
    for p in profiles:
        df.update(p.terms.keys())
        total += 1
        if p.day is None and p.pin is None:
            undated.append(p)
    return df, total, undated


class _Linker:
    """Links profiles given one at a time in linking order.

    A report's evidence with another comes from the keys they share, summed in key order, and
    is complete once every report of its day has been seen as the start of its windows; then
    its CANDIDATES best partners are kept and each new pair is scored. Reports leave memory
    WINDOW_DAYS after their day. An undated report is paired through the keys that few
    articles share at all (UNDATED_LIMIT), after the rest, with its own best partners. Groups
    are then made by average linkage over the scored pairs."""

    def __init__(self, df: Counter[str], total: int, undated: list[Profile],
                 fitted: Model) -> None:
        self.df, self.total, self.model = df, total + IDF_PRIOR, fitted
        self.idf: dict[str, float] = {}                # a word's idf, worked out once
        self.slugs: list[str] = []
        self.pins: list[str | None] = []
        self.live: dict[int, Profile] = {}             # dated free reports of recent days
        self.keys: dict[int, list[str]] = {}
        self.postings: dict[str, deque[int]] = {}     # key → live reports with it, in order
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
            self._weigh(p)
        self.undated_keys = {k for p in undated for k in _blocking_keys(p)}
        self.wide: dict[str, list[int]] = {}           # such a key → its reports, up to a limit
        self.kept_for_undated: dict[int, Profile] = {}
        self.undated: list[int] = []

    def _weigh(self, p: Profile) -> None:
        """tf-idf vectors of unit length, of all words and of the names alone. The idf is
        smoothed as if IDF_PRIOR more articles shared no word, so that in a small archive a
        word two reports share still counts. The word counts are then let go."""
        if p.vector or not p.terms:
            return
        idf = self.idf
        weights = {}
        for t, n in p.terms.items():
            w = idf.get(t)
            if w is None:
                w = idf[t] = math.log(self.total / (self.df[t] + 0.5))
            weights[t] = _TF[min(n, 63)] * w
        p.vector = _unit(_top(weights))
        p.name_vector = _unit(_top({t: weights[t] for t in p.names}))
        p.terms, p.names = Counter(), Counter()

    def add(self, p: Profile) -> None:
        rank = len(self.slugs)
        self.slugs.append(p.slug)
        self.pins.append(p.pin)
        if p.pin is not None:
            return                                     # a person decided its event
        self._weigh(p)
        keys = _blocking_keys(p)
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
            self._choose(self.open.popleft())
        self._forget(complete)

    def _start(self, s: int) -> None:
        day = self.live[s].day
        for key in sorted(self.keys[s]):               # one order: sums are bit-for-bit equal
            posting = self.postings[key]
            posting.popleft()                          # s: every report before it has started
            near = takewhile(lambda j: self.live[j].day - day <= WINDOW_DAYS, posting)
            window = list(islice(near, BLOCK_LIMIT))   # never walk a crowded key to its end
            if not posting:
                del self.postings[key]
            if len(window) + 1 > BLOCK_LIMIT:
                continue
            weight = 1.0 / (len(window) + 1)
            mine = self.evidence[s]
            for j in window:
                theirs = self.evidence[j]
                mine[j] = theirs[s] = mine.get(j, 0.0) + weight

    def _choose(self, i: int) -> None:
        """Keep a report's CANDIDATES partners with the most evidence (ties: the earlier),
        and score the pairs not scored yet."""
        found = self.evidence.pop(i, {})
        for _, j in heapq.nsmallest(CANDIDATES, ((-w, j) for j, w in found.items())):
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

    def finish(self) -> list[str]:
        self._start_before(math.inf)
        self._pair_undated()
        free = [i for i, pin in enumerate(self.pins) if pin is None]
        return assign_ids(self.slugs, self.pins,
                          average_linkage(free, self.scores, self.model.link))

    def _pair_undated(self) -> None:
        """Undated reports: through each key few articles share at all (counted over the
        whole archive), then each keeps its own best partners."""
        undated = set(self.undated)
        for key in sorted(self.undated_keys):
            members = self.wide.get(key, [])
            if not undated.intersection(members) or len(members) > UNDATED_LIMIT:
                continue
            for i in (m for m in members if m in undated):
                for j in members:
                    if i != j:
                        mine, theirs = self.evidence[i], self.evidence[j]
                        mine[j] = theirs[i] = mine.get(j, 0.0) + 1.0 / len(members)
        for i in self.undated:
            self._choose(i)


_TF = [0.0] + [1 + math.log(n) for n in range(1, 64)]    # sublinear term frequency


def _top(vector: dict[str, float]) -> dict[str, float]:
    """The VECTOR_TERMS heaviest terms: the rest is noise, and costs time in every pair."""
    if len(vector) <= VECTOR_TERMS:
        return vector
    return dict(sorted(vector.items(), key=itemgetter(1), reverse=True)[:VECTOR_TERMS])


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def _blocking_keys(p: Profile) -> list[str]:
    """A report's keys: its specific places, its rarest words, and each kind of incident in
    each country it names ("a shooting in Israel"): what two reports in two languages share
    when few of their words are the same."""
    top = heapq.nlargest(TOP_TERMS, p.vector.items(), key=lambda item: (item[1], item[0]))
    return [*(k for k, w in p.places.items() if w > PLACE_WEIGHT["country"]),
            *(f"term:{t}" for t, _ in top),
            *(f"{kind}@{k}" for kind in sorted(p.kinds) for k, w in p.places.items()
              if w <= PLACE_WEIGHT["country"] and not k.startswith("name:"))]
