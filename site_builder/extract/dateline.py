"""The dateline: where a report was filed and who filed it, read from the lede's first words.

No list of outlets decides what a dateline is. The head of the lede (the words before its first
dash) is split into parts at commas and parentheses, and each part is read by its shape and
position; the gazetteer decides which part is a place:

    GAZA, KOMPAS.com - ...            place, outlet (a domain is an outlet)
    Liputan6.com, Jakarta - ...       outlet, place
    KETIK, JEMBER – ...               the gazetteer knows Jember, not Ketik: outlet, place
    Kabar6 – / RADAR NONSTOP - ...    a name that is no place: the outlet
    MerahPutih Internasional - ...    an outlet and its desk (the desk word is dropped)
    Mojokerto (beritajatim.com) – ... place (outlet)
    Jakarta (ANTARA) - ...            place (a national agency publishing its own copy: the outlet)
    NEW YORK (Reuters) - ...          place (a wire agency: the wire; the outlet is not named)
    WASHINGTON, May 27 (UPI) -- ...   place, date (wire)
    GAMBER, Indonesia (AP) — ...      a name before its country is a place, known or not
    BEIRUT At least ... / PARAVOOR, India  Medical ...   an upper-case place without a dash

Dashes are hyphens, en or em dashes, single or double, with or without spaces ("BOGOR- Pria",
"JAKARTA-Gempa", "Liputan6.com, Gaza -Tembakan"). The lede is the first line that reads as
prose: captions, a repeated title, bylines and date lines before it are passed over.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from site_builder.extract.agencies import Agency, agency_named
from site_builder.extract.dateline_words import (
    DATE_PART,
    DESK_WORDS,
    DOMAIN,
    LOWER_BRAND,
    outlet_shaped,
    province_abbreviation,
    reads_as_prose,
)

OPENING_LINES = 6          # the lede is among the first lines (after captions, bylines, dates)
HEAD_CHARS = 90            # a dateline head is short
SHORT_LINE = 60            # shorter lines without a sentence are captions or credits
MAX_PART_WORDS = 4

DOUBT_BELOW_TEXT = "dateline below the first line of text"
DOUBT_OUTLET_LINE = "outlet named on a line of its own"
DOUBT_UNREAD_HEAD = "the lede opens with words not read as a dateline"
DOUBT_SHORT_LINE = "the dateline's line has almost no text after it"
DOUBT_ACRONYM = "a short upper-case head read as the outlet"   # or a regency's initials (OKI)
DOUBT_PREAMBLE = "no dateline read, and lines above the lede"  # no "; ": the CSV's separator
# A lede with no dateline read that opens with a short head and a mark ("X | Y —", "X: ..."):
# a convention the reader does not know yet, so source and dateline may be wrong.
_UNREAD_HEAD = re.compile(r"^(?:[^.!?\"“]|\.(?=\S)){1,50}?(?:\s[-–—|]+\s*|\s*[-–—]{2}|//|:\s)")

PlaceTest = Callable[[str], "str | None"]    # a name → its kind if it is a place, else None
# What a name in parentheses after the place is when it is the place's area ("Minna
# (Nigeria)", "Kuta (Bali)"); a hamlet or a feature of the same name ("SLEMAN (Lentera)") is not:
# the parentheses then name the outlet.
_AREA_KINDS = ("country", "region", "city")


@dataclass(frozen=True)
class Dateline:
    """What the dateline says: the outlet, the place, and a wire agency named in it."""

    outlet: str | None = None
    place: str | None = None
    wire: str | None = None
    lede: str = ""          # the lede's text after the dateline (untitled articles' headline)
    doubt: str | None = None    # why the reading may be wrong (review:), None when it is plain

    def __bool__(self) -> bool:
        return bool(self.outlet or self.place or self.wire)


# Dashes that end a dateline head: "--", en/em dash, or a hyphen with a space on either side;
# a bare hyphen only between an upper-case word or a domain and a capitalised word.
_SEPARATOR = re.compile(
    r"\s*(?:-{2,}|[–—]|(?<=\s)-|-(?=\s))\s*"
    r"|(?<=[A-Z]{2})-(?=[A-Z][a-z])|(?<=\.com)-(?=[A-Z])")
# Weaker ends of a head, tried only where no dash ends one and only for a head naming a known
# place or an agency: "Minna (Nigeria) |", "DUBAI //", "Lagos: ...", "Beijing, Jan 4 (IANS) At".
_WEAK_SEPARATOR = re.compile(r"\s+(?:\||//)\s*|:\s+|(?<=\))\s+(?=[A-Z\"“])")
# Parts of a head: "RADAR24.ID | JAWA TIMUR", "RADARMETROPOLIS: Tuban", "GAZA, KOMPAS.com".
_PART_SPLIT = re.compile(r",|\s\|\s|:\s")
_NAME_WORD = re.compile(r"^(?:[A-Z0-9][\w.&'’-]*|dan|and|of|de|la|el|al)$")
_PARENTHESISED = re.compile(r"^(.*?)\s*\(([^()]{1,40})\)\s*$")
_UPPER_PLACE = re.compile(
    r"^([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3})"          # NEW YORK
    r"(?:,\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?))?"               # , Turkey
    r"(?=\s+[A-Z\"“])")
# Indian and some English copy: "NEW DELHI: ..." (an upper-case place and a colon).
_UPPER_COLON = re.compile(r"^([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3}):\s+(?=\S)")
_BYLINE = re.compile(r"^(?:By |Oleh |Penulis\s*:|Reporter\s*:|Editor\s*:|Laporan\s*:)"
                     r"|^[A-Z][\w .'-]{2,40}, (?:The )?(?:Associated Press|Reuters|AFP)\s*$")
_SENTENCE = re.compile(r"[.!?\"”]\s*$|\w{3,}[,;] \w")

# The day a caption gives its picture: "Kamis (10/7/2025)".
_CAPTION_DATE = re.compile(r"\(\d{1,2}/\d{1,2}/\d{2,4}\)")
# A byline that names the outlet after the reporter: "Achmad Husein Syauqi - detikJateng".
_BYLINE_OUTLET = re.compile(
    r"^(?:[A-Z][\w.'’-]*\s){1,3}[A-Z][\w.'’-]*\s+[-–—|/]\s+(?P<outlet>\S+)$")


def read_dateline(body: str, title: str | None, place_kind: PlaceTest) -> Dateline:
    """The dateline of the lede (see the module docstring), or an empty Dateline; either way
    with the lede's text after it. A first prose line with no dateline may be a teaser or a
    caption: a dateline on one of the next opening lines is taken, with a doubt. So is one
    below a head read only as an unknown name (an upper-case caption label, "KORBAN DIRAWAT -
    ..."), when it names a known place and an outlet by its shape or an agency."""
    lede = None
    outlet_line: Dateline | None = None
    above = 0                  # lines above the lede: captions, a teaser, a date line
    lines = list(_opening_lines(body, title))
    for n, line in enumerate(lines):
        above += lede is None
        byline = _byline_outlet(line, place_kind)
        if byline:
            outlet_line = outlet_line or byline
            continue
        found = _dateline_of(line, place_kind)
        if found is None and len(line) < SHORT_LINE:
            outlet_line = outlet_line or _outlet_line(line, place_kind)
            continue
        below = (found and _caption_label(found, line)
                 and _named_dateline_below(lines[n + 1:], place_kind))
        if below:
            return replace(below, doubt=DOUBT_BELOW_TEXT)
        if found is not None and lede is not None:
            if _plain(found, place_kind):
                return _with_outlet_line(found, outlet_line, DOUBT_BELOW_TEXT)
        elif found is not None:
            if outlet_line and not found.outlet:
                return _with_outlet_line(found, outlet_line, DOUBT_OUTLET_LINE)
            if len(found.lede.split()) <= MAX_PART_WORDS:     # "OUTLET.com - Merangin" alone
                return replace(found, doubt=DOUBT_SHORT_LINE)
            return replace(found, doubt=DOUBT_ACRONYM) if _acronym_outlet(found) else found
        if lede is None and len(line) >= SHORT_LINE and _SENTENCE.search(line[:SHORT_LINE * 3]):
            lede = line                    # the lede, and it opens with no dateline
    if outlet_line:
        return replace(outlet_line, lede=lede or "", doubt=DOUBT_OUTLET_LINE)
    return Dateline(lede=lede or "", doubt=_unread_doubt(lede, above, place_kind))


def _with_outlet_line(found: Dateline, outlet_line: Dateline | None, doubt: str) -> Dateline:
    """A dateline naming no outlet takes the one an earlier line named on its own."""
    outlet = found.outlet or (outlet_line.outlet if outlet_line else None)
    return replace(found, outlet=outlet, doubt=doubt)


def _byline_outlet(line: str, place_kind: PlaceTest) -> Dateline | None:
    """A byline naming the outlet after the reporter ("Achmad Husein Syauqi - detikJateng"):
    the outlet, as a line of its own names it. A name and a dash before a word that is no
    domain or brand is left to the dateline reader ("KETIK, JEMBER", "Kabar6 - ..."), and so is
    a place before the outlet ("Banda Aceh - kompas.com")."""
    match = _BYLINE_OUTLET.match(line)
    outlet = match.group("outlet").rstrip(".,;:") if match else ""
    if outlet and (DOMAIN.match(outlet) or LOWER_BRAND.match(outlet)) and not place_kind(
            line[:match.start("outlet")].strip(" -–—|/")):
        return Dateline(outlet=outlet)
    return None


def _acronym_outlet(found: Dateline) -> bool:
    """A head that is only a short upper-case word, read as the outlet: an outlet's acronym
    ("RN -") and a regency's initials ("OKI -", "TTS -") look alike. Three letters at most, as
    places.place_kind's rule for airport codes (a town only by its name or initials)."""
    outlet = found.outlet or ""
    return (not found.place and not found.wire and outlet.isalpha() and outlet.isupper()
            and len(outlet) <= 3)


def _caption_label(found: Dateline, line: str) -> bool:
    """A photo caption's label read as the outlet ("KORBAN DIRAWAT - Korban ... saat dirawat,
    Kamis (10/7/2025)."): an unknown upper-case name of two words or more, no place, no wire,
    and the date a caption gives its picture on the line. An outlet's head over a lede
    ("WARTA SENJA - Berikut rangkuman ...") has no such date."""
    outlet = found.outlet or ""
    return (len(outlet.split()) > 1 and outlet.isupper() and not found.place and not found.wire
            and not DOMAIN.match(outlet) and not outlet_shaped(outlet)
            and bool(_CAPTION_DATE.search(line)))


def _named_dateline_below(lines: list[str], place_kind: PlaceTest) -> Dateline | None:
    """The first of the next opening lines whose dateline names a known place and an outlet
    by its shape (a domain, a newsroom's name) or an agency."""
    for line in lines:
        found = _dateline_of(line, place_kind)
        outlet = (found.outlet or "") if found else ""
        if found and found.place and place_kind(found.place) and (
                found.wire or DOMAIN.match(outlet) or outlet_shaped(outlet)):
            return found
    return None


def _unread_doubt(lede: str | None, above: int, place_kind: PlaceTest) -> str | None:
    """Why a lede with no dateline read may have one in a shape not known yet: it opens with a
    mark ("X | Y —", "X: ") or a known place and a comma ("Beijing, Jan 4 (IANS) At"); or
    lines stand above it (the "lede" may be a caption or a teaser, the dateline below it)."""
    if lede is None:
        return None
    head = lede[:40].split(",", 1)
    if _UNREAD_HEAD.match(lede) or (len(head) > 1 and len(head[0].split()) <= 3
                                    and place_kind(head[0])):
        return DOUBT_UNREAD_HEAD
    return DOUBT_PREAMBLE if above > 1 else None


def _plain(found: Dateline, place_kind: PlaceTest) -> bool:
    """A dateline that cannot be a sentence's opening words: a domain or a newsroom's name, an
    agency, or a known place."""
    outlet = found.outlet or ""
    return bool(DOMAIN.match(outlet) or outlet_shaped(outlet) or outlet.isupper() or found.wire
                or (found.place and place_kind(found.place)))


def _outlet_line(line: str, place_kind: PlaceTest) -> Dateline | None:
    """A short line naming the outlet on its own ("BERITABALI.COM, NASIONAL.", "KOMPAS.com"),
    with perhaps a desk and a place: the outlet must be a domain or read as a newsroom."""
    head = _SEPARATOR.sub(", ", line.strip().rstrip(".,;:")).strip(", ")
    words = [w for w in head.split(", ") if w.casefold() not in DESK_WORDS]
    if not words or not (DOMAIN.match(words[0]) or
                         (outlet_shaped(words[0]) and not reads_as_prose(words[0]))):
        return None
    found = _read_head(", ".join(words), place_kind)
    return found if found and found.outlet else None


def _opening_lines(body: str, title: str | None) -> Iterator[str]:
    """The first lines, less a repeated title, bylines and Markdown bold markers."""
    title_key = (title or "").strip().casefold()
    for line in body.split("\n", OPENING_LINES)[:OPENING_LINES]:
        line = line.strip()
        if "**" in line[:HEAD_CHARS]:     # Markdown bold kept in a copy: "**GAZA, KOMPAS.com** -"
            line = line.replace("**", "")
        if not line or line.casefold() == title_key or _BYLINE.search(line):
            continue
        yield line


def _dateline_of(line: str, place_kind: PlaceTest) -> Dateline | None:
    """The dateline at the start of one line, or None when the line opens with none. A line
    whose head is only a date ("Sabtu, 18 April 2015 - Raden Yusuf") is a date line: None."""
    for separator in _SEPARATOR.finditer(line, 0, HEAD_CHARS):
        head = line[:separator.start()].strip()
        if not head or not separator.group().strip():
            continue
        found = _read_head(head, place_kind)
        if found is not None:
            return _with_place_after(found, line[separator.end():], place_kind) if found else None
    for separator in _WEAK_SEPARATOR.finditer(line, 0, HEAD_CHARS):
        found = _read_head(line[:separator.start()].strip(), place_kind)
        if found and (found.wire or (found.place and place_kind(found.place))):
            return _with_place_after(found, line[separator.end():], place_kind)
    colon = _UPPER_COLON.match(line)
    if colon and place_kind(colon.group(1)):            # "DEHRADUN: A helicopter crashed"
        return Dateline(None, colon.group(1), None, line[colon.end():])
    return _comma_head(line, place_kind) or _upper_place(line, place_kind)


def _with_place_after(found: Dateline, rest: str, place_kind: PlaceTest) -> Dateline:
    """"FrontBiroInvestigasi.com - Merangin" on a line of its own, or "jpnn.com - SAMPANG -
    text" (upper case, or not followed by another place: "kumparan.com - Bali - Lombok ..." is
    a route): the place follows the outlet's dash. "Banda Aceh - kompas.com" alone on a line:
    the outlet follows the place's."""
    rest = rest.strip()
    if found.place and not found.outlet and (DOMAIN.match(rest) or LOWER_BRAND.match(rest)):
        return replace(found, outlet=rest, lede="")            # "Banda Aceh - kompas.com"
    if found.place or not rest:
        return replace(found, lede=rest)
    if len(rest.split()) <= MAX_PART_WORDS and place_kind(rest):
        return replace(found, place=rest, lede="")
    dash = _SEPARATOR.search(rest, 0, HEAD_CHARS)
    head = rest[:dash.start()].strip() if dash else ""
    after = rest[dash.end():] if dash else ""
    if head and len(head.split()) <= MAX_PART_WORDS and place_kind(head) and (
            head.isupper() or not place_kind(after.split(" ", 1)[0])):
        return replace(found, place=head, lede=after)
    return replace(found, lede=rest)


def _split_outside_parentheses(head: str) -> list[str]:
    """The head cut at commas, " | " and ": ", except inside parentheses ("YOLA (Adamawa,
    Nigeria), Nov 4")."""
    pieces, depth, start = [], 0, 0
    for match in re.finditer(r"[()]|" + _PART_SPLIT.pattern, head):
        token = match.group()
        depth += {"(": 1, ")": -1}.get(token, 0)
        if token not in "()" and depth <= 0:
            pieces.append(head[start:match.start()])
            start = match.end()
    return [*pieces, head[start:]]


def _parts(head: str) -> list[tuple[str, bool]]:
    """The head's parts: (text, in parentheses), split at commas and a trailing "(...)"."""
    parts: list[tuple[str, bool]] = []
    for piece in _split_outside_parentheses(head):
        piece = piece.strip()
        match = _PARENTHESISED.match(piece)
        if match:
            parts += [(match.group(1).strip(), False), (match.group(2).strip(), True)]
        elif piece:
            parts.append((piece, False))
    return [(text, paren) for text, paren in parts if text]


def _read_head(head: str, place_kind: PlaceTest) -> Dateline | None:
    """Read a head's parts; None when a part is neither a date, an outlet, an agency, a place
    nor a short name (the text before the dash was prose, not a dateline)."""
    outlets: list[str] = []
    places: list[tuple[str, str]] = []        # (name, kind)
    names: list[int] = []                     # positions of unknown names
    sequence: list[tuple[str, str, str]] = []     # (role, text, kind) in order
    wire = None
    for text, parenthesised in _parts(head):
        agency = _agency_in(text) if parenthesised else agency_named(text)
        if DATE_PART.match(text):
            continue
        if agency is not None:
            if agency.publisher and parenthesised:
                outlets.append(text)
            else:
                wire = agency.name
            continue
        if parenthesised and all(place_kind(p.strip()) in _AREA_KINDS for p in text.split(",")):
            continue                                  # "Minna (Nigeria)": the place's country
        if DOMAIN.match(text) or parenthesised or outlet_shaped(text):
            outlets.append(text)
            continue
        kind = "region" if sequence and province_abbreviation(text) else place_kind(text)
        if kind:                                      # "RYE, N.Y.": a US state after the town
            places.append((text, kind))
            sequence.append(("place", text, kind))
            continue
        words = text.split()
        if len(words) > MAX_PART_WORDS or not all(_NAME_WORD.match(w) for w in words):
            return None
        names.append(len(sequence))
        sequence.append(("name", text, ""))
    for n in names:
        name = sequence[n][1]
        follows = sequence[n + 1] if n + 1 < len(sequence) else None
        if follows and follows[0] == "place" and follows[2] in ("country", "region"):
            places.insert(0, (name, "city"))          # "GAMBER, Indonesia (AP)"
        elif not outlets:
            outlets.append(_without_desk(name))       # "KETIK, JEMBER", "Kabar6"
        elif not places:
            places.append((name, "city"))             # "DESAKU, KOMPAS.com": an unknown place
        else:
            return None
    return Dateline(outlets[0] if outlets else None, places[0][0] if places else None, wire)


def _agency_in(text: str) -> Agency | None:
    """The agency in parentheses, alone or joined to another ("NNN-XINHUA", "AFP/Reuters")."""
    return agency_named(text) or next(
        (a for a in map(agency_named, re.split(r"[-/]", text)) if a), None)


def _without_desk(name: str) -> str:
    words = name.split()
    if len(words) > 1 and words[-1].casefold() in DESK_WORDS:
        words = words[:-1]
    return " ".join(words)


_COMMA_HEAD = re.compile(r"^([A-Z0-9][\w.-]{1,30}(?: [A-Z0-9][\w.-]{1,30}){0,2}), "
                         r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})\b")


def _comma_head(line: str, place_kind: PlaceTest) -> Dateline | None:
    """"MEDIA-INSPIRASI, Makassar _Sulsel ...": an upper-case outlet or a domain, a comma and a
    known place, with no dash after them."""
    match = _COMMA_HEAD.match(line)
    if not match:
        return None
    outlet, place = match.groups()
    if not (outlet.isupper() or DOMAIN.match(outlet)) or place_kind(outlet):
        return None
    words = place.split()
    for end in range(len(words), 0, -1):           # the longest known place
        name = " ".join(words[:end])
        if place_kind(name):
            return Dateline(outlet, name, None, line[match.start(2) + len(name):].lstrip(" _"))
    return None


def _upper_place(line: str, place_kind: PlaceTest) -> Dateline | None:
    """"BEIRUT At least 63 ..." or "ANKARA, Turkey — ...": an upper-case place opening the line."""
    match = _UPPER_PLACE.match(line)
    if not match:
        return None
    place, country = match.groups()
    if place_kind(place) or (country and place_kind(country) == "country"):
        return Dateline(None, place, None, line[match.end():].lstrip(" ,—–-"))
    return None
