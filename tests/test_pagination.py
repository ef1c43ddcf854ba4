"""Lists are numbered from the oldest: /page/1/ keeps its articles as the archive grows (a
permalink an archive can cite), the first screen shows the newest, and an added article
rewrites a list's first screen, not every page of it."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

CONFIG = 'title = "Arsip"\nlanguage = "id"\nper_page = 2\n'


def write_article(content: Path, day: int) -> None:
    (content / f"laporan-{day}.md").write_text(
        f"---\ntitle: Laporan hari {day}\ndate: 2025-10-{day:02d}\ntags: [banjir]\n---\n"
        f"Isi laporan {day}.\n", encoding="utf-8")


def listed(html: str) -> list[int]:
    """The days of the articles a list page shows, in its order."""
    return [int(day) for day in re.findall(r'href="[^"]*articles/laporan-(\d+)/"', html)]


def test_numbered_pages_keep_their_articles_as_articles_are_added(make_site):
    site = make_site(config=CONFIG)
    content = site.root / "content"
    content.mkdir()
    for day in range(1, 8):
        write_article(content, day)
    assert site.run("build").code == 0
    assert listed(site.html("index.html")) == [7, 6, 5]
    assert listed(site.html("page/1/index.html")) == [2, 1]
    assert listed(site.html("page/2/index.html")) == [4, 3]
    assert listed(site.html("tags/banjir/page/1/index.html")) == [2, 1]
    assert "7 artikel" in site.html("index.html")
    oldest = site.html("page/1/index.html")
    assert "7 artikel" not in oldest and "Halaman 1" in oldest     # no count that would change

    write_article(content, 8)          # the first screen would hold 4: its older half splits
    built = site.run("build")
    assert built.code == 0, built.err
    assert listed(site.html("index.html")) == [8, 7]
    assert listed(site.html("page/3/index.html")) == [6, 5]
    assert listed(site.html("page/2/index.html")) == [4, 3]
    assert site.html("page/1/index.html") == oldest
    # Page 2's "newer" link moved on to the new page 3.
    assert 'rel="prev" href="../../page/3/"' in site.html("page/2/index.html")

    before = {path: path.read_bytes() for path in (site.root / "output").rglob("*.html")}
    write_article(content, 9)
    built = site.run("build")
    assert built.code == 0, built.err
    changed = {path.relative_to(site.root / "output").as_posix()
               for path, data in before.items() if path.read_bytes() != data}
    lists = {name for name in changed if name.endswith("index.html")
             and ("page/" in name or name in ("index.html", "tags/banjir/index.html"))}
    assert lists == {"index.html", "tags/banjir/index.html"}, changed
    assert listed(site.html("index.html")) == [9, 8, 7]


def _snapshot(output: Path) -> dict[str, bytes]:
    """Every file but the search index (its file names differ between runs) and the stamp."""
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.is_file() and not p.relative_to(output).as_posix().startswith("pagefind")
            and p.name != ".site-builder-inputs"}


def _dated(content: Path, name: str, day: int, title: str, tags: str = "[banjir]") -> None:
    (content / f"{name}.md").write_text(
        f"---\ntitle: {title}\ndate: 2025-10-{day:02d}\ntags: {tags}\n---\nIsi {name}.\n",
        encoding="utf-8")


# Each step changes content/ of a 15-article site (two a page: seven numbered pages), then
# builds: a rebuild plans only a list's pages from the oldest article the change reached (and
# keeps the older ones), so changes at the newest end, in the middle and at the oldest end,
# and the list growing or shrinking by a page, must all give a cold build's bytes.
STEPS = [
    ("newest added", lambda c: _dated(c, "baru", 28, "Laporan baru")),
    ("newest added again", lambda c: _dated(c, "baru-2", 29, "Laporan baru lagi")),
    ("middle retitled", lambda c: _dated(c, "laporan-8", 8, "Aaa laporan delapan")),
    ("middle removed", lambda c: (c / "laporan-6.md").unlink()),
    ("oldest added", lambda c: _dated(c, "lama", 1, "Laporan lama")),
    ("middle tag moved", lambda c: _dated(c, "laporan-10", 10, "Laporan 10", "[gempa]")),
    ("middle date moved", lambda c: _dated(c, "laporan-12", 3, "Laporan 12")),
    ("newest removed", lambda c: (c / "baru-2.md").unlink()),
]


def _list_site(root: Path, cache: Path) -> Path:
    """An empty site of two articles a list page, its search index built in the foreground."""
    from sitetools import cache_config
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text(cache_config(cache) + CONFIG +
                                    "[search]\nbackground = false\n", encoding="utf-8")
    return root


def test_a_lists_kept_pages_and_its_new_ones_are_a_cold_builds(tmp_path, gazetteer_cache):
    from site_builder.build import build
    from site_builder.config import load_config

    def site(name: str) -> Path:
        return _list_site(tmp_path / name, gazetteer_cache)

    live = site("live")
    for day in range(2, 17):
        _dated(live / "content", f"laporan-{day}", day, f"Laporan {day}")
    build(load_config(live / "site.toml"))
    for n, (what, change) in enumerate(STEPS):
        change(live / "content")
        report = build(load_config(live / "site.toml"))
        assert report.in_place and not report.problems, what
        cold = site(f"cold-{n}")
        shutil.rmtree(cold / "content")
        shutil.copytree(live / "content", cold / "content")
        build(load_config(cold / "site.toml"))
        expected, got = _snapshot(cold / "output"), _snapshot(live / "output")
        assert got.keys() == expected.keys(), what
        assert [name for name in expected if got[name] != expected[name]] == [], what


def _village(content: Path, name: str, day: int, place_name: str) -> None:
    """A report of a place the gazetteer lacks: the place takes its name from its newest."""
    (content / f"{name}.md").write_text(
        f"---\ntitle: Laporan {name}\ndate: 2025-11-{day:02d}\ntags: [banjir]\n"
        f"places:\n  - name: {place_name}\n    id: local:kampung-x\n    mentions: [{place_name}]\n"
        f"    country: ID\n    kind: other\n    lat: -7.1\n    lon: 110.2\n---\nIsi.\n",
        encoding="utf-8")


def test_a_place_renamed_by_its_newest_report_renames_every_kept_page(tmp_path, gazetteer_cache):
    """The older numbered pages of a list are kept only while their header is the same: a
    place renamed by a new report changes the header of every page of the place."""
    from site_builder.build import build
    from site_builder.config import load_config

    def site(name: str) -> Path:
        return _list_site(tmp_path / name, gazetteer_cache)

    live = site("live")
    for day in range(2, 12):
        _village(live / "content", f"a-{day}", day, "Kampung Lama")
    build(load_config(live / "site.toml"))
    _village(live / "content", "baru", 28, "Kampung Baru")
    assert build(load_config(live / "site.toml")).in_place
    cold = site("cold")
    shutil.rmtree(cold / "content")
    shutil.copytree(live / "content", cold / "content")
    build(load_config(cold / "site.toml"))
    expected, got = _snapshot(cold / "output"), _snapshot(live / "output")
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []
    assert "Kampung Lama" not in got["places/kampung-x/page/1/index.html"].decode()
