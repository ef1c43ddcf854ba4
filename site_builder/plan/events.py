"""Events: /events/ (incidents reported more than once, newest first, paginated) and
/events/<id>/ (one incident: what, when, where on a map, and every report side by side with the
figures it gave and the sentence it gave them in).

An event's key holds its id and, for each report in order, the keys of what its list entry
shows and of what linking read of it (the event's kinds come from its reports' titles and
ledes). Its pages are planned when a report came, went or changed (link.py notes which); the
article pages of its reports are planned with them (each lists the others).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

from site_builder import urls
from site_builder.load_terms import where_drawn
from site_builder.plan import Context, Owned, Page
from site_builder.plan.lists import Layout, paginate
from site_builder.store import unpack, unpack_article

# Every event with two reports or more: (id, reports, first date, last date).
MULTIPLE = ("SELECT event, COUNT(*), MIN(date), MAX(date) FROM articles GROUP BY event "
            "HAVING COUNT(*) >= 2")


def plan(ctx: Context) -> Iterator[Owned]:
    changes = ctx.changes
    if not (ctx.everything or changes.events or changes.renamed):
        return
    wanted = {e for (e, *_) in ctx.store.rows(MULTIPLE)} if ctx.everything \
        else changed_events(ctx)
    # Two ids can make one URL (hand slugs "Laporan 1" and "laporan-1"): a lone report's
    # empty plan must not take the URL from an event that has pages there, or the page
    # stays in output/ unowned when that event goes (as a full build plans: events only).
    planned: dict[str, list[Page]] = {}
    for event in sorted(wanted):
        owner = urls.event_url(event)
        key = event_key(ctx, event)
        if key or owner not in planned:
            planned[owner] = [Page(urls.output_path(owner), key, "event", (event,))] \
                if key else []
    for owner, pages in planned.items():
        yield Owned(owner, pages)
    keys = event_keys(ctx)
    yield Owned("events", paginate(ctx, Layout(urls.events_url, "events.html", {}, "events",
                                               maker="events"),
                                   [(e, keys[e]) for e in newest_first(ctx)]))


def event_key(ctx: Context, event: str) -> str:
    """What an event's pages (and its reports' pages) show of it; "" for a lone report."""
    reports = ctx.store.rows(
        "SELECT list_key, digest FROM articles JOIN profiles USING (id) WHERE event = ? "
        "ORDER BY report_key", (event,))
    places = [row[1:] for row in ctx.store.rows(f"{PLACES} WHERE a.event = ? {PLACES_ORDER}",
                                                (event,))]
    return _key(ctx, event, reports, places)


def event_keys(ctx: Context) -> dict[str, str]:
    """Every event's key: worked out once a build (the articles', events' and site files'
    planners each need it), and kept in the database (table event_keys) between builds. A
    rebuild works out again only the keys of the events that changed (their reports came,
    went or changed: link.py and load.py note them) or that are at a place whose name moved;
    a full build (or a database that has not kept them) makes them all in one pass."""
    if "event keys" not in ctx.memo:
        kept = ctx.store.get("event keys kept") == "1"
        ctx.memo["event keys"] = _updated_keys(ctx) if kept and not ctx.everything \
            else _all_keys(ctx)
    return ctx.memo["event keys"]


def _all_keys(ctx: Context) -> dict[str, str]:
    keys = _event_keys(ctx)
    ctx.store.db.execute("DELETE FROM event_keys")
    ctx.store.db.executemany("INSERT INTO event_keys VALUES (?, ?)", sorted(keys.items()))
    for kept in ("event_names", "event_entries"):      # events that are no more
        ctx.store.db.execute(f"DELETE FROM {kept} WHERE event NOT IN "
                             "(SELECT event FROM event_keys)")
    ctx.store.set("event keys kept", "1")
    return keys


def changed_events(ctx: Context) -> set[str]:
    """The events whose pages a rebuild plans: those whose reports changed, and those at a
    place whose name moved (their pages name it)."""
    if "changed events" not in ctx.memo:
        touched = set(ctx.changes.events)
        renamed = sorted(ctx.changes.renamed)
        if renamed:
            touched |= {e for (e,) in ctx.store.db.execute(
                "SELECT DISTINCT a.event FROM memberships m JOIN articles a ON "
                "a.id = m.article WHERE m.kind = 'places' AND m.term IN "
                f"({','.join('?' * len(renamed))})", renamed)}
        ctx.memo["changed events"] = touched - {""}
    return ctx.memo["changed events"]


def _updated_keys(ctx: Context) -> dict[str, str]:
    db = ctx.store.db
    keys = dict(db.execute("SELECT event, key FROM event_keys"))
    for event in sorted(changed_events(ctx)):
        key = event_key(ctx, event)
        if key:
            keys[event] = key
            db.execute("INSERT OR REPLACE INTO event_keys VALUES (?, ?)", (event, key))
        elif keys.pop(event, None) is not None:
            db.execute("DELETE FROM event_keys WHERE event = ?", (event,))
            db.execute("DELETE FROM event_names WHERE event = ?", (event,))
    return keys


def _event_keys(ctx: Context) -> dict[str, str]:
    multiple = f"a.event IN (SELECT event FROM ({MULTIPLE}))"
    reports: dict[str, list[tuple[str, str]]] = {}
    for event, key, digest in ctx.store.stream(
            "SELECT event, list_key, digest FROM articles a JOIN profiles USING (id) WHERE "
            f"{multiple} ORDER BY event, report_key"):
        reports.setdefault(event, []).append((key, digest))
    places: dict[str, list[tuple[str, str, str, bytes | None]]] = {}
    for event, *place in ctx.store.stream(f"{PLACES} WHERE {multiple} {PLACES_ORDER}"):
        places.setdefault(event, []).append(tuple(place))
    return {event: _key(ctx, event, rows, places.get(event, []))
            for event, rows in reports.items()}


# The places of events' reports, with the slug and name their pages link them by and the
# point they draw them at (the place's newest report's).
PLACES = ("SELECT DISTINCT a.event, t.term, t.slug, t.name, t.place FROM articles a JOIN "
          "memberships m ON m.article = a.id AND m.kind = 'places' JOIN terms t ON "
          "t.kind = 'places' AND t.term = m.term")
PLACES_ORDER = "ORDER BY a.event, t.term"


def _key(ctx: Context, event: str, reports: list[tuple[str, str]],
         places: list[tuple[str, str, str, bytes | None]]) -> str:
    """The pages link the event's places by slug and draw them on a map: a place whose
    slug, name or point moved makes them again."""
    if len(reports) < 2:
        return ""
    return ctx.key("event", event, *(f"{key}:{digest}" for key, digest in reports),
                   *(f"{term}:{slug}:{name}:{where_drawn(unpack(place))}"
                     for term, slug, name, place in places))


def newest_first(ctx: Context) -> list[str]:
    """Every event's id, newest first (by its first report, then its last, then its id):
    worked out when events changed, else as the database kept it."""
    if "newest events" in ctx.memo:        # the events' and site files' planners both ask
        return ctx.memo["newest events"]
    kept = ctx.store.get("newest events")
    if kept is not None and not (ctx.everything or ctx.changes.events):
        newest = json.loads(kept)
    else:
        newest = [event for event, *_ in sorted(ctx.store.rows(MULTIPLE), key=_newest)]
        ctx.store.set("newest events", json.dumps(newest))
    ctx.memo["newest events"] = newest
    return newest


def _newest(row: tuple) -> tuple:
    event, _, first, last = row
    return (first is None, -_ordinal(first), -_ordinal(last), event)


def _ordinal(day: str | None) -> int:
    return (date.fromisoformat(day) if day else date.min).toordinal()


# ---------------------------------------------------------------- events on place pages

PLACE_EVENTS_SHOWN = 30        # a place page lists at most this many events, newest first
# Its members' events and dates read from a small index (store.ADDED_INDEXES), and only the
# events of two reports or more (event_keys, brought up to date first) grouped.
PLACE_EVENTS = ("SELECT a.event, COUNT(*), MIN(a.date), MAX(a.date) FROM memberships m JOIN "
                "articles a INDEXED BY articles_members ON a.id = m.article JOIN event_keys k "
                "ON k.event = a.event WHERE m.kind = 'places' AND m.term = ? "
                "GROUP BY a.event HAVING COUNT(*) >= 2")


def place_events(ctx: Context, term: str) -> tuple[int, list[tuple[str, str, date | None, int]]]:
    """The events at a place: those two or more of whose reports name it (as an event's
    page lists the places two or more reports name). Their number, and the newest
    PLACE_EVENTS_SHOWN as (id, name, first date, reports at the place)."""
    event_keys(ctx)                  # the table up to date: the events of two reports or more
    rows = sorted(ctx.store.rows(PLACE_EVENTS, (term,)), key=_newest)
    shown = rows[:PLACE_EVENTS_SHOWN]
    names = _event_names(ctx, [event for event, *_ in shown])
    return len(rows), [(event, names[event], first and date.fromisoformat(first), count)
                       for event, count, first, _last in shown]


def _event_names(ctx: Context, events: list[str]) -> dict[str, str]:
    """Events' names as their pages give them (events.Event.name): each its first written
    title. An added article's place pages list about 300 events; reading each one's reports
    (unpickled) was a tenth of a CPU second an add at 10,000 articles. A name is kept in the
    database (table event_names) under the event's key, which holds its reports' list keys
    (their titles) in report order: a name is read again only when its event changed."""
    names = ctx.memo.setdefault("event names", {})
    wanted = [e for e in events if e not in names]
    if wanted:
        keys = event_keys(ctx)
        kept = {event: (key, name) for event, key, name in ctx.store.rows(
            "SELECT event, key, name FROM event_names WHERE event IN "
            f"({','.join('?' * len(wanted))})", wanted)}
        for event in wanted:
            key = keys.get(event, "")
            stored_key, name = kept.get(event, ("", ""))
            if not key or stored_key != key:
                name = _read_event_name(ctx, event)
                if key:
                    ctx.store.db.execute("INSERT OR REPLACE INTO event_names VALUES (?, ?, ?)",
                                         (event, key, name))
            names[event] = name
    return {e: names[e] for e in events}


def _read_event_name(ctx: Context, event: str) -> str:
    titles = [unpack_article(data, slug).title for slug, data in ctx.store.rows(
        "SELECT slug, data FROM articles JOIN article_data USING (id) WHERE event = ? "
        "ORDER BY report_key LIMIT 5", (event,))]
    return next((t for t in titles if not t.endswith("…")), titles[0] if titles else event)


def places_of_changed_events(ctx: Context) -> set[tuple[str, str]]:
    """The places whose pages list an event that changed: the places of every article
    linking moved or whose event's reports changed (link.py notes them all)."""
    if not ctx.changes.events:
        return set()
    found: set[tuple[str, str]] = set()
    ids = sorted(ctx.changes.articles)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found |= {("places", term) for (term,) in ctx.store.rows(
            "SELECT DISTINCT term FROM memberships WHERE kind = 'places' AND article IN "
            f"({','.join('?' * len(chunk))})", chunk)}
    return found
