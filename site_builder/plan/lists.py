"""Paginated lists of articles (home, terms, months): shared by their planners.

Pages are numbered from the oldest: `/page/1/` holds a list's oldest `per_page` articles, and
keeps them as the list grows (a permalink an archive can cite); the first screen (`/`,
`/tags/x/`...) shows the newest `per_page` to `2 * per_page - 1`, and what the list's owner adds
(counts, a timeline). When it would hold `2 * per_page`, its older half becomes the next
numbered page. A page's key holds the keys of its entries' list fields, its pager and what it
shows besides (the first screen: the list's length and counts too), so an article added to a
list re-renders its first screen, and once every `per_page` additions one numbered page made and
the one before it (its "newer" link); an edit re-renders the pages that show the edited entry.
An article dated older than others moves the pages from its place on.

A rebuild plans only a list's tail (`plan_list`): the numbered pages older than every article
the changes reached (`Changes.sort_keys`) hold the same entries as before, so they are kept
as recorded without reading their members. That they show what they showed (the same theme,
header, map) is checked by working out page 1's key again: an added article costs a list its
newest pages, however long the list is.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from site_builder.plan import Context, Owned, Page
from site_builder.urls import output_path

Members = list[tuple[Any, str]]          # (article id, list key), newest first


@dataclass(frozen=True)
class Query:
    """A list's articles in the database: `where` (SQL over `articles a` and its joins,
    starting with FROM) and its parameters."""

    where: str
    parameters: tuple = ()

    def newest(self, ctx: Context, limit: int = -1) -> Members:
        return list(ctx.store.stream(f"SELECT a.id, a.list_key {self.where} "
                                     "ORDER BY a.sort_key LIMIT ?", (*self.parameters, limit)))

    def oldest(self, ctx: Context, limit: int) -> Members:
        """The oldest `limit`, newest first."""
        return ctx.store.rows(f"SELECT a.id, a.list_key {self.where} "
                              "ORDER BY a.sort_key DESC LIMIT ?", (*self.parameters, limit))[::-1]

    def older_than(self, ctx: Context, sort_key: bytes) -> int:
        return ctx.store.value(f"SELECT COUNT(*) {self.where} AND a.sort_key > ?",
                               (*self.parameters, sort_key))


@dataclass(frozen=True)
class Layout:
    """What every page of one list shows besides its entries and pager (see `paginate`)."""

    url_of: Callable[[int], str]
    template: str
    context: dict[str, Any]
    header: str
    timeline: list[tuple[str, int, int]] | None = None
    markers: list[tuple[str, str, float, float]] | None = None
    maker: str = "list"
    summary: str = ""


def plan_list(ctx: Context, owner: str, layout: Layout, query: Query, count: int) -> Owned:
    """The pages of a list of `count` articles: every page on a full build; on a rebuild the
    pages from the first one the changes can reach (module docstring), the older kept."""
    return plan_list_head(ctx, owner, layout, query, count)[0]


def plan_list_head(ctx: Context, owner: str, layout: Layout, query: Query,
                   count: int) -> tuple[Owned, Members]:
    """`plan_list`, and the members its first screen shows (newest first), which a caller may
    keep to plan that screen alone later (`plan_first_screen`)."""
    per_page = ctx.config.per_page
    start = 1 if ctx.everything else _first_reached(ctx, owner, query, count)
    if start > 1 and not _unchanged(ctx, layout, query, count):
        start = 1
    members = query.newest(ctx, -1 if start == 1 else count - (start - 1) * per_page)
    keep = {output_path(layout.url_of(n)) for n in range(1, start)}
    head = _chunk(members, count, _numbered_pages(count, per_page) + 1, per_page, True)
    return Owned(owner, paginate(ctx, layout, members, count, start), keep=keep), head


def plan_first_screen(ctx: Context, owner: str, layout: Layout, head: Members,
                      count: int) -> Owned | None:
    """A list whose members did not change (nor their entries), only what its first screen
    shows besides them (`layout.summary`): that screen, from its members `head` as kept, and
    every numbered page kept as recorded. None where `head` cannot be that screen's members
    (not as many as a list of `count` shows there)."""
    kept = _numbered_pages(count, ctx.config.per_page)
    if len(head) != count - kept * ctx.config.per_page:
        return None
    return Owned(owner, [_page(ctx, layout, head, kept + 1, kept, count)],
                 keep={output_path(layout.url_of(n)) for n in range(1, kept + 1)})


def _first_reached(ctx: Context, owner: str, query: Query, count: int) -> int:
    """The first numbered page a rebuild must plan again: the one that holds the oldest
    article the changes reached (pages are numbered from the oldest, so the pages before it
    hold only articles older than every change), or the last numbered page if that comes
    first (its "newer" link moves when a page is added or removed); 1 when the list has no
    pages yet."""
    per_page = ctx.config.per_page
    recorded = ctx.store.value("SELECT COUNT(*) FROM pages WHERE owner = ?", (owner,)) - 1
    oldest = max(ctx.changes.sort_keys, default=None)
    unchanged = count if oldest is None else query.older_than(ctx, oldest)
    return max(1, min(unchanged // per_page + 1, recorded, _numbered_pages(count, per_page)))


def _unchanged(ctx: Context, layout: Layout, query: Query, count: int) -> bool:
    """Whether page 1's key is the one recorded: then what every page shows besides its
    entries (theme, header, map) is as when the kept pages were made."""
    page = _page(ctx, layout, query.oldest(ctx, ctx.config.per_page), 1,
                 _numbered_pages(count, ctx.config.per_page), count)
    return ctx.store.value("SELECT key FROM pages WHERE path = ?", (page.path,)) == page.key


def paginate(ctx: Context, layout: Layout, members: Members, count: int | None = None,
             start: int = 1) -> list[Page]:
    """The pages of a list from numbered page `start` on, numbered from the oldest (see the
    module docstring). `members`: the list's newest (all of them, or those on the pages
    planned), newest first (for the "events" maker: event ids and keys); `count`: how many
    the list has; `layout.url_of(n)`: the URL of page n, n = 0 for the first screen;
    `header`: a key of what every page shows besides its entries; `summary`: of what only the
    first screen shows (counts); `timeline` (first screen only) and `markers` (a map on
    every page) are drawn by the page's job."""
    count = len(members) if count is None else count
    kept = _numbered_pages(count, ctx.config.per_page)
    return [_page(ctx, layout, _chunk(members, count, number, ctx.config.per_page,
                                      number == kept + 1), number, kept, count)
            for number in range(start, kept + 2)]


def _page(ctx: Context, layout: Layout, chunk: Members, number: int, kept: int,
          count: int) -> Page:
    """Page `number` of a list with `kept` numbered pages (kept + 1: its first screen)."""
    first = number == kept + 1
    url_of = layout.url_of
    url = url_of(0 if first else number)
    newer = None if first else url_of(0 if number == kept else number + 1)
    pager = {"number": number, "first": first, "previous": newer,
             "next": url_of(number - 1) if number > 1 else None}
    drawn = layout.timeline if first else None
    shown = (layout.summary, str(count)) if first else ()
    key = ctx.key("list", layout.template, url, layout.header, repr(sorted(pager.items())),
                  *shown, repr(drawn), repr(layout.markers), *(k for _, k in chunk))
    # The events list's job is given its events' keys too: each item is kept with the key
    # it was made for (render_lists.py).
    shown_ids = list(chunk) if layout.maker == "events" else [i for i, _ in chunk]
    return Page(output_path(url), key, layout.maker,
                (layout.template, url, {**layout.context, "pager": pager},
                 shown_ids, drawn, layout.markers))


def _numbered_pages(count: int, per_page: int) -> int:
    """How many full pages have a number of their own: all but the newest `per_page` to
    `2 * per_page - 1` members, which the first screen shows (never a near-empty first screen)."""
    return max(0, count // per_page - 1)


def _chunk(members: Members, count: int, number: int, per_page: int, first: bool) -> Members:
    """Page `number`'s members, newest first, from the list's newest `members` of `count`:
    page 1 holds the oldest `per_page`; the first screen everything after the numbered pages."""
    end = count - (number - 1) * per_page
    return members[:end] if first else members[max(0, end - per_page):end]


def timeline_rows(rows: list[tuple[int, int, int, int]]) -> list[tuple[str, int, int]]:
    """(YYYY-MM, articles, deaths) from (year, month, articles, deaths), oldest first."""
    return [(f"{year:04d}-{month:02d}", count, deaths)
            for year, month, count, deaths in sorted(rows)]
