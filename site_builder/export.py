"""The archive's metadata as data files: `data/articles.json` (everything) and `data/articles.csv`
(one flat row an article, for spreadsheets).

Both are rendered to bytes like every other output file, so they go through the same atomic
writer, and they are deterministic: the same articles give the same bytes (sorted newest first,
then by slug; no timestamps), so a rebuild shows no spurious change.

The CSV is RFC 4180 (comma, double quotes, CRLF) in UTF-8 without a byte-order mark. Article
text is untrusted and spreadsheets run formulas: any text cell that starts with = + - @, a tab
or a carriage return gets a leading apostrophe (OWASP's advice against CSV injection), so
"=HYPERLINK(...)" is shown, not run. Numbers are written as numbers.
"""
from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from site_builder.model import Article, Count, Place

if TYPE_CHECKING:
    from site_builder.events import Event

_json_string = json.encoder.encode_basestring        # C, with ensure_ascii=False

JSON_PATH = "data/articles.json"
CSV_PATH = "data/articles.csv"
KINDS = ("killed", "injured", "missing")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
CSV_COLUMNS = [
    "slug", "page", "date", "date_text", "date_confidence", "title", "language", "source",
    "wire", "dateline", "url", "places", "place_ids", "countries",
    *(f"{kind}_{part}" for kind in KINDS for part in ("min", "max", "text")),
    "tags", "seed", "event",     # added for events: new columns go last, so old readers work
    "review",                    # doubtful fields, "field: reason; ..." (extract/review.py)
]
EVENTS_JSON_PATH = "data/events.json"
EVENTS_CSV_PATH = "data/events.csv"
EVENT_CSV_COLUMNS = [
    "id", "page", "name", "first_date", "last_date", "reports", "sources", "languages",
    "kinds", "places", "place_ids",
    *(f"{kind}_{bound}" for kind in ("killed", "injured") for bound in ("lowest", "highest")),
    "report_pages",
    *(f"{kind}_most_reported" for kind in ("killed", "injured")),   # new columns go last
]


def json_row(article: Article, page: str | None = None, event: str | None = None) -> bytes:
    """An article's entry in data/articles.json, indented as the document holds it.

    `page` fills `page`: the article's address on the built site (urls.py owns addresses, so
    the renderer passes it in); `event` its event's id (events.py; a lone report's is its own
    slug). Rows are made once an article and kept (store.py); the document is assembled from
    them (`json_document`)."""
    return _indented_row(_row(article, page, event))


def _indented_row(row: dict[str, Any]) -> bytes:
    return ("  " + indented_json(row, 2)).encode("utf-8", errors="replace")


def indented_json(value: Any, level: int = 0) -> str:
    """json.dumps(value, ensure_ascii=False, indent=1, allow_nan=False) for a value nested
    `level` deep, from the C string encoder: json's own indenting encoder is pure Python, and
    was a third of the time of an article page."""
    if isinstance(value, str):
        return _json_string(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
        return float.__repr__(value)
    inner = "\n" + " " * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (f"{_json_string(str(key))}: {indented_json(item, level + 1)}"
                 for key, item in value.items())
        return "{" + inner + ("," + inner).join(items) + "\n" + " " * level + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = (indented_json(item, level + 1) for item in value)
        return "[" + inner + ("," + inner).join(items) + "\n" + " " * level + "]"
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


JSON_SEPARATOR, JSON_TAIL = b",\n", b"\n ]\n}\n"


def json_head(count: int, key: str = "articles") -> bytes:
    """What a JSON data file of `count` rows (count > 0) holds before its first row."""
    return f'{{\n "count": {count},\n "{key}": [\n'.encode()


def json_document(count: int, rows: Iterable[bytes], key: str = "articles") -> Iterator[bytes]:
    """data/articles.json from its rows (archive order): what json.dumps(document, indent=1)
    gives, written a row at a time. A lone surrogate became "?" in its row."""
    if not count:
        yield f'{{\n "count": 0,\n "{key}": []\n}}\n'.encode()
        return
    yield json_head(count, key)
    for n, row in enumerate(rows):
        yield (JSON_SEPARATOR if n else b"") + row
    yield JSON_TAIL


def csv_row(article: Article, page: str | None = None, event: str | None = None) -> bytes:
    """An article's line in data/articles.csv (CRLF ended)."""
    return _csv_lines([_flat(_row(article, page, event))], header=False)


def csv_head() -> bytes:
    """data/articles.csv's header line."""
    return _csv_lines([], header=True)


def csv_document(rows: Iterable[bytes]) -> Iterator[bytes]:
    """data/articles.csv from its lines (archive order), after the header."""
    yield csv_head()
    yield from rows


def event_json_row(event: Event, event_url: Callable[[Event], str],
                   page_url: Callable[[Article], str]) -> bytes:
    """An event's entry in data/events.json, indented as the document holds it. Made with the
    event's page and kept (store.py), so the document is assembled from stored rows."""
    return _indented_row(_event_row(event, event_url, page_url))


def event_csv_row(event: Event, event_url: Callable[[Event], str],
                  page_url: Callable[[Article], str]) -> bytes:
    """An event's line in data/events.csv (CRLF ended)."""
    return _csv_lines([_flat_event(_event_row(event, event_url, page_url))], header=False,
                      columns=EVENT_CSV_COLUMNS)


def event_json_document(count: int, rows: Iterable[bytes]) -> Iterator[bytes]:
    """data/events.json from its rows: every incident reported more than once (a lone
    report's event is in articles.json only), newest first."""
    return json_document(count, rows, key="events")


def event_csv_document(rows: Iterable[bytes]) -> Iterator[bytes]:
    """data/events.csv from its lines, after the header."""
    yield _csv_lines([], header=True, columns=EVENT_CSV_COLUMNS)
    yield from rows


def _event_row(event: Event, event_url: Callable[[Event], str],
               page_url: Callable[[Article], str]) -> dict[str, Any]:
    return {
        "id": event.id, "page": event_url(event), "name": event.name,
        "first_date": _iso(event.first), "last_date": _iso(event.last),
        "kinds": list(event.kinds), "places": [_place(p) for p in event.places],
        "sources": event.sources, "languages": event.languages,
        **{kind: _span(event.span(kind), event.toll(kind)) for kind in ("killed", "injured")},
        "reports": [{"slug": a.slug, "page": page_url(a), "seed": a.seed, "title": a.title,
                     "date": _iso(a.date), "source": a.source, "language": a.language,
                     **{kind: _count(getattr(a.casualties, kind))
                        for kind in ("killed", "injured")}}
                    for a in event.reports],
    }


def _span(span: tuple[int, int] | None, toll: Count | None) -> dict[str, Any] | None:
    """The reports' lowest and highest figure, and the one most of them give (see
    Event.toll: what an event's page shows)."""
    if span is None:
        return None
    return {"lowest": span[0], "highest": span[1], "most_reported": _count(toll)}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _flat_event(row: dict[str, Any]) -> dict[str, Any]:
    flat = {key: row[key] for key in ("id", "page", "name", "first_date", "last_date")}
    flat["reports"] = len(row["reports"])
    for key in ("sources", "languages", "kinds"):
        flat[key] = LIST_SEPARATOR.join(row[key])
    flat["places"] = LIST_SEPARATOR.join(p["name"] for p in row["places"])
    flat["place_ids"] = LIST_SEPARATOR.join(p["id"] for p in row["places"])
    for kind in ("killed", "injured"):
        for bound in ("lowest", "highest"):
            flat[f"{kind}_{bound}"] = (row[kind] or {}).get(bound)
        toll = (row[kind] or {}).get("most_reported") or {}
        flat[f"{kind}_most_reported"] = toll.get("min", toll.get("max"))
    flat["report_pages"] = LIST_SEPARATOR.join(r["page"] for r in row["reports"])
    return flat


def _csv_lines(rows: list[dict], header: bool, columns: list[str] = CSV_COLUMNS) -> bytes:
    """CSV lines (CRLF ended), every text cell defused (see the module docstring)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    if header:
        writer.writeheader()
    writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue().encode("utf-8", errors="replace")


def _row(article: Article, page: str | None, event: str | None) -> dict[str, Any]:
    casualties = article.casualties
    return {
        "slug": article.slug,
        "page": page,
        "seed": article.seed,
        "event": event or article.slug,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "date_text": article.date_text,
        "date_confidence": article.date_confidence,
        "language": article.language,
        "source": article.source,
        "wire": article.wire,
        "dateline": article.dateline,
        "url": article.url,
        "places": [_place(p) for p in article.places],
        "casualties": {kind: _count(getattr(casualties, kind)) for kind in KINDS},
        "casualty_mentions": [{"kind": m.kind, **_count(m.count)}
                              for m in casualties.mentions],
        "tags": list(article.tags),
        "review": dict(article.review or {}),
    }


def _place(place: Place) -> dict[str, Any]:
    return {"name": place.name, "id": place.id, "country": place.country, "kind": place.kind,
            "lat": _finite(place.lat), "lon": _finite(place.lon)}


def _count(count: Count | None) -> dict[str, Any] | None:
    return None if count is None else {"min": count.min, "max": count.max, "text": count.text}


def _finite(value: float | None) -> float | None:
    """A coordinate, or None: JSON has no NaN or Infinity."""
    return value if isinstance(value, int | float) and math.isfinite(value) else None


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """The CSV view of an export row: lists joined with "; ", casualties spread into columns."""
    places = row["places"]
    flat = {key: row[key] for key in ("slug", "page", "date", "date_text", "date_confidence",
                                      "title", "language", "source", "wire", "dateline", "url",
                                      "seed", "event")}
    flat["places"] = LIST_SEPARATOR.join(p["name"] for p in places)
    flat["place_ids"] = LIST_SEPARATOR.join(p["id"] for p in places)
    flat["countries"] = LIST_SEPARATOR.join(sorted({p["country"] for p in places
                                                    if p["country"]}))
    for kind in KINDS:
        count = row["casualties"][kind] or {}
        for part in ("min", "max", "text"):
            flat[f"{kind}_{part}"] = count.get(part)
    flat["tags"] = LIST_SEPARATOR.join(row["tags"])
    flat["review"] = LIST_SEPARATOR.join(f"{k}: {v}" for k, v in row["review"].items())
    return flat


def _cell(value: Any) -> Any:
    """A CSV cell: None is empty, numbers stay numbers, text is defused against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str):
        return value
    return "'" + value if value.startswith(FORMULA_STARTS) else value
