"""Helpers for the tests: paths to the shared material and a tiny site driven by the CLI."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import frontmatter

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
        # Tests read the search index right after a build: make every build wait for it.
        env = {**os.environ, "PYTHONPATH": str(REPO), "SITE_BUILDER_SEARCH": "sync"}
        done = subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=self.root,
                              capture_output=True, text=True, env=env, timeout=300)
        return Run(done.returncode, done.stdout, done.stderr)

    def page(self, slug: str) -> frontmatter.Post:
        return frontmatter.load(self.root / "content" / f"{slug}.md")

    def pages(self) -> list[Path]:
        return sorted((self.root / "content").glob("*.md"))

    def html(self, relative: str) -> str:
        return (self.root / "output" / relative).read_text(encoding="utf-8")
