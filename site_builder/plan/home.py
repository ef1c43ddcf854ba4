"""The home page and its pages: /, /page/N/ — every article, newest first.

The first screen shows how many articles, places and sources the archive has and a timeline of
articles and deaths by month; /page/N/ counts from the oldest (see lists.py). Planned when any
article's list entry changed, or one came or went.
"""
from __future__ import annotations

from collections.abc import Iterator

from site_builder import urls
from site_builder.plan import Context, Owned
from site_builder.plan.lists import Layout, Query, plan_list, timeline_rows

EVERY_ARTICLE = Query("FROM articles a WHERE TRUE")


def plan(ctx: Context) -> Iterator[Owned]:
    if not (ctx.everything or ctx.changes.lists):
        return
    store = ctx.store
    counts = {"articles": store.value("SELECT COUNT(*) FROM articles"),
              "places": store.value("SELECT COUNT(*) FROM terms WHERE kind = 'places'"),
              "sources": store.value("SELECT COUNT(*) FROM terms WHERE kind = 'sources'")}
    timeline = timeline_rows(store.rows(
        "SELECT year, month, COUNT(*), SUM(deaths) FROM articles WHERE year IS NOT NULL "
        "GROUP BY year, month"))
    yield plan_list(ctx, "home", Layout(urls.home_url, "index.html", {"counts": counts}, "",
                                        timeline, summary=repr(sorted(counts.items()))),
                    EVERY_ARTICLE, counts["articles"])
