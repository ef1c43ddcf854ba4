"""The archive by date: /archive/ (every month with its count), /archive/<yyyy>/ (a year's
months) and /archive/<yyyy>/<mm>/ (a month's articles, paginated).

A month's pages are planned when an article of it came, went or changed its list entry (a
date moved: the old month and the new); the index and year pages when any month was.
"""
from __future__ import annotations

from collections.abc import Iterator

from site_builder import urls
from site_builder.plan import Context, Owned, Page
from site_builder.plan.lists import Layout, Query, plan_list

Month = tuple[int, int]


def plan(ctx: Context) -> Iterator[Owned]:
    store = ctx.store
    counts: dict[Month, int] = {(y, m): n for y, m, n in store.rows(
        "SELECT year, month, COUNT(*) FROM articles WHERE year IS NOT NULL "
        "GROUP BY year, month ORDER BY year DESC, month DESC")}
    months = set(counts) if ctx.everything else ctx.changes.months
    for year, month in sorted(months):
        owner = urls.archive_url(year, month)
        if (year, month) not in counts:
            yield Owned(owner)              # its last article went
            continue
        count = counts[year, month]
        yield plan_list(ctx, owner, Layout(
            lambda n, base=owner: base if n <= 0 else f"{base}page/{n}/", "term.html",
            {"term": None, "month": (year, month), "count": count}, f"{year}-{month}"),
            Query("FROM articles a WHERE a.year = ? AND a.month = ?", (year, month)), count)
    if ctx.everything or months:
        yield Owned("archive/", _indexes(ctx, counts))


def _indexes(ctx: Context, counts: dict[Month, int]) -> list[Page]:
    """/archive/ and a page for each year."""
    years: dict[int, list[Month]] = {}
    for key in counts:                       # newest first
        years.setdefault(key[0], []).append(key)
    url = urls.archive_url()
    pages = [Page(urls.output_path(url), ctx.key("archive", repr(counts)), "page",
                  ("archive.html", url, {"years": years, "counts": counts}))]
    for year, keys in years.items():
        url = urls.archive_url(year)
        shown = {k: counts[k] for k in keys}
        pages.append(Page(urls.output_path(url), ctx.key("year", repr(shown)), "page",
                          ("archive_year.html", url,
                           {"year": year, "months": keys, "counts": shown})))
    return pages
