"""Article pages: /articles/<slug>/.

A page shows its article (front matter and body), links its places' pages and, when its event
has other reports, lists them: its key is the article's page key, its places' slugs and its
event's key. Its job also renders the article's fragments (list entry, feed entry, export
rows); they are made again whenever the page is, and when they were made with another theme.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache, partial

from site_builder import urls
from site_builder.plan import Context, Owned, Page, chunked
from site_builder.plan.events import event_key, event_keys


def plan(ctx: Context) -> Iterator[Owned]:
    store = ctx.store
    if ctx.everything:
        ids = [i for (i,) in store.stream("SELECT id FROM articles ORDER BY sort_key")]
        known = event_keys(ctx)

        def key_of(event: str) -> str:
            return known.get(event, "")
    else:
        ids = sorted(ctx.changes.articles)
        key_of = cache(partial(event_key, ctx))
    for part in chunked(ids, 500):
        marks = ",".join("?" * len(part))
        slugs: dict[int, dict[str, str]] = {i: {} for i in part}
        for article, place, slug in store.db.execute(
                "SELECT m.article, m.term, t.slug FROM memberships m JOIN terms t ON "
                "t.kind = 'places' AND t.term = m.term WHERE m.kind = 'places' AND "
                f"m.article IN ({marks})", part):
            slugs[article][place] = slug
        for article, url, page_key, made_with, event in store.db.execute(
                "SELECT id, url, page_key, made_with, event FROM articles LEFT JOIN fragments "
                f"USING (id) WHERE id IN ({marks})", part).fetchall():
            places = slugs[article]
            shown = key_of(event) if event else ""     # the event, when it has other reports
            key = ctx.key("article", page_key, *(f"{p}={s}" for p, s in sorted(places.items())),
                          str(event), shown)
            yield Owned(url, [Page(urls.output_path(url), key, "article",
                                   (article, places, event, bool(shown)))],
                        renew=made_with != key)
    for owner in sorted(ctx.changes.gone):
        if owner.startswith("articles/"):
            yield Owned(owner)

