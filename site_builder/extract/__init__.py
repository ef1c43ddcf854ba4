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

from site_builder.extract.attribution import attribution_and_lede
from site_builder.extract.casualties import find_casualties
from site_builder.extract.dates import find_report_date
from site_builder.extract.gazetteer import Gazetteer
from site_builder.extract.language import detect_language
from site_builder.extract.places import find_places, place_kind
from site_builder.model import Attribution, Casualties, DateFinding, Place

# Bump when extraction rules change: pages a person never edited are then re-extracted.
EXTRACTOR_VERSION = "4"

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


def extract_metadata(title: str | None, body: str, reference_date: date | None,
                     gazetteer: Gazetteer) -> Metadata:
    """Run every extractor over one article; `title` is the TITLE line, or None."""
    language = detect_language(f"{title or ''}\n{body}")
    attribution, lede = attribution_and_lede(body, language, place_kind(gazetteer), title)
    return Metadata(
        title=title or headline_from_lede(lede or body),
        language=language,
        date=find_report_date(body, language, reference_date),
        attribution=attribution,
        places=find_places(body, title, language, gazetteer, attribution.dateline),
        casualties=find_casualties(body, title, language),
    )


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


def load_gazetteer(cache_dir: Path | None, lazy: bool = False) -> Gazetteer:
    """The gazetteer, from its cache when one is there (start-up under a second; `lazy`: a
    millisecond, for a few lookups)."""
    return Gazetteer.load(cache_dir, lazy)
