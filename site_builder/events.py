"""Event linking: which articles of the archive report the same incident.

A site-level step run at build time over the whole archive (it needs every article), and a pure
function of the articles' metadata: `link_events(articles)` gives each article an event id, the
same for the same archive on any machine. What it uses, all of it already in the front matter
or the text:

* the report date: reports of one incident are published within a few days of each other;
* the places, by gazetteer id and by name (a place the gazetteer lacks is matched by its name),
  weighted by how specific they are (a village says more than a country);
* the kind of incident, from a lexicon in Indonesian and English kept as data
  (data/event-kinds.toml): reports whose kinds are all different are never linked;
* the casualty figures: two reports that give clearly different death tolls are less alike;
* the text: the words and figures of the title and lede, weighted by how rare they are in the
  archive (tf-idf). Across languages the shared names ("Soroka", "Morning Midas") and figures
  ("3.000" and "3,000" alike) carry it.

It scales with the archive, never comparing all pairs: candidate pairs share a specific place
or one of their rarest words AND fall within WINDOW_DAYS of each other (a key shared by too many
articles of one window is no evidence and makes no pairs), and each article keeps only its
CANDIDATES best partners. Each candidate pair is scored, and groups are made by average linkage
(two groups merge when their pairs, on average, are alike enough), so one loose pair cannot
chain two incidents together. What linking reads of each article (its profile) is kept in the
cache folder between builds, so a rebuild reads only the edited articles again.

Ids are stable: an event's id is the slug of its first report (the earliest dated, then the
first by seed file name), so it does not change when a later report joins, and a fresh clone
of the same archive gets the same ids. A lone report's id is its own slug.

A person decides over the linker: front matter `event: <id>` puts the article in that event
(the event whose id it is, else the event of the article whose slug it is, else a new event of
that id), and `event: none` keeps it out of every event (it is a lone report).
"""
from __future__ import annotations

import hashlib
import heapq
import math
import re
import tomllib
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from itertools import takewhile
from operator import itemgetter
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from site_builder.model import Article, Count, Place
from site_builder.seeds import path_order

LEXICON_FILE = Path(__file__).parent / "data" / "event-kinds.toml"
NO_EVENT = "none"              # front matter `event: none`

WINDOW_DAYS = 3                # reports of one incident are dated at most this far apart
BLOCK_LIMIT = 20               # a key shared by more articles in one window makes no pairs
CANDIDATES = 8                 # an article is scored against at most this many others
UNDATED_LIMIT = 60             # an undated article is compared with at most this many others
LEDE_TOKENS = 220              # the words of the text that count (title and lede)
LEDE_CHARS = 1600              # read no further into the text than this
KIND_WORDS = 60                # the kind of incident is named within this many words
VECTOR_TERMS = 60              # an article's text is its heaviest words, this many
TOP_TERMS = 8                 # an article's rarest words used to find candidates
IDF_PRIOR = 200                # idf smoothed as if this many more articles
LINK_SCORE = 0.5               # the average pair score at which two groups merge
SITE_CONFLICT = 0.15           # taken off when two reports name different precise sites
SPELLING = 0.85                # place names this alike (Levenshtein) are one place spelt twice

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z][a-z'-]*[a-z]|[a-z]")
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_](?:[\w'-]*[^\W_])?")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")


# ---------------------------------------------------------------- the lexicon

@dataclass(frozen=True)
class Lexicon:
    """Kinds of incident and the stop words, from data/event-kinds.toml, as look-up tables:
    a word or phrase → its kinds, a word's beginning → its kinds (the words ending in "*")."""

    words: dict[str, frozenset[str]]      # a word, or a phrase of words joined by spaces
    prefixes: dict[str, frozenset[str]]
    starts: frozenset[str]                # the first words of phrases
    labels: dict[str, dict[str, str]]     # kind → UI language → its name
    stopwords: frozenset[str]

    def label(self, kind: str, language: str) -> str:
        names = self.labels.get(kind, {})
        return names.get(language) or names.get("en") or kind

    def kinds_in(self, tokens: list[str]) -> frozenset[str]:
        """The kinds named in a run of (folded) words; "roundup" among them for an overview."""
        found: set[str] = set()
        words, starts = self.words, self.starts
        for n, token in enumerate(tokens):
            found |= _token_kinds(token)
            if token in starts:
                for size in (2, 3, 4):
                    phrase = " ".join(tokens[n:n + size])
                    if phrase in words:
                        found |= words[phrase]
        return frozenset(found)

    def token_kinds(self, token: str) -> frozenset[str]:
        """The kinds one word names, as a whole word or by its beginning."""
        found = set(self.words.get(token, ()))
        for end in range(3, len(token) + 1):
            found |= self.prefixes.get(token[:end], frozenset())
        return frozenset(found)


@lru_cache(maxsize=1 << 16)
def _token_kinds(token: str) -> frozenset[str]:
    """The lexicon's kinds of one word, remembered: words repeat across an archive."""
    return lexicon().token_kinds(token)


ROUNDUP = "roundup"             # the lexicon's table of words that mark an overview


@cache
def lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """The lexicon, read once a process."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    stop = data.pop("stopwords", {})
    words: dict[str, set[str]] = defaultdict(set)
    prefixes: dict[str, set[str]] = defaultdict(set)
    for kind, entry in data.items():
        for word in (w for values in entry.values() if isinstance(values, list) for w in values):
            folded = " ".join(_TOKEN.findall(fold(word.rstrip("*"))))
            (prefixes if word.endswith("*") else words)[folded].add(kind)
    labels = {name: dict(entry.get("label", {})) for name, entry in data.items()}
    return Lexicon({w: frozenset(k) for w, k in words.items()},
                   {w: frozenset(k) for w, k in prefixes.items()},
                   frozenset(w.split()[0] for w in words if " " in w), labels,
                   frozenset(fold(w) for words in stop.values() for w in words))


def fold(text: str) -> str:
    """Lowercase ASCII: "Gözlükuyu" and "Gozlukuyu" meet."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.lower())
    return text.encode("ascii", "ignore").decode("ascii")


# ---------------------------------------------------------------- what linking knows of a report

PLACE_WEIGHT = {"country": 0.1, "region": 0.35, "city": 1.0, "other": 1.0}
AREA_WEIGHT = {1: 0.35, 2: 0.6}          # a province, a regency; deeper (a district): 1.0


@dataclass
class Profile:
    """One article as linking sees it."""

    day: int | None                       # the report date's ordinal
    kinds: frozenset[str]
    places: dict[str, float]              # place key (id or folded name) → how specific
    sites: set[str]                       # keys of places the gazetteer lacks (villages...)
    terms: Counter[str]                   # words and figures of the title and lede
    names: Counter[str]                   # of those, the names (capitalised) and figures
    roundup: bool                         # an overview of many incidents
    killed: Count | None
    order: tuple                          # who founds an event: earliest, then seed name
    slug: str
    pin: str | None                       # front matter `event`, as a person set it
    vector: dict[str, float] = field(default_factory=dict)   # tf-idf, unit length
    name_vector: dict[str, float] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        """A hash of everything linking reads here: equal digests, equal links."""
        killed = self.killed and (self.killed.min, self.killed.max)
        facts = (self.day, sorted(self.kinds), sorted(self.places.items()), sorted(self.sites),
                 sorted(self.terms.items()), sorted(self.names), self.roundup, killed,
                 self.order, self.slug, self.pin)
        return hashlib.sha1(repr(facts).encode("utf-8", "surrogatepass")).hexdigest()


def profile(article: Article) -> Profile:
    """What linking uses of one article (no archive-wide statistics yet)."""
    lex = lexicon()
    text = article.body[:LEDE_CHARS]
    title = _TOKEN.findall(fold(article.title))
    words = _WORD.findall(text)[:LEDE_TOKENS]
    lede = [_folded(w) for w in words]
    counts = Counter(lede)
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
    title_kinds = lex.kinds_in(title)
    return Profile(day=day, kinds=(title_kinds | lex.kinds_in(lede[:KIND_WORDS])) - {ROUNDUP},
                   places=_place_keys(article.places), sites=_site_keys(article.places),
                   terms=terms, names=names, roundup=ROUNDUP in title_kinds,
                   killed=article.casualties.killed,
                   order=(day is None, day or 0, tuple((article.seed or article.slug).split("/")),
                          article.slug),
                   slug=article.slug, pin=article.event)


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
        for key in {place.id, *(_name_key(n) for n in (place.name, *place.mentions))}:
            if key:
                keys[key] = max(keys.get(key, 0.0), weight)
        for key, area_weight in _areas(place.id):
            keys[key] = max(keys.get(key, 0.0), area_weight)
    return keys


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
    "other" in a country, or that the gazetteer lacks; not seas or mountain ranges)."""
    return {key for place in places
            if place.kind == "other" and (place.country or place.id.startswith("name:"))
            for key in (place.id, _name_key(place.name)) if key}


@lru_cache(maxsize=1 << 16)
def _name_key(name: str) -> str:
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(name)))
    return f"name:{folded}" if len(folded) >= 3 else ""


@cache
def lexicon_stamp() -> str:
    """The lexicon and this module, by content: a profile made with other words is stale."""
    digest = hashlib.sha256(LEXICON_FILE.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------- linking

def link_events(articles: Sequence[Article] | None,
                profiles: list[Profile] | None = None) -> list[str]:
    """The event id of each article, in the order given. Deterministic: the same articles in
    any order give the same ids (they are linked in one canonical order). `profiles`: the
    articles' profiles, when the caller has them."""
    profiles = profiles if profiles is not None else [profile(a) for a in articles or ()]
    order = sorted(range(len(profiles)), key=lambda i: profiles[i].order)
    ids = link_ranked(lambda: (profiles[i] for i in order))
    result = [""] * len(profiles)
    for rank, i in enumerate(order):
        result[i] = ids[rank]
    return result


def link_ranked(read: Callable[[], Iterable[Profile]]) -> list[str]:
    """The event ids of profiles in linking order (by `Profile.order`: dated ones by date,
    then undated), which `read()` gives, twice: once to count the words (their idf), once to
    link. What is held is the archive's vocabulary and a few days of reports, however large
    the archive (linking 100,000 articles at once held 2 GB)."""
    linker = _Linker(*_counts(read()))
    for p in read():
        linker.add(p)
    return linker.finish()


def candidate_pairs(profiles: list[Profile]) -> set[tuple[int, int]]:
    """The pairs linking scores among profiles in linking order (by rank)."""
    linker = _Linker(*_counts(profiles))
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

    Candidate pairs are dated within WINDOW_DAYS of each other and share a specific place or
    one of their rarest words (a key); a key shared by more than BLOCK_LIMIT articles of one
    window is no evidence. A report's evidence with another comes from the keys they share,
    summed in key order, and is complete once every report of its day has been seen as the
    start of its windows; then its CANDIDATES best partners are kept and each new pair is
    scored. Reports leave memory WINDOW_DAYS after their day. An undated report is paired
    through the keys that few articles share at all (UNDATED_LIMIT), after the rest, with its
    own best partners. Groups are then made by average linkage over the scored pairs."""

    def __init__(self, df: Counter[str], total: int, undated: list[Profile]) -> None:
        self.df, self.total = df, total + IDF_PRIOR
        self.slugs: list[str] = []
        self.pins: list[str | None] = []
        self.live: dict[int, Profile] = {}             # dated free reports of recent days
        self.keys: dict[int, list[str]] = {}
        self.postings: dict[str, deque[int]] = {}     # key → live reports with it, in order
        self.waiting: deque[int] = deque()             # reports whose windows start later
        self.evidence: dict[tuple[int, int], float] = defaultdict(float)
        self.partners: dict[int, list[int]] = defaultdict(list)
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
        weights = {t: _TF[min(n, 63)] * math.log(self.total / (self.df[t] + 0.5))
                   for t, n in p.terms.items()}
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

    def _start_before(self, day: int) -> None:
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
            window = list(takewhile(lambda j: self.live[j].day - day <= WINDOW_DAYS, posting))
            if not posting:
                del self.postings[key]
            if len(window) + 1 > BLOCK_LIMIT:
                continue
            weight = 1.0 / (len(window) + 1)
            for j in window:
                if (s, j) not in self.evidence:
                    self.partners[s].append(j)
                    self.partners[j].append(s)
                self.evidence[(s, j)] += weight

    def _choose(self, i: int) -> None:
        """Keep a report's CANDIDATES partners with the most evidence (ties: the earlier),
        and score the pairs not scored yet."""
        found = [(-self.evidence[(min(i, j), max(i, j))], j) for j in self.partners.pop(i, ())]
        for _, j in heapq.nsmallest(CANDIDATES, found):
            self._score((i, j) if i < j else (j, i))

    def _score(self, pair: tuple[int, int]) -> None:
        if pair in self.scored:
            return
        self.scored.add(pair)
        if self.record is not None:
            self.record.add(pair)
        a, b = (self.live.get(i) or self.kept_for_undated[i] for i in pair)
        score = pair_score(a, b)
        if score > 0:
            self.scores[pair] = score

    def _forget(self, complete: int | None) -> None:
        """Let go of the reports no later report can pair with (when a day is complete)."""
        if complete is None or complete <= self.complete:
            return
        self.complete = complete
        for rank in [r for r, p in self.live.items()
                     if p.day is not None and p.day < complete - WINDOW_DAYS and
                     r not in self.partners]:
            del self.live[rank], self.keys[rank]
        live = self.live
        self.evidence = defaultdict(float, {pair: w for pair, w in self.evidence.items()
                                            if pair[0] in live or pair[1] in live})
        self.scored = {pair for pair in self.scored if pair[0] in live or pair[1] in live}

    def finish(self) -> list[str]:
        self._start_before(math.inf)
        self._pair_undated()
        free = [i for i, pin in enumerate(self.pins) if pin is None]
        return assign_ids(self.slugs, self.pins, average_linkage(free, self.scores))

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
                        pair = (min(i, j), max(i, j))
                        if pair not in self.evidence:
                            self.partners[i].append(j)
                            self.partners[j].append(i)
                        self.evidence[pair] += 1.0 / len(members)
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


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _blocking_keys(p: Profile) -> list[str]:
    top = heapq.nlargest(TOP_TERMS, p.vector.items(), key=lambda item: (item[1], item[0]))
    return [*(k for k, w in p.places.items() if w > PLACE_WEIGHT["country"]),
            *(f"term:{t}" for t, _ in top)]


def pair_score(a: Profile, b: Profile) -> float:
    """How surely two reports are of one incident: about 0 (unrelated) to 1.5 (sure)."""
    if a.kinds and b.kinds and not a.kinds & b.kinds:
        return 0.0
    text = max(_cosine(a.vector, b.vector), _cosine(a.name_vector, b.name_vector))
    shared = [max(a.places[k], b.places[k]) for k in a.places.keys() & b.places.keys()]
    same_site = _same_site(a, b)
    place = 1.0 if same_site else max(shared, default=0.0)
    score = text + 0.3 * place + (0.1 if a.kinds & b.kinds else 0.0)
    score -= _toll_conflict(a.killed, b.killed)
    if a.roundup or b.roundup:
        score -= 0.5
    if a.sites and b.sites and not same_site:
        score -= SITE_CONFLICT        # each names its precise site, and they differ
    if a.day is None or b.day is None:
        score -= 0.15
    else:
        score -= 0.05 * abs(a.day - b.day)
    return score


def _same_site(a: Profile, b: Profile) -> bool:
    """Whether one report's precise site (a village, a street) is a place the other names,
    by id, by name, or by a name spelt a little differently ("Yugumoak", "Yugumuak")."""
    if a.sites & b.places.keys() or b.sites & a.places.keys():
        return True
    return _alike(a.sites, b.places.keys()) or _alike(b.sites, a.places.keys())


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


def _toll_conflict(a: Count | None, b: Count | None) -> float:
    """0.3 when two exact death tolls differ by more than one revision would explain
    (0 against 3, 2 against 40), else 0."""
    if a is None or b is None or a.min is None or b.min is None:
        return 0.0
    if a.max != a.min or b.max != b.min:
        return 0.0
    low, high = sorted((a.min, b.min))
    return 0.3 if high - low >= 2 and high > 2 * low + 1 else 0.0


def average_linkage(members: list[int], scores: dict[tuple[int, int], float]) -> list[list[int]]:
    """Merge groups, best pair first, while the average score over all pairs across the two
    groups (a pair never scored counts 0) is at least LINK_SCORE."""
    group_of = {i: i for i in members}
    groups: dict[int, list[int]] = {i: [i] for i in members}
    for (i, j), _score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        a, b = groups[gi], groups[gj]
        total = sum(scores.get((min(x, y), max(x, y)), 0.0) for x in a for y in b)
        if total / (len(a) * len(b)) < LINK_SCORE:
            continue
        keep, gone = min(gi, gj), max(gi, gj)
        groups[keep] = sorted(a + b)
        for x in groups.pop(gone):
            group_of[x] = keep
    return [groups[g] for g in sorted(groups)]


def assign_ids(slugs: list[str], pins: list[str | None], groups: list[list[int]]) -> list[str]:
    """Each group's id is its founder's slug (its first member in linking order); then each
    pinned article joins its event."""
    ids: list[str] = list(slugs)
    for group in groups:
        founder = min(group)
        for i in group:
            ids[i] = slugs[founder]
    event_of_slug = {slug: ids[i] for i, slug in enumerate(slugs) if pins[i] is None}
    known = set(event_of_slug.values())
    for i, pin in enumerate(pins):
        if pin is not None and pin != NO_EVENT:
            ids[i] = pin if pin in known else event_of_slug.get(pin, pin)
        elif pin == NO_EVENT:
            ids[i] = slugs[i]
    return ids


# ---------------------------------------------------------------- events, for pages and data

@dataclass
class Event:
    """An incident reported more than once: its reports, first report first."""

    id: str
    reports: list[Article]
    kinds: list[str]              # the kinds most of its reports name
    places: list[Place]           # named by two or more reports (or by its only dated one)

    @property
    def name(self) -> str:
        """What happened, in the words of its first report's title (the first written title:
        a headline cut from an untitled report's lede ends in "…")."""
        titled = [a for a in self.reports if not a.title.endswith("…")]
        return (titled or self.reports)[0].title

    @property
    def dates(self) -> list[date]:
        return sorted(a.date for a in self.reports if a.date)

    @property
    def first(self) -> date | None:
        return self.dates[0] if self.dates else None

    @property
    def last(self) -> date | None:
        return self.dates[-1] if self.dates else None

    def figures(self, kind: str) -> list[Count]:
        """The reports' main figures of one kind (killed, injured), where they give one."""
        return [c for a in self.reports if (c := getattr(a.casualties, kind)) is not None]

    def highest(self, kind: str) -> Count | None:
        """The largest figure reported: the greatest lower bound, then the greatest upper."""
        figures = [c for c in self.figures(kind) if c.min is not None or c.max is not None]
        return max(figures, key=lambda c: (c.min or 0, c.max if c.max is not None else 10**12),
                   default=None)

    def span(self, kind: str) -> tuple[int, int] | None:
        """(lowest, highest) of the reported figures' lower bounds: how far reports differ."""
        lows = [c.min if c.min is not None else (c.max or 0) for c in self.figures(kind)]
        return (min(lows), max(lows)) if lows else None

    @property
    def sources(self) -> list[str]:
        return [s for s in dict.fromkeys(a.source or a.wire or "" for a in self.reports) if s]

    @property
    def languages(self) -> list[str]:
        return sorted({a.language for a in self.reports})


@dataclass
class Events:
    """Every article's event id, and the events reported more than once."""

    ids: dict[str, str]               # article slug → event id (lone reports: their own)
    events: dict[str, Event]          # id → event, only those with two or more reports

    def id_of(self, article: Article) -> str:
        return self.ids.get(article.slug, article.slug)

    def of(self, article: Article) -> Event | None:
        """The article's event, when it has other reports."""
        return self.events.get(self.id_of(article))

    @property
    def newest_first(self) -> list[Event]:
        return sorted(self.events.values(),
                      key=lambda e: (e.first is None, -(e.first or date.min).toordinal(),
                                     -(e.last or date.min).toordinal(), e.id))


def find_events(articles: Sequence[Article]) -> Events:
    """Link the archive's reports and gather them into events (see events_cache.py for the
    same with what the last build learnt)."""
    return gather_events(articles, link_events(articles))


def gather_events(articles: Sequence[Article], ids: Sequence[str]) -> Events:
    """The events of linked articles (`ids` from link_events, in the same order)."""
    members: dict[str, list[Article]] = defaultdict(list)
    for article, event_id in zip(articles, ids, strict=True):
        members[event_id].append(article)
    events = {}
    for event_id, reports in members.items():
        if len(reports) < 2:
            continue
        reports.sort(key=_report_order)
        events[event_id] = Event(event_id, reports, _common_kinds(reports),
                                 _common_places(reports))
    return Events({a.slug: e for a, e in zip(articles, ids, strict=True)}, events)


def _report_order(article: Article) -> tuple:
    return (article.date is None, article.date or date.min,
            path_order(Path(article.seed or article.slug)), article.slug)


def _common_kinds(reports: list[Article]) -> list[str]:
    """The kinds most of the reports name, or else those named most often: a word one report
    uses in passing (the 'shooting' one report of a tanker collision mentions) does not label
    the event."""
    counts = Counter(k for a in reports for k in profile_kinds(a))
    most = max(counts.values(), default=0)
    wanted = most if 2 * most <= len(reports) else len(reports) // 2 + 1
    return sorted((k for k, n in counts.items() if n >= wanted), key=lambda k: (-counts[k], k))


def profile_kinds(article: Article) -> frozenset[str]:
    return _kinds(lexicon(), _TOKEN.findall(fold(article.title)),
                  _TOKEN.findall(fold(article.body[:LEDE_CHARS])))


def _kinds(lex: Lexicon, title: list[str], lede: list[str]) -> frozenset[str]:
    """The kinds the title and the first KIND_WORDS words of the text name (not "roundup",
    which only a title can say)."""
    return (lex.kinds_in(title) | lex.kinds_in(lede[:KIND_WORDS])) - {ROUNDUP}


def _common_places(reports: list[Article]) -> list[Place]:
    """Where it happened: the places two or more reports name (else the first report's),
    the most specific first. Where towns or sites are among them, countries other than
    theirs are left out: "19 Indonesian tourists" does not put a balloon crash in Indonesia."""
    seen: dict[str, Place] = {}
    counts: Counter[str] = Counter()
    for article in reports:
        for place in {p.id: p for p in article.places}.values():
            seen.setdefault(place.id, place)
            counts[place.id] += 1
    common = [seen[pid] for pid, n in counts.items() if n >= 2] or \
        list({p.id: p for p in reports[0].places}.values())
    sites = [p for p in common if p.kind in ("city", "other")]
    if sites:
        countries = {p.country for p in sites if p.country}
        common = [p for p in common if p.kind != "country" or p.country in countries]
    return sorted(common, key=lambda p: (-PLACE_WEIGHT.get(p.kind, 1.0), -counts[p.id], p.name))
