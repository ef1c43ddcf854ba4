"""Site → files: the Jinja environment, Babel filters, and one `Page` per output file.

Each page carries a `key`, a hash of everything it shows; the build reuses a page's previous
bytes when its key is unchanged (see build.py), so an edit renders only the pages it touches.
Autoescape is on for HTML and XML; the only markup marked safe is what this module produced
itself (Markdown with raw HTML escaped, SVG charts whose text is escaped, JSON-LD made
script-safe).
"""
from __future__ import annotations

import hashlib
import html as html_lib
import json
import math
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from site_builder import __version__, i18n, urls
from site_builder.charts import place_map_svg, timeline_svg
from site_builder.config import Config
from site_builder.event_pages import event_key, events_key, plan_event_pages
from site_builder.events import Event
from site_builder.export import render_event_exports, render_exports
from site_builder.model import Article
from site_builder.site import Site, Term, killed_floor

PACKAGE_THEME = Path(__file__).parent / "templates"      # in an installed wheel
REPO_THEME = Path(__file__).parent.parent / "templates"  # in a source checkout
FEED_SIZE = 50


@dataclass
class Page:
    """One output file: where it goes, what it depends on, and how to make its bytes."""

    path: str
    key: str
    make: Callable[[], bytes]


def theme_dirs(config: Config) -> list[Path]:
    """Template folders, first match wins: the site's own `templates/`, then the packaged theme."""
    dirs = [config.templates_path] if config.templates_path.is_dir() else []
    dirs += [d for d in (PACKAGE_THEME, REPO_THEME) if d.is_dir()][:1]
    return dirs


def render_site(site: Site, config: Config) -> Iterator[tuple[str, bytes]]:
    """Every file of the site as (relative path, bytes): the whole render in one stream."""
    for page in plan_pages(site, config):
        yield page.path, page.make()


def plan_pages(site: Site, config: Config,
               known_keys: dict[int, tuple[str, str]] | None = None) -> list[Page]:
    """Every page of the site, planned, not rendered. `known_keys` maps id(article) to its
    (list_key, article_key) where they were cached; the others are computed."""
    return SiteRenderer(site, config, known_keys).pages()


# ---------------------------------------------------------------- Markdown, escaped

class _EscapeRawHtml(markdown.Extension):
    """Article text is untrusted: raw HTML in a body is shown as text, never passed through,
    and links or images with a script-capable scheme lose their target."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)


class _SafeLinks(markdown.treeprocessors.Treeprocessor):
    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not _safe_url(value):
                    del element.attrib[attribute]


def _safe_url(value: str) -> bool:
    cleaned = "".join(ch for ch in value if ch > " ").lower()
    try:
        scheme = urlsplit(cleaned).scheme
    except ValueError:
        return False
    return scheme in ("", "http", "https", "mailto")


# Python-Markdown's inline pass is quadratic in the brackets and emphasis marks of one block
# (8,000 "[" took 4 s): a block with more of them than any real prose is shown as plain text.
MAX_INLINE_MARKS = 400
_INLINE_MARKS = re.compile(r"[\[\]*_`\\]")
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
_ENTITY = re.compile(r"&#?[0-9A-Za-z]{1,32};")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")


def markdown_to_html(text: str) -> Markup:
    """Markdown with raw HTML escaped; see `_plain_blocks` for the pathological case."""
    text, plain = _plain_blocks(text)
    html = markdown.markdown(text, extensions=[_EscapeRawHtml()], output_format="html")
    for placeholder, block in plain.items():
        html = html.replace(placeholder, str(escape(_shown_text(block))), 1)
    return Markup(html)


def _shown_text(block: str) -> str:
    """What Markdown would show of a block's text: backslash escapes and entities undone."""
    unescaped = _ESCAPED.sub(r"\1", block)
    return _ENTITY.sub(lambda m: html_lib.unescape(m.group()), unescaped)


def _plain_blocks(text: str) -> tuple[str, dict[str, str]]:
    """Swap each block too full of inline marks for a placeholder word, shown later as its text
    (backslash escapes undone) so rendering stays linear in the size of the text."""
    if len(_INLINE_MARKS.findall(text)) <= MAX_INLINE_MARKS:
        return text, {}
    nonce = secrets.token_hex(8)
    plain: dict[str, str] = {}
    blocks = _BLOCK_BREAK.split(text)
    for n, block in enumerate(blocks):
        if len(_INLINE_MARKS.findall(block)) > MAX_INLINE_MARKS:
            placeholder = f"sitebuilderplain{nonce}x{n}"
            plain[placeholder] = block
            blocks[n] = placeholder
    return "\n\n".join(blocks), plain


# ---------------------------------------------------------------- the renderer

class SiteRenderer:
    """Plans every page of one site; templates get `link()` relative to the page they are on."""

    def __init__(self, site: Site, config: Config,
                 known_keys: dict[int, tuple[str, str]] | None = None) -> None:
        self.known_keys = known_keys or {}
        self.site = site
        self.config = config
        self.language = config.language
        self.env = self._environment()
        self.theme_key = _hash(__version__, _code_stamp(), repr(config), *self._template_stamps(),
                               *(f"{k}={v}" for k, v in sorted(site.place_slugs.items())))

    # -- environment

    def _environment(self) -> Environment:
        env = Environment(loader=ChoiceLoader([FileSystemLoader(str(d))
                                               for d in theme_dirs(self.config)]),
                          autoescape=True, undefined=StrictUndefined,
                          extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
        env.install_gettext_translations(i18n.translations(self.language), newstyle=True)
        lang = self.language
        env.filters.update(
            long_date=lambda d: i18n.long_date(d, lang),
            short_date=lambda d: i18n.short_date(d, lang),
            number=lambda n: i18n.number(n, lang),
            figure=lambda c: i18n.figure(c, lang),
            figure_words=lambda c, kind: i18n.figure_words(c, kind, lang),
            markdown=markdown_to_html, json_script=_json_script,
        )
        env.globals.update(link=_link, absolute=self._absolute, site=self.site,
                           config=self.config, urls=urls, place_url=self.place_url,
                           news_article_ld=news_article_ld,
                           month_name=lambda y, m: i18n.month_name(y, m, lang))
        return env

    def _compile_templates(self) -> None:
        """Compile every template now (40 ms), once, before render workers are forked: each
        worker would otherwise compile its own copies."""
        for name in self.env.list_templates(extensions=["html", "xml"]):
            self.env.get_template(name)

    def _template_stamps(self) -> list[str]:
        stamps = []
        for folder in theme_dirs(self.config):
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    stamps.append(f"{path}:{path.stat().st_mtime_ns}:{path.stat().st_size}")
        return stamps

    def _absolute(self, url: str) -> str:
        return urls.absolute_url(self.config.base_url, url)

    def place_url(self, place) -> str:
        return urls.term_url("places", self.site.place_slug(place))

    # -- pages

    def pages(self) -> list[Page]:
        self._compile_templates()
        pages: list[Page] = []
        pages += self._listing("index.html", urls.home_url, self.site.articles,
                               extra={"timeline": _Later(self._timeline, self.site.articles, "")},
                               first_page_key=self._all_key)
        pages += [self._article(a) for a in self.site.articles]
        for kind in ("tags", "places", "sources"):
            pages.append(self._term_list(kind))
            for term in self.site.terms[kind].values():
                pages += self._term_pages(term)
        pages += self._archive_pages()
        pages += plan_event_pages(self)
        pages.append(self._html(urls.search_url(), "search.html", {},
                                f"search:{bool(self.site.articles)}"))   # links the index
        pages.append(self._html("404.html", "404.html", {}, "404"))
        pages += self._feeds()
        pages.append(self._static_text("sitemap.xml", "sitemap.xml",
                                       {"articles": self.site.articles,
                                        "events": self.site.events.newest_first},
                                       _hash(self._all_key, self._events_key)))
        pages.append(Page(".nojekyll", "", lambda: b""))
        pages += self._exports()
        pages += self._static_files()
        return pages

    @cached_property
    def _keys(self) -> dict[int, str]:
        """Each article's key, computed once (every list page it is on needs it)."""
        known = self.known_keys
        return {id(a): known[id(a)][1] if id(a) in known else article_key(a)
                for a in self.site.articles}

    @cached_property
    def _list_keys(self) -> dict[int, str]:
        """What a list, term or timeline shows of an article (not its body): a body edit
        leaves every list page as it was."""
        known = self.known_keys
        return {id(a): known[id(a)][0] if id(a) in known else list_key(a)
                for a in self.site.articles}

    def _list_keys_of(self, articles: list[Article]) -> list[str]:
        keys = self._list_keys
        return [keys[id(a)] for a in articles]

    def _key(self, article: Article) -> str:
        return self._keys[id(article)]

    @cached_property
    def _events_key(self) -> str:
        return events_key(self, self.site.events)

    # -- for the planners of other modules (event_pages.py)

    def hash(self, *parts: str) -> str:
        return _hash(*parts)

    def html_page(self, url: str, template: str, context: dict[str, Any], key: str) -> Page:
        return self._html(url, template, context, key)

    def later(self, make: Callable[..., Any], *args: Any) -> _Later:
        return _Later(make, *args)

    def list_key_of(self, article: Article) -> str:
        return self._list_keys[id(article)]

    def event_map(self, event: Event, page_url: str) -> Markup:
        terms = self.site.terms["places"]
        return self._map([terms[slug] for place in event.places
                          if (slug := self.site.place_slug(place)) in terms], page_url)

    @cached_property
    def _all_key(self) -> str:
        return _hash(self.theme_key, *self._list_keys_of(self.site.articles))

    def _html(self, url: str, template: str, context: dict[str, Any], key: str) -> Page:
        def make() -> bytes:
            values = {k: v() if isinstance(v, _Later) else v for k, v in context.items()}
            html = self.env.get_template(template).render(page_url=url, **values)
            return html.encode("utf-8")
        return Page(urls.output_path(url), _hash(self.theme_key, url, key), make)

    def _static_text(self, path: str, template: str, context: dict[str, Any],
                     key: str) -> Page:
        return self._html(path, template, context, key)

    def _article(self, article: Article) -> Page:
        url = urls.article_url(article.slug)
        event = self.site.events.of(article)
        key = _hash(self._key(article), event_key(self, event) if event else "")
        return self._html(url, "article.html", {"article": article}, key)

    def _listing(self, template: str, url_of: Callable[[int], str], articles: list[Article],
                 extra: dict[str, Any], key: str = "", first_page_key: str = "") -> list[Page]:
        """Paginated lists: page 1 at url_of(1), then url_of(2)... A page shows its own chunk
        of articles; page 1 also what `first_page_key` stands for (a timeline of them all)."""
        pages = []
        for number, chunk, pager in paginate(articles, self.config.per_page, url_of):
            context = {"articles": chunk, "pager": pager, **extra}
            page_key = _hash(key, first_page_key if number == 1 else "", str(len(articles)),
                             *self._list_keys_of(chunk))
            pages.append(self._html(url_of(number), template, context, page_key))
        return pages

    def _term_list(self, kind: str) -> Page:
        terms = self.site.sorted_terms(kind)
        context: dict[str, Any] = {"kind": kind, "terms": terms}
        if kind == "places":
            context["map"] = _Later(self._map, terms, urls.term_list_url(kind))
        key = _hash(kind, *(f"{t.slug}:{t.name}:{len(t.articles)}:{_place_key(t)}"
                            for t in terms))
        return self._html(urls.term_list_url(kind), "terms.html", context, key)

    def _term_pages(self, term: Term) -> list[Page]:
        base = urls.term_url(term.kind, term.slug)
        extra: dict[str, Any] = {"term": term,
                                 "timeline": _Later(self._timeline, term.articles, base)}
        if term.kind == "places":
            extra["map"] = _Later(self._map, [term], base)
        pages = self._listing("term.html", lambda n: urls.term_url(term.kind, term.slug, n),
                              term.articles, extra, key=self._term_key(term),
                              first_page_key=_hash(*self._list_keys_of(term.articles)))
        if term.kind in ("tags", "places"):
            pages.append(self._feed(f"{base}feed.xml", term.articles, term.name))
        return pages

    @staticmethod
    def _term_key(term: Term) -> str:
        """What every page of a term shows of it: its name, counts and place (for the map)."""
        return _hash(term.kind, term.slug, term.name, str(term.deaths), _place_key(term))

    def _archive_pages(self) -> list[Page]:
        months = self.site.months
        pages = [self._html(urls.archive_url(), "archive.html",
                            {"years": self.site.years, "months": months},
                            _hash(*(f"{k}:{len(v)}" for k, v in months.items())))]
        for year, keys in self.site.years.items():
            pages.append(self._html(urls.archive_url(year), "archive_year.html",
                                    {"year": year, "months": keys, "all_months": months},
                                    _hash(*(f"{k}:{len(months[k])}" for k in keys))))
            for (y, m) in keys:
                pages += self._listing(
                    "term.html", lambda n, y=y, m=m: _paged(urls.archive_url(y, m), n),
                    months[(y, m)], {"term": None, "month": (y, m)}, key=f"{y}-{m}")
        return pages

    def _feeds(self) -> list[Page]:
        return [self._feed("feed.xml", self.site.articles, None,
                           self.site.events.newest_first[:FEED_SIZE])]

    def _feed(self, path: str, articles: list[Article], term_name: str | None,
              events: list[Event] | None = None) -> Page:
        """An Atom feed of the newest articles (and, for the site feed, the newest events)."""
        newest = articles[:FEED_SIZE]
        events = events or []
        updated = max((d for d in [*(a.date for a in newest), *(e.last for e in events)] if d),
                      default=date(1970, 1, 1))
        context = {"articles": newest, "updated": updated, "term_name": term_name,
                   "feed_url": path, "events": events}
        return self._html(path, "feed.xml", context,
                          _hash(path, str(term_name), *(self._key(a) for a in newest),
                                *(event_key(self, e) for e in events)))

    def _map(self, terms: list[Term], page_url: str) -> Markup:
        located = [t for t in terms
                   if t.place and t.place.lat is not None and t.place.lon is not None]
        # A country is drawn at its capital: where a city of that country has its own marker,
        # the country's would sit on top of it (Rusia on Moskow), so it is left to the list.
        with_cities = {t.place.country for t in located if t.place.kind != "country"}
        if len(located) > 1:
            located = [t for t in located
                       if t.place.kind != "country" or t.place.country not in with_cities]
        markers = [(t.name, urls.relative_link(page_url, urls.term_url("places", t.slug)),
                    t.place.lat, t.place.lon) for t in located]
        if not markers:
            return Markup("")
        _ = i18n.translations(self.language).gettext
        return Markup(place_map_svg(markers, title=_("Map of places")))

    def _timeline(self, articles: list[Article], page_url: str) -> Markup:
        counts: dict[str, list[int]] = {}
        for article in articles:
            if article.date:
                row = counts.setdefault(f"{article.date:%Y-%m}", [0, 0])
                row[0] += 1
                row[1] += killed_floor(article)
        if not counts:
            return Markup("")
        rows = [(month, n, deaths) for month, (n, deaths) in sorted(counts.items())]

        def month_link(month: str) -> str:
            year, number = int(month[:4]), int(month[5:])
            return urls.relative_link(page_url, urls.archive_url(year, number))
        return Markup(timeline_svg(rows, language=self.language, link=month_link))

    def _exports(self) -> list[Page]:
        files = None
        events = self.site.events

        def make(index: int) -> Callable[[], bytes]:
            def produce() -> bytes:
                nonlocal files
                if files is None:
                    files = render_exports(self.site.articles, page_url=lambda a: self._absolute(
                        urls.article_url(a.slug)), event_of=events.id_of)
                    files += render_event_exports(
                        events.newest_first,
                        event_url=lambda e: self._absolute(urls.event_url(e.id)),
                        page_url=lambda a: self._absolute(urls.article_url(a.slug)))
                return files[index][1]
            return produce
        key = _hash(self._all_key, self._events_key)
        return [Page(path, _hash(path, key), make(n)) for n, path in enumerate(
            ("data/articles.json", "data/articles.csv", "data/events.json", "data/events.csv"))]

    def _static_files(self) -> list[Page]:
        """The theme's `static/` files; a site's own file of the same name wins."""
        found: dict[str, Path] = {}
        for folder in reversed(theme_dirs(self.config)):
            static = folder / "static"
            if static.is_dir():
                for path in static.rglob("*"):
                    if path.is_file():
                        found[path.relative_to(folder).as_posix()] = path
        return [Page(rel, _hash(rel, str(path.stat().st_mtime_ns), str(path.stat().st_size)),
                     path.read_bytes) for rel, path in sorted(found.items())]


def paginate(items: list, per_page: int, url_of: Callable[[int], str]) -> Iterator[
        tuple[int, list, dict[str, Any]]]:
    """(page number, its items, its pager) for each page of a list (one page when empty)."""
    total = max(1, math.ceil(len(items) / per_page))
    for number in range(1, total + 1):
        pager = {"number": number, "total": total,
                 "previous": url_of(number - 1) if number > 1 else None,
                 "next": url_of(number + 1) if number < total else None}
        yield number, items[(number - 1) * per_page:number * per_page], pager


def _place_key(term: Term) -> str:
    """What a map shows of a term's place: where it is, and what kind and country."""
    place = term.place
    return repr(place and (place.lat, place.lon, place.kind, place.country))


class _Later:
    """A template value made only when its page is rendered, once however many pages use it:
    most pages of a rebuild are reused, and their timelines and maps are not needed."""

    def __init__(self, make: Callable[..., Any], *args: Any) -> None:
        self.make, self.args = make, args
        self.value: Any = None
        self.made = False

    def __call__(self) -> Any:
        if not self.made:
            self.value, self.made = self.make(*self.args), True
        return self.value


def _code_stamp() -> str:
    """This package's code, by stat: a changed renderer makes every page new."""
    package = Path(__file__).parent
    return _hash(*(f"{p}:{p.stat().st_mtime_ns}:{p.stat().st_size}"
                   for p in sorted(package.rglob("*.py")) + sorted(package.rglob("*.po"))))


def _paged(base: str, number: int) -> str:
    return base if number <= 1 else f"{base}page/{number}/"


@pass_context
def _link(context, to_url: str) -> str:
    """A link from the page being rendered to a site-relative URL."""
    return urls.relative_link(context["page_url"], to_url)


def _json_script(value: Any) -> Markup:
    """JSON safe inside <script>: '<', '>' and '&' escaped so no text can close the tag."""
    text = json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def news_article_ld(article: Article, url: str) -> dict[str, Any]:
    """schema.org NewsArticle metadata for an article page (rendered as JSON-LD)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "inLanguage": article.language, "url": url, "mainEntityOfPage": url,
        "keywords": list(article.tags),
        "contentLocation": [_place_ld(p) for p in article.places],
    }
    if article.date:
        data["datePublished"] = article.date.isoformat()
    if article.source:
        data["publisher"] = {"@type": "Organization", "name": article.source}
    if article.wire:
        data["sourceOrganization"] = {"@type": "Organization", "name": article.wire}
    if article.url and article.url.startswith(("http://", "https://")):
        data["isBasedOn"] = article.url
    return data


def _place_ld(place) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Place", "name": place.name}
    if place.lat is not None and place.lon is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": place.lat, "longitude": place.lon}
    return data


def list_key(article: Article) -> str:
    """The fields list pages, term pages, timelines, the sitemap and the data exports show."""
    killed = article.casualties.killed
    return _hash(article.slug, article.title, str(article.date), article.language,
                 str(article.source), str(article.wire), str(article.dateline),
                 repr(killed and (killed.min, killed.max)),
                 json.dumps([p.to_dict() for p in article.places], sort_keys=True),
                 json.dumps(article.casualties.to_dict(), sort_keys=True),
                 *article.tags, str(article.url), article.date_confidence,
                 str(article.date_text))


def article_key(article: Article) -> str:
    """What an article page shows changes exactly when its front matter or body changes."""
    return _hash(json.dumps(article.to_front_matter(), default=str, sort_keys=True),
                 article.body)


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]
