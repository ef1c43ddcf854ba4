"""Untrusted text stays inert in every output format: HTML, attributes, JSON-LD, feeds, sitemap,
data exports, the map, the search index. Payloads follow the OWASP XSS filter-evasion list."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

PAYLOADS = [
    "<script>alert('t1')</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg/onload=alert(3)>",
    "</script><script>alert(4)</script>",
    "{{ 7*7 }} {% if true %}jinja{% endif %}",
    "javascript:alert(5)",
    "]]><!-- --><x>",
    "\u202egnp.exe\u200b Ｓcript",
]
HOSTILE_TITLE = "Banjir <script>alert('t1')</script> \"><img src=x onerror=alert(2)> {{ 7*7 }}"
BODY = "\n".join([
    "JAKARTA, KOMPAS.com - Banjir melanda Jakarta pada Senin (3/11/2025), 5 orang tewas.",
    *PAYLOADS,
    "[klik](javascript:alert(6)) and <a href=\"javascript:alert(7)\">link</a>",
    "---",
    "title: injected",
    "---",
    "<iframe src=//evil.example></iframe> <b onmouseover=alert(8)>bold</b>",
])
SIDECAR = "\n".join([
    "source: '<img src=x onerror=alert(9)>'",
    "url: 'javascript:alert(10)'",
    "tags: ['<script>alert(11)</script>', '\"onfocus=alert(12)', '../../etc']",
    "collected: 2025-11-04",
])
OUR_SCRIPTS = {("type", "application/ld+json"), ("type", "module")}


class _Audit(HTMLParser):
    """Collects anything in a page that could run: script tags, on* handlers, js: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag in ("script",) and not (set(attrs) & OUR_SCRIPTS):
            self.live.append(f"<{tag} {attrs}>")
        if tag in ("iframe", "img", "object", "embed", "x"):
            self.live.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.live.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action") and value and \
                    "".join(value.split()).lower().startswith(("javascript:", "data:text")):
                self.live.append(f"{tag} {name}={value}")
        self._in_ld = tag == "script" and ("type", "application/ld+json") in attrs
        del names

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        self._in_ld = False


@pytest.fixture(scope="module")
def hostile_site(site_factory) -> Path:
    site = site_factory("hostile", seeds={"evil.txt": f"TITLE: {HOSTILE_TITLE}\n{BODY}\n",
                                          "evil.meta.yaml": SIDECAR + "\n"},
                        config='base_url = "https://example.org/repo/"\n')
    done = site.run("build")
    assert done.code == 0, done.err
    return site.root


def outputs(site: Path, suffix: str) -> list[Path]:
    return sorted(p for p in (site / "output").rglob(f"*{suffix}")
                  if "pagefind" not in p.parts)


def test_no_payload_runs_in_any_html_page(hostile_site):
    pages = outputs(hostile_site, ".html")
    assert len(pages) > 10
    for page in pages:
        audit = _Audit()
        audit.feed(page.read_text(encoding="utf-8"))
        assert audit.live == [], f"{page}: {audit.live}"


def test_payloads_show_as_literal_text_on_the_article_page(hostile_site):
    [article] = (hostile_site / "output" / "articles").glob("*/index.html")
    html = article.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;t1&#39;)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and ">49<" not in html and "jinja{% endif %}" in html
    assert "&lt;iframe" in html
    assert "title: injected" in html          # a YAML separator in a body is just text


def test_json_ld_cannot_be_broken_out_of(hostile_site):
    [article] = (hostile_site / "output" / "articles").glob("*/index.html")
    audit = _Audit()
    audit.feed(article.read_text(encoding="utf-8"))
    [ld] = audit.json_ld
    data = json.loads(ld)
    assert data["headline"] == HOSTILE_TITLE
    assert "</script" not in ld.lower()


def test_feeds_and_sitemap_are_valid_xml_with_the_payload_as_text(hostile_site):
    for xml_file in outputs(hostile_site, ".xml"):
        root = ET.fromstring(xml_file.read_bytes())       # raises if a payload broke the XML
        assert root is not None
    feed = ET.fromstring((hostile_site / "output" / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.find("a:entry/a:title", ns).text == HOSTILE_TITLE


def test_data_exports_keep_the_text_and_defuse_formulas(hostile_site):
    rows = json.loads((hostile_site / "output" / "data" / "articles.json").read_text("utf-8"))
    exported = rows if isinstance(rows, list) else rows.get("articles", rows)
    assert any(r.get("title") == HOSTILE_TITLE for r in exported)
    table = list(csv.DictReader(io.StringIO(
        (hostile_site / "output" / "data" / "articles.csv").read_text("utf-8"))))
    assert table[0]["title"] == HOSTILE_TITLE


def test_tags_become_safe_slugs_and_paths_stay_inside_output(hostile_site):
    output = (hostile_site / "output").resolve()
    for path in output.rglob("*"):
        assert output in path.resolve().parents or path.resolve() == output
    tag_dirs = [p.name for p in (output / "tags").iterdir() if p.is_dir()]
    assert all(name.replace("-", "").isalnum() for name in tag_dirs), tag_dirs
    assert not (hostile_site / "etc").exists()


def test_the_original_link_refuses_a_javascript_url(hostile_site):
    [article] = (hostile_site / "output" / "articles").glob("*/index.html")
    assert "javascript:alert(10)" not in article.read_text(encoding="utf-8")
