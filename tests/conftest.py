"""Shared fixtures: tiny self-contained sites in temp dirs, built the way a user builds them."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitetools import TinySite


@pytest.fixture(scope="session")
def gazetteer_cache(tmp_path_factory) -> Path:
    """One gazetteer cache for the whole session, so each tiny site starts fast."""
    return tmp_path_factory.mktemp("gazetteer-cache")


@pytest.fixture(scope="session")
def gazetteer(gazetteer_cache):
    """The real gazetteer, loaded once (extraction's unit tests read real place names)."""
    from site_builder.extract import load_gazetteer
    return load_gazetteer(gazetteer_cache)


@pytest.fixture
def make_site(tmp_path, gazetteer_cache):
    """make_site(seeds={name: text}, config=toml text) → TinySite."""
    def make(seeds: dict[str, str | bytes] | None = None, config: str | None = None,
             seed_files: list[Path] = ()) -> TinySite:
        root = tmp_path / "site"
        (root / "seeds").mkdir(parents=True)
        for name, text in (seeds or {}).items():
            data = text.encode("utf-8") if isinstance(text, str) else text
            (root / "seeds" / name).write_bytes(data)
        for path in seed_files:
            shutil.copy(path, root / "seeds" / path.name)
        cache_line = f'cache_dir = "{gazetteer_cache}"\n'
        if config is not None:
            head, sep, tail = config.partition("[extract]")
            (root / "site.toml").write_text(cache_line + head + sep + tail, encoding="utf-8")
        return TinySite(root)
    return make


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
