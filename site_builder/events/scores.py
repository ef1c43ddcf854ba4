"""How surely two reports are of one incident: a few general pair features, weighed by a
logistic model fitted on labelled pairs (data/event-model.json, refitted by
`python -m site_builder.events.fit`, which also reports the figures cross-validated by incident).

The features are chosen to hold on incidents never seen: how alike the words and the names
are (tf-idf cosine over title and body), whether they share a place and how specific it is,
whether each names first (where it happened) a place the other names, whether they agree or
disagree on the kind of incident (an unknown kind is neither), how many days apart they are
dated, whether they share distinctive figures or give only different ones, whether their
death tolls conflict, and the names and figures again for reports in two languages (fewer
words survive translation, so what does weighs more); whether the two are in one language (then
they should share more words: the same similarity says less) and whether each names a
different town first (another strike in the same war, another city). An overview of many
incidents links to none.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from site_builder.events.profiles import Profile
from site_builder.model import Count

MODEL_FILE = Path(__file__).parent.parent / "data" / "event-model.json"
SPELLING = 0.85                # place names this alike (Levenshtein) are one place spelt twice
MAX_GAP = 7                    # days apart beyond which the gap says no more

FEATURES = ("text", "names", "place", "main_place", "same_site", "other_site", "same_kind",
            "other_kind", "days_apart", "undated", "figures", "other_figures", "toll_conflict",
            "names_across_languages", "same_language", "other_main")


@dataclass(frozen=True)
class Model:
    """A logistic model over FEATURES: P(same incident) = σ(bias + Σ weight·feature)."""

    weights: tuple[float, ...]
    bias: float
    link: float                # the average pair probability at which two groups merge

    def probability(self, x: Iterable[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def model(path: Path = MODEL_FILE) -> Model:
    """The shipped model, read once a process."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(tuple(data["weights"][name] for name in FEATURES), data["bias"], data["link"])


def pair_score(a: Profile, b: Profile, fitted: Model | None = None) -> float:
    """The probability that two reports are of one incident, 0 to 1. An overview of many
    incidents (a week's strikes, two crashes in a day) is an event of its own: 0."""
    if a.roundup or b.roundup:
        return 0.0
    return (fitted or model()).probability(pair_features(a, b))


def pair_features(a: Profile, b: Profile) -> tuple[float, ...]:
    """The features of FEATURES for one pair, each about 0 to 1."""
    shared = [max(a.places[k], b.places[k]) for k in a.places.keys() & b.places.keys()]
    same_site = _same_site(a, b)
    known = bool(a.kinds and b.kinds)
    undated = a.day is None or b.day is None
    gap = 0.0 if undated else min(abs(a.day - b.day), MAX_GAP) / MAX_GAP
    names = _cosine(a.name_vector, b.name_vector)
    figures = _figures(a.figures, b.figures)
    main = (float(a.main in b.places) + float(b.main in a.places)) / 2
    return (_cosine(a.vector, b.vector), names, max(shared, default=0.0), main,
            float(same_site),
            float(bool(a.sites and b.sites) and not same_site),
            float(bool(a.kinds & b.kinds)), float(known and not a.kinds & b.kinds),
            gap, float(undated), figures,
            float(bool(a.figures and b.figures) and not figures),
            float(_toll_conflict(a.killed, b.killed)),
            names if a.language != b.language else 0.0,
            float(a.language == b.language),
            float(bool(a.main and b.main) and a.main != b.main))


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """The dot product of two unit vectors, over the words they share (a set intersection
    in C: most pairs share few of their words), summed in word order: a set's order changes
    with the process's string hashing, and so would the last bit of the sum (a pair scored
    again in another build must score the same, to the bit, or ties fall another way)."""
    return sum(a[t] * b[t] for t in sorted(a.keys() & b.keys()))


def _figures(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of the shorter list of distinctive figures the other report gives too."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _same_site(a: Profile, b: Profile) -> bool:
    """Whether the two reports name a precise site (a village, a street) in common, by id,
    by name, or by a name spelt a little differently ("Yugumoak", "Yugumuak"). A name one
    report could not place and the other places as a town is that town, not a site."""
    return bool(a.sites & b.sites) or _alike(a.sites, b.sites)


def _alike(sites: Iterable[str], keys: Iterable[str]) -> bool:
    """Whether a site's name and a place's name differ by a letter or two (names of at least
    six letters that begin alike)."""
    names = [k[5:] for k in keys if k.startswith("name:") and len(k) >= 11]
    for site in sites:
        if not site.startswith("name:") or len(site) < 11:
            continue
        name = site[5:]
        for other in names:
            if other[0] == name[0] and abs(len(other) - len(name)) <= 2 and \
                    Levenshtein.normalized_similarity(name, other) >= SPELLING:
                return True
    return False


def _toll_conflict(a: Count | None, b: Count | None) -> bool:
    """Whether two exact death tolls differ by more than one revision would explain (0
    against 3, 2 against 40)."""
    if a is None or b is None or a.min is None or b.min is None:
        return False
    if a.max != a.min or b.max != b.min:
        return False
    low, high = sorted((a.min, b.min))
    return high - low >= 2 and high > 2 * low + 1
