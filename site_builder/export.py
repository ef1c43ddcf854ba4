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
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from site_builder.events import Event
from site_builder.model import Article, Count, Place
from site_builder.write import write_files

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
]

PageUrl = Callable[[Article], str]
EventOf = Callable[[Article], str]
EVENTS_JSON_PATH = "data/events.json"
EVENTS_CSV_PATH = "data/events.csv"
EVENT_CSV_COLUMNS = [
    "id", "page", "name", "first_date", "last_date", "reports", "sources", "languages",
    "kinds", "places", "place_ids",
    *(f"{kind}_{bound}" for kind in ("killed", "injured") for bound in ("lowest", "highest")),
    "report_pages",
]


def export_rows(articles: Iterable[Article], page_url: PageUrl | None = None,
                event_of: EventOf | None = None) -> list[dict]:
    """One JSON-ready dict an article, in archive order (newest first, undated last).

    `page_url(article)`, when given, fills `page`: the article's address on the built site
    (urls.py owns addresses, so the renderer passes it in). `event_of(article)` gives its
    event id (events.py); without it every article is a lone report, its id its slug.
    """
    return [_row(article, page_url, event_of) for article in _archive_order(articles)]


def render_exports(articles: Iterable[Article], page_url: PageUrl | None = None,
                   event_of: EventOf | None = None) -> list[tuple[str, bytes]]:
    """(relative path, bytes) of data/articles.json and data/articles.csv, for the writer."""
    rows = export_rows(articles, page_url, event_of)
    return [(JSON_PATH, _json_bytes(rows)), (CSV_PATH, _csv_bytes(rows))]


def render_event_exports(events: list[Event], event_url: Callable[[Event], str],
                         page_url: PageUrl) -> list[tuple[str, bytes]]:
    """data/events.json and data/events.csv: one row an incident reported more than once
    (a lone report's event is in articles.json only), newest first."""
    rows = [_event_row(event, event_url, page_url) for event in events]
    text = json.dumps({"count": len(rows), "events": rows}, ensure_ascii=False, indent=1,
                      allow_nan=False)
    return [(EVENTS_JSON_PATH, (text + "\n").encode("utf-8", errors="replace")),
            (EVENTS_CSV_PATH, _table_bytes([_flat_event(r) for r in rows], EVENT_CSV_COLUMNS))]


def _event_row(event: Event, event_url: Callable[[Event], str],
               page_url: PageUrl) -> dict[str, Any]:
    return {
        "id": event.id, "page": event_url(event), "name": event.name,
        "first_date": _iso(event.first), "last_date": _iso(event.last),
        "kinds": list(event.kinds), "places": [_place(p) for p in event.places],
        "sources": event.sources, "languages": event.languages,
        **{kind: _span(event.span(kind)) for kind in ("killed", "injured")},
        "reports": [{"slug": a.slug, "page": page_url(a), "seed": a.seed, "title": a.title,
                     "date": _iso(a.date), "source": a.source, "language": a.language,
                     **{kind: _count(getattr(a.casualties, kind))
                        for kind in ("killed", "injured")}}
                    for a in event.reports],
    }


def _span(span: tuple[int, int] | None) -> dict[str, int] | None:
    return None if span is None else {"lowest": span[0], "highest": span[1]}


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
    flat["report_pages"] = LIST_SEPARATOR.join(r["page"] for r in row["reports"])
    return flat


def write_exports(articles: Iterable[Article], out_dir: Path,
                  page_url: PageUrl | None = None) -> list[Path]:
    """Write both files under `out_dir`; return their paths."""
    files = render_exports(articles, page_url)
    write_files(files, out_dir)
    return [out_dir / relative for relative, _ in files]


def _archive_order(articles: Iterable[Article]) -> list[Article]:
    by_slug = sorted(articles, key=lambda a: a.slug)
    return sorted(by_slug, key=lambda a: (a.date is None, -(a.date or date.min).toordinal()))


def _row(article: Article, page_url: PageUrl | None,
         event_of: EventOf | None) -> dict[str, Any]:
    casualties = article.casualties
    return {
        "slug": article.slug,
        "page": page_url(article) if page_url else None,
        "seed": article.seed,
        "event": event_of(article) if event_of else article.slug,
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
    }


def _place(place: Place) -> dict[str, Any]:
    return {"name": place.name, "id": place.id, "country": place.country, "kind": place.kind,
            "lat": _finite(place.lat), "lon": _finite(place.lon)}


def _count(count: Count | None) -> dict[str, Any] | None:
    return None if count is None else {"min": count.min, "max": count.max, "text": count.text}


def _finite(value: float | None) -> float | None:
    """A coordinate, or None: JSON has no NaN or Infinity."""
    return value if isinstance(value, int | float) and math.isfinite(value) else None


def _json_bytes(rows: list[dict]) -> bytes:
    document = {"count": len(rows), "articles": rows}
    text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False)
    return (text + "\n").encode("utf-8", errors="replace")     # a lone surrogate becomes "?"


def _csv_bytes(rows: list[dict]) -> bytes:
    return _table_bytes([_flat(row) for row in rows], CSV_COLUMNS)


def _table_bytes(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue().encode("utf-8", errors="replace")


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
    return flat


def _cell(value: Any) -> Any:
    """A CSV cell: None is empty, numbers stay numbers, text is defused against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str):
        return value
    return "'" + value if value.startswith(FORMULA_STARTS) else value
