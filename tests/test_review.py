"""Review flags: the values extraction doubts are marked in the front matter (`review:`), listed
first by `check`, marked "unverified" on the article page in the site's language, carried in the
open data, and cleared by the person who deletes the entry (the page is then a human edit)."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

# A teaser line and a byline above the dateline: the dateline is read, but below the first line
# of text, so source and dateline are flagged.
TEASER = ("TITLE: Rumah terbakar di Bandung, dua orang tewas\n"
          "Warga berteriak histeris saat api membesar di rumah itu, kata saksi di lokasi.\n"
          "Penulis: Andi | Editor: Budi\n"
          "BERITAKITA.COM, BANDUNG - Warga berteriak histeris saat api membesar di rumah itu, "
          "Senin (3/11/2025). Dua orang tewas dalam kebakaran tersebut.\n")
PLAIN = ("TITLE: Kebakaran di Surabaya\n"
         "SURABAYA, KOMPAS.com - Kebakaran melanda sebuah gudang di Surabaya, Senin (3/11/2025). "
         "Dua orang tewas dalam kebakaran itu.\n")
# No outlet named: `check` lists it for review (not a flag), and its page sorts first.
UNSOURCED = ("TITLE: Api di gudang Surabaya\n"
             "Kebakaran melanda sebuah gudang di Surabaya, Senin (3/11/2025), kata polisi.\n")
REASON = "dateline below the first line of text"


def _site(factory, name: str, language: str):
    site = factory(name, seeds={"teaser.txt": TEASER, "plain.txt": PLAIN,
                                       "unsourced.txt": UNSOURCED},
                   config=f'title = "Arsip"\nlanguage = "{language}"\n')
    result = site.run("build")
    assert result.code == 0, result.err
    return site


@pytest.fixture(scope="module")
def site(site_factory):
    return _site(site_factory, "review-en", "en")


def _slug(site, seed: str) -> str:
    return next(p.stem for p in site.pages() if f"seeds/{seed}" in p.read_text(encoding="utf-8"))


def test_a_doubtful_value_is_flagged_and_a_plain_page_has_no_review(site):
    flagged = site.page(_slug(site, "teaser.txt"))
    assert flagged["source"] == "BERITAKITA.COM" and flagged["dateline"] == "Bandung"
    assert flagged["review"]["source"] == REASON
    assert flagged["review"]["dateline"] == REASON
    text = (site.root / "content" / f"{_slug(site, 'teaser.txt')}.md").read_text("utf-8")
    front = text.split("\n---", 1)[0]
    assert front.index("seed_sha256:") < front.index("review:")     # after the existing keys
    assert "review" not in site.page(_slug(site, "plain.txt")).metadata


def test_the_article_page_marks_a_flagged_value_unverified_with_its_reason(site):
    html = site.html(f"articles/{_slug(site, 'teaser.txt')}/index.html")
    dateline = re.search(r"<dt>Dateline</dt><dd>(.*?)</dd>", html, re.S).group(1)
    assert "Bandung" in dateline
    mark = re.search(r'<span class="unverified-mark" tabindex="0" '
                     r'aria-describedby="(why-dateline)">unverified</span>', dateline)
    assert mark, dateline
    assert re.search(rf'id="{mark.group(1)}" role="tooltip">{REASON}<', dateline)
    plain = site.html(f"articles/{_slug(site, 'plain.txt')}/index.html")
    assert "unverified" not in plain


def test_the_note_and_its_reason_are_in_the_sites_language(site_factory):
    site = _site(site_factory, "review-id", "id")
    html = site.html(f"articles/{_slug(site, 'teaser.txt')}/index.html")
    assert ">belum diverifikasi</span>" in html
    assert "dateline di bawah baris pertama teks" in html
    assert REASON not in html


def test_check_lists_the_flagged_fields_first(site):
    result = site.run("check")
    assert result.code == 0, result.err
    lines = [line for line in result.err.splitlines() if line.startswith("review: ")]
    flagged = [i for i, line in enumerate(lines) if "flagged for review" in line]
    assert flagged == list(range(len(flagged))) and len(flagged) < len(lines), lines
    assert any("api-di-gudang-surabaya.md: no source or wire found" in line for line in lines)
    assert any(line.endswith(f"dateline flagged for review: {REASON}") for line in lines)


def test_the_open_data_carries_the_flags(site):
    slug = _slug(site, "teaser.txt")
    rows = {row["slug"]: row for row in
            json.loads(site.html("data/articles.json"))["articles"]}
    assert rows[slug]["review"] == {"source": REASON, "dateline": REASON}
    assert rows[_slug(site, "plain.txt")]["review"] == {}
    table = {row["slug"]: row for row in csv.DictReader(io.StringIO(
        site.html("data/articles.csv")))}
    assert table[slug]["review"] == f"source: {REASON}; dateline: {REASON}"


def test_deleting_a_flag_clears_it_and_the_edit_is_kept(make_site):
    site = make_site(seeds={"teaser.txt": TEASER}, config='title = "Arsip"\nlanguage = "en"\n')
    assert site.run("build").code == 0
    page = site.pages()[0]
    text = page.read_text(encoding="utf-8")
    hostile = "<img src=x onerror=alert(1)> checked twice"
    page.write_text(text.replace(f"  dateline: {REASON}\n", "", 1)
                    .replace(f"  source: {REASON}\n", f"  source: '{hostile}'\n", 1),
                    encoding="utf-8")
    check = site.run("check").err
    assert f"source flagged for review: {hostile}" in check
    assert "dateline flagged for review" not in check
    (site.root / "seeds" / "teaser.txt").write_text(TEASER + "Api padam pukul 10.00.\n",
                                                    encoding="utf-8")
    result = site.run("build")
    assert result.code == 0, result.err
    assert "1 human edit(s) kept" in result.err
    assert site.page(page.stem)["review"] == {"source": hostile}
    html = site.html(f"articles/{page.stem}/index.html")
    assert 'aria-describedby="why-source"' in html and "why-dateline" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; checked twice" in html      # a person's words,
    assert "<img src=x" not in html                                         # escaped


def test_every_reason_extraction_writes_is_translated_for_an_indonesian_site():
    from site_builder.extract.review import REASONS
    from site_builder.i18n import translations
    indonesian = translations("id")
    assert [r for r in REASONS if indonesian.gettext(r) == r] == []


def test_check_prints_a_persons_reason_escaped_and_does_not_say_extraction_wrote_it(make_site):
    site = make_site(seeds={"plain.txt": PLAIN}, config='title = "Arsip"\nlanguage = "en"\n')
    assert site.run("build").code == 0
    page = site.pages()[0]
    text = page.read_text(encoding="utf-8")
    forged = "line1\nerror: fake problem\n\x1b[2J\x1b[31mRED"
    page.write_text(text.replace("\n---", "\nreview:\n  date: " + json.dumps(forged) + "\n---",
                                 1), encoding="utf-8")
    result = site.run("check")
    assert "\x1b" not in result.err
    assert not any(line.startswith("error: fake") for line in result.err.splitlines())
    assert (f"review: {page}: date flagged for review: line1\\nerror: fake problem"
            "\\n\\x1b[2J\\x1b[31mRED"
            in result.err.splitlines()), result.err


# No dateline, and a teaser line and a byline above the lede.
PREAMBLE = ("TITLE: Gudang terbakar\n"
            "Api membesar dengan cepat, kata saksi.\n"
            "Penulis: Andi | Editor: Budi\n"
            "Kebakaran melanda sebuah gudang di Surabaya, Senin (3/11/2025). Dua orang tewas.\n")


def test_the_csv_review_column_splits_back_into_its_flags(make_site):
    site = make_site(seeds={"preamble.txt": PREAMBLE, "teaser.txt": TEASER},
                     config='title = "Arsip"\nlanguage = "en"\n')
    assert site.run("build").code == 0
    table = list(csv.DictReader(io.StringIO(site.html("data/articles.csv"))))
    flags = {row["slug"]: site.page(row["slug"]).metadata.get("review", {}) for row in table}
    assert any("lines above the lede" in why for f in flags.values() for why in f.values()), flags
    for row in table:
        pairs = [pair.split(": ", 1) for pair in row["review"].split("; ") if pair]
        assert dict(pairs) == flags[row["slug"]]
