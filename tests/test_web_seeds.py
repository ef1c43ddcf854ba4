"""Seeds from the web: saved pages, crawls (WARC written here with warcio) and scraper exports,
as a user sees them: the content pages' front matter, the built article page, the run's line
and its exit code. The pages are real (tests/web_pages/SOURCES.md)."""
from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import frontmatter
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGES = Path(__file__).parent / "web_pages"
SALON = "https://www.salon.com/2020/01/10/despite-everything-u-s-emissions-dipped-in-2019_partner/"
THREATPOST = ("https://threatpost.com/android-ransomware-spreads-via-sex-simulation-game-links-"
              "on-reddit-sms/146774/")
BOING = "https://boingboing.net/2013/07/19/hating-millennials-the-preju.html"
REAL = {SALON: "salon.com.emissions.html", THREATPOST: "threatpost.com.android.html",
        BOING: "boingboing.net.millenials.html"}
SECTION_FRONT = b"""<html><head><title>World news</title>
<meta property="og:type" content="website"></head><body><h1>World</h1><ul>
<li><a href="/a/1">Storm hits coast</a></li><li><a href="/a/2">Talks resume</a></li>
<li><a href="/a/3">Markets fall</a></li><li><a href="/a/4">New minister named</a></li>
</ul></body></html>"""


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def response(writer: WARCWriter, url: str, body: bytes, status: str = "200 OK",
             content_type: str = "text/html; charset=utf-8", when: str | None = None,
             headers: tuple = ()) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type), *headers],
                            protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                       http_headers=http,
                                       warc_headers_dict={"WARC-Date": when} if when else None)
    writer.write_record(record)


def write_crawl(path: Path) -> None:
    """The three real pages among what a crawl also holds: a stylesheet, an image, a 404, a
    redirect, a section front, a revisit, and an earlier capture of one page written after its
    latest (the capture time decides, not the order)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        response(writer, SALON, page(REAL[SALON]), when="2020-01-11T08:00:00Z")
        response(writer, THREATPOST, page(REAL[THREATPOST]), when="2020-01-11T09:00:00Z")
        response(writer, BOING, page(REAL[BOING]), when="2020-01-11T10:00:00Z")
        response(writer, "https://www.salon.com/style.css", b"body{color:red}",
                 content_type="text/css")
        response(writer, "https://www.salon.com/logo.png", b"\x89PNG\r\n", content_type="image/png")
        response(writer, "https://www.salon.com/gone", b"<html>Not found</html>",
                 status="404 Not Found")
        response(writer, "https://www.salon.com/old", b"", status="301 Moved Permanently",
                 headers=(("Location", SALON),))
        response(writer, "https://www.salon.com/world/", SECTION_FRONT)
        writer.write_record(writer.create_revisit_record(
            BOING, digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", refers_to_uri=BOING,
            refers_to_date="2020-01-11T10:00:00Z"))
        old = page(REAL[SALON]).replace(b"Rhodium Group", b"OLD CAPTURE")
        response(writer, SALON, old, when="2020-01-01T00:00:00Z")


@pytest.fixture(scope="module")
def crawl_site(site_factory):
    site = site_factory("crawl", config="")
    write_crawl(site.root / "seeds" / "crawl.warc.gz")
    site.first = site.run("build")
    return site


def front(site) -> dict[str, dict]:
    """Every content page's front matter, by its url."""
    pages = [frontmatter.load(p) for p in site.pages()]
    return {p.metadata.get("url"): {**p.metadata, "body": p.content} for p in pages}


def test_a_crawl_gives_one_article_a_page_each_with_its_url(crawl_site):
    run = crawl_site.first
    assert run.code == 0, run.err
    pages = front(crawl_site)
    assert set(pages) == set(REAL)
    assert "3 page(s) written" in run.err
    assert ("7 web record(s) skipped (1 earlier capture, 1 error response, 2 not HTML, "
            "1 not an article, 1 redirect, 1 revisit)") in run.err
    salon = pages[SALON]
    assert salon["seed"] == "seeds/crawl.warc.gz"
    assert salon["seed_record"].startswith("<urn:uuid:")
    assert salon["archived_at"] == "2020-01-11T08:00:00Z"
    assert "Rhodium Group" in salon["body"] and "OLD CAPTURE" not in salon["body"]


def test_metadata_comes_from_the_page(crawl_site):
    pages = front(crawl_site)
    salon, threat, boing = pages[SALON], pages[THREATPOST], pages[BOING]
    assert salon["title"] == "Despite everything, U.S. emissions dipped in 2019"
    assert (salon["source"], threat["source"], boing["source"]) == (
        "Salon.com", "Threatpost", "Boing Boing")
    assert [str(p["date"]) for p in (salon, threat, boing)] == [
        "2020-01-10", "2019-07-30", "2013-07-19"]
    assert {p["date_confidence"] for p in (salon, threat, boing)} == {"page"}
    assert "United States" in [place["name"] for place in salon["places"]]


def test_the_article_page_links_the_original_and_the_data_carries_url(crawl_site):
    slug = front(crawl_site)[SALON]["slug"]
    html = crawl_site.html(f"articles/{slug}/index.html")
    assert f'<a href="{SALON}" rel="nofollow noopener">' in html
    data = json.loads(crawl_site.html("data/articles.json"))
    rows = data["articles"] if isinstance(data, dict) else data
    assert {row["url"] for row in rows} == set(REAL)
    assert SALON in crawl_site.html("data/articles.csv")


def two_page_crawl(site, *more: tuple[str, bytes]) -> Path:
    """seeds/crawl.warc.gz holding Salon's and Boing Boing's pages, then `more` (url, page)."""
    crawl = site.root / "seeds" / "crawl.warc.gz"
    with crawl.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        response(writer, SALON, page(REAL[SALON]), when="2020-01-11T08:00:00Z")
        response(writer, BOING, page(REAL[BOING]), when="2020-01-11T08:00:00Z")
        for url, body in more:
            response(writer, url, body)
    return crawl


def test_a_grown_crawl_extracts_only_its_new_records_and_keeps_edits(make_site):
    site = make_site(config="")
    crawl = two_page_crawl(site)
    assert site.run("build").code == 0
    edited = next(p for p in site.pages() if "hating" in p.name)
    edited.write_text(edited.read_text().replace("date_confidence: page",
                                                 "date_confidence: stated"))
    with crawl.open("ab") as out:                # the crawl goes on: a new page, a new capture
        writer = WARCWriter(out, gzip=True)
        response(writer, THREATPOST, page(REAL[THREATPOST]), when="2020-01-12T08:00:00Z")
        response(writer, BOING, page(REAL[BOING]).replace(b"Millennials", b"Boomers"),
                 when="2020-01-12T08:00:00Z")
    run = site.run("build")
    assert run.code == 0, run.err
    assert "1 page(s) written, 1 unchanged, 1 human edit(s) kept" in run.err
    assert f"{edited}: edited by hand and its seed seeds/crawl.warc.gz#{BOING} changed" in run.err
    assert "date_confidence: stated" in edited.read_text()
    assert set(front(site)) == set(REAL)


@pytest.mark.parametrize("command", ["build", "extract"])
def test_a_deleted_page_of_a_record_is_made_again_as_the_crawl_grows(make_site, command):
    """A person deletes a record's page (to have it extracted again) while the crawl grows:
    the page comes back under its name with the record's text, the new record gets its page,
    and the other record's page, never deleted, is left as it was."""
    site = make_site(config="")
    crawl = two_page_crawl(site)
    assert site.run(command).code == 0
    by_url = {front(site)[url]["slug"]: url for url in (SALON, BOING)}
    gone = next(p for p in site.pages() if by_url.get(p.stem) == BOING)
    kept = next(p for p in site.pages() if by_url.get(p.stem) == SALON)
    kept_bytes, gone_bytes = kept.read_bytes(), gone.read_bytes()
    gone.unlink()
    with crawl.open("ab") as out:
        response(WARCWriter(out, gzip=True), THREATPOST, page(REAL[THREATPOST]),
                 when="2020-01-12T08:00:00Z")
    run = site.run(command)
    assert run.code == 0, run.err
    assert "2 page(s) written, 1 unchanged" in run.err
    assert gone.read_bytes() == gone_bytes and kept.read_bytes() == kept_bytes
    assert set(front(site)) == set(REAL)
    again = site.run(command)                    # and nothing more to do after
    assert again.code == 0 and "0 page(s) written, 3 unchanged" in again.err


def test_a_deleted_page_of_a_record_is_made_again_when_nothing_else_moved(make_site):
    site = make_site(config="")
    two_page_crawl(site)
    assert site.run("build").code == 0
    gone = next(p for p in site.pages() if "hating" in p.name)
    text = gone.read_bytes()
    gone.unlink()
    run = site.run("build")
    assert run.code == 0 and "1 page(s) written, 1 unchanged" in run.err
    assert gone.read_bytes() == text


def test_a_changed_payload_is_extracted_again(make_site):
    site = make_site(config="")
    crawl = site.root / "seeds" / "crawl.warc"
    for text in (b"Rhodium Group", b"Rhodium Research"):
        with crawl.open("wb") as out:
            response(WARCWriter(out, gzip=False), SALON,
                     page(REAL[SALON]).replace(b"Rhodium Group", text))
        run = site.run("build")
        assert run.code == 0 and "1 page(s) written" in run.err
    assert "Rhodium Research" in front(site)[SALON]["body"]


def test_a_truncated_crawl_builds_what_came_before_the_damage(make_site):
    site = make_site(config="")
    crawl = site.root / "seeds" / "crawl.warc.gz"
    with crawl.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        response(writer, SALON, page(REAL[SALON]))
        response(writer, THREATPOST, page(REAL[THREATPOST]))
        start = out.tell()
        response(writer, BOING, page(REAL[BOING]))
        end = out.tell()
    with crawl.open("r+b") as out:               # an interrupted crawl: the last record cut
        out.truncate((start + end) // 2)
    run = site.run("build")
    assert run.code == 1
    damage = [line for line in run.err.splitlines() if "crawl.warc.gz" in line]
    assert len(damage) == 1, run.err
    assert damage[0].startswith(f"{crawl}#<urn:uuid:") and "cut short" in damage[0]
    assert set(front(site)) == {SALON, THREATPOST}


def test_scraper_exports(make_site):
    news_please = {"title": "Flood in Bekasi", "maintext": "BEKASI - Banjir merendam ratusan "
                   "rumah di Bekasi.\nWarga mengungsi ke masjid terdekat sejak pagi.",
                   "url": "https://news.example.com/banjir", "date_publish": "2020-11-01 10:00:00",
                   "source_domain": "news.example.com", "language": "id"}
    plain = {"title": "Fire in Tebet", "text": "Fire destroyed a house in Tebet, Jakarta.",
             "url": "https://other.example.org/fire", "date": "2020-11-02", "source": "Other"}
    lines = [json.dumps(news_please), "{not json", json.dumps(plain)]
    site = make_site(config="", seeds={"export.jsonl": "\n".join(lines) + "\n",
                                       "one.json": json.dumps({**news_please,
                                                               "url": "https://x.example/1"})})
    run = site.run("build")
    assert run.code == 1
    assert [line for line in run.err.splitlines() if "malformed JSON" in line] == [
        f"{site.root / 'seeds' / 'export.jsonl'}#2: malformed JSON "
        "(Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"]
    pages = front(site)
    assert set(pages) == {"https://news.example.com/banjir", "https://other.example.org/fire",
                          "https://x.example/1"}
    banjir, fire = pages["https://news.example.com/banjir"], pages["https://other.example.org/fire"]
    assert (banjir["seed"], banjir["seed_record"], fire["seed_record"]) == (
        "seeds/export.jsonl", "1", "3")
    assert (str(banjir["date"]), banjir["source"], banjir["language"]) == (
        "2020-11-01", "news.example.com", "id")
    assert (fire["title"], str(fire["date"]), fire["source"]) == ("Fire in Tebet", "2020-11-02",
                                                                  "Other")


def saved_page(body: str, head: str = "") -> bytes:
    return (f"<html><head>{head}</head><body><article>{body}</article></body></html>").encode()


ARTICLE = "".join(f"<p>{p}</p>" for p in (
    "Banjir merendam ratusan rumah warga di Kecamatan Tebet, Jakarta Selatan, sejak Sabtu "
    "malam setelah hujan deras mengguyur ibu kota selama lebih dari enam jam.",
    "Warga mengungsi ke masjid dan sekolah terdekat. Petugas pemadam kebakaran dan relawan "
    "membantu mengevakuasi lansia serta anak-anak dengan perahu karet.",
    "Kepala suku dinas setempat mengatakan air mulai surut pada Minggu pagi, namun warga "
    "diminta tetap waspada karena hujan diperkirakan turun lagi hingga akhir pekan.",
    "Pemerintah kota menyiapkan dapur umum dan posko kesehatan di tiga lokasi pengungsian "
    "untuk melayani ratusan warga yang rumahnya masih tergenang."))


def test_saved_pages_url_and_bad_pages(make_site):
    site = make_site(config="", seeds={
        "canonical.html": saved_page(ARTICLE, '<link rel="canonical" '
                                     'href="https://paper.example/banjir-tebet">'),
        "given.html": saved_page(ARTICLE.replace("Tebet", "Menteng")),
        "given.meta.yaml": "url: https://paper.example/banjir-menteng\n",
        "charset.html": saved_page(ARTICLE, '<meta charset="x-no-such-charset">'),
        "empty.html": saved_page(""),
        "side.html": saved_page(ARTICLE.replace("Tebet", "Gambir")),
        "side.meta.yaml": "url: [unclosed\n",
    })
    run = site.run("build")
    assert run.code == 1
    seeds = site.root / "seeds"
    assert f"{seeds / 'charset.html'}: unknown charset 'x-no-such-charset'" in run.err
    assert f"{seeds / 'empty.html'}: no text found in the page" in run.err
    assert f"{seeds / 'side.meta.yaml'}: invalid YAML" in run.err
    assert set(front(site)) == {"https://paper.example/banjir-tebet",
                                "https://paper.example/banjir-menteng"}


def test_check_lists_a_page_whose_text_gives_another_date(make_site):
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
            '"NewsArticle", "headline": "Banjir", "datePublished": "2020-11-09"}</script>')
    body = ("<p>JAKARTA - Banjir merendam ratusan rumah warga di Kecamatan Tebet, Minggu "
            "(1/11/2020), dan warga mengungsi ke masjid terdekat.</p>") + ARTICLE
    site = make_site(config="", seeds={"banjir.html": saved_page(body, head)})
    assert site.run("build").code == 0
    (meta,) = front(site).values()
    assert (str(meta["date"]), meta["date_confidence"]) == ("2020-11-09", "page")
    assert meta["review"] == {"date": "the text gives another date (text_date)"}
    run = site.run("check")
    dates = [line for line in run.err.splitlines() if "2020-11-01" in line or "date" in line]
    assert dates == [f"review: {site.pages()[0]}: date flagged for review: the text gives another "
                     "date (text_date): the page dates it 2020-11-09, its text 2020-11-01 (the "
                     "page's date is kept)"], run.err
    page = site.pages()[0]              # the person looked, and deletes the flag: it is cleared
    page.write_text(page.read_text().replace(
        "review:\n  date: the text gives another date (text_date)\n", ""))
    run = site.run("check")
    assert "review" not in site.page(page.stem).metadata
    assert "2020-11-01" not in run.err and "flagged" not in run.err, run.err


def test_a_wacz_package_of_two_warcs(make_site):
    site = make_site(config="")
    first, second = io.BytesIO(), io.BytesIO()    # a package of two WARCs, one URL in both
    response(WARCWriter(first, gzip=True), BOING, page(REAL[BOING]).replace(b"Millennials",
             b"Boomers"), when="2020-01-10T10:00:00Z")
    response(WARCWriter(second, gzip=True), BOING, page(REAL[BOING]), when="2020-01-11T10:00:00Z")
    with zipfile.ZipFile(site.root / "seeds" / "crawl.wacz", "w") as wacz:
        wacz.writestr("datapackage.json", "{}")
        for name, warc in (("data.warc.gz", second), ("data-0.warc.gz", first)):
            wacz.writestr(f"archive/{name}", warc.getvalue(), compress_type=zipfile.ZIP_STORED)
    run = site.run("build")
    assert run.code == 0, run.err
    (meta,) = front(site).values()
    assert (meta["url"], meta["seed"], meta["archived_at"]) == (
        BOING, "seeds/crawl.wacz", "2020-01-11T10:00:00Z")
    assert len(site.pages()) == 1
    assert "Millennials" in meta["body"] and "1 earlier capture" in run.err


def line(n: int) -> str:
    """Line n of a plain scraper export (title, url, text)."""
    return json.dumps({"title": f"Story {n}", "url": f"https://x.example/{n}",
                       "text": f"Story number {n} happened in Jakarta on Sunday."})


def test_a_line_inserted_into_a_jsonl_export_keeps_each_page_with_its_article(make_site):
    site = make_site(config="", seeds={"export.jsonl": f"{line(1)}\n{line(2)}\n"})
    assert site.run("build").code == 0
    (site.root / "seeds" / "export.jsonl").write_text(f"{line(0)}\n{line(1)}\n{line(2)}\n")
    assert site.run("build").code == 0
    pages = front(site)
    assert {url: (meta["title"], meta["seed_record"]) for url, meta in pages.items()} == {
        f"https://x.example/{n}": (f"Story {n}", str(n + 1)) for n in range(3)}


def test_a_page_or_record_in_a_charset_that_is_no_text_encoding_is_named(make_site):
    site = make_site(config="", seeds={
        "b64.html": saved_page(ARTICLE, "<meta charset='base64'>"),
        "good.html": saved_page(ARTICLE)})
    crawl = site.root / "seeds" / "crawl.warc"
    with crawl.open("wb") as out:
        response(WARCWriter(out, gzip=False), SALON, page(REAL[SALON]),
                 content_type="text/html; charset=rot13")
    run = site.run("build")
    assert run.code == 1 and "Traceback" not in run.err
    assert f"{site.root / 'seeds' / 'b64.html'}: unusable charset 'base64'" in run.err
    assert any(line.startswith(f"{crawl}#<urn:uuid:") and line.endswith(
        ": unusable charset 'rot13'") for line in run.err.splitlines()), run.err
    assert len(site.pages()) == 1 and (site.root / "output" / "index.html").exists()


def test_deeply_nested_json_is_malformed_json_not_a_crash(make_site):
    deep = "[" * 100_000 + "]" * 100_000
    site = make_site(config="", seeds={"deep.jsonl": deep + "\n", "deep.json": deep,
                                       "good.html": saved_page(ARTICLE)})
    run = site.run("build")
    assert run.code == 1 and "Traceback" not in run.err
    seeds = site.root / "seeds"
    assert f"{seeds / 'deep.jsonl'}#1: malformed JSON (nested too deeply)" in run.err
    assert f"{seeds / 'deep.json'}: malformed JSON (nested too deeply)" in run.err
    assert len(site.pages()) == 1


def test_a_seed_name_holding_a_hash_sign_is_one_page_across_runs(make_site):
    story = json.dumps({"title": "Story", "url": "https://x.example/a#part",
                        "text": "Story number one happened in Jakarta on Sunday."})
    site = make_site(config="", seeds={"hostile page #1 ünï.html": saved_page(ARTICLE),
                                       "export #3.jsonl": story + "\n"})
    assert site.run("build").code == 0
    for command in ("extract", "extract", "build"):
        run = site.run(command)
        assert run.code == 0, run.err
    pages = front(site)
    assert len(site.pages()) == 2
    assert {meta["seed"] for meta in pages.values()} == {
        "seeds/hostile page #1 ünï.html", "seeds/export #3.jsonl"}


def test_control_characters_in_an_exported_title_and_source_are_repaired(make_site):
    text = " ".join(["Flood waters rose in Jakarta on Monday 1 March 2021, killing three."] * 8)
    story = {"url": "https://e.x/5", "title": "ctrl \u0000\u001b[31m title\nnext",
             "source": "Bad\u0007 Source", "text": text}
    site = make_site(config='base_url = "https://archive.example"\n',
                     seeds={"export.jsonl": json.dumps(story) + "\n"})
    run = site.run("build")
    assert run.code == 0, run.err
    meta = front(site)["https://e.x/5"]
    assert (meta["title"], meta["source"]) == ("ctrl title next", "Bad Source")
    assert "control characters removed" in run.err
    html = site.html(f"articles/{meta['slug']}/index.html")
    assert "\x1b" not in html and "\x00" not in html and "ctrl title next" in html
    from xml.etree import ElementTree
    ElementTree.fromstring(site.html("feed.xml"))       # well-formed: no control characters


def test_empty_web_seed_files_are_named(make_site):
    site = make_site(config="", seeds={"empty.warc": b"", "empty.warc.gz": b"",
                                       "empty.jsonl": b"", "blank.jsonl": b"\n\n",
                                       "text.warc": b"not a crawl\n"})
    run = site.run("build")
    assert run.code == 1
    seeds = site.root / "seeds"
    for name in ("empty.warc", "empty.warc.gz", "empty.jsonl"):
        assert f"{seeds / name}: empty file" in run.err.splitlines()
    assert f"{seeds / 'blank.jsonl'}: no JSON line in the file" in run.err.splitlines()
    assert any(line.startswith(f"{seeds / 'text.warc'}: ") for line in run.err.splitlines())


def test_a_crawled_address_that_is_not_http_is_not_kept(make_site):
    site = make_site(config="")
    with (site.root / "seeds" / "crawl.warc").open("wb") as out:
        response(WARCWriter(out, gzip=False), "javascript:alert(1)", saved_page(ARTICLE))
    run = site.run("build")
    assert run.code == 0, run.err
    (meta,) = front(site).values()
    assert "url" not in meta
    assert "javascript:" not in site.html("data/articles.json")
    assert "javascript:" not in site.html(f"articles/{meta['slug']}/index.html")


def test_an_upper_case_web_seed_is_updated_by_build(make_site):
    site = make_site(config="", seeds={"PAGE.HTML": saved_page(ARTICLE)})
    assert site.run("build").code == 0
    seed = site.root / "seeds" / "PAGE.HTML"
    seed.write_bytes(saved_page(ARTICLE.replace("Tebet", "Menteng")))
    (site.root / "seeds" / "NEW.HTM").write_bytes(saved_page(ARTICLE.replace("Tebet", "Gambir")))
    run = site.run("build")
    assert run.code == 0 and "2 page(s) written" in run.err, run.err
    bodies = [frontmatter.load(p).content for p in site.pages()]
    assert len(bodies) == 2 and sorted("Menteng" in b for b in bodies) == [False, True]
    assert any("Gambir" in b for b in bodies) and not any("Tebet" in b for b in bodies)


def test_an_edited_sidecar_of_a_web_seed_is_taken_by_a_served_rebuild(make_site):
    from site_builder.build import build
    from site_builder.config import load_config
    site = make_site(config="", seeds={"page.html": saved_page(ARTICLE),
                                       "export.json": json.dumps({"text": ARTICLE, "title": "A"})})
    assert site.run("build").code == 0
    config = load_config(site.root / "site.toml")
    for name in ("page", "export"):
        sidecar = site.root / "seeds" / f"{name}.meta.yaml"
        sidecar.write_text(f"url: https://paper.example/{name}\n")
        build(config, changed={sidecar})        # as serve does when told the sidecar changed
    assert set(front(site)) == {"https://paper.example/page", "https://paper.example/export"}


def test_a_build_with_nothing_changed_counts_every_article_unchanged(crawl_site):
    run = crawl_site.run("build")
    assert run.code == 0, run.err
    assert "0 page(s) written, 3 unchanged" in run.err, run.err


def test_check_names_a_page_whose_export_line_is_gone(make_site):
    site = make_site(config="", seeds={"export.jsonl": f"{line(1)}\n{line(2)}\n"})
    assert site.run("build").code == 0
    assert "no longer in" not in site.run("check").err
    (site.root / "seeds" / "export.jsonl").write_text(f"{line(1)}\n")
    gone = [said for said in site.run("check").err.splitlines() if "no longer in" in said]
    page = front(site)["https://x.example/2"]
    assert gone == [f"review: {site.root / 'content' / page['slug']}.md: its record 2 is no "
                    "longer in seeds/export.jsonl (or the seed changed since the last build)"]


def test_the_latest_capture_is_told_by_time_not_by_text(make_site):
    site = make_site(config="")
    with (site.root / "seeds" / "crawl.warc").open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        response(writer, SALON, page(REAL[SALON]), when="2020-01-11T08:00:00.5Z")
        response(writer, SALON, page(REAL[SALON]).replace(b"Rhodium Group", b"OLD CAPTURE"),
                 when="2020-01-11T08:00:00Z")
    assert site.run("build").code == 0
    assert "OLD CAPTURE" not in front(site)[SALON]["body"]


def test_an_export_with_a_byte_order_mark_and_a_language_that_is_no_code(make_site):
    def line(n: int, language: str) -> str:
        return json.dumps({"title": f"Story {n}", "url": "https://x.example/1",
                           "language": language,
                           "text": f"Story number {n} happened in Jakarta on Sunday."})
    site = make_site(config="", seeds={
        "export.jsonl": ("\ufeff" + line(1, "id") + "\n" + line(2, "<>") + "\n").encode()})
    run = site.run("build")
    assert run.code == 0, run.err
    assert len(site.pages()) == 1                   # one URL on two lines: one article
    (meta,) = front(site).values()
    assert meta["title"] == "Story 2" and meta["language"] != "<>"


def test_a_damaged_wacz_member_counts_only_its_own_articles(make_site):
    site = make_site(config="")
    first, second = io.BytesIO(), io.BytesIO()
    response(WARCWriter(first, gzip=True), BOING, page(REAL[BOING]))
    response(WARCWriter(first, gzip=True), THREATPOST, page(REAL[THREATPOST]))
    response(WARCWriter(second, gzip=True), SALON, page(REAL[SALON]))
    wacz = site.root / "seeds" / "crawl.wacz"
    with zipfile.ZipFile(wacz, "w") as package:
        package.writestr("archive/a.warc.gz", first.getvalue())
        package.writestr("archive/b.warc.gz", second.getvalue() + b"\x1f\x8b\x08\x00bad" * 50)
    run = site.run("build")
    assert run.code == 1
    assert [line for line in run.err.splitlines() if "damaged after" in line] == [
        f"{wacz}!archive/b.warc.gz: damaged after 1 article(s) (Gzip decompression error: "
        "data error)"]
    assert set(front(site)) == set(REAL)


def test_the_publisher_the_page_names_is_the_source_tag_beside_a_sidecars_tags(make_site):
    """The page's publisher replaces the outlet the text names, in `source` and in the tags,
    and a sidecar's tags are added to them, not put in their place."""
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
            '"NewsArticle", "headline": "Banjir", "datePublished": "2020-11-09", '
            '"publisher": {"@type": "Organization", "name": "Warta Harian"}}</script>')
    body = ("<p>JAKARTA, KOMPAS.com - Banjir merendam ratusan rumah di Kecamatan Tebet, Senin "
            "(9/11/2020), dan warga mengungsi ke masjid terdekat.</p>") + ARTICLE
    site = make_site(config="", seeds={"banjir.html": saved_page(body, head),
                                       "banjir.meta.yaml": "tags: [arsip-banjir]\n"})
    assert site.run("build").code == 0
    (meta,) = front(site).values()
    assert meta["source"] == "Warta Harian"
    assert "warta-harian" in meta["tags"] and "arsip-banjir" in meta["tags"]
    assert "kompas-com" not in meta["tags"]


def test_a_saved_page_with_a_collected_sidecar_is_not_read_again(make_site, monkeypatch,
                                                                  capsys):
    """The sidecar's `collected:` date is the page's reference date in the planner as in the
    worker: once extracted, the page is unchanged, and not parsed, when another seed changes."""
    import trafilatura

    from site_builder.cli import main
    site = make_site(config="", seeds={"page.html": saved_page(ARTICLE),
                                       "page.meta.yaml": "collected: 2020-11-03\n"})
    assert site.run("build").code == 0
    (site.root / "seeds" / "other.txt").write_text(
        "TITLE: Jalan ditutup\n\nJalan di Menteng ditutup sejak Senin pagi untuk perbaikan.\n")
    parsed: list[str] = []
    monkeypatch.setattr(trafilatura, "bare_extraction",
                        lambda *args, **kwargs: parsed.append("page") or None)
    monkeypatch.chdir(site.root)
    assert main(["extract"]) == 0
    assert "1 page(s) written, 1 unchanged" in capsys.readouterr().err
    assert parsed == []


def count_records_read(monkeypatch) -> list[str]:
    """The URLs of the WARC records read from here on (FastWARC's iterator, as units.py calls
    it to list a crawl, and to read one record's payload)."""
    import fastwarc.warc
    read: list[str] = []
    real = fastwarc.warc.ArchiveIterator

    def counting(*args, **kwargs):
        for record in real(*args, **kwargs):
            read.append(record.headers.get("WARC-Target-URI"))
            yield record
    monkeypatch.setattr(fastwarc.warc, "ArchiveIterator", counting)
    return read


def test_a_grown_crawl_is_read_from_where_it_stopped_and_gives_a_fresh_builds_pages(
        make_site, site_factory, monkeypatch, capsys):
    from site_builder.cli import main
    site = make_site(config="")
    crawl = two_page_crawl(site, ("https://www.salon.com/world/", SECTION_FRONT))
    assert site.run("extract").code == 0
    with crawl.open("ab") as out:            # appended: a new page, a later capture, a 404
        writer = WARCWriter(out, gzip=True)
        response(writer, THREATPOST, page(REAL[THREATPOST]), when="2020-01-12T08:00:00Z")
        response(writer, SALON, page(REAL[SALON]).replace(b"Rhodium Group", b"LATER CAPTURE"),
                 when="2020-01-12T09:00:00Z")
        response(writer, "https://www.salon.com/gone", b"<html>Not found</html>",
                 status="404 Not Found")
    read = count_records_read(monkeypatch)
    monkeypatch.chdir(site.root)
    assert main(["extract"]) == 0
    grown = capsys.readouterr().err
    # The new records listed (only they), the last one read again to see it whole (not cut
    # short), then the two new articles' payloads read.
    gone = "https://www.salon.com/gone"
    assert read == [THREATPOST, SALON, gone, gone, SALON, THREATPOST]
    fresh = site_factory("fresh", config="")
    (fresh.root / "seeds" / "crawl.warc.gz").write_bytes(crawl.read_bytes())
    whole = fresh.run("extract")
    assert whole.code == 0
    pages = {p.name: p.read_bytes() for p in site.pages()}
    assert pages == {p.name: p.read_bytes() for p in fresh.pages()} and len(pages) == 3
    assert "LATER CAPTURE" in front(site)[SALON]["body"]
    skipped = "web record(s) skipped (1 earlier capture, 1 error response, 1 not an article)"
    assert skipped in grown and skipped in whole.err

    # Another seed added: the unchanged crawl is not read again.
    (site.root / "seeds" / "other.txt").write_text(
        "TITLE: Jalan ditutup\n\nJalan di Menteng ditutup sejak Senin pagi untuk perbaikan.\n")
    read.clear()
    assert main(["extract"]) == 0
    assert "1 page(s) written, 3 unchanged" in capsys.readouterr().err
    assert read == []


def test_a_rewritten_crawl_is_read_whole(make_site, monkeypatch, capsys):
    from site_builder.cli import main
    site = make_site(config="")
    crawl = site.root / "seeds" / "crawl.warc.gz"
    with crawl.open("wb") as out:
        response(WARCWriter(out, gzip=True), SALON, page(REAL[SALON]))
    assert site.run("extract").code == 0
    with crawl.open("wb") as out:            # rewritten, longer: another first record
        writer = WARCWriter(out, gzip=True)
        response(writer, BOING, page(REAL[BOING]))
        response(writer, THREATPOST, page(REAL[THREATPOST]))
    read = count_records_read(monkeypatch)
    monkeypatch.chdir(site.root)
    assert main(["extract"]) == 0
    assert "2 page(s) written" in capsys.readouterr().err
    # listed whole, the last record read again (is it whole?), then each payload read
    assert read == [BOING, THREATPOST, THREATPOST, BOING, THREATPOST]


def test_a_short_article_declared_in_a_json_ld_graph_is_kept_a_list_of_articles_is_not(
        make_site):
    """A page is an article when its own schema.org object (top-level, or in its @graph, as
    SEO plugins write it) or its og:type says so, wherever the meta tag is; a section front
    whose ItemList names articles is still no article."""
    short = "".join(f"<p>{p}</p>" for p in ("Banjir merendam ratusan rumah di Tebet sejak "
                                            "Sabtu malam.", "Warga mengungsi ke masjid."))
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Paper"}, {"@type": "WebPage", "name": "Banjir"},
        {"@type": "Article", "headline": "Banjir di Tebet"}]}
    listing = {"@context": "https://schema.org", "@type": "ItemList", "itemListElement": [
        {"@type": "ListItem", "position": n, "item": {"@type": "NewsArticle", "headline": t}}
        for n, t in enumerate(("Storm hits coast", "Talks resume"), 1)]}

    def ld(data: dict) -> str:
        return f'<script type="application/ld+json">{json.dumps(data)}</script>'
    site = make_site(config="", seeds={
        "graph.html": saved_page(short, ld(graph)),
        "og.html": saved_page(short.replace("Tebet", "Gambir"))
        .replace(b"<article>", b'<article><meta property="og:type" content="Article">'),
        "front.html": SECTION_FRONT.replace(b"</head>", ld(listing).encode() + b"</head>"),
    })
    run = site.run("extract")
    assert run.code == 0, run.err
    assert "2 page(s) written" in run.err and "1 not an article" in run.err, run.err
    bodies = [frontmatter.load(p).content for p in site.pages()]
    assert sorted(("Tebet" in b, "Gambir" in b) for b in bodies) == [(False, True), (True, False)]


def test_a_web_seed_edited_in_place_with_its_size_and_time_kept_is_read_again(make_site):
    """An edit that keeps the file's size and puts its modification time back (a restore, a
    sync tool) still moves its inode change time: the page is extracted again, as a `.txt`
    seed's is."""
    import os
    site = make_site(config="", seeds={"page.html": saved_page(ARTICLE)})
    assert site.run("build").code == 0
    seed = site.root / "seeds" / "page.html"
    before = seed.stat()
    seed.write_bytes(saved_page(ARTICLE.replace("Tebet", "Bogor")))
    os.utime(seed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert seed.stat().st_size == before.st_size
    run = site.run("build")
    assert run.code == 0 and "1 page(s) written" in run.err
    [made] = [frontmatter.load(p) for p in site.pages()]
    assert "Kecamatan Bogor" in made.content and "Tebet" not in made.content


def test_a_grown_crawl_whose_first_record_was_rewritten_is_read_whole(make_site,
                                                                      site_factory):
    """A crawl that grew is read from where it stopped only when what was read is unchanged:
    its first record rewritten with the same length (uncompressed WARC) is seen, and the page
    made again as a whole reading makes it (its slug kept, as for any re-extracted page)."""
    site = make_site(config="")
    crawl = site.root / "seeds" / "crawl.warc"

    def write(boing: bytes, *more: tuple[str, bytes]) -> None:
        with crawl.open("wb") as out:
            writer = WARCWriter(out, gzip=False)
            response(writer, BOING, boing, when="2020-01-11T08:00:00Z")
            response(writer, THREATPOST, page(REAL[THREATPOST]), when="2020-01-11T08:00:00Z")
            for url, body in more:
                response(writer, url, body, when="2020-01-11T08:00:00Z")

    write(page(REAL[BOING]))
    assert site.run("extract").code == 0
    size = crawl.stat().st_size
    write(page(REAL[BOING]).replace(b"Millennials", b"Millenniels"),
          (SALON, page(REAL[SALON])))
    assert crawl.with_suffix(".warc").stat().st_size > size
    run = site.run("extract")
    assert run.code == 0 and "2 page(s) written" in run.err     # Boing Boing's and Salon's
    fresh = site_factory("fresh", config="")
    (fresh.root / "seeds" / "crawl.warc").write_bytes(crawl.read_bytes())
    assert fresh.run("extract").code == 0
    grown, whole = front(site), front(fresh)
    assert set(grown) == set(whole) == {BOING, THREATPOST, SALON}
    assert grown[BOING]["title"] == whole[BOING]["title"]
    assert grown[BOING]["body"] == whole[BOING]["body"]
    assert "Millenniels" in grown[BOING]["title"] + grown[BOING]["body"]


def chunked(body: bytes, size: int = 4000) -> bytes:
    """`body` in HTTP/1.1 chunked transfer coding, as a server sends it."""
    chunks = (body[at:at + size] for at in range(0, len(body), size))
    return b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"


def test_a_crawl_recorded_as_sent_gzip_brotli_or_chunked_gives_the_pages_text(make_site,
                                                                              crawl_site):
    """warcprox, pywb and Brozzler record a browser's traffic as it came: compressed, chunked.
    Before, a gzip or Brotli page was refused as undecodable and a chunked one had its chunk
    sizes spliced into its text ("ta fa0 ken")."""
    import brotli
    site = make_site(config="")
    with (site.root / "seeds" / "crawl.warc.gz").open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        response(writer, SALON, gzip.compress(page(REAL[SALON])),
                 headers=(("Content-Encoding", "gzip"),))
        response(writer, THREATPOST, brotli.compress(page(REAL[THREATPOST])),
                 headers=(("Content-Encoding", "br"),))
        response(writer, BOING, chunked(page(REAL[BOING]), 700),
                 headers=(("Transfer-Encoding", "chunked"),))
    run = site.run("build")
    assert run.code == 0, run.err
    pages = front(site)
    assert set(pages) == set(REAL)
    assert pages[SALON]["title"] == "Despite everything, U.S. emissions dipped in 2019"
    assert pages[THREATPOST]["source"] == "Threatpost"
    assert pages[BOING]["body"] == front(crawl_site)[BOING]["body"]     # stored plain there


def test_a_body_its_header_calls_chunked_or_gzip_but_is_not_is_read_as_it_is(make_site):
    """Browsertrix removes the chunking but keeps the header; a crawler that decoded the page
    may keep its Content-Encoding: the page is read as stored."""
    site = make_site(config="")
    with (site.root / "seeds" / "crawl.warc").open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        response(writer, SALON, page(REAL[SALON]), headers=(
            ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")))
    run = site.run("build")
    assert run.code == 0, run.err
    assert front(site)[SALON]["title"] == "Despite everything, U.S. emissions dipped in 2019"


def test_a_compression_bomb_in_a_crawl_is_named_not_unpacked(make_site):
    site = make_site(config="")
    with (site.root / "seeds" / "crawl.warc").open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        response(writer, SALON, gzip.compress(b"<p>" + b"a" * (60 * 2**20)),
                 headers=(("Content-Encoding", "gzip"),))
        response(writer, BOING, page(REAL[BOING]))
    run = site.run("build")
    assert run.code == 1
    (line,) = [line for line in run.err.splitlines() if "crawl.warc#" in line]
    assert line.endswith("page too large once decompressed (over 50 MB)")
    assert set(front(site)) == {BOING}


@pytest.mark.parametrize("compressed", [True, False])
def test_a_crawl_cut_short_in_an_image_names_the_damage(make_site, compressed):
    """An interrupted crawl is most often cut in an image, a script or a video, which no
    article is made of: it was built with exit 0 and not a word, as if the crawl were whole."""
    site = make_site(config="")
    crawl = site.root / "seeds" / ("crawl.warc.gz" if compressed else "crawl.warc")
    with crawl.open("wb") as out:
        writer = WARCWriter(out, gzip=compressed)
        response(writer, SALON, page(REAL[SALON]))
        start = out.tell()
        response(writer, "https://www.salon.com/photo.jpg", bytes(range(256)) * 400,
                 content_type="image/jpeg")
        end = out.tell()
    with crawl.open("r+b") as out:
        out.truncate((start + end) // 2)
    run = site.run("build")
    assert run.code == 1, run.err
    damage = [line for line in run.err.splitlines() if crawl.name in line]
    assert len(damage) == 1, run.err
    assert damage[0].startswith(f"{crawl}#<urn:uuid:") and "cut short" in damage[0]
    assert set(front(site)) == {SALON}


SPANISH = "".join(f"<p>{p}</p>" for p in (
    "Las fuerzas de defensa comenzaron el asalto a la ciudad durante la madrugada del jueves, "
    "según informaron fuentes militares a la prensa internacional reunida en la frontera.",
    "Los combates se concentran en un área urbana densa y compleja, donde miles de civiles "
    "permanecen atrapados sin acceso a agua potable ni a electricidad desde hace días.",
    "Las organizaciones humanitarias pidieron una pausa en los ataques para evacuar a los "
    "heridos y llevar alimentos a los refugios instalados en escuelas y hospitales."))


def test_a_page_in_a_language_the_text_cannot_tell_keeps_the_one_it_declares(make_site):
    """The text's detector tells Indonesian from English only: a Spanish page was `id`, and
    its article element said so to screen readers. An Indonesian page whose template says
    `en-US` is still Indonesian."""
    site = make_site(config="", seeds={
        "es.html": b'<!DOCTYPE html><html dir="ltr" lang="es-LA">' + saved_page(SPANISH)[6:],
        "id.html": b'<html lang="en-US">' + saved_page(ARTICLE)[6:]})
    run = site.run("build")
    assert run.code == 0, run.err
    pages = {p.metadata["seed"]: p.metadata for p in map(frontmatter.load, site.pages())}
    spanish, indonesian = pages["seeds/es.html"], pages["seeds/id.html"]
    assert (spanish["language"], indonesian["language"]) == ("es", "id")
    html = site.html(f"articles/{spanish['slug']}/index.html")
    assert '<article class="article" lang="es">' in html


def test_a_page_declaring_iso_8859_1_keeps_its_curly_quotes_and_dashes(make_site):
    """Browsers read iso-8859-1 as windows-1252 (the WHATWG Encoding Standard), and old news
    sites write their quotes and dashes so: read as latin-1 they were dropped from the text."""
    quoted = ARTICLE.replace("hujan deras", "hujan deras \u2013 kata \u201cpetugas\u201d")
    declared = saved_page(quoted, '<title>Banjir \u201cTebet\u201d</title><meta http-equiv='
                          '"Content-Type" content="text/html; charset=iso-8859-1">')
    site = make_site(config="", seeds={"old.html": declared.decode().encode("cp1252")})
    with (site.root / "seeds" / "crawl.warc").open("wb") as out:
        response(WARCWriter(out, gzip=False), "https://old.example.com/banjir",
                 saved_page(quoted).decode().encode("cp1252"),
                 content_type="text/html; charset=ISO-8859-1")
    run = site.run("build")
    assert run.code == 0, run.err
    pages = {p.metadata["seed"]: p for p in map(frontmatter.load, site.pages())}
    assert pages["seeds/old.html"].metadata["title"] == "Banjir \u201cTebet\u201d"
    for page_ in pages.values():
        assert "hujan deras \u2013 kata \u201cpetugas\u201d" in page_.content


def test_a_page_saved_as_utf_16_is_read_by_its_byte_order_mark(make_site):
    """Windows tools save pages as UTF-16 with a byte order mark, which browsers read first:
    it was refused as 'binary file (contains NUL bytes)'."""
    utf16 = saved_page(ARTICLE, "<title>Banjir \u201cTebet\u201d</title>").decode()
    site = make_site(config="", seeds={"saved.html": utf16.encode("utf-16")})
    run = site.run("build")
    assert run.code == 0, run.err
    (meta,) = front(site).values()
    assert meta["title"] == "Banjir \u201cTebet\u201d"
    assert "Kecamatan Tebet, Jakarta Selatan" in meta["body"]


def test_an_outlet_whose_site_name_is_its_host_is_one_source(make_site):
    """og:site_name "www.20minutes.fr" was the source as written, while the outlet's pages
    without a site name were "20minutes.fr": one outlet, two sources, two source pages."""
    head = '<link rel="canonical" href="https://www.news-example.com/{}">'
    site = make_site(config="", seeds={
        "a.html": saved_page(ARTICLE, head.format("a") + '<meta property="og:site_name" '
                             'content="www.news-example.com">'),
        "b.html": saved_page(ARTICLE.replace("Tebet", "Menteng"), head.format("b"))})
    run = site.run("build")
    assert run.code == 0, run.err
    assert {meta["source"] for meta in front(site).values()} == {"news-example.com"}
    assert (site.root / "output" / "sources" / "news-example-com" / "index.html").exists()
    assert not (site.root / "output" / "sources" / "www-news-example-com").exists()


def test_a_wacz_that_holds_no_warc_is_named(make_site):
    """A zip named .wacz without archive/*.warc.gz (a package of another layout, a zip
    renamed) built nothing with exit 0 and not a word."""
    site = make_site(config="", seeds={"page.html": saved_page(ARTICLE)})
    with zipfile.ZipFile(site.root / "seeds" / "crawl.wacz", "w") as wacz:
        wacz.writestr("datapackage.json", "{}")
        wacz.writestr("data/crawl.warc.gz", b"")
    run = site.run("build")
    assert run.code == 1
    assert f"{site.root / 'seeds' / 'crawl.wacz'}: no WARC in the package" in run.err
    assert len(front(site)) == 1


def test_a_warc_gzipped_whole_gives_every_article(make_site):
    """`gzip crawl.warc` makes one gzip stream, not one a record: FastWARC reads it from the
    start, but no record's offset leads into it, and every article after the first was
    'record not found' (exit 1)."""
    site = make_site(config="")
    plain = io.BytesIO()
    writer = WARCWriter(plain, gzip=False)
    for url, name in REAL.items():
        response(writer, url, page(name))
    (site.root / "seeds" / "crawl.warc.gz").write_bytes(gzip.compress(plain.getvalue()))
    run = site.run("build")
    assert run.code == 0, run.err
    assert set(front(site)) == set(REAL)


def test_a_crawled_page_with_no_text_is_skipped_and_counted_a_saved_one_is_named(make_site):
    """A crawl of a news site captures pages drawn by script (an app shell, an ad frame): one
    record among many, skipped and counted, not an error that fails every build of the crawl.
    A page the user saved by hand with no text stays an error (test_saved_pages_url_...)."""
    shell = b'<html><head><title>App</title></head><body><div id="app"></div>' \
            b'<script src="/app.js"></script></body></html>'
    site = make_site(config="")
    with (site.root / "seeds" / "crawl.warc.gz").open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        response(writer, SALON, page(REAL[SALON]))
        response(writer, "https://www.salon.com/live/", shell)
    run = site.run("build")
    assert run.code == 0, run.err
    assert "1 page(s) written" in run.err
    assert "1 web record(s) skipped (1 no text)" in run.err
    assert set(front(site)) == {SALON}
