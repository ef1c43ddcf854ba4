"""Planned pages → files: the Jinja environment, Babel filters, and the render jobs.

A job (plan/) names a maker and its arguments; `Renderer.make` runs it and writes the file,
in this process or in a forked worker (workers.py), reading what it needs from the database.
An article's job also renders its fragments: its list entry (`_entry.html`), its feed entry
(`_feed_entry.xml`) and its data-export rows. They are stored with the article, and every list
page, feed and export is assembled from them, so an article is rendered once a build however
many lists it is on.

A list entry is rendered once for pages at any depth: its links start with ROOT_MARK, which
each page replaces with its own way up to the site root ("../../"). The mark holds a "<", which
escaped text never does, so no article text can be mistaken for it.

Autoescape is on for HTML and XML; the only markup marked safe is what this module produced
itself (Markdown with raw HTML escaped, fragments rendered here, SVG charts whose text is
escaped, JSON-LD made script-safe).
"""
from __future__ import annotations

import os
import traceback
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateSyntaxError,
)
from markupsafe import Markup

from site_builder import i18n, urls
from site_builder.charts import timeline_svg
from site_builder.charts_map import Drawn, place_map_svg
from site_builder.config import Config
from site_builder.export import csv_row, json_row
from site_builder.export_splice import Layout
from site_builder.markup import markdown_to_html
from site_builder.model import Place
from site_builder.render_data import DataFiles
from site_builder.render_lists import ListPages
from site_builder.render_sitemap import SitemapFile
from site_builder.render_terms import TermIndexPage

if TYPE_CHECKING:
    from site_builder.events import Event
from site_builder.store import Store, unpack, unpack_article
from site_builder.templating import ROOT_MARK, ConstantWords, json_script, link, news_article_ld
from site_builder.theme import theme_dirs
from site_builder.write import named, staged_name

UPDATED_MARK = "<!--updated-->"     # in feed entries of undated articles: the feed's date
EVENTS_KEPT = 256                   # events a renderer keeps gathered (`Renderer.events`)


class RenderError(RuntimeError):
    """A template failed; str() is `templates/name.html:line: problem`. Made in the worker, so
    it crosses back to the parent whatever the template error was."""


# ---------------------------------------------------------------- what templates are given

@dataclass(frozen=True)
class TermView:
    """A tag, place or source as its pages show it."""

    kind: str
    slug: str
    name: str
    count: int
    deaths: int
    place: Place | None = None


# ---------------------------------------------------------------- the renderer

class Renderer(ListPages, DataFiles, SitemapFile, TermIndexPage):
    """The template environment of one build, and the makers of every kind of file. Made in
    the parent (templates compiled once) before workers are forked; each worker opens its own
    connection to the database."""

    def __init__(self, config: Config, store_path: Path, bytecode: Path | None = None) -> None:
        self.config = config
        self.language = config.language
        self.store_path = store_path
        self.target: Path | None = None
        self.flat = False
        self.live: Path | None = None            # the output being updated, if any
        self._folders: set[Path] = set()         # made in the target folder
        self._store: Store | None = None
        self._events: dict[str, list[Event]] = {}     # gathered this build (`events`)
        self._shells: OrderedDict[tuple, Any] = OrderedDict()   # render_lists.py
        self._packaged_templates: dict[str, bool] = {}
        self.env = self._environment(bytecode)
        # Compiled before forking (a broken one fails here), and kept by name: a page asks
        # for its template with a dict look-up, not through Jinja's loader and cache.
        self.templates = {name: self.env.get_template(name)
                          for name in self.env.list_templates(extensions=["html", "xml"])}

    # -- environment

    def _environment(self, bytecode: Path | None) -> Environment:
        cache = None
        if bytecode is not None:      # compiled with this language's words (ConstantWords)
            bytecode = bytecode / f"{self.language}-{ConstantWords.version}"
            bytecode.mkdir(parents=True, exist_ok=True)
            cache = FileSystemBytecodeCache(str(bytecode))
        env = Environment(loader=ChoiceLoader([FileSystemLoader(str(d))
                                               for d in theme_dirs(self.config)]),
                          autoescape=True, undefined=StrictUndefined, bytecode_cache=cache,
                          auto_reload=False,      # a build's templates do not change under it:
                          # no stat of the template file each time a page asks for it
                          extensions=["jinja2.ext.i18n", ConstantWords],
                          trim_blocks=True, lstrip_blocks=True)
        translations = i18n.translations(self.language)
        env.install_gettext_translations(translations, newstyle=True)
        env.extend(constant_gettext=translations.gettext)
        lang = self.language
        env.filters.update(
            long_date=lambda d: i18n.long_date(d, lang),
            short_date=lambda d: i18n.short_date(d, lang),
            number=lambda n: i18n.number(n, lang),
            figure=lambda c: i18n.figure(c, lang),
            figure_words=lambda c, kind: i18n.figure_words(c, kind, lang),
            markdown=markdown_to_html, json_script=json_script,
            # a `review:` reason: translated when it is one extraction writes, else as written
            doubt_reason=lambda why: translations.gettext(str(why or "doubtful")),
        )
        env.globals.update(link=link, absolute=self.absolute, config=self.config, urls=urls,
                           news_article_ld=news_article_ld,
                           month_name=lambda y, m: i18n.month_name(y, m, lang))
        return env

    def absolute(self, url: str) -> str:
        return urls.absolute_url(self.config.base_url, url)

    def into(self, target: Path, flat: bool = False) -> None:
        """Write the files of the next jobs under `target`; `flat`: each under its
        `write.staged_name` (an update's folder), not at its path."""
        self.target, self._folders, self.flat = target, set(), flat

    def close(self) -> None:
        """Close this process's connection (the build settles the database after)."""
        if self._store is not None:
            self._store.close()
            self._store = None

    @property
    def store(self) -> Store:
        """This process's connection (a forked worker opens its own)."""
        if self._store is None or self._store.pid != os.getpid():
            self._store = Store.reader(self.store_path)
        return self._store

    # -- running jobs

    def make(self, job: tuple) -> tuple | None:
        """Render one job (path, maker, args) into the target folder; what it made for the
        database comes back: an article's fragments, an event's export rows, a data file's
        layout (publish.py stores them), else None."""
        path, maker, args = job
        try:
            data, extra = getattr(self, f"_make_{maker}")(path, *args)
        except TemplateSyntaxError as err:
            raise RenderError(f"{err.filename or err.name}:{err.lineno}: {err.message}") from None
        except TemplateError as err:
            raise RenderError(f"{_template_place(err)}: {err}") from None
        if data is not None:
            written = self._write(path, data)
            if isinstance(extra, Layout):        # the live file a rebuild may splice
                extra.note_written(written)
        return extra

    def _write(self, path: str, data: bytes | Iterable[bytes] | Callable[[BinaryIO], None]
               ) -> Path:
        """Write one file of the target folder (its folders made once a process); an OSError
        names the file (a full disk fails at close, with no file name)."""
        assert self.target is not None
        if self.flat:
            target = self.target / staged_name(path)
        else:
            target = self.target.joinpath(*path.split("/"))
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        try:
            with open(target, "wb") as handle:
                if isinstance(data, bytes):
                    handle.write(data)
                elif callable(data):             # a writer of its own (a spliced data file)
                    data(handle)
                else:
                    handle.writelines(data)
        except OSError as err:
            raise named(err, target) from None
        return target

    def template(self, name: str) -> Template:
        found = self.templates.get(name)
        return found if found is not None else self.env.get_template(name)

    def render(self, template: str, url: str, **context: Any) -> bytes:
        return self.template(template).render(page_url=url, **context).encode("utf-8")

    # -- the makers

    def _make_article(self, path: str, article_id: int, place_slugs: dict[str, str],
                      event_id: str | None, shown: bool) -> tuple[bytes, tuple]:
        """An article's page (with its event's other reports, when it has some) and its
        fragments for the database."""
        article = self.store.article(article_id)
        url = urls.article_url(article.slug)
        event = self.events([event_id])[0] if shown and event_id else None
        page = self.render("article.html", url, article=article, event=event,
                           place_url=_place_url(place_slugs))
        entry = self.template("_entry.html").render(page_url="", article=article,
                                                              root=ROOT_MARK)
        feed_entry = self.template("_feed_entry.xml").render(
            page_url="", article=article, updated=_UndatedFeed())
        page_link = self.absolute(url)
        event_id = event_id or article.slug
        fragments = (_utf8(entry), _utf8(feed_entry), json_row(article, page_link, event_id),
                     csv_row(article, page_link, event_id))
        return page, fragments

    def events(self, ids: list[str]) -> list[Event]:
        """The events of these ids (each of two or more reports), read from the database.
        Kept for the rest of the build (a few hundred at most): an added report's event is
        shown by each of its reports' pages, its own, the events list and the feed, and
        gathering it (its reports unpickled, their kinds read) was most of each."""
        from site_builder.events import gather_events
        found = []
        for event_id in ids:
            if event_id not in self._events:
                reports = [unpack_article(data, slug) for slug, data in self.store.rows(
                    "SELECT slug, data FROM articles JOIN article_data USING (id) WHERE "
                    "event = ? ORDER BY report_key", (event_id,))]
                if len(self._events) >= EVENTS_KEPT:
                    self._events.clear()
                self._events[event_id] = list(
                    gather_events(reports, [event_id] * len(reports)).events.values())
            found += self._events[event_id]
        return found

    def _make_event(self, path: str, event_id: str) -> tuple[bytes, tuple[bytes, bytes, bytes]]:
        """An event's page: its reports side by side, its places on a map, its figures; and
        its rows of data/events.json and .csv and its item on the events list, for the
        database."""
        from site_builder.event_pages import kind_names, toll_chart
        [event] = self.events([event_id])
        url = urls.event_url(event_id)
        views = self.place_terms([p.id for p in event.places])
        page = self.render("event.html", url, event=event, kinds=kind_names(event, self.language),
                           map=self._map(map_markers(list(views.values())), url),
                           chart=toll_chart(event, self.language),
                           place_url=_place_url({i: v.slug for i, v in views.items()}))
        return page, (*self.event_rows(event), self.event_entry(event))

    def place_terms(self, place_ids: list[str]) -> dict[str, TermView]:
        """The place pages of these places (by id), as their pages show them."""
        rows = self.store.rows(
            "SELECT term, slug, name, count, deaths, place FROM terms WHERE kind = 'places' "
            f"AND term IN ({','.join('?' * len(place_ids))})", place_ids) if place_ids else []
        found = {term: TermView("places", slug, name, count, deaths, unpack(place))
                 for term, slug, name, count, deaths, place in rows}
        return {i: found[i] for i in place_ids if i in found}

    def _make_feed(self, path: str, term_name: str | None, ids: list[int], updated: date,
                   events: list[str]) -> tuple[bytes, None]:
        stamp = f"{updated.isoformat()}"
        entries = [Markup(fragment.decode("utf-8").replace(UPDATED_MARK, stamp))
                   for fragment in self.store.fragments("feed_entry", ids)]
        return self.render("feed.xml", path, entries=entries, updated=updated,
                           term_name=term_name, feed_url=path, events=self.events(events)), None

    def _make_page(self, path: str, template: str, url: str, context: dict[str, Any],
                   markers: list[tuple[str, str, float, float]] | None = None
                   ) -> tuple[bytes, None]:
        if markers is not None:
            context = {**context, "map": self._map(markers, url)}
        return self.render(template, url, **context), None

    def _make_copy(self, path: str, source: str) -> tuple[bytes, None]:
        return Path(source).read_bytes(), None

    def _make_empty(self, path: str) -> tuple[bytes, None]:
        return b"", None

    # -- charts

    def _timeline(self, rows: list[tuple[str, int, int]], page_url: str) -> Markup:
        if not rows:
            return Markup("")

        def month_link(month: str) -> str:
            year, number = int(month[:4]), int(month[5:])
            return urls.relative_link(page_url, urls.archive_url(year, number))
        return Markup(timeline_svg(rows, language=self.language, link=month_link))

    def _map(self, markers: list[tuple[str, str, float, float]], page_url: str,
             drawn: Drawn | None = None) -> Markup:
        """Markers are (name, site-relative URL, lat, lon); links are made from `page_url`;
        `drawn`: parts drawn before (charts_map.Drawn)."""
        if not markers:
            return Markup("")
        _ = i18n.translations(self.language).gettext
        return Markup(place_map_svg([(name, urls.relative_link(page_url, url), lat, lon)
                                     for name, url, lat, lon in markers],
                                    title=_("Map of places"), drawn=drawn))


def _place_url(slugs: dict[str, str]) -> Callable[[Place], str]:
    """A place's page: the slug its term has (`slugs`: place id → slug)."""
    def place_url(place: Place) -> str:
        return urls.term_url("places", slugs.get(place.id) or urls.slugify(place.name))
    return place_url


def map_markers(views: list[TermView]) -> list[tuple[str, str, float, float]]:
    """(name, page URL, lat, lon) of the places to mark on a map. A country is drawn at its
    capital: where a city of that country has its own marker, the country's would sit on
    top of it (Rusia on Moskow), so it is left to the list."""
    located = [t for t in views
               if t.place and t.place.lat is not None and t.place.lon is not None]
    with_cities = {t.place.country for t in located if t.place.kind != "country"}
    if len(located) > 1:
        located = [t for t in located
                   if t.place.kind != "country" or t.place.country not in with_cities]
    return [(t.name, urls.term_url("places", t.slug), t.place.lat, t.place.lon)
            for t in located]


class _UndatedFeed:
    """`updated` while a feed entry is rendered once for every feed: an undated article's entry
    takes its feed's date, marked here and filled in by each feed."""

    def isoformat(self) -> Markup:
        return Markup(UPDATED_MARK)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _template_place(err: BaseException) -> str:
    """'templates/article.html:3' for an error raised while a template ran: Jinja puts the
    template's file and line in the traceback frames it rewrites."""
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.endswith((".html", ".xml")):
            return f"{frame.filename}:{frame.lineno}"
    return getattr(err, "filename", None) or "templates"


# The renderer workers use: set by `use` before they are forked (they inherit it).
_current: Renderer | None = None


def use(renderer: Renderer, target: Path, flat: bool = False) -> None:
    global _current
    renderer.into(target, flat)
    _current = renderer


def make(job: tuple) -> tuple | None:
    """Run one job with the renderer set by `use` (module-level, for worker processes)."""
    assert _current is not None
    return _current.make(job)

