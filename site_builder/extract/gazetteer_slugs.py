"""Place pages' slugs, given out once over the whole gazetteer, so that a place's URL is a
function of the place and of the gazetteer (the same for every build of a package version),
never of which other places an archive happens to hold: adding an article that names a second
"Portoviejo" moves no page, and a fresh build gives the slugs an incremental one gives.

Every gazetteer place, most important first (kind: country, region, city, other; then by
population; then by id), is offered in turn:
1. its name in the site language ("armenia"): the first place of that name has it;
2. else the name and country code ("armenia-co"), unless that is another place's name;
3. else the name, the country code and its id ("san-jose-ph-1689395"): unique, as ids are.
A place the gazetteer lacks is named by its id (`fallback_slug`), numbered past the gazetteer's.
A slug is a function of the place and the gazetteer, so no order of arrival can change it.
A slug is ASCII letters, digits and hyphens (urls.slugify), so it cannot climb out of output/;
the pool that gives them out never gives one twice.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from site_builder.urls import SlugPool, slugify

SLUG_LANGUAGES = ("id", "en")     # the gazetteer's two names (place_name: "id", else "en")
_KIND_RANK = {"country": 0, "region": 1, "city": 2, "other": 3}
_slugify = slugify.__wrapped__    # 330,000 names once: do not flush the cache extraction uses


def name_language(language: str) -> str:
    """Which of the gazetteer's names a site in `language` shows (as Gazetteer.place_name)."""
    return "id" if language == "id" else "en"


def assign_slugs(rows: Iterable[tuple], language: str) -> dict[str, str]:
    """Place id → slug for every gazetteer row (Entry fields as a tuple; of rows sharing an id,
    the last, as Gazetteer.entry reads it), in the site language's names."""
    named: dict[str, tuple] = {}
    for row in rows:
        place_id, kind, country, _, _, population, name_en, name_id = row[:8]
        name = name_id if name_language(language) == "id" else name_en
        named[place_id] = ((_KIND_RANK.get(kind, 9), -(population or 0), place_id), name, country)
    order = sorted(named, key=lambda i: named[i][0])
    pool = SlugPool()
    slugs: dict[str, str] = {}
    for place_id in order:                      # 1: the first of each name has it plain
        plain = _slugify(named[place_id][1])
        if plain not in pool:
            slugs[place_id] = pool.take(plain)
    rest = [i for i in order if i not in slugs]
    for place_id in rest:                       # 2: name-CC, where it is no place's name
        _, name, country = named[place_id]
        with_country = _slugify(f"{name} {country}") if country else ""
        if with_country and with_country not in pool:
            slugs[place_id] = pool.take(with_country)
    for place_id in rest:                       # 3: name-CC-id
        if place_id not in slugs:
            _, name, country = named[place_id]
            slugs[place_id] = pool.take(_slugify(f"{name} {country or ''} {id_tail(place_id)}"))
    return slugs


def id_tail(place_id: str) -> str:
    """The id without its scheme ("geonames:3652941" → "3652941")."""
    return place_id.partition(":")[2] or place_id


def fallback_base(place_id: str) -> str:
    """What the slug of a place the gazetteer lacks is made from: its id without the scheme,
    as a slug (extraction's "name:gunung-raung" → "gunung-raung")."""
    return slugify(id_tail(place_id))


def fallback_slug(place_id: str, gazetteer_slugs: set[str]) -> str:
    """The slug of a place the gazetteer does not know, from its id (which, unlike the name an
    article gives it, no added article can change) and the gazetteer's slugs that are
    `fallback_base` or `fallback_base-...`: numbered past those ("bali" is the island's page:
    "name:bali" is "bali-2"), so it never takes a gazetteer place's. An id not written as a
    slug ("name:Gunung Raung", by hand) adds a digest of itself: "name:gunung-raung" and it
    cannot then take each other's page, whichever the archive holds first."""
    base = fallback_base(place_id)
    slug = SlugPool(gazetteer_slugs).take(base)
    if id_tail(place_id) != base:
        digest = hashlib.sha256(place_id.encode("utf-8", "surrogatepass")).hexdigest()[:6]
        slug = _slugify(f"{slug} {digest}")
    return slug
