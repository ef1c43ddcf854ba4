"""GitHub Pages deploys incrementally: what the workflow does, step by step, on this machine.

A run checks the repository out afresh (every seed and page a new file, dated now), restores
the last run's state (.cache/ and output/, as actions/cache keeps them: a tar archive, dates
and all), builds, and saves the state. A build from a restored state must give the bytes a cold
build gives (the search index aside: Pagefind names its files differently each run), whether
the state is the last run's, an older one's, or one made with another config.
"""
from __future__ import annotations

import os
import re
import shutil
import tarfile
from pathlib import Path

import pytest

from sitetools import TinySite

TITLES = ["Banjir di Jakarta", "Gempa di Bandung", "Longsor di Bogor", "Kebakaran di Medan"]


def seed(number: int, title: str) -> str:
    place = title.rsplit(" ", 1)[1]
    return (f"TITLE: {title}\n{place.upper()}, KOMPAS.com - {title} pada Senin "
            f"({number + 3}/11/2025), {number} orang tewas dan puluhan warga mengungsi.\n")


def config(title: str = "Arsip") -> str:
    return (f'title = "{title}"\nlanguage = "id"\nper_page = 2\ngazetteer_dir = ".cache"\n'
            "[extract]\nreference_date = 2025-11-25\n")


class Repository:
    """What the workflow checks out: seeds, content pages and site.toml, kept here between
    runs as a git repository keeps them."""

    def __init__(self, folder: Path, gazetteer_cache: Path) -> None:
        self.folder, self.gazetteer = folder, gazetteer_cache
        (folder / "seeds").mkdir(parents=True)
        for number, title in enumerate(TITLES):
            (folder / "seeds" / f"{number:03d}.txt").write_text(seed(number, title), "utf-8")
        (folder / "site.toml").write_text(config(), encoding="utf-8")

    def checkout(self, workspace: Path) -> TinySite:
        """A fresh checkout into `workspace`: the files anew, dated now (as git writes them)."""
        shutil.rmtree(workspace, ignore_errors=True)
        shutil.copytree(self.folder, workspace, copy_function=shutil.copyfile)
        (workspace / ".cache").mkdir(exist_ok=True)
        for suffix in (".pickle", ".sqlite"):          # the index: not made again each test
            for copy in self.gazetteer.glob(f"gazetteer-*{suffix}"):
                if not (workspace / ".cache" / copy.name).exists():
                    os.link(copy, workspace / ".cache" / copy.name)
        return TinySite(workspace)

    def commit(self, site: TinySite) -> None:
        """What a run leaves in the repository: its seeds, pages and config (not the state)."""
        for folder in ("seeds", "content"):
            shutil.rmtree(self.folder / folder, ignore_errors=True)
            shutil.copytree(site.root / folder, self.folder / folder)
        shutil.copy(site.root / "site.toml", self.folder / "site.toml")


def save_state(site: TinySite, archive: Path) -> None:
    """actions/cache/save: .cache and output in a tar archive (tar keeps dates)."""
    with tarfile.open(archive, "w") as tar:
        for folder in (".cache", "output"):
            tar.add(site.root / folder, arcname=folder)


def restore_state(site: TinySite, archive: Path) -> None:
    shutil.rmtree(site.root / ".cache", ignore_errors=True)
    with tarfile.open(archive) as tar:
        tar.extractall(site.root, filter="tar")


def run(site: TinySite) -> str:
    built = site.run("build", "--wait-for-search")
    assert built.code == 0, built.err
    return built.err


def snapshot(output: Path) -> dict[str, bytes]:
    """Every file but Pagefind's bundles (their names differ from run to run) and the stamp
    naming what the site was built from (it names the folder too)."""
    files = {p.relative_to(output).as_posix(): p for p in sorted(output.rglob("*"))
             if p.is_file()}
    return {name: path.read_bytes() for name, path in files.items()
            if not name.startswith("pagefind") and name != ".site-builder-inputs"}


def cold_build(repository: Repository, workspace: Path) -> dict[str, bytes]:
    """The same push built from nothing, elsewhere."""
    site = repository.checkout(workspace)
    run(site)
    return snapshot(site.root / "output")


def edit(site: TinySite, old: str, new: str) -> None:
    """A push: one article's title edited by hand."""
    for page in sorted((site.root / "content").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        if old in text:
            page.write_text(text.replace(old, new, 1), encoding="utf-8")
            return
    raise AssertionError(f"no page with {old!r}")


@pytest.fixture
def repository(tmp_path, whole_gazetteer_cache) -> Repository:
    return Repository(tmp_path / "repository", whole_gazetteer_cache)


def test_a_run_from_the_last_runs_state_renders_only_what_the_push_changed(tmp_path,
                                                                           repository):
    workspace, archive = tmp_path / "workspace", tmp_path / "state.tar"
    first = repository.checkout(workspace)
    run(first)
    repository.commit(first)
    save_state(first, archive)

    site = repository.checkout(workspace)          # the next push: a fresh checkout...
    edit(site, "title: Gempa di Bandung", "title: Gempa kuat di Bandung")
    repository.commit(site)
    restore_state(site, archive)                   # ...with the last run's state
    said = run(site)
    assert "rewritten in place" in said and "1 content page(s) read" in said, said
    incremental = snapshot(site.root / "output")
    assert any(b"Gempa kuat di Bandung" in data for data in incremental.values())
    assert incremental == cold_build(repository, tmp_path / "cold")


def test_an_older_state_still_gives_the_site_of_this_push(tmp_path, repository):
    """A state two pushes old (the last run failed before saving): every article changed
    since is found by its content, and the site is this push's."""
    workspace, archive = tmp_path / "workspace", tmp_path / "state.tar"
    first = repository.checkout(workspace)
    run(first)
    repository.commit(first)
    save_state(first, archive)
    for old, new in (("title: Banjir di Jakarta", "title: Banjir besar di Jakarta"),
                     ("title: Longsor di Bogor", "title: Longsor lagi di Bogor")):
        site = repository.checkout(workspace)
        edit(site, old, new)
        repository.commit(site)
    (repository.folder / "seeds" / "004.txt").write_text(seed(4, "Topan di Manado"), "utf-8")
    site = repository.checkout(workspace)
    restore_state(site, archive)
    said = run(site)
    assert "rewritten in place" in said, said
    assert snapshot(site.root / "output") == cold_build(repository, tmp_path / "cold")


def test_a_state_made_with_another_config_is_not_trusted(tmp_path, repository):
    """A state whose site was built with another title (a restore key that did not name the
    config would restore it): the build renders everything, and the site is right."""
    workspace, archive = tmp_path / "workspace", tmp_path / "state.tar"
    first = repository.checkout(workspace)
    (first.root / "site.toml").write_text(config("Arsip Lain"), encoding="utf-8")
    run(first)
    save_state(first, archive)
    site = repository.checkout(workspace)
    restore_state(site, archive)
    said = run(site)
    assert re.search(r"file\(s\) \(\d+ rendered; ", said), said       # all of them

    assert snapshot(site.root / "output") == cold_build(repository, tmp_path / "cold")

