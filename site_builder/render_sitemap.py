"""The sitemap's maker, a part of the Renderer (render.py) kept apart: /sitemap.xml, one row an
article (in archive order), then one a term and one an event, from the theme's `sitemap.xml`.

An added article's sitemap is written from the live one, as the data files are
(export_splice.py): while the template renders, the articles it is given are handed out one
at a time, and the bytes it has written at each hand-out mark where one article's row ends and
the next begins. Those lengths are the file's layout, recorded with it. A rebuild then renders
the template with only the changed articles (their rows, and the terms' and events' part after
them, a few thousand rows: not the archive's) and copies the unchanged articles' rows from the
live file. Only the packaged template is spliced: a site's own may write a row from its
place in the loop (`loop.index`, `loop.changed`), which the changed articles alone cannot
give; its sitemap is written whole, as is one whose template records no layout (a row empty,
the articles read ahead).

The terms' rows (a row a tag, place and source: thousands) change only when a term comes or
goes, so they are copied from the live file too: their place in the file's tail and a key of
every term's slug are recorded with the layout (`Layout.inner`), and a rebuild whose terms have
that key renders the template with no terms and copies their part. The events' rows (one an
event, newest first, thousands) are recorded as the articles' are (`EventPart`: their place in
the tail, each one's id and length): a rebuild renders the rows of the events linking changed
(their last date can move) or that are new, and copies the others' from the live file.
"""
from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate, pairwise
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from site_builder.export_splice import Layout, Piece, pieces, write_pieces
from site_builder.theme import is_packaged

if TYPE_CHECKING:
    from jinja2 import Template

    from site_builder.store import Store

SITEMAP = "sitemap.xml"
Writer = Callable[[BinaryIO], None]


@dataclass
class _Row:
    slug: str
    date: str | None


@dataclass
class _EventRow:
    id: str
    last: date | None


@dataclass
class EventPart:
    """The events' rows in the sitemap's tail: where the first begins (from the tail's start)
    and each event's id and row length, in file order."""

    start: int = 0
    ids: list[str] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)


@dataclass
class SitemapLayout(Layout):
    """The sitemap's layout: the articles' rows and the terms' part (Layout), and the events'
    rows. Stored as a line giving the events' JSON's length, that JSON, then the Layout's
    bytes: a layout of the older form, without the line, is not read (the file is written
    whole once)."""

    events: EventPart | None = None

    def dumps(self) -> bytes:
        part = b"" if self.events is None else json.dumps(
            [self.events.start, self.events.ids, self.events.lengths]).encode("utf-8")
        return b"%d\n" % len(part) + part + super().dumps()

    @classmethod
    def loads(cls, data: bytes | None) -> SitemapLayout | None:
        if not data:
            return None
        try:
            line, rest = data.split(b"\n", 1)
            size = int(line)
            events = _event_part(json.loads(rest[:size])) if size else None
        except (ValueError, TypeError):     # another version's, or damaged: not trusted
            return None
        base = Layout.loads(rest[size:])
        if base is None:
            return None
        if events is not None and not 0 <= events.start <= base.tail - sum(events.lengths):
            events = None                   # not within the tail: its rows are rendered
        layout = cls(base.head, base.tail, base.ids, base.lengths, base.written, base.inner)
        layout.events = events
        return layout


class _HandedOut:
    """The articles given to the template, noting at each hand-out how many bytes the
    template had written (`written`, kept up to date by whoever reads its output)."""

    def __init__(self, rows: Iterable[tuple[int, str, str | None]]) -> None:
        self.rows = iter(rows)
        self.written = 0
        self.ids: list[int] = []
        self.marks: list[int] = []

    def __iter__(self) -> Iterator[_Row]:
        for article, slug, day in self.rows:
            self.marks.append(self.written)
            self.ids.append(article)
            yield _Row(slug, day)
        self.marks.append(self.written)

    def layout(self, size: int) -> Layout | None:
        """The layout of a file of `size` bytes, or None where a row is empty (the template
        did not render one row an article as it was handed out)."""
        if len(self.marks) != len(self.ids) + 1:
            return None
        lengths = [end - start for start, end in pairwise(self.marks)]
        if any(length <= 0 for length in lengths):
            return None
        layout = Layout(head=self.marks[0], tail=size - self.marks[-1])
        layout.ids.extend(self.ids)
        layout.lengths.extend(lengths)
        return layout


class _Marked:
    """The terms given to the template, noting how many bytes the template had written when
    its loop over them started and ended (`counter.written`): where their part lies."""

    def __init__(self, items: list, counter: _HandedOut) -> None:
        self.items = items
        self.counter = counter
        self.start = self.end = -1

    def __iter__(self) -> Iterator:
        self.start = self.counter.written
        yield from self.items
        self.end = self.counter.written

    def inner(self, tail_start: int, key: int) -> tuple[int, int, int]:
        """The part as `Layout.inner` records it, or none where the loop was not seen run."""
        if self.start < tail_start or self.end < self.start:
            return (0, 0, 0)
        return (self.start - tail_start, self.end - self.start, key)


def _event_part(found: object) -> EventPart:
    """The events' part as SitemapLayout.dumps wrote it; TypeError for anything else."""
    if not isinstance(found, list) or len(found) != 3:
        raise TypeError("not an events' part")
    start, ids, lengths = found
    if not (isinstance(start, int) and isinstance(ids, list) and isinstance(lengths, list)
            and len(ids) == len(lengths) and all(isinstance(i, str) for i in ids)
            and all(isinstance(n, int) and n > 0 for n in lengths)):
        raise TypeError("not an events' part")
    return EventPart(start, ids, lengths)


class _EventsOut:
    """The events' rows given to the template (`rows`: those it is to write), noting the bytes
    written at each hand-out as _HandedOut does. True when the sitemap lists any event (the
    template asks before its loop, and a rebuild hands out only the changed ones)."""

    def __init__(self, rows: list[_EventRow], counter: _HandedOut, listed: bool) -> None:
        self.rows = rows
        self.counter = counter
        self.listed = listed
        self.marks: list[int] = []

    def __bool__(self) -> bool:
        return self.listed

    def __iter__(self) -> Iterator[_EventRow]:
        for row in self.rows:
            self.marks.append(self.counter.written)
            yield row
        self.marks.append(self.counter.written)

    def part(self, tail_start: int) -> EventPart | None:
        """The rows written, as EventPart (from `tail_start`), or None where the loop was not
        seen run once, a row was empty or lies outside the tail."""
        if len(self.marks) != len(self.rows) + 1 or self.marks[0] < tail_start:
            return None
        lengths = [end - start for start, end in pairwise(self.marks)]
        if any(length <= 0 for length in lengths):
            return None
        return EventPart(self.marks[0] - tail_start, [row.id for row in self.rows], lengths)


Terms = list[tuple[str, list[str]]]


class SitemapFile:
    """The sitemap's maker; the Renderer gives `store`, `template` and `live` (the output
    folder a rebuild updates, None for a new site)."""

    live: Path | None = None
    store: Store

    def template(self, name: str) -> Template:
        raise NotImplementedError

    def _make_sitemap(self, path: str, events: list[str], changed: list[int] | None,
                      changed_events: list[str] | None = None
                      ) -> tuple[Iterator[bytes] | Writer, Layout]:
        """The sitemap (`events`: their ids, newest first): from the live one where its
        recorded layout holds and only the rows of `changed` articles and `changed_events`
        (and new ones) are new, else whole."""
        terms = self._sitemap_terms()
        spliced = self._spliced_sitemap(path, events, changed, changed_events, terms)
        if spliced is not None:
            return spliced
        layout = SitemapLayout()
        rows = _HandedOut(self.store.stream("SELECT id, slug, date FROM articles "
                                            "ORDER BY sort_key"))
        return self._sitemap_chunks(path, rows, events, terms, layout), layout

    def _sitemap_terms(self) -> tuple[Terms, int]:
        """Every term's slug by kind, as the sitemap lists them, and their key (a positive
        60-bit number: Layout.inner's)."""
        terms = [(kind, [slug for (slug,) in self.store.stream(
            "SELECT slug FROM terms WHERE kind = ? ORDER BY slug", (kind,))])
            for kind in ("tags", "places", "sources")]
        return terms, int(hashlib.sha256(repr(terms).encode("utf-8")).hexdigest()[:15], 16) | 1

    def _sitemap_chunks(self, path: str, rows: _HandedOut, events: list[str],
                        terms: tuple[Terms, int], layout: SitemapLayout) -> Iterator[bytes]:
        """The template's output, `rows.written` kept up to date; `layout` filled at the end
        (left empty when the rows are not one an article)."""
        marked = _Marked(terms[0], rows)
        shown = _EventsOut(self._event_rows(events), rows, bool(events))
        for chunk in self._sitemap_template(path, rows, shown, marked):
            data = chunk.encode("utf-8")
            rows.written += len(data)
            yield data
        found = rows.layout(rows.written)
        if found is not None:
            layout.head, layout.tail = found.head, found.tail
            layout.ids, layout.lengths = found.ids, found.lengths
            layout.inner = marked.inner(rows.written - found.tail, terms[1])
            layout.events = shown.part(rows.written - found.tail)

    def _sitemap_template(self, path: str, rows: _HandedOut, events: _EventsOut,
                          terms: _Marked) -> Iterator[str]:
        return self.template(SITEMAP).generate(page_url=path, articles=rows, terms=terms,
                                               events=events)

    def _event_rows(self, ids: list[str]) -> list[_EventRow]:
        """These events' rows: each one's last report's date (read by the events' index, so
        a few events cost a few reads, not the archive's)."""
        last: dict[str, str | None] = {}
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            last.update(self.store.rows(
                "SELECT event, MAX(date) FROM articles INDEXED BY articles_event WHERE event "
                f"IN ({','.join('?' * len(part))}) GROUP BY event", part))
        return [_EventRow(e, date.fromisoformat(day) if (day := last.get(e)) else None)
                for e in ids]

    def _spliced_sitemap(self, path: str, events: list[str], changed: list[int] | None,
                         changed_events: list[str] | None, terms: tuple[Terms, int]
                         ) -> tuple[Writer, Layout] | None:
        """A writer of the sitemap from the live one and the changed articles' and events'
        rows (the template rendered with those alone, and without the terms where their part
        can be copied too), or None where the last layout does not hold."""
        old = SitemapLayout.loads(self.store.get(f"layout {path}"))
        live = self.live / path if self.live is not None else None
        if changed is None or live is None or old is None or not old.holds(live, 0) or \
                not is_packaged(self.template(SITEMAP).filename):
            return None
        order = [i for (i,) in self.store.stream("SELECT id FROM articles ORDER BY sort_key")]
        known = set(old.ids)
        new_rows = set(changed) | {i for i in order if i not in known}
        new = _HandedOut(self._rows_of(sorted(new_rows)))
        copied = old.inner[2] == terms[1] and old.inner[1] > 0      # the terms' part
        marked = _Marked([] if copied else terms[0], new)
        redo = _events_to_render(events, old.events, changed_events)
        shown = _EventsOut(self._event_rows(redo), new, bool(events))
        chunks = []
        for chunk in self._sitemap_template(path, new, shown, marked):
            chunks.append(chunk.encode("utf-8"))
            new.written += len(chunks[-1])
        text = b"".join(chunks)
        made = new.layout(len(text))
        tail_start = len(text) - made.tail if made is not None else 0
        part = shown.part(tail_start) if made is not None else None
        if made is None or part is None:
            return None
        starts = accumulate(made.lengths, initial=made.head)
        rows = {article: text[start:start + length] for article, start, length in
                zip(made.ids, starts, made.lengths, strict=False)}
        layout = SitemapLayout(head=made.head, tail=made.tail)
        parts = pieces(old, order, new_rows, b"", rows.__getitem__, layout)
        rest = _Tail(text[tail_start:], marked.inner(tail_start, terms[1]), part)
        if copied:
            rest.copy_terms(old.inner, old.size(0) - old.tail)
        if len(redo) < len(events):
            assert old.events is not None            # else every event is in `redo`
            rest.copy_events(old.events, old.size(0) - old.tail, set(redo), events)
        layout.tail, layout.inner, layout.events = rest.layout()
        return (lambda handle: write_pieces(handle, str(live), [text[:made.head], *parts,
                                                                *rest.pieces])), layout

    def _rows_of(self, ids: list[int]) -> list[tuple[int, str, str | None]]:
        """(id, slug, date) of these articles (those the database still has), in archive
        order."""
        found: list[tuple[bytes, int, str, str | None]] = []
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            found += self.store.rows(f"SELECT sort_key, id, slug, date FROM articles WHERE id "
                                     f"IN ({','.join('?' * len(part))})", part)
        return [row[1:] for row in sorted(found)]


def _events_to_render(events: list[str], old: EventPart | None,
                      changed: list[str] | None) -> list[str]:
    """The events whose rows a rebuild renders: all where the last layout has no events'
    part, else those linking changed (their last date can move) and those new to it."""
    if old is None or changed is None:
        return events
    known, changed_set = set(old.ids), set(changed)
    return [e for e in events if e in changed_set or e not in known]


class _Tail:
    """The sitemap's tail as rendered for a rebuild (with the terms' part, or without it
    where it is copied; with the events' rows to render), made into the pieces of the new
    file's tail: the terms' part and the unchanged events' rows copied from the live file."""

    def __init__(self, text: bytes, inner: tuple[int, int, int], events: EventPart) -> None:
        self.text = text
        self.inner = inner
        self.start = events.start                    # the rendered events' rows, in `text`
        self.end = events.start + sum(events.lengths)
        self.events = events
        self.terms: list[Piece] = []                 # the copied terms' part, if any
        self.rows: list[Piece] = [text[self.start:self.end]]

    def copy_terms(self, old_inner: tuple[int, int, int], live_tail: int) -> None:
        """The terms' part copied from the live file (`live_tail`: its tail's offset), at the
        place the template would have written it (before the events' rows)."""
        offset, length, key = old_inner
        if self.inner[0] > self.start:
            raise AssertionError("the sitemap's terms part comes after its events")
        self.terms = [(live_tail + offset, length)]
        self.inner = (self.inner[0], length, key)

    def copy_events(self, old: EventPart, live_tail: int, redo: set[str],
                    events: list[str]) -> None:
        """Every event's row in `events` order: the rendered ones' bytes, the others copied
        from the live file (`old`: their place in it)."""
        rendered: dict[str, bytes] = {}
        at = self.start
        for event, length in zip(self.events.ids, self.events.lengths, strict=True):
            rendered[event] = self.text[at:at + length]
            at += length
        # export_splice.pieces walks rows of any hashable id: here the events' string ids.
        before = Layout(head=live_tail + old.start, ids=old.ids,   # type: ignore[arg-type]
                        lengths=array("q", old.lengths))
        now = Layout(ids=[])                                        # type: ignore[arg-type]
        self.rows = pieces(before, events, redo, b"", rendered.__getitem__, now)
        self.events = EventPart(self.start, list(now.ids), list(now.lengths))

    @property
    def size(self) -> int:
        terms = self.inner[1] if self.terms else 0
        return len(self.text) - (self.end - self.start) + terms + sum(self.events.lengths)

    def layout(self) -> tuple[int, tuple[int, int, int], EventPart]:
        """The new tail's size, terms' part and events' rows, as SitemapLayout records them."""
        terms = self.inner[1] if self.terms else 0
        events = EventPart(self.events.start + terms, self.events.ids, self.events.lengths)
        return self.size, self.inner, events

    @property
    def pieces(self) -> list[Piece]:
        text, at = self.text, self.inner[0]
        head = [text[:at], *self.terms, text[at:self.start]] if self.terms \
            else [text[:self.start]]
        return [piece for piece in (*head, *self.rows, text[self.end:]) if piece != b""]
