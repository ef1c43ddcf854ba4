"""Who published an article (source), which agency it came from (wire), where it was filed.

The dateline (see dateline.py) names the place, and usually the outlet. Where it names none, the
outlet is the one the text names as itself: the newsroom people speak to ("told NBC News",
"kata X kepada Suara.com", "saat dikonfirmasi detikSumbagsel", "keterangan yang diterima
detikJabar"), or the staff credited at the end ("Los Angeles Times staff writers ...
contributed", "speak to a BBC journalist"). An outlet only cited ("dilansir dari Al Jazeera") is
a source of quotes, not the publisher. Whether a name is an outlet is read from its shape: a
domain (Suara.com), a name ending in a media word (News, Times, TV ...), a lower-case brand
(detikcom), an acronym told something in English (CNN, BBC). A wire agency in the dateline
(NEW YORK (Reuters) -) is the story's origin, and such copy names no other publisher.

The wire is an agency quoted as the origin (agencies.py).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from site_builder.extract.agencies import agency_named, signed_off, wire_and_doubt
from site_builder.extract.dateline import HEAD_CHARS, Dateline, read_dateline
from site_builder.extract.dateline_words import LOWER_BRAND, MEDIA_WORDS, reads_as_prose
from site_builder.extract.literals import Literals
from site_builder.model import Attribution

PlaceKind = Callable[[str], "str | None"]

# Cues after which a newsroom is named as itself; glued text ("dikonfirmasidetikcom") has no
# space after the cue. "dilansir" (reported by) cites another outlet, except glued to a
# lower-case brand, the form a newsroom's own channels take ("dilansirdetikSulsel").
_SELF_CUE = (r"(?:\btold|\bspeaking to|\bsaid to|\bin an interview with|\bkepada|\bdikonfirmasi|"
             r"\bdihubungi|\bditerima|\bditemui|\bwawancara dengan|\bPantauan|\bpantauan|"
             r"\bdilansir(?=[a-z]{3,}(?:com|[A-Z])))")
_OUTLET_AFTER_CUE = re.compile(
    _SELF_CUE + r"\s*(?:the\s+|The\s+|wartawan\s+|jurnalis\s+|reporter\s+)?"
    r"(?P<name>[A-Za-z0-9][\w.&'’-]{0,40}(?: [A-Z0-9][\w.&'’-]{0,40}){0,3})")
_STAFF_CREDIT = re.compile(
    r"(?<![\w.&'’-])(?P<name>[A-Z][\w.&'’-]{0,40}(?: [A-Z][\w.&'’-]{0,40}){0,3})"
    r"(?:'s?)? (?:staff )?"
    r"(?:writers?|reporters?|journalists?|correspondents?|analysts?|contributors?)\b")
# The regular expressions above are tried only where their cue or role word occurs: finding
# the words is far cheaper than trying an alternation at every position of the text.
# A correspondent of the newsroom: "Al Jazeera's Andrew Simmons, reporting from Maiduguri".
_CORRESPONDENT = re.compile(
    r"(?P<name>[A-Z][\w.&-]{1,30}(?: [A-Z][\w.&-]{1,30}){0,2})['’]s "
    r"(?:[a-z]+ )?(?:correspondent )?[A-Z][\w-]+(?: [A-Z][\w-]+){0,2},? report(?:ing|s) from")
_CUE_WORDS = Literals(("told", "speaking to", "said to", "in an interview with", "kepada",
                       "dikonfirmasi", "dihubungi", "diterima", "ditemui", "wawancara dengan",
                       "Pantauan", "pantauan", "dilansir"))
_ROLE_WORDS = Literals(("writer", "reporter", "journalist", "correspondent", "analyst",
                        "contributor"))
_CREDIT_REACH = 190             # a four-word name, an apostrophe and "staff " before the role


_DOMAIN_NAME = re.compile(r"^[A-Za-z0-9][\w-]*\.(?:com|co\.id|id|net|org|co|tv|news)$", re.I)
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")


DOUBT_IN_TEXT = "outlet named in the text, not the dateline"
DOUBT_SEVERAL = "several outlets named"
DOUBT_UNKNOWN_PLACE = "dateline name not in the gazetteer"
DOUBT_PARENTHESISED = "a name in parentheses read as the outlet"


def find_attribution(body: str, language: str, place_kind: PlaceKind,
                     title: str | None = None) -> Attribution:
    """Source, wire and dateline of one article; None for what the text does not say.
    `place_kind(name)` says whether a name is a place (its kind) or not (None)."""
    return read_attribution(body, language, place_kind, title)[0]


def read_attribution(body: str, language: str, place_kind: PlaceKind, title: str | None = None
                     ) -> tuple[Attribution, str, dict[str, str]]:
    """The attribution, the lede's text after the dateline ("" when there is no lede), and a
    reason to doubt each field where the reading had one (the `review:` of the front matter)."""
    dateline = read_dateline(body, title, place_kind)
    source = dateline.outlet
    own_agency = agency_named(source) if source else None
    wire, wire_doubt = (dateline.wire, None) if dateline.wire else wire_and_doubt(
        body, exclude=own_agency.name if own_agency else None)
    named: list[str] = []
    if source is None and dateline.wire is None and not signed_off(body):
        named = outlets_named_in(body)
        source = named[0] if named else None
    doubts = _doubts(dateline, named, wire_doubt if wire else None, body, place_kind)
    found = Attribution(source=source, wire=wire, dateline=_title_case(dateline.place))
    return found, dateline.lede, doubts


def _doubts(dateline: Dateline, named: list[str], wire_doubt: str | None, body: str,
            place_kind: PlaceKind) -> dict[str, str]:
    """Why source, wire or dateline may be wrong: the dateline reader's own doubt
    (dateline.py); an outlet only named in the body; a dateline name the gazetteer does not
    know (a place, or the outlet?); a name in parentheses that is no domain (an outlet, or an
    agency?)."""
    doubts: dict[str, str] = {}
    if dateline.doubt:
        doubts.update({"source": dateline.doubt, "dateline": dateline.doubt})
    if named:
        doubts.setdefault("source", DOUBT_SEVERAL if len(set(named)) > 1 else DOUBT_IN_TEXT)
    if wire_doubt:
        doubts["wire"] = wire_doubt
    if dateline.place and not place_kind(dateline.place):
        doubts.setdefault("dateline", DOUBT_UNKNOWN_PLACE)
        doubts.setdefault("source", DOUBT_UNKNOWN_PLACE)
    outlet = dateline.outlet or ""
    if f"({outlet})" in body[:HEAD_CHARS * 4] and not _DOMAIN_NAME.match(outlet):
        doubts.setdefault("source", DOUBT_PARENTHESISED)
        doubts.setdefault("wire", DOUBT_PARENTHESISED)
    return doubts


def outlets_named_in(body: str) -> list[str]:
    """The outlets the text names as itself (see the module docstring), the most often named
    first; [] when it names none."""
    candidates: list[str] = []
    for at in _CUE_WORDS.starts(body):
        match = _OUTLET_AFTER_CUE.match(body, at)
        name = match and _outlet_name(match.group("name"), english=match.group(0)[:4] == "told")
        if name:
            candidates.append(name)
    for at in _ROLE_WORDS.starts(body):
        match = _STAFF_CREDIT.search(body, max(0, at - _CREDIT_REACH), at + _CREDIT_REACH)
        name = match and _outlet_name(match.group("name"), english=True)
        if name:
            candidates.append(name)
    # A correspondent "reporting from" is looked for only where the text says " report".
    for match in _CORRESPONDENT.finditer(body) if " report" in body else ():
        if not agency_named(match.group("name")):
            candidates.append(match.group("name"))
    counts = {name: _times_named(body, name) for name in candidates}
    return sorted(candidates, key=lambda name: -counts[name])   # stable: first of the most named


def _times_named(body: str, name: str) -> int:
    """How often the text names an outlet: by its acronym where it has one ("NBC" in "NBC
    News", "NBC affiliate WSAZ"), else by its whole name."""
    brand = next((w for w in name.split() if _ACRONYM.match(w)), name)
    return len(re.findall(rf"(?<!\w){re.escape(brand)}(?!\w)", body))


def _outlet_name(text: str, english: bool) -> str | None:
    """The outlet a name after a cue denotes, by its shape; None when it is not one (a person,
    an office, an agency: agencies are wires)."""
    words = text.rstrip(".,;:'’").split()
    for end in range(len(words), 0, -1):
        name = " ".join(words[:end]).rstrip(".,;:'’")
        if agency_named(name):
            return None
        if _DOMAIN_NAME.match(name) or LOWER_BRAND.match(name):
            return name
        if end > 1 and words[end - 1].rstrip(".,;:'’").casefold() in MEDIA_WORDS \
                and not reads_as_prose(name):          # "told local TV channel ...": a kind
            return name
    first = words[0].rstrip(".,;:'’") if words else ""
    if english and _ACRONYM.match(first):
        return first
    return None


def _title_case(place: str | None) -> str | None:
    """'NEW DELHI' → 'New Delhi'; mixed-case names are kept as written."""
    if not place:
        return None
    place = place.strip(" ,.-–—_")
    if not place or len(place) > 40:
        return None
    return place.title() if place.isupper() else place
