"""Tags, places and sources: /<kind>/ (every term, with counts; places with a map), and each
term's pages /<kind>/<slug>/ (its articles, a timeline, for a place a map) and, for tags and
places, its feed /<kind>/<slug>/feed.xml.

A term's pages are planned when its list changed (an article came, went or changed its list
entry); its feed also when one of its articles' page changed (the feed carries the text).
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from site_builder import urls
from site_builder.load_terms import MEMBERS, where_drawn
from site_builder.plan import Context, Owned, Page
from site_builder.plan.events import place_events, places_of_changed_events
from site_builder.plan.lists import (
    Layout,
    Members,
    Query,
    plan_first_screen,
    plan_list_head,
    timeline_rows,
)
from site_builder.plan.site_files import FEED_SIZE, feed_page
from site_builder.render import TermView, map_markers
from site_builder.render_terms import row_key
from site_builder.site import TERM_KINDS
from site_builder.store import unpack

FEED_KINDS = ("tags", "places")
# A term's articles and deaths by month, read from a small index (store.ADDED_INDEXES), not
# from its articles' rows: a third of the cost (an added article plans about 100 terms).
TIMELINE = ("SELECT a.year, a.month, COUNT(*), SUM(a.deaths) FROM memberships m JOIN articles a "
            "INDEXED BY articles_members ON a.id = m.article WHERE m.kind = ? AND m.term = ? "
            "AND a.year IS NOT NULL GROUP BY a.year, a.month")


def plan(ctx: Context) -> Iterator[Owned]:
    changes = ctx.changes
    store = ctx.store
    if ctx.everything:
        store.db.execute("DELETE FROM term_heads")
        terms = {(kind, term) for kind, term in store.stream("SELECT kind, term FROM terms")}
        feeds = terms
    else:
        terms = changes.terms | places_of_changed_events(ctx)   # a place lists its events
        feeds = changes.feeds | changes.terms
    for kind, term in sorted(terms | feeds):
        row = store.db.execute("SELECT slug, name, count, deaths, place FROM terms WHERE "
                               "kind = ? AND term = ?", (kind, term)).fetchone()
        if row is None:
            continue                    # gone: its owners are in changes.gone
        view = TermView(kind, row[0], row[1], row[2], row[3], unpack(row[4]))
        owner = f"{kind}/{view.slug}"
        query = Query(MEMBERS, (kind, term))
        if (kind, term) in terms:
            yield _plan_term(ctx, owner, view, term, query, (kind, term) in changes.terms)
        if kind in FEED_KINDS and (kind, term) in feeds:
            yield Owned(f"{owner}/feed", [feed_page(
                ctx, f"{urls.term_url(kind, view.slug)}feed.xml", view.name,
                [i for i, _ in query.newest(ctx, FEED_SIZE)])])
    for owner in sorted(changes.gone):
        if owner.split("/", 1)[0] in TERM_KINDS:
            yield Owned(owner)
            yield Owned(f"{owner}/feed")
    for kind in TERM_KINDS:
        if ctx.everything or kind in changes.kinds:
            yield Owned(urls.term_list_url(kind), [_term_list(ctx, kind)])


def _plan_term(ctx: Context, owner: str, view: TermView, term: str, query: Query,
               listed: bool) -> Owned:
    """A term's list pages. A term whose list did not change (`listed` false: a place planned
    because an event there changed) has the same members, entries and timeline as when its
    first screen was last made, so that screen alone is planned again from what was kept of it
    (`term_heads`, trusted only while the first screen's recorded key is the one it made):
    at 10,000 articles an added report's event reaches about 90 places, each a scan of its
    members for its timeline and pages."""
    if not (ctx.everything or listed):
        kept = _kept_head(ctx, view, term)
        if kept is not None:
            timeline, head = kept
            planned = plan_first_screen(ctx, owner, _term_layout(ctx, view, term, timeline),
                                        head, view.count)
            if planned is not None:        # the screen made from it: its key now
                ctx.store.db.execute("UPDATE term_heads SET key = ? WHERE kind = ? AND term = ?",
                                     (planned.pages[0].key, view.kind, term))
                return planned
    rows = timeline_rows(ctx.store.rows(TIMELINE, (view.kind, term)))
    layout = _term_layout(ctx, view, term, rows)
    owned, head = plan_list_head(ctx, owner, layout, query, view.count)
    first = owned.pages[-1] if owned.pages else None
    if first is not None and first.path == urls.output_path(layout.url_of(0)):
        ctx.store.db.execute("INSERT OR REPLACE INTO term_heads VALUES (?, ?, ?, ?)",
                             (view.kind, term, first.key, json.dumps([rows, head])))
    return owned


def _kept_head(ctx: Context, view: TermView, term: str
               ) -> tuple[list[tuple[str, int, int]], Members] | None:
    """A term's timeline and first screen's members as kept, if the page recorded at its
    first screen is still the one they made."""
    row = ctx.store.db.execute(
        "SELECT h.head FROM term_heads h JOIN pages p ON p.path = ? AND p.key = h.key "
        "WHERE h.kind = ? AND h.term = ?",
        (urls.output_path(urls.term_url(view.kind, view.slug)), view.kind, term)).fetchone()
    if row is None:
        return None
    timeline, head = json.loads(row[0])
    return [tuple(r) for r in timeline], [tuple(m) for m in head]


def _term_layout(ctx: Context, view: TermView, term: str,
                 timeline: list[tuple[str, int, int]]) -> Layout:
    """What every page of a term's list shows besides its articles."""
    markers = map_markers([view]) if view.kind == "places" else None
    events = place_events(ctx, term) if view.kind == "places" else (0, [])
    header = repr((view.kind, view.slug, view.name, where_drawn(view.place)))
    return Layout(lambda n: urls.term_url(view.kind, view.slug, n), "term.html",
                  {"term": view, "month": None, "count": view.count, "events": events},
                  header, timeline, markers, summary=repr((view.deaths, events)))


def _term_list(ctx: Context, kind: str) -> Page:
    """/<kind>/: every term, the busiest first; its rows are kept between builds and only
    those whose `row_key` moved are rendered again (render_terms.py)."""
    rows = ctx.store.rows("SELECT slug, name, count, deaths, place FROM terms WHERE kind = ?",
                          (kind,))
    rows.sort(key=lambda r: (-r[2], r[1].lower()))
    keys = [row_key(*row) for row in rows]
    views = [TermView(kind, slug, name, count, deaths, unpack(place) if place else None)
             for slug, name, count, deaths, place in rows]
    markers = map_markers(views) if kind == "places" else None
    key = ctx.key("terms", kind, repr(markers), *keys)
    url = urls.term_list_url(kind)
    return Page(urls.output_path(url), key, "terms",
                (kind, url, views, keys, markers, ctx.theme))
