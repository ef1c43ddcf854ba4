"""A list's numbered pages are filled in from one render of the list's template a build
(render_lists.py): they must be the template's own pages, byte for byte, on a cold build and
after an article dated mid-archive moved every later page; a site's own list templates, or a
title holding one of the fill-in marks, are rendered by the template page by page."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from site_builder.theme import REPO_THEME

from sitetools import built_files as _build
from sitetools import located_report as _report

CONFIG = ('title = "Arsip"\nlanguage = "id"\nper_page = 2\n'
          'base_url = "https://example.org/arsip/"\n')


def _site(root: Path, cache: Path, config: str = CONFIG) -> Path:
    from sitetools import cache_config
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text(cache_config(cache) + config +
                                    "[search]\nbackground = false\n", encoding="utf-8")
    return root




def _own_copy_of_the_theme(root: Path) -> None:
    """The packaged list templates copied into the site's templates/ with a comment added
    (nothing rendered changes, but they are not the checked bytes), so every page is the
    template's render."""
    (root / "templates").mkdir()
    for name in ("index.html", "term.html", "base.html", "_macros.html"):
        (root / "templates" / name).write_text(
            "{# the site's own #}" + (REPO_THEME / name).read_text(encoding="utf-8"),
            encoding="utf-8")


def _with_page_four_note(template: Path) -> None:
    """A list template that tests a page's number: page 4 says so."""
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{% block main %}",
        "{% block main %}{% if pager.number == 4 %}<p>Halaman keempat</p>{% endif %}"),
        encoding="utf-8")


def _numbered(files: dict[str, bytes]) -> list[str]:
    return [name for name in files if re.search(r"(^|/)page/\d+/index\.html$", name)]


def test_numbered_pages_are_the_templates_own_before_and_after_a_mid_archive_insertion(
        tmp_path, gazetteer_cache):
    shelled = _site(tmp_path / "packaged", gazetteer_cache)
    rendered = _site(tmp_path / "own", gazetteer_cache)
    _own_copy_of_the_theme(rendered)
    for root in (shelled, rendered):
        for day in range(2, 23):
            _report(root / "content", f"laporan-{day}", day)

    cold, expected = _build(shelled), _build(rendered)
    numbered = _numbered(cold)
    assert len(numbered) > 20 and any(name.startswith("places/") for name in numbered)
    assert cold == expected

    for root in (shelled, rendered):         # dated before most: every later page moves
        _report(root / "content", "susulan", 5)
    after, expected = _build(shelled), _build(rendered)
    moved = [name for name in _numbered(after) if after[name] != cold.get(name)]
    assert len(moved) > 15
    assert [name for name in expected if after.get(name) != expected[name]] == []
    # Each page shows its own number, its neighbours and its own articles: oldest first, days
    # 2, 3 | 4, 5 or the new one | the other, 6 | 7, 8 ...
    page = after["page/4/index.html"].decode()
    assert "Halaman 4" in page and 'href="../../page/5/"' in page and 'href="../../page/3/"' in page
    assert '<link rel="canonical" href="https://example.org/arsip/page/4/">' in page
    assert re.findall(r'articles/laporan-(\d+)/"', page) == ["8", "7"]


def test_a_sites_own_list_template_makes_every_numbered_page(tmp_path, gazetteer_cache):
    """A site's template may test a page's number, or compute with it: it is run for every
    page."""
    root = _site(tmp_path / "site", gazetteer_cache)
    _own_copy_of_the_theme(root)
    _with_page_four_note(root / "templates" / "index.html")
    own = root / "templates" / "term.html"
    own.write_text(own.read_text(encoding="utf-8").replace(
        "{% block main %}", '{% block main %}<p class="tenfold">{{ pager.number * 10 }}</p>'),
        encoding="utf-8")
    for day in range(2, 16):
        _report(root / "content", f"laporan-{day}", day)
    files = _build(root)
    for number in range(1, 6):
        assert ("Halaman keempat" in files[f"page/{number}/index.html"].decode()) == \
            (number == 4)
        assert f'<p class="tenfold">{number * 10}</p>' in \
            files[f"tags/banjir/page/{number}/index.html"].decode()


def test_a_title_holding_a_fill_in_mark_is_shown_as_written(tmp_path, gazetteer_cache):
    """The marks the shell holds are control characters no page should hold; a title that
    does is not mistaken for one: the pages it is on are rendered by the template."""
    from site_builder.render_lists import NUMBER
    title = f"Arsip {NUMBER} banjir"
    root = _site(tmp_path / "site", gazetteer_cache,
                 CONFIG.replace('title = "Arsip"', 'title = "Arsip \\u0002n\\u0003 banjir"'))
    for day in range(2, 16):
        _report(root / "content", f"laporan-{day}", day)
    files = _build(root)
    for number in range(2, 6):
        page = files[f"page/{number}/index.html"].decode()
        assert f"<title>Halaman {number} · {title}</title>" in page
        assert re.findall(r'articles/laporan-(\d+)/"', page) == \
            [str(2 * number + 1), str(2 * number)]


def test_an_edited_copy_of_the_packaged_theme_makes_every_numbered_page(
        tmp_path, gazetteer_cache, monkeypatch):
    """The packaged theme's folder edited in place (a fork, a source checkout's templates/):
    trusted by its content, not its folder, so a test of the page number is run for every
    page."""
    from site_builder import theme
    edited = tmp_path / "theme"
    shutil.copytree(REPO_THEME, edited)
    _with_page_four_note(edited / "index.html")
    monkeypatch.setattr(theme, "PACKAGE_THEME", edited)
    monkeypatch.setattr(theme, "REPO_THEME", tmp_path / "no-theme")
    root = _site(tmp_path / "site", gazetteer_cache)
    for day in range(2, 16):
        _report(root / "content", f"laporan-{day}", day)
    files = _build(root)
    assert [number for number in range(1, 6)
            if "Halaman keempat" in files[f"page/{number}/index.html"].decode()] == [4]


def test_the_packaged_themes_later_pages_are_filled_in_from_its_shell(
        tmp_path, gazetteer_cache, monkeypatch):
    """The shell is used at all (a fill that fell back to the template everywhere would pass
    every comparison above); it fails too when a packaged list template changed and its
    digest was not checked and pinned (render_lists.CHECKED)."""
    from sitetools import filled_pages
    filled = filled_pages(monkeypatch)
    root = _site(tmp_path / "site", gazetteer_cache)
    for day in range(2, 16):
        _report(root / "content", f"laporan-{day}", day)
    _build(root)
    assert {"page/5/", "tags/banjir/page/5/"} <= set(filled)
