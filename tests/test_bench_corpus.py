"""The benchmark corpus generator: deterministic, realistic, both languages. No timings here."""
from __future__ import annotations

import sys

import pytest

from sitetools import EVAL_DEV, REPO

sys.path.insert(0, str(REPO / "bench"))
from make_corpus import make_corpus


@pytest.fixture(scope="module")
def sources():
    if not (EVAL_DEV / "articles").is_dir():
        pytest.skip("../shared/eval-dev is not beside this clone")
    return EVAL_DEV / "articles"


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, sources):
    make_corpus(12, tmp_path / "a", seed=7, sources=sources)
    make_corpus(12, tmp_path / "b", seed=7, sources=sources)
    make_corpus(12, tmp_path / "c", seed=8, sources=sources)
    read = lambda d: [p.read_bytes() for p in sorted(d.iterdir())]  # noqa: E731
    assert read(tmp_path / "a") == read(tmp_path / "b")
    assert read(tmp_path / "a") != read(tmp_path / "c")


def test_articles_look_like_real_seeds(tmp_path, sources):
    make_corpus(40, tmp_path, seed=1, sources=sources)
    texts = [p.read_text(encoding="utf-8") for p in sorted(tmp_path.glob("*.txt"))]
    assert len(texts) == 40
    assert all(t.startswith("TITLE: ") for t in texts)
    words = [len(t.split()) for t in texts]
    assert 400 <= sum(words) / len(words) <= 520
    indonesian = sum(" orang tewas " in t for t in texts)
    english = sum(" people were killed " in t for t in texts)
    assert indonesian > english > 0
    assert indonesian + english == 40
