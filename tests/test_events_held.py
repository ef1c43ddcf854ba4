"""Linking holds less (link.py, events/blocking.py) and links the same: on the labelled
incidents of ../shared/eval-events, built as a user builds them, the profiles linking holds
score every pair and give every key as the full profiles do, to the bit; the partners and
event ids a build writes as it goes are those the pass finds; groups are merged in the same
order."""
from __future__ import annotations

import sqlite3
from itertools import combinations
from pathlib import Path

import pytest

from site_builder.events import blocking_keys, link_ranked, pair_features, undated_of
from site_builder.events.grouping import average_linkage
from site_builder.events.profiles import lean
from site_builder.events.rarity import Rarity, weigh, word_table
from site_builder.link import _profile
from site_builder.store import database_path

from sitetools import SHARED, TinySite, cache_config

ARTICLES = SHARED / "eval-events" / "articles"


@pytest.fixture(scope="module")
def database(tmp_path_factory, gazetteer_cache) -> Path:
    if not ARTICLES.is_dir():
        pytest.skip("../shared/eval-events is not beside this clone")
    root = tmp_path_factory.mktemp("held-site")
    (root / "seeds").mkdir()
    for path in sorted(ARTICLES.iterdir()):
        if path.name.endswith((".txt", ".meta.yaml")):
            (root / "seeds" / path.name).write_bytes(path.read_bytes())
    (root / "site.toml").write_text(cache_config(gazetteer_cache), encoding="utf-8")
    done = TinySite(root).run("build")
    assert done.code == 0, done.err
    return database_path(gazetteer_cache, root / "content")


def read_profiles(database: Path) -> list[tuple[int, object]]:
    """(article id, profile) of every report, in linking order, as a first link reads them."""
    db = sqlite3.connect(database)
    try:
        return [(article, _profile(data, slug, seed)) for article, slug, seed, data in db.execute(
            "SELECT id, slug, seed, data FROM articles JOIN profiles USING (id) "
            "ORDER BY report_key")]
    finally:
        db.close()


def test_the_profiles_linking_holds_score_and_key_every_pair_as_the_full_ones(database):
    rarity = Rarity(word_table())
    full = [p for _, p in read_profiles(database)]
    for p in full:
        weigh(p, rarity)
    held = [lean(p) for p in full]
    assert len(full) > 100
    for a, b in zip(full, held, strict=True):
        assert blocking_keys(b) == blocking_keys(a)
    pairs = list(combinations(range(len(full)), 2))
    assert [pair_features(held[i], held[j]) for i, j in pairs] == \
        [pair_features(full[i], full[j]) for i, j in pairs]


def test_a_build_writes_the_partners_and_events_the_pass_finds(database):
    """The partners a first link writes as each report chooses them, and the event ids it
    sets, are those of linking the same profiles with everything kept in the result."""
    rows = read_profiles(database)
    ids = [article for article, _ in rows]
    profiles = [p for _, p in rows]
    linked = link_ranked(profiles, undated_of(profiles), on_keys=lambda rank, keys: None)
    db = sqlite3.connect(database)
    try:
        written = dict(db.execute("SELECT id, choices FROM link_reports WHERE pin IS NULL"))
        events = dict(db.execute("SELECT id, event FROM articles"))
    finally:
        db.close()
    assert written == {ids[rank]: " ".join(str(ids[j]) for j in partners)
                       for rank, partners in linked.choices.items()}
    assert events == dict(zip(ids, linked.ids, strict=True))
    assert len(set(linked.ids)) < len(ids)          # some reports were linked


def test_groups_merge_best_pair_first_and_equal_scores_in_pair_order():
    """Pairs that score alike merge in pair order: (0, 1) first, then (1, 2) cannot join it
    (their average is 0.45), and (2, 3) makes a group of its own; taken the other way round,
    (1, 2) first, neither 0 nor 3 could join. A higher score goes first: (0, 3) at 0.95."""
    tied = {(1, 2): 0.9, (0, 1): 0.9, (2, 3): 0.9}
    assert average_linkage([0, 1, 2, 3], tied, 0.5) == [[0, 1], [2, 3]]
    best = {**tied, (0, 3): 0.95}
    assert average_linkage([0, 1, 2, 3], best, 0.5) == [[0, 3], [1, 2]]


def test_a_first_link_writes_each_report_its_own_profile_digest(database):
    """link_reports.digest is what a relink compares to find the reports that changed: each
    report's must be its own profile's (link.py writes it as the report's keys are made, from
    the row read last: a read-ahead would give a report its neighbour's). A reviewer's test."""
    db = sqlite3.connect(database)
    try:
        wrong = db.execute("SELECT COUNT(*) FROM link_reports r JOIN articles a USING (id) "
                           "JOIN profiles p USING (id) WHERE r.digest != p.digest").fetchone()[0]
        total = db.execute("SELECT COUNT(*) FROM link_reports").fetchone()[0]
    finally:
        db.close()
    assert total > 100 and wrong == 0
