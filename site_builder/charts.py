"""Charts drawn at build time as inline SVG: a month-by-month timeline and an incident's toll
(the map of places is charts_map.py).

No chart service and no JavaScript: the site must work from a folder, years from now. Each
function returns one ``<svg>`` element as a string, ready to drop into a page; every piece of
text is escaped (`_text`, `_attr`), because labels come from article text.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from site_builder.i18n import number

_CONTROL = re.compile("[\x00-\x20\x7f]")       # ignored by browsers in a link's scheme
# Characters XML 1.0 cannot hold at all (escaping does not help): dropped from any text.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: object) -> str:
    """Untrusted text made safe as XML character data."""
    return escape(_NOT_XML.sub("", str(value)))


def _attr(value: object) -> str:
    """Untrusted text made safe as a quoted XML attribute value (quotes included)."""
    return quoteattr(_NOT_XML.sub("", str(value)))


def _safe_href(href: str) -> str | None:
    """A link target, or None for a scheme a map marker must not carry (javascript:, data:)."""
    try:     # browsers ignore control characters and spaces in a scheme ("java\tscript:")
        scheme = urlsplit(_CONTROL.sub("", str(href))).scheme.lower()
    except ValueError:
        return None
    return href if scheme in ("", "http", "https") else None


LABELS = {
    "en": {"title": "Articles and deaths by month", "articles": "articles", "killed": "killed",
           "max": "max",
           "summary": "From {first} to {last}: {articles} articles, {killed} killed.",
           "busiest": " Most articles: {month} ({count})."},
    "id": {"title": "Artikel dan korban tewas per bulan", "articles": "artikel",
           "killed": "tewas", "max": "maks.",
           "summary": "Dari {first} sampai {last}: {articles} artikel, {killed} tewas.",
           "busiest": " Artikel terbanyak: {month} ({count})."},
}
TIMELINE_WIDTH = 800.0       # SVG units; pages show it about this wide, so text keeps its size
CHART_HEIGHT = 200.0
TOP, BOTTOM, LEFT, RIGHT = 22.0, 28.0, 12.0, 12.0
AXIS_FONT = 11.0             # the axis labels' font size, SVG units


def month_range(first: str, last: str) -> list[str]:
    """Every YYYY-MM from `first` to `last`, inclusive, so empty months show as gaps."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _valid_month(month: str) -> bool:
    return len(month) == 7 and month.isascii() and month[4] == "-" and month[:4].isdigit() \
        and month[5:].isdigit() and 1 <= int(month[5:]) <= 12


def timeline_svg(months: list[tuple[str, int, int]], *, language: str = "en",
                 link: Callable[[str], str] | None = None,
                 id_prefix: str = "timeline") -> str:
    """Bars of articles per month (left scale) and a line of deaths (right scale).

    `months` holds (YYYY-MM, articles, deaths); months in between that are missing are drawn
    empty. `link(month)`, if given, makes the bar of each month with articles a link (e.g. to
    /archive/yyyy/mm/); a month without articles has no page, and its empty bar no link.
    Accessible as one image: role="img" with a <title> and a <desc> that states the totals
    (role="group" when the bars are links, since an image may not hold links).
    """
    words = {**LABELS.get(language, LABELS["en"]),
             "language": language if language in LABELS else "en"}
    counts: dict[str, tuple[int, int]] = {}
    for month, articles, deaths in months:
        if _valid_month(month):
            old = counts.get(month, (0, 0))
            counts[month] = (old[0] + max(articles, 0), old[1] + max(deaths, 0))
    series = month_range(min(counts), max(counts)) if counts else []
    rows = [(m, *counts.get(m, (0, 0))) for m in series]
    width = TIMELINE_WIDTH
    role = "group" if link else "img"     # an image may not hold links (axe: nested-interactive)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" '
           f'viewBox="0 0 {width:.0f} {CHART_HEIGHT:.0f}" role="{role}" '
           f'aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
           f'<title id="{id_prefix}-title">{_text(words["title"])}</title>',
           f'<desc id="{id_prefix}-desc">{_text(_summary(rows, words))}</desc>']
    if rows:
        out.extend(_timeline_body(rows, width, words, link))
    out.append("</svg>")
    return "\n".join(out)


def _summary(rows: list[tuple[str, int, int]], words: dict[str, str]) -> str:
    if not rows:
        return words["summary"].format(first="–", last="–", articles=0, killed=0)
    text = words["summary"].format(first=rows[0][0], last=rows[-1][0],
                                   articles=_count(sum(r[1] for r in rows), words),
                                   killed=_count(sum(r[2] for r in rows), words))
    busiest = max(rows, key=lambda r: r[1])
    return text + words["busiest"].format(month=busiest[0], count=_count(busiest[1], words))


def _count(value: int, words: dict[str, str]) -> str:
    """A figure as the page's language writes it (1.240 in Indonesian, 1,240 in English), as
    the pages around the chart write theirs; a figure beyond what babel's decimals hold
    (none real) is written plain."""
    try:
        return number(value, words["language"])
    except ArithmeticError:            # decimal.InvalidOperation is one
        return str(value)


def _timeline_body(rows: list[tuple[str, int, int]], width: float, words: dict[str, str],
                   link: Callable[[str], str] | None) -> list[str]:
    """Axes, bars (with tooltips), the deaths line, and year labels."""
    plot_w = width - LEFT - RIGHT
    plot_h = CHART_HEIGHT - TOP - BOTTOM
    step = plot_w / len(rows)
    most_articles, most_deaths = max(r[1] for r in rows), max(r[2] for r in rows)
    max_articles, max_deaths = most_articles or 1, most_deaths or 1     # the scales
    base = TOP + plot_h
    out = [f'<line class="axis" x1="{LEFT}" y1="{base}" x2="{LEFT + plot_w:.1f}" y2="{base}" '
           f'stroke="#6b665c"/>',
           _legend(LEFT, "start", "#2f6ea6", f"▮ {words['articles']}", words["max"],
                   _count(most_articles, words)),
           _legend(LEFT + plot_w, "end", "#b3261e", f"— {words['killed']}", words["max"],
                   _count(most_deaths, words))]
    points = []
    for i, (month, articles, deaths) in enumerate(rows):
        x = LEFT + i * step
        h = plot_h * articles / max_articles
        tip = _text(f"{month}: {_count(articles, words)} {words['articles']}, "
                    f"{_count(deaths, words)} {words['killed']}")
        bar = (f'<rect class="bar" x="{x + step * 0.1:.1f}" y="{base - h:.1f}" '
               f'width="{step * 0.8:.1f}" height="{h:.1f}" fill="#3b82c4"><title>{tip}</title>'
               f"</rect>")
        # Only a month with articles has a page to link to; an empty month is drawn, not linked.
        href = _safe_href(link(month)) if link and articles else None
        out.append(f"<a href={_attr(href)}>{bar}</a>" if href else bar)
        y = base - plot_h * deaths / max_deaths
        # A line through one month's middle would be a point, drawn as nothing: across its bar.
        middles = (0.1, 0.9) if len(rows) == 1 else (0.5,)
        points.extend(f"{x + step * at:.1f},{y:.1f}" for at in middles)
    for x, label in _axis_labels([row[0] for row in rows], step):
        out.append(f'<text class="year" x="{x:.1f}" y="{CHART_HEIGHT - 8}" '
                   f'font-size="{AXIS_FONT:.0f}" fill="#3b3832">{_text(label)}</text>')
    out.append(f'<polyline class="deaths" fill="none" stroke="#b3261e" stroke-width="2" '
               f'points="{" ".join(points)}"/>')
    return out


def _axis_labels(months: list[str], step: float) -> list[tuple[float, str]]:
    """The axis's labels, (x, text): years under their Januaries, every year or every 2nd,
    5th, 10th... (the smallest round interval whose labels clear each other: 1990, 1992 ...
    over decades), and the first month ("2016-08", or its year) at the left where it clears
    the first year's label. No label prints over another or past the chart's frame."""
    edge = LEFT + len(months) * step + RIGHT / 2        # the frame, less half the margin
    every = next((n for n in YEAR_INTERVALS if n * 12 * step >= _label_room("2000")),
                 YEAR_INTERVALS[-1])
    years = [(LEFT + i * step, month[:4]) for i, month in enumerate(months)
             if month.endswith("-01") and int(month[:4]) % every == 0
             and LEFT + i * step + _label_width(month[:4]) <= edge]
    if years and years[0][0] == LEFT:                    # the chart opens on a labelled January
        return years
    limit = years[0][0] if years else edge + AXIS_FONT
    texts = (months[0][:4],) if months[0].endswith("-01") else (months[0], months[0][:4])
    first = next((text for text in texts
                  if LEFT + _label_room(text) <= limit), None)
    return [(LEFT, first), *years] if first else years


YEAR_INTERVALS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
DIGIT_EM = 0.65       # a digit's width in the theme's sans-serif (measured in Chromium: 0.636)


def _label_width(text: str) -> float:
    """The width a label's text takes on the axis."""
    return len(text) * AXIS_FONT * DIGIT_EM


def _label_room(text: str) -> float:
    """The room a label takes on the axis: its width and a gap after it."""
    return _label_width(text) + AXIS_FONT / 2


def _legend(x: float, anchor: str, colour: str, series: str, most: str, value: str) -> str:
    """A series name and its largest value, above the plot, in the series' colour."""
    return (f'<text class="legend" x="{x:.1f}" y="{TOP - 6}" text-anchor="{anchor}" '
            f'font-size="12" fill="{colour}">{_text(f"{series} ({most} {value})")}</text>')


# --- the tolls of one incident, report by report -----------------------------------------------

TOLL_WIDTH = 420.0           # narrow, so that on a phone the text stays readable
TOLL_COLOURS = {"killed": "#b3261e", "injured": "#d98c1f"}


@dataclass(frozen=True)
class TollRow:
    """One report: its label (outlet and date) and each figure as a bar length and its text."""

    label: str
    figures: tuple[tuple[str, int | None, str], ...]    # (kind, value for the bar, as shown)


def toll_chart_svg(rows: list[TollRow], *, title: str, desc: str,
                   kind_names: dict[str, str], id_prefix: str = "tolls") -> str:
    """Horizontal bars, one group a report in the order given (first report first), one bar a
    figure kind, on one scale: a toll that rose from report to report, or outlets that
    disagree, show at a glance. A report without a figure of a kind shows "–" there."""
    kinds = [k for k in kind_names if any(v is not None for r in rows
                                          for kind, v, _ in r.figures if kind == k)]
    most = max((v for r in rows for kind, v, _ in r.figures if kind in kinds and v), default=1)
    bar, gap, label_h = 18.0, 4.0, 22.0
    group_h = label_h + len(kinds) * (bar + gap) + 10.0
    height = 30.0 + len(rows) * group_h
    left, right = 80.0, TOLL_WIDTH - 60.0
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="toll-chart" '
           f'viewBox="0 0 {TOLL_WIDTH:.0f} {height:.0f}" role="img" '
           f'font-family="system-ui, sans-serif" '
           f'aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
           f'<title id="{id_prefix}-title">{_text(title)}</title>',
           f'<desc id="{id_prefix}-desc">{_text(desc)}</desc>']
    x = 0.0
    for kind in kinds:            # the legend
        out.append(f'<rect x="{x:.0f}" y="6" width="12" height="12" '
                   f'fill="{TOLL_COLOURS.get(kind, "#555")}"/>'
                   f'<text x="{x + 16:.0f}" y="17" font-size="15" fill="#1d1b16">'
                   f"{_text(kind_names[kind])}</text>")
        x += 28 + 8 * len(kind_names[kind])
    y = 30.0
    for row in rows:
        out.append(f'<text x="0" y="{y + 16:.1f}" font-size="16" font-weight="600" '
                   f'fill="#1d1b16">{_text(row.label)}</text>')
        by_kind = {kind: (value, shown) for kind, value, shown in row.figures}
        for n, kind in enumerate(kinds):
            value, shown = by_kind.get(kind, (None, "–"))
            top = y + label_h + n * (bar + gap)
            out.append(f'<text x="{left - 6:.0f}" y="{top + 14:.1f}" font-size="15" '
                       f'text-anchor="end" fill="#555">{_text(kind_names[kind])}</text>')
            length = (right - left) * (value or 0) / most
            if value:
                out.append(f'<rect x="{left:.0f}" y="{top:.1f}" width="{length:.1f}" '
                           f'height="{bar:.0f}" fill="{TOLL_COLOURS.get(kind, "#555")}"/>')
            out.append(f'<text x="{left + length + 5:.1f}" y="{top + 14:.1f}" font-size="16" '
                       f'fill="#1d1b16">{_text(shown if value is not None else "–")}</text>')
        y += group_h
    out.append("</svg>")
    return "\n".join(out)
