"""An article's words for place extraction: tokens with offsets, capitalised runs, and the
longest gazetteer name at a word (the scanner every place rule reads)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, pairwise

from site_builder.extract.gazetteer import Entry, Gazetteer, name_key
from site_builder.extract.literals import alternation
from site_builder.extract.place_words import (
    COMMON_WORDS,
    CONNECTORS,
    DROPPED_PREFIXES,
    KEPT_LOWER,
    KEPT_PREFIXES,
    LOCATIVE_CUES,
    ORG_TAILS,
)

MAX_NGRAM = 5


# Dotted abbreviations (U.S.), then words with inner hyphens/apostrophes (Nagorno-Karabakh).
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:[-'\u2019][^\W_]+)*")
_POSSESSIVE = ("'s", "\u2019s")


# Where a word ends: no letter or digit next, nor a hyphen or apostrophe that joins one.
_WORD_END = r"(?![^\W_]|[-'\u2019][^\W_])"
# A word `_tokens` would drop: ASCII lower-case letters (hyphens between, no apostrophe: "'s"
# may be a possessive), not a word the rules read (KEPT_LOWER), not a dotted abbreviation.
_DROPPED = (r"(?![a-z]\.[^\W\d_]\.)"
            rf"(?!(?:{alternation(KEPT_LOWER)}){_WORD_END})[a-z]+(?:-[a-z]+)*{_WORD_END}")
# split() hands back (gap, dropped words and their gaps, word) for every word `_TOKEN` finds
# that is not dropped, as strings: the words' offsets are sums of lengths (cheaper than a match
# object per word), and most words of a text, lower case, never reach Python. An empty word
# closes the text (`\Z`: dropped words at its end).
_TOKEN_SPLIT = re.compile(rf"((?:{_DROPPED}[\W_]*)*+)({_TOKEN.pattern}|\Z)")


_SPACE_GAP = re.compile(r"[ \t\u00a0]{1,3}")


_SENTENCE_END = frozenset(".!?\"“”:;\n")


# detik's regional channels are written glued ("detikJabar"): an outlet, not a place.
_NO_SPLIT_BEFORE = ("detik",)


_ARTICLE_PREFIXES = ("al-", "el-", "ad-", "as-", "ar-", "an-", "ash-", "at-", "az-")


class _Token:
    """A word with its offsets, lookup key and case (the word's shape: `_shape`)."""

    __slots__ = ("all_caps", "capitalised", "end", "key", "start", "text")

    def __init__(self, text: str, start: int, end: int, key: str, capitalised: bool,
                 all_caps: bool) -> None:
        self.text, self.start, self.end, self.key = text, start, end, key
        self.capitalised, self.all_caps = capitalised, all_caps


def _token(text: str, start: int) -> _Token:
    """The token of one word at `start`."""
    key, capitalised, all_caps = _shape(text)
    return _Token(text, start, start + len(text), key, capitalised, all_caps)


_SHAPES: dict[str, tuple[str, bool, bool]] = {}   # word → (key, capitalised, all caps)


def _shape(word: str) -> tuple[str, bool, bool]:
    """A word's lookup key and case, worked out once per distinct word (a pure function of
    the word: shared across articles, bounded like `_KEYS`)."""
    shape = _SHAPES.get(word)
    if shape is None:
        if len(_SHAPES) > 500_000:
            _SHAPES.clear()
        shape = _SHAPES[word] = (
            word_key(word), word[:1].isupper() or _arabic_capitalised(word),
            len(word) >= 2 and word.isupper() and word.isalpha())
    return shape


def _arabic_capitalised(text: str) -> bool:
    """Arabic names such as "al-Zor" count as capitalised."""
    head, dash, rest = text.partition("-")
    return bool(dash) and f"{head}-" in _ARTICLE_PREFIXES and rest[:1].isupper()


@dataclass
class Hit:
    """A gazetteer name at tokens [i, i + length): its candidates and what backs it."""

    i: int
    length: int
    cands: list[Entry]
    cued: bool
    prefixed: bool = False
    unit: str = ""           # the register unit its prefix names ("Kecamatan": "district")
    nested: bool = False     # beside the area it lies in ("Maospati Magetan")


@dataclass
class Found:
    """One place mention: where it is, what it denotes (entry) or its own name (local places)."""

    start: int
    surface: str
    entry: Entry | None
    local_name: str | None = None
    local_kind: str = "other"
    end: int = 0


_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


_KEYS: dict[str, str] = {}     # word → name_key, shared across articles (bounded below)


def word_key(word: str) -> str:
    key = _KEYS.get(word)
    if key is None:
        if len(_KEYS) > 500_000:
            _KEYS.clear()
        key = _KEYS[word] = name_key(word)
    return key


def _tokens(text: str) -> list[_Token]:
    """Words with offsets; words glued by scrapers ("diJalur") split at the case change."""
    tokens = []
    append = tokens.append
    parts = _TOKEN_SPLIT.split(text)
    ends = list(accumulate(map(len, parts)))
    for word, start, end in zip(parts[2::3], ends[1::3], ends[2::3], strict=True):
        if not word:
            continue                    # the end of the text
        if word.islower():
            if word in KEPT_LOWER:      # lower-case words the rules read (no apostrophes)
                append(_Token(word, start, end, word, False, False))
                continue
            if not word.endswith(_POSSESSIVE):
                continue                # most words: lower case, they only separate names
        elif word[-2:] not in _POSSESSIVE:
            whole = _WHOLE.get(word)        # most words: one piece, seen before
            if whole is not None:
                append(_Token(word, start, end, *whole))
                continue
            for piece, offset, key, capitalised, all_caps in _pieces(word):
                append(_Token(piece, start + offset, start + offset + len(piece), key,
                              capitalised, all_caps))
            continue
        if len(word) > 3:               # possessive: "Uganda's"
            word = word[:-2]
        if word.islower():
            if word in KEPT_LOWER:     # other lower-case words only separate names
                tokens.append(_token(word, start))
            continue
        for piece, offset, key, capitalised, all_caps in _pieces(word):
            append(_Token(piece, start + offset, start + offset + len(piece), key,
                          capitalised, all_caps))
    return tokens


_PIECES: dict[str, tuple[tuple[str, int, str, bool, bool], ...]] = {}
# The words `_pieces` left whole: word → (key, capitalised, all caps), read in `_tokens` without
# a call or a loop over pieces.
_WHOLE: dict[str, tuple[str, bool, bool]] = {}


def _pieces(word: str) -> tuple[tuple[str, int, str, bool, bool], ...]:
    """The tokens a word that is not all lower case makes: (text, offset, key, capitalised,
    all caps) of each piece; one piece unless scrapers glued it (`_unglue`). Worked out once
    per distinct word: a pure function of the word."""
    found = _PIECES.get(word)
    if found is None:
        if len(_PIECES) > 500_000:
            _PIECES.clear()
            _WHOLE.clear()
        split = [(word, 0)] if word[1:].islower() or word.isupper() else _unglue(word)
        found = _PIECES[word] = tuple((piece, offset, *_shape(piece)) for piece, offset in split)
        if len(found) == 1:
            _WHOLE[word] = found[0][2:]
    return found


# Unit and feature words that scrapers glue to the name after them ("KecamatanLamongan",
# "KabupatenSampang", "JalanMawar"): split like a lower-case word glued to a name.
_GLUED_UNITS = frozenset(DROPPED_PREFIXES) | KEPT_PREFIXES


def _unglue(word: str) -> list[tuple[str, int]]:
    cuts = [m.start() for m in _GLUE.finditer(word)]
    head = word[:cuts[0]] if cuts else ""
    if not cuts or head.endswith(_NO_SPLIT_BEFORE) or \
            not (head.islower() or head.casefold() in _GLUED_UNITS):
        return [(word, 0)]
    bounds = [0, *cuts, len(word)]
    return [(word[a:b], a) for a, b in pairwise(bounds)]


def _split_routes(tokens: list[_Token], gaz: Gazetteer) -> list[_Token]:
    """A hyphenated word that is no name of its own but joins capitalised names is a route or a
    pair ("Tangerang-Batuceper", "jalur Mojokerto-Lamongan", "R-Utah"): its parts are words of
    their own, when each is a name (or a party's initial). Hyphenated names stay whole
    ("Nagorno-Karabakh"), and so do words with a part that is no name ("Indo-Australia").
    Only the hyphenated tokens are looked at (a few an article): the rest are copied in runs."""
    hyphenated = [n for n, tok in enumerate(tokens) if "-" in tok.text]
    if not hyphenated:
        return tokens
    out: list[_Token] = []
    last = 0
    for n in hyphenated:
        out += tokens[last:n]
        out += _route_parts(tokens[n], gaz)
        last = n + 1
    out += tokens[last:]
    return out


def _route_parts(tok: _Token, gaz: Gazetteer) -> list[_Token]:
    """A hyphenated token's words: its parts when it is a route or pair, else itself."""
    if not tok.capitalised or gaz.candidates(tok.key):
        return [tok]
    parts = tok.text.split("-")
    if not all((len(part) == 1 and part.isupper()) or gaz.candidates(word_key(part))
               for part in parts) or f"{parts[0].lower()}-" in _ARTICLE_PREFIXES:
        return [tok]           # "Indo-Australia", "Al-Luweib": one word
    out = []
    offset = 0
    for part in parts:
        out.append(_token(part, tok.start + offset))
        offset += len(part) + 1
    return out


_ABBREVIATIONS = frozenset({"st", "mt", "ft", "jl", "jln"})


def _joins(text: str, tokens: list[_Token]) -> list[bool]:
    """For each token, True when it follows the one before with only spaces between (one name
    possible): a glued word split (no gap), up to three spaces, or "St. ", "Jl." ..."""
    if not tokens:
        return []
    gaps = [text[before.end:tok.start] for before, tok in pairwise(tokens)]
    return [False, *[gap == " " or not gap
                     or (len(gap) <= 3 and _SPACE_GAP.fullmatch(gap) is not None)
                     or (gap in (". ", ".") and before.key in _ABBREVIATIONS)
                     for before, gap in zip(tokens[:-1], gaps, strict=True)]]


class Scanner:
    """One article's tokens and where the gaps between them allow a multi-word name."""

    def __init__(self, text: str, title_end: int, language: str, gazetteer: Gazetteer) -> None:
        self.text = text
        self.title_end = title_end
        self.language = language
        self.gaz = gazetteer
        self.tokens = _split_routes(_tokens(text), gazetteer)
        self.joined = _joins(text, self.tokens)
        self.local_keys: set[str] = set()
        self.local_firsts: set[str] = set()     # the first words of local_keys
        self.lower_words: dict[str, bool] = {}     # word → written in lower case somewhere
        self._indonesian: dict[int, tuple[list[Entry], list[Entry]]] = {}
        self.choices: dict[tuple[int, str], object] = {}    # see place_context.choice_of
        self.vehicles: bool | None = None     # a vehicle word in the text: see place_context
        self.local_seen = 0
        self._run_starts: list[int] | None = None
        self._run_ends: list[int] | None = None
        self._next_hyphen: list[int] | None = None

    def gap_before(self, i: int) -> str:
        return self.text[self.tokens[i - 1].end:self.tokens[i].start] if i > 0 else "\n"

    def weak(self, i: int) -> bool:
        """Title words and sentence starts are capitalised anyway: weak evidence of a name."""
        start = self.tokens[i].start
        if start < self.title_end:
            return True
        before = self.text[max(0, start - 12):start].rstrip(" \t\u00a0(\u2018'")
        return not before or before[-1] in _SENTENCE_END

    def namey(self, i: int) -> bool:
        """Capitalised and not a function word capitalised by position ("In Paris")."""
        tok = self.tokens[i]
        return tok.capitalised and (tok.key not in COMMON_WORDS or tok.all_caps)

    def run_start(self, i: int) -> int:
        """First token of the capitalised run that contains token i."""
        if self._run_starts is None:       # computed once: a walk per call is quadratic
            starts = self._run_starts = list(range(len(self.tokens)))
            for j in range(1, len(starts)):
                if self.joined[j] and self.namey(j - 1):
                    starts[j] = starts[j - 1]
        return self._run_starts[i]

    def run_end(self, i: int) -> int:
        """One past the last token of the capitalised run that contains token i (a function word
        may open a run, "In Paris", but a capitalised word after a name extends it)."""
        if self._run_ends is None:
            n = len(self.tokens)
            ends = self._run_ends = list(range(1, n + 1))
            for j in range(n - 2, -1, -1):
                if self.joined[j + 1] and self.tokens[j + 1].capitalised:
                    ends[j] = ends[j + 1]
        return self._run_ends[i]

    def next_hyphen(self, i: int) -> int:
        """The first token from i on with a hyphen in it or right before it ("Tuban-Babat"
        split by `_split_routes`); len(tokens) when none: routes are looked for only there."""
        if self._next_hyphen is None:
            toks, text = self.tokens, self.text
            found = self._next_hyphen = [len(toks)] * (len(toks) + 1)
            for j in range(len(toks) - 1, -1, -1):
                hyphen = "-" in toks[j].text or \
                    (j > 0 and text[toks[j - 1].end:toks[j].start] == "-")
                found[j] = j if hyphen else found[j + 1]
        return self._next_hyphen[i]

    def longest(self, i: int, limit: int) -> tuple[int, list[Entry]]:
        """The longest gazetteer name starting at token i (at most `limit` tokens): capitalised
        words, joined, with connectors between them ("Jalur Gaza", "Bosnia and Herzegovina")."""
        toks, joined = self.tokens, self.joined
        if i >= limit or not toks[i].capitalised:
            return 0, []
        cache = self.gaz.cached     # the gazetteer's lists, read without a call per n-gram
        key = toks[i].key
        cands = cache.get(key)
        if cands is None:
            cands = self.gaz.candidates(key)
        best: tuple[int, list[Entry]] = (1, cands) if cands else (0, [])
        for j in range(i + 1, min(i + MAX_NGRAM, limit)):
            tok = toks[j]
            if not joined[j] or (not tok.capitalised and tok.key not in CONNECTORS):
                break
            key = f"{key} {tok.key}"
            if tok.capitalised:
                cands = cache.get(key)
                if cands is None:
                    cands = self.gaz.candidates(key)
                if cands:
                    best = (j - i + 1, cands)
        return best

    def in_indonesia(self, cands: list[Entry]) -> list[Entry]:
        """The Indonesian ones of a name's candidates, worked out once per list. The memo keeps
        each list it was asked about: a list keyed by id() that died (`longest`'s empty list,
        a list the gazetteer's cache dropped) would hand its id, and its answer, to a new list."""
        memo = self._indonesian.get(id(cands))
        if memo is None:
            memo = self._indonesian[id(cands)] = (cands, [c for c in cands if c.country == "ID"])
        return memo[1]

    def candidates(self, key: str) -> list[Entry]:
        """The gazetteer's candidates for a name: one list per name (so rules can remember
        what they worked out for it)."""
        return self.gaz.candidates(key)

    def surface(self, i: int, end: int) -> str:
        """The text of tokens [i, end), with a space where a glued word was split
        ("JalanMawar" reads "Jalan Mawar")."""
        if end == i + 1:
            return self.tokens[i].text
        return self.tokens[i].text + "".join((self.gap_before(j) or " ") + self.tokens[j].text
                                             for j in range(i + 1, end))


def cued(sc: Scanner, i: int) -> bool:
    return i > 0 and sc.joined[i] and sc.tokens[i - 1].key in LOCATIVE_CUES


def org_tail(sc: Scanner, end: int) -> bool:
    return end < len(sc.tokens) and sc.joined[end] and sc.tokens[end].key in ORG_TAILS
