"""Events for pages and data: the reports of each linked incident, what they name in common
(kinds, places) and the figures they give (the toll most reports support, and the range)."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from site_builder.events.lexicon import TOKEN, fold, kinds_of
from site_builder.events.profiles import BODY_CHARS, KIND_WORDS, PLACE_WEIGHT
from site_builder.model import Article, Count, Place
from site_builder.seeds import path_order


@dataclass
class Event:
    """An incident reported more than once: its reports, first report first."""

    id: str
    reports: list[Article]
    kinds: list[str]              # the kinds most of its reports name
    places: list[Place]           # named by two or more reports (or by its only dated one)

    @property
    def name(self) -> str:
        """What happened, in the words of its first report's title (the first written title:
        a headline cut from an untitled report's lede ends in "…")."""
        titled = [a for a in self.reports if not a.title.endswith("…")]
        return (titled or self.reports)[0].title

    @property
    def dates(self) -> list[date]:
        return sorted(a.date for a in self.reports if a.date)

    @property
    def first(self) -> date | None:
        return self.dates[0] if self.dates else None

    @property
    def last(self) -> date | None:
        return self.dates[-1] if self.dates else None

    def figures(self, kind: str) -> list[Count]:
        """The reports' main figures of one kind (killed, injured), where they give one."""
        return [c for a in self.reports if (c := getattr(a.casualties, kind)) is not None]

    def toll(self, kind: str) -> Count | None:
        """The figure most reports give (ties: the lower, the more cautious). One misread
        report cannot decide it, as it decided the highest figure: a farmer killed by a bear
        was listed as "44 killed" because one report's 44 was the largest number."""
        figures = [c for c in self.figures(kind) if c.min is not None or c.max is not None]
        if not figures:
            return None
        support = Counter((c.min, c.max) for c in figures)
        best = min(support, key=lambda v: (-support[v], v[0] if v[0] is not None else v[1],
                                           v[1] if v[1] is not None else 10**12))
        return next(c for c in figures if (c.min, c.max) == best)

    def span(self, kind: str) -> tuple[int, int] | None:
        """(lowest, highest) of the reported figures' lower bounds: how far reports differ."""
        lows = [c.min if c.min is not None else (c.max or 0) for c in self.figures(kind)]
        return (min(lows), max(lows)) if lows else None

    def disputed(self, kind: str) -> tuple[int, int] | None:
        """The span, when reports differ (the page shows the range beside the figure)."""
        span = self.span(kind)
        return span if span and span[0] != span[1] else None

    @property
    def sources(self) -> list[str]:
        return [s for s in dict.fromkeys(a.source or a.wire or "" for a in self.reports) if s]

    @property
    def languages(self) -> list[str]:
        return sorted({a.language for a in self.reports})


@dataclass
class Events:
    """Every article's event id, and the events reported more than once."""

    ids: dict[str, str]               # article slug → event id (lone reports: their own)
    events: dict[str, Event]          # id → event, only those with two or more reports

    def id_of(self, article: Article) -> str:
        return self.ids.get(article.slug, article.slug)

    def of(self, article: Article) -> Event | None:
        """The article's event, when it has other reports."""
        return self.events.get(self.id_of(article))

    @property
    def newest_first(self) -> list[Event]:
        return sorted(self.events.values(),
                      key=lambda e: (e.first is None, -(e.first or date.min).toordinal(),
                                     -(e.last or date.min).toordinal(), e.id))


def gather_events(articles: Sequence[Article], ids: Sequence[str]) -> Events:
    """The events of linked articles (`ids` from link_events, in the same order)."""
    members: dict[str, list[Article]] = defaultdict(list)
    for article, event_id in zip(articles, ids, strict=True):
        members[event_id].append(article)
    events = {}
    for event_id, reports in members.items():
        if len(reports) < 2:
            continue
        reports.sort(key=_report_order)
        events[event_id] = Event(event_id, reports, _common_kinds(reports),
                                 _common_places(reports))
    return Events({a.slug: e for a, e in zip(articles, ids, strict=True)}, events)


def _report_order(article: Article) -> tuple:
    return (article.date is None, article.date or date.min,
            path_order(Path(article.seed or article.slug)), article.slug)


def _common_kinds(reports: list[Article]) -> list[str]:
    """The kinds most of the reports name, or else those named most often: a word one report
    uses in passing (the 'shooting' one report of a tanker collision mentions) does not label
    the event."""
    counts = Counter(k for a in reports for k in profile_kinds(a))
    most = max(counts.values(), default=0)
    wanted = most if 2 * most <= len(reports) else len(reports) // 2 + 1
    return sorted((k for k, n in counts.items() if n >= wanted), key=lambda k: (-counts[k], k))


def profile_kinds(article: Article) -> frozenset[str]:
    """The kinds an article's title and lede name, as its profile has them."""
    return kinds_of(TOKEN.findall(fold(article.title)),
                    TOKEN.findall(fold(article.body[:BODY_CHARS])), KIND_WORDS)


def _common_places(reports: list[Article]) -> list[Place]:
    """Where it happened: the places two or more reports name (else the first report's),
    the most specific first. Where towns or sites are among them, countries other than
    theirs are left out: "19 Indonesian tourists" does not put a balloon crash in Indonesia."""
    seen: dict[str, Place] = {}
    counts: Counter[str] = Counter()
    for article in reports:
        for place in {p.id: p for p in article.places}.values():
            seen.setdefault(place.id, place)
            counts[place.id] += 1
    common = [seen[pid] for pid, n in counts.items() if n >= 2] or \
        list({p.id: p for p in reports[0].places}.values())
    sites = [p for p in common if p.kind in ("city", "other")]
    if sites:
        countries = {p.country for p in sites if p.country}
        common = [p for p in common if p.kind != "country" or p.country in countries]
    return sorted(common, key=lambda p: (-PLACE_WEIGHT.get(p.kind, 1.0), -counts[p.id], p.name))
