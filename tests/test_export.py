"""data/articles.json and data/articles.csv: complete, deterministic, and safe in a spreadsheet.

The build makes each article's rows once (json_row, csv_row) and writes the documents from them
in the database's export order (site.Record.export_key): these tests do the same."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from site_builder.export import (
    CSV_PATH,
    JSON_PATH,
    csv_document,
    csv_row,
    indented_json,
    json_document,
    json_row,
)
from site_builder.model import Article, Casualties, CasualtyMention, Count, Place
from site_builder.site import day_key, text_key


def article(slug: str, day: date | None, title: str = "Judul", **changes) -> Article:
    fields = dict(
        title=title, slug=slug, date=day, date_text="Minggu (1/11)", date_confidence="inferred",
        language="id", source="Gatra.com", wire="AFP", dateline="Baku",
        places=[Place("Baku", "geonames:587084", ["Baku"], "AZ", "city", 40.38, 49.89),
                Place("Armenia", "geonames:174982", ["Armenia"], "AM", "country", 40.0, 45.0)],
        casualties=Casualties(
            killed=Count(1200, None, "Lebih dari 1.200 orang dilaporkan tewas"),
            injured=Count(20, 99, "puluhan luka"),
            mentions=[CasualtyMention("killed", Count(200, 999, "Ratusan orang telah tewas"))]),
        tags=["baku", "gatra-com", "perang"], seed="seeds/a.txt", seed_sha256="ab" * 32,
        url="https://www.gatra.com/x")
    fields.update(changes)
    return Article(**fields)


ARTICLES = [article("older", date(2020, 10, 1)), article("undated", None),
            article("newest", date(2020, 11, 1))]


def files(articles, page_url=None) -> dict[str, bytes]:
    """Both documents, as the build writes them."""
    ordered = sorted(articles, key=lambda a: day_key(a.date) + text_key(a.slug))
    pages = [page_url(a) if page_url else None for a in ordered]
    return {JSON_PATH: b"".join(json_document(len(ordered), (
                json_row(a, p) for a, p in zip(ordered, pages, strict=True)))),
            CSV_PATH: b"".join(csv_document(
                csv_row(a, p) for a, p in zip(ordered, pages, strict=True)))}


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_json_holds_full_metadata_newest_first():
    out = files(ARTICLES, page_url=lambda a: f"articles/{a.slug}/")
    doc = json.loads(out["data/articles.json"])

    assert doc["count"] == 3
    assert [a["slug"] for a in doc["articles"]] == ["newest", "older", "undated"]
    first = doc["articles"][0]
    assert first["page"] == "articles/newest/"
    assert first["date"] == "2020-11-01" and doc["articles"][2]["date"] is None
    assert (first["source"], first["wire"], first["dateline"], first["language"]) == (
        "Gatra.com", "AFP", "Baku", "id")
    assert first["places"][0] == {"name": "Baku", "id": "geonames:587084", "country": "AZ",
                                  "kind": "city", "lat": 40.38, "lon": 49.89}
    assert first["casualties"] == {
        "killed": {"min": 1200, "max": None, "text": "Lebih dari 1.200 orang dilaporkan tewas"},
        "injured": {"min": 20, "max": 99, "text": "puluhan luka"}, "missing": None}
    assert first["casualty_mentions"] == [
        {"kind": "killed", "min": 200, "max": 999, "text": "Ratusan orang telah tewas"}]
    assert first["tags"] == ["baku", "gatra-com", "perang"]
    assert first["url"] == "https://www.gatra.com/x"


def test_csv_is_flat_and_round_trips():
    rows = read_csv(files(ARTICLES)["data/articles.csv"])

    assert [r["slug"] for r in rows] == ["newest", "older", "undated"]
    row = rows[0]
    assert row["places"] == "Baku; Armenia"
    assert row["place_ids"] == "geonames:587084; geonames:174982"
    assert row["countries"] == "AM; AZ"
    assert (row["killed_min"], row["killed_max"]) == ("1200", "")
    assert row["killed_text"] == "Lebih dari 1.200 orang dilaporkan tewas"
    assert (row["injured_min"], row["injured_max"], row["missing_min"]) == ("20", "99", "")
    assert row["tags"] == "baku; gatra-com; perang"
    assert rows[2]["date"] == ""


def test_csv_defuses_formulas_and_quotes_awkward_text():
    evil = article("evil", date(2021, 1, 1), title='=cmd()|"/c calc"!A1',
                   source="+SUM(1)", dateline="@foo", wire="-2+3",
                   casualties=Casualties(killed=Count(5, 5, 'ada "lima",\nkorban; tewas')))
    data = files([evil])["data/articles.csv"]
    row = read_csv(data)[0]

    assert row["title"] == "'=cmd()|\"/c calc\"!A1"
    assert (row["source"], row["dateline"], row["wire"]) == ("'+SUM(1)", "'@foo", "'-2+3")
    assert row["killed_text"] == 'ada "lima",\nkorban; tewas'      # quoted, intact
    assert row["killed_min"] == "5"                                # numbers are not touched
    assert data.startswith(b"slug,page,date,")                     # no byte-order mark
    assert b"\r\n" in data


def test_unicode_survives_as_utf8():
    text = "Pengungsi Karabağ — “tewas” 日本"
    out = files([article("u", date(2020, 1, 1), title=text)])
    assert json.loads(out["data/articles.json"])["articles"][0]["title"] == text
    assert read_csv(out["data/articles.csv"])[0]["title"] == text
    assert text.encode("utf-8") in out["data/articles.json"]       # readable, not \\u escapes


def test_bytes_are_deterministic_whatever_the_input_order():
    assert files(ARTICLES) == files(list(reversed(ARTICLES)))


def test_nan_coordinates_become_null():
    odd = article("odd", None, places=[Place("X", "geonames:1", [], None, "other",
                                             float("nan"), None)])
    place = json.loads(files([odd])["data/articles.json"])["articles"][0]["places"][0]
    assert (place["lat"], place["lon"], place["country"]) == (None, None, None)


def test_the_json_written_a_row_at_a_time_is_what_json_dumps_writes():
    for articles in (ARTICLES, ARTICLES[:1], []):
        data = files(articles, page_url=lambda a: f"articles/{a.slug}/")["data/articles.json"]
        expected = json.dumps(json.loads(data), ensure_ascii=False, indent=1) + "\n"
        assert data == expected.encode("utf-8")


def test_exports_of_nothing():
    out = files([])
    assert json.loads(out["data/articles.json"]) == {"count": 0, "articles": []}
    assert read_csv(out["data/articles.csv"]) == []


@given(st.text(), st.text())
def test_any_text_round_trips_or_is_defused(title, source):
    out = files([article("t", None, title=title, source=source)])
    row = read_csv(out["data/articles.csv"])[0]
    for original, cell in ((title, row["title"]), (source, row["source"])):
        expected = original.encode("utf-8", "replace").decode("utf-8")
        if expected.startswith(("=", "+", "-", "@", "\t", "\r")):
            expected = "'" + expected
        assert cell == expected
    json.loads(out["data/articles.json"])


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() |
    st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@given(JSON_VALUES, st.integers(0, 3))
def test_the_fast_indenter_writes_what_json_dumps_writes(value, level):
    expected = json.dumps(value, ensure_ascii=False, indent=1, allow_nan=False)
    assert indented_json(value, level) == expected.replace("\n", "\n" + " " * level)
