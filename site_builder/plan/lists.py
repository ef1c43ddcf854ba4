"""Paginated lists of articles (home, terms, months): shared by their planners.

A list page shows its own chunk of entries (20 by default), a pager, and on its first page
what the list's owner adds (a timeline); its key holds the keys of its entries' list fields,
the list's length and what its header shows, so an edit re-renders only the pages that show
the edited entry, and an added article the pages whose chunk moved.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from site_builder.plan import Context, Page
from site_builder.urls import output_path


def paginate(ctx: Context, url_of: Callable[[int], str], template: str,
             members: list[tuple[Any, str]], context: dict[str, Any], header: str,
             timeline: list[tuple[str, int, int]] | None = None,
             markers: list[tuple[str, str, float, float]] | None = None,
             maker: str = "list") -> list[Page]:
    """Every page of a list. `members`: (article id, list key) in archive order (for the
    "events" maker: event id and key, newest first); `header`: a key of what every page shows
    besides its entries; `timeline` (first page only) and `markers` (a map on every page) are
    drawn by the page's job."""
    per_page = ctx.config.per_page
    total = max(1, math.ceil(len(members) / per_page))
    pages = []
    for number in range(1, total + 1):
        chunk = members[(number - 1) * per_page:number * per_page]
        url = url_of(number)
        pager = {"number": number, "total": total,
                 "previous": url_of(number - 1) if number > 1 else None,
                 "next": url_of(number + 1) if number < total else None}
        drawn = timeline if number == 1 else None
        key = ctx.key("list", template, url, header, str(len(members)),
                      repr(drawn), repr(markers), *(k for _, k in chunk))
        pages.append(Page(output_path(url), key, maker,
                          (template, url, {**context, "pager": pager},
                           [i for i, _ in chunk], drawn, markers)))
    return pages


def timeline_rows(rows: list[tuple[int, int, int, int]]) -> list[tuple[str, int, int]]:
    """(YYYY-MM, articles, deaths) from (year, month, articles, deaths), oldest first."""
    return [(f"{year:04d}-{month:02d}", count, deaths)
            for year, month, count, deaths in sorted(rows)]
