"""Where a place is drawn (its map marker: latitude, longitude, kind, country) is taken from
the newest report that names it. An added or edited report that moves it must bring along
every page that draws the place, those of events it is not part of included: a rebuild's
output/ must be a cold build's."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from eventsite import (
    EAST_JAKARTA,
    FLOOD,
    HOUSE_FIRE,
    MARKET_FIRE_ID,
    write_archive,
    write_page,
)
from sitetools import write_site

FIRE_EVENT = "kebakaran-pasar-kramat-jati"


def _files(output: Path) -> dict[str, bytes]:
    """The built site's files but the search index (hashed names) and the build stamp."""
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.is_file() and not p.relative_to(output).as_posix().startswith("pagefind")
            and p.name != ".site-builder-inputs"}


def _cold(root: Path, gazetteer_cache: Path, content: Path) -> dict[str, bytes]:
    cold = write_site(root, gazetteer_cache, config="")
    shutil.copytree(content, cold.root / "content")
    done = cold.run("build")
    assert done.code == 0, done.err
    return _files(cold.output)


def test_a_newer_report_moving_a_place_redraws_the_events_there_as_a_cold_build(
        tmp_path, gazetteer_cache):
    site = write_site(tmp_path / "live", gazetteer_cache, config="")
    write_archive(site.root)
    done = site.run("build")
    assert done.code == 0, done.err
    event_page = f"events/{FIRE_EVENT}/index.html"
    before = site.html(event_page)
    content = site.root / "content"
    # A lone report, newest of all, draws East Jakarta elsewhere (added, then edited); the
    # fire's reports are untouched, yet its page maps East Jakarta where the newest puts it.
    for step, (lat, lon) in enumerate(((-6.3, 106.95), (-6.21, 106.88))):
        write_page(content, "banjir-susulan",
                   {**FLOOD, "title": "Banjir Susulan di Jakarta Timur",
                    "date": date(2025, 3, 20), "places": [{**EAST_JAKARTA, "lat": lat,
                                                           "lon": lon}],
                    "seed": "seeds/009-kompas.txt"})
        done = site.run("build")
        assert done.code == 0, done.err
        expected = _cold(tmp_path / f"cold-{step}", gazetteer_cache, content)
        assert expected[event_page] != before.encode()    # a cold build draws it elsewhere
        got = _files(site.output)
        assert got[event_page] == expected[event_page], step
        assert got == expected, step
        before = got[event_page].decode()


def test_a_place_pages_event_names_after_a_report_is_retitled_are_a_cold_builds(
        tmp_path, gazetteer_cache):
    """A place page lists the events there by name (the first report's title). The names
    are kept between builds (plan/events.py): after the first report is retitled, the place
    page names the event by its new title, as a cold build does."""
    site = write_site(tmp_path / "live", gazetteer_cache, config="")
    write_archive(site.root)
    done = site.run("build")
    assert done.code == 0, done.err
    place_page = "places/east-jakarta/index.html"
    old_title = "Kebakaran Pasar Kramat Jati, Tiga Orang Tewas"
    assert old_title in site.html(place_page)
    content = site.root / "content"
    new_title = "Kebakaran Pasar Kramat Jati, Tiga Pedagang Tewas"
    write_page(content, "kebakaran-pasar-kramat-jati", MARKET_FIRE_ID, title=new_title)
    done = site.run("build")
    assert done.code == 0, done.err
    page = site.html(place_page)
    assert new_title in page and old_title not in page
    assert _files(site.output) == _cold(tmp_path / "cold", gazetteer_cache, content)
    # A second report of the house fire: an event forms there, and the place page lists it.
    assert "events/kebakaran-rumah-di-cakung/" not in page
    write_page(content, "kebakaran-rumah-di-cakung-2", HOUSE_FIRE, source="Kompas.com",
               seed="seeds/005-kompas.txt")
    done = site.run("build")
    assert done.code == 0, done.err
    assert "events/kebakaran-rumah-di-cakung/" in site.html(place_page)
    assert _files(site.output) == _cold(tmp_path / "cold-2", gazetteer_cache, content)
