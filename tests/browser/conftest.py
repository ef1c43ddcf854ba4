"""Browser tests: the suite's small archive of real articles (tests/conftest.py: archive_site),
served under /archive/ on localhost, driven by Playwright in Debian's chromium (never a
downloaded browser)."""
from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BASE_PATH = "/archive/"


@pytest.fixture(scope="session")
def built_site(archive_site) -> Path:
    return archive_site.output


class _SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under /archive/ only, as GitHub Pages serves a project site."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(BASE_PATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(BASE_PATH):])

    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """`folder` served at http://127.0.0.1:PORT/archive/ for the time of the block."""
    handler = functools.partial(_SubpathHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def demo_url(demo_site) -> Iterator[str]:
    """This repository's demo archive (places close together in the Caucasus)."""
    with serve(demo_site.output) as url:
        yield url


@pytest.fixture(scope="session")
def event_site_url(site_factory) -> Iterator[str]:
    """The tiny archive of tests/eventsite.py (a market fire reported in Indonesian and in
    English, a house fire and a flood in the same city that week), built and served."""
    from eventsite import write_archive
    site = site_factory("event-site", config="")
    write_archive(site.root)
    done = site.run("build")
    assert done.code == 0, done.err
    with serve(site.root / "output") as url:
        yield url


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
