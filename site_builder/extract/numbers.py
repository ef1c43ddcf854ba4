"""Quantities in Indonesian and English news text: digits, number words, vague words, qualifiers.

Digits follow the text's language ("1.200" is 1200 in Indonesian, "1,200" in English; Babel's
number parser knows both). Number words are parsed by kata2angka (Indonesian) and text2num
(English); vague quantities ("puluhan", "dozens") map to the ranges of DESIGN.md, which no
library gives (text2num reads "hundreds" as exactly 100). A qualifier before a quantity ("lebih
dari", "at least", "hampir", "nearly", "sekitar", "hingga") turns it into a range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import kata2angka
from babel.numbers import NumberFormatError, parse_decimal
from text_to_num import text2num

from site_builder.extract.literals import alternation

# DESIGN.md: vague quantities as ranges (min, max).
VAGUE: dict[str, tuple[int, int]] = {
    "belasan": (11, 19),
    "puluhan": (20, 99),
    "ratusan": (200, 999),
    "ribuan": (2000, 9999),
    "dozens": (24, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "several": (3, 9),
    "beberapa": (3, 9),
    "sejumlah": (3, 9),
    "a dozen": (12, 12),
    "a handful": (3, 5),
}
SINGULAR = {
    "seorang": 1,
    "sesosok": 1,
    "seekor": 1,
    "a man": 1,
    "a woman": 1,
    "a child": 1,
    "a boy": 1,
    "a girl": 1,
    "a person": 1,
    "one person": 1,
    "a teenager": 1,
    "an elderly": 1,
    "a police": 1,
    "a soldier": 1,
    "a pilot": 1,
    "a worker": 1,
}
_ID_WORDS = [
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
    "belas",
    "puluh",
    "ratus",
    "ribu",
    "juta",
    "seratus",
    "seribu",
    "sejuta",
]
_EN_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
]

_SCALE_WORDS = {"belas", "puluh", "ratus", "ribu", "juta", "hundred", "thousand", "million", "and"}

# Qualifier → how it turns N into (min, max). "open" = (N, None), "upper" = (None, N).
QUALIFIERS: dict[str, str] = {
    "lebih dari": "open",
    "lebih": "open",
    "sedikitnya": "open",
    "setidaknya": "open",
    "paling sedikit": "open",
    "minimal": "open",
    "sekurang-kurangnya": "open",
    "at least": "open",
    "more than": "open",
    "over": "open",
    "upwards of": "open",
    "hampir": "upper",
    "nyaris": "upper",
    "nearly": "upper",
    "almost": "upper",
    "hingga": "upper",
    "up to": "upper",
    "as many as": "upper",
    "kurang dari": "upper",
    "fewer than": "upper",
    "less than": "upper",
    "sekitar": "about",
    "kurang lebih": "about",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "some": "about",
    "roughly": "about",
    "an estimated": "about",
}

SCALES = {"juta": 1_000_000, "million": 1_000_000, "ribu": 1000, "thousand": 1000}
_SCALE = "|".join(SCALES)
# The word lists as tries (`alternation`: longest first, as these alternations were written;
# a quarter less time for QUANTITY's scan).
_NUMBER_WORD = alternation(set(_ID_WORDS + _EN_WORDS))
_QUALIFIER = alternation(QUALIFIERS)
_VAGUE = alternation(VAGUE)
_SINGULAR = alternation(SINGULAR)
# One quantity: optional qualifier, then digits (with a scale word: "1,5 juta"), a run of number
# words, a vague word or a singular ("seorang"). Digits may be glued to the next word by
# scrapers ("19wisatawan"). The look-behind first lets the scan skip the inside of words fast.
QUANTITY = re.compile(
    rf"(?<!\w)(?:(?P<qual>(?:{_QUALIFIER}))\s+)?(?:"
    rf"(?P<decimal>(?<![\w.,/])\d{{1,3}}[.,]\d{{1,2}}(?![.,]?\d|/))\s*(?P<dscale>{_SCALE})\b"
    rf"|(?P<digits>(?<![\w.,/])(?:\d{{1,3}}(?:[.,]\d{{3}})+|\d{{1,7}})(?![.,]?\d|/))"
    rf"(?:\s*(?P<scale>{_SCALE})\b)?"
    rf"|(?P<words>\b(?:{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}|and))*\b)"
    rf"|(?P<vague>\b(?:{_VAGUE})\b)|(?P<single>\b(?:{_SINGULAR})\b))"
)   # matched on lower-cased text: case-insensitive matching costs twice the time


@dataclass(frozen=True)
class Quantity:
    """A quantity found in text: its span, its range, and whether it was exact."""

    start: int
    end: int
    min: int | None
    max: int | None
    exact: bool


def fold(text: str) -> str:
    """Lower-case text with offsets kept (a few characters, such as 'İ', grow when lowered)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@lru_cache(maxsize=4096)
def parse_digits(text: str, language: str) -> int | None:
    """'1.200' → 1200 (id), '1,200' → 1200 (en); a lone '1.5' is not a count."""
    try:
        value = parse_decimal(text, locale="id" if language == "id" else "en", strict=False)
    except NumberFormatError:
        return None
    return int(value) if value == int(value) and value >= 0 else None


def parse_scaled(digits: str, scale: str, language: str) -> int | None:
    """'1,5 juta' → 1500000 (id), '2.5 million' → 2500000 (en)."""
    try:
        value = parse_decimal(digits, locale="id" if language == "id" else "en", strict=True)
    except NumberFormatError:
        return None
    return int(value * SCALES[scale.lower()])


def parse_words(text: str, language: str) -> int | None:
    """'lima belas' → 15, 'seribu dua ratus' → 1200, 'twenty-one' → 21."""
    words = text.lower().replace("-", " ").split()
    if not words or words[0] in _SCALE_WORDS:
        return None
    english = words[0] in _EN_WORDS and words[0] not in ("dua",)
    try:
        if english:
            return int(text2num(" ".join(w for w in words if w != "and"), "en"))
        return int(kata2angka.word_to_num(" ".join(words)))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def find_quantities(text: str, language: str) -> list[Quantity]:
    """Every quantity in `text`, left to right, with qualifiers applied."""
    found: list[Quantity] = []
    for match in QUANTITY.finditer(fold(text)):
        value_range = _value(match, language)
        if value_range is None:
            continue
        low, high, exact = value_range
        qualifier = (match.group("qual") or "").lower()
        low, high, exact = _qualify(low, high, exact, QUALIFIERS.get(qualifier))
        found.append(Quantity(match.start(), match.end(), low, high, exact))
    return found


def _value(match: re.Match, language: str) -> tuple[int, int, bool] | None:
    if match.group("decimal"):
        scaled = parse_scaled(match.group("decimal"), match.group("dscale"), language)
        return (scaled, scaled, True) if scaled is not None else None
    if match.group("digits"):
        value = parse_digits(match.group("digits"), language)
        if value is None:
            return None
        value *= SCALES.get((match.group("scale") or "").lower(), 1)
        return value, value, True
    if match.group("words"):
        value = parse_words(match.group("words"), language)
        return (value, value, True) if value is not None else None
    if match.group("vague"):
        low, high = VAGUE[match.group("vague").lower()]
        return low, high, False
    if match.group("single"):
        return 1, 1, True
    return None


def _qualify(
    low: int, high: int, exact: bool, how: str | None
) -> tuple[int | None, int | None, bool]:
    if how is None or not exact:
        return low, high, exact
    if how == "open":
        return low, None, False
    if how == "upper":
        return None, high, False
    return low, high, False  # "about N": N, noted as approximate
