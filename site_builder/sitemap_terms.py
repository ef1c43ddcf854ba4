"""The sitemap's terms' rows (one a tag, place and source: 5,800 at 10,000 articles), kept row
by row between builds, a part of the sitemap's splice (render_sitemap.py).

Where the terms are the ones the live file lists, their whole part is copied from it. Where a
term came or went (an added article with a new tag, place or outlet: often, in a newsroom),
rendering every term's row through the template again was 0.3 CPU s of an add at 10,000
articles, more than all the rest of the sitemap. So the terms are handed to the template one
by one, the bytes written at each hand-out noted (as the articles' rows are: `_HandedOut`),
and each kind's part is recorded as its lead (the kind's own row), each term's row length and
its trail (`TermsPart`, kept in the database beside the sitemap's layout). A rebuild renders the
template with only the new terms (and every kind's lead and trail), and copies the other rows
from the live file, in the order the full list gives.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate, pairwise
from typing import Protocol

from site_builder.export_splice import Piece

Terms = list[tuple[str, list[str]]]        # (kind, its terms' slugs), as the sitemap lists them
Inner = tuple[int, int, int]                # Layout.inner: the part's offset, length and key


class _Counter(Protocol):
    written: int


@dataclass
class KindPart:
    """One kind's part of the terms' part: its lead's length, each term's slug and row length
    (in file order) and its trail's length."""

    kind: str
    lead: int
    slugs: list[str]
    lengths: list[int]
    trail: int

    @property
    def size(self) -> int:
        return self.lead + sum(self.lengths) + self.trail


@dataclass
class TermsPart:
    """The terms' part of the live sitemap row by row; `inner`: the Layout.inner of the file it
    describes (read only while the file's layout has that very part)."""

    inner: Inner
    kinds: list[KindPart] = field(default_factory=list)

    def dumps(self) -> bytes:
        return json.dumps([list(self.inner), [[k.kind, k.lead, k.slugs, k.lengths, k.trail]
                                              for k in self.kinds]]).encode("utf-8")

    @classmethod
    def loads(cls, data: bytes | None, inner: Inner) -> TermsPart | None:
        """The kept part, or None where it does not describe `inner` (another file's, a part
        copied or rendered by a version that did not keep it) or is damaged."""
        if not data or inner[1] <= 0:
            return None
        try:
            kept, kinds = json.loads(data)
            part = cls(tuple(kept), [KindPart(str(k), int(lead), list(slugs), list(lengths),
                                              int(trail)) for k, lead, slugs, lengths, trail
                                     in kinds])
        except (ValueError, TypeError):
            return None
        valid = all(len(k.slugs) == len(k.lengths) and min(k.lengths, default=1) > 0
                    and k.lead >= 0 and k.trail >= 0 for k in part.kinds)
        if not valid or part.inner != tuple(inner) or \
                sum(k.size for k in part.kinds) != inner[1]:
            return None
        return part

    def moved(self, inner: Inner, kinds: list[KindPart] | None = None) -> TermsPart:
        """This part (or its `kinds` as spliced) in a file whose Layout.inner is `inner`."""
        return TermsPart(inner, self.kinds if kinds is None else kinds)

    def new_terms(self, terms: Terms) -> Terms | None:
        """Each kind with only its terms this part has no row of (what a rebuild renders), or
        None where the kinds are not the kept ones."""
        if [kind for kind, _ in terms] != [k.kind for k in self.kinds]:
            return None
        found = []
        for (kind, slugs), k in zip(terms, self.kinds, strict=True):
            known = set(k.slugs)
            found.append((kind, [slug for slug in slugs if slug not in known]))
        return found

    def spliced(self, rendered: TermsPart, terms: Terms, rendered_text: bytes,
                live_start: int) -> tuple[list[Piece], list[KindPart]]:
        """The new terms' part as pieces: each kind's lead and trail and its new terms' rows
        from `rendered` (the part rendered with the new terms only, `rendered_text` its
        bytes), the other rows copied from the live file (this part begins at `live_start`
        in it), runs of them one piece; and the new part's kinds."""
        found: list[Piece] = []
        kinds: list[KindPart] = []
        at = 0                                  # in rendered_text
        live = live_start
        for (kind, slugs), old, made in zip(terms, self.kinds, rendered.kinds, strict=True):
            old_rows = dict(zip(old.slugs, pairwise(accumulate(old.lengths, initial=live
                                                                 + old.lead)), strict=True))
            made_rows = dict(zip(made.slugs, pairwise(accumulate(made.lengths, initial=at
                                                                   + made.lead)), strict=True))
            found.append(rendered_text[at:at + made.lead])
            lengths = []
            for slug in slugs:
                if slug in made_rows:
                    start, end = made_rows[slug]
                    found.append(rendered_text[start:end])
                else:
                    start, end = old_rows[slug]
                    _append_copy(found, start, end)
                lengths.append(end - start)
            end_of_rows = at + made.size - made.trail
            found.append(rendered_text[end_of_rows:at + made.size])
            kinds.append(KindPart(kind, made.lead, list(slugs), lengths, made.trail))
            at += made.size
            live += old.size
        return [piece for piece in found if piece != b""], kinds


def _append_copy(found: list[Piece], start: int, end: int) -> None:
    """A run of the live file, joined to the previous piece where that one ends at `start`."""
    last = found[-1] if found else None
    if isinstance(last, tuple) and last[0] + last[1] == start:
        found[-1] = (last[0], end - last[0])
    else:
        found.append((start, end - start))


class MarkedTerms:
    """The terms given to the template, noting how many bytes it had written
    (`counter.written`) when its loop over them started and ended, at each kind's and each
    term's hand-out and at the end of each kind's terms: where the part and its rows lie."""

    def __init__(self, items: Terms, counter: _Counter) -> None:
        self.items = items
        self.counter = counter
        self.start = self.end = -1
        self.kinds: list[_MarkedSlugs] = []

    def __iter__(self) -> Iterator[tuple[str, _MarkedSlugs]]:
        self.start = self.counter.written
        self.kinds = []
        for kind, slugs in self.items:
            marked = _MarkedSlugs(slugs, self.counter)
            self.kinds.append(marked)
            yield kind, marked
        self.end = self.counter.written

    def inner(self, tail_start: int, key: int) -> Inner:
        """The part as `Layout.inner` records it, or none where the loop was not seen run."""
        if self.start < tail_start or self.end < self.start:
            return (0, 0, 0)
        return (self.start - tail_start, self.end - self.start, key)

    def part(self, tail_start: int, key: int) -> TermsPart | None:
        """The part row by row, or None where a loop was not seen run whole, a row was empty
        or a kind's part lies outside the terms' part."""
        inner = self.inner(tail_start, key)
        if inner[1] <= 0 or len(self.kinds) != len(self.items):
            return None
        kinds = []
        ends = [marked.given for marked in self.kinds[1:]] + [self.end]
        for (kind, slugs), marked, end in zip(self.items, self.kinds, ends, strict=True):
            found = marked.part(kind, len(slugs), end)
            if found is None:
                return None
            kinds.append(found)
        if self.kinds[0].given != self.start:
            return None
        return TermsPart(inner, kinds)


class _MarkedSlugs:
    """One kind's terms given to the template, the bytes written noted at each hand-out."""

    def __init__(self, slugs: list[str], counter: _Counter) -> None:
        self.slugs = slugs
        self.counter = counter
        self.given = counter.written        # the kind handed out: its lead begins
        self.marks: list[int] = []

    def __len__(self) -> int:
        return len(self.slugs)

    def __iter__(self) -> Iterator[str]:
        for slug in self.slugs:
            self.marks.append(self.counter.written)
            yield slug
        self.marks.append(self.counter.written)

    def part(self, kind: str, count: int, end: int) -> KindPart | None:
        """This kind's part (`end`: where the next kind, or the loop's end, was seen)."""
        if len(self.marks) != count + 1 or not self.given <= self.marks[0] <= self.marks[-1] \
                <= end:
            return None
        lengths = [b - a for a, b in pairwise(self.marks)]
        if any(length <= 0 for length in lengths):
            return None
        return KindPart(kind, self.marks[0] - self.given, list(self.slugs), lengths,
                        end - self.marks[-1])
