"""The pipeline, read top to bottom: seeds → content → site model → rendered files → output/.

Orchestration only: each step is one call into the module that owns it.
"""
from __future__ import annotations

import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from site_builder import __version__
from site_builder.config import Config
from site_builder.content import ContentError, find_pages, read_page
from site_builder.extract import load_gazetteer
from site_builder.ingest import ExtractReport, extract_seeds
from site_builder.model import Article
from site_builder.render import render_site
from site_builder.site import build_site
from site_builder.write import check_replaceable, staged_output, write_files

Say = Callable[[str], None]


class BuildError(RuntimeError):
    """A problem that stops the build (a broken template); str() is `path:line: problem`."""


@dataclass
class BuildReport:
    """What a build did: pages written, problems met, and where the site is."""

    output: Path
    extract: ExtractReport = field(default_factory=ExtractReport)
    articles: int = 0
    files: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def problems(self) -> list[str]:
        return [*self.extract.errors, *self.errors]


def build(config: Config, output: Path | None = None, say: Say = lambda _: None) -> BuildReport:
    """Extract new or changed seeds, then render every page into `output` atomically."""
    started = time.perf_counter()
    output = output or config.output_path
    report = BuildReport(output=output)
    check_replaceable(output, [config.root, config.seeds_path, config.content_path,
                               config.templates_path])
    if config.seeds_path.is_dir():
        report.extract = extract_seeds([config.seeds_path], config.content_path, config.root,
                                       config.extract.reference_date, config.cache_path,
                                       progress=progress_reporter(say, "extract"))
    articles, errors = load_articles(config.content_path, config.cache_path)
    report.errors.extend(errors)
    report.articles = len(articles)
    gazetteer = load_gazetteer(config.cache_path)
    site = build_site(articles, config, place_name=gazetteer.place_name)
    try:
        with staged_output(output) as staging:
            report.files = write_files(render_site(site, config), staging)
    except TemplateSyntaxError as err:
        raise BuildError(f"{err.filename or err.name}:{err.lineno}: {err.message}") from None
    except TemplateError as err:
        raise BuildError(f"{getattr(err, 'filename', None) or 'templates'}: {err}") from None
    report.seconds = time.perf_counter() - started
    return report


def load_articles(content_dir: Path, cache_dir: Path | None = None
                  ) -> tuple[list[Article], list[str]]:
    """Every readable page; a bad page is reported (one line) and left out, never fatal.

    Parsed pages are cached by file stat in `cache_dir`, so a rebuild re-reads only the pages
    that changed (YAML parsing is most of the cost of loading ten thousand pages)."""
    cache = ArticleCache.load(cache_dir)
    articles: list[Article] = []
    errors: list[str] = []
    owner_of_slug: dict[str, Path] = {}
    for page in find_pages(content_dir):
        try:
            article = cache.get(page) or cache.put(page, read_page(page))
        except ContentError as err:
            errors.append(str(err))
            continue
        if article.slug in owner_of_slug:
            errors.append(f"{page}: slug {article.slug!r} is already used by "
                          f"{owner_of_slug[article.slug]}; page left out")
            continue
        owner_of_slug[article.slug] = page
        articles.append(article)
    cache.save()
    return articles, errors


class ArticleCache:
    """Parsed pages keyed by path and stat; a page whose stat moved is parsed again."""

    VERSION = 1

    def __init__(self, path: Path | None, entries: dict[str, tuple[str, Article]]) -> None:
        self.path = path
        self.entries = entries
        self.seen: dict[str, tuple[str, Article]] = {}
        self.changed = False

    @classmethod
    def load(cls, cache_dir: Path | None) -> ArticleCache:
        path = cache_dir / "articles.pickle" if cache_dir else None
        entries: dict[str, tuple[str, Article]] = {}
        if path and path.exists():
            try:
                with path.open("rb") as handle:
                    version, entries = pickle.load(handle)
                if version != (cls.VERSION, __version__):
                    entries = {}
            except Exception:         # a damaged cache is only a slower build
                entries = {}
        return cls(path, entries)

    @staticmethod
    def _stat(page: Path) -> str:
        info = page.stat()
        return f"{info.st_mtime_ns}:{info.st_size}"

    def get(self, page: Path) -> Article | None:
        key = str(page)
        entry = self.entries.get(key)
        if entry and entry[0] == self._stat(page):
            self.seen[key] = entry
            return entry[1]
        return None

    def put(self, page: Path, article: Article) -> Article:
        self.seen[str(page)] = (self._stat(page), article)
        self.changed = True
        return article

    def save(self) -> None:
        if self.path is None or (not self.changed and len(self.seen) == len(self.entries)):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(((self.VERSION, __version__), self.seen), handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(self.path)


def progress_reporter(say: Say, stage: str) -> Callable[[int, int], None]:
    """Report progress on long runs: every 500 items and at the end."""
    def report(done: int, total: int) -> None:
        if total >= 200 and (done % 500 == 0 or done == total):
            say(f"{stage}: {done}/{total}")
    return report
