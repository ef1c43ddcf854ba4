"""The terms (tags, places, sources) a load's changes reached, brought up to date in the
database: each one's count, deaths, name, newest article, and a new place's slug.

Apart from load.py because it is the part of a rebuild that must not grow with the archive:
a term's count and toll come from an index (articles_deaths) rather than its members' rows,
and its newest article from sorting its members or walking the archive newest first,
whichever reads fewer rows (`_newest_query`). A place's name and slug come from the
gazetteer's SQLite copy, opened only when a place appears that the database has not named.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from site_builder.store import Store, pack, unpack
from site_builder.urls import SlugPool, numbered_from

if TYPE_CHECKING:
    from site_builder.extract.gazetteer import Gazetteer
    from site_builder.load import Changes
    from site_builder.model import Place

# A term's articles (two parameters: kind, term), each joined to its article `a`.
MEMBERS = ("FROM memberships m JOIN articles a ON a.id = m.article "
           "WHERE m.kind = ? AND m.term = ?")
# A term's count and toll, its articles' deaths read from the index that holds them.
TOLL = ("SELECT COUNT(*), COALESCE(SUM(a.deaths), 0) FROM memberships m JOIN articles a "
        "INDEXED BY articles_deaths ON a.id = m.article WHERE m.kind = ? AND m.term = ?")
# A term's newest article (kind, term): its articles sorted, or the archive walked in its
# order (articles_order) to the first that is one of them.
NEWEST = f"SELECT m.name, m.article {MEMBERS} ORDER BY a.sort_key LIMIT 1"
NEWEST_WALKED = ("SELECT m.name, m.article FROM articles a CROSS JOIN memberships m "
                 "ON m.kind = ? AND m.term = ? AND m.article = a.id ORDER BY a.sort_key LIMIT 1")


def where_drawn(place: Place | None) -> str:
    """What a map shows of a place term (its newest report's Place): where it is, and what
    kind and country (a country is left off a map that marks one of its cities). The
    place's page, the place list and the pages of the events there draw it so."""
    return repr(place and (place.lat, place.lon, place.kind, place.country))


class TermRefresh:
    """One refresh of the terms `changes` names (Loader.finish runs it once a load)."""

    def __init__(self, store: Store, language: str, cache_dir: Path | None,
                 changes: Changes) -> None:
        self.store = store
        self.language = language
        self.cache_dir = cache_dir
        self.changes = changes
        self._lazy_gazetteer: Gazetteer | None = None
        self._archive: int | None = None        # articles, counted when first needed

    def run(self) -> None:
        """Counts, deaths, names and places of the terms the changes reached. A place's slug
        is given once, when it first appears, and never moves (gazetteer_slugs). A place
        whose name or point (its newest report's) moved is noted: the pages of the events
        there name and draw it, whichever report moved it."""
        db = self.store.db
        for kind, term in sorted(self.changes.terms):
            count, deaths = db.execute(TOLL, (kind, term)).fetchone()
            old = db.execute("SELECT slug, name, place FROM terms WHERE kind = ? AND "
                             "term = ?", (kind, term)).fetchone()
            if count == 0:
                if old:
                    db.execute("DELETE FROM terms WHERE kind = ? AND term = ?", (kind, term))
                    self.changes.gone.add(f"{kind}/{old[0]}")
                    self.changes.sitemap = True
                    self.changes.kinds.add(kind)
                continue
            name, first = db.execute(self._newest_query(count), (kind, term)).fetchone()
            place, slug = None, old[0] if old else term
            if kind == "places":
                known_name, known_slug = self._gazetteer_place(term)
                name = known_name or name
                drawn = next(p for p in self.store.article(first).places if p.id == term)
                place = pack(drawn)
                slug = old[0] if old else self._new_place_slug(term, known_slug)
                if old and (old[1] != name or
                            where_drawn(unpack(old[2])) != where_drawn(drawn)):
                    self.changes.renamed.add(term)
            db.execute("INSERT OR REPLACE INTO terms VALUES (?,?,?,?,?,?,?)",
                       (kind, term, slug, name, count, deaths, place))
            self.changes.kinds.add(kind)
            self.changes.sitemap |= old is None

    def _newest_query(self, count: int) -> str:
        """How to find the newest of a term's `count` articles: sorting them costs `count`
        look-ups, walking the archive newest first about archive / count (a place in a third
        of 100,000 articles: three, not 31,000). The same article either way (sort keys are
        unique: they end with the slug)."""
        if self._archive is None:
            self._archive = self.store.value("SELECT COUNT(*) FROM articles")
        return NEWEST_WALKED if count * count > self._archive else NEWEST

    def _new_place_slug(self, place_id: str, known_slug: str | None) -> str:
        """A new place's slug: the gazetteer's, or, for a place it lacks, one from its id
        (gazetteer_slugs.fallback_slug). Both are functions of the place; the pool is a last
        guard, for two ids of other schemes with one tail ("name:x", "my:x")."""
        slug = known_slug or _fallback(place_id, self._gazetteer(), self.language)
        low, high = numbered_from(slug)
        taken = {s for (s,) in self.store.db.execute(
            "SELECT slug FROM terms WHERE kind = 'places' AND slug >= ? AND slug < ?",
            (low, high))}
        return SlugPool(taken).take(slug)

    def _gazetteer(self) -> Gazetteer:
        """The gazetteer's SQLite copy, opened once a run (a millisecond: not loaded whole)."""
        if self._lazy_gazetteer is None:
            from site_builder.extract import load_gazetteer
            self._lazy_gazetteer = load_gazetteer(self.cache_dir, lazy=True)
        return self._lazy_gazetteer

    def _gazetteer_place(self, place_id: str) -> tuple[str | None, str | None]:
        """A place's name in the site language and its page's slug, from the gazetteer (read
        once, and only when a place appears that the database has not named before); Nones
        for an id the gazetteer lacks."""
        db = self.store.db
        query = "SELECT name, slug FROM place_names WHERE id = ? AND language = ?"
        row = db.execute(query, (place_id, self.language)).fetchone()
        if row is not None:
            return row
        missing = [term for (term,) in db.execute(
            "SELECT DISTINCT term FROM memberships WHERE kind = 'places' AND term NOT IN "
            "(SELECT id FROM place_names WHERE language = ?)", (self.language,))]
        gazetteer = self._gazetteer()
        db.executemany("INSERT OR REPLACE INTO place_names VALUES (?,?,?,?)",
                       [(term, self.language, gazetteer.place_name(term, self.language),
                         gazetteer.place_slug(term, self.language))
                        for term in {*missing, place_id}])
        return db.execute(query, (place_id, self.language)).fetchone()


def _fallback(place_id: str, gazetteer: Gazetteer, language: str) -> str:
    """The slug of a place the gazetteer lacks (imported here: the extract package is heavy,
    and a rebuild that meets no new place need not load it)."""
    from site_builder.extract.gazetteer_slugs import fallback_base, fallback_slug
    return fallback_slug(place_id, gazetteer.slugs_from(fallback_base(place_id), language))
