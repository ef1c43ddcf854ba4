"""Browser tests: a small mixed-language archive built once, served under /archive/ on
localhost, driven by Playwright in Debian's chromium (never a downloaded browser)."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EVAL_ARTICLES = REPO.parent / "shared" / "eval-dev" / "articles"
BASE_PATH = "/archive/"
# Two reports on Beirut, one Indonesian (Kompas) and one English (wire copy), plus the seed.
ARTICLES = ["015.txt", "047.txt", "001.txt", "049.txt"]
HOSTILE_TITLE = "Kebakaran <img src=x onerror=alert(1)> <script>alert(2)</script>"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser-site")
    (root / "seeds").mkdir()
    shutil.copy(REPO / "seeds" / "000_30332d0c8a07f051.txt", root / "seeds")
    for name in ARTICLES:
        if not (EVAL_ARTICLES / name).exists():
            pytest.skip("../shared/eval-dev is not beside this clone")
        shutil.copy(EVAL_ARTICLES / name, root / "seeds" / name)
    (root / "seeds" / "hostile.txt").write_text(
        f"TITLE: {HOSTILE_TITLE}\nSURABAYA, KOMPAS.com - Kebakaran di Surabaya, Senin (3/11/2025)."
        "\n<img src=x onerror=alert(1)>\n", encoding="utf-8")
    (root / "site.toml").write_text(
        'title = "Arsip Uji"\nlanguage = "id"\nper_page = 3\n'
        'base_url = "http://127.0.0.1/archive/"\n[extract]\nreference_date = 2025-11-25\n',
        encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "site_builder", "build"], cwd=root,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(REPO),
                                                            "SITE_BUILDER_SEARCH": "sync",
                                                            # several shards, merged
                                                            "SITE_BUILDER_SHARD_SIZE": "2"})
    assert done.returncode == 0, done.stderr
    return root / "output"


class _SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under /archive/ only, as GitHub Pages serves a project site."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(BASE_PATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(BASE_PATH):])

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    handler = functools.partial(_SubpathHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    server.shutdown()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and failed or 4xx requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    # A request the page itself cancelled (Pagefind aborts preloads it no longer needs) is not
    # a failure a user sees; any other failed request is.
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
            and page.problems.append(f"failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(
        f"{r.status}: {r.url}"))
    yield page
    context.close()
