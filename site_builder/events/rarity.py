"""How rare a word is, and an article's words weighed by it (tf-idf vectors of unit length).

The rarity of a word is what it is in the language, not in this archive: minus the log of
its frequency in wordfreq's word lists of English and Indonesian (the commonest 30,000 or so of
each, the higher of the two). It was the inverse document frequency over the archive, which
made every article's vector depend on every other article: one new article changed them all,
so linking had to start again from the first report. With the language's rarity a report's
vector is its own, and a change relinks only the reports it can reach (see link.py).

A word the lists do not hold counts as rare as their rarest; a figure (wordfreq folds digits
together, "442" as "000") counts FIGURE_RARITY. The lists are read once a process (importing
wordfreq costs a seventh of a second): a build keeps them in its database (link.py).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from operator import itemgetter
from pathlib import Path

from site_builder.events.lexicon import fold
from site_builder.events.profiles import Profile

LANGUAGES = ("en", "id")
WORDLIST = "small"             # the commonest words of each language (loads in 20 ms)
# A figure weighs as a word of frequency e**-11 (about 1 in 60,000 words). Of 6, 11, 13.8 (as a
# word the lists lack) and 14, 11 scores best cross-validated by the fit's own measure
# (fit.py: pairs F0.5), and links eval-events exactly as the archive's own statistics did.
FIGURE_RARITY = 11.0
VECTOR_TERMS = 60              # an article's text is its heaviest words, this many
_TF = [0.0] + [1 + math.log(n) for n in range(1, 64)]    # sublinear term frequency


@cache
def word_table() -> dict[str, float]:
    """Each folded word of the lists → its rarity (minus the log of its frequency); not
    figures (the lists hold "000", "1", "2"...)."""
    from wordfreq import get_frequency_dict
    frequencies: dict[str, float] = {}
    for language in LANGUAGES:
        for word, share in get_frequency_dict(language, WORDLIST).items():
            key = fold(word)
            frequencies[key] = max(frequencies.get(key, 0.0), share)
    return {word: -math.log(share) for word, share in frequencies.items()
            if not word[:1].isdigit()}          # a figure weighs FIGURE_RARITY


def unknown_rarity(table: Mapping[str, float]) -> float:
    """What a word the lists lack weighs: as much as their rarest."""
    return max(table.values(), default=FIGURE_RARITY)


def wordlist_version() -> str:
    """The word lists, by the size of their files: other lists, other vectors (the link
    state names them). Found without importing wordfreq or reading its metadata (a tenth
    of a second each, on every build)."""
    from importlib.util import find_spec
    spec = find_spec("wordfreq")
    data = Path(spec.origin).parent / "data" if spec and spec.origin else Path()
    sizes = [(data / f"{WORDLIST}_{language}.msgpack.gz").stat().st_size
             for language in LANGUAGES]
    return f"wordfreq {WORDLIST} {sizes}"


def weigh(p: Profile, rarity: Rarity) -> None:
    """Give a profile its vectors of unit length, of all words and of the names alone, then
    let its word counts go (the vectors are what pairs compare)."""
    if p.vector or not p.terms:
        return
    weights = {t: _TF[min(n, 63)] * rarity[t] for t, n in p.terms.items()}
    p.vector = _unit(_top(weights))
    p.name_vector = _unit(_top({t: weights[t] for t in p.names}))
    p.terms, p.names = type(p.terms)(), type(p.names)()


class Rarity(dict[str, float]):
    """The rarity of any term: the word table's (or the part of it a caller read, with the
    whole table's `unknown_rarity`), and for a term it lacks (worked out once, then kept: a
    look-up in C for every word of every report) a figure's or an unknown word's."""

    def __init__(self, table: Mapping[str, float], unknown: float | None = None) -> None:
        super().__init__(table)
        self.unknown = unknown_rarity(table) if unknown is None else unknown

    def __missing__(self, term: str) -> float:
        value = self[term] = FIGURE_RARITY if term[0].isdigit() else self.unknown
        return value


def _top(vector: dict[str, float]) -> dict[str, float]:
    """The VECTOR_TERMS heaviest terms: the rest is noise, and costs time in every pair."""
    if len(vector) <= VECTOR_TERMS:
        return vector
    return dict(sorted(vector.items(), key=itemgetter(1), reverse=True)[:VECTOR_TERMS])


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}
