"""The shared vocabulary of the pipeline: what an article's metadata is.

Every stage speaks in these types. They mirror the front-matter schema of DESIGN.md one to one,
so `to_front_matter()` is the whole contract with other tools that read `content/*.md`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

DateConfidence = Literal["stated", "inferred", "sidecar", "page", "unknown"]
PlaceKind = Literal["country", "region", "city", "other"]
CasualtyKind = Literal["killed", "injured", "missing"]


@dataclass(frozen=True)
class DateFinding:
    """The report date, the words it came from, and how sure we are of it."""

    value: date | None
    text: str | None
    confidence: DateConfidence


@dataclass(frozen=True)
class Attribution:
    """Who published the text (source), which agency it came from (wire), where it was filed."""

    source: str | None
    wire: str | None
    dateline: str | None


@dataclass
class Place:
    """One geographic place, keyed by its gazetteer id so spellings in any language meet."""

    name: str
    id: str
    mentions: list[str]
    country: str | None
    kind: PlaceKind
    lat: float | None
    lon: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "id": self.id, "mentions": list(self.mentions),
            "country": self.country, "kind": self.kind, "lat": self.lat, "lon": self.lon,
        }


@dataclass(frozen=True)
class Count:
    """A casualty figure as a range: min None = unknown floor, max None = open-ended."""

    min: int | None
    max: int | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"min": self.min, "max": self.max, "text": self.text}


@dataclass(frozen=True)
class CasualtyMention:
    """Every casualty figure found in the text, kept with its kind and sentence."""

    kind: CasualtyKind
    count: Count

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **self.count.to_dict()}


@dataclass
class Casualties:
    """The main event's toll (killed, injured, missing) plus every figure mentioned."""

    killed: Count | None = None
    injured: Count | None = None
    missing: Count | None = None
    mentions: list[CasualtyMention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "killed": self.killed.to_dict() if self.killed else None,
            "injured": self.injured.to_dict() if self.injured else None,
            "missing": self.missing.to_dict() if self.missing else None,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass
class Article:
    """One page of content/: its front matter, typed, plus the Markdown body and its file."""

    title: str
    slug: str
    date: date | None
    date_text: str | None
    date_confidence: DateConfidence
    language: str
    source: str | None
    wire: str | None
    dateline: str | None
    places: list[Place]
    casualties: Casualties
    tags: list[str]
    seed: str | None
    seed_sha256: str | None
    body: str = ""
    url: str | None = None          # the original article's address, when a sidecar gives it
    event: str | None = None        # set by a person: an event id to join, or "none"
    archived_at: str | None = None  # a crawled page's capture time (WARC-Date)
    seed_record: str | None = None  # its record in a multi-article seed (WARC-Record-ID, line)
    extra: dict[str, Any] = field(default_factory=dict)   # keys a person added; kept verbatim
    # Fields extraction doubts, field -> reason (extract/review.py); None or {} when none.
    # None (not a factory) so an Article pickled before this field existed still reads.
    review: dict[str, str] | None = None

    def to_front_matter(self) -> dict[str, Any]:
        """The front matter of DESIGN.md, in its documented key order."""
        meta: dict[str, Any] = {
            "title": self.title, "slug": self.slug, "date": self.date,
            "date_text": self.date_text, "date_confidence": self.date_confidence,
            "language": self.language, "source": self.source, "wire": self.wire,
            "dateline": self.dateline, "places": [p.to_dict() for p in self.places],
            "casualties": self.casualties.to_dict(), "tags": list(self.tags),
        }
        if self.url:
            meta["url"] = self.url
        if self.archived_at:
            meta["archived_at"] = self.archived_at
        if self.event:
            meta["event"] = self.event
        meta.update(self.extra)
        meta["seed"] = self.seed
        if self.seed_record:
            meta["seed_record"] = self.seed_record
        meta["seed_sha256"] = self.seed_sha256
        if self.review:
            meta["review"] = dict(self.review)
        return meta
