"""The event pages: /events/ (incidents reported more than once, newest first, paginated) and
/events/<id>/ (one incident: what, when, where on a map, and every report side by side with
the figures it gave and the sentence it gave them in, with a chart when two or more reports
give a figure).

Planned like every other page (see render.py): each page has a key, a hash of everything it
shows, so a rebuild renders only the event pages an edit touched.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from site_builder import i18n, urls
from site_builder.charts import TollRow, toll_chart_svg
from site_builder.events import Event, Events, lexicon

if TYPE_CHECKING:
    from site_builder.render import Page, SiteRenderer

FIGURE_KINDS = ("killed", "injured")


def plan_event_pages(renderer: SiteRenderer) -> list[Page]:
    """The events list (paginated) and one page an event."""
    events = renderer.site.events.newest_first
    pages = _list_pages(renderer, events)
    for event in events:
        url = urls.event_url(event.id)
        context: dict[str, Any] = {
            "event": event, "kinds": kind_names(event, renderer.language),
            "map": renderer.later(renderer.event_map, event, url),
            "chart": renderer.later(toll_chart, event, renderer.language),
        }
        pages.append(renderer.html_page(url, "event.html", context,
                                        event_key(renderer, event)))
    return pages


def _list_pages(renderer: SiteRenderer, events: list[Event]) -> list[Page]:
    from site_builder.render import paginate
    pages = []
    for number, chunk, pager in paginate(events, renderer.config.per_page, urls.events_url):
        key = renderer.hash(str(len(events)), str(number),
                            *(event_key(renderer, e) for e in chunk))
        pages.append(renderer.html_page(urls.events_url(number), "events.html",
                                        {"events": chunk, "pager": pager}, key))
    return pages


def event_key(renderer: SiteRenderer, event: Event) -> str:
    """What an event's pages show of it: its id, kinds, and its reports' listed fields."""
    return renderer.hash(event.id, ",".join(event.kinds),
                         *(renderer.list_key_of(a) for a in event.reports))


def events_key(renderer: SiteRenderer, events: Events) -> str:
    """Every article's event id: feeds, the sitemap and the data files show them."""
    return renderer.hash(*(f"{slug}={event_id}"
                           for slug, event_id in sorted(events.ids.items())))


def kind_names(event: Event, language: str) -> list[str]:
    lex = lexicon()
    return [lex.label(kind, language) for kind in event.kinds]


def toll_chart(event: Event, language: str) -> Markup:
    """The reports' killed and injured figures as bars, when the reports' figures differ (a
    toll that rose, outlets that disagree); where all agree the table says it plainly."""
    if not any(len({(c.min, c.max) for c in event.figures(kind)}) > 1 for kind in FIGURE_KINDS):
        return Markup("")
    _ = i18n.translations(language).gettext
    rows = []
    for article in event.reports:
        label = " · ".join(x for x in (article.source or article.wire or "",
                                       i18n.short_date(article.date, language)) if x)
        figures = []
        for kind in FIGURE_KINDS:
            count = getattr(article.casualties, kind)
            value = None if count is None else (count.min if count.min is not None
                                                 else count.max)
            figures.append((kind, value, i18n.figure(count, language) if count else "–"))
        rows.append(TollRow(label or _("unknown source"), tuple(figures)))
    names = {"killed": _("killed"), "injured": _("injured")}
    spans = []
    for kind in FIGURE_KINDS:
        span = event.span(kind)
        if span:
            low, high = span
            spans.append(f"{names[kind]} {low}–{high}" if low != high else f"{names[kind]} {low}")
    return Markup(toll_chart_svg(
        rows, title=_("Figures given by each report"),
        desc=_("%(n)s reports, first report first: %(spans)s.")
        % {"n": len(rows), "spans": "; ".join(spans)},
        kind_names=names, id_prefix=f"tolls-{urls.slugify(event.id)}"))
