"""The map of places, drawn at build time as inline SVG (charts.py draws the other charts).

The map is equirectangular (x = longitude, y = latitude, one scale for both) over the country
outlines of Natural Earth 1:110m (public domain; see tools/make_world_outline.py for how
``data/world-outline.json.gz`` was made). It zooms to the markers' bounding box, padded, so a
map of places in the Caucasus shows the Caucasus, not the world. Every label is escaped and
every link checked (`_safe_href`): they come from article text.
"""
from __future__ import annotations

import gzip
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from site_builder.charts import _attr, _safe_href, _text

OUTLINE_FILE = Path(__file__).parent / "data" / "world-outline.json.gz"
MAP_WIDTH = 800.0
MIN_SPAN = 16.0            # degrees: a map of one city still shows its region
MIN_ASPECT = 1.6           # width:height a frame is at least
PAD = 0.15                 # fraction of the markers' span added on each side
MAX_LABELS = 12            # above this many markers, names are only in tooltips and titles


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
