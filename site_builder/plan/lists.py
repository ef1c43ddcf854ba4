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
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from site_builder.plan import Context, Page
from site_builder.urls import output_path


def paginate(ctx: Context, url_of: Callable[[int], str], template: str,
             members: list[tuple[Any, str]], context: dict[str, Any], header: str,
             timeline: list[tuple[str, int, int]] | None = None,
             markers: list[tuple[str, str, float, float]] | None = None,
             maker: str = "list", summary: str = "") -> list[Page]:
    """Every page of a list, numbered from the oldest (see the module docstring). `members`:
    (article id, list key) newest first (for the "events" maker: event id and key); `url_of(n)`:
    the URL of page n, n = 0 for the first screen; `header`: a key of what every page shows
    besides its entries; `summary`: of what only the first screen shows (counts); `timeline`
    (first screen only) and `markers` (a map on every page) are drawn by the page's job."""
    kept = _numbered_pages(len(members), ctx.config.per_page)
    pages = []
    for number in range(1, kept + 2):
        first = number == kept + 1
        chunk = _chunk(members, number, ctx.config.per_page, first)
        url = url_of(0 if first else number)
        newer = None if first else url_of(0 if number == kept else number + 1)
        pager = {"number": number, "first": first, "previous": newer,
                 "next": url_of(number - 1) if number > 1 else None}
        drawn = timeline if first else None
        shown = (summary, str(len(members))) if first else ()
        key = ctx.key("list", template, url, header, repr(sorted(pager.items())), *shown,
                      repr(drawn), repr(markers), *(k for _, k in chunk))
        pages.append(Page(output_path(url), key, maker,
                          (template, url, {**context, "pager": pager},
                           [i for i, _ in chunk], drawn, markers)))
    return pages


def _numbered_pages(count: int, per_page: int) -> int:
    """How many full pages have a number of their own: all but the newest `per_page` to
    `2 * per_page - 1` members, which the first screen shows (never a near-empty first screen)."""
    return max(0, count // per_page - 1)


def _chunk(members: list[tuple[Any, str]], number: int, per_page: int,
           first: bool) -> list[tuple[Any, str]]:
    """Page `number`'s members, newest first: page 1 holds the oldest `per_page`; the first
    screen everything after the numbered pages."""
    end = len(members) - (number - 1) * per_page
    return members[:end] if first else members[max(0, end - per_page):end]


def timeline_rows(rows: list[tuple[int, int, int, int]]) -> list[tuple[str, int, int]]:
    """(YYYY-MM, articles, deaths) from (year, month, articles, deaths), oldest first."""
    return [(f"{year:04d}-{month:02d}", count, deaths)
            for year, month, count, deaths in sorted(rows)]
