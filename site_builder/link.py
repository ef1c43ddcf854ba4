"""The archive's reports linked into events (events/), when what linking reads changed.

Linking reads each article's profile (its date, places, kinds, and the words of its title and
lede), made with the article's record where it is read (site.py) and kept in the database.
Most rebuilds change no profile (a typo fixed past the lede, a tag added): the event ids the
database holds are still right, and linking does not run.

The first build links the whole archive in one pass (events.link_ranked) and keeps what it
found in the `link_` tables: each report's keys, the partners it chose, the scores kept.
After that a changed profile (a trigger notes it in `link_dirty`) relinks only the reports it
can reach (relink.py): a report's partners depend only on the reports within a few days that
share one of its keys, and a group only on the pairs of its connected part. Nothing here
changes what the ids are: a fresh clone with no cache gets the same ones (tests/test_relink.py
builds both ways and compares). Another pair model, word list or format of these tables
links the archive again from the start; so does other linking code (events/, relink.py, this
module).

The changes are noted for the planners: an article whose event id changed (its page, and the
`event` of its export rows), and every event whose reports changed, with all of its reports
(each one's page lists the others).
"""
from __future__ import annotations

import hashlib
import marshal
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder.load import Changes
from site_builder.store import Store, unpack

if TYPE_CHECKING:
    from site_builder.events import Linked, Profile

# A report as the pass read it: article id, profile digest, report_key, pin.
Row = tuple[int, str, bytes, "str | None"]
LINK_FORMAT = "5"              # what the link_ tables hold; another format links afresh
#                               (5: link_evidence, each report's windows and best partners)
# The shipped pair model (events/scores.py's MODEL_FILE), named here so that every build's
# check of the link tables' stamp does not import the linker (and rapidfuzz): 15 ms of a
# no-change rebuild's 0.25 CPU s. tests/test_relink.py checks that both name one file.
MODEL_FILE = Path(__file__).parent / "data" / "event-model.json"


def link_events(store: Store, changes: Changes) -> bool:
    """Bring every article's event id up to date; True when linking ran (a profile changed,
    or the pair model or word list did: then the archive is linked again)."""
    method = f"{LINK_FORMAT}:{_model_stamp()}:{_wordlist()}"
    if store.get("link method") != method:
        moved = _link_all(store)
        store.set("link method", method)
    elif _many_changed(store):
        moved = _link_all(store)
    elif store.value("SELECT 1 FROM link_dirty LIMIT 1"):
        from site_builder.relink import relink
        moved = relink(store)
    else:
        _reach(store, changes)
        return False
    store.db.execute("DELETE FROM link_dirty")
    _note(store, changes, moved)
    _reach(store, changes)
    return True


# Changed reports past which the archive is linked afresh rather than relinked: each reached
# report's evidence is summed against every changed report, so many changes at once cost more
# than a link from scratch (a reviewer's run, 2,000 reports: 50 added relinked in 1.1 CPU s,
# from scratch 2.0; 200 added 4.5 against 2.2-3.1). The result is the same either way.
MANY_CHANGED_SHARE, MANY_CHANGED_MIN = 0.03, 50


def _many_changed(store: Store) -> bool:
    dirty = store.value("SELECT COUNT(*) FROM link_dirty")
    return dirty > MANY_CHANGED_MIN and \
        dirty > MANY_CHANGED_SHARE * store.value("SELECT COUNT(*) FROM articles")


def _model_stamp() -> str:
    """The shipped pair model and the linking code, by content (read without importing the
    linker, or anything of events/): the stored keys, choices and scores of the link tables
    are what this code made, so other code (an upgrade, an edit of events/ or relink*.py)
    links the archive afresh rather than relinking changed reports with new rules beside
    stored ones made by old."""
    package = Path(__file__).parent
    digest = hashlib.sha256(MODEL_FILE.read_bytes())
    code = [*sorted((package / "events").glob("*.py")), package / "relink.py",
            package / "relink_postings.py", package / "relink_evidence.py",
            package / "relink_groups.py", Path(__file__)]
    for source in code:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


def _wordlist() -> str:
    from site_builder.events.rarity import wordlist_version
    return wordlist_version()


def _link_all(store: Store) -> dict[int, tuple[str | None, str]]:
    """Link the archive again from the stored profiles, read in linking order (report_key
    sorts as Profile.order does), and keep what linking found. The moved ids: article →
    (event before, event now)."""
    from site_builder.events import link_ranked, undated_of
    from site_builder.events.rarity import Rarity
    from site_builder.relink_evidence import kept_floor, ranked
    rarity = Rarity(*_store_words(store))
    rows = _Ranks()

    def read(where: str = "") -> Iterator[Profile]:
        # All reports in the order of the report_key index; a few (`where`) sorted apart
        # ("+": not by walking the whole index for them).
        order = "+report_key" if where else "report_key"
        for article, slug, seed, digest, rkey, data in store.stream(
                "SELECT id, slug, seed, digest, report_key, data FROM articles "
                f"JOIN profiles USING (id) {where} ORDER BY {order}"):
            profile = _profile(data, slug, seed)
            if not where:
                rows.append((article, digest, rkey, profile.pin))
            yield profile

    for table in ("link_reports", "link_keys", "link_pairs", "link_evidence"):
        store.db.execute(f"DELETE FROM {table}")

    def keys(rank: int, keys: list[str]) -> None:
        """A report's keys, into the tables as they come (not held: 40 a report)."""
        article, digest, rkey = rows.ids[rank], rows.digest, rows.rkeys[rank]
        store.db.execute("INSERT INTO link_reports VALUES (?, ?, ?, NULL, ?, '')",
                         (article, digest, rkey, "\n".join(keys)))
        store.db.executemany("INSERT INTO link_keys VALUES (?, ?, ?)",
                             ((key, rkey, article) for key in keys))

    def evidence(rank: int, sizes: bytes, found: dict[int, float]) -> None:
        """A dated report's windows and best partners (relink_evidence.py), as it chooses."""
        floor = kept_floor(found.values())          # (only the kept ones looked up)
        best = {j: w for j, w in found.items() if w >= floor}
        rkeys, ids = rows.rkeys, rows.ids
        floor, top = ranked({rkeys[j]: w for j, w in best.items()},
                            {rkeys[j]: ids[j] for j in best}, floor)
        store.db.execute("INSERT INTO link_evidence VALUES (?, ?, ?, ?)",
                         (ids[rank], sizes, floor, marshal.dumps(top)))

    def choices(rank: int, partners: list[int]) -> None:
        """A report's partners, as it chooses them (its row is in: its keys came first)."""
        ids = rows.ids
        store.db.execute("UPDATE link_reports SET choices = ? WHERE id = ?",
                         (" ".join(str(ids[j]) for j in partners), ids[rank]))

    undated = undated_of(read("WHERE date IS NULL"))
    linked = link_ranked(read(), undated, rarity=rarity, on_keys=keys, on_evidence=evidence,
                         on_choices=choices)
    _keep(store, rows, linked)
    moved = _moved(store, dict(zip(rows.ids, linked.ids, strict=True)))
    store.db.executemany("UPDATE articles SET event = ? WHERE id = ?",
                         ((now, article) for article, (_, now) in moved.items()))
    return moved


def _moved(store: Store, now: dict[int, str]) -> dict[int, tuple[str | None, str]]:
    """The articles whose event id is not what it was: article → (before, now). The ids
    before are read now, not held through the pass (a string a report, read among the
    reports' short-lived objects, that a build then keeps in its Changes)."""
    return {article: (before, now[article])
            for article, before in store.stream("SELECT id, event FROM articles")
            if article in now and before != now[article]}


class _Ranks:
    """What the pass keeps of each report it read, by rank: its article id and report_key,
    each in a list of its own (a tuple a report with its digest and event was 19 MB at
    100,000); the digest only of the report just read (its keys are written as it is read)
    and of the pinned ones."""

    def __init__(self) -> None:
        self.ids = array("q")
        self.rkeys: list[bytes] = []
        self.digest = ""
        self.pinned: list[Row] = []

    def append(self, row: Row) -> None:
        article, self.digest, rkey, pin = row
        self.ids.append(article)
        self.rkeys.append(rkey)
        if pin is not None:
            self.pinned.append(row)


def _profile(data: bytes, slug: str, seed: str | None) -> Profile:
    """A stored profile with its slug, ordered as its row (report_key) is."""
    profile = unpack(data)
    profile.slug = slug
    profile.order = (*profile.order[:2], tuple((seed or slug).split("/")), slug)
    return profile


def _keep(store: Store, rows: _Ranks, linked: Linked) -> None:
    """The rest of what the pass found, by article id: the pinned reports, the pair scores
    kept (each report's choices are in: told as they were made)."""
    db = store.db
    db.executemany("INSERT INTO link_reports VALUES (?, ?, ?, ?, '', '')",
                   rows.pinned)
    ids = rows.ids
    db.executemany("INSERT INTO link_pairs VALUES (?, ?, ?)",
                   ((min(ids[i], ids[j]), max(ids[i], ids[j]), score)
                    for (i, j), score in linked.scores.items()))


def _store_words(store: Store) -> tuple[dict[str, float], float]:
    """The word table (events/rarity.py), kept in the database: a rebuild then reads only
    the words of the reports it weighs, without importing the word lists."""
    from site_builder.events.rarity import unknown_rarity, word_table
    table = word_table()
    unknown = unknown_rarity(table)
    store.db.execute("DELETE FROM link_words")
    store.db.executemany("INSERT INTO link_words VALUES (?, ?)", table.items())
    store.set("link unknown rarity", unknown)
    return table, unknown


def _note(store: Store, changes: Changes, moved: dict[int, tuple[str | None, str]]) -> None:
    """An article whose event id moved: its page, and both events' pages."""
    for article, (before, now) in moved.items():
        changes.articles.add(article)
        changes.events |= {now, before or ""}


def _reach(store: Store, changes: Changes) -> None:
    """Every report of an event whose reports changed: its page lists the others."""
    changes.events.discard("")
    for event in sorted(changes.events):
        changes.articles.update(i for (i,) in store.rows(
            "SELECT id FROM articles WHERE event = ?", (event,)))
