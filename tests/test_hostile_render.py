"""Every payload of the corpus (tests/payloads/) stays inert text in every output format.

One tiny site is built per module: one seed per payload, and the payload is put everywhere an
archive takes text from outside: the TITLE line, the body, and the sidecar's source, wire,
dateline, tags, place name and id, and url. Then every output file type is parsed the way a
browser or a reader would (html.parser, ElementTree, json, csv, the Pagefind fragments) and
audited: no element or attribute we did not write, no script-capable URL, the text shown
literally.
"""
from __future__ import annotations

import csv
import gzip
import html
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from site_builder.repair import repair_text

PAYLOAD_DIR = Path(__file__).parent / "payloads"


def load_payloads() -> list[str]:
    """Every payload line of tests/payloads/*.txt; '# ' lines are comments."""
    payloads: list[str] = []
    for path in sorted(PAYLOAD_DIR.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip() and not line.startswith("# "):
                payloads.append(line)
    return payloads


PAYLOADS = load_payloads()


def raw_title(number: int) -> str:
    return f"Case {number}: {PAYLOADS[number]}".strip()


def as_read(text: str) -> str:
    """A seed's text as the site shows it: repaired when read (repair.py: control and
    zero-width characters dropped, odd spaces made plain, line separators made line breaks)."""
    return repair_text(text).text


def title_of(number: int) -> str:
    """The title the article gets: the TITLE line as read, up to a line break it may hold."""
    return as_read(raw_title(number)).split("\n")[0].strip()


def seed_text(number: int) -> str:
    payload = PAYLOADS[number]
    return (f"TITLE: {raw_title(number)}\n"
            f"JAKARTA - Banjir melanda Jakarta pada Senin (3/11/2025), kasus {number}.\n"
            f"{payload}\n"
            f"Teks sebelum {payload} teks sesudah.\n")


def sidecar(number: int) -> dict:
    """Every sidecar field that ends up on a page carries the payload."""
    payload = PAYLOADS[number]
    return {
        "source": f"Src {number} {payload}", "wire": f"Wire {number} {payload}",
        "dateline": f"Line {number} {payload}", "tags": [payload, f"t{number} {payload}"],
        "places": [{"name": f"Place {number} {payload}", "id": f"x:{number}:{payload}",
                    "kind": "city", "country": "ID", "lat": -6.2 + number / 100,
                    "lon": 106.8 + number / 100, "mentions": [payload]}],
        "url": payload if number % 2 else f"https://example.org/{number}?q={payload}",
        "date": date(2025, 1 + number % 12, 1 + number % 28),
    }


def hostile_seeds() -> dict[str, str]:
    """Every payload as a seed, with a sidecar that carries it into every field."""
    seeds = {}
    for number in range(len(PAYLOADS)):
        seeds[f"p{number:03d}.txt"] = seed_text(number)
        seeds[f"p{number:03d}.meta.yaml"] = yaml.safe_dump(sidecar(number), allow_unicode=True,
                                                           sort_keys=False)
    return seeds


@pytest.fixture(scope="module")
def site(site_factory) -> Path:
    built = site_factory("hostile-corpus", seeds=hostile_seeds(),
                         config='base_url = "https://example.org/repo/"\n'
                                'title = "Archive <script>alert(\'cfg\')</script>"\n')
    done = built.run("build")
    assert done.code == 0, done.err
    assert "Traceback" not in done.err
    return built.root


# ---------------------------------------------------------------- auditing HTML

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "background", "poster",
                  "xlink:href", "srcset", "cite", "longdesc", "manifest", "content"}
# Elements our templates never use to show article text; in a page they mean an injection.
FORBIDDEN_TAGS = {"iframe", "object", "embed", "applet", "frame", "frameset", "base", "form",
                  "input", "button", "textarea", "bgsound", "math", "mglyph", "x:script",
                  "style", "table", "title", "meta", "link"}
ALLOWED_IN_HEAD = {"title", "meta", "link", "style"}
# The one table the theme writes: an event page's reports side by side (templates/event.html).
THEME_TABLES = [("table", [("class", "reports"), ("aria-labelledby", "reports-heading")])]
ONCE_A_PAGE = {"html", "head", "body", "title"}
OUR_ICON = "data:,"         # base.html's empty favicon, which stops a request for /favicon.ico
SAFE_SCHEMES = ("", "http", "https", "mailto")


def live_scheme(value: str) -> bool:
    """True for a URL a browser would run or render as a document: javascript:, data:, vbscript:

    Browsers drop whitespace and control characters inside the scheme, so we do too."""
    cleaned = "".join(ch for ch in value if ch > " ").lower()
    try:
        scheme = urlsplit(cleaned).scheme
    except ValueError:
        return True
    return scheme not in SAFE_SCHEMES


@dataclass
class HtmlAudit(HTMLParser):
    """Everything in one page that could run or that a payload could have injected."""

    live: list[str] = field(default_factory=list)
    json_ld: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    _open: list[str] = field(default_factory=list)
    _in_head: bool = False
    _script: str | None = None
    _seen: set[str] = field(default_factory=set)
    _svg: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"<{tag} {dict(attrs)}>"
        if tag == "head":
            self._in_head = True
        if tag == "svg":
            self._svg += 1
        if tag in ONCE_A_PAGE and not self._svg:
            if tag in self._seen:
                self.live.append(f"second {where}")
            self._seen.add(tag)
        if tag == "script":
            self._script = self._check_script(dict(attrs), where)
        elif tag in FORBIDDEN_TAGS and not (self._in_head and tag in ALLOWED_IN_HEAD) \
                and not (self._svg and tag == "title") and (tag, attrs) not in THEME_TABLES:
            self.live.append(f"forbidden element {where}")
        for name, value in attrs:
            self._check_attribute(tag, name, value or "", where)

    def _check_script(self, attrs: dict[str, str | None], where: str) -> str:
        if attrs.get("type") == "application/ld+json" and "src" not in attrs:
            return "ld"
        src = attrs.get("src") or ""
        if attrs.get("type") == "module" and src.endswith("static/search.js") \
                and "://" not in src and not src.startswith("//"):
            return "ours"
        self.live.append(f"script we did not write {where}")
        return "foreign"

    def _check_attribute(self, tag: str, name: str, value: str, where: str) -> None:
        if name.startswith("on"):
            self.live.append(f"event handler {name} in {where}")
        elif name == "style" and ("url(" in value.lower() or "expression" in value.lower()):
            self.live.append(f"style with a URL in {where}")
        elif name == "http-equiv":
            self.live.append(f"http-equiv in {where}")
        elif name in URL_ATTRIBUTES and name != "content" and live_scheme(value) \
                and not (self._in_head and tag == "link" and value == OUR_ICON):
            self.live.append(f"script-capable URL in {where}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        if tag == "svg":
            self._svg = max(0, self._svg - 1)
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script == "ld":
            self.json_ld.append(data)
        elif self._script is None:
            self.text.append(data)


def audit_html(text: str) -> HtmlAudit:
    audit = HtmlAudit()
    audit.feed(text)
    audit.close()
    return audit


def outputs(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in (site / "output").rglob("*")
                  if p.is_file() and p.name.endswith(suffixes) and "pagefind" not in p.parts)


def article_page(site: Path, number: int) -> Path:
    """The article page of seed `number` (its slug is in the content page's front matter)."""
    content = site / "content"
    for page in content.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        if f"seed: seeds/p{number:03d}.txt" in text:
            slug = yaml.safe_load(text.split("\n---", 1)[0].lstrip("-"))["slug"]
            return site / "output" / "articles" / slug / "index.html"
    raise AssertionError(f"no content page for seed {number}")


class _Headline(HTMLParser):
    """The text of a page's <h1>, its <title>, and the content of its og:title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self._tag: str | None = None
        self._svg = 0

    def handle_starttag(self, tag, attrs):
        self._svg += tag == "svg"
        if tag in ("h1", "title") and not self._svg and tag not in self.found:
            self._tag = tag
            self.found[tag] = ""
        if tag == "meta" and ("property", "og:title") in attrs:
            self.found["og:title"] = dict(attrs)["content"]

    def handle_endtag(self, tag):
        self._svg -= tag == "svg"
        if tag == self._tag:
            self._tag = None

    def handle_data(self, data):
        if self._tag:
            self.found[self._tag] += data


def page_text(path: Path) -> str:
    return "".join(audit_html(path.read_text(encoding="utf-8")).text)


NUMBERS = range(len(PAYLOADS))


# ---------------------------------------------------------------- the tests

@pytest.mark.parametrize("live", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=' java\tscript:x'>",
    "<iframe src=//e.example>", '<meta http-equiv="refresh" content="0;url=//e">',
    "<svg><a href='javascript:x'><circle/></a></svg>", "<div style='background:url(x)'>",
    "<p>x</p><title>second</title>", "<a href='data:text/html,<script>'>x</a>",
])
def test_the_auditor_sees_live_markup(live):
    """The audit below is only worth something if it flags each kind of injection."""
    assert audit_html(f"<html><head></head><body>{live}</body></html>").live


def test_no_page_carries_markup_or_urls_that_a_payload_injected(site):
    pages = outputs(site, ".html")
    assert len(pages) > 4 * len(PAYLOADS)          # articles, tags, places, sources, lists
    problems = {str(p.relative_to(site)): audit_html(p.read_text("utf-8")).live for p in pages}
    assert {page: live for page, live in problems.items() if live} == {}


def test_titles_show_literally_in_heading_title_and_og_title(site):
    for number in NUMBERS:
        headline = _Headline()
        headline.feed(article_page(site, number).read_text(encoding="utf-8"))
        title = title_of(number)
        assert headline.found["h1"] == title
        assert headline.found["og:title"] == title
        assert headline.found["title"].startswith(title)


def test_raw_html_and_template_syntax_in_bodies_show_as_text(site):
    checked = 0
    for number in NUMBERS:
        payload = PAYLOADS[number]
        text = page_text(article_page(site, number))
        sentence = as_read(f"Teks sebelum {payload} teks sesudah.")
        for line in filter(None, (line.strip() for line in sentence.split("\n"))):
            assert line in text, payload          # a line separator made it two paragraphs
        checked += 1
    assert checked == len(PAYLOADS)
    jinja = page_text(article_page(site, PAYLOADS.index(
        "{% for x in range(3) %}jinja{% endfor %} {# comment #}")))
    assert "jinjajinjajinja" not in jinja and "{# comment #}" in jinja


def test_sidecar_values_show_literally_on_the_article_page(site):
    for number in NUMBERS:
        payload, text = PAYLOADS[number], page_text(article_page(site, number))
        for shown in (f"Src {number} {payload}", f"Wire {number} {payload}",
                      f"Line {number} {payload}", f"Place {number} {payload}"):
            assert shown.strip() in text, shown


def test_json_ld_parses_keeps_the_text_and_cannot_close_its_script(site):
    for number in NUMBERS:
        html = article_page(site, number).read_text(encoding="utf-8")
        [raw] = audit_html(html).json_ld
        assert "</" not in raw and "<!--" not in raw
        data = json.loads(raw)
        assert data["headline"] == title_of(number)
        assert data["publisher"]["name"] == f"Src {number} {PAYLOADS[number]}".strip()
        assert data["contentLocation"][0]["name"] == f"Place {number} {PAYLOADS[number]}".strip()
        assert not live_scheme(data.get("isBasedOn", "")), data.get("isBasedOn")


def test_every_xml_file_parses_and_keeps_the_text(site):
    xml_files = outputs(site, ".xml")
    assert len(xml_files) > len(PAYLOADS)              # the site feed, sitemap, term feeds
    for path in xml_files:
        ET.fromstring(path.read_bytes())               # raises if a payload broke the XML
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring((site / "output" / "feed.xml").read_bytes())
    titles = {entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")}
    assert len(titles) >= 10 and titles <= {title_of(n) for n in NUMBERS}    # the newest ones
    for entry in feed.iter(f"{atom}entry"):
        assert not live_scheme(entry.find(f"{atom}link").get("href"))
    sitemap = ET.fromstring((site / "output" / "sitemap.xml").read_bytes())
    for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        assert loc.text.startswith("https://example.org/repo/"), loc.text
        assert not set(loc.text) & set("<>\"' \\{}"), loc.text


def test_json_export_keeps_every_value_exactly(site):
    document = json.loads((site / "output" / "data" / "articles.json").read_text("utf-8"))
    by_title = {row["title"]: row for row in document["articles"]}
    for number in NUMBERS:
        row = by_title[title_of(number)]
        assert row["source"] == f"Src {number} {PAYLOADS[number]}".strip()
        assert row["places"][0]["name"] == f"Place {number} {PAYLOADS[number]}".strip()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_csv_export_parses_and_defuses_spreadsheet_formulas(site):
    raw = (site / "output" / "data" / "articles.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert {row["title"] for row in rows} == {title_of(n) for n in NUMBERS}
    cells = [cell for row in rows for cell in row.values() if cell]
    live = [cell for cell in cells if cell.startswith(FORMULA_STARTS)
            and not _number(cell)]
    assert live == []
    tags = {row["tags"] for row in rows}
    assert any("'=HYPERLINK" in cell or "'@SUM" in cell for row in rows for cell in row.values())
    assert tags


def _number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def test_the_map_is_well_formed_svg_with_the_place_names_as_text(site):
    html = (site / "output" / "places" / "index.html").read_text(encoding="utf-8")
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    svg = ET.fromstring(html[start:end])
    ns = "{http://www.w3.org/2000/svg}"
    labels = {t.text for t in svg.iter(f"{ns}title")}
    assert {f"Place {n} {PAYLOADS[n]}".strip() for n in NUMBERS} <= labels
    for element in svg.iter():
        assert element.tag not in (f"{ns}script", f"{ns}foreignObject"), element.tag
        for name, value in element.attrib.items():
            assert not name.startswith("on"), (element.tag, name)
            if name.endswith("href"):
                assert not live_scheme(value) and value.startswith("../places/"), value


def _fragments(site: Path) -> list[dict]:
    prefix = b"pagefind_dcd"
    found = []
    for path in sorted((site / "output" / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(prefix)
        found.append(json.loads(data[len(prefix):]))
    return found


def test_the_search_index_holds_the_text_and_only_site_urls(site):
    fragments = _fragments(site)
    assert {_words(f["meta"]["title"]) for f in fragments} == {_words(title_of(n)) for n in NUMBERS}
    for fragment in fragments:
        assert fragment["url"].startswith("/articles/"), fragment["url"]
        assert not set(fragment["url"]) & set("<>\"' "), fragment["url"]
    # Pagefind decodes character references in filter values once more than in meta values
    # ("&amp;#106;" shows as "j"): still text (search.js inserts it with textContent).
    sources = {_words(s) for f in fragments for s in f["filters"].get("source", [])}
    for number in NUMBERS:
        source = _words(f"Src {number} {PAYLOADS[number]}")
        assert source in sources or _words(html.unescape(source)) in sources, source


def _words(text: str) -> str:
    """Pagefind collapses runs of white space (as a browser shows them); control characters
    are compared as gone (decoders disagree on them)."""
    return " ".join("".join(ch for ch in text if ch >= " " or ch in "\t\n").split())


def test_nothing_is_written_outside_the_site_and_paths_are_slugs(site):
    assert sorted(p.name for p in site.iterdir()) == ["content", "output", "seeds", "site.toml"]
    output = (site / "output").resolve()
    for path in output.rglob("*"):
        assert output in path.resolve().parents
        relative = path.relative_to(output).as_posix()
        assert relative.isascii() and not set(relative) & set("<>\"'` \\{}%"), relative
