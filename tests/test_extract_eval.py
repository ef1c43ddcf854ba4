"""Extraction quality on the labelled development articles, scored by the project's scorer.

Fails when any field falls below the targets of the extraction issue. The scorer and the
articles live in ../shared (beside the clone, as in CI)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sitetools import EVAL_DEV, REPO, SHARED

SCORER = SHARED / "tools" / "score_extraction.py"
TARGETS = {"date": 0.95, "source": 0.95, "wire": 0.90, "dateline": 0.95, "killed": 0.90,
           "injured": 0.85}
PLACES_F1 = 0.90


@pytest.fixture(scope="module")
def scores(tmp_path_factory, gazetteer_cache) -> dict:
    if not SCORER.exists() or not (EVAL_DEV / "labels.jsonl").exists():
        pytest.skip("../shared/eval-dev is not beside this clone")
    content = tmp_path_factory.mktemp("dev-content")
    site = tmp_path_factory.mktemp("dev-site")
    (site / "site.toml").write_text(f'cache_dir = "{gazetteer_cache}"\n', encoding="utf-8")
    extract = subprocess.run(
        [sys.executable, "-m", "site_builder", "extract", str(EVAL_DEV / "articles"),
         "--content", str(content)], cwd=site, capture_output=True, text=True, timeout=600,
        env={"PYTHONPATH": str(REPO), "PATH": ""})
    assert extract.returncode == 0, extract.stderr
    scored = subprocess.run(
        [sys.executable, str(SCORER), "--labels", str(EVAL_DEV / "labels.jsonl"),
         "--content", str(content), "--json"], capture_output=True, text=True, check=True)
    return json.loads(scored.stdout.strip().splitlines()[-1])


def test_every_article_gets_a_page(scores):
    assert scores["found"]["accuracy"] == 1.0


@pytest.mark.parametrize("field", sorted(TARGETS))
def test_field_meets_its_target(scores, field):
    assert scores[field]["accuracy"] >= TARGETS[field], scores[field]


def test_places_f1_meets_its_target(scores):
    assert scores["places"]["f1"] >= PLACES_F1, scores["places"]


def test_no_date_is_claimed_as_stated_where_none_can_be_known(scores):
    assert scores["date_overclaims"] == 0
