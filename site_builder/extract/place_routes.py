"""Places known by their shape rather than by the gazetteer.

Roads named after the towns they join: "Jalan Raya Tuban-Babat", "Tol Pejagan-Pemalang",
"Nairobi-Mombasa Highway", "Thika-Garissa highway".

A road is a place (label conventions: streets and roads), and the towns in its name are not
mentions of those towns: "Jalan Tuban-Semarang" in a Tuban crash does not put the report in
Semarang. The shape decides, never the gazetteer: a road word before (Indonesian) or after
(English) capitalised names joined by hyphens.
"""
from __future__ import annotations

from site_builder.extract.place_prefixes import local_place
from site_builder.extract.place_tokens import Found, Hit, Scanner, cued
from site_builder.extract.place_words import COMMON_WORDS, ORG_HEADS, PERSON_TITLES

# Words that open an Indonesian road's name; the second word may follow ("Jalan Raya", "Jalan
# Tol"). Lower case counts too ("jalan raya Tuban-Babat"): the hyphenated names decide.
ROAD_HEADS = {"jalan", "jl", "jln", "tol"}
ROAD_SECOND = {"raya", "tol", "lintas"}
# Words that close an English road's name.
ROAD_TAILS = {"highway", "road", "expressway", "freeway", "motorway", "bypass"}
MAX_ROUTE = 6     # tokens of a route's names: "Jalan Raya Kemlagi-Mantup" has three parts


def routed(sc: Scanner, i: int, local: list[Found]) -> int:
    """A road named by the towns it joins starting at token i: recorded as one local place;
    returns the tokens taken (0: none)."""
    toks = sc.tokens
    key = toks[i].key
    if key in ROAD_HEADS and i + 1 < len(toks) and sc.joined[i + 1]:
        first = i + 1
        if toks[first].key in ROAD_SECOND and first + 1 < len(toks) and sc.joined[first + 1]:
            first += 1
        end = _route_end(sc, first)
        if end:
            local.append(local_place(sc, i, end, "other"))
            return end - i
        return 0
    if not toks[i].capitalised or (i > 0 and sc.joined[i] and toks[i - 1].capitalised) \
            or sc.next_hyphen(i) >= i + MAX_ROUTE:
        return 0             # a route's names hold a hyphen within MAX_ROUTE tokens
    end = _route_end(sc, i)
    if end and end < len(toks) and sc.joined[end] and toks[end].key in ROAD_TAILS \
            and _split_route(sc, i, end):
        local.append(local_place(sc, i, end + 1, "other"))
        return end + 1 - i
    return 0


def _route_end(sc: Scanner, first: int) -> int:
    """One past the capitalised names from token `first` when they hold a hyphenated route
    ("Tuban-Widang", "Trans Jawa Semarang-Batang"); 0 when they do not. Words after the last
    town are not the road's ("Tuban-Babat KM 4", "Nairobi-Mombasa Highway")."""
    toks = sc.tokens
    j, hyphen = first, False
    while j < len(toks) and j - first < MAX_ROUTE and toks[j].capitalised:
        if j > first:
            gap = sc.gap_before(j)
            if gap == "-":
                hyphen = True
            elif hyphen or not sc.joined[j]:
                break     # the route ends with its last town: "Tuban-Babat KM 4"
        hyphen = hyphen or "-" in toks[j].text
        j += 1
    return j if hyphen and j > first else 0


def _split_route(sc: Scanner, start: int, end: int) -> bool:
    """True when the names hold two known places joined by a hyphen (split by the scanner):
    "Mtito-Andei road" is a road named after one town, not a route between two."""
    return any(sc.gap_before(j) == "-" for j in range(start + 1, end))


# English nouns after a name that make it a camp or a part of a town: "the Jabalia refugee
# camp", "the Shejaiya neighbourhood", "the Rimal district". The name is kept bare (the noun
# describes it, as "Kecamatan" does in Indonesian).
AREA_NOUNS = {"neighbourhood", "neighborhood", "district", "suburb", "quarter", "village", "town",
              "area"}
# Words that may stand between the name and its noun: "the Jibia local government area",
# "the Khyber tribal region", "the Negga village".
NOUN_OPENERS = {("refugee", "camp"), ("local", "government", "area"), ("tribal", "region"),
                ("tribal", "area")}
# Names before an area noun that are adjectives, not places: "the Shiite area", "a Kurdish town".
_ADJECTIVE_ENDS = ("ish", "ian", "ese", "ite", "ic", "ern", "eli", "ani", "aqi")
_FAITHS = {"shia", "shiite", "sunni", "christian", "muslim", "jewish", "druze", "alawite", "arab",
           "catholic", "hindu", "buddhist", "coptic"}
MAX_AREA_NAME = 3
_NOUN_WORDS = AREA_NOUNS | {w for words in NOUN_OPENERS for w in words}


def described(sc: Scanner, i: int, hits: list[Hit], local: list[Found]) -> int:
    """A name after "the" or a locative cue and before "refugee camp" or an area noun (English
    text): a place, named without the noun (a local one when the gazetteer lacks it). Returns
    the tokens of the name taken (0: none)."""
    toks = sc.tokens
    if sc.language != "en" or not toks[i].capitalised or \
            (i > 0 and sc.joined[i] and toks[i - 1].capitalised):
        return 0
    end = i
    while end < len(toks) and end - i <= MAX_AREA_NAME and toks[end].capitalised and \
            (end == i or sc.joined[end]) and toks[end].key not in _NOUN_WORDS:
        end += 1
    taken = _noun_width(sc, end)
    if not taken or end == i or end - i > MAX_AREA_NAME:
        return 0
    if any(t.key in COMMON_WORDS or t.key in ORG_HEADS or t.key in PERSON_TITLES or t.all_caps
           or t.key in _FAITHS for t in toks[i:end]) or toks[end - 1].key.endswith(_ADJECTIVE_ENDS):
        return 0
    start = toks[i].start
    if not (sc.text[max(0, start - 4):start].casefold() == "the " or cued(sc, i)):
        return 0          # "a Shi'ite district", "Damascus Shi'ite suburb": adjectives
    length, cands = sc.longest(i, end)
    if length == end - i:        # known to the gazetteer: the noun backs it as a prefix would
        hits.append(Hit(i, length, cands, True, prefixed=True))
    else:
        local.append(local_place(sc, i, end, "other"))
    return end - i        # the noun stays: "the X district of Y" still names Y


def _noun_width(sc: Scanner, j: int) -> int:
    """Tokens of "refugee camp" or an area noun at token j, joined to the name (0: none)."""
    toks = sc.tokens
    if j >= len(toks) or not sc.joined[j]:
        return 0
    if toks[j].key in AREA_NOUNS:
        return 1
    for words in NOUN_OPENERS:
        k = j + len(words)
        if k <= len(toks) and all(sc.joined[n] for n in range(j, k)) \
                and tuple(t.key for t in toks[j:k]) == words:
            return len(words)
    return 0
