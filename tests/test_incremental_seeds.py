"""A build after seeds were added or edited reads only the seed files that moved (their stamps
against the last build's), and gives what a fresh build of the same seeds gives; an edit is
seen even where the file's size and mtime did not change."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from test_incremental import snapshot

from sitetools import TinySite, write_site

CONFIG = 'title = "Arsip"\nlanguage = "id"\n[extract]\nreference_date = 2025-11-25\n'
PLACES = ["Jakarta", "Bandung", "Medan", "Surabaya", "Makassar", "Padang"]


def seed_text(n: int, place: str, killed: int) -> str:
    return (f"TITLE: Banjir di {place}\n{place.upper()}, KOMPAS.com - Banjir melanda {place} "
            f"pada Senin ({n + 1}/11/2025), {killed} orang tewas.\nWarga mengungsi ke masjid.\n")


def seeds(count: int) -> dict[str, str]:
    return {f"{n:03d}.txt": seed_text(n, PLACES[n], n + 2) for n in range(count)}


def contents(site_root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((site_root / "content").glob("*.md"))}


def build(site) -> str:
    done = site.run("build", "--wait-for-search")
    assert done.code == 0, done.err
    return done.err


def test_added_and_edited_seeds_rebuild_as_a_fresh_build(tmp_path, gazetteer_cache):
    site = write_site(tmp_path / "site", gazetteer_cache, seeds=seeds(4), config=CONFIG)
    build(site)
    state = site.root / "content" / ".extract-state.json"
    state_before = state.read_bytes()
    (site.root / "seeds" / "004.txt").write_text(seed_text(4, PLACES[4], 9), encoding="utf-8")
    edited = site.root / "seeds" / "001.txt"
    edited.write_text(seed_text(1, "Bandung", 30), encoding="utf-8")   # its slug is kept
    said = build(site)
    assert "extract: 2 page(s) written, 3 unchanged" in said
    # The state file is left alone for two pages; what they were is in its journal.
    assert state.read_bytes() == state_before
    assert (site.root / "content" / ".extract-state.journal").exists()
    assert "max: 30" in (site.root / "content" / "banjir-di-bandung.md").read_text("utf-8")
    pages, output = contents(site.root), snapshot(site.output)
    for made in ("content", "output", ".cache"):          # a fresh build of the same seeds
        shutil.rmtree(site.root / made, ignore_errors=True)
    build(site)
    assert contents(site.root) == pages
    assert snapshot(site.output) == output


def test_a_clone_knows_the_pages_recorded_in_the_journal(tmp_path, gazetteer_cache):
    """A fresh clone (content/ and seeds/, no cache) takes the journal for part of the state:
    the added seed keeps its one page. `extract` writes neither file when nothing changed,
    and appends to the journal (the state file left alone) for a seed added in the clone."""
    site = write_site(tmp_path / "site", gazetteer_cache, seeds=seeds(3), config=CONFIG)
    build(site)
    (site.root / "seeds" / "003.txt").write_text(seed_text(3, PLACES[3], 5), encoding="utf-8")
    build(site)
    clone = tmp_path / "clone"
    shutil.copytree(site.root, clone, ignore=shutil.ignore_patterns(".cache", "output"))
    before = contents(clone)
    state, journal = (clone / "content" / name
                      for name in (".extract-state.json", ".extract-state.journal"))
    kept = state.read_bytes(), journal.read_bytes()
    done = TinySite(clone).run("extract")
    assert done.code == 0, done.err
    assert "0 page(s) written, 4 unchanged" in done.err
    assert contents(clone) == before
    assert (state.read_bytes(), journal.read_bytes()) == kept
    assert "banjir-di-surabaya.md" in journal.read_text("utf-8")
    (clone / "seeds" / "004.txt").write_text(seed_text(4, PLACES[4], 6), encoding="utf-8")
    done = TinySite(clone).run("extract")
    assert "1 page(s) written, 4 unchanged" in done.err, done.err
    assert state.read_bytes() == kept[0]
    assert "banjir-di-makassar.md" in journal.read_text("utf-8")
    done = TinySite(clone).run("extract")
    assert "0 page(s) written, 5 unchanged" in done.err, done.err


def test_an_edit_that_keeps_the_size_and_the_mtime_is_extracted(tmp_path, gazetteer_cache):
    site = write_site(tmp_path / "site", gazetteer_cache, seeds=seeds(3), config=CONFIG)
    build(site)
    seed = site.root / "seeds" / "002.txt"
    info = seed.stat()
    text = seed.read_text(encoding="utf-8")
    changed = text.replace("4 orang tewas", "7 orang tewas")
    assert changed != text and len(changed) == len(text)
    seed.write_text(changed, encoding="utf-8")
    os.utime(seed, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (seed.stat().st_mtime_ns, seed.stat().st_size) == (info.st_mtime_ns, info.st_size)
    said = build(site)
    assert "extract: 1 page(s) written" in said
    assert "max: 7" in (site.root / "content" / "banjir-di-medan.md").read_text("utf-8")


def test_a_seed_replaced_by_an_older_copy_is_extracted(tmp_path, gazetteer_cache):
    """Clock skew, or a copy restored from a backup: the new file's mtime is older than the
    one the last build saw; it is read all the same."""
    site = write_site(tmp_path / "site", gazetteer_cache, seeds=seeds(3), config=CONFIG)
    build(site)
    copy = tmp_path / "backup.txt"
    copy.write_text(seed_text(0, "Jakarta", 44), encoding="utf-8")
    os.utime(copy, (1_000_000_000, 1_000_000_000))          # 2001
    os.replace(copy, site.root / "seeds" / "000.txt")
    said = build(site)
    assert "extract: 1 page(s) written" in said
    assert "max: 44" in (site.root / "content" / "banjir-di-jakarta.md").read_text("utf-8")


def test_a_kept_edit_is_still_reported_when_another_seed_changes(tmp_path, gazetteer_cache):
    site = write_site(tmp_path / "site", gazetteer_cache, seeds=seeds(3), config=CONFIG)
    build(site)
    page = site.root / "content" / "banjir-di-jakarta.md"
    page.write_text(page.read_text("utf-8").replace("title: ", "title: Diedit ", 1), "utf-8")
    (site.root / "seeds" / "000.txt").write_text(seed_text(0, "Jakarta", 11), "utf-8")
    assert build(site).count("edited by hand") == 1
    (site.root / "seeds" / "001.txt").write_text(seed_text(1, "Bandung", 12), "utf-8")
    said = build(site)
    assert said.count("edited by hand and its seed seeds/000.txt changed") == 1, said
    assert "extract: 1 page(s) written" in said
    assert "Diedit" in page.read_text("utf-8")


def other_report(killed: int) -> str:
    """Another outlet's report of seed 000's flood: the two make an event."""
    return ("TITLE: Korban banjir Jakarta bertambah\nJAKARTA, DETIK.COM - Banjir yang melanda "
            f"Jakarta pada Senin (1/11/2025) menewaskan {killed} orang.\n"
            "Warga mengungsi ke masjid.\n")


def fresh_output(tmp_path: Path, gazetteer_cache: Path, site: TinySite, name: str
                 ) -> dict[str, bytes]:
    """The output of a first build of `site`'s seeds, in a site of its own (its own database:
    nothing of the incremental builds' state is shared)."""
    fresh = write_site(tmp_path / name, gazetteer_cache, config=PAGED)
    shutil.rmtree(fresh.root / "seeds")
    shutil.copytree(site.root / "seeds", fresh.root / "seeds")
    build(fresh)
    return site_files(fresh.output)


def site_files(output: Path) -> dict[str, bytes]:
    """The snapshot but the stamp of the build's inputs, which names the site's folder (the
    fresh build's is another)."""
    files = snapshot(output)
    del files[".site-builder-inputs"]
    return files


PAGED = "per_page = 2\n" + CONFIG        # lists of a few articles span numbered pages


def test_an_added_then_an_edited_seed_give_a_fresh_builds_site(tmp_path, gazetteer_cache):
    """An added article lands on the first screens, numbered pages, term and month pages,
    feeds, an event and the data files; an edited one changes its event's figures. After
    each, output/ is byte for byte what a first build of the same seeds makes in another
    folder (but the stamp that names the site's inputs, folder included, and Pagefind's
    bundle, compared by the pages it indexed: its file names are random)."""
    site = write_site(tmp_path / "site", gazetteer_cache, seeds=seeds(5), config=PAGED)
    build(site)
    (site.root / "seeds" / "005.txt").write_text(other_report(4), encoding="utf-8")
    assert "extract: 1 page(s) written" in build(site)
    added = site_files(site.output)
    assert b"Korban banjir Jakarta bertambah" in added["data/events.json"]
    assert added == fresh_output(tmp_path, gazetteer_cache, site, "fresh-added")
    (site.root / "seeds" / "005.txt").write_text(other_report(9), encoding="utf-8")
    said = build(site)
    assert "extract: 1 page(s) written" in said and "rewritten in place" in said
    edited = site_files(site.output)
    assert edited != added
    assert edited == fresh_output(tmp_path, gazetteer_cache, site, "fresh-edited")


def many_seeds(count: int) -> dict[str, str]:
    """`count` seeds over the places, titles repeating (slugs then collide), every third with
    a `collected:` sidecar."""
    found: dict[str, str] = {}
    for n in range(count):
        found[f"{n:03d}.txt"] = seed_text(n % 28, PLACES[n % len(PLACES)], n)
        if n % 3 == 0:
            found[f"{n:03d}.meta.yaml"] = f"collected: 2025-12-{n % 28 + 1:02d}\n"
    return found


def test_seeds_extracted_in_batches_make_the_pages_of_seeds_added_a_few_at_a_time(
        tmp_path, gazetteer_cache):
    """A cold extract (batches of seeds read, extracted, then written, on every core) and
    seeds added in three runs give the same pages; every page an ordinary file (0644, even
    under a private umask), no temporary file left behind."""
    private = ["sh", "-c", 'umask 077; exec "$0" "$@"']
    every = many_seeds(100)
    whole = write_site(tmp_path / "whole", gazetteer_cache, seeds=every, config=CONFIG)
    done = whole.run("extract", prefix=private)
    assert done.code == 0, done.err
    assert "100 page(s) written" in done.err
    steps = write_site(tmp_path / "steps", gazetteer_cache, config=CONFIG)
    for upto in (5, 70, 100):
        for name, text in every.items():
            if int(name[:3]) < upto:
                (steps.root / "seeds" / name).write_text(text, encoding="utf-8")
        assert steps.run("extract").code == 0
    assert contents(whole.root) == contents(steps.root)
    assert len(contents(whole.root)) == 100
    folder = whole.root / "content"
    assert {oct(p.stat().st_mode & 0o777) for p in folder.glob("*.md")} == {"0o644"}
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".tmp")]


def test_a_seed_removed_and_one_added_in_one_build_are_counted_as_a_full_run_counts(
        tmp_path, gazetteer_cache):
    """A build that reads only the moved files counts the others' pages as unchanged, and
    keeps the page of a removed seed (nothing lost): the same counts as `extract` going
    through every seed, and the next build finds nothing to do."""
    site = write_site(tmp_path / "site", gazetteer_cache, seeds=seeds(4), config=CONFIG)
    build(site)
    (site.root / "seeds" / "001.txt").unlink()
    (site.root / "seeds" / "004.txt").write_text(seed_text(4, PLACES[4], 9), encoding="utf-8")
    assert "extract: 1 page(s) written, 3 unchanged" in build(site)
    assert (site.root / "content" / "banjir-di-bandung.md").exists()
    assert "nothing changed" in build(site)
    done = site.run("extract")
    assert "0 page(s) written, 4 unchanged" in done.err, done.err


def test_links_and_odd_files_in_the_seeds_folder(tmp_path, gazetteer_cache):
    """A link to a parent folder is not entered (a first build and a rebuild end), a FIFO
    named like a seed is no seed (never waited on), and a linked seed file is read, named
    by its target: the pages are those of a site whose seeds are plain files."""
    plain = write_site(tmp_path / "plain", gazetteer_cache, seeds=seeds(3), config=CONFIG)
    build(plain)
    site = write_site(tmp_path / "site", gazetteer_cache, seeds=seeds(2), config=CONFIG)
    folder = site.root / "seeds"
    (site.root / "archive").mkdir()
    (site.root / "archive" / "medan.txt").write_text(seed_text(2, PLACES[2], 4), "utf-8")
    (folder / "002.txt").symlink_to(site.root / "archive" / "medan.txt")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    os.mkfifo(folder / "fifo.txt")
    build(site)
    expected = contents(plain.root)
    expected["banjir-di-medan.md"] = expected["banjir-di-medan.md"].replace(
        b"\nseed: seeds/002.txt\n", b"\nseed: archive/medan.txt\n")
    assert contents(site.root) == expected
    (folder / "001.txt").write_text(seed_text(1, "Bandung", 30), encoding="utf-8")
    assert "extract: 1 page(s) written, 2 unchanged" in build(site)
    assert "max: 30" in (site.root / "content" / "banjir-di-bandung.md").read_text("utf-8")


def test_pages_in_a_linked_content_folder_stay_in_the_site(tmp_path, gazetteer_cache):
    """A person may keep pages in a folder elsewhere and link it into content/: they are
    articles of the site, and a link back to content/ itself lists nothing twice."""
    site = write_site(tmp_path / "site", gazetteer_cache, seeds=seeds(2), config=CONFIG)
    build(site)
    more = tmp_path / "more"
    more.mkdir()
    text = (site.root / "content" / "banjir-di-bandung.md").read_text("utf-8").replace(
        "slug: banjir-di-bandung", "slug: banjir-lain")
    (more / "banjir-lain.md").write_text(text, "utf-8")
    (site.root / "content" / "more").symlink_to(more, target_is_directory=True)
    (more / "loop").symlink_to(site.root / "content", target_is_directory=True)
    said = build(site)
    assert "3 article(s)" in said, said
    assert (site.output / "articles" / "banjir-lain" / "index.html").exists()
    assert "3 page(s)" in site.run("check").err


def test_a_removed_linked_seed_is_counted_as_extract_counts(tmp_path, gazetteer_cache):
    site = write_site(tmp_path / "site", gazetteer_cache, seeds=seeds(2), config=CONFIG)
    (tmp_path / "ext").mkdir()
    (tmp_path / "ext" / "medan.txt").write_text(seed_text(2, PLACES[2], 4), "utf-8")
    (site.root / "seeds" / "002.txt").symlink_to(tmp_path / "ext" / "medan.txt")
    build(site)
    (site.root / "seeds" / "002.txt").unlink()
    (site.root / "seeds" / "001.txt").write_text(seed_text(1, "Bandung", 30), "utf-8")
    said = build(site)
    assert "extract: 1 page(s) written, 1 unchanged" in said, said
    assert "0 page(s) written, 2 unchanged" in site.run("extract").err


def test_an_edit_that_keeps_the_size_and_the_mtime_is_seen_when_a_page_was_also_deleted(
        tmp_path, gazetteer_cache):
    """A page deleted by hand makes the last build's snapshot invalid; the seed edited in place
    the same time (size and mtime kept) must still be read, not only the deleted page's."""
    site = write_site(tmp_path / "site", gazetteer_cache, seeds=seeds(3), config=CONFIG)
    build(site)
    seed = site.root / "seeds" / "002.txt"
    info = seed.stat()
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("4 orang tewas", "9 orang tewas"), encoding="utf-8")
    os.utime(seed, ns=(info.st_atime_ns, info.st_mtime_ns))
    (site.root / "content" / "banjir-di-bandung.md").unlink()
    build(site)
    build(site)
    assert "max: 9" in (site.root / "content" / "banjir-di-medan.md").read_text("utf-8")
    assert (site.root / "content" / "banjir-di-bandung.md").exists()
