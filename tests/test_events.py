"""Events: reports of one incident linked across outlets and languages, never a different
incident of the same city and week; event pages show every report's figures; a person's
`event:` in front matter wins; ids stay put when a report is added; events reach the feed, the
sitemap, the search index and the open data."""
from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from site_builder.events import candidate_pairs, link_events, profile
from site_builder.model import Article, Casualties, Place
from site_builder.store import database_path

from eventsite import (
    ARCHIVE,
    HOUSE_FIRE,
    MARKET_FIRE_EN,
    MARKET_FIRE_ID,
    write_archive,
    write_page,
)

FIRE_EVENT = "kebakaran-pasar-kramat-jati"      # the first report's slug


def built(make_site, pages=None):
    site = make_site(config="")
    write_archive(site.root, pages)
    done = site.run("build")
    assert done.code == 0, done.err
    return site


def events_by_slug(site) -> dict[str, str]:
    data = json.loads(site.html("data/articles.json"))
    return {row["slug"]: row["event"] for row in data["articles"]}


def test_an_indonesian_and_an_english_report_of_one_fire_share_an_event(make_site):
    site = built(make_site)
    events = events_by_slug(site)
    assert events["kebakaran-pasar-kramat-jati"] == events["fire-at-kramat-jati-market"] \
        == FIRE_EVENT
    # A house fire in the same city two days later, and a flood there that week: their own.
    assert events["kebakaran-rumah-di-cakung"] == "kebakaran-rumah-di-cakung"
    assert events["banjir-kampung-melayu"] == "banjir-kampung-melayu"
    rows = json.loads(site.html("data/articles.json"))["articles"]
    assert {r["seed"] for r in rows} == {a["seed"] for a in ARCHIVE.values()}


def test_the_event_page_shows_both_reports_with_their_figures_and_sentences(make_site):
    site = built(make_site)
    page = site.html(f"events/{FIRE_EVENT}/index.html")
    assert "<h1 data-pagefind-meta=\"title\">Kebakaran Pasar Kramat Jati, Tiga Orang Tewas" in page
    for report in (MARKET_FIRE_ID, MARKET_FIRE_EN):
        assert report["source"] in page
        assert report["casualties"]["killed"]["text"] in page
    rows = re.findall(r"<tr>.*?</tr>", page, re.S)[1:]          # the header row left out
    assert len(rows) == 2
    assert ">3<" in rows[0] and ">4<" in rows[1]                 # the toll rose: 3, then 4
    assert ">2<" in rows[0] and "not given" in rows[1]           # injured: 2, then none
    assert 'class="toll-chart"' in page                          # the figures differ: a chart
    assert "Kramat Jati" in page and "Jakarta Timur" in page
    assert "Cakung" not in page
    listing = site.html("events/index.html")
    assert f'href="../events/{FIRE_EVENT}/"' in listing and "2 reports" in listing
    assert "Cakung" not in listing


def test_an_article_page_links_its_event_and_the_other_report(make_site):
    site = built(make_site)
    page = site.html("articles/fire-at-kramat-jati-market/index.html")
    assert f'href="../../events/{FIRE_EVENT}/"' in page
    assert 'href="../../articles/kebakaran-pasar-kramat-jati/"' in page
    lone = site.html("articles/kebakaran-rumah-di-cakung/index.html")
    assert "events/" not in lone.split("<main", 1)[1].split("</main>", 1)[0]


def test_an_event_is_labelled_with_the_kinds_most_reports_name(make_site):
    # The English report mentions a road collision in passing: the event stays a fire.
    passing = {**MARKET_FIRE_EN, "body": MARKET_FIRE_EN["body"].replace(
        "killing four people", "killing four people after a collision closed the road")}
    site = built(make_site, {**ARCHIVE, "fire-at-kramat-jati-market": passing})
    assert events_by_slug(site)["fire-at-kramat-jati-market"] == FIRE_EVENT
    page = site.html(f"events/{FIRE_EVENT}/index.html")
    assert re.search(r'<p class="kicker">Event · Fire</p>', page)
    row = next(r for r in json.loads(site.html("data/events.json"))["events"]
               if r["id"] == FIRE_EVENT)
    assert row["kinds"] == ["fire"]


def test_front_matter_event_wins_and_none_keeps_a_report_out(make_site):
    pages = dict(ARCHIVE)
    site = make_site(config="")
    write_archive(site.root, pages)
    # A person puts the house fire in the market fire's event, and keeps the English report out.
    write_page(site.root / "content", "kebakaran-rumah-di-cakung", HOUSE_FIRE, event=FIRE_EVENT)
    write_page(site.root / "content", "fire-at-kramat-jati-market", MARKET_FIRE_EN, event="none")
    done = site.run("build")
    assert done.code == 0, done.err
    events = events_by_slug(site)
    assert events["kebakaran-rumah-di-cakung"] == FIRE_EVENT
    assert events["fire-at-kramat-jati-market"] == "fire-at-kramat-jati-market"
    page = site.html(f"events/{FIRE_EVENT}/index.html")
    assert "Cakung" in page and "Jakarta Globe" not in page


def test_a_bad_event_id_is_a_one_line_error_naming_the_page(make_site):
    site = make_site(config="")
    write_archive(site.root)
    write_page(site.root / "content", "banjir-kampung-melayu", ARCHIVE["banjir-kampung-melayu"],
               event="Banjir Besar!")
    done = site.run("build")
    assert done.code == 1
    assert re.search(r"banjir-kampung-melayu\.md: 'event' must be an event id", done.err)
    assert "fire-at-kramat-jati-market" in events_by_slug(site)     # the rest was built


def test_an_event_keeps_its_id_when_a_later_report_joins_and_on_a_fresh_clone(make_site,
                                                                              tmp_path):
    site = built(make_site)
    later = {**MARKET_FIRE_EN, "title": "Kramat Jati market fire: toll rises to five",
             "date": date(2025, 3, 12), "source": "Antara",
             "casualties": {"killed": {"min": 5, "max": 5, "text": "the toll rose to five"},
                            "injured": None},
             "seed": "seeds/000-antara.txt",     # sorts first: the id must not follow it
             "body": "JAKARTA (Antara) - The toll of the fire at the Kramat Jati wholesale "
                     "market in East Jakarta rose to five, Gatot Sulaeman of the East Jakarta "
                     "fire agency said on Wednesday; 25 fire engines fought the blaze in block "
                     "B on Monday."}
    write_page(site.root / "content", "kramat-jati-toll-rises", later)
    assert site.run("build").code == 0
    events = events_by_slug(site)
    assert events["kramat-jati-toll-rises"] == events["kebakaran-pasar-kramat-jati"] == FIRE_EVENT
    # A fresh clone: the content only, no cache, no output.
    clone = tmp_path / "clone"
    shutil.copytree(site.root, clone, ignore=shutil.ignore_patterns("output", ".cache"))
    fresh = type(site)(clone)
    assert fresh.run("build").code == 0
    assert events_by_slug(fresh) == events


def test_events_are_in_the_feed_the_sitemap_and_the_open_data(make_site):
    site = built(make_site)
    assert f"/events/{FIRE_EVENT}/</id>" in site.html("feed.xml")
    sitemap = site.html("sitemap.xml")
    assert f"/events/{FIRE_EVENT}/</loc>" in sitemap and "/events/</loc>" in sitemap
    data = json.loads(site.html("data/events.json"))
    assert data["count"] == 1
    event = data["events"][0]
    assert event["id"] == FIRE_EVENT and event["first_date"] == "2025-03-10"
    assert event["killed"]["lowest"] == 3 and event["killed"]["highest"] == 4
    assert event["killed"]["most_reported"]["min"] == 3      # one report each: the lower
    assert [r["language"] for r in event["reports"]] == ["id", "en"]
    table = list(csv.DictReader(io.StringIO(site.html("data/events.csv"))))
    assert table[0]["id"] == FIRE_EVENT and table[0]["reports"] == "2"
    assert table[0]["killed_lowest"] == "3" and table[0]["killed_highest"] == "4"
    articles = list(csv.DictReader(io.StringIO(site.html("data/articles.csv"))))
    assert {row["event"] for row in articles} >= {FIRE_EVENT, "banjir-kampung-melayu"}


# ---------------------------------------------------------------- linking as a pure function

def _article(slug: str, day: date, title: str, body: str, place: str = "Bandung",
             **changes) -> Article:
    return replace(Article(
        title=title, slug=slug, date=day, date_text=None, date_confidence="stated",
        language="id", source=None, wire=None, dateline=None,
        places=[Place(place, f"name:{place.lower()}", [place], "ID", "city", None, None)],
        casualties=Casualties(), tags=[], seed=f"seeds/{slug}.txt", seed_sha256=None,
        body=body), **changes)


def test_linking_is_the_same_whatever_the_order_of_the_articles():
    articles = [_article(f"a{n}", date(2025, 1, 1) + timedelta(days=n % 9),
                         f"Kebakaran gudang {n % 3} di Bandung",
                         f"Kebakaran melanda gudang nomor {n % 3} milik PT Sinar {n % 3}.")
                for n in range(30)]
    ids = dict(zip((a.slug for a in articles), link_events(articles), strict=True))
    shuffled = articles[:]
    random.Random(4).shuffle(shuffled)
    assert dict(zip((a.slug for a in shuffled), link_events(shuffled), strict=True)) == ids


def test_the_same_kind_of_incident_at_one_place_a_week_apart_is_two_events():
    first = _article("raung-1", date(2025, 6, 13), "Gunung Raung erupsi, kolom abu 1.000 meter",
                     "Gunung Raung di Banyuwangi erupsi dengan kolom abu setinggi 1.000 meter.",
                     place="Banyuwangi")
    again = _article("raung-2", date(2025, 6, 19), "Gunung Raung erupsi, kolom abu 2.000 meter",
                     "Gunung Raung di Banyuwangi erupsi dengan kolom abu setinggi 2.000 meter.",
                     place="Banyuwangi")
    same_day = replace(again, slug="raung-3", seed="seeds/raung-3.txt",
                       title="Raung kembali erupsi, abu capai 2.000 meter")
    assert link_events([first, again, same_day]) == ["raung-1", "raung-2", "raung-2"]


def test_candidate_pairs_stay_few_when_a_place_and_words_are_everywhere():
    """Blocking: 3,000 reports of one city in one week are not compared all with all."""
    articles = [_article(f"x{n}", date(2025, 1, 1) + timedelta(days=n % 7),
                         f"Laporan {n} dari Bandung", "Warga Bandung melapor ke polisi.")
                for n in range(3000)]
    profiles = sorted((profile(a) for a in articles), key=lambda p: p.order)
    pairs = candidate_pairs(profiles)
    assert len(pairs) < 3000 * 50        # all pairs would be 4.5 million


def test_a_hostile_report_title_is_text_on_the_event_page_and_in_its_chart(make_site):
    site = make_site(config="")
    write_archive(site.root)
    hostile = 'Kramat Jati fire <script>alert(1)</script> kills "four"'
    write_page(site.root / "content", "fire-at-kramat-jati-market", MARKET_FIRE_EN,
               title=hostile, source="<b>Globe</b>")
    assert site.run("build").code == 0
    page = site.html(f"events/{FIRE_EVENT}/index.html")
    assert "<script>alert(1)" not in page and "<b>Globe" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Globe&lt;/b&gt;" in page            # in the table and the chart's labels


def test_a_rebuild_links_again_when_a_report_changes_and_not_when_nothing_linking_reads_did(
        make_site):
    site = built(make_site)
    content = site.root / "content"
    # A tag and a line past the lede: linking reads neither, the event stays as it was.
    write_page(content, "fire-at-kramat-jati-market",
               {**MARKET_FIRE_EN, "body": MARKET_FIRE_EN["body"] + "\n\n" + "Updated. " * 300},
               tags=["pasar"])
    done = site.run("build")
    assert done.code == 0, done.err
    assert events_by_slug(site)["fire-at-kramat-jati-market"] == FIRE_EVENT
    # Kept out by a person: the next build takes the report out of the event.
    write_page(content, "fire-at-kramat-jati-market", MARKET_FIRE_EN, event="none")
    assert site.run("build").code == 0
    assert events_by_slug(site)["fire-at-kramat-jati-market"] == "fire-at-kramat-jati-market"
    assert not (site.root / "output" / "events" / FIRE_EVENT).exists()
    # A damaged cache costs time, never a wrong link.
    cache = Path(re.search(r'cache_dir = "(.*)"', (site.root / "site.toml").read_text())[1])
    database = database_path(cache, site.root / "content")
    assert database.exists()
    database.write_bytes(b"\x00garbage" * 1000)
    write_page(content, "fire-at-kramat-jati-market", MARKET_FIRE_EN)
    assert site.run("build").code == 0
    assert events_by_slug(site)["fire-at-kramat-jati-market"] == FIRE_EVENT


def test_an_event_page_keeps_its_place_s_link_when_a_namesake_arrives(make_site):
    # A country named like the event's district arrives: place slugs come from the gazetteer,
    # not from the archive's other places, so the district keeps its page (a citable URL) and
    # the event page keeps linking it; the namesake, which the gazetteer lacks, is named by
    # its id.
    site = built(make_site)
    assert 'href="../../places/east-jakarta/"' in site.html(f"events/{FIRE_EVENT}/index.html")
    namesake = {"name": "East Jakarta", "id": "sb:namesake", "mentions": ["East Jakarta"],
                "country": "XX", "kind": "country", "lat": 1.0, "lon": 1.0}
    write_page(site.root / "content", "elsewhere", {**HOUSE_FIRE, "places": [namesake]},
               date=date(2024, 1, 1))
    assert site.run("build").code == 0
    page = site.html(f"events/{FIRE_EVENT}/index.html")
    assert 'href="../../places/east-jakarta/"' in page
    assert "places/namesake/" not in page
    assert "East Jakarta" in site.html("places/namesake/index.html")


def test_a_report_whose_seed_is_edited_shows_the_new_seed_in_the_open_data(make_site):
    site = built(make_site)
    write_page(site.root / "content", "fire-at-kramat-jati-market", MARKET_FIRE_EN,
               seed="seeds/moved/002-globe.txt")
    assert site.run("build").code == 0
    for data in ("data/articles.json", "data/articles.csv"):
        assert "seeds/moved/002-globe.txt" in site.html(data)
        assert "seeds/002-globe.txt" not in site.html(data)


def test_a_read_also_line_gives_linking_nothing_of_the_other_story():
    """"Baca juga: Gempa Magnitudo 6,1 Guncang Peru" is a link to another incident kept in a
    copy: its names, figures and kind must not make this flood look like that quake."""
    body = ("Banjir merendam 300 rumah di Kecamatan Cikajang, Garut, Senin pagi.\n"
            "Baca juga: Gempa Magnitudo 6,1 Guncang Peru, 12 Orang Tewas\n"
            "Warga mengungsi ke masjid dan balai desa.")
    plain = body.replace("Baca juga: Gempa Magnitudo 6,1 Guncang Peru, 12 Orang Tewas\n", "\n")
    title = "Banjir rendam ratusan rumah di Garut"
    read_also = profile(_article("banjir-1", date(2025, 3, 3), title, body, place="Garut"))
    without = profile(_article("banjir-1", date(2025, 3, 3), title, plain, place="Garut"))
    assert "peru" not in read_also.terms and "6.1" not in read_also.figures
    assert (read_also.terms, read_also.names, read_also.kinds, read_also.figures) == \
        (without.terms, without.names, without.kinds, without.figures)
