"""Rebuilds: an unchanged site is not rendered again, and an incremental build gives exactly the
bytes a full build gives."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sitetools import EVAL_DEV, SEED_ARTICLE, WAIT_FOR_SEARCH

CONFIG = 'title = "Arsip"\nlanguage = "id"\n[extract]\nreference_date = 2025-11-25\n'


def snapshot(output: Path) -> dict[str, bytes]:
    """Every file's bytes, but Pagefind's bundle: Pagefind names its files by hashes that differ
    from run to run even for the same pages, so the index is compared by what it indexed."""
    files = {p.relative_to(output).as_posix(): p.read_bytes()
             for p in sorted(output.rglob("*")) if p.is_file()}
    entry = json.loads(files["pagefind/pagefind-entry.json"])
    indexed = {lang: info["page_count"] for lang, info in entry["languages"].items()}
    files = {name: data for name, data in files.items() if not name.startswith("pagefind/")}
    files["pagefind (pages indexed per language)"] = json.dumps(indexed).encode()
    return files


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> list[Path]:
    """The repository's seed and five more: real articles from ../shared/eval-dev where it is
    beside the clone, else five small articles written here (on other places and dates)."""
    real = sorted((EVAL_DEV / "articles").glob("*.txt"))[:5]
    if real:
        return [SEED_ARTICLE, *real]
    folder = tmp_path_factory.mktemp("seeds")
    places = ["Jakarta", "Bandung", "Medan", "Beirut", "Baghdad"]
    for n, place in enumerate(places):
        (folder / f"{n:03d}.txt").write_text(
            f"TITLE: Banjir di {place}\n{place.upper()}, KOMPAS.com - Banjir melanda {place} "
            f"pada Senin ({n + 1}/{n + 6}/2025), {n} orang tewas.\n", encoding="utf-8")
    return [SEED_ARTICLE, *sorted(folder.glob("*.txt"))]


def test_a_no_change_rebuild_says_so_and_keeps_the_site(make_site, seeds):
    site = make_site(seed_files=seeds, config=CONFIG)
    assert site.run("build").code == 0
    before = snapshot(site.root / "output")
    again = site.run("build")
    assert again.code == 0, again.err
    assert "nothing changed" in again.err
    assert snapshot(site.root / "output") == before


def test_waiting_for_the_search_index_is_not_a_change_of_the_site(make_site, seeds):
    """`--wait-for-search` says how to run, not what to make: the same small edit rebuilds the
    same few pages with it as without it (it used to re-render every page of the site)."""
    site = make_site(seed_files=seeds, config=CONFIG)
    toml = site.root / "site.toml"        # as a user's: the index follows in the background
    toml.write_text(toml.read_text(encoding="utf-8").replace(WAIT_FOR_SEARCH.lstrip(), ""),
                    encoding="utf-8")
    assert "background" not in toml.read_text(encoding="utf-8")
    assert site.run("build").code == 0
    page = site.pages()[-1]
    rendered = []
    for n, flags in enumerate((["--wait-for-search"], [], ["--wait-for-search"])):
        text = page.read_text(encoding="utf-8").rstrip("\n")
        page.write_text(f"{text}\n\nKoreksi {n}.\n", encoding="utf-8")
        again = site.run("build", *flags)
        assert again.code == 0, again.err
        counts = re.search(r"(\d+) file\(s\) \((\d+) (?:rendered|rewritten)", again.err)
        assert counts, again.err
        rendered.append(int(counts[2]))
        assert int(counts[2]) < int(counts[1]) / 2, (flags, again.err)
    assert len(set(rendered)) == 1, rendered


def test_an_edit_rebuild_matches_a_full_build_byte_for_byte(make_site, seeds):
    site = make_site(seed_files=seeds, config=CONFIG)
    assert site.run("build").code == 0
    page = site.pages()[0]
    page.write_text(page.read_text(encoding="utf-8").replace("title: ", "title: Edited — ", 1),
                    encoding="utf-8")
    rebuilt = site.run("build")
    assert rebuilt.code == 0, rebuilt.err
    assert "rewritten in place, 0 removed" in rebuilt.err
    incremental = snapshot(site.root / "output")
    assert any("Edited — " in data.decode("utf-8", "replace")
               for name, data in incremental.items() if name.endswith(".html"))
    shutil.rmtree(site.root / "output")
    shutil.rmtree(site.root / ".cache", ignore_errors=True)
    assert site.run("build").code == 0
    assert snapshot(site.root / "output") == incremental


def test_a_review_note_edited_away_leaves_no_stale_row_in_the_data_files(make_site, seeds):
    """A person clears an article's `review:` note (what the README tells them to do once a
    field is checked), then edits another article: the data files, spliced from the live ones
    on a rebuild, equal a full build's (the cleared note stayed in articles.json for good)."""
    site = make_site(seed_files=seeds, config=CONFIG)
    assert site.run("build").code == 0
    first = next(p for p in site.pages() if "\nreview:" not in p.read_text(encoding="utf-8"))
    second = next(p for p in site.pages() if p != first)
    note = "review:\n  dateline: a note to clear\n"
    first.write_text(first.read_text(encoding="utf-8").replace("\n---\n", f"\n{note}---\n", 1),
                     encoding="utf-8")
    assert site.run("build").code == 0
    assert b"a note to clear" in (site.root / "output/data/articles.json").read_bytes()
    for page, old, new in ((first, note, ""), (second, "title: ", "title: Edited — ")):
        page.write_text(page.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        rebuilt = site.run("build")
        assert rebuilt.code == 0, rebuilt.err
        assert "rewritten in place" in rebuilt.err
    incremental = snapshot(site.root / "output")
    assert b"a note to clear" not in incremental["data/articles.json"]
    shutil.rmtree(site.root / "output")
    shutil.rmtree(site.root / ".cache", ignore_errors=True)
    assert site.run("build").code == 0
    assert snapshot(site.root / "output") == incremental


def test_adding_and_deleting_articles_matches_a_full_build_byte_for_byte(make_site, seeds):
    """The in-place update: new pages appear, pages of a deleted article (and the tag and place
    pages only it had) disappear, lists and counts follow; nothing else differs from a full
    build of the same content."""
    site = make_site(seed_files=seeds[:-1], config=CONFIG)
    assert site.run("build").code == 0
    gone = site.pages()[0]
    gone_slug, gone_seed = gone.stem, site.page(gone.stem)["seed"]
    gone.unlink()
    (site.root / gone_seed).unlink()                    # or extract would make it again
    shutil.copy(seeds[-1], site.root / "seeds" / seeds[-1].name)
    rebuilt = site.run("build")
    assert rebuilt.code == 0, rebuilt.err
    assert re.search(r"rewritten in place, [1-9]\d* removed", rebuilt.err), rebuilt.err
    incremental = snapshot(site.root / "output")
    assert not any(name.startswith(f"articles/{gone_slug}/") for name in incremental)
    shutil.rmtree(site.root / "output")
    shutil.rmtree(site.root / ".cache", ignore_errors=True)
    assert site.run("build").code == 0
    assert snapshot(site.root / "output") == incremental
    assert sorted(p.name for p in site.root.iterdir() if p.name.startswith(".output")) == []


def test_a_large_archive_loads_on_all_cores_and_reports_its_bad_page(make_site):
    """Hundreds of hand-written pages (parsed by worker processes), one of them broken: the
    broken one is named, the others are all on the site; an edit then renders in place and
    the site still matches a full build."""
    site = make_site(config=CONFIG)
    content = site.root / "content"
    content.mkdir()
    for n in range(450):
        (content / f"page-{n:03d}.md").write_text(
            f"---\ntitle: Laporan nomor {n}\ndate: 2025-10-{n % 28 + 1:02d}\n"
            f"tags: [topik-{n % 7}]\n---\nIsi laporan {n}.\n", encoding="utf-8")
    (content / "page-200.md").write_text("---\ntitle: [rusak\n---\nIsi.\n", encoding="utf-8")
    built = site.run("build")
    assert built.code != 0
    assert [line for line in built.err.splitlines() if "page-200.md" in line]
    output = site.root / "output"
    shown = {p.parent.name for p in (output / "articles").glob("*/index.html")}
    assert len(shown) == 449 and "page-200" not in shown
    assert "Isi laporan 449." in site.html("articles/page-449/index.html")
    page = content / "page-010.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Isi laporan 10.", "Diubah."),
                    encoding="utf-8")
    rebuilt = site.run("build")
    assert "rewritten in place" in rebuilt.err, rebuilt.err
    assert "Diubah." in site.html("articles/page-010/index.html")
    incremental = snapshot(output)
    shutil.rmtree(output)
    shutil.rmtree(site.root / ".cache", ignore_errors=True)
    site.run("build")
    assert snapshot(output) == incremental


def test_a_change_of_site_language_names_places_in_it_as_a_cold_build_does(make_site):
    """Content pages only (nothing to extract again): the places' names and pages follow."""
    from eventsite import MARKET_FIRE_EN, write_page
    russia = {"name": "Russia", "id": "geonames:2017370", "mentions": ["Russia"],
              "country": "RU", "kind": "country", "lat": 60.0, "lon": 100.0}
    site = make_site(config='language = "en"\n')
    write_page(site.root / "content", "a-report", {**MARKET_FIRE_EN, "places": [russia]})
    assert site.run("build").code == 0
    assert ">Russia</a>" in site.html("places/index.html")
    (site.root / "site.toml").write_text(
        (site.root / "site.toml").read_text(encoding="utf-8").replace('"en"', '"id"'),
        encoding="utf-8")
    assert site.run("build").code == 0
    assert ">Rusia</a>" in site.html("places/index.html")
    assert (site.root / "output" / "places" / "rusia" / "index.html").exists()
    assert not (site.root / "output" / "places" / "russia").exists()
