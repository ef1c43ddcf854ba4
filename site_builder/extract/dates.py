"""The report date: the date attached to the article's main news, in its lede or attribution.

Indonesian copy writes `Weekday (D/M)` or `Weekday (D/M/YYYY)` ("Minggu (1/11)", "Sabtu
(7/6/2025) malam"); both languages write day-month names ("18 Juni 2025", "June 25", "Jan. 5,
2016"), weekdays alone ("on Sunday", "mengatakan Minggu") and "kemarin"/"yesterday". A date
without a year resolves to the latest weekday-consistent date on or before the reference date
(the day the article was collected) and is marked `inferred`; without a reference date it stays
None, its words kept. Day and month names come from Babel's CLDR data, not from a hand table.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from babel import Locale

from site_builder.extract.lines import sub_lines
from site_builder.model import DateFinding

LEDE_LINES = 3                 # the lede and the attribution paragraph
LEDE_CHARS = 600               # scraped copy may be one long paragraph: the lede is its start
HEAD_CHARS = 1500
SCAN_CHARS = 200_000           # dates past this point are not the report's date
YEARS_BACK = 30                # how far back a weekday may move a yearless date


def _names(kind: str) -> dict[str, int]:
    """Lower-cased day or month names and abbreviations (id, en) → number."""
    table: dict[str, int] = {}
    for language in ("id", "en"):
        locale = Locale.parse(language)
        source = locale.months if kind == "months" else locale.days
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in source[context][width].items():
                    table[name.lower().rstrip(".")] = number
    return table


MONTHS = _names("months") | {"sept": 9, "agt": 8, "peb": 2, "nopember": 11, "pebruari": 2}
WEEKDAYS = _names("days")     # Monday = 0 ... Sunday = 6, as date.weekday()
WEEKDAYS_FULL = {name: n for name, n in WEEKDAYS.items() if len(name) > 3}

_WEEKDAY = "|".join(sorted(WEEKDAYS_FULL, key=len, reverse=True))
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))

# "(1/11)", "(7/6/2025)", or a bare "18/6/2025"; the weekday before it is looked up separately
# (a short look-back), which keeps this scan over the whole text cheap.
_NUMERIC = re.compile(r"\((?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?\)"
                      r"|(?<![\d/])(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4})(?![\d/])"
                      r"|(?<![\d/])(?P<d3>\d{1,2})/(?P<m3>\d{1,2})/(?P<y3>\d{2})(?![\d/])")
# A two-digit year written bare ("12/6/25") is a date only after its weekday or "tgl."/"tanggal"
# ("pada hari kamis tgl.12/6/25"); elsewhere it may be a score or a fraction.
_SHORT_DATE_CUE = re.compile(rf"(?:\b(?:{_WEEKDAY})\b[^()\n]{{0,12}}|\btgl\.?\s*|\btanggal\s+)$",
                             re.IGNORECASE)
# A lone weekday followed by the future ("On Sunday morning, Americans will ...") names a day
# to come, not the report's.
_FUTURE_AFTER = re.compile(r"^[^.;!?\n]{0,40}?\b(?:will|akan|is expected to|are expected to)\b",
                           re.IGNORECASE)
_WEEKDAY_BEFORE = re.compile(rf"\b(?P<wd>{_WEEKDAY})\b[^()\n]{{0,24}}?$", re.IGNORECASE)
# Named forms are found by shape ("18 Juni", "June 25") and checked against the name tables:
# a dictionary look-up per candidate is far cheaper than one alternation of every name. A
# lookahead for the first character (here and in _WEEKDAY_WORD) changes no match but lets the
# engine skip to the few places it can start: 27 → 21 µs over an article's head (each).
_DAY_MONTH = re.compile(r"(?=\d)\b(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]{3,10})\.?"
                        r"(?:,?\s+(?P<y>\d{4}))?\b")
# The month's letters are taken whole ({3,10}+, no backtracking): giving one back leaves a letter
# where a dot or a space must follow, so it never makes a match.
_MONTH_DAY = re.compile(r"\b(?P<mon>[A-Za-z]{3,10}+)\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b"
                        r"(?:,?\s+(?P<y>\d{4})\b)?")
_WORD_BEFORE = re.compile(r"(?P<wd>[A-Za-z]+),?\s+$")
# A capitalised word of four to eight letters that is a weekday's name ("Minggu", "Sunday";
# "Wednesday", nine letters, is not one of them): the names themselves, so the scan of the head
# stops only at weekdays rather than at every capitalised word.
_WEEKDAY_WORD = re.compile(r"(?=[A-Z])\b(?:" + "|".join(
    name.capitalize() for name in sorted(WEEKDAYS_FULL, key=len, reverse=True)
    if re.fullmatch(r"[a-z]{4,8}", name)) + r")\b")
_NOT_A_DAY_AFTER = re.compile(r"\s*\(|\s+(?:lalu|depan|ini|ke-?\d|pertama|kedua|terakhir|"
                              r"sebelumnya)\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(kemarin|yesterday|hari ini|today)\b", re.IGNORECASE)
_RELATIVE_WORDS = ("kemarin", "yesterday", "hari ini", "today")
# Letters IGNORECASE matches with i, s or k that lower() does not turn into them: the pattern,
# slow to try everywhere, runs only on a head that has its words or one of these.
_FOLDED_LETTERS = ("\u0130", "\u0131", "\u017f", "\u212a")
_RELATIVE_DAYS = {"kemarin": 1, "yesterday": 1, "hari ini": 0, "today": 0}


@dataclass(frozen=True)
class _Mention:
    """A date expression found in the text: what it says, and where."""

    start: int
    text: str
    day: int | None
    month: int | None
    year: int | None
    weekday: int | None
    days_ago: int | None = None

    @property
    def explicit(self) -> bool:
        return self.day is not None and self.month is not None


# A photo caption ends with its credit ("... Senin (20/12/2021). (ANTARA FOTO/REUTERS/...)"):
# its date is the picture's, which may not be the report's.
_CAPTION = re.compile(
    r"(?m)^[^\n]*\((?:[A-Z]+ )?(?:FOTO|Foto|foto|PHOTO|Photo)\b[^)\n]*\)\.?[ \t]*$")
_CAPTION_WORDS = ("FOTO", "Foto", "foto", "PHOTO", "Photo")    # no caption without one


def find_report_date(body: str, language: str, reference_date: date | None) -> DateFinding:
    """The report's date with the words it came from and how it was known."""
    text = body[:SCAN_CHARS]
    if any(word in text for word in _CAPTION_WORDS):
        text = sub_lines(_CAPTION, text, lambda m: " " * len(m.group()))
    mentions = [m for m in _mentions(text) if not _is_background(text, m.start)]
    ordered = _by_preference(sorted(mentions, key=lambda m: m.start), text)
    for mention in ordered:
        if reference_date is None and mention.year is None:
            # The report's day is named but its year is not ("on Monday"): unknown, not guessed
            # from some other date further down; but a day and month take the year of a dated
            # day of the head at most a week later ("Jumat (15/12)" ... "Sabtu (16/12/17)").
            return _with_year_of_head(mention, mentions, text)
        finding = _resolve(mention, reference_date)
        if finding is not None and _plausible(finding, mention, text, reference_date):
            return finding
    if reference_date is not None:
        return DateFinding(reference_date, None, "inferred")
    return DateFinding(None, ordered[0].text if ordered else None, "unknown")


TEXT_YEAR_DAYS = 7      # a year-less day and the dated day of the head that gives its year


def _with_year_of_head(mention: _Mention, mentions: list[_Mention], text: str) -> DateFinding:
    """A year-less day and month resolved with the first day of the head written with its year,
    when that is on or up to a week after it (inferred); else unknown."""
    head_end = min(_nth_line_end(text, LEDE_LINES), HEAD_CHARS)
    dated = next((m for m in mentions if m.start < head_end and m.explicit and m.year), None)
    own = _resolve(dated, None) if dated and mention.explicit else None
    found = _resolve(mention, own.value) if own and own.value else None
    if found and found.value and own and own.value - found.value <= timedelta(days=TEXT_YEAR_DAYS):
        return found
    return DateFinding(None, mention.text, "unknown")


def _by_preference(mentions: list[_Mention], text: str) -> list[_Mention]:
    """The lede's first date of any kind; then the attribution lines' dates, the precise forms
    first; then a `Weekday (D/M)` anywhere. Other dates in the body are background."""
    lede_end = min(_nth_line_end(text, 1), LEDE_CHARS)
    head_end = min(_nth_line_end(text, LEDE_LINES), HEAD_CHARS)
    lede = [m for m in mentions if m.start < lede_end]
    head = [m for m in mentions if lede_end <= m.start < head_end]
    rest = [m for m in mentions if m.start >= head_end]
    if lede and not lede[0].explicit:
        # "mengatakan Minggu" in the lede, "Minggu (1/11)" in the attribution: the same day,
        # said more precisely.
        same_day = [m for m in head if m.explicit and m.weekday == lede[0].weekday]
        lede = same_day[:1] + lede
    return (lede
            + [m for m in head if m.explicit and m.weekday is not None]
            + [m for m in head if m.explicit and m.weekday is None]
            + [m for m in head if not m.explicit]
            + [m for m in rest if m.explicit and m.weekday is not None])


MAX_DAYS_BEFORE_REFERENCE = 120   # older dates near the top are background, not the report's


def _plausible(finding: DateFinding, mention: _Mention, text: str,
               reference: date | None) -> bool:
    """Never after the reference date. A date with its year in the lede is the report's date
    however old (an archive's articles span years, the reference date is the collection day);
    further down, a date far before the reference date is background ("7 Oktober 2023")."""
    value = finding.value
    if value is None or reference is None:
        return value is not None
    if value > reference:
        return False
    in_lede = mention.start < min(_nth_line_end(text, 1), LEDE_CHARS)
    if finding.confidence == "stated" and in_lede:
        return True
    return value >= reference - timedelta(days=MAX_DAYS_BEFORE_REFERENCE)


def _nth_line_end(text: str, lines: int) -> int:
    position = -1
    for _ in range(lines):
        position = text.find("\n", position + 1)
        if position < 0:
            return len(text)
    return position


def _mentions(text: str) -> list[_Mention]:
    """Date expressions: numeric forms anywhere; named, lone-weekday and relative forms only in
    the head of the article, where the report's date is (and where scanning is cheap)."""
    found = [m for m in (_numeric(text, match) for match in _numeric_matches(text)) if m]
    head = text[:HEAD_CHARS]
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(head):
            month = MONTHS.get(match.group("mon").lower())
            if month is None:
                continue
            start = match.start()
            before = _WORD_BEFORE.search(head[max(0, start - 14):start])
            weekday = _weekday(before.group("wd")) if before else None
            if weekday is not None:
                start -= len(before.group(0))
            year = match.group("y")
            found.append(_Mention(start, head[start:match.end()].strip(), int(match.group("d")),
                                  month, int(year) if year else None, weekday))
    taken = [(m.start, m.start + len(m.text)) for m in found]
    for match in _WEEKDAY_WORD.finditer(head):
        weekday = WEEKDAYS_FULL[match.group(0).lower()]
        if _inside(match.start(), taken) \
                or _NOT_A_DAY_AFTER.match(head, match.end()) \
                or _FUTURE_AFTER.match(head[match.end():match.end() + 60]):
            continue
        found.append(_Mention(match.start(), match.group(0), None, None, None, weekday))
    for match in _RELATIVE.finditer(head) if _may_be_relative(head) else ():
        found.append(_Mention(match.start(), match.group(0), None, None, None, None,
                              _RELATIVE_DAYS[match.group(1).lower()]))
    return found


def _may_be_relative(head: str) -> bool:
    """False when `_RELATIVE` cannot match: none of its words in the lower-cased head."""
    low = head.lower()
    return any(word in low for word in _RELATIVE_WORDS) or \
        any(letter in head for letter in _FOLDED_LETTERS)


_NUMERIC_REACH = 12          # from a "d/d" to the end of the longest numeric date, and one more


def _numeric_matches(text: str) -> list[re.Match]:
    """`_NUMERIC` matches, tried only around a digit-slash-digit: every numeric date has one,
    and finding them is several times cheaper than trying the full pattern everywhere."""
    found: list[re.Match] = []
    for start in _digit_slashes(text):
        if found and start < found[-1].end():
            continue                        # the second slash of a date already found
        match = _NUMERIC.search(text, max(0, start - 3), start + 3 + _NUMERIC_REACH)
        if match is not None and (not found or match.start() >= found[-1].end()):
            found.append(match)
    return found


def _digit_slashes(text: str) -> Iterator[int]:
    """Where `\\d/\\d` matches (as finditer finds it: left to right, never overlapping), from
    the text's slashes (a few an article) rather than a regex tried at every character;
    `str.isdecimal` is the regex's `\\d` (Unicode category Nd)."""
    at = text.find("/", 1)
    while at >= 0:
        if text[at - 1].isdecimal() and text[at + 1:at + 2].isdecimal():
            yield at - 1
            at = text.find("/", at + 3)
        else:
            at = text.find("/", at + 1)


def _numeric(text: str, match: re.Match) -> _Mention | None:
    if match.group("d2"):
        return _Mention(match.start(), match.group(0), int(match.group("d2")),
                        int(match.group("m2")), int(match.group("y2")), None)
    if match.group("d3"):
        cue = _SHORT_DATE_CUE.search(text[max(0, match.start() - 24):match.start()])
        if cue is None:
            return None
        weekday = _WEEKDAY_BEFORE.search(cue.group(0))
        return _Mention(match.start(), match.group(0), int(match.group("d3")),
                        int(match.group("m3")), _full_year(match.group("y3")),
                        _weekday(weekday.group("wd")) if weekday else None)
    start = match.start()
    weekday = _WEEKDAY_BEFORE.search(text[max(0, start - 40):start])
    if weekday:
        start = start - (min(start, 40) - weekday.start())
    year = match.group("y")
    return _Mention(start, text[start:match.end()], int(match.group("d")), int(match.group("m")),
                    _full_year(year) if year else None,
                    _weekday(weekday.group("wd")) if weekday else None)


_BACKGROUND_CUE = re.compile(r"(?:\bas of|\bsince|\bsejak|\buntil|\bthrough|\bper|"
                             r"\bsampai|\bpada tanggal)\s*$", re.IGNORECASE)


def _is_background(text: str, start: int) -> bool:
    """'as of March 31', 'sejak 27 September': a date that frames data, not the report."""
    return bool(_BACKGROUND_CUE.search(text[max(0, start - 16):start]))


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _weekday(name: str | None) -> int | None:
    return WEEKDAYS_FULL.get(name.lower()) if name else None


def _full_year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _resolve(mention: _Mention, reference: date | None) -> DateFinding | None:
    """A date for one mention, or None when it names an impossible or unknowable day."""
    if mention.days_ago is not None:
        if reference is None:
            return None
        return DateFinding(reference - timedelta(days=mention.days_ago), mention.text, "inferred")
    if not mention.explicit:
        if reference is None:
            return None
        back = (reference.weekday() - mention.weekday) % 7
        return DateFinding(reference - timedelta(days=back), mention.text, "inferred")
    if mention.year is not None:
        try:
            return DateFinding(date(mention.year, mention.month, mention.day), mention.text,
                               "stated")
        except ValueError:
            return None
    if reference is None:
        return None
    resolved = _latest_on_or_before(mention.day, mention.month, mention.weekday, reference)
    return DateFinding(resolved, mention.text, "inferred") if resolved else None


def _latest_on_or_before(day: int, month: int, weekday: int | None,
                         reference: date) -> date | None:
    """The latest day/month on or before `reference` that falls on `weekday` (if given)."""
    fallback = None
    for year in range(reference.year, reference.year - YEARS_BACK, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate > reference:
            continue
        if weekday is None or candidate.weekday() == weekday:
            return candidate
        fallback = fallback or candidate
    return fallback
