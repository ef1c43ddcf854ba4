"""News agencies (wires): which names are agencies, and which one an article is credited to.

The agencies are data (`site_builder/data/agencies.tsv`); finding the one an article came from is
done by context:

- a credit line names it outright ("Associated Press writers ... contributed", "By X | AP",
  "Copyright 2016 The Associated Press");
- otherwise the first mention after a cue ("Dikutip AFP", "dilansir dari Reuters", "told The
  Associated Press", "kantor berita FARS"); else the first plain mention of an agency whose name
  is not also an ordinary word;
- photo credits ("LUKAS BARTH / AFP - Getty Images", "Adem Altan/AFP via Getty Images",
  "REUTERS/Omar Sobhani") credit a picture, not the story, and are passed over.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from site_builder.extract.lines import line_matches
from site_builder.extract.literals import Literals

AGENCIES_FILE = Path(__file__).resolve().parent.parent / "data" / "agencies.tsv"


@dataclass(frozen=True)
class Agency:
    """One agency: its canonical name, whether it publishes its own site, whether it needs a cue."""

    name: str
    publisher: bool       # a national agency publishing its own copy ("Jakarta (ANTARA) -")
    needs_cue: bool       # also an ordinary word or acronym ("antara" = "between")


@dataclass(frozen=True)
class _Table:
    agencies: dict[str, Agency]          # regex group → agency
    by_name: dict[str, Agency]           # every written name → agency
    mention: re.Pattern[str]
    first_words: frozenset[str]
    first_word_finder: Literals


@cache
def _table() -> _Table:
    agencies: dict[str, Agency] = {}
    by_name: dict[str, Agency] = {}
    parts: list[str] = []
    first_words: set[str] = set()
    for line in AGENCIES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, scope, cue, names = line.split("\t")[:4]
        agency = Agency(name, scope == "publisher", cue == "yes")
        group = f"a{len(agencies)}"
        agencies[group] = agency
        written = sorted(names.split("|"), key=len, reverse=True)
        parts.append(f"(?P<{group}>{'|'.join(re.escape(n) for n in written)})")
        for n in written:
            by_name[n.casefold()] = agency
            first_words.add(n.split(" ")[0])
    # Glued text ("dilansirAFP") has no word boundary on the left: a lower-case letter may precede.
    mention = re.compile(r"(?<![A-Z0-9])(?<!Thomson )(?:" + "|".join(parts) + r")(?![A-Za-z0-9])")
    return _Table(agencies, by_name, mention, frozenset(first_words), Literals(first_words))


def agency_named(text: str) -> Agency | None:
    """The agency a whole name denotes ("Reuters", "The Associated Press", "ANTARA"), or None."""
    name = re.sub(r"^(?:the|kantor berita)\s+", "", text.strip(), flags=re.IGNORECASE)
    return _table().by_name.get(name.casefold())


def _mentions(body: str) -> Iterator[tuple[re.Match[str], Agency]]:
    """Agency names in the text: where a capitalised word (a capital and the letters and
    hyphens after it, or "dpa") is the first word of an agency's name, the full pattern is
    tried (one big alternation over the text is slow). The first words are found in one
    Aho-Corasick pass; `_word_at` keeps those that are whole capitalised words."""
    table = _table()
    starts = sorted({at for at, word in table.first_word_finder.found(body)
                     if _word_at(body, at, word)})
    for at in starts:
        match = table.mention.match(body, at)
        if match and match.lastgroup:
            yield match, table.agencies[match.lastgroup]


_LETTERS_AND_HYPHEN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-")


def _word_at(body: str, at: int, word: str) -> bool:
    """Whether the capitalised words of the text, read left to right, have `word` at `at`
    (the words `[A-Z][A-Za-z-]*|dpa` finds). They never cross a character other than an ASCII
    letter or a hyphen, and in such a run the first capital starts a word that takes the rest
    of the run; before it, "dpa" is a word of its own."""
    j = at - 1
    while j >= 0 and body[j] in _LETTERS_AND_HYPHEN:
        if "A" <= body[j] <= "Z":
            return False             # inside the word an earlier capital started
        j -= 1
    if word == "dpa":
        return True
    end = at + len(word)
    return "A" <= word[0] <= "Z" and (end == len(body) or body[end] not in _LETTERS_AND_HYPHEN)


_CUE = re.compile(
    r"(?:dikutip|dilansir|melansir|mengutip|kepada|menurut|laporan|kantor berita|diberitakan|"
    r"told|according to|reported by|news agency|agency|quoted by|said|says|reported|"
    r"dari|via|\(|\|)\W{0,3}(?:dari\s+)?(?:the\s+|kantor\s+berita\s+(?:\w+\s+)?)?\s*$",
    re.IGNORECASE)
# "kantor-kantor berita Iran" (Iran's news agencies) names a country: the plural is passed over.
_AGENCY_PHRASE = re.compile(r"(?<![\w-])kantor berita (?:pemerintah |resmi |negara )?"
                            r"(?:[A-Z]\w+, )?([A-Z][A-Za-z]{2,20})")
# A photo credit: "NAME / AGENCY" or "AGENCY/NAME" or "AGENCY - Getty Images", "Photographer: ..."
_PHOTO_BEFORE = re.compile(
    r"(?:[A-Z][\w.'-]*\s?/\s?|Photographer:[^\n]{0,60}?|Foto:\s?|Photo:\s?)$")
_PHOTO_AFTER = re.compile(r"\s?(?:/\s?[A-Z][\w.'-]*|[-–—]\s?Getty|via Getty|/?\s?Getty|"
                          r"(?:FOTO|Foto|PHOTO|Photo)\b)")


def _photo_credit(body: str, match: re.Match[str]) -> bool:
    before = body[max(0, match.start() - 70):match.start()]
    after = body[match.end():match.end() + 14]
    return bool(_PHOTO_BEFORE.search(before) or _PHOTO_AFTER.match(after))


# A credit line names the story's origin outright: "Associated Press writers ... contributed",
# "By Abdi Guled | AP", "Copyright 2016 The Associated Press".
_CREDIT = re.compile(r"(?m)^(?:[-–—]{1,2}\s*|By [^\n|]{1,60}\|\s*|Copyright [^\n]{0,20}?(?:The )?|"
                     r"[A-Z][^\n,]{1,40}, )?(?P<name>[A-Z][A-Za-z ]{1,30}?)"
                     r"(?P<role>(?i: writers?| reporters?| correspondents?))?"
                     r"(?(role)|(?:\s*$| \w+ \d| contributed))")


def _credited(body: str) -> Agency | None:
    """The agency a credit line names; before a role word in any case, as a page's title
    casing writes it ("Ap Correspondent")."""
    for match in line_matches(_CREDIT, body):
        found = next(_mentions(match.group("name")), None)
        if found:
            return found[1]
        named = agency_named(match.group("name")) if match.group("role") else None
        if named:
            return named
    return None


_SIGN_OFF = re.compile(r"(?m)^\s*[-–—(]{1,2}\s*([A-Z][A-Za-z]{1,20})\)?\s*$")


def signed_off(body: str) -> Agency | None:
    """The agency that signs the copy off at its end ("--IANS", "-AAP"): the whole story is
    that agency's, so an outlet the text names ("told Seven News") is quoted, not the publisher."""
    for match in _SIGN_OFF.finditer(body, max(0, len(body) - 300)):
        agency = agency_named(match.group(1))
        if agency:
            return agency
    return None


def find_wire(body: str, exclude: str | None = None) -> str | None:
    """The agency an article is credited to (see the module docstring), other than `exclude`
    (the article's own outlet when that is an agency); None when no agency is named as origin."""
    return wire_and_doubt(body, exclude)[0]


DOUBT_TOLD = "agency only named as told something"
DOUBT_UNCUED = "agency named without a credit or cue"
DOUBT_BRACKET = "agency named only in brackets"


def _cue_doubt(cue: str) -> str | None:
    """"told Reuters" names a person quoted to the agency, which the outlet may only have read;
    "(AFP" may be a photo credit's or a quoted story's bracket."""
    cue = cue.lower().strip()
    if cue.startswith("told"):
        return DOUBT_TOLD
    return DOUBT_BRACKET if cue.startswith("(") else None


def wire_and_doubt(body: str, exclude: str | None = None) -> tuple[str | None, str | None]:
    """`find_wire`'s agency and a reason to doubt it: a credit line or a citing cue is plain;
    "told Reuters" (a person quoted to the agency, which the outlet may only have read) and a
    bare mention are weaker."""
    credited = _credited(body)
    if credited and credited.name != exclude:
        return credited.name, None
    first_plain = None
    for match, agency in _mentions(body):
        if agency.name == exclude or _photo_credit(body, match):
            continue
        cue = _CUE.search(body[max(0, match.start() - 40):match.start()])
        if cue:
            return agency.name, _cue_doubt(cue.group())
        if first_plain is None and not agency.needs_cue:
            first_plain = agency.name
    if first_plain:
        return first_plain, DOUBT_UNCUED
    return (_unlisted_agency(body), None)


def _unlisted_agency(body: str) -> str | None:
    """An agency the list lacks, named after "kantor berita" ("kantor berita Iran, IRNA"); not
    a weekday or month after a comma ("dilansir kantor berita Rusia, Senin" names no agency:
    that was read as the wire "Senin")."""
    if "kantor berita" not in body:
        return None
    from site_builder.extract.dates import MONTHS, WEEKDAYS
    for phrase in _AGENCY_PHRASE.finditer(body):
        name = phrase.group(1)
        if name.casefold() not in WEEKDAYS and name.casefold() not in MONTHS:
            return name
    return None
