"""An event's headline toll is the figure most of its reports give, with the range beside it,
not the highest one report gave; each place page lists the events there, and a rebuild that
links a new report brings the place page along."""
from __future__ import annotations

import csv
import io
import json

from eventsite import ARCHIVE, MARKET_FIRE_EN, MARKET_FIRE_ID, write_archive, write_page

FIRE_EVENT = "kebakaran-pasar-kramat-jati"


def _count(n: int, text: str) -> dict:
    return {"min": n, "max": n, "text": text}


def test_the_toll_is_what_most_reports_give_and_the_range_is_shown(make_site):
    # The market fire: 3 killed (first report), then 4 twice, and one report misread as 44.
    site = make_site(config="")
    write_archive(site.root)
    content = site.root / "content"
    for slug, figure, seed in (("fire-toll-rises-to-four", 4, "seeds/005.txt"),
                               ("market-fire-forty-four", 44, "seeds/006.txt")):
        write_page(content, slug, {**MARKET_FIRE_EN, "seed": seed,
                                   "title": f"Kramat Jati market fire: {figure} dead"},
                   event=FIRE_EVENT,
                   casualties={"killed": _count(figure, f"{figure} people died"),
                               "injured": None})
    done = site.run("build")
    assert done.code == 0, done.err
    page = site.html(f"events/{FIRE_EVENT}/index.html")
    assert "Toll most reports give" in page and "Highest toll" not in page
    assert 'data-killed="4"' in page and ">4 killed</strong>" in page
    assert "(reports give 3 to 44)" in page
    listing = site.html("events/index.html")
    assert ">4 killed</span> <span class=\"note\">(reports give 3 to 44)</span>" in listing
    row = json.loads(site.html("data/events.json"))["events"][0]
    assert row["killed"]["lowest"] == 3 and row["killed"]["highest"] == 44
    assert row["killed"]["most_reported"]["min"] == 4
    table = list(csv.DictReader(io.StringIO(site.html("data/events.csv"))))
    assert table[0]["killed_most_reported"] == "4" and table[0]["killed_highest"] == "44"


def test_a_place_page_lists_the_events_there_and_follows_a_new_report(make_site):
    site = make_site(config="")
    write_archive(site.root, {k: v for k, v in ARCHIVE.items()
                              if k != "fire-at-kramat-jati-market"})
    done = site.run("build")
    assert done.code == 0, done.err
    assert "Events here" not in site.html("places/kramat-jati/index.html")
    # The English report arrives: the two reports are one event, listed where it happened.
    write_page(site.root / "content", "fire-at-kramat-jati-market", MARKET_FIRE_EN)
    done = site.run("build")
    assert done.code == 0, done.err
    for place in ("kramat-jati", "east-jakarta"):
        page = site.html(f"places/{place}/index.html")
        assert "Events here" in page, place
        assert f'href="../../events/{FIRE_EVENT}/">{MARKET_FIRE_ID["title"]}</a>' in page
        assert "2 reports" in page
    # A house fire named by one report only is no event: Cakung lists none. (This Cakung is
    # one the gazetteer lacks: "cakung" is the gazetteer's Cakung's page, whichever the
    # archive holds, so this one's is "cakung-2".)
    assert "Events here" not in site.html("places/cakung-2/index.html")
