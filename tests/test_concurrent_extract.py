"""Two `extract` runs at once on one content/ (a person runs `extract` on a new batch while a
`build` or another `extract` is on the way): neither may overwrite a page the other wrote,
nor drop the other's record of what it wrote. The first run is made to pause after its first
page (a fault hook, no sleep-and-hope), the second is started then and given time to finish."""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time

import pytest

from sitetools import REPO, write_site

# `site-builder extract SEEDS` that waits, after writing its first content page, until the
# file GO exists (at most 60 s): the window where another run could interleave.
PAUSED_AFTER_FIRST_PAGE = """
import os, sys, time
from pathlib import Path
from site_builder import ingest
from site_builder.cli import main

written, paused = ingest.write_atomically, []

def write_then_pause(path, text):
    written(path, text)
    if Path(path).suffix == ".md" and not paused:
        paused.append(path)
        Path("FIRST").write_text("written")
        deadline = time.monotonic() + 60
        while not Path("GO").exists() and time.monotonic() < deadline:
            time.sleep(0.02)

ingest.write_atomically = write_then_pause
sys.exit(main(["extract", sys.argv[1]]))
"""

COUNT = 6


def _seeds(batch: str) -> dict[str, str]:
    """COUNT seeds whose titles are the other batch's too (the same slugs wanted), their
    text naming the batch."""
    return {f"{batch}/{batch}{i}.txt": (
        f"TITLE: Banjir Jakarta nomor {i}\nJAKARTA - Banjir melanda Jakarta pada Senin "
        f"(3/11/2025). Laporan dari kelompok {batch}, nomor {i}.\n") for i in range(COUNT)}


def test_two_extract_runs_at_once_keep_every_page_and_record(tmp_path, gazetteer_cache):
    seeds = {**_seeds("pagi"), **_seeds("sore")}
    site = write_site(tmp_path / "site", gazetteer_cache, {}, config="")
    for name, text in seeds.items():
        (site.root / "seeds" / name).parent.mkdir(exist_ok=True)
        (site.root / "seeds" / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    first = subprocess.Popen([sys.executable, "-c", PAUSED_AFTER_FIRST_PAGE, "seeds/pagi"],
                             cwd=site.root, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (site.root / "FIRST").exists():
            assert first.poll() is None and time.monotonic() < deadline, first.communicate()
            time.sleep(0.05)
        second = subprocess.Popen([sys.executable, "-m", "site_builder", "extract",
                                   "seeds/sore"], cwd=site.root, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with contextlib.suppress(subprocess.TimeoutExpired):
            second.wait(timeout=6)          # free to finish if nothing holds it back
    finally:
        (site.root / "GO").write_text("go")
    err_first = first.communicate(timeout=120)[1]
    err_second = second.communicate(timeout=120)[1]
    assert first.returncode == 0 and second.returncode == 0, err_first + err_second

    # Every seed has its own page, with its own text: none written over by the other run.
    texts = sorted(page.read_text(encoding="utf-8") for page in site.pages())
    assert len(texts) == 2 * COUNT, [p.name for p in site.pages()]
    for name, seed in seeds.items():
        said = seed.split("\n")[1].split(". ", 1)[1]
        assert sum(said in text for text in texts) == 1, (name, said)
    # ...and both runs' records were kept: a third run finds nothing to do.
    again = site.run("extract")
    assert again.code == 0, again.err
    assert f"0 page(s) written, {2 * COUNT} unchanged, 0 human edit(s)" in again.out + again.err


SEED = "TITLE: Banjir Jakarta\nJAKARTA - Banjir melanda Jakarta pada Senin (3/11/2025).\n"


@pytest.mark.parametrize("layout", ['content_dir = "."', 'cache_dir = "content"',
                                    'output_dir = "content/www"'])
def test_a_build_whose_content_folder_is_also_its_cache_or_output_parent_finishes(
        tmp_path, gazetteer_cache, layout):
    """The build's own locks (its cache folder, its output's parent) may be content/: the
    content lock must not wait for them (flock is not re-entrant)."""
    site = write_site(tmp_path / "site", gazetteer_cache, {"a.txt": SEED}, config=layout)
    if "cache_dir" in layout:     # write_site's cache_dir line is first: ours instead
        toml = site.root / "site.toml"
        toml.write_text(toml.read_text().replace(f'cache_dir = "{gazetteer_cache}"\n', ""))
    try:
        done = subprocess.run([sys.executable, "-m", "site_builder", "build"], cwd=site.root,
                              capture_output=True, text=True, timeout=90,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    except subprocess.TimeoutExpired:
        pytest.fail(f"{layout}: build still running after 90 s (waiting on its own lock)")
    assert done.returncode == 0, done.stderr
    assert "1 article(s)" in done.stderr


def test_a_build_started_during_an_extract_publishes_the_pages_it_wrote(tmp_path,
                                                                        gazetteer_cache):
    """`extract batch` (a folder outside seeds/) runs; a `build` started meanwhile waits for
    it, then builds the site from content/ as the extract left it, not as it was."""
    site = write_site(tmp_path / "site", gazetteer_cache, {"old.txt": SEED}, config="")
    assert site.run("build").code == 0
    (site.root / "batch").mkdir()
    for i in range(3):
        (site.root / "batch" / f"b{i}.txt").write_text(
            f"TITLE: Gempa Palu nomor {i}\nPALU - Gempa pada Senin (3/11/2025), laporan {i}.\n",
            encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    extract = subprocess.Popen([sys.executable, "-c", PAUSED_AFTER_FIRST_PAGE, "batch"],
                               cwd=site.root, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (site.root / "FIRST").exists():
            assert extract.poll() is None and time.monotonic() < deadline, extract.communicate()
            time.sleep(0.05)
        build = subprocess.Popen([sys.executable, "-m", "site_builder", "build"],
                                 cwd=site.root, env=env, stderr=subprocess.PIPE, text=True)
        time.sleep(4)                      # the build has started and waits
    finally:
        (site.root / "GO").write_text("go")
    assert extract.wait(120) == 0
    built = build.communicate(timeout=120)[1]
    assert build.returncode == 0, built
    assert len(site.pages()) == 4
    assert "build: 4 article(s)" in built, built
    assert "another run is extracting here; waiting for it" in built
