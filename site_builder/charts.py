"""Charts drawn at build time as inline SVG: a map of places and a month-by-month timeline.

No chart service and no JavaScript: the site must work from a folder, years from now. Both
functions return one ``<svg>`` element as a string, ready to drop into a page; every piece of
text is escaped, because labels come from article text.

The map is equirectangular (x = longitude, y = latitude, one scale for both) over the country
outlines of Natural Earth 1:110m (public domain; see tools/make_world_outline.py for how
``data/world-outline.json.gz`` was made). It zooms to the markers' bounding box, padded, so a
map of places in the Caucasus shows the Caucasus, not the world.
"""
from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from site_builder.i18n import number

OUTLINE_FILE = Path(__file__).parent / "data" / "world-outline.json.gz"
MAP_WIDTH = 800.0
MIN_SPAN = 16.0            # degrees: a map of one city still shows its region
MIN_ASPECT = 1.6           # width:height a frame is at least
PAD = 0.15                 # fraction of the markers' span added on each side
MAX_LABELS = 12            # above this many markers, names are only in tooltips and titles
# Characters XML 1.0 cannot hold at all (escaping does not help): dropped from any text.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_CONTROL = re.compile("[\x00-\x20\x7f]")


def _text(value: object) -> str:
    """Untrusted text made safe as XML character data."""
    return escape(_NOT_XML.sub("", str(value)))


def _attr(value: object) -> str:
    """Untrusted text made safe as a quoted XML attribute value (quotes included)."""
    return quoteattr(_NOT_XML.sub("", str(value)))


@dataclass(frozen=True)
class MapFrame:
    """The part of the world a map shows, and its size in SVG units (one scale for x and y)."""

    west: float
    east: float
    south: float
    north: float
    width: float = MAP_WIDTH

    @property
    def scale(self) -> float:
        return self.width / (self.east - self.west)

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        """SVG (x, y) of a point: equirectangular, north up."""
        return (lon - self.west) * self.scale, (self.north - lat) * self.scale

    def overlaps(self, west: float, east: float, south: float, north: float) -> bool:
        return west <= self.east and east >= self.west and south <= self.north \
            and north >= self.south


def frame_for(points: Iterable[tuple[float, float]]) -> MapFrame:
    """The frame around (lat, lon) points: their bounding box, padded, at least MIN_SPAN wide,
    no flatter than 2:1 nor taller than MIN_ASPECT:1 (pages show a map at most 28rem high, and
    a tall one as a narrow strip), kept inside the world. No points: the world."""
    points = list(points)
    if not points:
        return MapFrame(-180.0, 180.0, -90.0, 90.0)
    lats = [lat for lat, _ in points]
    lons = [lon for _, lon in points]
    west, east = _span(min(lons), max(lons), MIN_SPAN, -180.0, 180.0)
    south, north = _span(min(lats), max(lats), MIN_SPAN / 2, -90.0, 90.0)
    if east - west > 2 * (north - south):          # too flat: grow north-south
        south, north = _span(south, north, (east - west) / 2, -90.0, 90.0, pad=0.0)
    if (north - south) * MIN_ASPECT > east - west:   # too tall: grow east-west
        west, east = _span(west, east, (north - south) * MIN_ASPECT, -180.0, 180.0, pad=0.0)
    return MapFrame(west, east, south, north)


def _span(low: float, high: float, minimum: float, floor: float, ceiling: float,
          pad: float = PAD) -> tuple[float, float]:
    """[low, high] padded and widened about its middle to `minimum`, shifted to fit the limits."""
    extra = (high - low) * pad
    low, high = low - extra, high + extra
    if high - low < minimum:
        middle = (low + high) / 2
        low, high = middle - minimum / 2, middle + minimum / 2
    width = min(high - low, ceiling - floor)
    low = min(max(low, floor), ceiling - width)
    return low, low + width


@cache
def world_outline() -> tuple[tuple[tuple[float, ...], ...], ...]:
    """Country rings as flat (lon, lat, lon, lat, ...) tuples in degrees, read once."""
    data = json.loads(gzip.decompress(OUTLINE_FILE.read_bytes()))
    return tuple(tuple(tuple(v / 10 for v in ring) for ring in country["rings"])
                 for country in data["countries"])


@cache
def _rings() -> tuple[tuple[tuple[float, float, float, float], tuple[float, ...],
                            tuple[float, ...]], ...]:
    """Every country ring as ((west, east, south, north), lons, lats), worked out once: a
    map tests each ring's box against its frame (most rings are outside it)."""
    found = []
    for country in world_outline():
        for ring in country:
            lons, lats = ring[0::2], ring[1::2]
            found.append(((min(lons), max(lons), min(lats), max(lats)), lons, lats))
    return tuple(found)


@lru_cache(maxsize=64)
def _land_path(frame: MapFrame) -> str:
    """One SVG path `d` with every country ring that reaches into the frame (kept for the
    other pages of a place, whose maps show the same frame)."""
    parts = []
    for box, lons, lats in _rings():
        if not frame.overlaps(*box):
            continue
        xy = (frame.project(lat, lon) for lon, lat in zip(lons, lats, strict=True))
        parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in xy) + "Z")
    return "".join(parts)


def _valid_point(lat: object, lon: object) -> bool:
    return all(isinstance(v, int | float) and math.isfinite(v) for v in (lat, lon)) \
        and -90 <= lat <= 90 and -180 <= lon <= 180     # type: ignore[operator]


def _safe_href(href: str) -> str | None:
    """A link target, or None for a scheme a map marker must not carry (javascript:, data:)."""
    try:     # browsers ignore control characters and spaces in a scheme ("java\tscript:")
        scheme = urlsplit(_CONTROL.sub("", str(href))).scheme.lower()
    except ValueError:
        return None
    return href if scheme in ("", "http", "https") else None


class Drawn:
    """The SVG of a map's land and markers, by everything each depends on, kept from maps
    drawn before (`kept`): the map of every place, drawn again after one place's count moved
    it in the list, reuses all of them. `used` holds what the last map drew with."""

    def __init__(self, kept: dict[tuple, str] | None = None) -> None:
        self.kept = kept or {}
        self.used: dict[tuple, str] = {}

    def get(self, key: tuple, make: Callable[[], str]) -> str:
        found = self.kept.get(key)
        if found is None:
            found = make()
        self.used[key] = found
        return found


def place_map_svg(places: list[tuple[str, str, float, float]], *,
                  title: str = "Map of places", id_prefix: str = "place-map",
                  drawn: Drawn | None = None) -> str:
    """A map with one linked marker per (label, href, lat, lon), zoomed to the markers.

    Places without valid coordinates are left out. Each marker is an ``<a>`` whose ``<title>``
    and ``aria-label`` name the place, so the map reads as a list of links to a screen reader.
    `drawn`: parts drawn before, reused where they are the same (and noted as used).
    """
    drawn = drawn or Drawn()
    markers = [(label, href, lat, lon) for label, href, lat, lon in places
               if _valid_point(lat, lon)]
    frame = frame_for((lat, lon) for _, _, lat, lon in markers)
    # A tall frame is shown shorter (pages cap a map's height), so its marks are drawn larger
    # to keep their size on screen.
    grow = max(1.0, frame.height / (MAP_WIDTH / 2))
    radius, font = 5.0 * grow, 13.0 * grow
    points = [frame.project(lat, lon) for _, _, lat, lon in markers]
    labels = place_labels([label for label, _, _, _ in markers], points, frame, radius, font)
    clip = f"{id_prefix}-clip"
    land = drawn.get(("land", frame), lambda: _land_path(frame))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="place-map" '
           f'viewBox="0 0 {frame.width:.0f} {frame.height:.1f}" role="group" '
           f'aria-labelledby="{id_prefix}-title">',
           f'<title id="{id_prefix}-title">{_text(title)}</title>',
           # Where a page shows the map in a box of another shape, only the frame is drawn.
           f'<clipPath id="{clip}"><rect width="{frame.width:.0f}" height="{frame.height:.1f}"/>'
           f"</clipPath>",
           f'<rect class="map-sea" width="{frame.width:.0f}" height="{frame.height:.1f}" '
           f'fill="#dde9f3"/>',
           f'<path class="map-land" fill="#f4f1ea" stroke="#9a9385" stroke-width="0.6" '
           f'clip-path="url(#{clip})" d="{land}"/>']
    for (label, href, _, _), (x, y), place in zip(markers, points, labels, strict=True):
        out.append(drawn.get((label, href, x, y, radius, place, font), lambda: _marker(
            label, _safe_href(href), x, y, radius, place, font)))  # noqa: B023 (called here)
    out.append("</svg>")
    return "\n".join(out)


LabelPlace = tuple[float, float, str] | None     # (x, y, text-anchor) of a shown label


def place_labels(labels: list[str], points: list[tuple[float, float]], frame: MapFrame,
                 radius: float, font: float) -> list[LabelPlace]:
    """Where each marker's name goes: right, left, above or below its marker, the first of
    those that stays inside the map and clear of every marker and of the names placed before
    it; None (the name only in the marker's tooltip) where none is clear, and for every marker
    of a map of more than MAX_LABELS (a few names picked from a crowd would mislead). Earlier
    markers (the pages list the busiest places first) win."""
    placed: list[tuple[float, float, float, float]] = []
    dots = [(x - radius, y - radius, x + radius, y + radius) for x, y in points]
    result: list[LabelPlace] = []
    for index, (label, (x, y)) in enumerate(zip(labels, points, strict=True)):
        chosen: LabelPlace = None
        if len(labels) <= MAX_LABELS:
            width, gap = _text_width(label, font), radius + 0.3 * font
            others = [d for i, d in enumerate(dots) if i != index]
            for lx, ly, anchor in ((x + gap, y + 0.35 * font, "start"),
                                   (x - gap, y + 0.35 * font, "end"),
                                   (x, y - gap, "middle"), (x, y + gap + 0.8 * font, "middle")):
                left = {"start": lx, "end": lx - width, "middle": lx - width / 2}[anchor]
                box = (left, ly - 0.95 * font, left + width, ly + 0.3 * font)
                if _inside(box, frame) and not any(_overlap(box, b) for b in placed + others):
                    chosen = (lx, ly, anchor)
                    placed.append(box)
                    break
        result.append(chosen)
    return result


def _text_width(text: str, font: float) -> float:
    """A generous estimate of a label's width in the site's sans-serif face (DejaVu Sans, the
    widest common one, measured; no font metrics at build time)."""
    return 1.05 * font * sum(0.38 if ch in "iljtfr.,;:'!|() " else 0.95 if ch in "mwMW"
                             else 0.63 if ch.islower() or ch.isdigit() else 0.78 for ch in text)


def _inside(box: tuple[float, float, float, float], frame: MapFrame) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= frame.width and box[3] <= frame.height


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _marker(label: str, href: str | None, x: float, y: float, radius: float,
            place: LabelPlace, font: float) -> str:
    """One marker: a circle (and its name) inside a link, or inside a group without a link."""
    name = _text(label)
    body = (f'<title>{name}</title><circle class="map-marker" cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{radius:g}" fill="#b3261e" stroke="#fff" stroke-width="1.5"/>')
    if place is not None:
        lx, ly, anchor = place
        body += (f'<text class="map-label" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" '
                 f'font-size="{font:g}" fill="#1d1b16">{name}</text>')
    if href is None:
        return f"<g>{body}</g>"
    return f"<a href={_attr(href)} aria-label={_attr(label)}>{body}</a>"


# --- timeline ----------------------------------------------------------------------------------

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
        points.append(f"{x + step / 2:.1f},{base - plot_h * deaths / max_deaths:.1f}")
        if month.endswith("-01") or i == 0:
            out.append(f'<text class="year" x="{x:.1f}" y="{CHART_HEIGHT - 8}" font-size="11" '
                       f'fill="#3b3832">{_text(month[:4] if month.endswith("-01") else month)}'
                       f"</text>")
    out.append(f'<polyline class="deaths" fill="none" stroke="#b3261e" stroke-width="2" '
               f'points="{" ".join(points)}"/>')
    return out


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
