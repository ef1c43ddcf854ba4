"""Broken input: each bad seed, sidecar, page or template gets one line `path: problem`, the rest
of the site builds, the exit code says so, and no traceback reaches the user.

One site holds every kind of broken seed at once (a user's archive is like that); it is built
once per module and the tests read its messages and its output.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import frontmatter
import pytest

from sitetools import Run, TinySite, cache_config

GOOD = "JAKARTA - Banjir melanda Jakarta pada Senin (3/11/2025). Lima orang tewas.\n"
ODD_NAMES = ["with space.txt", "ünïcödé 北京.txt", "-leading-dash.txt",
             "<img src=x onerror=alert(1)>.txt", "quote'\"name.txt", "a;rm -rf ~.txt"]
BAD_SEEDS: dict[str, tuple[bytes, str]] = {          # name → (bytes, what the message says)
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"  \r\n\t\n\n", "empty"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    "controls.txt": (bytes(range(1, 9)) * 200, "binary"),
    # 0x81 0x8d 0x8f 0x90 0x9d are undefined in cp1252: neither UTF-8 nor cp1252.
    "mojibake.txt": (b"Teks \x81\x8d\x8f\x90\x9d rusak " * 10, "not UTF-8"),
    "badmeta.txt": (GOOD.encode(), "invalid YAML"),
    "unknownkey.txt": (GOOD.encode(), "unknown key"),
    "listmeta.txt": (GOOD.encode(), "mapping"),
    "baddate.txt": (GOOD.encode(), "date"),
    "offcalendar.txt": (GOOD.encode(), "day is out of range"),
}
SIDECARS = {
    "badmeta.meta.yaml": "source: [unclosed\n",
    "unknownkey.meta.yaml": "sorce: Kompas\n",
    "listmeta.meta.yaml": "- source\n- Kompas\n",
    "baddate.meta.yaml": "date: kemarin\n",
    "offcalendar.meta.yaml": "collected: 2025-02-30\n",     # YAML's date type refuses the day
}
GOOD_SEEDS: dict[str, bytes] = {
    "good.txt": GOOD.encode(),
    "bom-crlf.txt": b"\xef\xbb\xbfTITLE: Judul BOM\r\nJAKARTA - Teks dengan CRLF.\r\n\r\nDua.\r\n",
    "cr-only.txt": b"TITLE: Judul CR\rJAKARTA - Teks Mac lama.\rDua.\r",
    "cp1252.txt": b"TITLE: Caf\xe9 \x93kutipan\x94\nJAKARTA - Teks \x96 lama.\n",
    "latin1.txt": b"TITLE: Se\xf1or Garc\xeda\nMADRID - Texto en espa\xf1ol.\n",
    "same-1.txt": b"TITLE: Judul Sama\nJAKARTA - Pertama.\n",
    "same-2.txt": b"TITLE: Judul Sama\nJAKARTA - Kedua.\n",
    "same-3.txt": b"TITLE: Judul Sama\nJAKARTA - Ketiga.\n",
    **{name: f"TITLE: Nama {i}\nJAKARTA - Berkas aneh {i}.\n".encode()
       for i, name in enumerate(ODD_NAMES)},
    "climber.txt": b"TITLE: Pendaki\nJAKARTA - Slug nakal.\n",
}
SIDECARS["climber.meta.yaml"] = "slug: ../../../escape\ntags: ['../../x', '/etc/passwd']\n"
HAND_WRITTEN = {   # pages a person wrote, with paths in every field that makes a file name
    "climbing.md": "---\ntitle: Tangan\nslug: ../../../../outside\ntags: ['../..', '.']\n"
                   "source: ../../src\nplaces: [{name: ../../p, id: ../../id}]\n---\nIsi.\n",
}
BAD_PAGES = {
    "broken-yaml.md": ("---\ntitle: [unclosed\n---\nIsi.\n", "invalid front matter"),
    "no-front-matter.md": ("Hanya teks, tanpa front matter.\n", "no front matter"),
    "no-title.md": ("---\ndate: 2025-01-01\n---\nIsi.\n", "title"),
    "bad-date.md": ("---\ntitle: T\ndate: kemarin\n---\nIsi.\n", "date"),
    "bad-place.md": ("---\ntitle: T\nplaces: [{name: X, lat: 999, lon: 0}]\n---\nIsi.\n",
                     "lat/lon"),
    "bad-casualty.md": ("---\ntitle: T\ncasualties: {killed: {min: -5}}\n---\nIsi.\n",
                        "casualty"),
    "not-utf8.md": ("---\ntitle: Caf\udce9\n---\n", "UTF-8"),
    "only-separators.md": ("---\n---\n---\n", "title"),
}


def _write(path: Path, data: str | bytes) -> None:
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    path.write_bytes(data)


@pytest.fixture(scope="module")
def broken(tmp_path_factory, gazetteer_cache) -> tuple[TinySite, Run]:
    root = tmp_path_factory.mktemp("broken") / "site"
    (root / "seeds").mkdir(parents=True)
    (root / "content").mkdir()
    for name, (data, _) in BAD_SEEDS.items():
        _write(root / "seeds" / name, data)
    for name, data in {**SIDECARS, **GOOD_SEEDS}.items():
        _write(root / "seeds" / name, data)
    _write(root / "seeds" / ".hidden.txt", b"not a seed: editors leave such files\n")
    for name, (text, _) in BAD_PAGES.items():
        _write(root / "content" / name, text)
    for name, text in HAND_WRITTEN.items():
        _write(root / "content" / name, text)
    (root / "site.toml").write_text(cache_config(gazetteer_cache), encoding="utf-8")
    site = TinySite(root)
    return site, site.run("build")


def problem_lines(run: Run) -> list[str]:
    return [line for line in run.err.splitlines() if not line.startswith(("extract:", "build:"))]


def test_the_build_exits_non_zero_without_a_traceback(broken):
    _, run = broken
    assert run.code == 1, run.err
    assert "Traceback" not in run.err and "Error:" not in run.err


@pytest.mark.parametrize("name", sorted(BAD_SEEDS))
def test_each_bad_seed_gets_one_line_naming_it(broken, name):
    _, run = broken
    problem = BAD_SEEDS[name][1]
    stem = name.removesuffix(".txt")
    named = [line for line in problem_lines(run)
             if re.search(rf"seeds/{re.escape(stem)}(\.meta\.yaml|\.txt): ", line)]
    assert len(named) == 1, run.err
    assert problem in named[0], named[0]


@pytest.mark.parametrize("name", sorted(BAD_PAGES))
def test_each_bad_content_page_gets_one_line_naming_it(broken, name):
    _, run = broken
    named = [line for line in problem_lines(run) if f"content/{name}: " in line]
    assert len(named) == 1, run.err
    assert BAD_PAGES[name][1] in named[0], named[0]


def test_every_problem_line_is_path_colon_problem(broken):
    site, run = broken
    lines = problem_lines(run)
    assert len(lines) == len(BAD_SEEDS) + len(BAD_PAGES), run.err
    for line in lines:
        path, sep, problem = line.partition(": ")
        assert sep and problem and Path(path).is_relative_to(site.root), line


def test_the_good_seeds_are_built(broken):
    site, _ = broken
    titles = {frontmatter.load(p)["title"] for p in site.pages()
              if p.name not in BAD_PAGES}
    assert "Tangan" in titles and "Pendaki" in titles
    assert {"Judul BOM", "Judul CR", "Café “kutipan”", "Señor García", "Judul Sama"} <= titles
    assert {f"Nama {i}" for i in range(len(ODD_NAMES))} <= titles
    articles = site.root / "output" / "articles"
    assert len(list(articles.glob("*/index.html"))) == len(GOOD_SEEDS) + len(HAND_WRITTEN)


def test_decoded_text_has_no_bom_no_carriage_returns_and_no_mojibake(broken):
    site, _ = broken
    pages = [p for p in site.pages() if p.name not in BAD_PAGES]
    for page in pages:
        text = page.read_bytes()
        assert b"\r" not in text and b"\xef\xbb\xbf" not in text, page
    [cp1252] = [p for p in pages if "seed: seeds/cp1252.txt" in p.read_text("utf-8")]
    assert "Teks – lama." in cp1252.read_text("utf-8")


def test_same_titles_get_unique_slugs_that_stay_put(broken, tmp_path):
    site, _ = broken
    slugs = _slugs_by_seed(site)
    same = [slugs[f"seeds/same-{n}.txt"] for n in (1, 2, 3)]
    assert len(set(same)) == 3 and all(s.startswith("judul-sama") for s in same)
    copy = TinySite(tmp_path / "again")
    shutil.copytree(site.root, copy.root)
    (copy.root / "seeds" / "same-0.txt").write_bytes(b"TITLE: Judul Sama\nJAKARTA - Nol.\n")
    (copy.root / "seeds" / "same-2.txt").write_bytes(b"TITLE: Judul Sama\nJAKARTA - Diubah.\n")
    copy.run("build")
    again = _slugs_by_seed(copy)
    assert [again[f"seeds/same-{n}.txt"] for n in (1, 2, 3)] == same
    assert again["seeds/same-0.txt"] not in same


def _slugs_by_seed(site: TinySite) -> dict[str, str]:
    found = {}
    for page in site.pages():
        try:
            post = frontmatter.load(page)
        except Exception:        # the deliberately broken pages
            continue
        if post.get("seed"):
            found[post["seed"]] = post["slug"]
    return found


def test_odd_file_names_become_safe_slugs_and_stay_text(broken):
    site, _ = broken
    slugs = _slugs_by_seed(site)
    output = site.root / "output"
    for name in ODD_NAMES:
        slug = slugs[f"seeds/{name}"]
        assert re.fullmatch(r"[a-z0-9-]+", slug), slug
        assert (output / "articles" / slug / "index.html").is_file()
    assert "seeds/.hidden.txt" not in slugs
    for path in output.rglob("*"):
        assert path.relative_to(output).as_posix().isascii(), path


def test_nothing_is_written_outside_the_site(broken):
    site, _ = broken
    assert sorted(p.name for p in site.root.iterdir()) == [
        "content", "output", "seeds", "site.toml"]
    assert sorted(p.name for p in site.root.parent.iterdir()) == ["site"]


def test_strict_fails_on_a_kept_human_edit_that_a_plain_build_only_reports(make_site):
    site = make_site(seeds={"a.txt": GOOD}, config="")
    assert site.run("build").code == 0
    [page] = site.pages()
    page.write_text(page.read_text("utf-8").replace("title: ", "title: Disunting ", 1), "utf-8")
    (site.root / "seeds" / "a.txt").write_text(GOOD + "Paragraf baru.\n", encoding="utf-8")
    plain = site.run("build")
    assert plain.code == 0 and "edited by hand" in plain.err, plain.err
    strict = site.run("build", "--strict")
    assert strict.code == 1 and "edited by hand" in strict.err, strict.err
    assert "Traceback" not in strict.err


@pytest.mark.parametrize("template, text", [
    ("base.html", "{% block main %}{% endblock %}\n{% if %}\n"),          # syntax error
    ("article.html", '{% extends "base.html" %}{% block main %}{{ no_such.x }}{% endblock %}'),
    ("feed.xml", "{{ articles | no_such_filter }}"),
])
def test_a_broken_template_is_one_line_and_the_previous_site_stays(make_site, template, text):
    site = make_site(seeds={"a.txt": GOOD}, config="")
    assert site.run("build").code == 0
    before = {p: p.read_bytes() for p in (site.root / "output").rglob("*") if p.is_file()}
    (site.root / "templates").mkdir()
    (site.root / "templates" / template).write_text(text, encoding="utf-8")
    run = site.run("build")
    assert run.code == 2, run.err
    assert "Traceback" not in run.err
    [line] = [line for line in run.err.splitlines() if template in line]
    assert re.search(rf"{re.escape(template)}(:\d+)?: \S", line), line
    after = {p: p.read_bytes() for p in (site.root / "output").rglob("*") if p.is_file()}
    assert after == before


def test_file_names_carrying_markup_stay_inert(broken):
    from test_hostile_render import audit_html
    site, _ = broken
    for page in (site.root / "output").rglob("*.html"):
        assert audit_html(page.read_text(encoding="utf-8")).live == [], page


CONFIG = 'title = "Arsip"\nlanguage = "id"\n[extract]\nreference_date = 2025-11-25\n'
LONG_TITLE = ("Pemandangan desa di Swiss yang terkubur longsor gletser akibat perubahan iklim "
              "dan kisah para warganya")


def test_long_identical_titles_give_every_article_its_own_page(make_site):
    """Numbered slugs stay within the slug length: cut back, `...-2` would be `...` again and
    the second article would overwrite the first one's page."""
    seeds = {f"long-{n}.txt": f"TITLE: {LONG_TITLE}\nJAKARTA - Berita nomor {n} hari ini.\n"
             for n in range(1, 13)}
    site = make_site(seeds=seeds, config=CONFIG)
    done = site.run("build")
    assert done.code == 0, done.err
    slugs = _slugs_by_seed(site)
    assert len(set(slugs.values())) == 12
    for n in range(1, 13):
        html = site.html(f"articles/{slugs[f'seeds/long-{n}.txt']}/index.html")
        assert f"Berita nomor {n} hari" in html


def test_hand_slugs_that_make_one_url_are_reported_not_overwritten(make_site):
    site = make_site(seeds={"a.txt": GOOD}, config=CONFIG)
    assert site.run("build").code == 0
    for name, slug in (("first.md", "Banjir Besar"), ("second.md", "banjir-besar")):
        (site.root / "content" / name).write_text(
            f"---\ntitle: {name}\nslug: {slug}\n---\nTeks {name}.\n", encoding="utf-8")
    done = site.run("build")
    assert done.code != 0
    [line] = [line for line in done.err.splitlines() if "articles/banjir-besar/" in line]
    assert "second.md" in line and "first.md" in line and "left out" in line
    assert "Teks first.md." in site.html("articles/banjir-besar/index.html")
