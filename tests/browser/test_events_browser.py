"""Events in a real browser: the search page's event filter, the way from a report to its
event page, and the event page on a desktop and on a phone (no serious axe violations)."""
from __future__ import annotations

import re

import pytest

FIRE_EVENT = "kebakaran-pasar-kramat-jati"


def test_the_event_filter_finds_the_reports_of_one_incident_and_its_page(page, event_site_url):
    page.goto(f"{event_site_url}search/")
    page.wait_for_function("document.querySelector('#search-filter-event option:nth-child(2)')",
                           timeout=10_000)             # filled once Pagefind is up
    options = page.locator("#search-filter-event option").all_inner_texts()
    fire = next(o for o in options if "Kramat Jati" in o)
    page.select_option("#search-filter-event", label=fire)
    page.wait_for_function("document.querySelectorAll('.search-results li').length >= 3",
                           timeout=10_000)
    found = page.locator(".search-results li h2 a").all_inner_texts()
    assert sorted(found) == sorted([
        "Kebakaran Pasar Kramat Jati, Tiga Orang Tewas",            # the event page
        "Kebakaran Pasar Kramat Jati, Tiga Orang Tewas",            # its Indonesian report
        "Fire at Jakarta's Kramat Jati market kills four"])         # its English report
    assert "event=" in page.url                 # the filtered search can be linked
    links = page.locator(".search-results li h2 a").evaluate_all("els => els.map(e => e.href)")
    assert any(link.endswith(f"/archive/events/{FIRE_EVENT}/") for link in links)
    assert page.problems == []


def test_from_a_report_to_its_event_and_to_the_other_report(page, event_site_url):
    page.goto(f"{event_site_url}articles/fire-at-kramat-jati-market/")
    page.locator(".event-note a").click()
    page.wait_for_url(re.compile(rf"/archive/events/{FIRE_EVENT}/$"))
    table = page.locator("table.reports").inner_text()
    assert "Kompas.com" in table and "Jakarta Globe" in table
    page.locator("table.reports a", has_text="Kebakaran Pasar Kramat Jati").click()
    page.wait_for_url(re.compile(r"/archive/articles/kebakaran-pasar-kramat-jati/$"))
    assert page.problems == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_event_pages_have_no_serious_accessibility_violations(page, event_site_url,
                                                                  width):
    from axe_playwright_python.sync_playwright import Axe
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("events/", f"events/{FIRE_EVENT}/"):
        page.goto(f"{event_site_url}{path}")
        page.wait_for_load_state("networkidle")
        results = Axe().run(page)
        serious = [f"{v['id']}: {v['help']}" for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == [], path
        # Nothing sticks out sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.problems == []
