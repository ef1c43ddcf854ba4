"""Shared fixtures: tiny self-contained sites in temp dirs, built the way a user builds them.

`make_site` gives each test its own site; `site_factory` makes sites that a module or the whole
session shares; `archive_site` is a small archive of real articles (this repository's seed and a
few of ../shared/eval-dev's, under a subpath base URL) that the browser and the reader tests
share; `demo_site` is this repository's own demo archive, built under the same base URL."""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sitetools import BASE_URL, EVAL_DEV, REPO, SEED_ARTICLE, TinySite, cache_config, write_site

# Real articles for the shared archive: two reports on Beirut (Indonesian Kompas 015, English
# wire copy 047), Gaza (001), Baghdad (049), a temple fire with Windows-1252 quotes stored as C1
# controls (124), an undated CNN Indonesia report (041), Bern (109) and a 2015 report (143), so
# the timeline spans years with empty months between.
ARCHIVE_ARTICLES = ["015", "047", "001", "049", "124", "041", "109", "143"]
HOSTILE_TITLE = "Kebakaran <img src=x onerror=alert(1)> <script>alert(2)</script>"
HOSTILE_SEED = (f"TITLE: {HOSTILE_TITLE}\nSURABAYA, KOMPAS.com - Kebakaran di Surabaya, Senin "
                "(3/11/2025).\n<img src=x onerror=alert(1)>\n")


@pytest.fixture(scope="session")
def gazetteer_cache(tmp_path_factory) -> Path:
    """One gazetteer cache for the whole session, so each tiny site starts fast."""
    return tmp_path_factory.mktemp("gazetteer-cache")


@pytest.fixture(scope="session")
def whole_gazetteer_cache(gazetteer_cache) -> Path:
    """The session's cache with both copies of the index written (the pickle a build loads,
    the SQLite copy its lazy lookups open), for tests that link them into a site's own cache
    folder: without the SQLite copy every such site's first build writes one (69 MB)."""
    from site_builder.extract.gazetteer import Gazetteer
    Gazetteer.ensure_cached(gazetteer_cache, wait=True)
    return gazetteer_cache


@pytest.fixture(scope="session")
def gazetteer(gazetteer_cache):
    """The real gazetteer, loaded once (extraction's unit tests read real place names)."""
    from site_builder.extract import load_gazetteer
    return load_gazetteer(gazetteer_cache)


@pytest.fixture(scope="session")
def attribution(gazetteer):
    """An opening's (source, wire, dateline), as extraction reads them."""
    from site_builder.extract.attribution import find_attribution
    from site_builder.extract.places import place_kind
    kind = place_kind(gazetteer)

    def find(text: str, title: str | None = None, language: str = "id"):
        found = find_attribution(text, language, kind, title)
        return found.source, found.wire, found.dateline
    return find


SiteMaker = Callable[..., TinySite]


@pytest.fixture
def make_site(tmp_path, gazetteer_cache) -> SiteMaker:
    """make_site(seeds={name: text}, config=toml text, seed_files=[...]) → TinySite."""
    def make(**kwargs) -> TinySite:
        return write_site(tmp_path / "site", gazetteer_cache, **kwargs)
    return make


@pytest.fixture(scope="session")
def site_factory(tmp_path_factory, gazetteer_cache) -> Callable[..., TinySite]:
    """site_factory(name, seeds=..., config=..., seed_files=...) → a TinySite in a fresh folder,
    for fixtures that a module or the whole session shares."""
    def make(name: str, **kwargs) -> TinySite:
        return write_site(tmp_path_factory.mktemp(name), gazetteer_cache, **kwargs)
    return make


def need_eval_dev() -> Path:
    articles = EVAL_DEV / "articles"
    if not articles.is_dir():
        pytest.skip("../shared/eval-dev is not beside this clone")
    return articles


@pytest.fixture(scope="session")
def archive_site(site_factory) -> TinySite:
    """The shared archive of real articles, built once: Indonesian site language, three
    articles a page, under BASE_URL, its search index in several shards (merged in the
    browser). Skipped, with the reason, where ../shared/eval-dev is not beside the clone."""
    articles = need_eval_dev()
    site = site_factory(
        "archive", seeds={"hostile.txt": HOSTILE_SEED},
        seed_files=[SEED_ARTICLE, *(articles / f"{n}.txt" for n in ARCHIVE_ARTICLES)],
        config=f'title = "Arsip Uji"\nlanguage = "id"\nper_page = 3\nbase_url = "{BASE_URL}"\n'
               "[extract]\nreference_date = 2025-11-25\n[search]\nshard_size = 2\n")
    built = site.run("build")
    assert built.code == 0, built.err
    return site


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory, gazetteer_cache) -> TinySite:
    """This repository's demo archive (seeds/, content/, site.toml) built under BASE_URL."""
    root = tmp_path_factory.mktemp("demo")
    for folder in ("seeds", "content"):
        shutil.copytree(REPO / folder, root / folder)
    config = (REPO / "site.toml").read_text(encoding="utf-8")
    (root / "site.toml").write_text(cache_config(gazetteer_cache) + config,
                                    encoding="utf-8")
    site = TinySite(root)
    built = site.run("build", "--base-url", BASE_URL)
    assert built.code == 0, built.err
    return site


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _need_browser() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing in CI: .ci/run installs Debian's chromium")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()
