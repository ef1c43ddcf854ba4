"""Which place a matched name denotes, if any: the context rules (disambiguation).

A country or region always counts. A town counts when it is big, or when a cue backs it: a
prefix, a locative word before it ("di", "in"), or its country named in the same article. Among
same-named towns the one in a country the article names wins. Common words that are also towns
somewhere never count alone; nor do title words, or names the article uses for people.
"""
from __future__ import annotations

import re

from site_builder.extract.gazetteer import Entry, name_key
from site_builder.extract.place_tokens import Found, Hit, Scanner, org_tail
from site_builder.extract.place_words import COMMON_WORDS, NOT_PLACES, PERSON_TITLES

BIG_TOWN = 100_000      # towns this big count without a cue (capitalised, whole word)


CONTEXT_TOWN = 1_000    # towns this big count when their country is named in the article


_AGE_AFTER = re.compile(r" ?\(\d{1,3}\)")    # "Erwin (45)": a person, never a place


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


def resolve(sc: Scanner, hit: Hit, countries: set[str], persons: set[str]) -> Found | None:
    """Pick the entry a matched name denotes, or None when the match is not a place here."""
    toks = sc.tokens
    i, end = hit.i, hit.i + hit.length
    first, surface = toks[i], sc.surface(i, end)
    if org_tail(sc, end):
        return None
    if first.key in ("us", "u s") and hit.length == 1 and not _us_as_noun(sc, end):
        return None
    if hit.length == 1 and first.key in COMMON_WORDS and not hit.prefixed and not first.all_caps:
        return None
    if name_key(surface) in NOT_PLACES:
        return None
    top = hit.cands[0]
    if top.kind != "city":
        if first.all_caps and hit.length == 1 and len(first.key) > 3 and top.country is None:
            return None
        return Found(first.start, surface, top, end=end)
    if first.all_caps and not hit.cued:
        return None
    best = _pick_town(sc, hit, countries, persons)
    return Found(first.start, surface, best, end=end) if best else None


def _pick_town(sc: Scanner, hit: Hit, countries: set[str], persons: set[str]) -> Entry | None:
    """Among same-named towns prefer one in a country the article names; demand more proof of
    small towns, alternate spellings, and names in titles, sentence starts and personal names."""
    key = " ".join(t.key for t in sc.tokens[hit.i:hit.i + hit.length])
    own = [c for c in hit.cands if not sc.gaz.is_alternate(key, c)]
    local = [c for c in hit.cands if c.country in countries]
    best = local[0] if local else (own or hit.cands)[0]
    if hit.prefixed:
        return best
    i, end = hit.i, hit.i + hit.length
    if _personal(sc, i, end):
        return None
    if _initial_before(sc, i):
        return None
    big = best.population >= BIG_TOWN
    if hit.length == 1 and sc.tokens[i].key in persons and not big:
        return None
    alone = sc.run_start(i) == i and sc.run_end(end - 1) == end
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
