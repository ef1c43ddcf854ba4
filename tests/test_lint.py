"""The code base stays ruff-clean (the project's lint rules are in pyproject.toml)."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from sitetools import REPO


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or str(REPO / ".venv" / "bin" / "ruff")
    if not shutil.which(ruff):
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    done = subprocess.run([ruff, "check", "--no-cache", str(REPO)], capture_output=True,
                          text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sys.version_info >= (3, 11)
