"""Which extracted values a person should check, and why: the front matter's `review:`.

Each extractor knows when its reading was weak: the dateline was found below the first line of
text, the outlet was only named in the body, the agency was only "told" something, the year was
not written, the main toll was chosen among several figures. Attribution gives its own reasons
(attribution.py, agencies.py); this module adds those read from the date and casualty findings
and the places, and keeps every reason in one short, fixed wording (`REASONS`), so the site can
translate it. A field absent from the mapping is one extraction has no reason to doubt.

The rules are fixed shapes, not weights; which shapes flag was chosen looking at the development
articles, and checked against the errors of the previous dateline rules on outlets new to them
(README, "Extraction quality"; tools/review_folds.py scores the choice with folds by outlet).
"""
from __future__ import annotations

from site_builder.extract.agencies import DOUBT_BRACKET, DOUBT_TOLD, DOUBT_UNCUED
from site_builder.extract.attribution import (
    DOUBT_IN_TEXT,
    DOUBT_PARENTHESISED,
    DOUBT_SEVERAL,
    DOUBT_UNKNOWN_PLACE,
)
from site_builder.extract.casualties import mentions_kind
from site_builder.extract.dateline import (
    DOUBT_ACRONYM,
    DOUBT_BELOW_TEXT,
    DOUBT_OUTLET_LINE,
    DOUBT_PREAMBLE,
    DOUBT_SHORT_LINE,
    DOUBT_UNREAD_HEAD,
)
from site_builder.model import Casualties, Count, DateFinding, Place

FIELDS = ("date", "source", "wire", "dateline", "places", "killed", "injured")

DOUBT_NO_DATE = "no date found in the text"
DOUBT_YEAR = "year not written: inferred"
DOUBT_COLLECTED = "no date in the text: the collection day"
DOUBT_LARGER = "a larger figure is also given"
DOUBT_UNCHOSEN = "figures given, none chosen as the main toll"
DOUBT_LOCAL_PLACE = "a place not in the gazetteer"
DOUBT_DEATH_NO_TOLL = "a death is told in the lede, no toll read"
DOUBT_INJURY_NO_TOLL = "an injury is told in the lede, no figure read"
DOUBT_TEXT_DATE = "the text gives another date (text_date)"   # web seeds: the page's date kept
LEDE_LINES = 2      # the title and the lede's first lines, where the main event is told

# Every reason extraction writes, so that the theme's catalogs can translate each one.
REASONS = (DOUBT_BELOW_TEXT, DOUBT_OUTLET_LINE, DOUBT_IN_TEXT, DOUBT_SEVERAL, DOUBT_UNKNOWN_PLACE,
           DOUBT_TOLD, DOUBT_UNCUED, DOUBT_NO_DATE, DOUBT_YEAR, DOUBT_COLLECTED, DOUBT_LARGER,
           DOUBT_UNCHOSEN, DOUBT_LOCAL_PLACE, DOUBT_UNREAD_HEAD, DOUBT_DEATH_NO_TOLL,
           DOUBT_INJURY_NO_TOLL, DOUBT_PREAMBLE, DOUBT_PARENTHESISED,
           DOUBT_SHORT_LINE, DOUBT_BRACKET, DOUBT_TEXT_DATE, DOUBT_ACRONYM)


def review(head: str, date: DateFinding, attribution_doubts: dict[str, str],
           places: list[Place], casualties: Casualties) -> dict[str, str]:
    """The doubtful fields, in the order of FIELDS, each with its reason; {} when none.
    `head` is the title and the first lines of the text."""
    doubts = dict(attribution_doubts)
    date_doubt = _date_doubt(date)
    if date_doubt:
        doubts["date"] = date_doubt
    for kind in ("killed", "injured"):
        toll_doubt = _toll_doubt(getattr(casualties, kind), casualties, kind)
        if toll_doubt:
            doubts[kind] = toll_doubt
    for kind, reason in (("killed", DOUBT_DEATH_NO_TOLL), ("injured", DOUBT_INJURY_NO_TOLL)):
        if getattr(casualties, kind) is None and kind not in doubts and mentions_kind(head, kind):
            doubts[kind] = reason
    if any(not _gazetteer_id(p.id) for p in places):
        doubts["places"] = DOUBT_LOCAL_PLACE
    return {field: doubts[field] for field in FIELDS if field in doubts}


def _date_doubt(date: DateFinding) -> str | None:
    """No date at all, or one whose year (or day) the text does not give."""
    if date.value is None:
        return DOUBT_NO_DATE
    if date.confidence == "inferred":
        return DOUBT_YEAR if date.text else DOUBT_COLLECTED
    return None


def _toll_doubt(main: Count | None, casualties: Casualties, kind: str) -> str | None:
    """A main toll with a larger figure of its kind beside it (the main event's, or another
    event's: extraction cannot always tell), or figures with none chosen."""
    others = [m.count for m in casualties.mentions if m.kind == kind]
    if main is None:
        return DOUBT_UNCHOSEN if others else None
    floor = main.min if main.min is not None else 0
    if any(c.min is not None and c.min > floor and c != main for c in others):
        return DOUBT_LARGER
    return None


def _gazetteer_id(place_id: str) -> bool:
    return place_id.split(":", 1)[0] in ("geonames", "kemendagri", "iso3166-2", "sb")
