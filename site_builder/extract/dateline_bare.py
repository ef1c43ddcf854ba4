"""Datelines with no dash after them, read from a line's opening words: "MEDIA-INSPIRASI,
Makassar _Sulsel ..." (an outlet, a comma and a known place) and "BEIRUT At least ..." (an
upper-case place). Kept apart from dateline.py, which reads heads before a dash; the gazetteer
(`place_kind`) decides what is a place. Each returns (outlet, place, wire, lede) or None."""
from __future__ import annotations

import re
from collections.abc import Callable

from site_builder.extract.dateline_words import DOMAIN

PlaceTest = Callable[[str], "str | None"]
Bare = tuple["str | None", "str | None", "str | None", str]

_UPPER_PLACE = re.compile(
    r"^([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3})"          # NEW YORK
    r"(?:,\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?))?"               # , Turkey
    r"(?=\s+[A-Z\"“])")

_COMMA_HEAD = re.compile(r"^([A-Z0-9][\w.-]{1,30}(?: [A-Z0-9][\w.-]{1,30}){0,2}), "
                         r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})\b")


def comma_head(line: str, place_kind: PlaceTest) -> Bare | None:
    """"MEDIA-INSPIRASI, Makassar _Sulsel ...": an upper-case outlet or a domain, a comma and a
    known place, with no dash after them."""
    match = _COMMA_HEAD.match(line)
    if not match:
        return None
    outlet, place = match.groups()
    if not (outlet.isupper() or DOMAIN.match(outlet)) or place_kind(outlet):
        return None
    words = place.split()
    for end in range(len(words), 0, -1):           # the longest known place
        name = " ".join(words[:end])
        if place_kind(name):
            return (outlet, name, None, line[match.start(2) + len(name):].lstrip(" _"))
    return None


_MORE_CAPITALS = re.compile(r"\s+[A-Z]{2,}(?![a-z])")


def upper_place(line: str, place_kind: PlaceTest) -> Bare | None:
    """"BEIRUT At least 63 ..." or "ANKARA, Turkey — ...": an upper-case place opening the line."""
    match = _UPPER_PLACE.match(line)
    if not match:
        return None
    place, country = match.groups()
    if not country and _MORE_CAPITALS.match(line, match.end()):
        return None        # "TAPAK SWARNA's Andrew ...": part of a longer upper-case name
    if place_kind(place) or (country and place_kind(country) == "country"):
        return (None, place, None, line[match.end():].lstrip(" ,—–-"))
    return None
