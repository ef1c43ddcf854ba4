"""An event's reports changing one build at a time (re-dated, retitled, removed, a lone report
becoming an event's second and back, events merged and split by `event:` pins), and a database
made before the render kept event names and its covering index: after each build, output/
must be a cold build's of the same content (place pages list events by name, kept by the
event's key; term timelines read from an index)."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

from test_incremental_places import _cold, _files

from eventsite import FLOOD, HOUSE_FIRE, MARKET_FIRE_EN, MARKET_FIRE_ID, write_archive, write_page
from sitetools import write_site

FIRE = "kebakaran-pasar-kramat-jati"
HOUSE_2 = {"source": "Kompas.com", "seed": "seeds/005-kompas.txt"}


def _build_and_compare(site, tmp_path: Path, gazetteer_cache: Path, step: str) -> None:
    done = site.run("build")
    assert done.code == 0, done.err
    got = _files(site.output)
    expected = _cold(tmp_path / f"cold-{step}", gazetteer_cache, site.root / "content")
    assert [name for name in sorted(set(got) | set(expected))
            if got.get(name) != expected.get(name)] == [], step


def _house_fires(content: Path, **changes) -> None:
    write_page(content, "kebakaran-rumah-di-cakung", HOUSE_FIRE, **changes)
    write_page(content, "kebakaran-rumah-di-cakung-2", HOUSE_FIRE, **HOUSE_2, **changes)


def test_event_changes_build_by_build_equal_a_cold_build(tmp_path, gazetteer_cache):
    site = write_site(tmp_path / "live", gazetteer_cache, config="")
    write_archive(site.root)
    content = site.root / "content"
    _build_and_compare(site, tmp_path, gazetteer_cache, "first")
    english = "fire-at-kramat-jati-market"
    steps: list[tuple[str, Callable[[], object]]] = [
        ("re-dated", lambda: write_page(content, english, MARKET_FIRE_EN, date=date(2025, 3, 9))),
        ("retitled", lambda: write_page(content, FIRE, MARKET_FIRE_ID, title="Pasar Terbakar…")),
        ("removed", lambda: (content / f"{english}.md").unlink()),
        ("added back", lambda: write_page(content, english, MARKET_FIRE_EN)),
        ("lone report gains a second", lambda: write_page(
            content, "kebakaran-rumah-di-cakung-2", HOUSE_FIRE, **HOUSE_2)),
        ("merged by pins", lambda: _house_fires(content, event=FIRE)),
        ("a flood pinned in", lambda: write_page(content, "banjir-kampung-melayu", FLOOD,
                                                 event=FIRE)),
        ("split again", lambda: _house_fires(content)),
        ("first report out", lambda: write_page(content, FIRE, MARKET_FIRE_ID, event="none")),
        ("second gone", lambda: (content / "kebakaran-rumah-di-cakung-2.md").unlink()),
    ]
    for step, change in steps:
        change()
        _build_and_compare(site, tmp_path, gazetteer_cache, step)


def test_a_database_without_kept_event_names_or_the_members_index(tmp_path, gazetteer_cache):
    """A site built by the version before them: the table and the indexes are made on open
    and a retitled report's event is named anew on the place pages."""
    from site_builder.config import load_config
    from site_builder.store import database_path

    site = write_site(tmp_path / "live", gazetteer_cache, config="")
    write_archive(site.root)
    done = site.run("build")
    assert done.code == 0, done.err
    config = load_config(site.root / "site.toml")
    with sqlite3.connect(database_path(config.cache_path, config.content_path)) as db:
        db.execute("DROP TABLE event_names")
        db.execute("DROP INDEX articles_members")
        db.execute("DROP INDEX articles_report_key")
    write_page(site.root / "content", FIRE, MARKET_FIRE_ID, title="Judul Baru")
    _build_and_compare(site, tmp_path, gazetteer_cache, "retitled")
