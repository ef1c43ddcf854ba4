"""Places named in an article: capitalised word n-grams looked up in the gazetteer, plus context.

How it decides, in one pass over the tokens (linear time, dict look-ups only; lower-case words
are kept only when a rule reads them):
- Only capitalised whole words start a name; the longest gazetteer name wins ("Jalur Gaza" over
  "Gaza", "Jakarta Selatan" over "Jakarta").
- A generic prefix (Kota, Kabupaten, Desa, Kecamatan, Provinsi, Negara Bagian, "village of" ...)
  marks the capitalised words after it, and a list after it ("Kecamatan Panga, Teunom dan
  Jaya"), as places even when the gazetteer lacks them; the prefix is dropped from the name.
  Feature words (Jalan, Gunung, Selat, Pulau, Danau ...) also mark a place and stay in its name.
- Indonesian addresses run from small to large ("Jalan X, Bukit Duri Timur, Tebet, Jakarta
  Selatan"): unknown names between known places of one comma chain are places too.
- Names inside organisations and facilities (Polda Papua, BPBD DKI Jakarta, ISIS Afrika Barat,
  Bandara ..., New York Stock Exchange) are skipped; so are adjectives ("U.S. officials").
- A country or region always counts. A town counts when it is big, or when a cue backs it: a
  prefix, a locative word before it ("di", "in"), or its country named in the same article.
  Common words that are also towns somewhere (Kota, Para, Luka, Bukan, Baru ...) never count
  alone; nor do title words, or names the article uses for people ("George Zimmerman").
Places the gazetteer lacks get the id "name:<key>" and no coordinates.
"""
from __future__ import annotations

from collections.abc import Callable

from site_builder.extract.gazetteer import Entry, Gazetteer, name_key
from site_builder.extract.place_context import (
    Areas,
    area_candidates,
    choice_of,
    context_countries,
    nest_areas,
    person_words,
    resolve,
)
from site_builder.extract.place_prefixes import (
    PREFIX_WORDS,
    address_chains,
    in_organisation,
    known_local,
    local_place,
    prefixed,
    suffixed,
    unknown_name,
)
from site_builder.extract.place_routes import ROAD_HEADS, described, routed
from site_builder.extract.place_tokens import Found, Hit, Scanner, cued
from site_builder.extract.place_words import COMMON_WORDS
from site_builder.model import Place


def find_places(body: str, title: str | None, language: str, gazetteer: Gazetteer,
                dateline: str | None) -> list[Place]:
    """Every place the title and body name, deduplicated by id, in order of first appearance."""
    try:
        text = f"{title}\n{body}" if title else body
        title_end = len(title) + 1 if title else 0
        found = _scan(text, title_end, language, gazetteer)
        if dateline:
            found = _with_dateline(found, dateline, gazetteer)
        return _merge(found, language, gazetteer)
    except Exception:
        return []


DATELINE_TOWN = 1_000    # a dateline names a town at least this big (or any admin area)


def place_kind(gazetteer: Gazetteer) -> Callable[[str], str | None]:
    """A test for dateline parts: the kind of place a whole name denotes, or None when it is no
    place (or a common word that is also a hamlet somewhere)."""
    def kind(name: str) -> str | None:
        key = name_key(name)
        if not key or key in COMMON_WORDS:
            return None
        code = len(name) <= 3 and name.isupper()
        for entry in gazetteer.candidates(key):
            if code and entry.kind == "city" and not _named_or_initials(entry, key):
                continue
            if entry.kind != "city" or entry.population >= DATELINE_TOWN:
                return entry.kind
        return None
    return kind


def _named_or_initials(entry: Entry, key: str) -> bool:
    """Whether a town's own name, or its words' initials, is `key` ("LA": Los Angeles, "NYC"):
    the gazetteer also keeps towns' airport codes as their names ("CNN" is Kannur, "KLM" and
    "RN" others), and an upper-case outlet's acronym in a dateline is not a town."""
    for name in (entry.name_en, entry.name_id):
        if name_key(name) == key or "".join(w[:1] for w in name_key(name).split()) == key:
            return True
    return False


# The lower-case words a rule of the scan may start at (routed, prefixed; described needs a
# capitalised word): every other lower-case token is passed over at once.
_OPENERS = frozenset(ROAD_HEADS) | PREFIX_WORDS


def _scan(text: str, title_end: int, language: str, gaz: Gazetteer) -> list[Found]:
    sc = Scanner(text, title_end, language, gaz)
    hits: list[Hit] = []
    local: list[Found] = []
    toks = sc.tokens
    i = 0
    while i < len(toks):
        if not toks[i].capitalised and toks[i].key not in _OPENERS:
            i += 1           # a lower-case word that opens no road or prefixed name
            continue
        step = routed(sc, i, local) or described(sc, i, hits, local) or prefixed(sc, i, hits, local)
        if step:
            i += step
            continue
        if toks[i].capitalised and not in_organisation(sc, i):
            step = suffixed(sc, i, local)
            if step:
                i += step
                continue
            length, cands = sc.longest(i, len(toks))
            known = known_local(sc, i, local)
            if known > length:
                local.append(local_place(sc, i, i + known, "other"))
                i += known
                continue
            unknown = unknown_name(sc, i, length, cands)
            if unknown:
                local.append(local_place(sc, unknown[0], unknown[1], "other"))
                i = unknown[1]
                continue
            if length:
                hits.append(Hit(i, length, cands, cued(sc, i)))
                i += length
                continue
        i += 1
    nest_areas(sc, hits)
    countries = context_countries(hits, language)
    persons = person_words(sc, hits)
    found = _resolve_all(sc, hits, countries, persons)
    found = sorted(found + local, key=lambda f: f.start)
    if language == "id":
        found = sorted(found + address_chains(sc, found), key=lambda f: f.start)
    return found


AREA_PASSES = 3


def _resolve_all(sc: Scanner, hits: list[Hit], countries: set[str],
                 persons: set[str]) -> list[Found]:
    """Resolve every hit; again while the areas found so far (regencies, districts) let more
    districts and villages be placed (a village may come before its regency in the text)."""
    areas = Areas()
    chosen = [area_candidates(sc, h, areas) for h in hits]
    results = [resolve(sc, h, c, countries, persons)
               for h, c in zip(hits, chosen, strict=True)]
    # Only names the register knows can change with the areas found, and only when the areas
    # change their candidates: the others keep their first resolution.
    again = [n for n, h in enumerate(hits) if choice_of(sc, h).has_admin]
    for _ in range(AREA_PASSES - 1):
        more = Areas.of([f for f in results if f])
        if more.codes <= areas.codes or not again:
            break
        areas = Areas(areas.codes | more.codes)
        for n in again:
            cands = area_candidates(sc, hits[n], areas)
            if cands != chosen[n]:
                chosen[n] = cands
                results[n] = resolve(sc, hits[n], cands, countries, persons)
    return [f for f in results if f]


def _with_dateline(found: list[Found], dateline: str, gaz: Gazetteer) -> list[Found]:
    """Make sure the dateline place is present; it comes first when the text never names it."""
    key = name_key(dateline)
    for f in found:
        if name_key(f.surface) == key:
            return found
    if not any(c.isalpha() for c in dateline) or len(dateline) > 40:
        return found
    cands = gaz.candidates(key)
    if cands:
        return [Found(-1, dateline, cands[0]), *found]
    return [Found(-1, dateline, None, dateline, "city"), *found]


def _merge(found: list[Found], language: str, gaz: Gazetteer) -> list[Place]:
    """One Place per id, mentions in order, named in the article's language."""
    places: dict[str, Place] = {}
    for f in found:
        surface = f.surface.title() if f.surface.isupper() and len(f.surface) > 3 else f.surface
        pid = f.entry.id if f.entry else _local_id(f.local_name or surface)
        place = places.get(pid)
        if place is None:
            places[pid] = _new_place(pid, f, surface, language, gaz)
        elif surface not in place.mentions:
            place.mentions.append(surface)
    return list(places.values())


def _local_id(name: str) -> str:
    """Id of a place the gazetteer lacks: "name:" + its key, so spellings that differ only in
    case or punctuation meet; such places carry no coordinates."""
    return "name:" + name_key(name).replace(" ", "-")


def _new_place(pid: str, f: Found, surface: str, language: str, gaz: Gazetteer) -> Place:
    e = f.entry
    if e is None:
        return Place(name=surface, id=pid, mentions=[surface], country=None,
                     kind=f.local_kind, lat=None, lon=None)   # type: ignore[arg-type]
    name = surface if e.kind == "city" else (e.name_id if language == "id" else e.name_en)
    return Place(name=name, id=e.id, mentions=[surface], country=e.country,
                 kind=e.kind, lat=e.lat, lon=e.lon)   # type: ignore[arg-type]
