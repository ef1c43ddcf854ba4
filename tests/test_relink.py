"""Relinking after a change gives what a build from scratch gives: the same event ids and the
same event and article pages, after seeds are added, edited, moved in date and removed across
several days, on the real reports of ../shared/eval-events. Among them: a report whose arrival
joins two groups of one incident (and whose removal splits it again), an undated report that
does the same, a report whose date moves out of its incident's days, and a person's `event:`.

And a database made before linking kept its findings (as main made it) is kept: its next build
links the archive once and gives the same site."""
from __future__ import annotations

import filecmp
import json
import shutil
import sqlite3
import tomllib
from pathlib import Path

import pytest

from site_builder.store import database_path

from sitetools import SHARED, TinySite, cache_config

ARTICLES = SHARED / "eval-events" / "articles"
# c071 (dated) and c059 (undated) each join two reports of their incident that do not link
# on their own (found by linking the labelled set without each report of three or more).
BRIDGES = ("c071", "c059")
LATER = ("c038", "e003", "a010", "c064")       # added in the last step, on different days


@pytest.fixture
def site(tmp_path, gazetteer_cache) -> TinySite:
    if not ARTICLES.is_dir():
        pytest.skip("../shared/eval-events is not beside this clone")
    root = tmp_path / "site"
    (root / "seeds").mkdir(parents=True)
    for path in sorted(ARTICLES.iterdir()):
        if path.name.endswith((".txt", ".meta.yaml")) and \
                path.name.split(".")[0] not in BRIDGES + LATER:
            shutil.copy(path, root / "seeds" / path.name)
    (root / "site.toml").write_text(cache_config(gazetteer_cache), encoding="utf-8")
    site = TinySite(root)
    build(site)
    return site


def build(site: TinySite) -> None:
    done = site.run("build", "--wait-for-search")
    assert done.code == 0, done.err


def add(site: TinySite, *names: str) -> None:
    for name in names:
        for path in ARTICLES.glob(f"{name}.*"):
            shutil.copy(path, site.root / "seeds" / path.name)


def remove(site: TinySite, *names: str) -> None:
    """Seeds taken out, and their pages (a page outlives its seed: it may hold edits)."""
    for name in names:
        for path in (site.root / "seeds").glob(f"{name}.*"):
            path.unlink()
        page_of(site, name).unlink()


def page_of(site: TinySite, name: str) -> Path:
    (page,) = [page for page in (site.root / "content").glob("*.md")
               if f"\nseed: seeds/{name}.txt\n" in page.read_text(encoding="utf-8")]
    return page


def sidecar(site: TinySite, name: str, line: str) -> None:
    """A line added to a seed's sidecar (its values win over extraction)."""
    path = site.root / "seeds" / f"{name}.meta.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(text + line + "\n", encoding="utf-8")


def events(output: Path) -> dict[str, str]:
    rows = json.loads((output / "data" / "articles.json").read_text(encoding="utf-8"))
    return {row["seed"]: row["event"] for row in rows["articles"]}


def same_tree(left: Path, right: Path) -> list[str]:
    """The files that differ or that one tree lacks."""
    found = filecmp.dircmp(left, right)
    diff = [*found.left_only, *found.right_only, *found.diff_files, *found.funny_files]
    for name in found.common_dirs:
        diff += [f"{name}/{d}" for d in same_tree(left / name, right / name)]
    return diff


def assert_as_fresh(site: TinySite, tmp_path: Path, step: str) -> dict[str, str]:
    """A build from scratch of the same seeds and pages (a fresh clone: no cache, no output):
    the same event ids, event pages and article pages as the site built step by step."""
    fresh = TinySite(tmp_path / f"fresh-{step}")
    for folder in ("seeds", "content"):
        shutil.copytree(site.root / folder, fresh.root / folder)
    shutil.copy(site.root / "site.toml", fresh.root / "site.toml")
    build(fresh)
    assert events(site.output) == events(fresh.output), step
    for folder in ("events", "articles"):
        assert same_tree(site.output / folder, fresh.output / folder) == [], (step, folder)
    return events(site.output)


def database(site: TinySite) -> Path:
    cache = Path(tomllib.loads((site.root / "site.toml").read_text())["cache_dir"])
    return database_path(cache, site.root / "content")


def method(site: TinySite) -> str:
    """What the last link was made with: unchanged, the build relinked locally."""
    with sqlite3.connect(database(site)) as db:
        return db.execute("SELECT value FROM meta WHERE name = 'link method'").fetchone()[0]


def test_relinking_step_by_step_gives_what_a_build_from_scratch_gives(site, tmp_path):
    first = method(site)
    # Reports that join two groups of their incident (one undated).
    add(site, *BRIDGES)
    build(site)
    now = assert_as_fresh(site, tmp_path, "joined")
    assert now["seeds/c071.txt"] == now["seeds/c073.txt"]
    assert now["seeds/c059.txt"] == now["seeds/c057.txt"] == now["seeds/c058.txt"]
    joined = sum(1 for event in now.values() if event == now["seeds/c073.txt"])
    # One goes again (its group loses it); another report's text is edited.
    remove(site, "c071")
    with (site.root / "seeds" / "c036.txt").open("a", encoding="utf-8") as seed:
        seed.write("\nPetugas BPBD masih mendata kerusakan rumah warga.\n")
    build(site)
    now = assert_as_fresh(site, tmp_path, "split")
    assert sum(1 for event in now.values() if event == now["seeds/c073.txt"]) < joined
    # A report's date moves out of its incident's days; a person keeps another out of events.
    sidecar(site, "c072", "date: 2025-05-30")
    page = page_of(site, "c058")
    page.write_text(page.read_text(encoding="utf-8").replace(
        "\nseed: seeds/c058.txt\n", "\nevent: none\nseed: seeds/c058.txt\n"), encoding="utf-8")
    build(site)
    now = assert_as_fresh(site, tmp_path, "moved")
    assert now["seeds/c058.txt"] not in (now["seeds/c057.txt"], now["seeds/c059.txt"])
    # Several reports on different days at once, and one removed.
    add(site, *LATER)
    remove(site, "e002")
    build(site)
    assert_as_fresh(site, tmp_path, "several")
    assert method(site) == first


def test_a_database_made_before_linking_kept_its_findings_is_kept(site, tmp_path):
    """As main made it: no link_ tables or triggers, the old stamp; the next build links once
    and then relinks as usual."""
    with sqlite3.connect(database(site)) as db:
        for (kind, name) in db.execute("SELECT type, name FROM sqlite_master WHERE name LIKE "
                                       "'link%' AND type IN ('table', 'trigger')").fetchall():
            db.execute(f"DROP {kind.upper()} IF EXISTS {name}")
        db.execute("DELETE FROM meta WHERE name LIKE 'link %'")
    add(site, "c071")
    build(site)
    assert_as_fresh(site, tmp_path, "migrated")
    remove(site, "c071")
    build(site)
    assert_as_fresh(site, tmp_path, "after")


def test_the_link_stamp_reads_the_model_the_linker_scores_with():
    """link.py names the pair model's file itself (its stamp must not import the linker): it
    must be the file events/scores.py loads, or a refitted model would not link afresh."""
    from site_builder.events.scores import MODEL_FILE
    from site_builder.link import MODEL_FILE as STAMPED
    assert STAMPED.resolve() == MODEL_FILE.resolve()
    assert STAMPED.is_file()
