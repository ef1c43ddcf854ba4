"""Who published an article (source), which agency it came from (wire), where it was filed.

News copy opens with a dateline in a handful of shapes, which we read in the first lines:

    GAZA, KOMPAS.com - ...            place, outlet
    Liputan6.com, Jakarta - ...       outlet, place
    KOMPAS.com -- ... / CNN Indonesia -- ...    outlet only
    Jakarta (ANTARA) - / NEW YORK (Reuters) -   place (agency)
    ANKARA, Turkey — ... / BEIRUT At least ...  an upper-case place

The wire is an agency quoted as the origin ("Dikutip AFP", "dilansir dari Reuters", "told The
Associated Press", "kantor berita FARS"); broadcasters and newspapers cited (BBC, CNN, Al
Jazeera) are sources of quotes, not wires. The agency list is data; finding it is done by context.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from site_builder.model import Attribution

HEAD_LINES = 3          # the dateline is on the first line, or after a byline or author line
HEAD_CHARS = 400

# Outlets as they name themselves in datelines and self-references.
_OUTLET = (r"(?:[A-Z][A-Za-z0-9]*\.(?:com|co\.id|id|net|org|co)"     # KOMPAS.com, Gatra.com
           r"|CNN Indonesia|CNN|BBC(?: News)?(?: Indonesia)?|ANTARA(?: News)?|Antaranews"
           r"|detik(?:com|[A-Z][a-z]+)|Tempo|Republika|Okezone|Kontan|Bisnis)")
_PLACE = r"[A-Za-z][A-Za-z .'’-]{1,40}?"
_DASH = r"\s*(?:-{1,2}|–|—)"

_PLACE_THEN_OUTLET = re.compile(rf"^({_PLACE})\s*,\s*({_OUTLET}){_DASH}")
_OUTLET_THEN_PLACE = re.compile(rf"^({_OUTLET})\s*,\s*({_PLACE}){_DASH}")
_OUTLET_ONLY = re.compile(rf"^\(?({_OUTLET})\)?{_DASH}")
_PLACE_AGENCY = re.compile(
    rf"^({_PLACE})(?:,\s*[A-Z][A-Za-z .]{{1,30}}?)?\s*\(([A-Za-z .]{{2,30}})\){_DASH}")
_UPPER_PLACE = re.compile(r"^([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3})(?=\s*(?:,|-|–|—|\s[A-Z]))")
_BYLINE = re.compile(r"^(?:By |Oleh |Penulis:|Reporter:|Editor:)|^[A-Z][\w .'-]{2,40}, "
                     r"(?:Associated Press|Reuters|AFP)\s*$")

# Wire agencies: (canonical name, pattern). Short acronyms must be upper case; names that are
# also ordinary words ("antara" = "between") need an agency cue (see _CUED_ONLY).
WIRES: list[tuple[str, str]] = [
    ("AFP", r"AFP|Agence France-Presse"), ("AP", r"Associated Press|AP"),
    ("Reuters", r"Reuters"), ("Anadolu", r"Anadolu(?: Agency)?"), ("EFE", r"EFE"),
    ("PTI", r"PTI|Press Trust of India|Press Trust"), ("Antara", r"Antara|ANTARA"),
    ("Xinhua", r"Xinhua"), ("Kyodo", r"Kyodo"), ("Yonhap", r"Yonhap"), ("TASS", r"TASS"),
    ("RIA Novosti", r"RIA Novosti"), ("Interfax", r"Interfax"), ("IRNA", r"IRNA"),
    ("FARS", r"FARS|Fars News(?: Agency)?"), ("Tasnim", r"Tasnim"), ("WAFA", r"WAFA"),
    ("SANA", r"SANA"), ("Bernama", r"Bernama"), ("dpa", r"dpa|DPA"), ("ANSA", r"ANSA"),
    ("UPI", r"UPI"), ("IANS", r"IANS"), ("ANI", r"ANI"), ("Dogan", r"Dogan(?: News Agency)?"),
    ("National News Agency", r"National News Agency|NNA"), ("KCNA", r"KCNA"),
    ("Sputnik", r"Sputnik"), ("Bloomberg", r"Bloomberg"),
]
_CUED_ONLY = {"Antara", "ANI", "SANA", "Sputnik", "Bloomberg", "dpa"}
_WIRE_OF = {}
_wire_parts = []
for _name, _pattern in WIRES:
    _group = "w" + str(len(_wire_parts))
    _WIRE_OF[_group] = _name
    _wire_parts.append(f"(?P<{_group}>{_pattern})")
# Glued text ("dilansirAFP") has no word boundary on the left, so we allow a lower-case letter.
_WIRE_MENTION = re.compile(
    r"(?<![A-Z0-9])(?<!Thomson )(?:" + "|".join(_wire_parts) + r")(?![A-Za-z0-9])")
_CUE = re.compile(
    r"(?:dikutip|dilansir|melansir|mengutip|kepada|menurut|laporan|kantor berita|diberitakan|"
    r"told|according to|reported by|news agency|agency|quoted by|said|says|reported|"
    r"dari|via|\(|\|)\W{0,3}(?:dari\s+)?(?:the\s+|kantor\s+berita\s+(?:\w+\s+)?)?\s*$",
    re.IGNORECASE)
_AGENCY_PHRASE = re.compile(r"kantor berita (?:pemerintah |resmi |negara )?(?:[A-Z]\w+, )?"
                            r"([A-Z][A-Za-z]{2,20})")


def find_attribution(body: str, language: str) -> Attribution:
    """Source, wire and dateline of one article; None for what the text does not say."""
    source, dateline, agency = _read_dateline(body)
    wire = agency if agency and agency != _canonical_source(source) else None
    wire = wire or _find_wire(body, exclude=_canonical_source(source))
    if source is None:
        source = _self_reference(body)
    return Attribution(source=source, wire=wire, dateline=_title_case(dateline))


def _read_dateline(body: str) -> tuple[str | None, str | None, str | None]:
    """(outlet, place, agency) from the first line that looks like a dateline."""
    for line in body.split("\n", HEAD_LINES)[:HEAD_LINES]:
        head = line[:HEAD_CHARS].strip()
        if not head or _BYLINE.search(head):
            continue
        if match := _PLACE_THEN_OUTLET.match(head):
            return match.group(2), match.group(1), None
        if match := _OUTLET_THEN_PLACE.match(head):
            return match.group(1), match.group(2), None
        if match := _OUTLET_ONLY.match(head):
            return match.group(1), None, None
        if match := _PLACE_AGENCY.match(head):
            agency = _wire_name(match.group(2))
            outlet = match.group(2) if agency == "Antara" else None
            return outlet, match.group(1), None if outlet else agency
        if match := _UPPER_PLACE.match(head):
            return None, match.group(1), None
        return None, None, None
    return None, None, None


def _wire_name(text: str) -> str | None:
    match = _WIRE_MENTION.search(text)
    return _WIRE_OF[match.lastgroup] if match and match.lastgroup else None


def _canonical_source(source: str | None) -> str | None:
    return _wire_name(source) if source else None


# A credit line names the story's origin outright: "Associated Press writers ... contributed",
# "By Abdi Guled | AP", "Copyright 2016 The Associated Press".
_CREDIT = re.compile(r"(?m)^(?:By [^\n|]{1,60}\|\s*|Copyright [^\n]{0,20}?(?:The )?|"
                     r"[A-Z][^\n,]{1,40}, )?(?P<name>[A-Z][A-Za-z ]{1,30}?)"
                     r"(?: writers?| reporters?| correspondents?|\s*$| \w+ \d| contributed)")


def _credited_wire(body: str) -> str | None:
    for match in _CREDIT.finditer(body):
        name = _wire_name(match.group("name"))
        if name:
            return name
    return None


# First words of the agency names: a cheap word scan finds where an agency may be named, and
# only there is the full pattern tried (one big alternation over the whole text is slow).
_WIRE_FIRST_WORDS = frozenset(
    word.split(" ")[0].split("(")[0].lstrip("(?:").rstrip(")")
    for _, pattern in WIRES for word in pattern.split("|"))
_CAPITALISED = re.compile(r"[A-Z][A-Za-z-]*|dpa")


def _wire_mentions(body: str) -> Iterator[re.Match]:
    for word in _CAPITALISED.finditer(body):
        if word.group(0) in _WIRE_FIRST_WORDS:
            match = _WIRE_MENTION.match(body, word.start())
            if match:
                yield match


def _find_wire(body: str, exclude: str | None) -> str | None:
    """The agency quoted as origin: a credit line, the first cued mention, else the first plain
    mention, else an agency named as one ("kantor berita FARS")."""
    credited = _credited_wire(body)
    if credited and credited != exclude:
        return credited
    first_plain = None
    for match in _wire_mentions(body):
        name = _WIRE_OF[match.lastgroup or ""]
        if name == exclude:
            continue
        cued = bool(_CUE.search(body[max(0, match.start() - 40):match.start()]))
        if cued:
            return name
        if first_plain is None and name not in _CUED_ONLY:
            first_plain = name
    if first_plain:
        return first_plain
    phrase = _AGENCY_PHRASE.search(body)
    return phrase.group(1) if phrase else None


_SELF_REFERENCE = re.compile(r"(detik(?:com|[A-Z][a-z]+))(?![a-z])|"
                             r"@(bbc)\.co\.uk|^\((CNN)\)", re.MULTILINE)


def _self_reference(body: str) -> str | None:
    """An outlet naming itself outside the dateline ("diterima detikJabar", "(CNN) -")."""
    match = _SELF_REFERENCE.search(body)
    if not match:
        return None
    if match.group(2):
        return "BBC"
    return match.group(1) or match.group(3)


def _title_case(place: str | None) -> str | None:
    """'NEW DELHI' → 'New Delhi'; mixed-case names are kept as written."""
    if not place:
        return None
    place = place.strip(" ,.-–—")
    if not place or len(place) > 40:
        return None
    return place.title() if place.isupper() else place
