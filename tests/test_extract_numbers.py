"""Quantities as a reader means them: Indonesian and English digits, number words, vague words
and qualifiers, each turned into the range DESIGN.md gives."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.extract.numbers import find_quantities


def ranges(text: str, language: str) -> list[tuple[int | None, int | None]]:
    return [(q.min, q.max) for q in find_quantities(text, language)]


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("1.200 orang", "id", (1200, 1200)),              # Indonesian thousands dot
    ("1,200 people", "en", (1200, 1200)),             # English thousands comma
    ("1,5 juta orang", "id", (1_500_000, 1_500_000)),
    ("2.5 million people", "en", (2_500_000, 2_500_000)),
    ("dua orang", "id", (2, 2)),
    ("lima belas orang", "id", (15, 15)),
    ("seribu dua ratus orang", "id", (1200, 1200)),
    ("two people", "en", (2, 2)),
    ("twenty-one people", "en", (21, 21)),
    ("seorang pilot", "id", (1, 1)),
])
def test_exact_quantities(text, language, expected):
    assert ranges(text, language) == [expected]


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("belasan orang", "id", (11, 19)),
    ("puluhan warga", "id", (20, 99)),
    ("dozens of people", "en", (24, 99)),
    ("ratusan orang", "id", (200, 999)),
    ("hundreds of people", "en", (200, 999)),
    ("ribuan warga", "id", (2000, 9999)),
    ("thousands of people", "en", (2000, 9999)),
    ("several people", "en", (3, 9)),
])
def test_vague_words_map_to_the_design_ranges(text, language, expected):
    assert ranges(text, language) == [expected]


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Lebih dari 1.200 orang", "id", (1200, None)),
    ("more than 380 injured", "en", (380, None)),
    ("sedikitnya sepuluh orang", "id", (10, None)),
    ("setidaknya 17 warga", "id", (17, None)),
    ("at least 63 people", "en", (63, None)),
    ("hampir 54.700 orang", "id", (None, 54700)),
    ("Nearly 120 people", "en", (None, 120)),
    ("sekitar 200 lainnya", "id", (200, 200)),
    ("about 20 people", "en", (20, 20)),
])
def test_qualifiers_turn_a_number_into_a_range(text, language, expected):
    assert ranges(text, language) == [expected]


def test_decimals_without_a_scale_and_times_are_not_counts():
    assert ranges("naik 1,5 derajat pada pukul 15.30", "id") == []


def test_digits_glued_to_the_next_word_are_read():
    assert ranges("sementara 19wisatawan Indonesiaterluka", "id") == [(19, 19)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,- abdeilnrstuy")) | st.characters(),
               max_size=200), st.sampled_from(["id", "en"]))
def test_any_text_gives_well_formed_ranges(text, language):
    for quantity in find_quantities(text, language):
        assert 0 <= quantity.start <= quantity.end <= len(text)
        if quantity.min is not None and quantity.max is not None:
            assert quantity.min <= quantity.max
