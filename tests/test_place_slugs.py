"""A place's page URL is a function of the place and the gazetteer, not of which other places
the archive holds: adding an article never moves an existing place's page (a citable URL), a
fresh build gives the URLs incremental builds gave, and two places never share a page."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from site_builder.build import build
from site_builder.config import load_config
from site_builder.extract.gazetteer_slugs import assign_slugs

from sitetools import cache_config

ARMENIA_CITY = {"name": "Armenia", "id": "geonames:3689560", "country": "CO", "kind": "city",
                "lat": 4.53, "lon": -75.68}
ARMENIA_COUNTRY = {"name": "Armenia", "id": "geonames:174982", "country": "AM",
                   "kind": "country", "lat": 40.0, "lon": 45.0}


def make_site(root: Path, cache: Path) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text(cache_config(cache) + 'title = "Arsip"\nlanguage = "id"\n'
                                    "[search]\nbackground = false\n", encoding="utf-8")
    return root


def write_page(site: Path, n: int, places: list[dict], date: str = "2025-11-03") -> None:
    front = {"title": f"Laporan {n}", "slug": f"laporan-{n}", "language": "id",
             "places": places}
    lines = [f"date: {date}"]           # written bare: YAML reads a date
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
    text = "---\n" + "\n".join(lines) + f"\n---\n\nBanjir melanda kota, laporan {n}.\n"
    (site / "content" / f"laporan-{n}.md").write_text(text, encoding="utf-8")


def run_build(site: Path) -> None:
    report = build(load_config(site / "site.toml"))
    assert not report.extract.errors


def place_pages(site: Path) -> dict[str, bytes]:
    """Each place page's slug → its page's bytes."""
    folder = site / "output" / "places"
    return {p.parent.name: p.read_bytes() for p in folder.glob("*/index.html")}


def links_to(site: Path, article: str) -> str:
    return (site / "output" / "articles" / article / "index.html").read_text(encoding="utf-8")


def test_adding_a_more_important_same_named_place_moves_no_page(tmp_path, gazetteer_cache):
    site = make_site(tmp_path / "site", gazetteer_cache)
    write_page(site, 1, [ARMENIA_CITY])
    run_build(site)
    before = place_pages(site)
    assert list(before) == ["armenia-co"]       # the country is the gazetteer's "armenia"
    assert "Armenia" in before["armenia-co"].decode()

    write_page(site, 2, [ARMENIA_COUNTRY], date="2025-11-04")
    run_build(site)
    after = place_pages(site)
    assert sorted(after) == ["armenia", "armenia-co"]
    assert after["armenia-co"] == before["armenia-co"]      # the city's page did not change
    assert "places/armenia-co/" in links_to(site, "laporan-1")
    assert "places/armenia/" in links_to(site, "laporan-2")

    assert place_pages(copy_and_build_cold(site, tmp_path / "cold", gazetteer_cache)) == after


def test_a_place_the_gazetteer_lacks_never_takes_a_gazetteer_place_s_slug(tmp_path,
                                                                          gazetteer_cache):
    site = make_site(tmp_path / "site", gazetteer_cache)
    write_page(site, 1, [{"name": "Armenia", "id": "name:armenia", "kind": "other"}])
    run_build(site)
    assert list(place_pages(site)) == ["armenia-2"]
    write_page(site, 2, [ARMENIA_COUNTRY])
    run_build(site)
    assert sorted(place_pages(site)) == ["armenia", "armenia-2"]
    assert "places/armenia-2/" in links_to(site, "laporan-1")


def copy_and_build_cold(site: Path, cold: Path, cache: Path) -> Path:
    """A site of the same pages as `site`, built from nothing."""
    make_site(cold, cache)
    shutil.rmtree(cold / "content")
    shutil.copytree(site / "content", cold / "content")
    run_build(cold)
    return cold


def test_hand_written_place_ids_stay_inside_output_and_never_share_a_page(tmp_path,
                                                                          gazetteer_cache):
    site = make_site(tmp_path / "site", gazetteer_cache)
    write_page(site, 1, [{"name": "A-b", "id": "name:a-b", "kind": "other"}])
    run_build(site)
    hostile = [{"name": "Up", "id": "name:../../../etc", "kind": "other"},
               {"name": "Dots", "id": "name:..", "kind": "other"},
               {"name": "A b", "id": "name:a b", "kind": "other"}]   # slugifies as "a-b"
    write_page(site, 2, hostile, date="2025-11-04")
    run_build(site)
    pages = place_pages(site)
    assert len(pages) == 4                                 # four places, four pages
    assert "a-b" in pages and "A-b" in pages["a-b"].decode()
    for page in (site / "output").rglob("*"):
        assert page.resolve().is_relative_to((site / "output").resolve())
    assert not (tmp_path / "etc").exists()
    # The order the places arrived in does not matter: "name:a b" arriving first, or both
    # at once, gives each the page it has here.
    assert place_pages(copy_and_build_cold(site, tmp_path / "cold", gazetteer_cache)) == pages
    (site / "content" / "laporan-1.md").unlink()
    run_build(site)
    write_page(site, 1, [{"name": "A-b", "id": "name:a-b", "kind": "other"}])
    run_build(site)
    assert place_pages(site) == pages


def test_the_rule_ranks_by_kind_then_population_and_gives_every_place_its_own_slug():
    rows = [  # id, kind, country, lat, lon, population, name_en, name_id
        ("geonames:3", "city", "CO", 0, 0, 300_000, "Armenia", "Armenia"),
        ("geonames:9", "country", "AM", 0, 0, 3_000_000, "Armenia", "Armenia"),
        ("geonames:4", "city", "CO", 0, 0, 1_000, "Armenia", "Armenia"),
        ("geonames:5", "city", "US", 0, 0, 500, "Armenia", "Armenia"),
        ("geonames:6", "city", "DE", 0, 0, 10, "Armenia DE", "Armenia DE"),
        ("geonames:7", "city", "DE", 0, 0, 0, "Armenia", "Armenia"),
    ]
    slugs = assign_slugs(rows, "en")
    assert slugs == {"geonames:9": "armenia",             # a country before any city
                     "geonames:3": "armenia-co",          # the larger Colombian town
                     "geonames:4": "armenia-co-4",        # its id settles the rest
                     "geonames:5": "armenia-us",
                     "geonames:6": "armenia-de",          # a place's own name comes first
                     "geonames:7": "armenia-de-7"}
    assert assign_slugs(reversed(rows), "en") == slugs   # the order of the rows is no matter
