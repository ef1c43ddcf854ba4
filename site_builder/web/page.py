"""A web page, or a scraper's JSON article, as the facts a content page is made of.

The main text is trafilatura's (its `fast` mode: F1 0.962 on the ScrapingHub benchmark's 181
news articles against 0.960 for its default cascade, and faster; bench/web_bench.py articles).
The metadata comes from the page itself: trafilatura reads schema.org JSON-LD, Open Graph and
the meta tags for title, publisher and address; the publication date is web/dates.py's
(htmldate's, unless the page shows its reader another date it states). These win over what
the text extractors guess (ingest applies them).
"""
from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from site_builder.seeds import SeedError, decode_text
from site_builder.web.dates import LD_JSON, page_date


class NotAnArticle(Exception):
    """A page that holds no article (a section front, a tag page, a video with a caption):
    skipped and counted, never made into an empty article. str() says what it looked like."""


@dataclass(frozen=True)
class PageFacts:
    """What a page says about itself, and its main text ("\n" between paragraphs)."""

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    date: date | None = None
    date_text: str | None = None
    language: str | None = None


# Page types (og:type, JSON-LD @type, as trafilatura reports them) that declare an article.
_ARTICLE_TYPE = re.compile(r"article|posting|report|story", re.IGNORECASE)
# ...and addresses of pages that list articles rather than hold one.
_LIST_PATH = re.compile(r"/(tag|tags|topic|topics|category|categories|section|author|authors"
                        r"|kanal|kategori|indeks|index)(/|$)", re.IGNORECASE)
# Least words of main text for a page that does not declare itself an article (one that does
# is kept with any text): a video caption is shorter, a list of teasers is made of short lines.
# A judgement: no labelled set of non-article news pages exists here. They were lowered (from
# 12 words a paragraph, and 25 words for a declared article) after looking at trafilatura's
# 106 evaluation pages (blogs, shops, company pages; bench/web_bench.py bodies), so that set
# is not a held-out test of them. There they refuse 7 pages (a shop, lyrics, short blog
# posts, a company page), none declared an article.
MIN_WORDS_UNDECLARED, MIN_WORDS_A_PARAGRAPH = 80, 10
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""",
                      re.IGNORECASE)


def html_facts(raw: bytes, where: str, url: str | None = None,
               charset: str | None = None, crawled: bool = False) -> PageFacts:
    """The facts of one HTML page that holds an article (else NotAnArticle). `url`: where it
    was captured (a WARC's target URI), which wins over the page's own canonical address;
    `charset`: the HTTP header's. A page with no text at all is an error in a page the user
    saved, but one record among many in a crawl (`crawled`): a crawl of a news site captures
    script-drawn pages, ad frames and empty shells, which would otherwise fail every build."""
    facts, declared = read_html(raw, where, url, charset)
    if not facts.text:
        if crawled:
            raise NotAnArticle("no text")
        raise SeedError(f"{where}: no text found in the page")
    _refuse_non_article(facts.text, declared, facts.url)
    return facts


def read_html(raw: bytes, where: str, url: str | None = None,
              charset: str | None = None) -> tuple[PageFacts, bool]:
    """The facts of one HTML page, article or not, and whether it declares itself an article
    (og:type, or the type of its own schema.org object, or trafilatura's page type)."""
    import trafilatura
    html = decode_html(raw, where, charset)
    # trafilatura's own date is not used (page_date's is): its cheapest search is asked for
    doc = trafilatura.bare_extraction(
        html, url=url, fast=True, with_metadata=True, include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None:
        return PageFacts(text="", url=url), declares_article(html)
    address = _http(url) or _http(doc.url)
    declared = bool(doc.pagetype and _ARTICLE_TYPE.search(doc.pagetype)) or \
        declares_article(html)
    day = page_date(html, url)
    return PageFacts(text=(doc.text or "").strip(), title=doc.title or None, url=address,
                     source=publisher(doc.sitename, address), date=day,
                     date_text=str(day) if day else None,
                     language=declared_language(html)), declared


_HTML_LANG = re.compile(r"""<html\b[^>]{0,1000}?\slang\s*=\s*["']?\s*([A-Za-z]{2})(?![A-Za-z])""",
                        re.IGNORECASE)


def declared_language(html: str) -> str | None:
    """The language the page's `<html lang>` declares, when it is one the text cannot tell:
    the text's detector knows Indonesian and English only, so a page in Japanese or Spanish
    was `id` or `en`, and its article element told screen readers so. Not for `id` and `en`
    themselves, which the text tells and a site's template often misstates (an Indonesian
    WordPress site left at `en-US`)."""
    match = _HTML_LANG.search(html, 0, 20_000)
    language = match.group(1).lower() if match else None
    return None if language in (None, "id", "en") else language


_OG_TYPE = re.compile(r"<meta\b[^>]{0,300}?og:type[^>]*>", re.IGNORECASE)
_CONTENT = re.compile(r"""content\s*=\s*["']([^"']{0,60})""", re.IGNORECASE)


def declares_article(html: str) -> bool:
    """Whether the page's og:type, or the type of one of its own schema.org objects (top-level,
    or in their @graph), names an article. trafilatura's page type reads og:type only as a
    direct child of <head>, and one JSON-LD type: 2 of the ScrapingHub benchmark's 181 news
    articles were refused as no article for it (a Yoast @graph of WebSite, WebPage, Article;
    an og:type of "Article" where trafilatura saw none). A listing's articles are nested in
    its ItemList, not top-level, so a section front does not declare itself one."""
    if any(_ARTICLE_TYPE.search(match.group(1)) for tag in _OG_TYPE.finditer(html)
           if (match := _CONTENT.search(tag.group(0)))):
        return True
    for item in _ld_objects(html):
        kind = item.get("@type")
        if any(isinstance(k, str) and _ARTICLE_TYPE.search(k)
               for k in (kind if isinstance(kind, list) else [kind])):
            return True
    return False


def _ld_objects(html: str) -> Iterator[dict]:
    """The top-level objects of the page's JSON-LD blocks, and those of their @graph."""
    for block in LD_JSON.finditer(html):
        try:
            data = json.loads(block.group(1))
        except (ValueError, RecursionError):
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                yield from (g for g in graph if isinstance(g, dict)) \
                    if isinstance(graph, list) else ()


def decode_html(raw: bytes, where: str, charset: str | None = None) -> str:
    """The page as text: in its declared charset (HTTP header, else its meta tag), else UTF-8
    or clearly cp1252 as a .txt seed; a page none of those decodes is refused, named. A byte
    order mark comes first, as browsers read it: a page saved as UTF-16 (Windows tools do)
    was refused as a binary file for its NUL bytes."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as err:
                raise SeedError(f"{where}: undecodable: starts as {codec} but is not (invalid "
                                f"byte at offset {err.start})") from None
    declared = charset or _meta_charset(raw)
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            raise SeedError(f"{where}: unknown charset {declared!r}") from None
        try:
            return _as_browsers(raw, codec)
        except LookupError:            # a codec, but not a text one (base64, rot13...)
            raise SeedError(f"{where}: unusable charset {declared!r}") from None
        except UnicodeDecodeError as err:
            try:
                return decode_text(raw, where)      # pages often misstate their charset
            except SeedError:
                raise SeedError(f"{where}: undecodable: not {declared} (invalid byte at offset "
                                f"{err.start}) nor UTF-8 or cp1252") from None
    return decode_text(raw, where)


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# Labels a browser reads as a superset (the WHATWG Encoding Standard): a page that declares
# iso-8859-1 is read as windows-1252, so its curly quotes and dashes (0x91-0x97, which
# ISO-8859-1 leaves to C1 controls) show; read as latin-1 they were dropped from the text.
_BROWSERS_CODEC = {"iso8859-1": "cp1252", "iso8859-9": "cp1254", "tis-620": "cp874"}


def _as_browsers(raw: bytes, codec: str) -> str:
    """`raw` in the codec a browser uses for the declared one; in the declared one where the
    superset leaves a byte undefined (cp1252's 0x81, 0x8d, 0x8f, 0x90, 0x9d)."""
    superset = _BROWSERS_CODEC.get(codec)
    if superset is not None:
        try:
            return raw.decode(superset)
        except UnicodeDecodeError:
            pass
    return raw.decode(codec)


def _meta_charset(raw: bytes) -> str | None:
    match = _CHARSET.search(raw[:4096])
    return match.group(1).decode("ascii") if match else None


def _refuse_non_article(text: str, declared: bool, url: str | None) -> None:
    if declared:
        return
    paragraphs = [p for p in text.split("\n") if p.strip()]
    words = len(text.split())
    listing = bool(url and _LIST_PATH.search(urlsplit(url).path))
    if not listing and words >= MIN_WORDS_UNDECLARED \
            and words / len(paragraphs) >= MIN_WORDS_A_PARAGRAPH:
        return
    raise NotAnArticle("not an article")


def json_facts(data: dict, where: str) -> PageFacts:
    """A scraper's article: news-please's fields (title, maintext, url, date_publish,
    source_domain, language) or plain ones (title, text, url, date, source)."""
    text = _field(data, "maintext", "text")
    if not text:
        raise SeedError(f"{where}: no text (neither 'maintext' nor 'text')")
    url = _http(_field(data, "url"))
    stated = _field(data, "date_publish", "date")
    return PageFacts(text=text.replace("\r\n", "\n").strip(), title=_field(data, "title"),
                     url=url, source=publisher(_field(data, "source_domain", "source"), url),
                     date=_day(stated), date_text=stated,
                     language=_field(data, "language"))


def _field(data: dict, *keys: str) -> str | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _http(url: str | None) -> str | None:
    """The address if it is an http(s) one with no space or control character, else None
    (a `javascript:` or `data:` address must not become the page's link)."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    return None if any(ord(char) <= 32 or 127 <= ord(char) < 160 for char in url) else url


_HOST = re.compile(r"www\.[a-z0-9-]+(\.[a-z0-9-]+)+", re.IGNORECASE)


def publisher(sitename: str | None, url: str | None) -> str | None:
    """The page's publisher: its stated site name, else its host (without www.). A site name
    that is its host (og:site_name "www.20minutes.fr", news-please's source_domain) drops
    "www." too: else the outlet's pages that state it and those that do not are two sources."""
    if sitename and sitename.strip():
        name = sitename.strip()
        return name[4:] if _HOST.fullmatch(name) else name
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _day(value: str | None) -> date | None:
    """A date from 'YYYY-MM-DD...' (htmldate's, news-please's 'YYYY-MM-DD HH:MM:SS')."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip()[:10]).date()
    except ValueError:
        return None
