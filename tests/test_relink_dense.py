"""Relinking a dense archive gives the event ids a link from scratch gives.

The real reports of ../shared/eval-events, each COPIES times on its own day (as the bench
corpus grows: many reports in the same days), so that a key two incidents share is crowded
(BLOCK_LIMIT holders within WINDOW_DAYS: no evidence) while a key of one incident is not. A
relink leaves alone the holders of a window crowded before and after the change, and works
out a reached report's evidence from its kept windows and best partners with the sums a change
moves put in (relink_evidence.py); each step here checks that, and what the link keeps,
against a link of the whole archive: copies added until an incident's own keys are crowded,
then taken away again, and a report moved to another incident's day."""
from __future__ import annotations

import marshal
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from site_builder import relink_evidence
from site_builder.content import find_pages, read_page
from site_builder.events.blocking import BLOCK_LIMIT, CANDIDATES
from site_builder.link import link_events
from site_builder.load import Changes
from site_builder.site import Record, record_of
from site_builder.store import Store

from sitetools import REPO, SHARED, write_site

sys.path.insert(0, str(REPO / "bench"))
from relink_bench import insert  # the loader's rows for linking, as the bench makes them

ARTICLES = SHARED / "eval-events" / "articles"
COPIES = 12                     # with the other reports of its days: some keys crowded
BLOCK_EXTRA = 9                 # 12 copies + 9: more than BLOCK_LIMIT on one day


@pytest.fixture(scope="module")
def records(tmp_path_factory, gazetteer_cache) -> list[Record]:
    """The labelled reports as linking reads them (extracted as a build extracts them)."""
    if not ARTICLES.is_dir():
        pytest.skip("../shared/eval-events is not beside this clone")
    site = write_site(tmp_path_factory.mktemp("dense") / "site", gazetteer_cache,
                      seed_files=sorted(ARTICLES.glob("*.txt")))
    done = site.run("extract", "seeds")
    assert done.code == 0, done.err
    return [record_of(read_page(page)) for page in find_pages(site.root / "content")]


def copy_of(record: Record, name: str) -> Record:
    return replace(record, slug=name, seed=f"seeds/{name}.txt")


# What a link leaves for the next relink to start from: each report's live keys, its chosen
# partners and the pairs scored. A relink that got the ids right but left these wrong would
# go wrong only at a later change.
KEPT = {"windows": "SELECT id, windows FROM link_evidence ORDER BY id",
        "choices": "SELECT id, choices FROM link_reports ORDER BY id",
        "pairs": "SELECT a, b, score FROM link_pairs ORDER BY a, b"}


def relinked(store: Store) -> dict[str, object]:
    """Link as a build does (a relink of what changed), then every article's event id and
    what the link keeps."""
    changes = Changes()
    link_events(store, changes)
    store.commit()
    return {"ids": dict(store.rows("SELECT id, event FROM articles")),
            **{name: store.rows(query) for name, query in KEPT.items()},
            "best partners": Partners(store.rows("SELECT id, floor, top FROM link_evidence"))}


class Partners:
    """Each report's kept best partners (link_evidence): every partner with at least its
    floor's evidence. A relink keeps those above the floor of its last full working-out, a
    link from scratch its TOP_KEPT best; both must agree above the higher of the two floors."""

    def __init__(self, rows: list[tuple[int, float, bytes]]) -> None:
        self.rows = {i: (floor, marshal.loads(top)) for i, floor, top in rows}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Partners) or self.rows.keys() != other.rows.keys():
            return False
        for i, (floor, top) in self.rows.items():
            their_floor, theirs = other.rows[i]
            least = max(floor, their_floor)
            if [e for e in top if e[2] >= least] != [e for e in theirs if e[2] >= least]:
                return False
        return True

    def __repr__(self) -> str:
        return f"Partners({len(self.rows)} reports)"


def from_scratch(store: Store, tmp_path: Path) -> dict[str, object]:
    """The ids (and kept tables) a link of the whole archive gives, in a copy of the
    database."""
    path = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}.sqlite"
    target = sqlite3.connect(path)
    store.db.backup(target)
    fresh = Store(path, target)
    fresh.set("link method", "")
    ids = relinked(fresh)
    fresh.close()
    return ids


def test_relinking_a_dense_archive_gives_the_ids_of_a_link_from_scratch(records, tmp_path):
    relink_steps(records, tmp_path)


def test_reports_with_too_few_kept_partners_are_worked_out_whole(records, tmp_path,
                                                                 monkeypatch):
    """With no room kept beyond CANDIDATES, most reached reports lose a kept partner to a
    change and have their evidence worked out whole from their keys' holders: that way too
    gives the ids (and kept rows) of a link from scratch."""
    whole = []
    chosen = relink_evidence.Kept.chosen

    def counted(kept, *args):
        found = chosen(kept, *args)
        whole.append(found is None)
        return found
    monkeypatch.setattr(relink_evidence, "TOP_KEPT", CANDIDATES)
    monkeypatch.setattr(relink_evidence.Kept, "chosen", counted)
    relink_steps(records, tmp_path)
    assert any(whole) and not all(whole)


def relink_steps(records: list[Record], tmp_path: Path) -> None:
    """Copies added, taken away, one moved: after each, the relink is a link from scratch."""
    work = tmp_path / "cache"
    store = Store.open(work, work / "content", "id")
    dated = sorted((r for r in records if r.date), key=lambda r: r.report_key)
    for n, record in enumerate(records):
        for k in range(COPIES):
            insert(store, copy_of(record, f"a{n:03d}-{k:02d}"))
    first = relinked(store)["ids"]
    method = store.get("link method")
    assert len(set(first.values())) < len(first) // 4           # copies are linked together
    crowded = store.value("SELECT COUNT(*) FROM (SELECT 1 FROM link_keys GROUP BY key, "
                          "substr(rkey, 1, 5) HAVING COUNT(*) > ?)", (BLOCK_LIMIT,))
    assert crowded > 0                                          # keys crowded on a day
    # copies of one report added until its own keys are crowded (and they tip others)
    target = dated[len(dated) // 2]
    added = [insert(store, copy_of(target, f"z-added-{k}")) for k in range(BLOCK_EXTRA)]
    assert relinked(store) == from_scratch(store, tmp_path), "added"
    # taken away again: windows crowded before are not any more
    for article in added[1:]:
        store.db.execute("DELETE FROM articles WHERE id = ?", (article,))
        store.db.execute("DELETE FROM profiles WHERE id = ?", (article,))
    assert relinked(store) == from_scratch(store, tmp_path), "removed"
    # one report moved: another report's profile and day
    other = dated[len(dated) // 3]
    store.db.execute("UPDATE articles SET date = ?, report_key = ? WHERE id = ?",
                     (other.date.isoformat(), other.report_key, added[0]))
    store.db.execute("UPDATE profiles SET digest = ?, data = ? WHERE id = ?",
                     (other.profile_digest, other.profile, added[0]))
    assert relinked(store) == from_scratch(store, tmp_path), "moved"
    assert store.get("link method") == method                   # relinked, not linked again
    store.close()

