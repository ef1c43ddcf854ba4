"""Places the text itself marks: after a generic or feature prefix ("Kecamatan Panga, Teunom
dan Jaya", "Jalan Meliwis", "Gunung Raung"), in Indonesian address chains ("Bukit Duri Timur,
Tebet, Jakarta Selatan"), and names the gazetteer lacks (local places, no coordinates); and the
organisations whose names hold a place ("Polda Papua", "Bandara ...") that are not places."""
from __future__ import annotations

from site_builder.extract.gazetteer import Entry, name_key, unit_of
from site_builder.extract.place_tokens import (
    MAX_NGRAM,
    Found,
    Hit,
    Scanner,
    cued,
    org_tail,
    word_key,
)
from site_builder.extract.place_words import (
    COMMON_WORDS,
    COMPASS_EN,
    DIRECTIONS,
    DROPPED_PREFIXES,
    FACILITY_NOUNS,
    FEATURE_SUFFIXES,
    INDONESIAN_UNITS,
    KEPT_PREFIXES,
    NAME_CONNECTORS,
    NATURAL_FEATURES,
    NOT_PLACES,
    ORG_HEADS,
    ORG_TAILS,
    PERSON_TITLES,
    STREET_PREFIXES,
    STRONG_CUES,
    TWO_WORD_PREFIXES,
    UNIT_WORDS,
)


def unknown_name(sc: Scanner, i: int, length: int,
                  cands: list[Entry]) -> tuple[int, int] | None:
    """Length of a name the gazetteer lacks but the text marks as a place (0 when none):
    a known town plus a direction ("Purwokerto Timur", "Grogol Utara") in Indonesian text, or
    any plain capitalised name right after "wilayah", "kawasan" ... ("di wilayah Cilebut")."""
    if sc.language != "id" or (length and cands[0].kind not in ("city", "region")):
        return None
    after = i + length
    if length and after < len(sc.tokens) and sc.joined[after] \
            and sc.tokens[after].key in DIRECTIONS and sc.tokens[after].capitalised:
        start = sc.run_start(i)
        if any(t.key in ORG_HEADS or t.all_caps for t in sc.tokens[start:i]) or i - start > 2:
            start = i
        return start, after + 1
    cue = sc.tokens[i - 1] if i > 0 and sc.joined[i] else None
    if cue is None or cue.key not in STRONG_CUES or cue.capitalised:
        return None
    end = sc.run_end(i)
    if not sc.weak(i) and end - i <= 3 and not any(t.all_caps for t in sc.tokens[i:end]):
        words = [t.key for t in sc.tokens[i:end]]
        if not any(w in COMMON_WORDS or w in ORG_HEADS or w in ORG_TAILS for w in words):
            return i, end       # "kawasan Tuban Sport Center" is a facility
    return None


def local_place(sc: Scanner, start: int, end: int, kind: str) -> Found:
    """A place the gazetteer lacks, named by the text itself (no coordinates)."""
    surface = sc.surface(start, end)
    return Found(sc.tokens[start].start, surface, None, surface, kind, end)


def known_local(sc: Scanner, i: int, local: list[Found]) -> int:
    """Length of the longest name at token i that an earlier prefix introduced ("Kabupaten
    Padang Lawas" makes a later bare "Padang Lawas" one place, not the city of Padang)."""
    if not local:
        return 0
    for f in local[sc.local_seen:]:            # index names that prefixes added since
        key = word_key(f.local_name or "")
        sc.local_keys.add(key)
        sc.local_firsts.add(key.partition(" ")[0])
    sc.local_seen = len(local)
    if sc.tokens[i].key.partition(" ")[0] not in sc.local_firsts:
        return 0        # no name starts with this word (the n-grams below all start with it)
    names = sc.local_keys
    best, parts = 0, []
    for j in range(i, min(i + MAX_NGRAM, len(sc.tokens))):
        if j > i and not sc.joined[j]:
            break
        parts.append(sc.tokens[j].key)
        if " ".join(parts) in names:
            best = j - i + 1
    return best


# Every word `_prefix_at` may find a prefix at: a token with another key opens no prefix.
PREFIX_WORDS = frozenset({first for first, _ in TWO_WORD_PREFIXES} | set(DROPPED_PREFIXES)
                         | KEPT_PREFIXES | NATURAL_FEATURES)


def _prefix_at(sc: Scanner, i: int) -> tuple[str | None, int, bool]:
    """(kind, width, kept) of a generic or feature prefix at token i; kind None when none."""
    toks = sc.tokens
    key = toks[i].key
    if i + 1 < len(toks) and (key, toks[i + 1].key) in TWO_WORD_PREFIXES and sc.joined[i + 1]:
        return TWO_WORD_PREFIXES[(key, toks[i + 1].key)], 2, False
    if key in DROPPED_PREFIXES:
        return DROPPED_PREFIXES[key], 1, False
    if key in KEPT_PREFIXES and (toks[i].capitalised or _also_capitalised(sc, i)):
        return "other", 1, True
    if key in NATURAL_FEATURES:    # "Sungai Batang Anai" keeps its word; "sungai Cibening" not
        return "other", 1, False
    return None, 0, False


def _also_capitalised(sc: Scanner, i: int) -> bool:
    """True when a lower-case feature word's name is written with the word capitalised in the
    body too ("sungai Serayu" after "Sungai Serayu"): one river, named as the body names it."""
    toks = sc.tokens
    if toks[i].key not in NATURAL_FEATURES or i + 1 >= len(toks) or not sc.joined[i + 1] \
            or not toks[i + 1].capitalised:
        return False
    return f"{toks[i].text.capitalize()} {toks[i + 1].text}" in sc.text[sc.title_end:]


def prefixed(sc: Scanner, i: int, hits: list[Hit], local: list[Found]) -> int:
    """Handle a generic or feature prefix at token i; return the tokens consumed (0: none).
    A dropped prefix may head a list ("Kecamatan Panga, Teunom dan Jaya"): each item counts."""
    if sc.tokens[i].key not in PREFIX_WORDS:
        return 0
    kind, width, kept = _prefix_at(sc, i)
    if kind is None or in_organisation(sc, i):
        return 0
    if i > 0 and sc.joined[i] and sc.tokens[i - 1].key == "wali":
        return 0      # "Wali kota" is a mayor
    first = _skip_numbers(sc, i + width)
    if first >= len(sc.tokens) or not sc.joined[i + width] or not sc.tokens[first].capitalised:
        return 0
    head = sc.tokens[first]
    if head.key in COMMON_WORDS and not head.all_caps and \
            (head.key in DIRECTIONS or sc.tokens[i].key in NATURAL_FEATURES):
        return 0      # "angkatan laut Barat" is the West, not a sea
    in_title = sc.tokens[i].start < sc.title_end
    if in_title and sc.longest(first, len(sc.tokens))[0] == 0 and not (
            kept and sc.surface(i, first + 1) in sc.text[sc.title_end:]):
        return 0      # titles capitalise every word: "Sejumlah Desa Banjir" names no village
    street = sc.tokens[i].key in STREET_PREFIXES
    if _prefix_at(sc, first)[0] is not None and first + 1 < len(sc.tokens) \
            and sc.joined[first + 1] and sc.tokens[first + 1].capitalised and not street:
        return 0
    length, cands = sc.longest(first, len(sc.tokens))
    if length and cands[0].kind == "country":
        return 0
    start = i if kept else i + width
    indonesian = sc.tokens[i].key in INDONESIAN_UNITS
    if in_title and indonesian and not any(c.country == "ID" for c in cands):
        return 0
    unit = UNIT_WORDS.get(sc.tokens[i].key, "")
    end = _take_name(sc, start, _name_end(sc, first, kept), kept, kind, hits, local,
                     indonesian, unit)
    if kept or kind not in ("other", "region"):
        return end - i
    while end < len(sc.tokens):
        nxt = _list_item(sc, end)
        if nxt is None or (unit in ("province", "regency", "city")
                           and not _known_as(sc, nxt, unit)):
            break       # every regency is in the register: "Kabupaten X, Abdul Khakim" ends
        end = _take_name(sc, nxt, _name_end(sc, nxt), False, kind, hits, local, indonesian,
                         unit)
    return end - i


def _known_as(sc: Scanner, j: int, unit: str) -> bool:
    """True when the name at token j is an area of this unit in the register."""
    return any(unit_of(c) == unit for c in sc.longest(j, len(sc.tokens))[1])


def suffixed(sc: Scanner, i: int, local: list[Found]) -> int:
    """A capitalised name ending in a feature word ("Kern County", "Sequoia National Forest"):
    a place the gazetteer may lack. Returns the tokens taken (0: none)."""
    toks = sc.tokens
    end = sc.run_end(i)
    if end - i < 2 or end - i > 4 or toks[end - 1].key not in FEATURE_SUFFIXES:
        return 0
    if org_tail(sc, end) or (i > 0 and sc.joined[i] and (sc.namey(i - 1) or (
            toks[i - 1].capitalised and toks[i - 1].key in COMPASS_EN))):
        return 0                    # "Central Park Zoo"; a run that began before i
    words = toks[i:end - 1]
    if any((t.key in COMMON_WORDS and t.key not in COMPASS_EN) or t.key in ORG_HEADS
           or t.key in PERSON_TITLES or t.all_caps for t in words):
        return 0                    # "NEW YORK Wall Street": a dateline, then a name
    if name_key(sc.surface(i, end)) in NOT_PLACES:
        return 0                    # "Wall Street": the market, not the street
    start = i
    while start > 0 and sc.gap_before(start) == "-" and toks[start - 1].capitalised:
        start -= 1                  # "North-West Frontier Province", split at its hyphen
    local.append(local_place(sc, start, end, "other"))
    return end - i


def _skip_numbers(sc: Scanner, j: int) -> int:
    """Village names may start with numbers ("Kelurahan 9/10 Ulu", "35 Ilir")."""
    toks = sc.tokens
    while j < len(toks) - 1 and toks[j].text.isdigit() and \
            sc.text[toks[j].end:toks[j + 1].start] in ("/", " "):
        j += 1
    return j


def _take_name(sc: Scanner, start: int, last: int, kept: bool, kind: str,
               hits: list[Hit], local: list[Found], indonesian: bool = False,
               unit: str = "") -> int:
    """Record the name at tokens [start, last): a gazetteer place when the gazetteer knows the
    whole of it (in Indonesia after "Desa", "Kecamatan" ...), else a local place. Returns the
    index after it. `unit` is the register unit the prefix names (see place_context)."""
    length, cands = sc.longest(start, last)
    if indonesian:
        cands = sc.in_indonesia(cands)
    if length and cands and length == last - start:
        hits.append(Hit(start, length, cands, True, prefixed=True, unit=unit))
    else:
        local.append(local_place(sc, start, last, kind))
    return last


def _list_item(sc: Scanner, j: int) -> int | None:
    """Start of the next item of a place list after token j-1 (", X" / " dan X"), or None."""
    toks = sc.tokens
    gap = sc.text[toks[j - 1].end:toks[j].start]
    if gap in (" ", ", ") and toks[j].key in ("dan", "and", "serta") and j + 1 < len(toks):
        j += 1
        gap = sc.text[toks[j - 1].end:toks[j].start]
    elif gap != ", ":
        return None
    if gap not in (" ", ", ") or not toks[j].capitalised:
        return None
    if not sc.namey(j) and toks[j].key not in DIRECTIONS:
        return None
    if _prefix_at(sc, j)[0] is not None or toks[j].key in ORG_HEADS:
        return None
    end = _name_end(sc, j)
    if any((t.key in COMMON_WORDS and t.key not in DIRECTIONS) or t.key in ORG_HEADS
           for t in toks[j:end]):
        return None
    after = sc.text[toks[end - 1].end:toks[end].start] if end < len(toks) else ""
    if after.strip(" ") == "" and end < len(toks) and toks[end].key not in ("dan", "and", "serta"):
        return None     # "Desa X, Andri mengatakan": a name followed by a verb is a person
    return j


def _name_end(sc: Scanner, first: int, kept: bool = False) -> int:
    """One past the last token of the name after a prefix: capitalised words and numerals,
    stopping where a known country, region, regency or city begins ("Churu Rajasthan",
    "Panarukan Situbondo" are two places)."""
    toks = sc.tokens
    j = first + 1
    while j < len(toks) and j - first < 5 and (sc.joined[j] or (kept and _abbreviated(sc, j))):
        tok = toks[j]
        if _prefix_at(sc, j)[0] is not None or tok.key in ("rt", "rw", "km", "kilometer"):
            break
        if tok.key in ORG_HEADS and not kept:
            break
        if not (tok.capitalised or tok.text.isdigit() or tok.key in NAME_CONNECTORS):
            break
        if tok.key in COMMON_WORDS and not tok.all_caps and tok.key not in DIRECTIONS:
            break
        length, cands = sc.longest(j, len(toks))
        if length and _higher_place(cands) and sc.longest(first, j)[0] != 0 \
                and sc.longest(first, len(toks))[0] <= j - first \
                and toks[j - 1].key != "trans":      # "Jalan Tol Trans Sumatera" is one road
            break
        j += 1
    while j > first + 1 and ((toks[j - 1].key in NAME_CONNECTORS and not toks[j - 1].capitalised)
                             or (not kept and toks[j - 1].text.isdigit())):
        j -= 1      # "Kabupaten Bogor 11 orang": a count, not a numbered street
    return j


def _abbreviated(sc: Scanner, j: int) -> bool:
    """A title abbreviated inside a street's name: "Jalan Dg. Ramang", "Jl. KH. Hasyim"."""
    before = sc.tokens[j - 1]
    return sc.gap_before(j) == ". " and len(before.text) <= 3 and before.capitalised \
        and sc.tokens[j].capitalised


def _higher_place(cands: list[Entry]) -> bool:
    top = cands[0]
    return top.kind in ("country", "region") or unit_of(top) in ("province", "regency", "city")


def in_organisation(sc: Scanner, i: int) -> bool:
    """True when token i sits in a capitalised run headed by an organisation or facility word."""
    k = i
    while k > 0 and i - k < 4 and sc.joined[k] and sc.tokens[k - 1].capitalised:
        k -= 1
        if sc.tokens[k].key in ORG_HEADS:
            return True
    if i > 0 and sc.joined[i] and sc.tokens[i - 1].key in FACILITY_NOUNS:
        return True
    return i > 0 and sc.tokens[i - 1].key in ("rumah", "sakit") and sc.joined[i]


def address_chains(sc: Scanner, found: list[Found]) -> list[Found]:
    """Indonesian addresses list places from small to large ("Jalan Meliwis, Bukit Duri Timur,
    Tebet, Jakarta Selatan"): unknown capitalised names between two known places of one
    comma-separated chain are places too (villages and districts the gazetteer lacks)."""
    toks = sc.tokens
    starts = {f.start: f for f in found}
    runs: list[tuple[int, int, bool]] = []         # token start, end, is a known place
    i = 0
    while i < len(toks):
        if toks[i].capitalised:
            end = sc.run_end(i)
            f = starts.get(toks[i].start)
            runs.append((i, end, bool(f and f.end in (end, 0))))
            i = end
        else:
            i += 1
    extra: list[Found] = []
    chain: list[tuple[int, int, bool]] = []
    for run in [*runs, (-1, -1, False)]:
        if chain and run[0] > 0 and sc.gap_before(run[0]) == ", " and chain[-1][1] == run[0]:
            chain.append(run)
            continue
        extra += _chain_places(sc, chain)
        chain = [run]
    return extra


def _chain_places(sc: Scanner, chain: list[tuple[int, int, bool]]) -> list[Found]:
    known = [n for n, run in enumerate(chain) if run[2]]
    if known and known[0] != 0 and cued(sc, chain[0][0]):
        known.insert(0, -1)      # "di Yugukoak, Puncak, Papua Tengah": the cue opens the chain
    if len(known) < 2:
        return []
    out = []
    for start, end, is_place in chain[known[0] + 1:known[-1]]:
        words = [t.key for t in sc.tokens[start:end]]
        if is_place or end - start > 3 or any(w in COMMON_WORDS or w in ORG_HEADS for w in words):
            continue
        surface = sc.surface(start, end)
        out.append(Found(sc.tokens[start].start, surface, None, surface, "other", end))
    return out
