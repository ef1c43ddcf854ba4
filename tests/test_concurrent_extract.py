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
            second.wait(timeout=8)          # free to finish if nothing holds it back
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
