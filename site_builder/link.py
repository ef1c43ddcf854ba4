"""The archive's reports linked into events (events.py), when what linking reads changed.

Linking reads each article's profile (its date, places, kinds, and the words of its title and
lede), made with the article's record where it is read (site.py) and kept in the database.
Most rebuilds change no profile (a typo fixed past the lede, a tag added): the event ids the
database holds are still right, and linking does not run. When a profile changed, the archive
is linked again from the stored profiles, no article read again. Nothing here changes what the
ids are: a fresh clone with no cache gets the same ones.

The changes are noted for the planners: an article whose event id changed (its page, and the
`event` of its export rows), and every event whose reports changed, with all of its reports
(each one's page lists the others).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from site_builder.load import Changes
from site_builder.store import Store, unpack

if TYPE_CHECKING:
    from site_builder.events import Profile


def link_events(store: Store, changes: Changes) -> bool:
    """Bring every article's event id up to date; True when linking ran (a profile changed,
    or the pair model did: a refitted data/event-model.json links the archive again)."""
    state = f"{store.get('profiles')}:{_model_stamp()}"
    linked = state != store.get("linked")
    if linked:
        _link(store, changes)
        store.set("linked", state)
    _reach(store, changes)
    return linked


def _model_stamp() -> str:
    """The shipped pair model, by content (read without importing the linker)."""
    from site_builder.events.scores import MODEL_FILE
    return hashlib.sha256(MODEL_FILE.read_bytes()).hexdigest()[:16]


def _link(store: Store, changes: Changes) -> None:
    """Link the archive again from the stored profiles, read in linking order (report_key
    sorts as Profile.order does), twice (see events.link_ranked)."""
    from site_builder.events import link_ranked  # a fifth of a second to import
    ids: list[int] = []
    before: dict[int, str | None] = {}

    def read() -> Iterator[Profile]:
        ids.clear()
        for article, slug, seed, event, data in store.stream(
                "SELECT id, slug, seed, event, data FROM articles JOIN profiles USING (id) "
                "ORDER BY report_key"):
            profile = unpack(data)
            profile.slug = slug
            profile.order = (*profile.order[:2], tuple((seed or slug).split("/")), slug)
            ids.append(article)
            before[article] = event
            yield profile

    now = link_ranked(read)
    moved = [(event, article) for article, event in zip(ids, now, strict=True)
             if before[article] != event]
    store.db.executemany("UPDATE articles SET event = ? WHERE id = ?", moved)
    for event, article in moved:
        changes.articles.add(article)
        changes.events |= {event, before[article] or ""}


def _reach(store: Store, changes: Changes) -> None:
    """Every report of an event whose reports changed: its page lists the others."""
    changes.events.discard("")
    for event in sorted(changes.events):
        changes.articles.update(i for (i,) in store.rows(
            "SELECT id FROM articles WHERE event = ?", (event,)))
