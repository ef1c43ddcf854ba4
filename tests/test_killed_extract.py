"""An `extract` killed (SIGKILL) between writing a re-extracted page and recording it: the
next run must take the page for extract's, not for a person's edit (which would be kept and
never updated again, and listed by `check`), and a real edit must still be kept."""
from __future__ import annotations

import os
import subprocess
import sys

from sitetools import REPO, TinySite, write_site

# `site-builder extract` with a fault: the process kills itself right after it has written
# the first content page (the record of it not yet made).
KILLED_AFTER_WRITE = """
import os, signal, sys
from pathlib import Path
from site_builder import ingest
from site_builder.cli import main

written = ingest.write_atomically

def write_then_die(path, text):
    written(path, text)
    if Path(path).suffix == ".md":
        os.kill(os.getpid(), signal.SIGKILL)

ingest.write_atomically = write_then_die
sys.exit(main(["extract"]))
"""


def _seed(words: str) -> str:
    return (f"TITLE: Banjir {words}\nJAKARTA - Banjir melanda Jakarta pada Senin (3/11/2025), "
            f"dua orang tewas. {words}.\n")


def _killed_extract(site: TinySite) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", KILLED_AFTER_WRITE], cwd=site.root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == -9, done.stderr      # killed where the fault is: after a write


def _killed_site(tmp_path, gazetteer_cache) -> TinySite:
    """A site whose seed was edited and re-extracted by a run killed after the page's write."""
    site = write_site(tmp_path / "site", gazetteer_cache, {"banjir.txt": _seed("pertama")},
                      config="")
    assert site.run("extract").code == 0
    (site.root / "seeds" / "banjir.txt").write_text(_seed("kedua"), encoding="utf-8")
    _killed_extract(site)
    assert site.page("banjir-pertama").metadata["title"] == "Banjir kedua"   # written, then killed
    return site


def test_a_page_written_by_a_killed_extract_is_not_taken_for_a_human_edit(tmp_path,
                                                                         gazetteer_cache):
    site = _killed_site(tmp_path, gazetteer_cache)
    again = site.run("extract")
    assert again.code == 0, again.err
    assert "edited by hand" not in again.out + again.err
    checked = site.run("check")
    assert "edited by hand" not in checked.out + checked.err
    # ...and the seed's next edit still reaches the page.
    (site.root / "seeds" / "banjir.txt").write_text(_seed("ketiga"), encoding="utf-8")
    done = site.run("extract", "--strict")
    assert done.code == 0, done.out + done.err
    assert "edited by hand" not in done.out + done.err
    assert site.page("banjir-pertama").metadata["title"] == "Banjir ketiga"


def test_a_human_edit_after_a_killed_extract_is_still_kept(tmp_path, gazetteer_cache):
    site = _killed_site(tmp_path, gazetteer_cache)
    page = site.root / "content" / "banjir-pertama.md"
    edited = page.read_text(encoding="utf-8").replace("title: Banjir kedua",
                                                      "title: Banjir besar", 1)
    page.write_text(edited, encoding="utf-8")
    (site.root / "seeds" / "banjir.txt").write_text(_seed("ketiga"), encoding="utf-8")
    done = site.run("build")
    assert done.code == 0, done.out + done.err
    assert "banjir-pertama.md: edited by hand" in done.out + done.err
    assert page.read_text(encoding="utf-8") == edited
    checked = site.run("check")
    assert "banjir-pertama.md: edited by hand" in checked.out + checked.err


# `site-builder extract` with another run beside it: run B loads the state while this run has
# journaled its intent to rewrite the first page and not yet written it; B ends after this
# run has recorded the page.
OVERLAPPED = """
import sys
from pathlib import Path
from site_builder import ingest
from site_builder.cli import main
from site_builder.extract_state import ExtractState

written = ingest.write_atomically
other = []

def write(path, text):
    if Path(path).suffix == ".md" and not other:
        other.append(ExtractState.load(Path(path).parent))
    written(path, text)

ingest.write_atomically = write
code = main(["extract"])
other[0].settle()
sys.exit(code)
"""


def test_a_run_overlapping_a_rewrite_does_not_make_it_a_human_edit(tmp_path, gazetteer_cache):
    """A build or a second extract that reads the state in between, and ends after, must not
    leave behind what it saw (the page's old entry) as the last word on the page."""
    site = write_site(tmp_path / "site", gazetteer_cache, {"banjir.txt": _seed("pertama")},
                      config="")
    assert site.run("extract").code == 0
    (site.root / "seeds" / "banjir.txt").write_text(_seed("kedua"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", OVERLAPPED], cwd=site.root,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert site.page("banjir-pertama").metadata["title"] == "Banjir kedua"
    checked = site.run("check")
    assert "edited by hand" not in checked.out + checked.err
    (site.root / "seeds" / "banjir.txt").write_text(_seed("ketiga"), encoding="utf-8")
    again = site.run("extract")
    assert "edited by hand" not in again.out + again.err
    assert site.page("banjir-pertama").metadata["title"] == "Banjir ketiga"
