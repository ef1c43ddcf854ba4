"""The search index's shards after a rebuild: an added article re-indexes the shard the recent
articles are in, not the older ones, and every article stays findable exactly once."""
from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

from test_search import read_fragments

from eventsite import report, write_page

CONFIG = ('title = "Arsip"\nlanguage = "id"\n[extract]\nreference_date = 2025-11-25\n'
          "[search]\nshard_size = 3\n")
PLACES = ["Medan", "Bandung", "Surabaya", "Makassar", "Padang", "Manado", "Ambon", "Kupang",
          "Jayapura", "Palu", "Kendari", "Mataram"]


def lone_report(n: int, place: str) -> dict:
    """A report of its own (no other report of its incident), on day `n` of 2025."""
    day = date(2025, 1, 1) + timedelta(days=10 * n)
    return report(f"Banjir di {place}", day, "id", "Kompas.com", [], None, None,
                  f"seeds/{n:03d}.txt", f"{place.upper()}, KOMPAS.com - Banjir melanda "
                  f"{place} pada hari ke-{n}; warga mengungsi ke masjid.")


def bundles(output: Path) -> dict[str, tuple[int, int, frozenset[str]]]:
    """Each bundle of the index: (inode, mtime of its entry file, the pages it indexes)."""
    found = {}
    for entry in sorted(output.glob("pagefind*/**/pagefind-entry.json")):
        info = entry.stat()
        found[entry.parent.relative_to(output).as_posix()] = (
            info.st_ino, info.st_mtime_ns, frozenset(read_fragments(entry.parent)))
    return found


def indexed_pages(found: dict) -> list[str]:
    return sorted(page for (_, _, pages) in found.values() for page in pages)


def test_an_added_article_reindexes_only_the_newest_shard(make_site):
    site = make_site(config=CONFIG)
    for n, place in enumerate(PLACES):
        write_page(site.root / "content", f"banjir-{n:02d}", lone_report(n, place))
    assert site.run("build").code == 0
    before = bundles(site.output)
    assert len(before) == 4 and len(indexed_pages(before)) == 12, before

    write_page(site.root / "content", "banjir-baru", lone_report(20, "Sorong"))
    rebuilt = site.run("build")
    assert rebuilt.code == 0, rebuilt.err
    assert "rewritten in place" in rebuilt.err
    after = bundles(site.output)
    pages = indexed_pages(after)
    assert len(pages) == len(set(pages)) == 13
    assert any("/articles/banjir-baru/" in page for page in pages)
    kept = [name for name in before if after.get(name) == before[name]]
    assert len(kept) >= 3, (before, after)       # the older articles' shards are not redone
    assert {name for name in after if after[name] != before.get(name)} == \
        {name for name, (_, _, held) in after.items() if any("banjir-baru" in p for p in held)}

    # The same index, by what it holds, as a full build of the same pages gives.
    shutil.rmtree(site.output)
    shutil.rmtree(site.root / ".cache", ignore_errors=True)
    assert site.run("build").code == 0
    assert indexed_pages(bundles(site.output)) == pages


def test_an_edited_old_article_reindexes_its_own_shard_with_the_new_title(make_site):
    site = make_site(config=CONFIG)
    for n, place in enumerate(PLACES):
        write_page(site.root / "content", f"banjir-{n:02d}", lone_report(n, place))
    assert site.run("build").code == 0
    before = bundles(site.output)
    write_page(site.root / "content", "banjir-00", lone_report(0, PLACES[0]),
               title="Banjir Bandang di Medan")
    assert site.run("build").code == 0
    after = bundles(site.output)
    redone = [name for name in after if after[name] != before.get(name)]
    assert len(redone) == 1, redone
    titles = [record["meta"]["title"] for record in read_fragments(site.output / redone[0])
              .values()]
    assert "Banjir Bandang di Medan" in titles
