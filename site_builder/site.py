"""Content → Site: the articles in archive order plus the taxonomy indexes as plain data.

Like Zola's taxonomies, each index is a mapping term → articles, built once here; templates only
read it. A place's term is keyed by its gazetteer id, so "Moskow" (id) and "Moscow" (en) share
one page, named in the site's language.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from site_builder.config import Config
from site_builder.events import Events, find_events
from site_builder.model import Article, Place
from site_builder.urls import SlugPool, slugify

PlaceName = Callable[[str, str], "str | None"]
TERM_KINDS = ("tags", "places", "sources")


@dataclass
class Term:
    """One tag, place or source, with its articles (newest first)."""

    kind: str                    # "tags" | "places" | "sources"
    slug: str
    name: str
    articles: list[Article] = field(default_factory=list)
    place: Place | None = None   # for places: coordinates and country
    deaths: int = 0              # reported deaths of its articles (lower bounds), summed

    def add(self, article: Article, deaths: int) -> None:
        self.articles.append(article)
        self.deaths += deaths


@dataclass
class Site:
    """Everything the templates show, computed once from the content pages."""

    config: Config
    articles: list[Article]                       # newest first, undated last
    terms: dict[str, dict[str, Term]]             # kind → slug → term
    months: dict[tuple[int, int], list[Article]]  # (year, month) → articles, newest month first
    place_slugs: dict[str, str]                   # place id → its page slug
    events: Events = field(default_factory=lambda: Events({}, {}))   # see events.py

    def sorted_terms(self, kind: str) -> list[Term]:
        """A kind's terms, most articles first, then by name."""
        return sorted(self.terms[kind].values(), key=lambda t: (-len(t.articles), t.name.lower()))

    def place_slug(self, place: Place) -> str:
        return self.place_slugs.get(place.id, slugify(place.name))

    @property
    def years(self) -> dict[int, list[tuple[int, int]]]:
        """Year → its (year, month) keys, newest first."""
        years: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for key in self.months:
            years[key[0]].append(key)
        return dict(years)


def build_site(articles: list[Article], config: Config,
               place_name: PlaceName | None = None, events: Events | None = None) -> Site:
    """`events`: the archive's linked events, when the caller linked them (and timed it)."""
    ordered = sorted(articles, key=_archive_key)
    place_slugs = _place_slugs(ordered, config.language, place_name)
    terms: dict[str, dict[str, Term]] = {kind: {} for kind in TERM_KINDS}
    for article in ordered:
        deaths = killed_floor(article)
        for tag in dict.fromkeys(article.tags):
            _term(terms, "tags", slugify(tag), tag).add(article, deaths)
        for place in _distinct_places(article):
            name = (place_name(place.id, config.language) if place_name else None) or place.name
            term = _term(terms, "places", place_slugs[place.id], name)
            term.place = term.place or place
            term.add(article, deaths)
        for outlet in dict.fromkeys(o for o in (article.source, article.wire) if o):
            _term(terms, "sources", slugify(outlet), outlet).add(article, deaths)
    months: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in ordered:
        if article.date:
            months[(article.date.year, article.date.month)].append(article)
    return Site(config=config, articles=ordered, terms=terms,
                months=dict(sorted(months.items(), reverse=True)), place_slugs=place_slugs,
                events=events if events is not None else find_events(ordered))


def _archive_key(article: Article) -> tuple:
    """Newest first; undated articles last; then by title and slug for a stable order."""
    day = article.date or date.min
    return (article.date is None, -day.toordinal(), article.title.lower(), article.slug)


def _term(terms: dict[str, dict[str, Term]], kind: str, slug: str, name: str) -> Term:
    index = terms[kind]
    if slug not in index:
        index[slug] = Term(kind=kind, slug=slug, name=name)
    return index[slug]


def _distinct_places(article: Article) -> list[Place]:
    seen: dict[str, Place] = {}
    for place in article.places:
        seen.setdefault(place.id, place)
    return list(seen.values())


def _place_slugs(articles: list[Article], language: str,
                 place_name: PlaceName | None) -> dict[str, str]:
    """One slug per place id, from its name in the site language; same-named places (Armenia
    the country, Armenia the Colombian city) get the country code appended."""
    places: dict[str, Place] = {}
    for article in articles:
        for place in article.places:
            places.setdefault(place.id, place)
    slugs: dict[str, str] = {}
    taken = SlugPool()
    by_importance = sorted(places.values(), key=lambda p: (_KIND_RANK.get(p.kind, 9), p.id))
    for place in by_importance:
        name = (place_name(place.id, language) if place_name else None) or place.name
        base = slugify(name)
        if base in taken and place.country:
            base = slugify(f"{name}-{place.country}")
        slugs[place.id] = taken.take(base)
    return slugs


_KIND_RANK = {"country": 0, "region": 1, "city": 2, "other": 3}


def killed_floor(article: Article) -> int:
    """The deaths an article reports, counted conservatively (the lower bound, or 0)."""
    killed = article.casualties.killed
    if killed is None:
        return 0
    return killed.min if killed.min is not None else (killed.max or 0)
