"""The world's provinces, states and regions (ISO 3166-2), for the gazetteer.

English wire copy names a country's provinces ("Manabi and Guayas provinces", "Bavaria",
"Provence-Alpes-Côte d'Azur") that GeoNames' town lists lack. The `iso3166-2` package holds
every ISO 3166-2 subdivision (about 5,000) with its local name, other names tagged by language
(the English ones are taken: "Bayern" is also "Bavaria") and a centre point.

A subdivision the gazetteer already holds under another id (the supplement's regions, US
states, Indonesia's provinces) keeps that id and gains the ISO names; the others get the id
"iso3166-2:<code>". Many subdivision names are also ordinary words somewhere ("Central",
"Lakes", "Unity"), so extraction counts one only when its country is named in the article or
a cue backs it (see place_context.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from site_builder.extract.gazetteer_build import Builder

ID_PREFIX = "iso3166-2:"
CITY_SUBDIVISION = 100_000     # a subdivision named as a city this big is that city
_ENGLISH = re.compile(r"^\s*(.+?)\s*\(eng\)\s*$")
# Names made only of these say where in a country, not which place ("Eastern", "Central
# Valley"): never indexed.
GENERIC_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "centre", "center", "northeast", "northwest", "southeast", "southwest", "north-east",
    "north-west", "south-east", "south-west", "upper", "lower", "middle", "interior", "inner",
    "outer", "coast", "coastal", "littoral", "maritime", "valley", "valleys", "mountains",
    "mountain", "highlands", "lowlands", "plateau", "plateaux", "hills", "lakes", "lake",
    "river", "rivers", "sea", "islands", "island", "capital", "unity", "region", "province",
    "district", "state", "the", "of", "and", "savanes", "great", "greater", "new", "old",
})


@dataclass(frozen=True)
class Subdivision:
    code: str            # "DE-BY"
    country: str         # "DE"
    names: list[str]     # local name first, then English names
    lat: float | None
    lon: float | None


def read_subdivisions() -> Iterator[Subdivision]:
    """Every top-level subdivision (sub-subdivisions are left out: too fine, too many)."""
    from iso3166_2 import Subdivisions

    for country, subdivisions in Subdivisions().all.items():
        for code, row in subdivisions.items():
            if row.get("parentCode"):
                continue
            names = [row["name"]] + [m.group(1) for part in
                                     (row.get("localOtherName") or "").split(",")
                                     if (m := _ENGLISH.match(part))]
            names = [n for n in names if _distinctive(n)]
            if not names:
                continue
            lat_lon = row.get("latLng") or [None, None]
            yield Subdivision(code, country, names, lat_lon[0], lat_lon[1])


def _distinctive(name: str) -> bool:
    """A name that says which place: four letters or more, not an abbreviation ("AP", "NT"),
    not only generic words ("Southern", "Center")."""
    words = re.findall(r"[^\W\d_]+", name.casefold())
    return len(name) >= 4 and not name.isupper() and \
        any(w not in GENERIC_WORDS for w in words)


def add_subdivisions(builder: Builder, subdivisions: Iterator[Subdivision]) -> None:
    """Add each subdivision, or its names to the region the gazetteer has under that name."""
    from site_builder.extract.gazetteer import Entry, name_key

    for sub in subdivisions:
        known = _known_region(builder, sub, name_key)
        if known is not None:
            builder.alias(known, sub.names)
            continue
        lat = round(sub.lat, 4) if sub.lat is not None else None
        lon = round(sub.lon, 4) if sub.lon is not None else None
        # Indonesian news writes other countries' provinces as English does ("Bavaria").
        english = sub.names[1] if len(sub.names) > 1 else sub.names[0]
        builder.add(Entry(f"{ID_PREFIX}{sub.code}", "region", sub.country, lat, lon, 0,
                          english, english), sub.names)


def _known_region(builder: Builder, sub: Subdivision, name_key) -> int | None:
    """The gazetteer's entry for this subdivision: a region of its country by that name, or a
    big city of that name (a city with a subdivision's status: Baku, Bangkok)."""
    for name in sub.names:
        for position in builder.names.get(name_key(name), ()):
            entry = builder.entry(position)
            if entry.country != sub.country:
                continue
            if entry.kind == "region" or (entry.kind == "city"
                                          and entry.population >= CITY_SUBDIVISION):
                return position
    return None
