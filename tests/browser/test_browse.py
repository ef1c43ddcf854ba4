"""Finding things in a real browser, on a site served under /archive/: search, filters, places,
tags, the 404 page; no console errors; no serious accessibility violations (axe-core)."""
from __future__ import annotations

import re

import pytest


def titles(page) -> list[str]:
    page.wait_for_selector(".search-results li, .search-status:has-text('0')", timeout=10_000)
    return page.locator(".search-results li a").all_inner_texts()


def search(page, site_url: str, query: str) -> list[str]:
    """Open the search page, wait until its index (all shards) is loaded, type and search."""
    page.goto(f"{site_url}search/")
    page.wait_for_function("document.querySelector('#search-filter-source option:nth-child(2)')",
                           timeout=10_000)             # filters are filled once Pagefind is up
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_function("/hasil|result/.test(document.querySelector('.search-status')"
                           ".textContent) && document.querySelectorAll('.search-results li')"
                           ".length > 0", timeout=10_000)
    return page.locator(".search-results li h3, .search-results li a").all_inner_texts()


def test_searching_a_place_finds_reports_in_both_languages(page, site_url):
    found = " ".join(search(page, site_url, "Beirut"))
    assert "Israel" in found                  # the Indonesian Kompas report (015)
    assert "63" in found or "air strikes" in found.lower() or "Beirut" in found
    assert len(page.locator(".search-results li").all()) >= 2
    assert page.problems == []


def test_a_filter_narrows_the_results(page, site_url):
    search(page, site_url, "tewas")
    before = page.locator(".search-results li").count()
    options = page.locator("#search-filter-source option").all_inner_texts()
    kompas = next(o for o in options if "KOMPAS" in o)
    page.select_option("#search-filter-source", label=kompas)
    # The list is emptied while the filtered search runs: wait for the new, shorter list.
    narrowed = page.wait_for_function(
        "(n => { const c = document.querySelectorAll('.search-results li').length;"
        " return c > 0 && c < n ? c : 0; })(" + str(before) + ")", timeout=10_000)
    after = narrowed.json_value()
    assert 0 < after < before
    assert "source=" in page.url              # the search can be linked
    assert page.problems == []


def test_places_index_to_a_place_to_its_articles(page, site_url):
    page.goto(f"{site_url}places/")
    assert page.locator("svg.place-map").count() == 1
    page.locator(".term-list a", has_text=re.compile(r"^Beirut$")).click()
    page.wait_for_url(re.compile(r"/archive/places/beirut/$"))
    assert page.locator("h1").inner_text() == "Beirut"
    page.locator(".article-list a").first.click()
    page.wait_for_url(re.compile(r"/archive/articles/[a-z0-9-]+/$"))
    assert "Beirut" in page.locator(".meta-panel").inner_text()
    assert page.problems == []


def test_a_tag_page_leads_to_an_article_and_back_home(page, site_url):
    page.goto(f"{site_url}tags/")
    page.locator(".term-list a").first.click()
    page.wait_for_url(re.compile(r"/archive/tags/[a-z0-9-]+/$"))
    tag = page.locator("h1").inner_text()
    page.locator(".article-list a").first.click()
    assert tag in page.locator(".tags").inner_text()
    page.locator(".brand").click()
    page.wait_for_url(re.compile(r"/archive/$"))
    assert page.problems == []


def test_the_404_page_renders_with_working_links(page, site_url):
    page.goto(f"{site_url}404.html")
    assert page.locator("h1").inner_text() == "Halaman tidak ditemukan"
    assert page.problems == []


@pytest.mark.parametrize("path", ["", "tags/", "places/", "sources/", "archive/", "search/",
                                  "places/beirut/", "archive/2025/"])
def test_no_serious_accessibility_violations(page, site_url, path):
    from axe_playwright_python.sync_playwright import Axe
    page.goto(f"{site_url}{path}")
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    serious = [f"{v['id']}: {v['help']}" for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_an_article_page_has_no_serious_accessibility_violations(page, site_url):
    from axe_playwright_python.sync_playwright import Axe
    page.goto(site_url)
    page.locator(".article-list a").first.click()
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    serious = [f"{v['id']}: {v['help']}" for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert page.problems == []


def test_hostile_text_in_the_search_index_shows_as_text(page, site_url):
    search(page, site_url, "Surabaya")
    shown = page.locator(".search-results li").first.inner_text()
    assert "<img src=x onerror=alert(1)>" in shown
    assert page.locator(".search-results img").count() == 0
    assert page.problems == []           # no alert() dialog, no console error
