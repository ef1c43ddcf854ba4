"""The search index and the search page, over a tiny built site in two languages.

The pages carry exactly the markup search.py's docstring asks the templates for, so these tests
also pin that contract. The browser test serves the site under /archive/ to prove that the page
works under a base path, and that untrusted titles are shown as text.
"""
from __future__ import annotations

import contextlib
import gzip
import html
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_builder.search import SearchIndexError, index_shards, stop_background_index

REPO = Path(__file__).resolve().parent.parent
SEARCH_JS = REPO / "templates" / "static" / "search.js"
CHROMIUM = Path("/usr/bin/chromium")
EVIL_TITLE = '<img src=x onerror="window.__pwned=1">Banjir & "longsor"'


def article_page(lang: str, title: str, text: str, *, date: str, tags: list[str],
                 places: list[str], source: str, killed: str | None) -> str:
    """An article page marked up the way search.py documents for the article template."""
    esc = html.escape
    tag_links = " ".join(f'<a href="../../tags/{esc(t)}/" data-pagefind-filter="tag">{esc(t)}</a>'
                         for t in tags)
    place_links = " ".join(f'<a href="#" data-pagefind-filter="place">{esc(p)}</a>'
                           for p in places)
    killed_span = (f'<span data-killed="{esc(killed)}" data-pagefind-meta="killed[data-killed]">'
                   f"{esc(killed)}</span>" if killed else "")
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{esc(title)}</title></head>
<body><nav>Beranda Tag Tempat navigasi</nav>
<article lang="{lang}">
<h1 data-pagefind-meta="title">{esc(title)}</h1>
<time datetime="{date}" data-year="{date[:4]}" data-date-shown="{shown_date(date)}"
      data-pagefind-meta="date[datetime], date_shown[data-date-shown]"
      data-pagefind-filter="year[data-year]">{date}</time>
<span data-place="{esc(places[0])}" data-pagefind-meta="place[data-place]"></span>
{killed_span}
<div data-pagefind-body><p>{esc(text)}</p></div>
<aside>Panel metadata: <a href="#" data-pagefind-filter="source">{esc(source)}</a>
{place_links} {tag_links}</aside>
</article></body></html>"""


def shown_date(iso: str) -> str:
    """The date as the site shows it (the templates format it with Babel; here by hand)."""
    year, month, day = iso.split("-")
    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
    return f"{int(day)} {months[int(month) - 1]} {year}"


SEARCH_PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Cari</title>
</head><body><h1>Cari</h1>
<div id="search" data-site-root="../"></div>
<script type="module" src="../static/search.js"></script>
</body></html>"""


@pytest.fixture
def built_site(tmp_path) -> Path:
    """A built site: two Indonesian articles, one English one, a search page, search.js."""
    site = tmp_path / "archive"
    pages = {
        "articles/karabakh/index.html": article_page(
            "id", "Pertempuran di Nagorno-Karabakh",
            "Lebih dari 1.200 orang dilaporkan tewas dalam pertempuran di Baku.",
            date="2020-11-01", tags=["perang", "azerbaijan"], places=["Baku", "Stepanakert"],
            source="Gatra.com", killed="1.200+"),
        "articles/banjir/index.html": article_page(
            "id", EVIL_TITLE, "Ratusan rumah terendam, warga diselamatkan tim SAR.",
            date="2021-02-08", tags=["banjir"], places=["Jakarta"], source="Kompas",
            killed=None),
        "articles/fighting/index.html": article_page(
            "en", "Fighting in Karabakh", "More than 1,200 people were killed in the fighting.",
            date="2020-10-30", tags=["war", "azerbaijan"], places=["Baku"], source="Reuters",
            killed="1,200+"),
        "search/index.html": SEARCH_PAGE,
        "index.html": "<!doctype html><html lang='id'><body><h1>Arsip</h1></body></html>",
    }
    for relative, text in pages.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text, encoding="utf-8")
    (site / "static").mkdir()
    shutil.copy(SEARCH_JS, site / "static" / "search.js")
    return site


def build_search_index(site: Path, language: str = "en") -> dict:
    """Index the site's article pages as the build does (one shard); Pagefind's entry file."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.glob("articles/*/index.html"))
    index_shards(site, language, {0: pages}, 1)
    return json.loads((site / "pagefind" / "pagefind-entry.json").read_text())


def read_fragments(bundle: Path) -> dict[str, dict]:
    """Pagefind's per-page records (gzip, 'pagefind_dcd' + JSON), keyed by page URL."""
    records = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes()).decode("utf-8")
        record = json.loads(raw.removeprefix("pagefind_dcd"))
        records[record["url"]] = record
    return records


def test_index_holds_both_languages_in_one_site_language_index(built_site):
    started = time.perf_counter()
    entry = build_search_index(built_site, language="id")

    assert set(entry["languages"]) == {"id"}
    assert entry["languages"]["id"]["page_count"] == 3     # the three articles, not the lists
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert list((built_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert json.loads((built_site / "pagefind" / "shards.json").read_text()) == {"shards": []}
    assert time.perf_counter() - started < 10
    assert [p.name for p in built_site.parent.iterdir() if "mirror" in p.name] == []


def test_documented_markup_yields_filters_and_metadata(built_site):
    build_search_index(built_site, language="id")
    records = read_fragments(built_site / "pagefind")

    assert set(records) == {"/articles/karabakh/", "/articles/banjir/", "/articles/fighting/"}
    karabakh = records["/articles/karabakh/"]
    assert karabakh["filters"] == {"tag": ["perang", "azerbaijan"],
                                   "place": ["Baku", "Stepanakert"],
                                   "source": ["Gatra.com"], "year": ["2020"]}
    assert karabakh["meta"] == {"title": "Pertempuran di Nagorno-Karabakh",
                                "date": "2020-11-01", "date_shown": "1 Nov 2020",
                                "place": "Baku", "killed": "1.200+"}
    assert records["/articles/banjir/"]["meta"]["title"] == EVIL_TITLE
    # Only the data-pagefind-body text: the article's words, not the navigation nor the panel.
    assert karabakh["content"].startswith("Lebih dari 1.200 orang dilaporkan tewas")
    assert "navigasi" not in karabakh["content"] and "Panel" not in karabakh["content"]


def test_english_site_language_still_indexes_indonesian_pages(built_site):
    entry = build_search_index(built_site, language="en")
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {"en": 3}


def test_missing_binary_is_a_clear_error(built_site, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(built_site / "no-such-pagefind"))
    with pytest.raises(SearchIndexError, match=r'pagefind\[extended\]'):
        build_search_index(built_site)


# --- the search page in a real browser ---------------------------------------------------------

def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(built_site):
    """The built, indexed site served at http://127.0.0.1:PORT/archive/ (a base path)."""
    build_search_index(built_site, language="id")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "-d", str(built_site.parent)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/archive/"
    finally:
        server.terminate()
        server.wait(timeout=5)


@pytest.fixture
def browser_page(browser):
    page = browser.new_page()
    page.problems = []
    page.on("console", lambda m: m.type in ("error", "warning")
            and page.problems.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"pageerror: {e}"))
    yield page
    page.close()


def search(page, url: str) -> tuple[str, list[tuple[str, str]], list[str]]:
    """Open the search page at `url`; return the status, (title, href) links and meta lines."""
    page.goto(url)
    page.wait_for_selector("#search[data-search-done]", timeout=10_000)
    links = [(a.inner_text(), a.get_attribute("href"))
             for a in page.query_selector_all(".search-result h2 a")]
    metas = [m.inner_text() for m in page.query_selector_all(".search-result-meta")]
    return page.inner_text(".search-status"), links, metas


def test_search_page_finds_both_languages_under_a_base_path(served, browser_page):
    status, links, metas = search(browser_page, served + "search/?q=karabakh")

    assert status == "2 hasil"
    assert sorted(links) == [
        ("Fighting in Karabakh", served + "articles/fighting/"),
        ("Pertempuran di Nagorno-Karabakh", served + "articles/karabakh/")]
    assert "1 Nov 2020 · Baku · 1.200+ tewas" in metas     # the date as the site shows it
    assert browser_page.get_attribute(".search-result-meta time", "datetime") in (
        "2020-11-01", "2020-10-30")
    excerpts = browser_page.locator(".search-result-excerpt").all_inner_texts()
    assert any(e.startswith("Lebih dari 1.200 orang") for e in excerpts), excerpts
    assert browser_page.input_value("#search-q") == "karabakh"
    assert browser_page.problems == []


def test_filters_narrow_results_and_stay_in_the_address(served, browser_page):
    status, links, _ = search(browser_page, served + "search/?q=karabakh&tag=war")
    assert status == "1 hasil"
    assert [title for title, _ in links] == ["Fighting in Karabakh"]

    options = browser_page.eval_on_selector_all("#search-filter-year option",
                                                "os => os.map(o => o.value)")
    assert options == ["", "2021", "2020"]
    browser_page.select_option("#search-filter-tag", "")
    browser_page.select_option("#search-filter-year", "2021")
    browser_page.fill("#search-q", "")
    browser_page.dispatch_event("form.search-form", "submit")
    browser_page.wait_for_function("document.querySelectorAll('.search-result').length === 1"
                                   " && location.search === '?year=2021'")
    assert browser_page.problems == []


def test_untrusted_title_is_shown_as_text(served, browser_page):
    _, links, _ = search(browser_page, served + "search/?q=rumah")

    assert links == [(EVIL_TITLE, served + "articles/banjir/")]
    assert browser_page.query_selector(".search-results img") is None
    assert browser_page.evaluate("window.__pwned") is None
    assert browser_page.problems == []


def test_one_index_stems_indonesian_and_prefix_matches_english(served, browser_page):
    _, links, _ = search(browser_page, served + "search/?q=melaporkan")
    assert [title for title, _ in links] == ["Pertempuran di Nagorno-Karabakh"]  # → dilaporkan
    _, links, _ = search(browser_page, served + "search/?q=kill")
    assert [title for title, _ in links] == ["Fighting in Karabakh"]             # → killed
    assert browser_page.problems == []


def test_a_new_build_stops_the_running_index_job_and_takes_over_its_shards(tmp_path):
    """A job still indexing when the next build starts is stopped (its Pagefind runs with it),
    what it left half made is cleared, and the shards it had not finished are handed back, so
    the new build indexes them instead of leaving them stale."""
    output, cache = tmp_path / "output", tmp_path / ".cache"
    (output / "pagefind-shards" / "03.new-4242").mkdir(parents=True)
    (output / "pagefind.new-4242").mkdir()
    (tmp_path / ".output-mirror-4242-3").mkdir()
    (output / "pagefind-shards" / "02").mkdir()               # a finished shard stays
    cache.mkdir()
    (cache / "search-index-job.json").write_text(json.dumps(
        {"output": str(output), "language": "id", "shards": {"1": [], "3": []}, "count": 4}))
    job = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)",
                            "site_builder.search"], start_new_session=True)
    (cache / "search-index.pid").write_text(str(job.pid))
    cmdline = Path(f"/proc/{job.pid}/cmdline")
    deadline = time.monotonic() + 10
    while b"site_builder.search" not in cmdline.read_bytes() and time.monotonic() < deadline:
        time.sleep(0.01)                      # until the fork has become the job's program
    try:
        assert stop_background_index(cache) == {1, 3}
        assert job.wait(timeout=10) != 0                       # stopped, not finished
    finally:
        job.kill()
    assert sorted(p.name for p in output.rglob("*")) == ["02", "pagefind-shards"]
    assert [p.name for p in tmp_path.iterdir() if "mirror" in p.name] == []
    assert stop_background_index(cache) == set()              # nothing pending any more
