"""An archive kept in git (seeds/ and content/ committed, with the extract state; output/
and the cache not): a fresh clone dates every file anew. Its builds must leave the committed
files as they are (no git diff, nothing untracked) and extract nothing again; the seeds'
stamps of one machine are no part of what is committed."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_incremental_seeds import CONFIG, PLACES, seed_text, seeds

from sitetools import TinySite, write_site

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                           *args], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


def _committed_site(root: Path, gazetteer_cache: Path) -> TinySite:
    """A built site whose seeds, content and config are committed, a seed edited once (the
    state's journal committed too)."""
    site = write_site(root, gazetteer_cache, seeds=seeds(3), config=CONFIG)
    assert site.run("build").code == 0
    (root / "seeds" / "001.txt").write_text(seed_text(1, PLACES[1], 8), encoding="utf-8")
    assert site.run("build").code == 0
    (root / ".gitignore").write_text("output/\n.cache/\n", encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "archive")
    assert _git(root, "status", "--porcelain") == ""
    return site


def test_builds_in_a_fresh_clone_change_nothing_committed(tmp_path, gazetteer_cache):
    origin = _committed_site(tmp_path / "origin", gazetteer_cache)
    _git(tmp_path, "clone", "-q", str(origin.root), "clone")
    clone = TinySite(tmp_path / "clone")
    done = clone.run("build")
    assert done.code == 0, done.err
    assert "extract: 0 page(s) written, 3 unchanged" in done.err
    assert _git(clone.root, "status", "--porcelain", "--untracked-files=all") == ""
    done = clone.run("extract")
    assert done.code == 0 and "0 page(s) written, 3 unchanged" in done.err
    # A seed added in the clone: its page and the state's record of it are what changes.
    (clone.root / "seeds" / "003.txt").write_text(seed_text(3, PLACES[3], 5), encoding="utf-8")
    done = clone.run("build")
    assert done.code == 0 and "extract: 1 page(s) written, 3 unchanged" in done.err
    changed = _git(clone.root, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert sorted(line[3:] for line in changed) == [
        "content/.extract-state.journal", "content/banjir-di-surabaya.md", "seeds/003.txt"]
    _git(clone.root, "add", "-A")
    _git(clone.root, "commit", "-q", "-m", "a seed added")
    # Back on the first machine, the clone's work pulled: nothing but that page is new there.
    _git(origin.root, "pull", "-q", str(clone.root), "HEAD")
    done = origin.run("build")
    assert done.code == 0 and "extract: 0 page(s) written, 4 unchanged" in done.err
    assert _git(origin.root, "status", "--porcelain", "--untracked-files=all") == ""


def _banjir(words: str) -> str:
    return (f"TITLE: Banjir {words}\nJAKARTA - Banjir melanda Jakarta pada Senin (3/11/2025), "
            f"dua orang tewas. {words}.\n")


def test_content_put_back_by_git_is_extracted_again_from_the_edited_seed(tmp_path,
                                                                           gazetteer_cache):
    """`git checkout -- content/` (a discarded extraction) brings back an older page and its
    entry while the seed stays as edited: this machine's stamp of the seed, taken with the
    discarded page, must not make the seed look unchanged."""
    root = tmp_path / "site"
    seed = root / "seeds" / "banjir.txt"
    site = write_site(root, gazetteer_cache, {"banjir.txt": _banjir("pertama")}, config="")
    assert site.run("extract").code == 0
    seed.write_text(_banjir("nol"), encoding="utf-8")
    assert site.run("extract").code == 0
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "articles")
    seed.write_text(_banjir("kedua"), encoding="utf-8")
    assert site.run("extract").code == 0
    _git(root, "checkout", "-q", "--", "content")
    done = site.run("extract")
    assert done.code == 0, done.err
    assert site.page("banjir-pertama").metadata["title"] == "Banjir kedua", done.err
