"""Building the gazetteer's index works on its hundreds of thousands of names in batches
(gazetteer_build): the batch forms of `slugify` (place page URLs) and `name_key` (lookups)
must give, name by name, exactly what the one-name forms give, or a new site's first build
would make other URLs and find other places than the code the pages were checked with. Its
SQLite copy is written by two processes, and must answer the same when only one can."""
from __future__ import annotations

import os
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.extract import gazetteer_db
from site_builder.extract.gazetteer import Entry, Gazetteer, name_key, name_keys
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


ROWS = [  # Entry's fields: id, kind, country, lat, lon, population, name_en, name_id, admin
    ("geonames:1", "city", "ID", -6.2, 106.8, 100, "Jakarta", "Jakarta", ""),
    ("geonames:2", "city", "US", 40.1, -75.2, 5, "Jakarta", "Jakarta", ""),
    ("sb:java-sea", "other", None, -5.0, 110.0, 0, "Java Sea", "Laut Jawa", ""),
]
INDEX = {"jakarta": (0, 1), "java sea": (2,), "laut jawa": (2,)}


@pytest.mark.parametrize("how", ["by two processes", "without fork", "the second one fails",
                                 "beside another thread"])
def test_the_sqlite_copy_answers_the_same_however_it_was_written(tmp_path, monkeypatch, how):
    """The index's SQLite copy is written while a forked process gives out the place slugs and
    then writes the pickle (`beside`); without fork, or when that process dies, this one does
    both: the same answers, and the pickle written once."""
    if how == "without fork":
        monkeypatch.setattr(gazetteer_db, "can_fork", lambda: False)
    if how == "the second one fails":
        parent, real = os.getpid(), gazetteer_db.assign_all_slugs

        def dies_in_the_child(rows):
            if os.getpid() != parent:
                raise MemoryError
            return real(rows)
        monkeypatch.setattr(gazetteer_db, "assign_all_slugs", dies_in_the_child)
    if how == "beside another thread":      # a Dask worker's or serve's: no fork there
        stop = threading.Event()
        waiting = threading.Thread(target=stop.wait, daemon=True)
        waiting.start()

        def no_fork() -> int:
            raise AssertionError("forked while another thread ran")
        monkeypatch.setattr(os, "fork", no_fork)
    marks = tmp_path / "beside"

    def beside() -> None:
        with marks.open("a") as out:
            out.write("pickle written\n")

    path = tmp_path / "index.sqlite"
    gazetteer_db.write_db(path, ROWS, INDEX, frozenset({"jakarta|geonames:1"}), beside=beside)
    assert marks.read_text() == "pickle written\n"
    opened = Gazetteer(*gazetteer_db.open_db(path))
    assert [e.id for e in opened.candidates("jakarta")] == ["geonames:1", "geonames:2"]
    assert opened.entry("sb:java-sea") == Entry(*ROWS[2])
    assert opened.preferred == {"jakarta|geonames:1"}
    assert [opened.place_slug(row[0], "id") for row in ROWS] == \
        ["jakarta", "jakarta-us", "laut-jawa"]
    assert [opened.place_slug(row[0], "en") for row in ROWS] == \
        ["jakarta", "jakarta-us", "java-sea"]
    assert opened.slugs_from("jakarta", "en") == {"jakarta", "jakarta-us"}
    assert opened.place_slug("geonames:0", "en") is None
    if how == "beside another thread":
        stop.set()


def test_an_interrupted_index_write_leaves_nothing_half_written_in_the_cache(tmp_path,
                                                                             monkeypatch):
    """Ctrl-C while the index is written (a new machine's first build takes seconds): the
    interrupt goes through, and no temporary file (a SQLite copy of tens of MB) stays behind
    in the cache folder to be found by the next build."""
    monkeypatch.setattr(gazetteer_db, "can_fork", lambda: False)

    def interrupted(rows):
        raise KeyboardInterrupt
    monkeypatch.setattr(gazetteer_db, "assign_all_slugs", interrupted)
    with pytest.raises(KeyboardInterrupt):
        gazetteer_db.write_db(tmp_path / "index.sqlite", ROWS, INDEX, frozenset())
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_interrupted_pickle_write_leaves_nothing_in_the_cache(tmp_path, monkeypatch):
    """The index's pickle, written beside the SQLite copy: interrupted, nothing stays."""
    from site_builder.extract import gazetteer_cache

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(gazetteer_cache.pickle, "dump", interrupted)
    with pytest.raises(KeyboardInterrupt):
        gazetteer_cache.write_atomic(tmp_path / "gazetteer-x.pickle", ROWS)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
