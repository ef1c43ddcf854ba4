"""Nothing lost: a human edit survives any sequence of seed edits, re-extractions and rebuilds;
a build killed at any point leaves the previous site whole and the next run completes;
rebuilds while `serve` is serving never show a half-written site.
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder import extract, ingest
from site_builder.content import read_page
from site_builder.extract import load_gazetteer as _load_gazetteer
from site_builder.load import Loader
from site_builder.store import Store, unpack_article
from site_builder.write import write_files

from sitetools import REPO, WAIT_FOR_SEARCH, TinySite, staged_output

# ---------------------------------------------------------------- edit / re-extract cycles

SEEDS = 3
WORDS = st.sampled_from(["Banjir", "Gempa", "Jakarta", "tewas", "lima", "Bekasi", "hujan",
                         "<b>", "{{ x }}", "---", "*", "é", "北京"])
SENTENCE = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
ACTION = st.one_of(
    st.tuples(st.just("seed"), st.integers(0, SEEDS - 1), SENTENCE),
    st.tuples(st.just("edit"), st.integers(0, SEEDS - 1), SENTENCE),
    st.tuples(st.just("touch"), st.integers(0, SEEDS - 1), st.just("")),
    st.tuples(st.just("forget"), st.integers(0, SEEDS - 1), st.just("")),
    st.tuples(st.just("extract"), st.just(0), st.just("")),
)


def _gazetteer(cache_dir: Path | None, lazy: bool = False):
    """One gazetteer per test session: loading it is the slow part of a small extract."""
    return _loaded(cache_dir)


@functools.cache
def _loaded(cache_dir: Path | None):
    return _load_gazetteer(cache_dir)


class Archive:
    """A site folder plus what the test knows a person did to it."""

    def __init__(self, root: Path, cache: Path) -> None:
        self.root, self.cache = root, cache
        self.seeds, self.content = root / "seeds", root / "content"
        self.seeds.mkdir(parents=True)
        self.edited: dict[str, str] = {}      # seed name → the page text a person wrote

    def write_seed(self, number: int, sentence: str) -> None:
        path = self.seeds / f"s{number}.txt"
        path.write_text(f"TITLE: Judul {number}\nJAKARTA - {sentence}.\n", encoding="utf-8")

    def page_of(self, number: int) -> Path | None:
        for page in self.content.glob("*.md"):
            if f"seed: seeds/s{number}.txt\n" in page.read_text(encoding="utf-8"):
                return page
        return None

    def human_edit(self, number: int, sentence: str) -> None:
        page = self.page_of(number)
        if page is None:
            return
        text = page.read_text(encoding="utf-8")
        text = text.replace("title: ", f"title: Disunting {sentence} ", 1)
        text += f"\nCatatan: {sentence}\n"
        page.write_text(text, encoding="utf-8")
        self.edited[f"seeds/s{number}.txt"] = text

    def forget(self, number: int) -> None:
        """A person deletes a page to have it extracted again."""
        page = self.page_of(number)
        if page is not None:
            page.unlink()
            self.edited.pop(f"seeds/s{number}.txt", None)

    def extract(self) -> ingest.ExtractReport:
        return ingest.extract_seeds([self.seeds], self.content, self.root, None, self.cache)

    def check(self) -> None:
        pages = {read_page(p).seed: p for p in sorted(self.content.glob("*.md"))}
        seeds = sorted(p.name for p in self.seeds.glob("*.txt"))
        assert len(pages) == len(list(self.content.glob("*.md"))), "a seed got two pages"
        assert sorted(pages) == [f"seeds/{name}" for name in seeds]
        for seed, page in pages.items():
            text = page.read_text(encoding="utf-8")
            if seed in self.edited:
                assert text == self.edited[seed], f"{page}: the human edit was lost"
            else:
                sha = hashlib.sha256((self.root / seed).read_bytes()).hexdigest()
                assert f"seed_sha256: {sha}\n" in text, f"{page}: does not follow its seed"
        shown, errors = self.loaded()
        assert errors == []
        for seed in self.edited:
            assert shown[seed] == read_page(pages[seed]).title

    def loaded(self) -> tuple[dict[str, str], list[str]]:
        """What the build's loader makes of content/ (its database kept between checks, as
        between builds): each seed's title as shown, and the problems."""
        store = Store.open(self.cache, self.content, "id")
        try:
            loader = Loader(store, self.content, "id", self.cache)
            loader.load()
            loader.finish()
            store.commit()
            articles = [unpack_article(data, slug)
                        for slug, data in store.rows("SELECT slug, data FROM articles JOIN "
                                                     "article_data USING (id)")]
            return {a.seed: a.title for a in articles}, loader.problems()
        finally:
            store.close()


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(actions=st.lists(ACTION, min_size=1, max_size=12))
def test_no_sequence_of_edits_and_extractions_loses_a_human_edit(actions, gazetteer_cache,
                                                                   monkeypatch):
    monkeypatch.setattr(extract, "load_gazetteer", _gazetteer)
    with tempfile.TemporaryDirectory() as folder:
        archive = Archive(Path(folder) / "site", gazetteer_cache)
        for number in range(SEEDS):
            archive.write_seed(number, "Banjir melanda")
        archive.extract()
        archive.check()
        for kind, number, sentence in [*actions, ("extract", 0, "")]:
            if kind == "seed":
                archive.write_seed(number, sentence)
            elif kind == "edit":
                archive.human_edit(number, sentence)
            elif kind == "touch":
                os.utime(archive.seeds / f"s{number}.txt")
            elif kind == "forget":
                archive.forget(number)
            else:
                report = archive.extract()
                assert report.errors == []
                archive.check()


def test_an_extract_killed_midway_is_completed_without_duplicate_pages(tmp_path,
                                                                        gazetteer_cache,
                                                                        monkeypatch):
    monkeypatch.setattr(extract, "load_gazetteer", _gazetteer)
    archive = Archive(tmp_path / "site", gazetteer_cache)
    for number in range(SEEDS):
        archive.write_seed(number, "Banjir melanda")

    def killed_after_two(done: int, _total: int) -> None:
        if done == SEEDS:                   # two pages are on disk, the state is not
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest.extract_seeds([archive.seeds], archive.content, archive.root, None,
                             gazetteer_cache, progress=killed_after_two)
    assert len(list(archive.content.glob("*.md"))) == SEEDS - 1
    archive.extract()
    archive.check()


# ---------------------------------------------------------------- killed builds

def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a built site by relative path and bytes. Left out: the input stamp (it
    names the folder it was built into) and Pagefind's entry and meta files, which differ
    between two indexings of the same pages (their fragments and index files do not). A filter
    file is taken as its bytes in sorted order: Pagefind writes a filter's values (an event
    filter's two events) in an order that varies from run to run, and names the file by it."""
    files = {}
    filters = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name == ".site-builder-inputs":
            continue
        if path.name == "pagefind-entry.json" or path.suffix == ".pf_meta":
            files[f"pagefind/{path.suffix}"] = b"(varies)"
        elif path.suffix == ".pf_filter":
            filters.append(bytes(sorted(gzip.decompress(path.read_bytes()))))
        else:
            files[path.relative_to(folder).as_posix()] = path.read_bytes()
    files["pagefind/filters"] = b"\0".join(sorted(filters))
    return files


def _seed(number: int, words: str) -> bytes:
    return (f"TITLE: Berita {number} {words}\nJAKARTA - Banjir melanda Jakarta pada Senin "
            f"(3/11/2025), {number} orang tewas. {words}.\n").encode()


def _site(root: Path, gazetteer_cache: Path, words: str, count: int = 30) -> TinySite:
    """A site with its own cache folder (build state is per site), holding a link to the
    session's gazetteer so it is not built again."""
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (root / "seeds" / f"n{number:02d}.txt").write_bytes(_seed(number, words))
    (root / ".cache").mkdir()
    for pickled in gazetteer_cache.glob("gazetteer-*.pickle"):
        os.link(pickled, root / ".cache" / pickled.name)
    (root / "site.toml").write_text(WAIT_FOR_SEARCH, encoding="utf-8")
    return TinySite(root)


def _start_build(site: TinySite) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "site_builder", "build"], cwd=site.root,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory, gazetteer_cache) -> tuple[Path, dict, dict, float]:
    """A built site (old), the same site with every page edited, and the edited site built
    elsewhere (new): what a killed build may leave is one of the two."""
    base = tmp_path_factory.mktemp("killed")
    _gazetteer(gazetteer_cache)
    old = _site(base / "old", gazetteer_cache, "lama")
    assert old.run("build").code == 0
    reference = base / "reference"
    shutil.copytree(old.root, reference)
    _edit_pages(reference)
    started = time.perf_counter()
    assert TinySite(reference).run("build").code == 0
    seconds = time.perf_counter() - started
    return old.root, snapshot(old.root / "output"), snapshot(reference / "output"), seconds


def _edit_pages(root: Path) -> None:
    for page in (root / "content").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("title: ", "title: Disunting ", 1), encoding="utf-8")


@pytest.mark.parametrize("attempt", range(4))
def test_a_build_killed_at_a_random_point_leaves_a_whole_site(old_and_new, tmp_path, attempt):
    old_root, old_files, new_files, seconds = old_and_new
    site = TinySite(tmp_path / "site")
    shutil.copytree(old_root, site.root)
    _edit_pages(site.root)
    delay = random.Random(attempt).uniform(0.2, seconds)
    build = _start_build(site)
    time.sleep(delay)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    left = snapshot(site.root / "output")
    assert left in (old_files, new_files), f"killed after {delay:.2f} s: a mixed site"
    rerun = site.run("build")
    assert rerun.code == 0, rerun.err
    assert snapshot(site.root / "output") == new_files
    strays = [p.name for p in site.root.iterdir() if p.name.startswith(".")]
    assert strays == [".cache"], strays


def test_building_into_another_folder_does_not_leave_the_site_stale(tmp_path, gazetteer_cache):
    _gazetteer(gazetteer_cache)
    site = _site(tmp_path / "site", gazetteer_cache, "lama", count=5)
    assert site.run("build").code == 0
    _edit_pages(site.root)
    assert site.run("build", "--output", "preview").code == 0
    assert site.run("build").code == 0
    assert snapshot(site.root / "output") == snapshot(site.root / "preview")


# ---------------------------------------------------------------- serve while rebuilding

def _free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, b""
    except (urllib.error.URLError, ConnectionError, TimeoutError) as err:
        return 0, str(err).encode()


@contextlib.contextmanager
def _serving(site: TinySite) -> Iterator[str]:
    """`serve` running on the site, its first page answered: yields its base URL."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    server = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--port", str(port)],
                              cwd=site.root, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while _get(base)[0] != 200:
            assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def test_pages_served_during_rebuilds_are_always_whole(tmp_path, gazetteer_cache):
    """`serve` rebuilds on each edit while a user's own `build` runs too: every request
    during all that gets a whole page, never a 404 or a cut-off file."""
    _gazetteer(gazetteer_cache)
    site = _site(tmp_path / "site", gazetteer_cache, "lama", count=12)
    assert site.run("build").code == 0
    with _serving(site) as base:
        pages = {base: b"</html>", f"{base}articles/berita-3-lama/": b"</html>",
                 f"{base}tags/": b"</html>", f"{base}feed.xml": b"</feed>"}
        builder = threading.Thread(target=_edit_and_build, args=(site, 4))
        builder.start()
        bad: list[str] = []
        while builder.is_alive():
            for url, end in pages.items():
                status, body = _get(url)
                if status != 200 or not body.rstrip().endswith(end):
                    bad.append(f"{url}: {status} {body[-60:]!r}")
        builder.join()
        assert bad == [], bad[:5]
        assert "Disunting " * 4 in _get(base)[1].decode()       # the rebuilds did happen


def test_serve_leaves_out_pages_in_hidden_folders_as_a_build_does(tmp_path, gazetteer_cache):
    """A draft kept in content/.drafts/<topic>/ is not published by `serve` (nor by a build)."""
    _gazetteer(gazetteer_cache)
    site = _site(tmp_path / "site", gazetteer_cache, "lama", count=2)
    assert site.run("build").code == 0
    with _serving(site) as base:
        deadline = time.monotonic() + 60
        page = sorted((site.root / "content").glob("*.md"))[0]
        draft = site.root / "content" / ".drafts" / "topic" / "draft.md"
        draft.parent.mkdir(parents=True)
        draft.write_text(page.read_text(encoding="utf-8").replace(
            f"slug: {page.stem}", "slug: rancangan-rahasia", 1), encoding="utf-8")
        time.sleep(0.5)
        _edit_pages(site.root)                       # an edit serve does publish, after it
        while "Disunting " not in _get(base)[1].decode():
            assert time.monotonic() < deadline, "serve did not rebuild"
            time.sleep(0.2)
        assert _get(f"{base}articles/rancangan-rahasia/")[0] == 404
    assert site.run("build").code == 0
    assert not (site.root / "output" / "articles" / "rancangan-rahasia").exists()


def _edit_and_build(site: TinySite, times: int) -> None:
    for _ in range(times):
        _edit_pages(site.root)                  # serve sees the edit and rebuilds...
        time.sleep(0.3)
        assert site.run("build").code == 0      # ...while this build runs too


def test_a_reader_never_finds_the_output_missing_during_a_swap(tmp_path):
    """What a web server sees while builds swap output/ in: always a whole page."""
    output, page = tmp_path / "output", b"<html>" + b"x" * 50_000 + b"</html>"
    with staged_output(output) as staging:
        write_files([("index.html", page)], staging)
    seen: list[str] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                if (output / "index.html").read_bytes() != page:
                    seen.append("a cut-off page")
            except FileNotFoundError:
                seen.append("no page")

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(100):
        with staged_output(output) as staging:
            write_files([("index.html", page)], staging)
    done.set()
    reader.join()
    assert seen == []
