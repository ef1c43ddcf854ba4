"""The site's single files: /feed.xml (and the term feeds' shape), /sitemap.xml, the open data
/data/articles.json and .csv and /data/events.json and .csv, /search/, /404.html, /.nojekyll
and the theme's /static/ files.

The sitemap and the data files are written a row at a time from the database (100,000
articles make tens of megabytes); they are planned only when what they list changed.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from site_builder import urls
from site_builder.export import CSV_PATH, EVENTS_CSV_PATH, EVENTS_JSON_PATH, JSON_PATH
from site_builder.plan import Context, Owned, Page
from site_builder.plan.events import changed_events, event_key, event_keys, newest_first
from site_builder.theme import static_files

FEED_SIZE = 50


def plan(ctx: Context) -> Iterator[Owned]:
    changes = ctx.changes
    events = ctx.everything or bool(changes.events or changes.renamed)
    newest = newest_first(ctx)
    if ctx.everything or not changes.none:
        ids = [i for (i,) in ctx.store.rows(
            "SELECT id FROM articles ORDER BY sort_key LIMIT ?", (FEED_SIZE,))]
        yield Owned("feed.xml", [feed_page(ctx, "feed.xml", None, ids, newest[:FEED_SIZE])])
    # The articles whose rows of the sitemap and the data files changed: only their rows are
    # made again, the others' copied from the live files (render_sitemap.py, export_splice.py).
    changed = None if ctx.everything else sorted(ctx.changes.articles)
    # Both show what content/ holds and the event ids linked from it (by the linking method,
    # which a word list's upgrade can change without the theme): their key is the content's
    # digest, kept up to date by the loader a page at a time, and the linking method.
    content = f"{ctx.store.get('content')} {ctx.store.get('link method')}"
    if ctx.everything or changes.sitemap or events:
        # The events whose rows change (their last date can move): the others are copied.
        moved = None if ctx.everything else sorted(changed_events(ctx))
        yield Owned("sitemap.xml", [Page("sitemap.xml", ctx.key("sitemap", content, *newest),
                                         "sitemap", (newest, changed, moved))])
    if ctx.everything or changes.lists or changes.events:       # rows hold the event ids
        yield Owned("data", [Page(JSON_PATH, ctx.key("json", content), "export",
                                  ("json", changed)),
                             Page(CSV_PATH, ctx.key("csv", content), "export",
                                  ("csv", changed))])
    if events:
        keys = event_keys(ctx)
        rows = [(e, keys[e]) for e in newest]
        key = ctx.key("events", *(k for _, k in rows))
        yield Owned("data/events", [
            Page(EVENTS_JSON_PATH, ctx.key("json", key), "event_export", ("json", rows)),
            Page(EVENTS_CSV_PATH, ctx.key("csv", key), "event_export", ("csv", rows))])
    if ctx.everything or changes.lists:
        # The search page preloads the index, which a site without articles does not have.
        indexed = bool(ctx.store.value("SELECT 1 FROM articles LIMIT 1"))
        url = urls.search_url()
        yield Owned("search", [Page(urls.output_path(url), ctx.key("search", str(indexed)),
                                    "page", ("search.html", url, {"indexed": indexed}))])
    if ctx.everything:
        yield Owned("static", _static(ctx))


def feed_page(ctx: Context, path: str, term_name: str | None, ids: list[int],
              events: list[str] = ()) -> Page:
    """An Atom feed of the newest articles of a list (`ids`, in archive order) and, for the
    site's feed, of the newest events."""
    newest = ids[:FEED_SIZE]
    rows = ctx.store.rows(f"SELECT page_key, date FROM articles WHERE id IN "
                          f"({','.join('?' * len(newest))})", newest) if newest else []
    dates = [day for _, day in rows if day]
    if events:
        dates += [day for (day,) in ctx.store.rows(
            f"SELECT MAX(date) FROM articles WHERE event IN ({','.join('?' * len(events))}) "
            "GROUP BY event", events) if day]
    updated = date.fromisoformat(max(dates)) if dates else date(1970, 1, 1)
    key = ctx.key("feed", path, str(term_name), updated.isoformat(),
                  *sorted(k for k, _ in rows), *map(str, newest),
                  *(event_key(ctx, e) for e in events))
    return Page(path, key, "feed", (term_name, newest, updated, list(events)))


def _static(ctx: Context) -> list[Page]:
    missing = "404.html"
    pages = [Page(missing, ctx.key("404"), "page", ("404.html", missing, {})),
             Page(".nojekyll", ctx.key("nojekyll"), "empty")]
    pages += [Page(path, ctx.key("static", path), "copy", (str(source),))
              for path, source in static_files(ctx.config).items()]
    return pages
