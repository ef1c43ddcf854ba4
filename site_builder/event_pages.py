"""What an event's pages draw beyond the template: its kinds in the site language, and the
chart of the figures its reports gave (when two or more reports give figures that differ).
Planned by plan/events.py, rendered by render.py.
"""
from __future__ import annotations

from markupsafe import Markup

from site_builder import i18n, urls
from site_builder.charts import TollRow, toll_chart_svg
from site_builder.events import Event, lexicon

FIGURE_KINDS = ("killed", "injured")


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
