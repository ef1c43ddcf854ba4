"""The build-time SVG charts: parseable, accessible, projected right, and safe with any text."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_builder.charts import month_range, timeline_svg
from site_builder.charts_map import frame_for, place_map_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
CAUCASUS = [("Baku", "../places/baku/", 40.38, 49.89),
            ("Stepanakert", "../places/stepanakert/", 39.82, 46.75),
            ("Yerevan", "../places/yerevan/", 40.18, 44.51)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def markers(root: ET.Element) -> list[tuple[str | None, str, float, float]]:
    """(href, title, cx, cy) of every marker, linked or not."""
    found = []
    for circle in root.iter("{http://www.w3.org/2000/svg}circle"):
        parent = next(p for p in root.iter() if circle in list(p))
        title = parent.find("svg:title", NS).text
        found.append((parent.get("href"), title, float(circle.get("cx")),
                      float(circle.get("cy"))))
    return found


def view_box(root: ET.Element) -> tuple[float, float]:
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    return width, height


def test_one_link_per_marker_at_its_projected_position():
    root = parse(place_map_svg(CAUCASUS))
    found = markers(root)

    assert [(href, title) for href, title, _, _ in found] == [(h, label) for label, h, _, _ in
                                                              CAUCASUS]
    links = root.findall("svg:a", NS)
    assert [a.get("aria-label") for a in links] == ["Baku", "Stepanakert", "Yerevan"]
    frame = frame_for((lat, lon) for _, _, lat, lon in CAUCASUS)
    for (_, _, lat, lon), (_, _, cx, cy) in zip(CAUCASUS, found, strict=True):
        x, y = frame.project(lat, lon)
        assert (cx, cy) == pytest.approx((x, y), abs=0.06)
    # Equirectangular: one scale for both axes, north up, east right.
    (_, _, bx, by), (_, _, yx, yy) = found[0], found[2]
    assert (bx - yx) / (49.89 - 44.51) == pytest.approx((yy - by) / (40.38 - 40.18), rel=0.05)
    assert bx > yx and by < yy


def test_world_map_places_markers_where_longitude_and_latitude_say():
    root = parse(place_map_svg([("Jakarta", "j/", -6.2, 106.8), ("Nuuk", "n/", 64.2, -51.7),
                                ("Wellington", "w/", -41.3, 174.8)]))
    width, height = view_box(root)
    found = {title: (cx, cy) for _, title, cx, cy in markers(root)}
    frame = frame_for([(-6.2, 106.8), (64.2, -51.7), (-41.3, 174.8)])
    scale = width / (frame.east - frame.west)
    assert found["Jakarta"][0] == pytest.approx((106.8 - frame.west) * scale, abs=0.06)
    assert found["Nuuk"][1] == pytest.approx((frame.north - 64.2) * scale, abs=0.06)
    assert all(0 <= cx <= width and 0 <= cy <= height for cx, cy in found.values())


def test_map_zooms_to_the_markers():
    caucasus = frame_for((lat, lon) for _, _, lat, lon in CAUCASUS)
    assert 44.51 > caucasus.west > 30 and 49.89 < caucasus.east < 65
    assert 39.82 > caucasus.south > 25 and 40.38 < caucasus.north < 55
    assert caucasus.east - caucasus.west <= 2 * (caucasus.north - caucasus.south) + 1e-9

    zoomed = parse(place_map_svg(CAUCASUS)).find("svg:path", NS).get("d")
    world = parse(place_map_svg([])).find("svg:path", NS).get("d")
    assert 0 < zoomed.count("M") < world.count("M") / 5     # only the countries in view


def test_map_without_places_is_the_whole_world():
    root = parse(place_map_svg([]))
    assert view_box(root) == (800.0, 400.0)
    assert markers(root) == []
    assert root.get("role") == "group"
    assert root.find("svg:title", NS).text == "Map of places"


def labels(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")
            if t.get("class") == "map-label"]


def label_boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    """Each label's box, its width taken as an average sans-serif text's (0.55 em a letter)."""
    boxes = []
    for text in root.iter("{http://www.w3.org/2000/svg}text"):
        x, y, size = float(text.get("x")), float(text.get("y")), float(text.get("font-size"))
        width = 0.55 * size * len(text.text)
        left = {"start": x, "end": x - width, "middle": x - width / 2}[text.get("text-anchor")]
        boxes.append((left, y - 0.7 * size, left + width, y))
    return boxes


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_close_places_do_not_get_labels_on_top_of_each_other_or_of_markers():
    # Stepanakert and Shusha are 10 km apart, Yerevan and Ejmiatsin 20 km: markers touch.
    close = [*CAUCASUS, ("Shusha", "s/", 39.76, 46.75), ("Ejmiatsin", "e/", 40.16, 44.29),
             ("Ganja", "g/", 40.68, 46.36)]
    root = parse(place_map_svg(close))
    assert [title for _, title, _, _ in markers(root)] == [label for label, *_ in close]
    boxes = label_boxes(root)
    assert len(boxes) >= 4
    assert not any(overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    dots = [(cx - 5, cy - 5, cx + 5, cy + 5) for _, _, cx, cy in markers(root)]
    shown = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    own = {label: dot for (label, *_), dot in zip(close, dots, strict=True)}
    for text, box in zip(labels(root), boxes, strict=True):
        assert not any(overlap(box, dot) for label, dot in own.items() if label != text)
    assert shown <= {label for label, *_ in close}


def test_labels_stay_on_the_map_and_a_crowded_map_has_none():
    places = [(f"Place {n}", f"p{n}/", -40.0 + 7 * n, -150.0 + 25 * n) for n in range(13)]
    root = parse(place_map_svg(places[:12]))
    assert len(labels(root)) >= 8 and set(labels(root)) <= {label for label, *_ in places}
    width, height = view_box(root)
    for left, top, right, bottom in label_boxes(root):
        assert left >= 0 and right <= width and top >= 0 and bottom <= height
    crowded = parse(place_map_svg(places))
    assert len(markers(crowded)) == 13 and labels(crowded) == []


def test_places_without_coordinates_or_with_unsafe_links():
    places = [("Nowhere", "n/", None, None), ("Bad", "b/", 95.0, 10.0),
              ("Inf", "i/", float("inf"), 0.0), ("Evil", "javascript:alert(1)", 1.0, 2.0)]
    root = parse(place_map_svg(places))  # type: ignore[arg-type]

    assert [(href, title) for href, title, _, _ in markers(root)] == [(None, "Evil")]
    assert root.findall(".//svg:a", NS) == []


PRINTABLE = st.text(st.characters(exclude_categories=("Cs", "Cc"),
                                  exclude_characters="\ufffe\uffff"))


@given(label=PRINTABLE, href=st.text(), title=PRINTABLE)
def test_printable_text_round_trips_as_text(label, href, title):
    root = parse(place_map_svg([(label, href, 10.0, 20.0)], title=title))
    assert markers(root)[0][1] == (label or None)
    assert root.find("svg:title", NS).text == (title or None)
    assert root.findall(".//svg:script", NS) == [] and root.findall(".//svg:img", NS) == []


def as_parsed(text: str) -> str | None:
    """What an XML parser gives back of `text` written as character data: characters XML
    cannot hold are dropped (the charts drop them), line ends normalised, "" read as None."""
    kept = "".join(ch for ch in text if ch in "\t\n\r" or " " <= ch <= "\ud7ff"
                   or "\ue000" <= ch <= "\ufffd" or ch >= "\U00010000")
    return kept.replace("\r\n", "\n").replace("\r", "\n") or None


def is_month(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", text))


@given(label=st.text(), month=st.text(), articles=st.integers(max_value=10**15),
       deaths=st.integers(max_value=10**15))
def test_any_input_gives_well_formed_svg_showing_what_it_was_given(label, month, articles,
                                                                   deaths):
    root = parse(place_map_svg([(label, label, 0.0, 0.0)], title=label))
    assert [title for _, title, _, _ in markers(root)] == [as_parsed(label)]
    assert root.find("svg:title", NS).text == as_parsed(label)

    root = parse(timeline_svg([(month, articles, deaths), ("2020-01", articles, deaths)]))
    months = {"2020-01", month} if is_month(month) else {"2020-01"}
    assert len(bars(root)) == len(month_range(min(months), max(months)))
    given_rows = 2 if is_month(month) else 1
    desc = root.find("svg:desc", NS).text
    assert f": {given_rows * max(articles, 0):,} articles, {given_rows * max(deaths, 0):,} " \
        "killed." in desc


# --- timeline ----------------------------------------------------------------------------------

def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("class") == "bar"]


def test_timeline_has_a_bar_per_month_including_empty_ones():
    root = parse(timeline_svg([("2020-11", 5, 1200), ("2021-02", 3, 40), ("2020-12", 0, 0)]))
    found = bars(root)

    assert [b.find("svg:title", NS).text for b in found] == [
        "2020-11: 5 articles, 1,200 killed", "2020-12: 0 articles, 0 killed",
        "2021-01: 0 articles, 0 killed", "2021-02: 3 articles, 40 killed"]
    heights = [float(b.get("height")) for b in found]
    assert heights[1] == heights[2] == 0 and heights[0] == pytest.approx(heights[3] * 5 / 3)
    points = root.find("svg:polyline", NS).get("points").split()
    assert len(points) == 4
    ys = [float(p.split(",")[1]) for p in points]
    assert ys[0] == min(ys)                       # the deadliest month is the line's peak


def test_a_figure_beyond_babel_s_decimals_is_written_plain_not_an_error():
    desc = parse(timeline_svg([("2020-01", 1, 10**40)])).find("svg:desc", NS).text
    assert f"1 articles, {10**40} killed." in desc


def test_the_legend_gives_each_series_largest_figure_as_the_page_writes_figures():
    """'maks. 1.200' in Indonesian, as the lists beside the chart write a toll; a series with
    nothing in it says 0, not the 1 its scale falls back on."""
    legends = [t.text for t in parse(timeline_svg([("2020-11", 5, 1200)], language="id")).iter(
        "{http://www.w3.org/2000/svg}text") if t.get("class") == "legend"]
    assert legends == ["▮ artikel (maks. 5)", "— tewas (maks. 1.200)"]
    quiet = [t.text for t in parse(timeline_svg([("2020-11", 5, 0)])).iter(
        "{http://www.w3.org/2000/svg}text") if t.get("class") == "legend"]
    assert quiet == ["▮ articles (max 5)", "— killed (max 0)"]


def test_timeline_is_an_accessible_image_with_totals():
    root = parse(timeline_svg([("2020-11", 5, 1200), ("2021-02", 3, 40)], language="id"))

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "timeline-title timeline-desc"
    assert root.find("svg:title", NS).text == "Artikel dan korban tewas per bulan"
    assert root.find("svg:desc", NS).text == (
        "Dari 2020-11 sampai 2021-02: 8 artikel, 1.240 tewas. Artikel terbanyak: 2020-11 (5).")


def test_timeline_bars_link_to_month_pages():
    root = parse(timeline_svg([("2020-11", 1, 0)], link=lambda m: f"../archive/{m[:4]}/{m[5:]}/"))
    assert [a.get("href") for a in root.findall("svg:a", NS)] == ["../archive/2020/11/"]


def test_months_without_articles_are_drawn_but_not_linked():
    """A month without articles has no page: its (empty) bar is drawn, with no link."""
    root = parse(timeline_svg([("2020-11", 2, 5), ("2020-12", 0, 3), ("2021-03", 1, 0)],
                              link=lambda m: f"../archive/{m[:4]}/{m[5:]}/"))
    assert len(bars(root)) == 5                       # November to March
    assert [a.get("href") for a in root.findall("svg:a", NS)] == [
        "../archive/2020/11/", "../archive/2021/03/"]
    linked = [a.find("svg:rect/svg:title", NS).text for a in root.findall("svg:a", NS)]
    assert linked == ["2020-11: 2 articles, 5 killed", "2021-03: 1 articles, 0 killed"]


def test_timeline_ignores_bad_months_and_handles_none():
    root = parse(timeline_svg([("2020-13", 1, 1), ("garbage", 2, 2), ("<b>", 3, 3)]))
    assert bars(root) == []
    assert "0 articles" in root.find("svg:desc", NS).text


def test_month_range_crosses_years():
    assert month_range("2020-11", "2021-02") == ["2020-11", "2020-12", "2021-01", "2021-02"]


def axis_labels(root: ET.Element) -> list[tuple[float, str]]:
    return [(float(t.get("x")), t.text) for t in root.iter("{http://www.w3.org/2000/svg}text")
            if t.get("class") == "year"]


# A digit of the theme's sans-serif at font size 11, as Chromium measures it (0.636 em).
DIGIT = 11 * 0.636


@pytest.mark.parametrize("first, last", [("2016-08", "2025-11"), ("1990-01", "2025-12"),
                                         ("2020-11", "2021-02"), ("2016-12", "2017-03"),
                                         ("2003-05", "2025-01"), ("1991-01", "2026-01"),
                                         ("2011-01", "2026-01"), ("1500-01", "2025-12"),
                                         ("1967-12", "2026-01")])
def test_axis_labels_never_print_over_each_other_or_past_the_frame(first, last):
    """A home page spanning 2016-08 to 2025-11 printed "2016-08" over "2017", five months on;
    over decades the years ran into each other; a last January at the right edge ran past it."""
    root = parse(timeline_svg([(first, 1, 0), (last, 2, 3)]))
    labels = axis_labels(root)
    width, _ = view_box(root)
    ends = [x + len(text) * DIGIT for x, text in labels]
    assert all(end < nxt for end, (nxt, _) in zip(ends[:-1], labels[1:], strict=True)), labels
    assert ends[-1] <= width - 3, labels
    assert len(labels) >= 2, labels


@pytest.mark.parametrize("first, last", [("2016-08", "2025-11"), ("2016-12", "2017-03"),
                                         ("1990-01", "2025-12"), ("2020-02", "2021-01"),
                                         ("1900-03", "2025-12")])
def test_each_year_label_stands_under_its_january_bar(first, last):
    """(A reviewer's test.) The first label may be the first month or its year; every other is
    a year, under its January's bar."""
    root = parse(timeline_svg([(first, 1, 0), (last, 1, 0)]))
    months = month_range(first, last)
    xs = [float(r.get("x")) for r in bars(root)]
    step = (xs[-1] - xs[0]) / (len(months) - 1)
    bar_of = dict(zip(months, xs, strict=True))
    for x, text in axis_labels(root):
        if abs(x - (xs[0] - step * 0.1)) < 0.06:          # the chart's first month
            assert text in (months[0], months[0][:4]), (x, text)
            continue
        assert abs(x + step * 0.1 - bar_of[f"{text}-01"]) < 0.11, (x, text)


@pytest.mark.parametrize("first, last, shown", [
    ("1990-01", "2025-12", ["1990", "1992", "1994"]),
    ("1900-03", "2025-12", ["1900-03", "1910", "1920"]),
    ("2020-03", "2021-06", ["2020-03", "2021"]),
])
def test_years_are_labelled_at_a_round_interval(first, last, shown):
    """Over decades, every 2nd, 5th or 10th year, as a reader counts them, from the first."""
    labels = [text for _, text in axis_labels(parse(timeline_svg([(first, 1, 0),
                                                                  (last, 1, 0)])))]
    assert labels[:len(shown)] == shown


def test_a_single_month_still_draws_its_deaths_line():
    """One month of articles (the demo archive): a line through one point drew nothing, so
    the chart showed no deaths at all; it now runs across the month's bar at its height."""
    root = parse(timeline_svg([("2020-11", 1, 1200)]))
    points = [tuple(map(float, p.split(","))) for p in
              root.find("svg:polyline", NS).get("points").split()]
    (bar,) = bars(root)
    assert len({x for x, _ in points}) == 2 and len({y for _, y in points}) == 1
    assert min(x for x, _ in points) >= float(bar.get("x")) - 1
    assert max(x for x, _ in points) <= float(bar.get("x")) + float(bar.get("width")) + 1
    assert points[0][1] == pytest.approx(float(bar.get("y")))     # 1,200: the scale's top
