"""Article pages: /articles/<slug>/.

A page shows its article (front matter and body) and links its places' pages, so its key is
the article's page key and its places' slugs. Its job also renders the article's fragments
(list entry, feed entry, export rows); they are made again whenever the page is, and when they
were made with another theme.
"""
from __future__ import annotations

from collections.abc import Iterator

from site_builder import urls
from site_builder.plan import Context, Owned, Page, chunked


def plan(ctx: Context) -> Iterator[Owned]:
    store = ctx.store
    if ctx.everything:
        ids = [i for (i,) in store.stream("SELECT id FROM articles ORDER BY sort_key")]
    else:
        ids = sorted(ctx.changes.articles)
    for part in chunked(ids, 500):
        marks = ",".join("?" * len(part))
        slugs: dict[int, dict[str, str]] = {i: {} for i in part}
        for article, place, slug in store.db.execute(
                "SELECT m.article, m.term, t.slug FROM memberships m JOIN terms t ON "
                "t.kind = 'places' AND t.term = m.term WHERE m.kind = 'places' AND "
                f"m.article IN ({marks})", part):
            slugs[article][place] = slug
        for article, url, page_key, made_with in store.db.execute(
                "SELECT id, url, page_key, made_with FROM articles LEFT JOIN fragments "
                f"USING (id) WHERE id IN ({marks})", part).fetchall():
            places = slugs[article]
            key = ctx.key("article", page_key, *(f"{p}={s}" for p, s in sorted(places.items())))
            yield Owned(url, [Page(urls.output_path(url), key, "article", (article, places))],
                        renew=made_with != key)
    for owner in sorted(ctx.changes.gone):
        if owner.startswith("articles/"):
            yield Owned(owner)

