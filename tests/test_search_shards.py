"""The search index's shards after a rebuild: an added article re-indexes the shard the recent
articles are in, not the older ones, and every article stays findable exactly once."""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
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


def twelve_reports(make_site):
    """A site of twelve lone reports, built: four shards of three."""
    site = make_site(config=CONFIG)
    for n, place in enumerate(PLACES):
        write_page(site.root / "content", f"banjir-{n:02d}", lone_report(n, place))
    assert site.run("build").code == 0
    return site


def test_an_added_article_reindexes_only_the_newest_shard(make_site):
    site = twelve_reports(make_site)
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
    site = twelve_reports(make_site)
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


def served_index(output: Path) -> Counter:
    """Each page as often as the bundles the browser loads (the primary one and those its
    shards.json lists) hold it."""
    listing = json.loads((output / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    found: Counter = Counter()
    for bundle in ["pagefind/", *listing["shards"]]:
        for url in read_fragments(output / bundle):
            found[re.search(r"((?:articles|events)/[^/]+/)", url)[1]] += 1
    return found


def pages_on_site(output: Path) -> Counter:
    return Counter(f"{kind}/{page.parent.name}/" for kind in ("articles", "events")
                   for page in (output / kind).glob("*/index.html"))


def build_and_check(site, step: str) -> None:
    """Build; the index then holds every article and event page once, and nothing else."""
    done = site.run("build")
    assert done.code == 0, (step, done.err)
    index, pages = served_index(site.output), pages_on_site(site.output)
    twice = {page for page, n in index.items() if n > 1}
    assert index == pages, (step, "missing", set(pages) - set(index), "stale",
                            set(index) - set(pages), "twice", twice)


def test_the_index_holds_every_page_once_through_a_day_of_edits(make_site):
    """Articles added at either end and in the middle, removed, renamed; an incident formed,
    joined by an old report, given a newer one, renamed and split; the oldest shard emptied."""
    site = make_site(config=CONFIG.replace("shard_size = 3", "shard_size = 2"))
    content = site.root / "content"
    for n, place in enumerate(PLACES[:6]):
        write_page(content, f"banjir-{n:02d}", lone_report(n + 5, place))
    build_and_check(site, "cold")
    write_page(content, "baru", lone_report(30, "Sorong"))
    build_and_check(site, "newest added")
    write_page(content, "lama", lone_report(0, "Biak"))
    build_and_check(site, "oldest added")
    write_page(content, "tengah", lone_report(7, "Tual"))
    build_and_check(site, "middle added")
    (content / "banjir-03.md").unlink()
    build_and_check(site, "removed")
    (content / "banjir-04.md").unlink()
    write_page(content, "banjir-empat", lone_report(9, PLACES[4]))
    build_and_check(site, "slug renamed")
    for slug, n, place in (("baru", 30, "Sorong"), ("banjir-05", 10, PLACES[5])):
        write_page(content, slug, lone_report(n, place), event="banjir-besar")
    build_and_check(site, "incident formed")
    write_page(content, "lama", lone_report(0, "Biak"), event="banjir-besar")
    build_and_check(site, "an old report joined it")
    write_page(content, "paling-baru", lone_report(33, "Nabire"), event="banjir-besar")
    build_and_check(site, "a newer report joined it")
    for slug, n, place in (("baru", 30, "Sorong"), ("banjir-05", 10, PLACES[5]),
                           ("lama", 0, "Biak"), ("paling-baru", 33, "Nabire")):
        write_page(content, slug, lone_report(n, place), event="banjir-raya")
    build_and_check(site, "incident renamed")
    write_page(content, "lama", lone_report(0, "Biak"))
    for slug, n, place in (("banjir-05", 10, PLACES[5]), ("banjir-02", 7, PLACES[2])):
        write_page(content, slug, lone_report(n, place), event="banjir-kecil")
    build_and_check(site, "incident split")
    for slug in ("banjir-00", "banjir-01", "lama"):
        (content / f"{slug}.md").unlink()
    build_and_check(site, "oldest shard emptied")


def test_a_page_file_renamed_keeping_its_slug_stays_findable_once(make_site):
    """The file of a page renamed (its slug, so its URL, kept), then an edit beside it: the
    article was dropped from its shard's record, left out of the index, then indexed twice."""
    site = make_site(config=CONFIG)
    content = site.root / "content"
    for n, place in enumerate(PLACES[:5]):
        write_page(content, f"banjir-{n:02d}", lone_report(n + 5, place))
    build_and_check(site, "cold")
    (content / "banjir-01.md").rename(content / "banjir-satu.md")
    build_and_check(site, "file renamed")
    write_page(content, "banjir-00", lone_report(5, PLACES[0]), title="Banjir Bandang di Medan")
    build_and_check(site, "an edit in the renamed page's shard")
    renamed = content / "banjir-satu.md"
    renamed.write_text(renamed.read_text(encoding="utf-8").replace(
        "title: Banjir di Bandung", "title: Banjir Susulan di Bandung", 1), encoding="utf-8")
    build_and_check(site, "the renamed page edited")
    (content / "banjir-satu.md").unlink()
    build_and_check(site, "the renamed page removed")
    assert not (site.output / "articles" / "banjir-01").exists()
