"""The data files' makers (data/articles.json and .csv, data/events.json and .csv), a part of
the Renderer (render.py) kept apart: each is assembled from rows stored in the database, an
article's rows made with its page, an event's with its page; the articles' files are written
from the live ones where the last build's layout of them holds (export_splice.py).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from site_builder import urls
from site_builder.export import JSON_SEPARATOR, JSON_TAIL, csv_head, json_head

if TYPE_CHECKING:
    from site_builder.events import Event
    from site_builder.export_splice import Layout
    from site_builder.store import Store

Writer = Callable[[BinaryIO], None]


class DataFiles:
    """The makers of the data files; the Renderer gives `store`, `events`, `absolute`, and
    `live` (the output folder a rebuild updates, None for a new site)."""

    live: Path | None = None
    store: Store

    def events(self, ids: list[str]) -> list[Event]:
        raise NotImplementedError

    def absolute(self, url: str) -> str:
        raise NotImplementedError

    def event_rows(self, event: Event) -> tuple[bytes, bytes]:
        """An event's row of data/events.json and its line of data/events.csv."""
        from site_builder.export import event_csv_row, event_json_row
        links = (lambda e: self.absolute(urls.event_url(e.id)),
                 lambda a: self.absolute(urls.article_url(a.slug)))
        return event_json_row(event, *links), event_csv_row(event, *links)

    def _make_event_export(self, path: str, kind: str, events: list[tuple[str, str]]
                           ) -> tuple[Iterator[bytes], None]:
        """data/events.json or .csv, from the rows each event's page stored (`events`: their
        ids and keys, newest first); an event whose row is missing or was made for another
        key (a database made before rows were kept) has it made here."""
        from site_builder.export import event_csv_document, event_json_document
        column = 0 if kind == "json" else 1
        # Every stored row in one query (one a look-up was 1,400 queries at 10,000 articles).
        stored = {event: (key, row) for event, key, row in self.store.stream(
            f"SELECT event, key, {'json_row' if kind == 'json' else 'csv_row'} FROM event_rows")}
        rows = (self._event_row(event, key, column, stored) for event, key in events)
        if kind == "json":
            return event_json_document(len(events), rows), None
        return event_csv_document(rows), None

    def _event_row(self, event_id: str, key: str, column: int,
                   stored: dict[str, tuple[str, bytes]]) -> bytes:
        kept_key, row = stored.get(event_id, ("", b""))
        return row if kept_key == key else self.event_rows(self.events([event_id])[0])[column]

    def _make_export(self, path: str, kind: str, changed: list[int] | None
                     ) -> tuple[Iterator[bytes] | Writer, Layout]:
        """data/articles.json or .csv from the articles' stored rows: written from the live
        file where the last build's layout of it holds (only `changed` articles' rows read
        from the database: export_splice.py), else streamed whole. The layout it is written
        with goes to the database."""
        from site_builder.export import csv_document, json_document
        from site_builder.export_splice import Layout, recorded
        store, layout = self.store, Layout()
        column = "json_row" if kind == "json" else "csv_row"
        count = store.value("SELECT COUNT(*) FROM articles")
        layout.tail = len(JSON_TAIL) if kind == "json" and count else 0
        spliced = self._spliced(path, kind, column, count, changed, layout)
        if spliced is not None:
            return spliced, layout
        rows = recorded(store.stream(f"SELECT id, {column} FROM articles JOIN fragments "
                                     "USING (id) ORDER BY export_key"), layout)
        if kind == "json":
            layout.head = len(json_head(count)) if count else 0
            return json_document(count, rows), layout
        layout.head = len(csv_head())
        return csv_document(rows), layout

    def _spliced(self, path: str, kind: str, column: str, count: int,
                 changed: list[int] | None, layout: Layout) -> Writer | None:
        """A writer of the data file from the live one and the changed rows, or None where
        the last layout does not hold (a first build, an empty file, a file not as recorded)."""
        from site_builder.export_splice import Layout, pieces, write_pieces
        old = Layout.loads(self.store.get(f"layout {path}"))
        live = self.live / path if self.live is not None else None
        separator = JSON_SEPARATOR if kind == "json" else b""
        if changed is None or live is None or old is None or not count or \
                not old.holds(live, len(separator)):
            return None
        order = [i for (i,) in self.store.stream("SELECT id FROM articles ORDER BY export_key")]
        head = json_head(count) if kind == "json" else csv_head()
        layout.head = len(head)
        tail = JSON_TAIL if kind == "json" else b""
        parts = pieces(old, order, set(changed), separator, lambda i: self.store.value(
            f"SELECT {column} FROM fragments WHERE id = ?", (i,)), layout)
        return lambda handle: write_pieces(handle, str(live), [head, *parts, tail])
