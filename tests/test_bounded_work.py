"""Bounded work on pathological text: extraction never crashes and takes time linear in the
input (no regex backtracking blow-up). Generous limits: these catch blow-ups, not slowness."""
from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.extract import extract_metadata, load_gazetteer

SEED_LINE = ("Baku, Gatra.com - Presiden Azerbaijan mengatakan Minggu (1/11), Lebih dari 1.200 "
             "orang tewas di Nagorno-Karabakh; 27 September; (AP) killed at least 4. ")


@pytest.fixture(scope="module")
def gazetteer(gazetteer_cache):
    return load_gazetteer(gazetteer_cache)


def _seconds(gazetteer, text: str) -> float:
    started = time.perf_counter()
    extract_metadata(None, text, None, gazetteer)
    return time.perf_counter() - started


@pytest.mark.parametrize("make", [
    lambda n: (SEED_LINE * (n // len(SEED_LINE) + 1))[:n],                  # one huge line
    lambda n: "(" * (n // 2) + ")" * (n // 2),                              # nested brackets
    lambda n: " ".join(str(random.Random(1).randint(1, 99999)) for _ in range(n // 6))
    + " orang tewas",                                                      # 100,000+ numbers
    lambda n: ("tewas " * (n // 6)),                                        # triggers only
    lambda n: ("wargaPalestinatewas" * (n // 19)),                          # glued text
])
def test_pathological_text_takes_linear_time(gazetteer, make):
    small, large = make(250_000), make(1_000_000)
    t_small = _seconds(gazetteer, small)
    t_large = _seconds(gazetteer, large)
    assert t_large < 60
    assert t_large < 10 * t_small + 0.5         # 4x the input: ~4x the time, never ~16x


def test_a_five_megabyte_line_finishes(gazetteer):
    assert _seconds(gazetteer, (SEED_LINE * 40_000)[:5_000_000]) < 120


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.one_of(st.none(), st.text(max_size=200)), body=st.text(max_size=3000))
def test_any_text_extracts_without_crashing(gazetteer, title, body):
    metadata = extract_metadata(title, body, None, gazetteer)
    assert metadata.title and metadata.language in ("id", "en")
