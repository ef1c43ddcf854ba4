"""The article data files (data/articles.json, .csv) brought up to date from the live ones.

A data file is a head, then one stored row an article in export order (json: joined by ",\\n"),
then a tail (export.py). A build records each file's layout: the articles' ids in file order
and the length of each one's row. A rebuild that changed a few articles then writes the new
file from the old one: the rows of unchanged articles are copied a run at a time from the live
file (`os.copy_file_range`: in the kernel, no bytes through Python), the changed and added
rows come from the database. At 10,000 articles articles.json is 45 MB: written whole, that is
a third of a CPU second a build, the same for every added article however small the change.

The live file is trusted only as the build left it: its size must be the one the layout
gives, and its modification time and inode those the file had when it was written (a rename
into output/ keeps both; an edit, a copy or a restore moves one), else the file is written
whole. Rows copied from a file someone changed would keep that change for good.
"""
from __future__ import annotations

import os
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, pairwise
from typing import BinaryIO

Piece = bytes | tuple[int, int]        # bytes to write, or (offset, length) of the live file
FEW = 32         # changed ids (an edit counts twice) up to which `pieces` works from them:
#                  past about 48 the row-by-row walk is faster (bench/splice_bench.py)


@dataclass
class Layout:
    """A data file's rows: the articles' ids in file order and their rows' lengths, and the
    lengths of its head and its tail. Filled while the file is written."""

    head: int = 0
    tail: int = 0
    ids: array = field(default_factory=lambda: array("q"))
    lengths: array = field(default_factory=lambda: array("q"))
    written: tuple[int, int] = (0, 0)     # the file's (st_mtime_ns, st_ino) once written
    # A part of the tail a rebuild may copy too (the sitemap's terms): its offset from the
    # tail's start, its length and a number from the key of what it shows (0: none). All
    # numbers, after the others on the first line: an older version reads the layout still.
    inner: tuple[int, int, int] = (0, 0, 0)

    def dumps(self) -> bytes:
        return b"%d %d %d %d %d %d %d %d\n" % (self.head, self.tail, len(self.ids),
                                               *self.written, *self.inner) + \
            self.ids.tobytes() + self.lengths.tobytes()

    @classmethod
    def loads(cls, data: bytes | None) -> Layout | None:
        if not data:
            return None
        try:
            line, rest = data.split(b"\n", 1)
            head, tail, count, *more = map(int, line.split())
            ids, lengths = array("q"), array("q")
            ids.frombytes(rest[:8 * count])
            lengths.frombytes(rest[8 * count:])
        except ValueError:              # not a layout this version wrote: not trusted
            return None
        if len(ids) != count or len(lengths) != count:
            return None
        written = (more[0], more[1]) if len(more) >= 2 else (0, 0)
        inner = (more[2], more[3], more[4]) if len(more) >= 5 else (0, 0, 0)
        return cls(head, tail, ids, lengths, written, inner)

    def note_written(self, path: os.PathLike | str) -> None:
        """Record the file as written (after the last byte): what `holds` compares."""
        info = os.stat(path)
        self.written = (info.st_mtime_ns, info.st_ino)

    def holds(self, live: os.PathLike | str, separator: int) -> bool:
        """Whether the live file is the one this layout describes, as the build left it."""
        try:
            info = os.stat(live)
        except OSError:
            return False
        return bool(self.ids) and info.st_size == self.size(separator) and \
            (info.st_mtime_ns, info.st_ino) == self.written

    def size(self, separator: int) -> int:
        rows = len(self.ids)
        return self.head + sum(self.lengths) + separator * max(0, rows - 1) + self.tail


def recorded(rows: Iterable[tuple[int, bytes]], layout: Layout) -> Iterator[bytes]:
    """The rows, their ids and lengths noted in `layout` as they pass."""
    for article, row in rows:
        layout.ids.append(article)
        layout.lengths.append(len(row))
        yield row


def pieces(old: Layout, order: list[int], changed: set[int], separator: bytes,
           row: Callable[[int], bytes], layout: Layout) -> list[Piece]:
    """The new file's rows, in `order`, as pieces: runs of unchanged rows as (offset, length)
    of the live file, the others as bytes (`row(id)`); separators included, head and tail
    not. `layout` is filled with the new rows' ids and lengths."""
    found = _in_order(old, order, changed, separator, row, layout)
    return found if found is not None else _row_by_row(old, order, changed, separator, row,
                                                       layout)


def _in_order(old: Layout, order: list[int], changed: set[int], separator: bytes,
              row: Callable[[int], bytes], layout: Layout) -> list[Piece] | None:
    """`pieces` where the unchanged rows keep their order (an article added, edited or
    removed: the others' keys do not move), worked out from the few rows that changed: the
    archive's rows are only compared and sliced (in C), not walked one by one in Python,
    which cost 4-5 ms a file at 10,000 articles. None where the unchanged rows moved."""
    known, now = set(old.ids), set(order)
    gone, new = (changed & known) | (known - now), (changed & now) | (now - known)
    if len(gone) + len(new) > FEW:
        return None
    dropped = sorted(old.ids.index(i) for i in gone)
    made = sorted(order.index(i) for i in new)
    if _without(old.ids, dropped) != _without(order, made):
        return None
    # Kept row k is old row k + (rows dropped at or before it): `drops[j]` is the kept index
    # that follows the j-th dropped row; a run of copied rows ends at each of them and at
    # each made row's place.
    drops = [n - j for j, n in enumerate(dropped)]
    inserts = [n - j for j, n in enumerate(made)]
    kept = len(order) - len(made)
    gap = len(separator)

    before = list(accumulate(old.lengths, initial=old.head))     # in C: no row walked
    def start(n: int) -> int:            # where old row n begins in the live file
        return before[n] + gap * n
    found: list[Piece] = []
    ids, lengths = layout.ids, layout.lengths
    made_at = 0
    breaks = sorted({0, kept, *drops, *inserts})
    for a, b in pairwise(breaks):
        made_at = _made_rows(order, made, inserts, made_at, a, row, separator, found, lengths)
        first, last = a + bisect_right(drops, a), b - 1 + bisect_right(drops, b - 1)
        if found:
            found.append(separator)
        offset = start(first)
        found.append((offset, start(last) + old.lengths[last] - offset))
        lengths.extend(old.lengths[first:last + 1])
    _made_rows(order, made, inserts, made_at, kept, row, separator, found, lengths)
    ids.extend(order)
    return [piece for piece in found if piece != b""]


def _made_rows(order: list[int], made: list[int], inserts: list[int], at: int, before: int,
               row: Callable[[int], bytes], separator: bytes, found: list[Piece],
               lengths: array) -> int:
    """The made rows that come before kept row `before` (from the `at`-th made row), added
    to `found`; the index of the next made row."""
    while at < len(made) and inserts[at] <= before:
        data = row(order[made[at]])
        found += [separator, data] if found else [data]
        lengths.append(len(data))
        at += 1
    return at


def _without(items: Sequence[int], positions: list[int]) -> list[int]:
    """`items` but those at `positions` (sorted), as a list."""
    kept: list[int] = []
    start = 0
    for n in positions:
        kept += items[start:n]
        start = n + 1
    kept += items[start:]
    return kept


def _row_by_row(old: Layout, order: list[int], changed: set[int], separator: bytes,
                row: Callable[[int], bytes], layout: Layout) -> list[Piece]:
    """`pieces`, walking every row (the unchanged rows' order moved)."""
    gap = len(separator)
    starts = list(accumulate((length + gap for length in old.lengths), initial=old.head))
    where = {article: n for n, article in enumerate(old.ids)}
    found: list[Piece] = []
    last = -2                               # the live row the previous piece ended with
    for article in order:
        n = where.get(article, -1) if article not in changed else -1
        if n >= 0:
            length = old.lengths[n]
            if n == last + 1 and found and isinstance(found[-1], tuple):
                offset = found[-1][0]
                found[-1] = (offset, starts[n] + length - offset)
            else:
                if found:
                    found.append(separator)
                found.append((starts[n], length))
            last = n
        else:
            data = row(article)
            length = len(data)
            found += [separator, data] if found else [data]
            last = -2
        layout.ids.append(article)
        layout.lengths.append(length)
    return [piece for piece in found if piece != b""]


def write_pieces(handle: BinaryIO, live: str, parts: Iterable[Piece]) -> None:
    """Write bytes pieces, and copy (offset, length) pieces from the file `live`."""
    with open(live, "rb") as source:
        for piece in parts:
            if isinstance(piece, bytes):
                handle.write(piece)
                continue
            handle.flush()
            _copy(source.fileno(), handle.fileno(), *piece)


def _copy(source: int, target: int, offset: int, length: int) -> None:
    """`length` bytes of `source` from `offset` to `target`'s position: in the kernel where
    it can (copy_file_range), else read and written a chunk at a time."""
    while length > 0:
        try:
            done = os.copy_file_range(source, target, length, offset)
        except (AttributeError, OSError):
            done = os.write(target, os.pread(source, min(length, 1 << 20), offset))
        if done <= 0:
            raise OSError(f"short copy of the live data file at byte {offset}")
        offset += done
        length -= done
