"""A new machine's first build unpacks the gazetteer's index shipped in the package
(gazetteer_pack) instead of building it from its sources, and leaves the index's copies in the
cache folder to a background process (gazetteer_cache). So: the shipped index must be exactly
the one the code builds, a build must give the same pages whether or not that process has
finished, and the cache must end up whole, its SQLite copy answering as the loaded index."""
from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import brotli
import pytest

from site_builder.extract import gazetteer
from site_builder.extract.gazetteer import (
    Gazetteer,
    data_versions,
    index_digest,
    name_key,
    release_made,
)
from site_builder.extract.gazetteer_pack import (
    MAGIC,
    SHIPPED,
    shipped_digest,
    shipped_versions,
    unpack_shipped,
)

from sitetools import SEED_ARTICLE, TinySite, cache_config

REFUSED = "; building the gazetteer index from its sources"


def test_the_shipped_index_is_the_one_the_code_builds():
    """Made by tools/pack_gazetteer.py for this code and these data packages: run it again
    after changing either (until then a new machine builds the index, seconds slower). With
    other versions of the data packages installed (babel is a range) nothing can be compared:
    skipped, said why."""
    from site_builder.extract.gazetteer_build import build_index
    from site_builder.extract.gazetteer_slugs import assign_all_slugs
    if shipped_versions() != data_versions():
        pytest.skip(f"the shipped index was made from {shipped_versions()}; installed: "
                    f"{data_versions()}")
    assert shipped_digest() == index_digest(), "run python tools/pack_gazetteer.py"
    rows, index, preferred = build_index()
    assert unpack_shipped(index_digest()) == (rows, index, preferred, assign_all_slugs(rows))


def test_a_shipped_index_for_other_code_or_data_or_damaged_is_not_used(tmp_path):
    assert unpack_shipped("0" * 16) is None
    damaged = tmp_path / "gazetteer-index.br"
    damaged.write_bytes(SHIPPED.read_bytes()[:100_000])
    assert shipped_digest(damaged) == index_digest()
    assert unpack_shipped(index_digest(), damaged) is None


def _site(root: Path, config: str = "") -> TinySite:
    """A site of the demo's seed that keeps its database in its own folder."""
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / SEED_ARTICLE.name).write_bytes(SEED_ARTICLE.read_bytes())
    (root / "site.toml").write_text(config + "[search]\nbackground = false\n", encoding="utf-8")
    return TinySite(root)


def _wait_for_writer(folder: Path) -> None:
    """Until no background writer holds an index's lock in `folder`; a minute at most, then
    the test fails (a writer that never starts or never ends is a fault)."""
    for lock in folder.glob("gazetteer-*.lock"):
        with lock.open("rb") as fh:
            for _ in range(600):
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    time.sleep(0.1)
            else:
                pytest.fail(f"{lock}: still held by a writer after 60 s")


def _files(output: Path) -> dict[str, bytes]:
    """The built site's files but the search index's (hashed names differ from run to run)
    and the seeds' stat."""
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*")
            if p.is_file() and "pagefind" not in p.parts and p.name != ".site-builder-inputs"}


def test_a_new_machines_first_build(tmp_path, gazetteer, gazetteer_cache):
    user_cache = tmp_path / "xdg-cache"
    first = _site(tmp_path / "first")
    built = first.run("build", env={"XDG_CACHE_HOME": str(user_cache)})
    assert built.code == 0, built.err
    folder = user_cache / "site-builder"
    _wait_for_writer(folder)
    assert sorted(p.suffix for p in folder.iterdir()) == [".lock", ".pickle", ".sqlite"]
    # the same pages as a site whose index was written whole before its build
    reference = _site(tmp_path / "reference", cache_config(gazetteer_cache))
    assert reference.run("build").code == 0
    assert first.pages()[0].read_bytes() == reference.pages()[0].read_bytes()
    assert _files(first.output) == _files(reference.output)
    # the copies the background process wrote answer as the index loaded here
    opened = Gazetteer.load(folder, lazy=True)
    assert opened.lazy
    for name in ["Jakarta", "Armenia", "Bogor", "Gaza", "Inggris", "no such place"]:
        assert opened.candidates(name_key(name)) == gazetteer.candidates(name_key(name))
    for place_id in ["geonames:1642911", "geonames:2017370", "geonames:0"]:
        assert [opened.place_slug(place_id, language) for language in ("id", "en")] == \
            [gazetteer.place_slug(place_id, language) for language in ("id", "en")]
    for base in ["jakarta", "bali", "san-jose", "gunung-raung", "x"]:     # fallback slugs
        for language in ("id", "en"):
            assert opened.slugs_from(base, language) == gazetteer.slugs_from(base, language)
    assert len(opened.slugs_from("bali", "id")) > 1
    # and a second site's first build reads them
    second = _site(tmp_path / "second")
    assert second.run("build", env={"XDG_CACHE_HOME": str(user_cache)}).code == 0
    assert _files(second.output) == _files(first.output)


def test_a_new_machines_first_build_of_pages_alone(tmp_path, gazetteer_cache):
    """A site of content pages and no seeds (nothing to extract, so the load stage is first to
    ask for the index): the same site, and the cache ends up whole."""
    reference = _site(tmp_path / "reference", cache_config(gazetteer_cache))
    assert reference.run("build").code == 0
    pages = TinySite(tmp_path / "pages")
    shutil.copytree(reference.root / "content", pages.root / "content")
    (pages.root / "site.toml").write_text("[search]\nbackground = false\n", encoding="utf-8")
    user_cache = tmp_path / "xdg-cache"
    built = pages.run("build", env={"XDG_CACHE_HOME": str(user_cache)})
    assert built.code == 0, built.err
    assert _files(pages.output) == _files(reference.output)
    _wait_for_writer(user_cache / "site-builder")
    assert sorted(p.suffix for p in (user_cache / "site-builder").iterdir()) == \
        [".lock", ".pickle", ".sqlite"]


def test_a_run_while_the_copies_are_being_written_writes_nothing(tmp_path):
    """Another build while the background process writes (it holds the lock): this one makes
    the index in memory and writes no copy of its own; once the writer is gone, the next run
    that finds a copy missing writes it."""
    from site_builder.extract import gazetteer_cache
    path = Gazetteer.cache_file(tmp_path)
    try:
        with gazetteer_cache._lock(path, wait=True):
            Gazetteer.ensure_cached(tmp_path)
            assert sorted(p.suffix for p in tmp_path.iterdir()) == [".lock"]
            here = Gazetteer.load(tmp_path, lazy=True)
            assert not here.lazy and here.candidates("jakarta")
            assert here.place_slug("geonames:1642911", "id") == "jakarta"
    finally:
        release_made()
    Gazetteer.ensure_cached(tmp_path, wait=True)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".lock", ".pickle", ".sqlite"]


def _damaged(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "gazetteer-index.br"
    path.write_bytes(data)
    return path


def _refused(path: Path, capsys) -> str:
    """The file is not used, and said so in one line naming it: no traceback, no other data."""
    assert unpack_shipped(index_digest(), path) is None
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: ") and err.endswith(REFUSED + "\n"), err
    assert err.count("\n") == 1
    return err


def test_a_bit_flip_in_the_shipped_index_is_refused(tmp_path, capsys):
    data = bytearray(SHIPPED.read_bytes())
    data[int(len(data) * 0.2)] ^= 0x01
    assert "damaged (checksum mismatch)" in _refused(_damaged(tmp_path, bytes(data)), capsys)


def test_a_damaged_header_is_refused_not_raised(tmp_path, capsys):
    data = bytearray(SHIPPED.read_bytes())
    data[len(MAGIC) + 3] = 0xE9
    _refused(_damaged(tmp_path, bytes(data)), capsys)


def test_a_cut_shipped_index_is_refused_aloud(tmp_path, capsys):
    _refused(_damaged(tmp_path, SHIPPED.read_bytes()[:3_000_000]), capsys)


def test_a_body_of_another_shape_is_refused(tmp_path, capsys):
    """A body whose checksum holds but that is not the index's columns (a bug in packing)."""
    body = brotli.compress(pickle.dumps({"ids": "x"}))
    head = b" ".join([index_digest().encode(), hashlib.sha256(body).hexdigest().encode(),
                      data_versions().encode()])
    _refused(_damaged(tmp_path, MAGIC + head + b"\n" + body), capsys)


def test_the_digest_covers_the_code_that_makes_the_shipped_slugs(monkeypatch):
    urls = Path(gazetteer.__file__).resolve().parent.parent / "urls.py"
    before = index_digest()
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: real(self) + b"\n# edited\n"
                        if self.resolve() == urls else real(self))
    index_digest.cache_clear()
    try:
        assert index_digest() != before
    finally:
        monkeypatch.undo()
        index_digest.cache_clear()
    assert index_digest() == before


def _python(code: str) -> str:
    """Run `code` in a fresh interpreter (a test process may run threads, with which
    write_later rightly starts no background writer); its stdout."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_write_later_returns_at_once_when_another_writer_holds_the_lock(tmp_path):
    path = tmp_path / "gazetteer-x.pickle"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(path.with_suffix('.lock'))!r}, os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(6)\n")],
        stdout=subprocess.PIPE)
    try:
        holder.stdout.readline()
        seconds, in_hand = _python(
            "import time\nfrom pathlib import Path\n"
            "from site_builder.extract import gazetteer_cache\n"
            "started = time.monotonic()\n"
            f"in_hand = gazetteer_cache.write_later(Path({str(path)!r}), [], {{}}, frozenset(),"
            " {'id': {}, 'en': {}})\n"
            "print(time.monotonic() - started, in_hand)\n").split()
    finally:
        holder.kill()           # it held the lock while write_later ran; no need to sleep on
        holder.wait()
    assert float(seconds) < 1
    assert in_hand == "True"                # another's: that process wrote nothing
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gazetteer-x.lock"]


def _holder_of(lock: Path) -> int | None:
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(lock)
                   for fd in os.listdir(f"/proc/{pid}/fd")):
                return int(pid)
        except OSError:
            continue
    return None


def test_a_writer_stopped_by_sigterm_leaves_no_temporary_file(tmp_path):
    site = _site(tmp_path / "site")
    cache = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    assert site.run("build", env=cache).code == 0
    folder = tmp_path / "xdg" / "site-builder"
    lock = next(folder.glob("gazetteer-*.lock"))
    writer = _holder_of(lock)
    assert writer is not None
    for _ in range(400):
        if list(folder.glob("*.tmp")):
            break
        time.sleep(0.025)
    else:
        pytest.fail("the writer wrote no temporary file")
    os.kill(writer, signal.SIGTERM)
    _wait_for_writer(folder)
    assert list(folder.glob("*.tmp")) == []
    assert not folder.joinpath(lock.stem + ".sqlite").is_file()      # stopped before the end
    assert _site(tmp_path / "second").run("build", env=cache).code == 0   # (its writer's turn)
    _wait_for_writer(folder)
    assert list(folder.glob("*.tmp")) == []
    assert sorted(p.suffix for p in folder.iterdir()) == [".lock", ".pickle", ".sqlite"]


def test_a_killed_writers_leftovers_are_swept_by_the_next_writer(tmp_path):
    path = Gazetteer.cache_file(tmp_path)
    leftover = tmp_path / f"{path.stem}.abc123.tmp"      # as a SIGKILLed writer leaves it
    leftover.write_bytes(b"half a pickle")
    Gazetteer.ensure_cached(tmp_path, wait=True)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".lock", ".pickle", ".sqlite"]


def test_a_first_build_leaves_the_copies_to_a_background_writer(tmp_path):
    """The index made in a process is kept while another process writes its copies, once let
    go of: none is written before (the build does not wait for them)."""
    assert _python(
        "from pathlib import Path\n"
        "from site_builder.extract import gazetteer_cache\n"
        "from site_builder.extract.gazetteer import Gazetteer, release_made\n"
        f"folder = Path({str(tmp_path)!r})\n"
        "path = Gazetteer.cache_file(folder)\n"
        "Gazetteer.ensure_cached(folder)\n"
        "print(gazetteer_cache.writer_busy(path), path.is_file(),"
        " path.with_suffix('.sqlite').is_file(),"
        " Gazetteer.load(folder).place_slug('geonames:1642911', 'id'))\n"
        "release_made()\n").split() == ["True", "False", "False", "jakarta"]
    _wait_for_writer(tmp_path)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".lock", ".pickle", ".sqlite"]


def _from_sources_build(tmp_path: Path, gazetteer_cache: Path) -> None:
    """A site built by this process (as a library caller does) whose index is made with
    unpack_shipped as patched: the same site as one built with the shipped index, and its
    copies written once build() returns, while this process goes on."""
    from site_builder.build import build
    from site_builder.config import load_config
    folder = tmp_path / "new-cache"
    site = _site(tmp_path / "site", f'cache_dir = "{folder}"\ngazetteer_dir = "{folder}"\n')
    try:
        assert not build(load_config(site.root / "site.toml")).problems
        _wait_for_writer(folder)
        assert sorted(p.suffix for p in folder.iterdir() if "gazetteer" in p.name) == \
            [".lock", ".pickle", ".sqlite"]
    finally:
        release_made()
    reference = _site(tmp_path / "reference", cache_config(gazetteer_cache))
    assert reference.run("build").code == 0
    assert [p.read_bytes() for p in site.pages()] == [p.read_bytes() for p in reference.pages()]
    assert _files(site.output) == _files(reference.output)
    opened = Gazetteer.load(folder, lazy=True)
    assert opened.lazy and opened.place_slug("geonames:1642911", "id") == "jakarta"


def test_a_new_machines_first_build_from_the_sources(tmp_path, gazetteer_cache, monkeypatch):
    """No shipped index for this code (another version of babel): built from the sources,
    the same site, the slugs given out by the writer (gazetteer_db._SlugsElsewhere)."""
    monkeypatch.setattr(gazetteer, "unpack_shipped", lambda digest: None)
    _from_sources_build(tmp_path, gazetteer_cache)


def test_a_library_callers_build_lets_the_writer_go_when_it_returns(tmp_path, gazetteer_cache):
    """A site of pages alone built by this process (its load stage makes the index here, not in
    a worker): the copies are written while this process lives on, not at its exit."""
    from site_builder.build import build
    from site_builder.config import load_config
    reference = _site(tmp_path / "reference", cache_config(gazetteer_cache))
    assert reference.run("build").code == 0
    folder = tmp_path / "new-cache"
    pages = TinySite(tmp_path / "pages")
    shutil.copytree(reference.root / "content", pages.root / "content")
    (pages.root / "site.toml").write_text(
        f'gazetteer_dir = "{folder}"\n[search]\nbackground = false\n', encoding="utf-8")
    try:
        assert not build(load_config(pages.root / "site.toml")).problems
        _wait_for_writer(folder)
        assert sorted(p.suffix for p in folder.iterdir()) == [".lock", ".pickle", ".sqlite"]
    finally:
        release_made()
    assert _files(pages.output) == _files(reference.output)
