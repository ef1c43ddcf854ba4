"""An added article's rebuild writes the sitemap and the data files from the live ones (only
the changed articles' rows made again): the files must be a cold build's, with the packaged
theme and with a site's own sitemap template that does not render a row an article as the
articles are handed to it (then the sitemap is written whole)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.config import load_config

from sitetools import cache_config

# A sitemap that reads every article before writing any: no row an article to record.
READ_AHEAD = """<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{% set all = articles | list %}
{% for article in all | reverse %}
  <url><loc>{{ absolute(urls.article_url(article.slug)) }}</loc></url>
{% endfor %}
</urlset>
"""


def _site(root: Path, cache: Path, sitemap: str | None) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text(
        cache_config(cache) + 'title = "Arsip"\nlanguage = "id"\nper_page = 2\n'
        'base_url = "https://arsip.example/"\n[search]\nbackground = false\n', encoding="utf-8")
    if sitemap is not None:
        (root / "templates").mkdir()
        (root / "templates" / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    return root


def _article(content: Path, name: str, day: int, tags: str = "[banjir]") -> None:
    (content / f"{name}.md").write_text(
        f"---\ntitle: Laporan {name}\ndate: 2025-11-{day:02d}\ntags: {tags}\n---\nIsi.\n",
        encoding="utf-8")


def _files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.is_file() and not p.relative_to(output).as_posix().startswith("pagefind")
            and p.name != ".site-builder-inputs"}


@pytest.mark.parametrize("sitemap", [None, READ_AHEAD], ids=["packaged", "reads-ahead"])
def test_added_removed_and_redated_articles_give_a_cold_builds_sitemap_and_data(
        tmp_path, gazetteer_cache, sitemap):
    live = _site(tmp_path / "live", gazetteer_cache, sitemap)
    content = live / "content"
    for day in range(1, 9):
        _article(content, f"lama-{day}", day)
    build(load_config(live / "site.toml"))
    steps = [lambda: _article(content, "baru", 20, "[gempa, baru]"),      # newest, new tags
             lambda: _article(content, "tengah", 5),                      # in the middle
             lambda: (content / "lama-3.md").unlink(),
             lambda: _article(content, "lama-7", 2)]                      # redated
    for n, step in enumerate(steps):
        step()
        assert build(load_config(live / "site.toml")).in_place
        cold = _site(tmp_path / f"cold-{n}", gazetteer_cache, sitemap)
        shutil.rmtree(cold / "content")
        shutil.copytree(content, cold / "content")
        build(load_config(cold / "site.toml"))
        got, expected = _files(live / "output"), _files(cold / "output")
        for name in ("sitemap.xml", "data/articles.json", "data/articles.csv"):
            assert got[name] == expected[name], (n, name)
        assert got == expected


# A site's own sitemaps whose rows depend on their place in the loop: the changed articles
# alone cannot give them, so the sitemap must be written whole.
BY_POSITION = """<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{% for article in articles %}
  <url><loc>{{ absolute(urls.article_url(article.slug)) }}</loc>
    <priority>{{ '1.0' if loop.index <= 3 else '0.5' }}</priority></url>
{% endfor %}
</urlset>
"""
BY_MONTH = """<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{% for article in articles %}{% if loop.changed((article.date or '')[:7]) %}
  <!-- {{ (article.date or 'undated')[:7] }} -->{% endif %}
  <url><loc>{{ absolute(urls.article_url(article.slug)) }}</loc></url>
{% endfor %}
</urlset>
"""


def _cold_files(tmp_path: Path, live: Path, cache: Path, sitemap: str | None) -> dict:
    cold = _site(tmp_path / "cold", cache, sitemap)
    shutil.rmtree(cold / "content")
    shutil.copytree(live / "content", cold / "content")
    build(load_config(cold / "site.toml"))
    return _files(cold / "output")


@pytest.mark.parametrize("sitemap", [BY_POSITION, BY_MONTH], ids=["loop-index", "loop-changed"])
def test_a_sites_own_sitemap_whose_rows_depend_on_their_place_is_a_cold_builds(
        tmp_path, gazetteer_cache, sitemap):
    live = _site(tmp_path / "live", gazetteer_cache, sitemap)
    for day in range(1, 9):
        (live / "content" / f"lama-{day}.md").write_text(
            f"---\ntitle: Laporan {day}\ndate: 2025-{10 + day % 2}-{day:02d}\n---\nIsi.\n",
            encoding="utf-8")
    build(load_config(live / "site.toml"))
    _article(live / "content", "baru", 20)
    assert build(load_config(live / "site.toml")).in_place
    expected = _cold_files(tmp_path, live, gazetteer_cache, sitemap)
    assert _files(live / "output")["sitemap.xml"].decode() == expected["sitemap.xml"].decode()


def test_a_live_sitemap_or_data_file_edited_in_place_is_not_copied_on(tmp_path, gazetteer_cache):
    """An edit that keeps a file's size (a person's, a post-processing step's, damage) must not
    be copied into every later sitemap and data file."""
    live = _site(tmp_path / "live", gazetteer_cache, None)
    for day in range(2, 17):
        _article(live / "content", f"a-{day}", day)
    build(load_config(live / "site.toml"))
    for name in ("sitemap.xml", "data/articles.json", "data/articles.csv"):
        path = live / "output" / name
        path.write_bytes(path.read_bytes().replace(b"a-9", b"a-X"))
    _article(live / "content", "baru", 28)
    assert build(load_config(live / "site.toml")).in_place
    got, expected = _files(live / "output"), _cold_files(tmp_path, live, gazetteer_cache, None)
    for name in ("sitemap.xml", "data/articles.json", "data/articles.csv"):
        assert got[name] == expected[name], name


def _report(content: Path, name: str, day: int, event: str) -> None:
    (content / f"{name}.md").write_text(
        f"---\ntitle: Laporan {name}\ndate: 2025-11-{day:02d}\ntags: [banjir]\n"
        f"event: {event}\n---\nIsi.\n", encoding="utf-8")


EVENT_STEPS = [
    ("a report joins an event, its last date moves",
     lambda c: _report(c, "a-3", 20, "banjir-a"), b"events/banjir-a/</loc><lastmod>2025-11-20"),
    ("a report redated", lambda c: _report(c, "b-2", 25, "gempa-b"),
     b"events/gempa-b/</loc><lastmod>2025-11-25"),
    ("an event loses a report and goes", lambda c: (c / "c-2.md").unlink(), None),
    ("a new event", lambda c: [_report(c, f"d-{n}", 12 + n, "kebakaran-d") for n in (1, 2)],
     b"events/kebakaran-d/</loc><lastmod>2025-11-14"),
    ("a lone article, no event changed", lambda c: _article(c, "baru", 28), b"baru/"),
]


def test_the_sitemaps_event_rows_after_events_change_are_a_cold_builds(
        tmp_path, gazetteer_cache):
    """A rebuild renders the sitemap rows of the events that changed and copies the others
    from the live file: after an event gains a report, a report is redated, an event goes and
    one appears, the sitemap is a cold build's."""
    live = _site(tmp_path / "live", gazetteer_cache, None)
    content = live / "content"
    for name, day, event in [("a-1", 1, "banjir-a"), ("a-2", 3, "banjir-a"),
                             ("b-1", 2, "gempa-b"), ("b-2", 4, "gempa-b"),
                             ("c-1", 5, "longsor-c"), ("c-2", 6, "longsor-c")]:
        _report(content, name, day, event)
    for day in range(7, 10):
        _article(content, f"lama-{day}", day)
    build(load_config(live / "site.toml"))
    assert b"events/longsor-c/" in _files(live / "output")["sitemap.xml"]
    for n, (what, change, shown) in enumerate(EVENT_STEPS):
        change(content)
        assert build(load_config(live / "site.toml")).in_place, what
        got = _files(live / "output")["sitemap.xml"]
        assert shown is None or shown in got, what
        expected = _cold_files(tmp_path / str(n), live, gazetteer_cache, None)
        assert got.decode() == expected["sitemap.xml"].decode(), what
    assert b"events/longsor-c/" not in got
