"""Building the gazetteer's index works on its hundreds of thousands of names in batches
(gazetteer_build): the batch forms of `slugify` (place page URLs) and `name_key` (lookups)
must give, name by name, exactly what the one-name forms give, or a new site's first build
would make other URLs and find other places than the code the pages were checked with."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.extract.gazetteer import name_key, name_keys
from site_builder.urls import slugify, slugify_many

AWKWARD = ["", " ", "-", "'", "\u2019", "\0", "a\0b", "\u0301", "e\u0301", "\u0301Abc", "Ærø",
           "İstanbul", "straße", "ﬁnal", "①②", "Ⅻ", "ǅ", "x" * 200, "a-" * 60, "Mañana 'Ö'",
           "São Tomé and Príncipe", "Đà Nẵng", "Łódź", "\u00a0Kab.\tBogor\n", "Москва"]
texts = st.lists(st.text() | st.sampled_from(AWKWARD), max_size=30)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_slugify_many_is_slugify_text_by_text(batch):
    assert slugify_many(batch) == [slugify(text) for text in batch]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_name_keys_is_name_key_name_by_name(batch):
    assert name_keys(batch) == [name_key(text) for text in batch]


def test_the_awkward_names_together():
    assert slugify_many(AWKWARD) == [slugify(text) for text in AWKWARD]
    assert name_keys(AWKWARD) == [name_key(text) for text in AWKWARD]
    assert slugify_many(["São Tomé", "x" * 200]) == ["sao-tome", "x" * 80]
    assert name_keys(["Kab. Bogor", "Đà Nẵng", "a\0b"]) == ["kab bogor", "a nang", "a b"]
