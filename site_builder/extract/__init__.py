"""Pure functions from article text to metadata: one module a field, composed here.

Nothing in this package writes files except the gazetteer's cache; every function takes text and
returns model values, so each stage is testable on a real sentence. `extract_metadata` is the one
entry point the rest of the pipeline uses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from site_builder.extract.attribution import read_attribution
from site_builder.extract.casualties import find_casualties
from site_builder.extract.dates import find_report_date
from site_builder.extract.gazetteer import Gazetteer
from site_builder.extract.language import detect_language
from site_builder.extract.lines import sub_lines
from site_builder.extract.places import find_places, place_kind
from site_builder.extract.review import LEDE_LINES, review
from site_builder.model import Attribution, Casualties, DateFinding, Place

# Bump when extraction rules change: pages a person never edited are then re-extracted.
EXTRACTOR_VERSION = "19"

HEADLINE_WORDS = 12


@dataclass
class Metadata:
    """Everything extraction finds in one article."""

    title: str
    language: str
    date: DateFinding
    attribution: Attribution
    places: list[Place]
    casualties: Casualties
    review: dict[str, str]      # doubtful field -> why (review.py); {} when nothing is doubted


def extract_metadata(title: str | None, body: str, reference_date: date | None,
                     gazetteer: Gazetteer) -> Metadata:
    """Run every extractor over one article; `title` is the TITLE line, or None."""
    body = without_links_to_other_stories(body)
    language = detect_language(f"{title or ''}\n{body}")
    attribution, lede, doubts = read_attribution(body, language, place_kind(gazetteer), title)
    found_date = find_report_date(body, language, reference_date)
    places = find_places(body, title, language, gazetteer, attribution.dateline)
    casualties = find_casualties(body, title, language)
    return Metadata(
        title=title or headline_from_lede(lede or body),
        language=language,
        date=found_date,
        attribution=attribution,
        places=places,
        casualties=casualties,
        review=review(_head(title, body), found_date, doubts, places, casualties),
    )


# "Baca juga: 7 Rumah di Palmerah Kebakaran, 2 Orang Alami Luka Bakar", "Related: 84 people
# killed in ...": a link to another story kept in a copy, with that story's places and tolls.
# A line of its own, headline-short; the English cue followed by a mark or nothing ("Related
# fires killed ..." is a sentence).
_LINK_TO_OTHER_STORY = re.compile(
    r"^[ \t]*(?:(?:baca|lihat|simak)[ \t]+juga\b|(?:related|read more|read also|also read|"
    r"see also)(?=[ \t]*(?:[:|–—-]|$)))[^\n]{0,200}$", re.IGNORECASE | re.MULTILINE)
_LINK_CUES = ("juga", "JUGA", "Juga", "elated", "ELATED", "ead", "EAD", "lso", "LSO")


def without_links_to_other_stories(body: str) -> str:
    """The text less its "read also" lines (the line breaks kept), which tell of other
    incidents: their places, dates and tolls are not this article's."""
    if not any(cue in body for cue in _LINK_CUES):
        return body
    return sub_lines(_LINK_TO_OTHER_STORY, body, lambda _: "")


_DATELINE_PREFIX = re.compile(r"^[^\n]{0,80}?\s[-–—]{1,2}\s")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def headline_from_lede(body: str) -> str:
    """A short headline for an untitled article: the lede's first sentence, dateline dropped
    (the lede as the dateline reader found it: past captions and bylines, after the dateline)."""
    lede = body.strip().split("\n", 1)[0] if body.strip() else ""
    lede = _DATELINE_PREFIX.sub("", lede[:2000], count=1)
    sentence = _SENTENCE_END.split(lede, maxsplit=1)[0].strip().rstrip(".")
    words = sentence.split()
    if not words:
        return "Untitled"
    if len(words) <= HEADLINE_WORDS:
        return " ".join(words)
    return " ".join(words[:HEADLINE_WORDS]) + "…"


def _head(title: str | None, body: str) -> str:
    """The title and the first lines of the text: where the main event is told."""
    lines = body.strip().split("\n", LEDE_LINES)[:LEDE_LINES]
    return "\n".join([title or "", *lines])


def load_gazetteer(cache_dir: Path | None, lazy: bool = False) -> Gazetteer:
    """The gazetteer, from its cache when one is there (start-up under a second; `lazy`: a
    millisecond, for a few lookups)."""
    return Gazetteer.load(cache_dir, lazy)
