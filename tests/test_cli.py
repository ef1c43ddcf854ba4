"""The commands as a user runs them: exit codes, messages, content pages, the built site."""
from __future__ import annotations

import re
import shutil

from sitetools import SEED_ARTICLE, write_site

SEED_CONFIG = 'title = "Arsip"\nlanguage = "id"\n[extract]\nreference_date = 2020-11-25\n'


def only_slug(site) -> str:
    pages = site.pages()
    assert len(pages) == 1, pages
    return pages[0].stem


def test_build_turns_the_seed_into_a_page_and_a_site(make_site):
    site = make_site(seed_files=[SEED_ARTICLE], config=SEED_CONFIG)
    result = site.run("build")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert "output" in result.err            # it says where the site is
    page = site.page(only_slug(site))
    assert str(page["date"]) == "2020-11-01"
    assert page["date_confidence"] == "inferred"
    assert page["date_text"] and "1/11" in page["date_text"]
    assert (page["source"], page["wire"], page["dateline"]) == ("Gatra.com", "AFP", "Baku")
    killed = page["casualties"]["killed"]
    assert (killed["min"], killed["max"]) == (1200, None)
    assert "1.200" in killed["text"]
    assert any(m["min"] == 200 and m["max"] == 999 for m in page["casualties"]["mentions"])
    names = {name for p in page["places"] for name in [p["name"], *p["mentions"]]}
    for wanted in ("Baku", "Azerbaijan", "Armenia", "Rusia", "Nagorno-Karabakh", "Moskow",
                   "Turki", "Ankara", "Shusha"):
        assert wanted in names, wanted
    assert all(p["lat"] is not None and p["country"] for p in page["places"]
               if p["name"] in ("Baku", "Moskow", "Ankara"))
    article = site.html(f"articles/{page['slug']}/index.html")
    assert "Minggu, 01 November 2020" in article
    index = site.html("index.html")
    assert f'articles/{page["slug"]}/' in index
    for required in (".nojekyll", "feed.xml", "sitemap.xml", "404.html", "tags/index.html",
                     "places/index.html"):
        assert (site.root / "output" / required).exists(), required


def test_a_human_edit_is_kept_and_shows_in_the_site(make_site):
    site = make_site(seed_files=[SEED_ARTICLE], config=SEED_CONFIG)
    assert site.run("build").code == 0
    slug = only_slug(site)
    page_path = site.pages()[0]
    edited = page_path.read_text(encoding="utf-8").replace(
        "title: ", "title: Disunting oleh arsiparis —", 1)
    page_path.write_text(edited, encoding="utf-8")
    seed = site.root / "seeds" / SEED_ARTICLE.name
    seed.write_text(seed.read_text(encoding="utf-8") + "\nParagraf baru.\n", encoding="utf-8")
    result = site.run("build")
    assert result.code == 0, result.err
    assert "edited by hand" in result.err and page_path.name in result.err
    assert page_path.read_text(encoding="utf-8") == edited
    assert "Disunting oleh arsiparis" in site.html(f"articles/{slug}/index.html")


def test_an_unedited_page_follows_its_changed_seed(make_site):
    site = make_site(seed_files=[SEED_ARTICLE], config=SEED_CONFIG)
    assert site.run("build").code == 0
    seed = site.root / "seeds" / SEED_ARTICLE.name
    seed.write_text(seed.read_text(encoding="utf-8") + "\nParagraf tambahan arsip.\n",
                    encoding="utf-8")
    assert site.run("build").code == 0
    assert "Paragraf tambahan arsip." in site.pages()[0].read_text(encoding="utf-8")


def test_bad_seeds_are_named_in_one_line_and_the_rest_is_built(make_site):
    site = make_site(seeds={"empty.txt": "   \n\n", "binary.txt": b"\x00\x01\x02PNG\x00"},
                     seed_files=[SEED_ARTICLE], config=SEED_CONFIG)
    result = site.run("build")
    assert result.code == 1
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert any(re.search(r"seeds/empty\.txt: .*empty", line) for line in lines), result.err
    assert any(re.search(r"seeds/binary\.txt: .*binary", line) for line in lines), result.err
    assert len(site.pages()) == 1
    assert (site.root / "output" / "index.html").exists()


def test_the_interface_speaks_the_site_language_and_follows_a_change_of_it(make_site):
    # Words are translated when templates are compiled (render.py): the compiled templates of
    # one language must not serve another, and only template code is translated, not text.
    site = make_site(seed_files=[SEED_ARTICLE], config=SEED_CONFIG)
    (site.root / "templates").mkdir()
    (site.root / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<p>{{ _("Latest") }}</p>'
        '<p>_("Latest")</p>{% raw %}<p>{{ _("Latest") }}</p>{% endraw %}{% endblock %}\n',
        encoding="utf-8")
    assert site.run("build").code == 0
    assert '>Langsung ke konten</a>' in site.html("index.html")
    assert ('<p>Terbaru</p><p>_("Latest")</p><p>{{ _("Latest") }}</p>'
            in site.html("404.html"))
    (site.root / "site.toml").write_text(SEED_CONFIG.replace('"id"', '"en"'), encoding="utf-8")
    assert site.run("build").code == 0
    assert '>Skip to content</a>' in site.html("index.html")
    assert '<p>Latest</p><p>_("Latest")</p>' in site.html("404.html")
    # Places are named, and their pages found, in the new language, as a cold build does.
    assert ">Russia</a>" in site.html("places/index.html")
    assert (site.root / "output" / "places" / "russia" / "index.html").exists()
    assert not (site.root / "output" / "places" / "rusia").exists()


def test_a_site_in_folders_named_with_hash_question_and_percent_builds_and_rebuilds(
        tmp_path, gazetteer, gazetteer_cache):
    # The site's database is opened by URI for reading: its path must be escaped, not parsed.
    cache = tmp_path / "cache #1?%20"
    shutil.copytree(gazetteer_cache, cache)
    site = write_site(tmp_path / "news #1?%", cache, seed_files=[SEED_ARTICLE],
                      config=SEED_CONFIG)
    copies = {p.name: p.stat().st_mtime_ns for p in cache.glob("gazetteer-*")}
    for _ in range(2):
        done = site.run("build")
        assert done.code == 0, done.err
    assert "nothing changed" in done.err
    # The gazetteer's copies there are read, not written again (its SQLite copy, opened by an
    # unescaped URI, was not found and was rewritten by every build: 13 s each).
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("gazetteer-*")} == copies
    assert "Gatra.com" in site.html(f"articles/{only_slug(site)}/index.html")


def test_a_broken_template_fails_the_build_and_keeps_the_previous_site(make_site):
    site = make_site(seed_files=[SEED_ARTICLE], config=SEED_CONFIG)
    assert site.run("build").code == 0
    before = site.html("index.html")
    (site.root / "templates").mkdir()
    (site.root / "templates" / "base.html").write_text("{% block oops %}\n{{ broken( }}\n",
                                                       encoding="utf-8")
    result = site.run("build")
    assert result.code != 0
    assert "Traceback" not in result.err
    assert re.search(r"templates/base\.html(:\d+)?: ", result.err), result.err
    assert site.html("index.html") == before


def test_without_a_reference_date_a_yearless_date_stays_unknown(make_site):
    site = make_site(seed_files=[SEED_ARTICLE])
    result = site.run("build")
    assert result.code == 0, result.err
    page = site.page(only_slug(site))
    assert page["date"] is None
    assert page["date_confidence"] == "unknown"
    assert page["date_text"]


def test_extract_writes_to_the_content_folder_asked_for(make_site, tmp_path):
    site = make_site(seed_files=[SEED_ARTICLE])
    target = tmp_path / "elsewhere"
    result = site.run("extract", "seeds", "--content", str(target),
                      "--reference-date", "2020-11-25")
    assert result.code == 0, result.err
    pages = list(target.glob("*.md"))
    assert len(pages) == 1
    assert "date: 2020-11-01" in pages[0].read_text(encoding="utf-8")
    again = site.run("extract", "seeds", "--content", str(target),
                     "--reference-date", "2020-11-25")
    assert "0 page(s) written, 1 unchanged" in again.err


def test_check_lists_what_needs_review_and_fails_on_bad_pages(make_site):
    site = make_site(seed_files=[SEED_ARTICLE], config=SEED_CONFIG)
    assert site.run("extract").code == 0
    result = site.run("check")
    assert result.code == 0, result.err
    assert re.search(r"review: .*inferred", result.err)
    (site.root / "content" / "broken.md").write_text("---\ntitle: [unclosed\n---\nx\n",
                                                     encoding="utf-8")
    result = site.run("check")
    assert result.code == 1
    assert re.search(r"content/broken\.md: invalid front matter", result.err)


def test_an_edit_checked_before_the_build_still_shows_in_the_site(make_site):
    site = make_site(seed_files=[SEED_ARTICLE], config=SEED_CONFIG)
    assert site.run("build").code == 0
    slug = only_slug(site)
    page_path = site.pages()[0]
    page_path.write_text(page_path.read_text(encoding="utf-8").replace(
        "title: ", "title: Diperiksa dulu —", 1), encoding="utf-8")
    assert site.run("check").code == 0
    result = site.run("build")
    assert result.code == 0, result.err
    assert "Diperiksa dulu" in site.html(f"articles/{slug}/index.html")


def test_it_refuses_to_replace_a_folder_it_did_not_make(make_site):
    site = make_site(seed_files=[SEED_ARTICLE], config=SEED_CONFIG)
    precious = site.root / "precious"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work", encoding="utf-8")
    result = site.run("build", "--output", "precious")
    assert result.code == 2
    assert "precious" in result.err and "refusing" in result.err
    assert (precious / "thesis.docx").exists()
