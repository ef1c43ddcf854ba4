"""The pipeline, read top to bottom: seeds → content → site model → rendered files → output/.

Orchestration only: each step is one call into the module that owns it.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import time
import traceback
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from site_builder import __version__
from site_builder.config import Config
from site_builder.content import ContentError, find_pages, read_page
from site_builder.events_cache import find_events
from site_builder.extract import load_gazetteer
from site_builder.ingest import ExtractReport, extract_seeds
from site_builder.model import Article
from site_builder.parallel import fork_map
from site_builder.render import Page, article_key, list_key, plan_pages
from site_builder.search import (
    SearchIndexError,
    copy_shards,
    index_shards,
    plan_shards,
    start_background_index,
    stop_background_index,
)
from site_builder.seeds import path_order
from site_builder.site import build_site
from site_builder.urls import article_url
from site_builder.write import (
    OutputUpdate,
    check_replaceable,
    output_lock,
    staging_folder,
    write_pages,
)

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
    removed: int = 0
    in_place: bool = False      # only the changed files were written into the live output
    search_pending: bool = False
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)   # stage → seconds, in order

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stages[stage] = self.stages.get(stage, 0.0) + time.perf_counter() - started

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
        with report.timed("extract"):
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
    """Load content, build the site model, plan every page, and bring `output` up to date.

    Each page has a key; a page whose key is what the last build recorded is not rendered
    again. When the output is the one the last build made and an edit touched few pages, only
    those are written into it (`OutputUpdate`); otherwise the whole site is staged and swapped
    in. The search index is built in the foreground on a first build; afterwards the changed
    shards are re-indexed in the background (the index lags the pages by one index run)."""
    try:
        report.stages["load and plan"] = 0.0               # listed before linking
        with report.timed("load and plan"), _collect_later():
            article_keys: ArticleKeys = {}
            articles, errors = load_articles(config.content_path, config.cache_path,
                                             article_keys)
            report.errors.extend(errors)
            report.articles = len(articles)
            with report.timed("link events"):
                events = find_events(articles, config.cache_path,
                                     key_of=lambda a: article_keys[id(a)][1])
            site = build_site(articles, config, place_name=place_names(articles, config),
                              events=events)
            pages = plan_pages(site, config, article_keys)
        report.stages["load and plan"] -= report.stages["link events"]
        page_keys = {p.path: p.key for p in pages}
        with output_lock(output) as output:
            pending = stop_background_index(config.cache_path)
            previous = PageManifest.load(config.cache_path, output)
            search = SearchPlan.make(page_keys, previous, pending, _sync_search())
            changed = [p for p in pages if previous.keys.get(p.path) != p.key]
            removed = [path for path in previous.keys if path not in page_keys]
            report.in_place = search.carried and previous.stamp == _stamp(output) and \
                len(changed) + len(removed) <= max(IN_PLACE_FILES, IN_PLACE_SHARE * len(pages))

            def index(site_dir: Path) -> None:
                if search.foreground:
                    with report.timed("search index"):
                        search.index(site_dir, config.language)
            report.stages["render"] = 0.0                  # listed before the index
            with report.timed("render"):
                if report.in_place:
                    _update_in_place(changed, removed, output, fingerprint, index)
                    report.files, report.reused = len(pages), len(pages) - len(changed)
                    report.removed = len(removed)
                else:
                    report.files, report.reused = _write_staged(pages, output, previous,
                                                                fingerprint, index)
            report.stages["render"] -= report.stages.get("search index", 0.0)
            report.search_pages = search.pages
            PageManifest(page_keys, True, search.hashes, str(output), fingerprint).save(
                config.cache_path)
            if search.todo and not search.foreground:
                report.search_pending = True
                start_background_index(output, config.language, search.shards, search.todo,
                                       config.cache_path)
    except TemplateSyntaxError as err:
        raise BuildError(f"{err.filename or err.name}:{err.lineno}: {err.message}") from None
    except TemplateError as err:
        raise BuildError(f"{_template_place(err)}: {err}") from None
    except SearchIndexError as err:
        raise BuildError(f"search index: {err}") from None
    finally:
        gc.unfreeze()


@dataclass
class SearchPlan:
    """Which search shards a build indexes, and whether it waits for them."""

    shards: dict[int, tuple[list[str], str]]   # shard → (its pages, a hash of their keys)
    todo: set[int]
    carried: bool          # the previous index is kept and only `todo` is made again
    foreground: bool       # indexed before the build ends (first build, or told to wait)

    @classmethod
    def make(cls, page_keys: dict[str, str], previous: PageManifest, pending: set[int],
             wait: bool) -> SearchPlan:
        """`pending`: shards a stopped background job had not finished."""
        shards = plan_shards({path: key for path, key in page_keys.items() if _indexed(path)})
        carried = previous.has_search_index and len(previous.shards) == len(shards)
        changed = {k for k, (_, digest) in shards.items() if previous.shards.get(k) != digest}
        todo = ((changed | pending) & set(shards)) if carried else set(shards)
        return cls(shards, todo, carried, bool(todo) and (not carried or wait))

    @property
    def hashes(self) -> dict[int, str]:
        return {k: digest for k, (_, digest) in self.shards.items()}

    @property
    def pages(self) -> int:
        return sum(len(paths) for paths, _ in self.shards.values())

    def index(self, site_dir: Path, language: str) -> None:
        if self.foreground:
            index_shards(site_dir, language, self.shards,
                         only=self.todo if self.carried else None)


@contextmanager
def _collect_later() -> Iterator[None]:
    """Make the site's data with Python's cycle collector paused, then set that data aside
    from it (gc.freeze) until the build ends. Ten thousand articles are about a million
    objects, none of them garbage; each collection walked them all, and that was half the
    time of a one-edit rebuild (2.2 s of 4.7 s)."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


# An edit that touches more files than both of these stages the whole site and swaps it in: a
# reader then never sees a mix of old and new pages, and linking the unchanged files costs
# little next to rendering that many.
IN_PLACE_FILES, IN_PLACE_SHARE = 500, 0.5


def _update_in_place(changed: list[Page], removed: list[str], output: Path, fingerprint: str,
                     index: Callable[[Path], None]) -> None:
    """Write the pages whose key changed, remove the pages that are gone; `index` then brings
    the search index of the live site up to date."""
    update = OutputUpdate(output, STAMP)
    try:
        update.write_pages(changed)
        update.remove(removed)
        update.write(STAMP, (fingerprint + "\n").encode("utf-8"))
        update.apply()
    finally:
        update.discard()
    index(output)


def _write_staged(pages: list[Page], output: Path, previous: PageManifest, fingerprint: str,
                  index: Callable[[Path], None]) -> tuple[int, int]:
    """Stage the whole site (unchanged pages hard-linked from the previous output, the search
    index carried over, then `index` run on it) and swap it in."""
    with staging_folder(output) as staging:
        files, reused = write_pages(pages, staging, output, previous.keys)
        if previous.has_search_index:
            copy_shards(output, staging, len(previous.shards))
        index(staging)
        (staging / STAMP).write_text(fingerprint + "\n", encoding="utf-8")
    return files, reused


def _stamp(output: Path) -> str:
    try:
        return (output / STAMP).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _template_place(err: BaseException) -> str:
    """'templates/article.html:3' for an error raised while a template ran: Jinja puts the
    template's file and line in the traceback frames it rewrites."""
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.endswith((".html", ".xml")):
            return f"{frame.filename}:{frame.lineno}"
    return getattr(err, "filename", None) or "templates"


def _indexed(path: str) -> bool:
    """The pages the search index holds: the articles and the event pages (lists and term
    pages are not)."""
    return path.startswith("articles/") or (path.startswith("events/") and path.count("/") == 2)


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
    stamp: str = ""          # the fingerprint the output had when these keys were recorded

    @classmethod
    def load(cls, cache_dir: Path, output: Path) -> PageManifest:
        try:
            data = json.loads((cache_dir / "pages.json").read_text(encoding="utf-8"))
            keys, shards = dict(data["pages"]), {int(k): v for k, v in data["shards"].items()}
            stamp = str(data.get("stamp", ""))
            if data.get("output") != str(output.resolve()):
                keys, shards = {}, {}     # built into another folder: nothing to reuse here
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            keys, shards, stamp = {}, {}, ""
        has_index = (output / "pagefind" / "pagefind-entry.json").is_file()
        return cls(keys, has_index and bool(keys), shards, str(output.resolve()), stamp)

    def save(self, cache_dir: Path) -> None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        data = {"pages": self.keys, "shards": {str(k): v for k, v in self.shards.items()},
                "output": self.output, "stamp": self.stamp}
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
            code += sorted((path for path in folder.rglob("*") if path.is_file()),
                           key=path_order)
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


def load_articles(content_dir: Path, cache_dir: Path | None = None,
                  keys: ArticleKeys | None = None) -> tuple[list[Article], list[str]]:
    """Every readable page; a bad page is reported (one line) and left out, never fatal.

    Parsed pages are cached by file stat in `cache_dir`, so a rebuild re-reads only the pages
    that changed (YAML parsing is most of the cost of loading ten thousand pages); so are the
    page keys of each article, which `keys` (when given) receives for the renderer."""
    cache = ArticleCache.load(cache_dir)
    articles: list[Article] = []
    errors: list[str] = []
    owner_of_url: dict[str, Path] = {}
    pages = find_pages(content_dir)
    cached = {page: cache.get(page) for page in pages}
    missing = [page for page, article in cached.items() if article is None]
    for page, (stat, parsed) in zip(missing, fork_map(_parse, missing), strict=True):
        if isinstance(parsed, str):
            errors.append(parsed)
        else:
            cached[page] = cache.put(page, stat, *parsed)
    for page in pages:
        article = cached[page]
        if article is None:
            continue
        url = article_url(article.slug)      # two slugs can make one URL ("A b", "a-b")
        if url in owner_of_url:
            errors.append(f"{page}: slug {article.slug!r} gives the page {url}, which "
                          f"{owner_of_url[url]} already has; page left out")
            continue
        owner_of_url[url] = page
        articles.append(article)
        if keys is not None:
            keys[id(article)] = cache.keys_of(page)
    cache.save()
    return articles, errors


def _parse(page: Path) -> tuple[str, tuple[Article, tuple[str, str]] | str]:
    """(the page's stat before reading, (article, its keys) or the one-line problem)."""
    try:
        stat = ArticleCache.stat(page)
        article = read_page(page)
    except ContentError as err:
        return "", str(err)
    except OSError as err:
        return "", f"{page}: cannot read ({err.strerror})"
    return stat, (article, (list_key(article), article_key(article)))


ArticleKeys = dict[int, tuple[str, str]]   # id(article) → (list key, article key); see render.py
CachedPage = tuple[str, Article, tuple[str, str]]      # (file stat, article, its keys)


class ArticleCache:
    """Parsed pages keyed by path and stat; a page whose stat moved is parsed again.

    Kept in SHARDS files by a hash of the page's path, so an edit rewrites one small file
    instead of the whole archive's (writing 57 MB took 0.6 s of a one-edit rebuild)."""

    VERSION = 3
    SHARDS = 16

    def __init__(self, folder: Path | None, entries: dict[str, CachedPage]) -> None:
        self.folder = folder
        self.entries = entries
        self.seen: dict[str, CachedPage] = {}
        self.dirty: set[int] = set()

    @classmethod
    def load(cls, cache_dir: Path | None) -> ArticleCache:
        entries: dict[str, CachedPage] = {}
        for shard in range(cls.SHARDS) if cache_dir else ():
            try:
                with cls._file(cache_dir, shard).open("rb") as handle:
                    version, part = pickle.load(handle)
                if version == (cls.VERSION, __version__):
                    entries.update(part)
            except Exception:         # missing or damaged: only a slower build
                continue
        return cls(cache_dir, entries)

    @classmethod
    def _file(cls, cache_dir: Path, shard: int) -> Path:
        return cache_dir / f"articles-{shard:02d}.pickle"

    @classmethod
    def _shard(cls, key: str) -> int:
        return zlib.crc32(key.encode("utf-8", "surrogatepass")) % cls.SHARDS

    @staticmethod
    def stat(page: Path) -> str:
        info = page.stat()
        return f"{info.st_mtime_ns}:{info.st_size}"

    def get(self, page: Path) -> Article | None:
        key = str(page)
        entry = self.entries.get(key)
        try:
            fresh = entry is not None and entry[0] == self.stat(page)
        except OSError:
            return None               # gone or unreadable: reading it says which
        if fresh:
            self.seen[key] = entry
            return entry[1]
        return None

    def put(self, page: Path, stat: str, article: Article, keys: tuple[str, str]) -> Article:
        """Remember a parsed page; `stat` is taken before reading it, so a page edited while
        it was read is read again next time."""
        key = str(page)
        self.seen[key] = (stat, article, keys)
        self.dirty.add(self._shard(key))
        return article

    def keys_of(self, page: Path) -> tuple[str, str]:
        return self.seen[str(page)][2]

    def save(self) -> None:
        """Rewrite the shards that gained, changed or lost a page."""
        if self.folder is None:
            return
        self.dirty |= {self._shard(key) for key in self.entries.keys() - self.seen.keys()}
        if not self.dirty:
            return
        parts: dict[int, dict[str, CachedPage]] = {shard: {} for shard in self.dirty}
        for key, entry in self.seen.items():
            shard = self._shard(key)
            if shard in parts:
                parts[shard][key] = entry
        self.folder.mkdir(parents=True, exist_ok=True)
        for shard, part in parts.items():
            target = self._file(self.folder, shard)
            tmp = target.with_suffix(f".tmp-{os.getpid()}")
            with tmp.open("wb") as handle:
                pickle.dump(((self.VERSION, __version__), part), handle,
                            protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(target)


def progress_reporter(say: Say, stage: str) -> Callable[[int, int], None]:
    """Report progress on long runs: every 500 items and at the end."""
    def report(done: int, total: int) -> None:
        if total >= 200 and (done % 500 == 0 or done == total):
            say(f"{stage}: {done}/{total}")
    return report
