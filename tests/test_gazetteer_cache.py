"""The gazetteer's index is built once a machine, in the user's cache folder, and every site
shares it: a new site's first build does not spend its 10-30 s building it again. A site may
keep its own (`gazetteer_dir`), as this suite does."""
from __future__ import annotations

import os
from pathlib import Path

import frontmatter

from sitetools import SEED_ARTICLE, TinySite


def _index_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("gazetteer-*.pickle"))


def _user_cache_holding(tmp_path: Path, gazetteer_cache: Path) -> Path:
    """An XDG cache folder in which this machine already built the index (the session's)."""
    user_cache = tmp_path / "xdg-cache"
    (user_cache / "site-builder").mkdir(parents=True)
    for index in gazetteer_cache.glob("gazetteer-*.pickle"):
        os.link(index, user_cache / "site-builder" / index.name)
    return user_cache


def _site(root: Path, config: str = "") -> TinySite:
    """A site of one seed; `config`: site.toml's top-level lines (none: every default)."""
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / SEED_ARTICLE.name).write_bytes(SEED_ARTICLE.read_bytes())
    (root / "site.toml").write_text(config + "[search]\nbackground = false\n", encoding="utf-8")
    return TinySite(root)


def test_new_sites_use_the_index_in_the_user_cache(tmp_path, gazetteer, gazetteer_cache):
    user_cache = _user_cache_holding(tmp_path, gazetteer_cache)
    shared = _index_files(user_cache)
    assert shared
    for name in ("first", "second"):
        site = _site(tmp_path / name)
        built = site.run("build", env={"XDG_CACHE_HOME": str(user_cache)})
        assert built.code == 0, built.err
        pages = site.pages()
        assert len(pages) == 1 and frontmatter.load(pages[0])["places"]
        assert _index_files(site.root) == [], "the site built an index of its own"
    assert _index_files(user_cache) == shared


def test_a_site_may_keep_its_own_index(tmp_path, gazetteer, gazetteer_cache):
    user_cache = tmp_path / "xdg-cache"
    own = tmp_path / "own-index"
    own.mkdir()
    for index in gazetteer_cache.glob("gazetteer-*.pickle"):
        os.link(index, own / index.name)
    site = _site(tmp_path / "site", f'gazetteer_dir = "{own}"\n')
    built = site.run("build", env={"XDG_CACHE_HOME": str(user_cache)})
    assert built.code == 0, built.err
    assert frontmatter.load(site.pages()[0])["places"]
    assert _index_files(user_cache) == []


def test_its_sqlite_copy_answers_as_the_loaded_index(gazetteer, gazetteer_cache):
    """A run that looks up a few names opens the index's SQLite copy instead of loading it:
    the same places, in the same order, with the same names."""
    from site_builder.extract import load_gazetteer
    from site_builder.extract.gazetteer import name_key
    opened = load_gazetteer(gazetteer_cache, lazy=True)
    assert opened.lazy and not gazetteer.lazy
    for name in ["Jakarta", "Moskow", "Bogor", "Armenia", "Jawa Barat", "Gaza", "Aman",
                 "Inggris", "Tebet", "no such place"]:
        key = name_key(name)
        assert opened.candidates(key) == gazetteer.candidates(key), name
        assert [opened.is_alternate(key, e) for e in opened.candidates(key)] == \
            [gazetteer.is_alternate(key, e) for e in gazetteer.candidates(key)]
    assert opened.place_name("geonames:2017370", "id") == "Rusia"
    assert opened.entry("geonames:1642911") == gazetteer.entry("geonames:1642911")
    assert opened.entry("geonames:0") is None
