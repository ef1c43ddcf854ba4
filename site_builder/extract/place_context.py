"""Which place a matched name denotes, if any: the context rules (disambiguation).

A country or region always counts. A town counts when it is big, or when a cue backs it: a
prefix, a locative word before it ("di", "in"), or its country named in the same article. Among
same-named towns the one in a country the article names wins. Common words that are also towns
somewhere never count alone; nor do title words, or names the article uses for people.

Indonesia's districts and villages (indonesia.py) are tens of thousands of names, many of them
also words or personal names ("Kompas", "Serangan", "Gunawan"). One that GeoNames lacks counts
only with proof: a prefix naming its level ("Kecamatan Tebet", "Desa Sumberkejayan"), or its
regency or district named in the same article (`Areas`); a village also needs a cue or a comma
beside it (an address). A prefixed name that several districts share and nothing in the article
tells apart is kept as a local place, without coordinates: a wrong place is worse than none.
"""
from __future__ import annotations

import re
from itertools import pairwise

from site_builder.extract.gazetteer import Entry, name_key, unit_of
from site_builder.extract.literals import alternation
from site_builder.extract.place_tokens import Found, Hit, Scanner, org_tail
from site_builder.extract.place_words import (
    COMMON_WORDS,
    COMPASS_WORDS,
    FACILITY_NOUNS,
    NOT_PLACES,
    ORG_HEADS,
    PERSON_TITLES,
    STRONG_CUES,
)
from site_builder.extract.subdivisions import ID_PREFIX as SUBDIVISION_ID

BIG_TOWN = 100_000      # towns this big count without a cue (capitalised, whole word)
CONTEXT_TOWN = 1_000    # towns this big count when their country is named in the article
_AGE_AFTER = re.compile(r" ?\(\d{1,3}\)")    # "Erwin (45)": a person, never a place
# A make of vehicle, not a town: "truk Hino", "truk head tandem Hino", "the Scania bus".
# (As tries: `alternation`. The patterns are only asked whether they match.)
_VEHICLES = alternation(["truk", "truck", "lorry", "bus", "mobil", "minibus", "pikap", "pickup",
                         "motor", "car", "trailer", "tronton"])
_VEHICLE_KINDS = alternation(["head", "tandem", "gandeng", "gandengan", "tangki", "tanker", "boks",
                              "box", "engkel", "dump", "colt", "sampah"])
_VEHICLE_BEFORE = re.compile(rf"(?<![\w])(?:{_VEHICLES})(?: (?:{_VEHICLE_KINDS})){{0,2}} $")
_VEHICLE_AFTER = re.compile(rf" (?:{_VEHICLES})(?![\w])")
_VEHICLE_WORD = re.compile(_VEHICLES)    # both patterns need one: else neither is tried


_NOUN_FOLLOWERS = frozenset({
    "and", "or", "to", "in", "on", "has", "had", "is", "was", "will", "would", "said", "for",
    "from", "with", "at", "by", "as", "but", "says", "have", "are", "were",
})
_NEXT_WORD = re.compile(r" ([a-z]+)")


def context_countries(hits: list[Hit], language: str) -> set[str]:
    """Countries the article names, plus Indonesia for Indonesian text (its default setting)."""
    countries = {"ID"} if language == "id" else set()
    for h in hits:
        if h.cands[0].kind in ("country", "region") and h.cands[0].country:
            countries.add(h.cands[0].country)
    return countries


def nest_areas(sc: Scanner, hits: list[Hit]) -> None:
    """Two names side by side where the first lies in the second ("warga Maospati Magetan",
    "Kecamatan Panarukan Situbondo") back each other: both are those areas."""
    for first, second in pairwise(hits):
        if second.i != first.i + first.length or not sc.joined[second.i]:
            continue
        inner = [c for c in first.cands if c.admin and any(
            c.admin.startswith(o.admin + ".") for o in second.cands if o.admin)]
        if inner:
            outer = [o for o in second.cands if o.admin and any(
                c.admin.startswith(o.admin + ".") for c in inner)]
            first.cands, first.nested = inner, True
            second.cands, second.nested = outer, True


def person_words(sc: Scanner, hits: list[Hit]) -> set[str]:
    """Town names seen inside longer capitalised runs without a cue ("George Zimmerman"): the
    article uses them as personal names, so their bare mentions are names too."""
    words = set()
    for h in hits:
        if h.length != 1 or h.cued or h.prefixed or h.cands[0].kind != "city":
            continue
        if h.cands[0].population >= BIG_TOWN:
            continue
        if sc.run_start(h.i) != h.i or sc.run_end(h.i) != h.i + 1 or _initial_before(sc, h.i) \
                or _personal(sc, h.i, h.i + 1):
            words.add(sc.tokens[h.i].key)
    return words


class Areas:
    """The Indonesian areas an article names (Kemendagri codes), to place districts and
    villages by their regency or district."""

    def __init__(self, codes: set[str] | None = None) -> None:
        self.codes = codes or set()
        # Kemendagri codes have fixed widths ("35.09.01.2001"): a regency is the first five
        # characters, a district the first eight.
        self.above = {c[:n] for c in self.codes for n in (2, 5, 8) if n < len(c)}
        self._inside: dict[int, tuple[list[Entry], list[Entry]]] = {}

    @classmethod
    def of(cls, found: list[Found]) -> Areas:
        return cls({f.entry.admin for f in found if f.entry is not None and f.entry.admin})

    def holds(self, entry: Entry) -> bool:
        """True when the article names the regency or the district this area lies in, or an
        area inside it."""
        code = entry.admin
        return (len(code) > 5 and code[:5] in self.codes) or \
            (len(code) > 8 and code[:8] in self.codes) or code in self.above

    def inside(self, choice: Choice) -> tuple[list[Entry], list[Entry]]:
        """(the candidates that lie in or hold the article's areas, the villages among them),
        worked out once per name (a long text repeats its names)."""
        if not self.codes or not choice.has_admin:
            return [], []
        found = self._inside.get(id(choice))
        if found is None:
            inside = [c for c in choice.cands if c.admin and self.holds(c)]
            villages = [c for c in inside if is_local_area(c) and unit_of(c) == "village"]
            found = self._inside[id(choice)] = (inside, villages)
        return found

    def holds_district(self, entry: Entry) -> bool:
        return len(entry.admin) > 8 and entry.admin[:8] in self.codes


class Choice:
    """One name's candidates sorted for the rules of `area_candidates` (those that do not
    depend on the article's areas), worked out once per name and prefix in an article."""

    def __init__(self, cands: list[Entry], unit: str) -> None:
        self.same_unit: list[Entry] = []
        if unit:
            self.same_unit = [c for c in cands if unit_of(c) == unit]
            # Outside Indonesia's register the unit word still says the kind: "Kota Shusha"
            # is the town, not the district named after it.
            kind = UNIT_KINDS.get(unit)
            cands = self.same_unit or [c for c in cands if c.kind == kind] or cands
        self.cands = cands
        self.has_admin = any(c.admin for c in cands)
        self.plain = [c for c in cands if not is_local_area(c)] if self.has_admin else cands


UNIT_KINDS = {"province": "region", "regency": "region", "city": "city"}


# Choices shared by every article: a common name's candidates (hundreds of villages) are sorted
# once, not once an article. Each entry holds its list, so no other list can take its id.
_CHOICES: dict[tuple[int, str], tuple[list[Entry], Choice]] = {}
CHOICE_CACHE = 50_000


def choice_of(sc: Scanner, hit: Hit) -> Choice:
    memo = (id(hit.cands), hit.unit)
    found = sc.choices.get(memo)
    if found is None:
        shared = _CHOICES.get(memo)
        if shared is None or shared[0] is not hit.cands:
            if len(_CHOICES) > CHOICE_CACHE:
                _CHOICES.clear()
            shared = _CHOICES[memo] = (hit.cands, Choice(hit.cands, hit.unit))
        found = sc.choices[memo] = shared[1]
    return found


def is_local_area(entry: Entry) -> bool:
    """A district or village only the Kemendagri register knows (no GeoNames town)."""
    return entry.id.startswith("kemendagri:") and entry.admin.count(".") >= 2


def area_candidates(sc: Scanner, hit: Hit, areas: Areas) -> list[Entry] | None:
    """The candidates the article's areas allow, best first (empty: not a place here); None
    when the text marks a place the gazetteer cannot pin down (a local place, no coordinates):
    a prefixed name several areas share, or a cued one far from the article's areas."""
    choice = choice_of(sc, hit)
    inside, villages = areas.inside(choice)
    if villages and not hit.unit:
        inside = [c for c in inside if not (c in villages
                                            and not _village_backed(sc, hit, areas, c))]
    if inside:
        return inside
    plain = choice.plain
    if hit.unit:
        same = choice.same_unit
        if len(same) == 1:
            return same
        return None if same or not plain else plain
    if hit.prefixed or (not plain and _strongly_cued(sc, hit.i)):
        return plain or None
    return plain


def _strongly_cued(sc: Scanner, i: int) -> bool:
    """After "wilayah", "kawasan", "daerah" ... a name is a place even when the register cannot
    tell which ("di wilayah Kebon Gede"); after "di" it may be a company ("di Pertamina")."""
    return i > 0 and sc.joined[i] and sc.tokens[i - 1].key in STRONG_CUES and not sc.weak(i)


def _village_backed(sc: Scanner, hit: Hit, areas: Areas, entry: Entry) -> bool:
    """A village without a prefix: its district named, or a cue or a comma beside it."""
    if areas.holds_district(entry) or hit.cued:
        return True
    end = hit.i + hit.length
    after = sc.text[sc.tokens[end - 1].end:sc.tokens[end - 1].end + 2]
    return sc.gap_before(hit.i) == ", " or after == ", "


# Words after which a name is a person's initials, not a place ("seorang wanita berinisial US
# (45)", "a man with the initials AK").
_INITIALS_BEFORE = re.compile(r"\b(?:berinisial|inisial|initials?|initiall?ed)\s+$", re.IGNORECASE)


def resolve(sc: Scanner, hit: Hit, cands: list[Entry] | None, countries: set[str],
            persons: set[str]) -> Found | None:
    """Pick the entry a matched name denotes among the candidates the article's areas allow
    (`area_candidates`), or None when the match is not a place here. The areas change nothing
    else: a name whose candidates stay the same keeps its answer."""
    toks = sc.tokens
    i, end = hit.i, hit.i + hit.length
    first, surface = toks[i], sc.surface(i, end)
    if cands is None:
        return Found(first.start, surface, None, surface, "other", end)
    if not cands:
        return None
    if org_tail(sc, end):
        return None
    if _INITIALS_BEFORE.search(sc.text, max(0, first.start - 16), first.start):
        return None                                     # "berinisial US (45)": a person
    if first.key in ("us", "u s") and hit.length == 1 and not _us_as_noun(sc, end):
        return None
    if hit.length == 1 and first.key in COMMON_WORDS and not hit.prefixed and not first.all_caps:
        return None
    if name_key(surface) in NOT_PLACES or _vehicle_make(sc, i, end):
        return None
    top = cands[0]
    if is_local_area(top) and not hit.prefixed and (
            (sc.weak(i) and not hit.cued) or first.key in COMPASS_WORDS
            or first.key in ORG_HEADS or first.key in FACILITY_NOUNS):
        return None       # "Pelabuhan ...", "arah Barat Daya": words, not villages
    if top.kind != "city":
        if first.all_caps and hit.length == 1 and len(first.key) > 3 and top.country is None:
            return None
        if not top.id.startswith(SUBDIVISION_ID):
            return Found(first.start, surface, top, end=end)
    if first.all_caps and not hit.cued:
        return None
    best = _pick_town(sc, hit, cands, countries, persons)
    return Found(first.start, surface, best, end=end) if best else None


def _pick_town(sc: Scanner, hit: Hit, cands: list[Entry], countries: set[str],
               persons: set[str]) -> Entry | None:
    """Among same-named towns (`cands`: those the article's areas allow) prefer one in a country
    the article names, else the first not known by an alternate spelling only; demand more
    proof of small towns, alternate spellings, and names in titles, sentence starts and
    personal names."""
    key = " ".join(t.key for t in sc.tokens[hit.i:hit.i + hit.length])
    best = next((c for c in cands if c.country in countries), None)
    if best is None:
        best = next((c for c in cands if not sc.gaz.is_alternate(key, c)), cands[0])
    if hit.prefixed or hit.nested:
        return best
    i, end = hit.i, hit.i + hit.length
    if _personal(sc, i, end):
        return None
    if _initial_before(sc, i):
        return None
    # A province of a country the article names ("Manabi and Guayas provinces" in a report
    # on Ecuador) is as sure as a big town; elsewhere its name is likely something else.
    big = best.population >= BIG_TOWN or (best.id.startswith(SUBDIVISION_ID)
                                           and best.country in countries)
    if hit.length == 1 and sc.tokens[i].key in persons and not big:
        return None
    start = sc.run_start(i)
    if start == i - 1 and sc.weak(start) and _written_lower(sc, start):
        start = i      # "Penduduk Patna, ...": a word capitalised only as a sentence's first
    alone = start == i and sc.run_end(end - 1) == end
    if not alone and not (hit.length > 1 and (sc.run_start(i) == i or big)):
        return None
    if sc.gaz.is_alternate(key, best) and best.country not in countries:
        return None
    in_title = sc.tokens[i].start < sc.title_end
    if in_title and not hit.cued:
        return None
    if sc.weak(i) and not hit.cued:
        return best if big and (best.country in countries or best.population >= 1_000_000) \
            else None
    if big:
        return best
    if best.country in countries and (hit.cued or sc.language == "id"):
        return best
    return None


def _vehicle_make(sc: Scanner, i: int, end: int) -> bool:
    """True for a name right after or before a vehicle noun (see _VEHICLE_BEFORE)."""
    if sc.vehicles is None:
        sc.vehicles = _VEHICLE_WORD.search(sc.text) is not None
    if not sc.vehicles:
        return False
    start, stop = sc.tokens[i].start, sc.tokens[end - 1].end
    return bool(_VEHICLE_BEFORE.search(sc.text, max(0, start - 30), start)
                or _VEHICLE_AFTER.match(sc.text, stop))


def _written_lower(sc: Scanner, i: int) -> bool:
    """True when the article also writes token i's word in lower case (an ordinary word);
    one search of the text per distinct word."""
    word = sc.tokens[i].text.lower()
    known = sc.lower_words.get(word)
    if known is None:
        pattern = rf"(?<![\w-]){re.escape(word)}(?![\w-])"
        known = sc.lower_words[word] = re.search(pattern, sc.text) is not None
    return known


def _personal(sc: Scanner, i: int, end: int) -> bool:
    """True for a name after a title or speech verb ("Bapak X", "kata X") or before an age."""
    if i and sc.joined[i] and sc.tokens[i - 1].key in PERSON_TITLES:
        return True
    stop = sc.tokens[end - 1].end
    return _AGE_AFTER.match(sc.text, stop, stop + 6) is not None


def _initial_before(sc: Scanner, i: int) -> bool:
    """True after a personal initial ("John F. Kennedy")."""
    return i > 0 and sc.gap_before(i) == ". " and len(sc.tokens[i - 1].text) == 1 \
        and sc.tokens[i - 1].text.isupper()


def _us_as_noun(sc: Scanner, end: int) -> bool:
    """"U.S."/"US" is a place as a noun ("the US and Japan"), not as an adjective or "US$"."""
    after = sc.text[sc.tokens[end - 1].end:sc.tokens[end - 1].end + 12]
    if after[:1] in ("$", "-"):
        return False
    if sc.language == "id" or not after.strip(" ") or after.lstrip(" ")[0] in ",.;:)\n":
        return True
    following = _NEXT_WORD.match(after)
    return following is not None and following.group(1) in _NOUN_FOLLOWERS
