"""The data files' and sitemap's splice (export_splice.pieces) gives the bytes of the file
written whole, whatever changed: rows added, removed, edited, moved, on both of its ways
(from the few changed rows, and row by row past export_splice.FEW or when rows moved). The
build tests reach it through a few builds; this one tries thousands of small files."""
from __future__ import annotations

import random
from array import array

import pytest

from site_builder.export_splice import Layout, pieces, recorded

SEPARATOR = b",\n"
HEAD, TAIL = b"[\n", b"\n]\n"


def _file(rows: dict[int, bytes], order: list[int]) -> tuple[bytes, Layout]:
    """A data file written whole, and its layout."""
    layout = Layout(head=len(HEAD), tail=len(TAIL))
    body = SEPARATOR.join(recorded(((i, rows[i]) for i in order), layout))
    return HEAD + body + TAIL, layout


def _changed(rng: random.Random, rows: dict[int, bytes], order: list[int], edits: int
             ) -> tuple[dict[int, bytes], list[int], set[int]]:
    """The rows and order after `edits` random adds, removals, edits and moves."""
    rows, order, changed = dict(rows), list(order), set()
    for _ in range(edits):
        what = rng.choice(("add", "remove", "edit", "move") if order else ("add",))
        if what == "add":
            new = max(rows, default=0) + 1
            rows[new] = b"new %d %s" % (new, b"y" * rng.randint(0, 9))
            order.insert(rng.randint(0, len(order)), new)
        elif what == "remove":
            order.remove(rng.choice(order))
        elif what == "edit":
            edited = rng.choice(order)
            rows[edited] = b"edited %d %s" % (edited, b"z" * rng.randint(0, 9))
            changed.add(edited)
        else:
            moved = order.pop(rng.randrange(len(order)))
            order.insert(rng.randint(0, len(order)), moved)
    return rows, order, changed


@pytest.mark.parametrize("edits", [1, 3, 40])
def test_spliced_files_are_the_files_written_whole(edits):
    rng = random.Random(edits)
    for _ in range(1500 if edits < 40 else 300):
        count = rng.randint(0, 120)
        rows = {i: b"row %d %s" % (i, b"x" * rng.randint(0, 9)) for i in range(1, count + 1)}
        order = list(rows)
        live, old = _file(rows, order)
        rows, order, changed = _changed(rng, rows, order, rng.randint(1, edits))
        want, _ = _file(rows, order)
        layout = Layout(head=len(HEAD), tail=len(TAIL))
        parts = pieces(old, order, changed, SEPARATOR, rows.__getitem__, layout)
        got = HEAD + b"".join(part if isinstance(part, bytes) else
                              live[part[0]:part[0] + part[1]] for part in parts) + TAIL
        assert got == want
        assert list(layout.ids) == order
        assert layout.size(len(SEPARATOR)) == len(want)
        assert array("q", map(len, map(rows.__getitem__, order))) == layout.lengths
