"""What linking reads of one article (its profile), made where the article is read (site.py)
and kept in the database, so a rebuild reads only the edited articles again.

A profile holds the report date, the places (by gazetteer id, by name, and the areas a
Kemendagri code says they lie in: a village's district, regency and province), the kinds of
incident, the words and figures of the title and the body, the distinctive figures (what
survives translation: "442", "4.8", "2.000" and "2,000" alike), the death toll and the
language. How rare a word is comes later (rarity.py), when linking weighs the words.
"""
from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from types import MappingProxyType
from typing import cast

from site_builder.events.lexicon import ROUNDUP, TOKEN, fold, kinds_of, lexicon
from site_builder.model import Article, Count, Place

BODY_TOKENS = 400              # the words of the text that count (title, lede and body)
BODY_CHARS = 3000              # read no further into the text than this
KIND_WORDS = 60                # the kind of incident is named within this many words

PLACE_WEIGHT = {"country": 0.1, "region": 0.35, "city": 1.0, "other": 1.0}
AREA_WEIGHT = {1: 0.35, 2: 0.6}          # a province, a regency; deeper (a district): 1.0

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_](?:[\w'-]*[^\W_])?")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")


@dataclass
class Profile:
    """One article as linking sees it."""

    day: int | None                       # the report date's ordinal
    kinds: frozenset[str]
    places: dict[str, float]              # place key (id or folded name) → how specific
    sites: set[str] | frozenset[str]      # keys of places the gazetteer lacks (villages...)
    terms: Counter[str]                   # words and figures of the title and body
    names: Counter[str]                   # of those, the names (capitalised) and figures
    roundup: bool                         # an overview of many incidents
    killed: Count | None
    order: tuple                          # who founds an event: earliest, then seed name
    slug: str
    pin: str | None                       # front matter `event`, as a person set it
    language: str = ""
    figures: frozenset[str] = frozenset()  # distinctive figures: not years, not small
    main: str = ""                        # the first specific place named: where it happened
    vector: dict[str, float] = field(default_factory=dict)   # tf-idf, unit length
    name_vector: dict[str, float] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        """A hash of everything linking reads here: equal digests, equal links."""
        killed = self.killed and (self.killed.min, self.killed.max)
        facts = (self.day, sorted(self.kinds), sorted(self.places.items()), sorted(self.sites),
                 sorted(self.terms.items()), sorted(self.names), self.roundup, killed,
                 self.order, self.slug, self.pin, self.language, sorted(self.figures),
                 self.main)
        return hashlib.sha1(repr(facts).encode("utf-8", "surrogatepass")).hexdigest()


def profile(article: Article) -> Profile:
    """What linking uses of one article (no archive-wide statistics yet). The body is read
    without its "read also" lines: their names, figures and kinds are another incident's."""
    from site_builder.extract import without_links_to_other_stories  # 0.4 s to load: a relink
    text = without_links_to_other_stories(article.body)[:BODY_CHARS]  # reads stored profiles
    title = TOKEN.findall(fold(article.title))
    words = _WORD.findall(text)[:BODY_TOKENS]
    body = [_folded(w) for w in words]
    counts = Counter(body)
    for token in title:
        counts[token] += 2
    terms: Counter[str] = Counter()
    for token, n in counts.items():
        term = _term(token)
        if term:
            terms[term] = terms.get(term, 0) + n
    capitalised = {_term(_folded(w)) for w in words if w[0].isupper()} | \
        {_term(t) for t, w in zip(title, _WORD.findall(article.title), strict=False)
         if w[0].isupper()}
    names = Counter({t: n for t, n in terms.items() if t in capitalised or t[0].isdigit()})
    day = article.date.toordinal() if article.date else None
    title_kinds = lexicon().kinds_in(title)
    return Profile(day=day, kinds=kinds_of(title, body, KIND_WORDS),
                   places=_place_keys(article.places), sites=_site_keys(article.places),
                   terms=terms, names=names, roundup=ROUNDUP in title_kinds,
                   killed=article.casualties.killed,
                   order=(day is None, day or 0, tuple((article.seed or article.slug).split("/")),
                          article.slug),
                   slug=article.slug, pin=article.event, language=article.language,
                   figures=frozenset(t for t in terms if t[0].isdigit() and _distinctive(t)),
                   main=_main_place(article.places))


# What a lean profile shares with every other: nothing of its own where it has nothing. The
# counts are read-only (a missing word still counts 0): one profile's write would be every one's.
_NO_COUNTS = cast("Counter[str]", MappingProxyType(Counter()))   # typed as the field it fills
_NO_KEYS: frozenset[str] = frozenset()
_WEIGHTS = {w: w for w in (*PLACE_WEIGHT.values(), *AREA_WEIGHT.values(), 1.0)}


def lean(p: Profile) -> Profile:
    """A weighed profile (rarity.weigh) as linking holds it while its reports are within a
    few days of the one being read: only what pairs compare (scores.pair_features), with one
    copy of each word and place key for all the reports held, each place's weight one shared
    float and the death toll one shared figure a value. Linking holds every report of up to
    ten days at once (at 100,000 bench articles 30,000 of them, about 17 KB each as unpickled:
    most of a first link's memory). The copy compares as the profile does, to the bit; the
    caller's profile is left as it is (a caller may link the same profiles again). Interned
    strings are freed with their last user on CPython 3.11 and 3.13; on some 3.12 releases
    (before python/cpython#123065) they live as long as the process."""
    vector = {sys.intern(t): w for t, w in p.vector.items()}
    return Profile(day=p.day, kinds=_interned(p.kinds),
                   places={sys.intern(k): _WEIGHTS.get(w, w) for k, w in p.places.items()},
                   sites=_interned(p.sites), terms=_NO_COUNTS, names=_NO_COUNTS,
                   roundup=p.roundup, killed=p.killed and _toll(p.killed.min, p.killed.max),
                   order=(), slug=p.slug, pin=p.pin, language=sys.intern(p.language),
                   figures=_interned(p.figures), main=sys.intern(p.main), vector=vector,
                   name_vector={sys.intern(t): w for t, w in p.name_vector.items()})


def _interned(keys: set[str] | frozenset[str]) -> frozenset[str]:
    return frozenset(map(sys.intern, keys)) if keys else _NO_KEYS


@cache
def _toll(least: int | None, most: int | None) -> Count:
    """One death toll as pairs compare it (its range; not its words), shared."""
    return Count(least, most, "")


def _distinctive(figure: str) -> bool:
    """A figure that tells incidents apart: "442", "4.8", "2000"; not a day of the month,
    not a year (every report of a year names it)."""
    if "." in figure:
        return True
    return len(figure) >= 3 and not (len(figure) == 4 and figure[:2] in ("19", "20"))


@lru_cache(maxsize=1 << 17)
def _folded(word: str) -> str:
    return fold(word)


@lru_cache(maxsize=1 << 17)
def _term(token: str) -> str:
    """The word as linking counts it, or "" for one too common or short to count. Figures
    written either way meet: "3.000" and "3,000" are 3000; "4,8" and "4.8" are 4.8."""
    if not token:
        return ""
    if token[0].isdigit():
        if len(token) < 2:
            return ""
        return re.sub(r"[.,]", "", token) if _THOUSANDS.match(token) else token.replace(",", ".")
    return token if len(token) >= 3 and token not in lexicon().stopwords else ""


def _place_keys(places: list[Place]) -> dict[str, float]:
    """Each place under its gazetteer id, its folded names and the areas its id says it lies
    in, with how specific each is."""
    keys: dict[str, float] = {}
    for place in places:
        weight = PLACE_WEIGHT.get(place.kind, 1.0)
        for key in {place.id, *(name_key(n) for n in (place.name, *place.mentions))}:
            if key:
                keys[key] = max(keys.get(key, 0.0), weight)
        for key, area_weight in _areas(place.id):
            keys[key] = max(keys.get(key, 0.0), area_weight)
    return keys


def _main_place(places: list[Place]) -> str:
    """The first place named that is a town or a site (not a country or a province): a
    report names where it happened first; a capital mentioned further on says less."""
    for place in places:
        if PLACE_WEIGHT.get(place.kind, 1.0) >= 1.0:
            return place.id
    return ""


def _areas(place_id: str) -> list[tuple[str, float]]:
    """The areas a hierarchical id ("kemendagri:94.05.17.2005", a village) says a place lies
    in, with their specificity: its district (94.05.17), regency (94.05), province (94)."""
    scheme, _, code = place_id.partition(":")
    parts = code.split(".")
    if len(parts) < 2 or not all(part.isdigit() for part in parts):
        return []
    return [(f"{scheme}:{'.'.join(parts[:depth])}", AREA_WEIGHT.get(depth, 1.0))
            for depth in range(1, len(parts))]


def _site_keys(places: list[Place]) -> set[str]:
    """The keys of the precise sites named: villages, districts, streets (places of kind
    "other" in a country, or that the gazetteer lacks; not seas or mountain ranges). A
    district is no precise site when the report names a village in it: two villages of one
    district are two sites."""
    within = {area for place in places for area, _ in _areas(place.id)}
    return {key for place in places
            if place.kind == "other" and (place.country or place.id.startswith("name:"))
            and place.id not in within
            for key in (place.id, name_key(place.name)) if key}


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(name)))
    return f"name:{folded}" if len(folded) >= 3 else ""


