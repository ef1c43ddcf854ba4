"""The pipeline, read top to bottom:

    extract   seeds/ → content/*.md                new or changed seeds only; human edits kept
    load      content/ → the site model            pages that changed only (load.py, store.py)
    link      reports of one incident → events     when what linking reads changed  (link.py)
    plan      which output files the changes reach, by key                          (plan/)
    render    those files, on all cores, into output/ atomically (render.py, publish.py)
    index     the search index of the article pages the changes reached          (search.py)

A first build (or one whose output or theme is not the one the database describes) renders
every page into a staging folder and swaps it in. A rebuild renders only the pages whose key
changed and moves them into the live site one atomic rename each (or, for a large change,
stages a hard-linked copy of the site with them); its search index is brought up to date in
the background, a shard at a time.
"""
from __future__ import annotations

import glob
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.config import Config
from site_builder.content_lock import content_lock
from site_builder.files import restamp, scan
from site_builder.ingest import ExtractReport, SeedSnapshot, extract_seeds
from site_builder.link import link_events
from site_builder.load import Loader
from site_builder.plan import Context, Outcome, Planning
from site_builder.progress import progress_reporter
from site_builder.publish import PublishError, publish_all, publish_changes, stamp_of
from site_builder.search import (
    SearchIndexError,
    bundles,
    changed_shards,
    index_shards,
    start_background_index,
    stop_background_index,
)
from site_builder.seeds import SIDECAR_SUFFIX
from site_builder.site import hash_parts
from site_builder.store import Store
from site_builder.theme import theme_key
from site_builder.web import is_web_seed
from site_builder.write import check_replaceable, folder_lock, output_lock

Say = Callable[[str], None]


class BuildError(RuntimeError):
    """A problem that stops the build (a broken template); str() is `path:line: problem`."""


@dataclass
class BuildReport:
    """What a build did: pages written and kept, problems met, and where the site is."""

    output: Path
    extract: ExtractReport = field(default_factory=ExtractReport)
    articles: int = 0
    read: int = 0                  # content pages read and parsed
    files: int = 0                 # files the site has
    made: int = 0                  # files rendered
    removed: int = 0
    up_to_date: bool = False
    in_place: bool = False         # only the changed files were moved into the live output
    search_pages: int = 0          # article pages whose search shards were re-indexed
    search_pending: bool = False   # ...in the background
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

    @property
    def kept(self) -> int:
        return self.files - self.made


def build(config: Config, output: Path | None = None, say: Say = lambda _: None,
          changed: set[Path] | None = None) -> BuildReport:
    """Extract new or changed seeds, then bring `output` up to date with content/. `changed`:
    the files that changed, when the caller knows (serve is told by the file system): only
    they are looked at, instead of every seed and page."""
    started = time.perf_counter()
    output = output or config.output_path
    report = BuildReport(output=output)
    check_replaceable(output, [config.root, config.seeds_path, config.content_path,
                               config.templates_path])
    config.cache_path.mkdir(parents=True, exist_ok=True)
    try:
        with folder_lock(config.cache_path), output_lock(output) as output:
            try:
                _build_with_store(config, output, report, say, changed)
            except sqlite3.DatabaseError:
                # A damaged database found mid-build (a truncated copy, a disk error): made
                # again, and the site built in full from content/. It costs time, never a wrong
                # page.
                Store.remove(config.cache_path, config.content_path)
                report = BuildReport(output=output)
                _build_with_store(config, output, report, say, None)
    finally:
        _start_gazetteer_writers()
    report.seconds = time.perf_counter() - started
    return report


def _start_gazetteer_writers() -> None:
    """The build is done with the gazetteer's index: the background writers of its cache copies
    (a new machine's first build: gazetteer_cache) may start, not when a library caller exits.
    (Looked up, not imported: a build that extracted nothing need not import the package.)"""
    cache = sys.modules.get("site_builder.extract.gazetteer_cache")
    if cache is not None:
        cache.open_gate()


def _build_with_store(config: Config, output: Path, report: BuildReport, say: Say,
                      changed: set[Path] | None) -> None:
    store = Store.open(config.cache_path, config.content_path, config.language)
    try:
        _build(config, output, store, report, say, changed)
        store.settle()
    finally:
        store.close()


def _build(config: Config, output: Path, store: Store, report: BuildReport, say: Say,
           changed: set[Path] | None) -> None:
    theme, hashes = theme_key(config, json.loads(store.get("theme files") or "{}"))
    loader = Loader(store, config.content_path, config.language, config.gazetteer_path)
    with content_lock(config.content_path):     # content/ as no other run is writing it
        if changed is None:
            _extract_and_load(config, store, report, say, theme, loader)
        else:
            _extract_and_load_changed(config, report, say, loader, changed)
    changes = loader.finish()
    started = time.perf_counter()
    if link_events(store, changes):             # only when what linking reads changed
        report.stages["link events"] = time.perf_counter() - started
    report.errors = loader.problems()
    report.articles = store.value("SELECT COUNT(*) FROM articles")
    report.read = changes.parsed
    changes.everything |= not _describes(store, output, theme)
    if changes.none:
        report.up_to_date = True
        report.files = store.value("SELECT COUNT(*) FROM pages")
        store.commit()
        return
    pending = stop_background_index(config.cache_path)
    stamp = hash_parts(theme, loader.digest)
    outcome = _render(config, store, output, report, Context(store, config, theme, changes),
                      stamp)
    store.set("theme", theme)
    store.set("theme files", json.dumps(hashes, sort_keys=True))
    store.set("output", str(output))
    store.set("stamp", stamp)
    store.commit()
    if not changes.everything:
        _index_changes(config, store, output, report, outcome, pending)


def _render(config: Config, store: Store, output: Path, report: BuildReport, context: Context,
            stamp: str) -> Outcome:
    """Plan, render and put in place the pages the changes reach (publish.py)."""
    report.stages["render"] = 0.0                  # listed before the index
    with report.timed("render"), _closing(_renderer(config, store)) as renderer:
        # The database changes from here on (the model, then the pages' keys), ahead of the
        # output: until the new site is in place, it describes no output (see publish.py).
        store.set("stamp", "")
        store.commit()
        try:
            if context.everything:
                outcome = publish_all(renderer, Planning(context), output, stamp,
                                      lambda site: _index_new_site(config, store, site, report))
            else:
                outcome = publish_changes(renderer, Planning(context), output, stamp)
        except PublishError as err:
            raise BuildError(str(err)) from None
    report.files, report.made, report.removed = outcome.pages, outcome.made, len(outcome.removed)
    report.in_place = outcome.in_place
    report.stages["render"] -= report.stages.get("search index", 0.0)
    return outcome


def _extract_and_load(config: Config, store: Store, report: BuildReport, say: Say, theme: str,
                      loader: Loader) -> None:
    """Every seed and page looked at (a stat each; an unchanged seeds folder not even that)."""
    pages = scan(config.content_path, ".md", follow_links=True)
    if config.seeds_path.is_dir():
        with report.timed("extract"):
            known = SeedSnapshot.loads(store.get("seeds"))
            report.extract = extract_seeds([config.seeds_path], config.content_path, config.root,
                                           config.extract.reference_date, config.gazetteer_path,
                                           progress=progress_reporter(say, "extract"),
                                           on_page=loader.take, since=(known, theme, pages),
                                           scheduler=config.extract.scheduler)
            snapshot = report.extract.snapshot
            if snapshot is not None and snapshot is not known:    # the last one, if unchanged
                store.set("seeds", snapshot.dumps())
    with report.timed("load"):
        loader.load(progress_reporter(say, "load"),
                    found=restamp(pages, config.content_path, report.extract.written))


def _extract_and_load_changed(config: Config, report: BuildReport, say: Say, loader: Loader,
                              changed: set[Path]) -> None:
    """Only the seeds and pages in `changed` looked at."""
    seeds = sorted({seed for path in changed if _under(path, config.seeds_path)
                    for seed in _seeds_of(path)})
    seeds = [path for path in seeds if path.is_file()]
    if seeds:
        with report.timed("extract"):
            report.extract = extract_seeds(seeds, config.content_path, config.root,
                                           config.extract.reference_date, config.gazetteer_path,
                                           progress=progress_reporter(say, "extract"),
                                           on_page=loader.take,
                                           scheduler=config.extract.scheduler)
    with report.timed("load"):
        loader.load_only([path.relative_to(config.content_path).as_posix() for path in changed
                          if _under(path, config.content_path) and path.suffix == ".md"])


def _seeds_of(path: Path) -> list[Path]:
    """The seeds a changed file may be: itself, or for a sidecar (`X.meta.yaml`) the seed it
    goes with, a text or a single web page or article (X.txt, X.html, X.htm, X.json)."""
    if path.name.endswith(SIDECAR_SUFFIX):
        stem = path.name.removesuffix(SIDECAR_SUFFIX)
        return [seed for seed in path.parent.glob(glob.escape(stem) + ".*") if seed.stem == stem
                and (seed.suffix == ".txt" or seed.suffix.lower() in (".html", ".htm", ".json"))]
    return [path] if path.name.endswith(".txt") or is_web_seed(path) else []


def _under(path: Path, folder: Path) -> bool:
    return folder in path.parents


@contextmanager
def _closing(renderer) -> Iterator:
    try:
        yield renderer
    finally:
        renderer.close()


def _describes(store: Store, output: Path, theme: str) -> bool:
    """True when the database's pages are those of `output` as it is: the same folder, the
    same theme, and the stamp the last build wrote there (a build killed before it finished,
    or another build into that folder, leaves another)."""
    recorded = store.get("stamp")
    return bool(recorded) and store.get("output") == str(output) and \
        store.get("theme") == theme and stamp_of(output) == recorded


def _renderer(config: Config, store: Store):
    """The template environment, compiled (a broken template stops the build here)."""
    from jinja2 import TemplateError, TemplateSyntaxError

    from site_builder.render import Renderer
    try:
        return Renderer(config, store.path, bytecode=config.cache_path / "templates")
    except TemplateSyntaxError as err:
        raise BuildError(f"{err.filename or err.name}:{err.lineno}: {err.message}") from None
    except TemplateError as err:
        raise BuildError(f"templates: {err}") from None


# ---------------------------------------------------------------- the search index

def _index_new_site(config: Config, store: Store, site: Path, report: BuildReport) -> None:
    """A new site's whole search index, before it is swapped in."""
    with report.timed("search index"):
        todo, total = bundles(store, None)
        try:
            index_shards(site, config.language, todo, total)
        except SearchIndexError as err:
            raise BuildError(f"search index: {err}") from None
        report.search_pages = sum(len(pages) for pages in todo.values())


def _index_changes(config: Config, store: Store, output: Path, report: BuildReport,
                   outcome: Outcome, pending: set[int]) -> None:
    """Re-index the shards whose pages changed, on the live site: in the background unless
    the config says to wait. `pending`: bundles a stopped background job had not finished."""
    shards = changed_shards(store, output, outcome.shards, pending)
    todo, total = bundles(store, shards)
    store.commit()
    if not todo:
        return
    report.search_pages = sum(len(pages) for pages in todo.values())
    if config.search.background and shards is not None:
        report.search_pending = True
        start_background_index(output, config.language, todo, total, config.cache_path)
        return
    with report.timed("search index"):
        try:
            index_shards(output, config.language, todo, total)
        except SearchIndexError as err:
            raise BuildError(f"search index: {err}") from None
