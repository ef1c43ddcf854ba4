"""The term index pages (/tags/, /places/ with its map, /sources/) and the sitemap's terms are
made from rows and parts kept between builds (render_terms.py, render_sitemap.py): after a new
tag or place, a count that changes and a term that disappears, a rebuild's output is a cold
build's, byte for byte."""
from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

from test_pagination import _list_site, _snapshot


def _report(content: Path, name: str, day: int, tags: str, place: str | None = None) -> None:
    """A dated report with these tags and, if given, one place the gazetteer lacks."""
    places = "" if place is None else (
        f"places:\n  - name: Kampung {place.title()}\n    id: local:kampung-{place}\n"
        f"    mentions: [Kampung {place.title()}]\n    country: ID\n    kind: other\n"
        f"    lat: -7.{len(place)}\n    lon: 110.{day}\n")
    (content / f"{name}.md").write_text(
        f"---\ntitle: Laporan {name}\ndate: 2025-11-{day:02d}\ntags: {tags}\n"
        f"source: Warta {day % 2}\n{places}---\nIsi {name}.\n", encoding="utf-8")


Step = tuple[str, Callable[[Path], None], Callable[[dict[str, bytes]], bool]]
STEPS: list[Step] = [
    ("a new tag", lambda c: _report(c, "baru", 20, "[banjir, gempa]"),
     lambda out: b"tags/gempa/" in out["tags/index.html"]),
    ("a new place", lambda c: _report(c, "desa", 21, "[banjir]", "ujung"),
     lambda out: b"Kampung Ujung" in out["places/index.html"]
     and b"places/kampung-ujung/" in out["sitemap.xml"]),
    ("a count that changes", lambda c: _report(c, "lagi", 22, "[gempa]", "ujung"),
     lambda out: out["tags/index.html"].count(b'class="count">2<') == 1),
    ("a term that disappears", lambda c: [(c / f"{n}.md").unlink() for n in ("baru", "lagi")],
     lambda out: b"gempa" not in out["tags/index.html"]
     and b"tags/gempa/" not in out["sitemap.xml"]),
    ("a place that disappears", lambda c: (c / "desa.md").unlink(),
     lambda out: b"Kampung Ujung" not in out["places/index.html"]),
]


def _cold(tmp_path: Path, name: str, content: Path, cache: Path) -> dict[str, bytes]:
    from site_builder.build import build
    from site_builder.config import load_config
    cold = _list_site(tmp_path / name, cache)
    shutil.rmtree(cold / "content")
    shutil.copytree(content, cold / "content")
    build(load_config(cold / "site.toml"))
    return _snapshot(cold / "output")


def test_term_indexes_and_sitemap_after_terms_come_and_go_are_a_cold_builds(
        tmp_path, gazetteer_cache):
    from site_builder.build import build
    from site_builder.config import load_config
    live = _list_site(tmp_path / "live", gazetteer_cache)
    for day in range(2, 8):
        _report(live / "content", f"laporan-{day}", day, "[banjir]", "lama")
    build(load_config(live / "site.toml"))
    for n, (what, change, shown) in enumerate(STEPS):
        change(live / "content")
        report = build(load_config(live / "site.toml"))
        assert report.in_place and not report.problems, what
        got = _snapshot(live / "output")
        assert shown(got), what
        expected = _cold(tmp_path, f"cold-{n}", live / "content", gazetteer_cache)
        assert got.keys() == expected.keys(), what
        assert [name for name in expected if got[name] != expected[name]] == [], what


def test_a_hand_edited_sitemap_is_not_copied_from(tmp_path, gazetteer_cache):
    """The sitemap's terms part is copied from the live file only as the build left it: an
    edit of it (its size kept) is not carried into the next build's."""
    from site_builder.build import build
    from site_builder.config import load_config
    live = _list_site(tmp_path / "live", gazetteer_cache)
    for day in range(2, 6):
        _report(live / "content", f"laporan-{day}", day, "[banjir]")
    build(load_config(live / "site.toml"))
    sitemap = live / "output" / "sitemap.xml"
    edited = sitemap.read_bytes().replace(b"tags/banjir/", b"tags/bANJIR/")
    assert edited != sitemap.read_bytes()
    sitemap.write_bytes(edited)
    _report(live / "content", "baru", 20, "[banjir]")
    build(load_config(live / "site.toml"))
    assert b"bANJIR" not in sitemap.read_bytes()
    expected = _cold(tmp_path, "cold", live / "content", gazetteer_cache)
    assert sitemap.read_bytes() == expected["sitemap.xml"]


def test_a_sites_own_term_row_showing_the_toll_follows_a_toll_edit(tmp_path, gazetteer_cache):
    """A site's own `_term_row.html` may show what the packaged one does not (the toll): a
    kept row must not outlive a change of it (a count unchanged)."""
    from site_builder.build import build
    from site_builder.config import load_config
    live = _list_site(tmp_path / "live", gazetteer_cache)
    (live / "templates").mkdir()
    (live / "templates" / "_term_row.html").write_text(
        "<li>{{ term.name }} {{ term.count }} deaths={{ term.deaths }}</li>", encoding="utf-8")
    for day in (2, 3):
        _report(live / "content", f"laporan-{day}", day, "[banjir]")
    build(load_config(live / "site.toml"))
    page = live / "content" / "laporan-2.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "---\nIsi", "casualties:\n  killed: {min: 7, max: 7, text: tujuh tewas}\n---\nIsi"),
        encoding="utf-8")
    _report(live / "content", "lain", 9, "[gempa]")
    build(load_config(live / "site.toml"))
    got = (live / "output" / "tags" / "index.html").read_bytes()
    assert b"banjir 2 deaths=7" in got
    cold = tmp_path / "cold"
    shutil.copytree(live, cold, ignore=shutil.ignore_patterns("output"))
    build(load_config(cold / "site.toml"))
    assert got == (cold / "output" / "tags" / "index.html").read_bytes()


def test_damaged_kept_rows_and_layouts_are_made_again_not_a_crash(tmp_path, gazetteer_cache):
    """What the database keeps for the term indexes and the sitemap, damaged (or written by
    another version of the same format number): the next build makes them afresh."""
    import sqlite3

    from site_builder.build import build
    from site_builder.config import load_config
    from site_builder.store import database_path
    live = _list_site(tmp_path / "live", gazetteer_cache)
    for day in range(2, 6):
        _report(live / "content", f"laporan-{day}", day, "[banjir]", "lama")
    config = load_config(live / "site.toml")
    build(config)
    damaged = {"term rows tags": b"garbage", "term rows places": pickle.dumps([1, 2]),
               "layout sitemap.xml": b"10 20 1 5 6\n1234567"}
    with sqlite3.connect(database_path(config.cache_path, config.content_path)) as db:
        for name, value in damaged.items():
            assert db.execute("UPDATE meta SET value = ? WHERE name = ?",
                              (value, name)).rowcount == 1, name
    _report(live / "content", "baru", 20, "[banjir, gempa]")
    report = build(load_config(live / "site.toml"))
    assert not report.problems
    expected = _cold(tmp_path, "cold", live / "content", gazetteer_cache)
    got = _snapshot(live / "output")
    assert [name for name in expected if got.get(name) != expected[name]] == []
