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
that key renders the template with no terms and copies their part. The events' rows (their
last dates move with each report) are rendered each time: one an event, not an article.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import accumulate, pairwise
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from site_builder.export_splice import Layout, pieces, write_pieces
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


Terms = list[tuple[str, list[str]]]


class SitemapFile:
    """The sitemap's maker; the Renderer gives `store`, `template` and `live` (the output
    folder a rebuild updates, None for a new site)."""

    live: Path | None = None
    store: Store

    def template(self, name: str) -> Template:
        raise NotImplementedError

    def _make_sitemap(self, path: str, events: list[str], changed: list[int] | None
                      ) -> tuple[Iterator[bytes] | Writer, Layout]:
        """The sitemap (`events`: their ids, newest first): from the live one where its
        recorded layout holds and only `changed` articles' rows are new, else whole."""
        terms = self._sitemap_terms()
        spliced = self._spliced_sitemap(path, events, changed, terms)
        if spliced is not None:
            return spliced
        layout = Layout()
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
                        terms: tuple[Terms, int], layout: Layout) -> Iterator[bytes]:
        """The template's output, `rows.written` kept up to date; `layout` filled at the end
        (left empty when the rows are not one an article)."""
        marked = _Marked(terms[0], rows)
        for chunk in self._sitemap_template(path, rows, events, marked):
            data = chunk.encode("utf-8")
            rows.written += len(data)
            yield data
        found = rows.layout(rows.written)
        if found is not None:
            layout.head, layout.tail = found.head, found.tail
            layout.ids, layout.lengths = found.ids, found.lengths
            layout.inner = marked.inner(rows.written - found.tail, terms[1])

    def _sitemap_template(self, path: str, rows: _HandedOut, events: list[str],
                          terms: _Marked) -> Iterator[str]:
        last = dict(self.store.rows("SELECT event, MAX(date) FROM articles GROUP BY event "
                                    "HAVING COUNT(*) >= 2"))
        event_rows = [_EventRow(e, date.fromisoformat(last[e]) if last.get(e) else None)
                      for e in events]
        return self.template(SITEMAP).generate(page_url=path, articles=rows, terms=terms,
                                               events=event_rows)

    def _spliced_sitemap(self, path: str, events: list[str], changed: list[int] | None,
                         terms: tuple[Terms, int]) -> tuple[Writer, Layout] | None:
        """A writer of the sitemap from the live one and the changed articles' rows (the
        template rendered with those alone, and without the terms where their part can be
        copied too), or None where the last layout does not hold."""
        old = Layout.loads(self.store.get(f"layout {path}"))
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
        chunks = []
        for chunk in self._sitemap_template(path, new, events, marked):
            chunks.append(chunk.encode("utf-8"))
            new.written += len(chunks[-1])
        text = b"".join(chunks)
        made = new.layout(len(text))
        if made is None:
            return None
        starts = accumulate(made.lengths, initial=made.head)
        rows = {article: text[start:start + length] for article, start, length in
                zip(made.ids, starts, made.lengths, strict=False)}
        layout = Layout(head=made.head, tail=made.tail)
        parts = pieces(old, order, new_rows, b"", rows.__getitem__, layout)
        head, rest = text[:made.head], text[len(text) - made.tail:]
        layout.inner = marked.inner(len(text) - made.tail, terms[1])
        if copied:
            offset, length, _ = old.inner
            at = layout.inner[0]
            rest = [rest[:at], (old.size(0) - old.tail + offset, length), rest[at:]]
            layout.tail += length
            layout.inner = (at, length, terms[1])
        else:
            rest = [rest]
        return (lambda handle: write_pieces(handle, str(live), [head, *parts, *rest])), layout

    def _rows_of(self, ids: list[int]) -> list[tuple[int, str, str | None]]:
        """(id, slug, date) of these articles (those the database still has), in archive
        order."""
        found: list[tuple[bytes, int, str, str | None]] = []
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            found += self.store.rows(f"SELECT sort_key, id, slug, date FROM articles WHERE id "
                                     f"IN ({','.join('?' * len(part))})", part)
        return [row[1:] for row in sorted(found)]
