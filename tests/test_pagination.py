"""Lists are numbered from the oldest: /page/1/ keeps its articles as the archive grows (a
permalink an archive can cite), the first screen shows the newest, and an added article
rewrites a list's first screen, not every page of it."""
from __future__ import annotations

import re
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
