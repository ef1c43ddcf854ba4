"""The pipeline, read top to bottom: seeds → content → site model → rendered files → output/.

Orchestration only: each step is one call into the module that owns it.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
import traceback
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
from site_builder.render import plan_pages
from site_builder.search import (
    SearchIndexError,
    copy_shards,
    index_shards,
    plan_shards,
    start_background_index,
)
from site_builder.site import build_site
from site_builder.write import check_replaceable, staged_output, write_pages

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
    up_to_date: bool = False
    search_pages: int = 0
    reused: int = 0
    search_pending: bool = False
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
    fingerprint = input_fingerprint(config, output)
    previous = BuildState.load(config.cache_path)
    if previous.is_current(fingerprint, output):
        report.up_to_date = True
        report.errors.extend(previous.problems)
        report.articles, report.files = previous.articles, previous.files
    else:
        _render(config, output, report, fingerprint)
        BuildState(fingerprint, report.errors, report.articles, report.files).save(
            config.cache_path)
    report.seconds = time.perf_counter() - started
    return report


def _render(config: Config, output: Path, report: BuildReport, fingerprint: str) -> None:
    """Load content, build the site model, render into a staged output, swap it in.

    Pages whose key is unchanged since the last build are hard-linked from the previous output
    instead of rendered again, so an edit renders only the pages it touches. The search index is
    rebuilt in the foreground on a first build; on a rebuild the previous index is carried over
    and re-made in the background (it lags the pages by one index run at most)."""
    articles, errors = load_articles(config.content_path, config.cache_path)
    report.errors.extend(errors)
    report.articles = len(articles)
    site = build_site(articles, config, place_name=place_names(articles, config))
    previous = PageManifest.load(config.cache_path, output)
    try:
        with staged_output(output) as staging:
            pages = plan_pages(site, config)
            report.files, report.reused = write_pages(pages, staging, output, previous.keys)
            shards = plan_shards({p.path: p.key for p in pages if _indexed(p.path)})
            hashes = {k: digest for k, (_, digest) in shards.items()}
            changed = {k for k in shards if previous.shards.get(k) != hashes[k]}
            carried = previous.has_search_index and len(previous.shards) == len(shards)
            if carried:
                copy_shards(output, staging, len(shards))
            background = carried and not _sync_search()
            if not background and changed | (set() if carried else set(shards)):
                index_shards(staging, config.language, shards,
                             only=changed if carried else None)
            report.search_pages = sum(len(paths) for paths, _ in shards.values())
            (staging / STAMP).write_text(fingerprint + "\n", encoding="utf-8")
    except TemplateSyntaxError as err:
        raise BuildError(f"{err.filename or err.name}:{err.lineno}: {err.message}") from None
    except TemplateError as err:
        raise BuildError(f"{_template_place(err)}: {err}") from None
    except SearchIndexError as err:
        raise BuildError(f"search index: {err}") from None
    PageManifest({p.path: p.key for p in pages}, True, hashes,
                 str(output.resolve())).save(config.cache_path)
    if background and changed:
        report.search_pending = True
        start_background_index(output, config.language, shards, changed, config.cache_path)


def _template_place(err: BaseException) -> str:
    """'templates/article.html:3' for an error raised while a template ran: Jinja puts the
    template's file and line in the traceback frames it rewrites."""
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.endswith((".html", ".xml")):
            return f"{frame.filename}:{frame.lineno}"
    return getattr(err, "filename", None) or "templates"


def _indexed(path: str) -> bool:
    """The pages the search index holds: the articles (lists and term pages are not)."""
    return path.startswith("articles/")


def _sync_search() -> bool:
    """SITE_BUILDER_SEARCH=sync makes every build wait for its search index (CI, tests)."""
    return os.environ.get("SITE_BUILDER_SEARCH", "").lower() == "sync"


@dataclass
class PageManifest:
    """The key of every page and search shard of the last build, to tell what an edit touched."""

    keys: dict[str, str]
    has_search_index: bool
    shards: dict[int, str]
    output: str = ""

    @classmethod
    def load(cls, cache_dir: Path, output: Path) -> PageManifest:
        try:
            data = json.loads((cache_dir / "pages.json").read_text(encoding="utf-8"))
            keys, shards = dict(data["pages"]), {int(k): v for k, v in data["shards"].items()}
            if data.get("output") != str(output.resolve()):
                keys, shards = {}, {}     # built into another folder: nothing to reuse here
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            keys, shards = {}, {}
        has_index = (output / "pagefind" / "pagefind-entry.json").is_file()
        return cls(keys, has_index and bool(keys), shards)

    def save(self, cache_dir: Path) -> None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        data = {"pages": self.keys, "shards": {str(k): v for k, v in self.shards.items()},
                "output": self.output}
        (cache_dir / "pages.json").write_text(json.dumps(data, sort_keys=True),
                                              encoding="utf-8")


def place_names(articles: list[Article], config: Config) -> Callable[[str, str], str | None]:
    """Place names in the site language, from a small cache; the gazetteer (a quarter second to
    load) is read only when an article names a place the cache has not seen."""
    path = config.cache_path / f"place-names-{config.language}.json"
    try:
        names: dict[str, str | None] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        names = {}
    wanted = {p.id for a in articles for p in a.places} - set(names)
    if wanted:
        gazetteer = load_gazetteer(config.cache_path)
        names.update({pid: gazetteer.place_name(pid, config.language) for pid in wanted})
        config.cache_path.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(names, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    return lambda place_id, _language: names.get(place_id)


STAMP = ".site-builder-inputs"       # in output/: the fingerprint of the inputs it was built from
PACKAGE = Path(__file__).parent
THEME_DIRS = (PACKAGE / "templates", PACKAGE.parent / "templates")


def input_fingerprint(config: Config, output: Path) -> str:
    """A hash of everything a build reads: config, content pages and templates (by stat).

    Equal fingerprints mean the output would come out the same, so the render is skipped."""
    digest = hashlib.sha256(f"{__version__}\0{config!r}\0{output.resolve()}".encode())
    code = sorted(PACKAGE.rglob("*.py")) + sorted(PACKAGE.rglob("*.po"))   # an upgrade or edit
    for folder in (config.content_path, config.templates_path, *THEME_DIRS):
        if folder.is_dir():
            code += sorted(path for path in folder.rglob("*") if path.is_file())
    for path in code:
        info = path.stat()
        digest.update(f"{path}\0{info.st_mtime_ns}\0{info.st_size}\0".encode())
    return digest.hexdigest()


@dataclass
class BuildState:
    """What the last build read and reported, so an unchanged site is not rendered again."""

    fingerprint: str
    problems: list[str]
    articles: int
    files: int

    @classmethod
    def load(cls, cache_dir: Path) -> BuildState:
        try:
            data = json.loads((cache_dir / "build-state.json").read_text(encoding="utf-8"))
            return cls(str(data["fingerprint"]), list(data["problems"]), int(data["articles"]),
                       int(data["files"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls("", [], 0, 0)

    def is_current(self, fingerprint: str, output: Path) -> bool:
        try:
            stamp = (output / STAMP).read_text(encoding="utf-8").strip()
        except OSError:
            return False
        return self.fingerprint == fingerprint == stamp

    def save(self, cache_dir: Path) -> None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        data = {"fingerprint": self.fingerprint, "problems": self.problems,
                "articles": self.articles, "files": self.files}
        (cache_dir / "build-state.json").write_text(json.dumps(data, indent=1) + "\n",
                                                    encoding="utf-8")


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
