"""What one article contributes to the site: its place in archive order, its tags, places and
sources, and the keys of what its list entry and its page show.

An article becomes a `Record`, a row for the database (store.py); the site's indexes (tags,
places, sources, months) are queries over those rows, like Zola's taxonomies made plain data.
A place's term is keyed by its gazetteer id, so "Moskow" (id) and "Moscow" (en) share one page,
named in the site's language.

Records are made where the article is read (a worker process) before its slug is final (slugs
are given out in seed order by the parent); `Record.with_slug` fills in what depends on it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import date

from site_builder.model import Article
from site_builder.store import pack, pack_article
from site_builder.urls import article_url, slugify

TERM_KINDS = ("tags", "places", "sources")
_FAR_FUTURE = 4_000_000            # above any date's ordinal: newest sorts first


def killed_floor(article: Article) -> int:
    """The deaths an article reports, counted conservatively (the lower bound, or 0)."""
    killed = article.casualties.killed
    if killed is None:
        return 0
    return killed.min if killed.min is not None else (killed.max or 0)


def text_key(text: str) -> bytes:
    """Text as bytes that sort as the text does, and that end where it ends ("a" < "ab",
    whatever follows): the parts of a sort key can then simply be joined."""
    return text.encode("utf-8", "surrogatepass").replace(b"\0", b"\0\1") + b"\0\0"


def day_key(day: date | None) -> bytes:
    """Newest first; undated last."""
    return b"\1" if day is None else b"\0" + (_FAR_FUTURE - day.toordinal()).to_bytes(4, "big")


def hash_parts(*parts: str) -> str:
    """A key: a hash of the parts, each ended by a NUL."""
    text = "\0".join(parts) + "\0"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass
class Membership:
    kind: str            # tags | places | sources
    term: str            # tag or outlet slug; place id
    name: str            # as this article writes it


@dataclass
class Record:
    """An article as the database holds it."""

    slug: str
    title: str
    date: date | None
    deaths: int
    seed: str | None
    list_part: str       # hash of what a list entry shows, but the slug
    page_part: str       # hash of what the page shows, but the slug
    data: bytes          # the article, packed (store.pack_article)
    profile: bytes       # what event linking reads of it (events.Profile), slug left out
    profile_part: str    # the profile's digest, but the slug
    memberships: list[Membership] = field(default_factory=list)

    def with_slug(self, slug: str) -> Record:
        return replace(self, slug=slug)

    @property
    def url(self) -> str:
        return article_url(self.slug)

    @property
    def sort_key(self) -> bytes:
        """Archive order: newest first, undated last, then by title and slug."""
        return day_key(self.date) + text_key(self.title.lower()) + text_key(self.slug)

    @property
    def export_key(self) -> bytes:
        """The data exports' order: newest first, then by slug."""
        return day_key(self.date) + text_key(self.slug)

    @property
    def list_key(self) -> str:
        return hash_parts(self.slug, self.list_part)

    @property
    def page_key(self) -> str:
        return hash_parts(self.slug, self.page_part)

    @property
    def profile_digest(self) -> str:
        return hash_parts(self.slug, self.profile_part)

    @property
    def report_key(self) -> bytes:
        """Its place among an event's reports: dated first, earliest first, then by seed
        file and slug (events.py's report order)."""
        day = b"\1" if self.date is None else b"\0" + self.date.toordinal().to_bytes(4, "big")
        parts = (self.seed or self.slug).split("/")
        return day + b"".join(text_key(part) for part in parts) + b"\0\0" + text_key(self.slug)


def record_of(article: Article) -> Record:
    from site_builder.events import profile as event_profile  # a fifth of a second to load
    slug, article.slug = article.slug, ""           # the profile, as for any slug
    try:
        profile = event_profile(article)
    finally:
        article.slug = slug
    return Record(slug=article.slug, title=article.title, date=article.date,
                  deaths=killed_floor(article), seed=article.seed,
                  list_part=_list_part(article), page_part=_page_part(article),
                  data=pack_article(article), profile=pack(profile),
                  profile_part=profile.digest, memberships=memberships(article))


def memberships(article: Article) -> list[Membership]:
    """The tags, places and sources an article is listed under; a term an article names
    twice (two spellings of one slug, one place twice) lists it once."""
    found: dict[tuple[str, str], Membership] = {}
    for tag in article.tags:
        found.setdefault(("tags", slugify(tag)), Membership("tags", slugify(tag), tag))
    for place in article.places:
        found.setdefault(("places", place.id), Membership("places", place.id, place.name))
    for outlet in (article.source, article.wire):
        if outlet:
            found.setdefault(("sources", slugify(outlet)),
                             Membership("sources", slugify(outlet), outlet))
    return list(found.values())


def _list_part(article: Article) -> str:
    """The fields list pages, term pages, timelines, the sitemap and the data exports show.
    Every field of an export row must be here (export.py's `article_row`): a rebuild splices
    only the rows of articles whose part changed into data/articles.*, so a field left out
    would stay stale in those files for good (it did: `review`)."""
    killed = article.casualties.killed
    return hash_parts(article.title, str(article.date), article.language,
                      str(article.source), str(article.wire), str(article.dateline),
                      repr(killed and (killed.min, killed.max)),
                      json.dumps([p.to_dict() for p in article.places], sort_keys=True),
                      json.dumps(article.casualties.to_dict(), sort_keys=True),
                      *article.tags, str(article.url), article.date_confidence,
                      str(article.date_text), str(article.seed),
                      json.dumps(dict(article.review or {}), sort_keys=True))


def _page_part(article: Article) -> str:
    """What an article page shows changes exactly when its front matter or body changes."""
    meta = article.to_front_matter()
    meta["slug"] = ""
    return hash_parts(json.dumps(meta, default=str, sort_keys=True), article.body)
