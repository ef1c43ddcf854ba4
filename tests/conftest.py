"""Shared fixtures: tiny self-contained sites in temp dirs, built the way a user builds them."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED_ARTICLE = REPO / "seeds" / "000_30332d0c8a07f051.txt"
EVAL_DEV = SHARED / "eval-dev"


@dataclass
class Run:
    code: int
    out: str
    err: str


@dataclass
class TinySite:
    """A site folder and a way to run the real CLI in it."""

    root: Path

    def run(self, *args: str) -> Run:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        done = subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=self.root,
                              capture_output=True, text=True, env=env, timeout=300)
        return Run(done.returncode, done.stdout, done.stderr)

    def page(self, slug: str) -> frontmatter.Post:
        return frontmatter.load(self.root / "content" / f"{slug}.md")

    def pages(self) -> list[Path]:
        return sorted((self.root / "content").glob("*.md"))

    def html(self, relative: str) -> str:
        return (self.root / "output" / relative).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def gazetteer_cache(tmp_path_factory) -> Path:
    """One gazetteer cache for the whole session, so each tiny site starts fast."""
    return tmp_path_factory.mktemp("gazetteer-cache")


@pytest.fixture
def make_site(tmp_path, gazetteer_cache):
    """make_site(seeds={name: text}, config=toml text) → TinySite."""
    def make(seeds: dict[str, str | bytes] | None = None, config: str | None = None,
             seed_files: list[Path] = ()) -> TinySite:
        root = tmp_path / "site"
        (root / "seeds").mkdir(parents=True)
        for name, text in (seeds or {}).items():
            data = text.encode("utf-8") if isinstance(text, str) else text
            (root / "seeds" / name).write_bytes(data)
        for path in seed_files:
            shutil.copy(path, root / "seeds" / path.name)
        cache_line = f'cache_dir = "{gazetteer_cache}"\n'
        if config is not None:
            head, sep, tail = config.partition("[extract]")
            (root / "site.toml").write_text(cache_line + head + sep + tail, encoding="utf-8")
        return TinySite(root)
    return make
