"""Helpers for the tests: paths to the shared material and a tiny site driven by the CLI."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import frontmatter

from site_builder.write import output_lock, staging_folder

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED_ARTICLE = REPO / "seeds" / "000_30332d0c8a07f051.txt"
EVAL_DEV = SHARED / "eval-dev"
BASE_URL = "https://example.github.io/archive/"     # the suite's sites are built under a subpath
# In every test site's site.toml: tests read the search index right after a build, so every
# build waits for it.
WAIT_FOR_SEARCH = "\n[search]\nbackground = false\n"


@dataclass
class Run:
    code: int
    out: str
    err: str


@dataclass
class TinySite:
    """A site folder and a way to run the real CLI in it."""

    root: Path

    def run(self, *args: str, env: dict[str, str] | None = None,
            prefix: list[str] = ()) -> Run:
        """Run `site-builder ARGS` in the site folder (`prefix`: a command to run it under,
        such as setpriv)."""
        env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
        done = subprocess.run([*prefix, sys.executable, "-m", "site_builder", *args],
                              cwd=self.root, capture_output=True, text=True, env=env,
                              timeout=300)
        return Run(done.returncode, done.stdout, done.stderr)

    @property
    def output(self) -> Path:
        return self.root / "output"

    def page(self, slug: str) -> frontmatter.Post:
        return frontmatter.load(self.root / "content" / f"{slug}.md")

    def pages(self) -> list[Path]:
        return sorted((self.root / "content").glob("*.md"))

    def html(self, relative: str) -> str:
        return (self.root / "output" / relative).read_text(encoding="utf-8")


def cache_config(cache: Path) -> str:
    """site.toml's lines that keep a test site's cache and gazetteer index in `cache` (the
    session's, so the index is built once a test run, not in the user's cache folder)."""
    return f'cache_dir = "{cache}"\ngazetteer_dir = "{cache}"\n'


def write_site(root: Path, cache: Path, seeds: dict[str, str | bytes] | None = None,
               config: str | None = None, seed_files: list[Path] = ()) -> TinySite:
    """A site folder: seeds/ with the given texts and copies of `seed_files` (with their
    sidecars), and a site.toml with `config` that keeps its gazetteer cache in `cache`."""
    (root / "seeds").mkdir(parents=True)
    for name, text in (seeds or {}).items():
        data = text.encode("utf-8") if isinstance(text, str) else text
        (root / "seeds" / name).write_bytes(data)
    for path in seed_files:
        shutil.copy(path, root / "seeds" / path.name)
        sidecar = path.with_name(path.stem + ".meta.yaml")
        if sidecar.exists():
            shutil.copy(sidecar, root / "seeds" / sidecar.name)
    if config is not None:
        config = (config.replace("[search]\n", WAIT_FOR_SEARCH.lstrip(), 1)
                  if "[search]\n" in config else config + WAIT_FOR_SEARCH)
        (root / "site.toml").write_text(cache_config(cache) + config, encoding="utf-8")
    return TinySite(root)


@contextmanager
def staged_output(output: Path) -> Iterator[Path]:
    """A whole site written into a staging folder and swapped in, as a full build does."""
    with output_lock(output) as locked, staging_folder(locked) as staging:
        yield staging


def built_files(root: Path) -> dict[str, bytes]:
    """Build the site at `root` in this process; every file it wrote in output/ but the search
    index and the seeds' stamp (which a cold build and a rebuild write differently), by path:
    what the incremental tests compare with a cold build."""
    from site_builder.build import build
    from site_builder.config import load_config
    report = build(load_config(root / "site.toml"))
    assert not report.problems
    output = root / "output"
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.is_file() and not p.relative_to(output).as_posix().startswith("pagefind")
            and p.name != ".site-builder-inputs"}


def filled_pages(monkeypatch) -> list[str]:
    """The list pages a build fills in from a list's shell (render_lists._fill), by URL, as
    they are filled: a test that a shell is used at all, since a fall-back to the template
    gives the same bytes."""
    import site_builder.render_lists as render_lists
    filled: list[str] = []
    fill = render_lists._fill

    def counted_fill(shell, pager, fragments, url, base):
        filled.append(url)
        return fill(shell, pager, fragments, url, base)

    monkeypatch.setattr(render_lists, "_fill", counted_fill)
    return filled


def located_report(content: Path, name: str, day: int, place: str = "Kampung Lor",
                   event: str | None = None) -> None:
    """A content page in October 2025 with a tag and one located place (its lists then have a
    map on every page), and an `event:` line where one is given."""
    slug = place.lower().replace(" ", "-")
    (content / f"{name}.md").write_text(
        f"---\ntitle: Laporan {name}\ndate: 2025-10-{day:02d}\ntags: [banjir]\n"
        f"places:\n  - name: {place}\n    id: local:{slug}\n    mentions: [{place}]\n"
        f"    country: ID\n    kind: other\n    lat: -7.1\n    lon: 110.2\n"
        + (f"event: {event}\n" if event is not None else "") + f"---\nIsi {name}.\n",
        encoding="utf-8")
