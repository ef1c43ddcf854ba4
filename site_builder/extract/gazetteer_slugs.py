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

from site_builder.urls import SlugPool, slugify, slugify_many

SLUG_LANGUAGES = ("id", "en")     # the gazetteer's two names (place_name: "id", else "en")
_KIND_RANK = {"country": 0, "region": 1, "city": 2, "other": 3}
_slugify = slugify.__wrapped__    # 330,000 names once: do not flush the cache extraction uses


def name_language(language: str) -> str:
    """Which of the gazetteer's names a site in `language` shows (as Gazetteer.place_name)."""
    return "id" if language == "id" else "en"


def assign_slugs(rows: Iterable[tuple], language: str,
                 memo: dict[str, str] | None = None) -> dict[str, str]:
    """Place id → slug for every gazetteer row (Entry fields as a tuple; of rows sharing an id,
    the last, as Gazetteer.entry reads it), in the site language's names. `memo` (name → slug)
    may be shared between calls: the two languages' names are mostly the same, and slugifying
    them is most of the work."""
    return _assign(_ranked(rows), name_language(language) == "id",
                   {} if memo is None else memo)


def assign_all_slugs(rows: Iterable[tuple]) -> dict[str, dict[str, str]]:
    """assign_slugs for every language in SLUG_LANGUAGES, ordering the places and slugifying
    each distinct name once (what building the index pays: 330,000 places a language)."""
    ranked, memo = _ranked(rows), {}
    return {language: _assign(ranked, name_language(language) == "id", memo)
            for language in SLUG_LANGUAGES}


def _ranked(rows: Iterable[tuple]) -> list[tuple]:
    """The rows, one an id (the last), most important first: kind, population, id."""
    named = {row[0]: row for row in rows}
    return sorted(named.values(),
                  key=lambda row: (_KIND_RANK.get(row[1], 9), -(row[5] or 0), row[0]))


def _assign(ranked: list[tuple], use_id: bool, memo: dict[str, str]) -> dict[str, str]:
    """The three steps of the module docstring over `ranked` (_ranked's order)."""
    column = 7 if use_id else 6          # Entry.name_id, Entry.name_en
    taken: set[str] = set()
    slugs: dict[str, str] = {}
    rest: list[tuple] = []
    plain = _slugified([row[column] for row in ranked], memo)
    # 1: the first of each name has it plain
    for row, slug in zip(ranked, plain, strict=True):
        if slug in taken:
            rest.append(row)
        else:
            taken.add(slug)
            slugs[row[0]] = slug
    later = []
    with_country = _slugified([f"{row[column]} {row[2]}" for row in rest], memo)
    # 2: name-CC, where it is no place's name
    for row, slug in zip(rest, with_country, strict=True):
        if row[2] and slug not in taken:
            taken.add(slug)
            slugs[row[0]] = slug
        else:
            later.append(row)
    pool = SlugPool()
    pool.taken = taken         # steps 1 and 2 only took free slugs: no numbering to remember
    with_id = _slugified([f"{row[column]} {row[2] or ''} {id_tail(row[0])}" for row in later],
                         memo)
    for row, slug in zip(later, with_id, strict=True):   # 3: name-CC-id
        slugs[row[0]] = pool.take(slug)
    return slugs


def _slugified(texts: list[str], memo: dict[str, str]) -> list[str]:
    """slugify of each text, through `memo` (text → slug), the missing ones in one batch."""
    missing = list({text for text in texts if text not in memo})
    memo.update(zip(missing, slugify_many(missing), strict=True))
    return [memo[text] for text in texts]


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
