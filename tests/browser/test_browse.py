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


def test_search_results_show_dates_as_the_pages_do_and_excerpts_from_the_text(page, site_url):
    """A result shows its date in the site language, as the lists do (not 2016-01-24), and an
    excerpt of the article's own words (not the byline or the metadata panel)."""
    page.goto(f"{site_url}search/?year=2016")
    page.wait_for_selector("#search[data-search-done]", timeout=10_000)
    results = page.locator(".search-result").all()
    assert len(results) >= 2
    for result in results:
        date = result.locator(".search-result-meta time")
        assert re.fullmatch(r"2016-\d\d-\d\d", date.get_attribute("datetime"))
        assert re.fullmatch(r"\d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) 2016",
                            date.inner_text()), date.inner_text()
    first = results[0]
    excerpt = " ".join(first.locator(".search-result-excerpt").inner_text().split())
    first.locator("h2 a").click()
    page.wait_for_url(re.compile(r"/archive/articles/[a-z0-9-]+/$"))
    body = " ".join(page.locator(".article-body").inner_text().split())
    assert body.startswith(" ".join(excerpt.split()[:6])), (excerpt, body[:200])
    assert page.problems == []


def test_the_article_panel_keeps_the_date_apart_from_its_note(page, site_url, built_site):
    """'20 Mei 2016 (diperkirakan: ...)', not '20 Mei 2016(diperkirakan: ...)'."""
    noted = re.compile(r'<dd>\s*[^<]*\d{4}\s*<span class="note">\(')
    inferred = [p.parent.name for p in built_site.glob("articles/*/index.html")
                if noted.search(p.read_text(encoding="utf-8"))]
    assert inferred                       # dates without a year written are inferred
    page.goto(f"{site_url}articles/{inferred[0]}/")
    date = page.locator(".meta-panel dd").first.inner_text()
    assert re.search(r"\d{4} \(\w+", date), date


def test_the_timeline_links_only_months_that_have_a_page(page, site_url):
    page.goto(site_url)
    bars = page.locator("svg.timeline rect.bar").count()
    links = page.eval_on_selector_all("svg.timeline a", "as => as.map(a => a.href.baseVal)")
    assert 0 < len(links) < bars                  # empty months drawn, not linked
    for href in links:
        response = page.goto(f"{site_url}{href}")
        assert response.status == 200, href
    assert page.problems == []


OVERLAPS = """svg => {
  const box = e => { const b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
  const hit = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  const view = svg.viewBox.baseVal;
  const labels = [...svg.querySelectorAll('text.map-label')].map(t => [t, box(t)]);
  const dots = [...svg.querySelectorAll('circle')].map(c => [c, box(c)]);
  const found = [];
  labels.forEach(([t, a], i) => {
    if (a[0] < 0 || a[1] < 0 || a[2] > view.width || a[3] > view.height)
      found.push(`${t.textContent} leaves the map`);
    labels.slice(i + 1).forEach(([u, b]) =>
      hit(a, b) && found.push(`${t.textContent}/${u.textContent}`));
    dots.forEach(([c, b]) => c.parentNode !== t.parentNode && hit(a, b)
      && found.push(`${t.textContent} on ${c.parentNode.querySelector('title').textContent}`));
  });
  return {labels: labels.length, found};
}"""


# Places a few kilometres apart: around Jakarta, and in Karabakh.
CLUSTERS = [[("Jakarta", -6.21, 106.85), ("Bekasi", -6.24, 106.99), ("Depok", -6.40, 106.82),
             ("Tangerang", -6.18, 106.63), ("Bogor", -6.60, 106.80), ("Tangerang Selatan",
                                                                     -6.29, 106.71)],
            [("Stepanakert", 39.82, 46.75), ("Shusha", 39.76, 46.75), ("Nagorno-Karabakh",
                                                                       39.92, 46.79),
             ("Baku", 40.38, 49.89), ("Yerevan", 40.18, 44.51), ("Ganja", 40.68, 46.36)]]


@pytest.mark.parametrize("width", [1280, 390])
def test_place_labels_on_the_map_do_not_overlap(browser, demo_url, width):
    """Measured with the browser's own font: no name on another, nor on another's marker,
    nor off the map; on the demo's maps (the Caucasus; a place page) and close clusters."""
    from site_builder.charts_map import place_map_svg
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for url in (f"{demo_url}places/", f"{demo_url}places/baku/"):
        page.goto(url)
        result = page.eval_on_selector("svg.place-map", OVERLAPS)
        assert result["labels"] >= 1 and result["found"] == [], (url, result)
    for cluster in CLUSTERS:
        svg = place_map_svg([(name, "#", lat, lon) for name, lat, lon in cluster])
        page.goto(f"{demo_url}places/")             # the site's own style sheet
        page.eval_on_selector("figure.map", "(f, svg) => { f.innerHTML = svg; }", svg)
        result = page.eval_on_selector("svg.place-map", OVERLAPS)
        assert result["labels"] >= 3 and result["found"] == [], (cluster, result)
    context.close()
