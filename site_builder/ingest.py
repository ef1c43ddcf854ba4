"""Seeds → content pages: extract new or changed seeds, and never overwrite a human edit.

For each seed the decision is one of: unchanged (same inputs as last time: skip), new or
changed and the page is as extract wrote it (write it), or changed but a person edited the page
(keep the person's page and report the conflict).
"""
from __future__ import annotations

import hashlib
import pickle
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from site_builder import yaml_writer
from site_builder.content import (
    JOURNAL_FILE,
    STATE_FILE,
    ContentError,
    ExtractState,
    article_from_front_matter,
    body_markdown,
    find_pages,
    page_is,
    page_text,
    write_atomically,
)
from site_builder.extract.review import DOUBT_TEXT_DATE
from site_builder.files import Stamp, scan, stamp, stamp_text
from site_builder.model import Article
from site_builder.seeds import (
    READER_VERSION,
    SIDECAR_SUFFIX,
    Seed,
    SeedError,
    SeedNames,
    find_seed_files,
    read_seed,
    relative_name,
)
from site_builder.site import Record, record_of
from site_builder.urls import SlugPool, slugify
from site_builder.web import WEB_SUFFIXES, is_web_seed, seed_file_of
from site_builder.web.listings import Listings
from site_builder.web.seed import (
    WEB_READER,
    NotAnArticle,
    WebSeed,
    apply_page_facts,
    is_skipped_entry,
    load_unit,
    plan_file,
    remember_skipped,
    web_pages,
)
from site_builder.web.units import Unit
from site_builder.workers import parallel_map

if TYPE_CHECKING:
    from site_builder.extract import Gazetteer, Metadata

Progress = Callable[[int, int], None]
OnPage = Callable[[Path, str, Record], None]    # a page written, with its database record


@dataclass
class ExtractReport:
    """What one extract run did, for the CLI to print."""

    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    kept_edits: list[str] = field(default_factory=list)   # one-line conflict notices
    repaired: list[str] = field(default_factory=list)     # `seed: repaired on reading: ...`
    errors: list[str] = field(default_factory=list)        # one-line `path: problem`
    skipped: Counter[str] = field(default_factory=Counter) # web records that are no article
    snapshot: SeedSnapshot | None = None                   # for the next run (see below)


@dataclass(frozen=True)
class SeedSnapshot:
    """The seeds folder and extract's state as an extraction left them. When the folder looks
    the same (every file's stamp), the state file is the one it left and every page it made is
    still there, no seed is new or changed: the next build extracts nothing without reading the
    state (tens of megabytes in a large archive) or any seed. Its notices (kept human edits,
    unreadable seeds) are said again, as a run that read everything would say them."""

    key: str                      # what else extraction depends on: its code, the config
    seeds: dict[str, Stamp]       # every seed and sidecar, by path in the seeds folder
    state: Stamp | None           # the state file's
    pages: frozenset[str]         # the pages of those seeds (file names in content/)
    kept_edits: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()

    def dumps(self) -> bytes:
        return pickle.dumps(self, pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def loads(data: bytes | None) -> SeedSnapshot | None:
        try:
            snapshot = pickle.loads(data) if data else None
        except Exception:          # another version's: only a slower build
            return None
        return snapshot if isinstance(snapshot, SeedSnapshot) else None

    def holds(self, key: str, seeds: dict[str, Stamp], state: Stamp | None,
              pages: set[str]) -> bool:
        return (self.key, self.seeds, self.state) == (key, seeds, state) and \
            self.pages <= pages


def extract_seeds(targets: list[Path], content_dir: Path, root: Path,
                  reference_date: date | None, gazetteer_dir: Path | None,
                  progress: Progress | None = None,
                  on_page: OnPage | None = None,
                  since: tuple[SeedSnapshot | None, str, set[str]] | None = None,
                  scheduler: str = "") -> ExtractReport:
    """Extract every seed under `targets` into `content_dir`, honouring the no-clobber rule.

    Three phases: plan (which seeds are new or changed: a stat check first, a hash only when the
    stat moved), extract (in parallel processes when there are many), write (in seed order, so
    slugs are deterministic). `on_page`, when given, receives each page written with its
    database record, made by the worker that extracted it: the build does not parse it again.
    `since` (a build's: one seeds folder) is (the last run's snapshot, what else extraction
    depends on, the file names in content/ now): an unchanged folder is not read at all.
    `scheduler`: a Dask scheduler's address, to extract on its cluster (cluster.py)."""
    report = ExtractReport()
    now = None
    if since is not None and len(targets) == 1 and targets[0].is_dir():
        known, key, pages = since
        now = scan(targets[0], (".txt", SIDECAR_SUFFIX, *WEB_SUFFIXES), any_case=True)
        if known is not None and known.holds(key, now, _state_stamp(content_dir), pages):
            report.unchanged = len(known.pages)     # a crawl's or export's articles too
            report.kept_edits, report.errors = list(known.kept_edits), list(known.errors)
            report.snapshot = known
            return report
    try:
        seed_files = find_seed_files(targets)
    except SeedError as err:
        report.errors.append(str(err))
        return report
    state = ExtractState.load(content_dir)
    _extract(seed_files, state, content_dir, root, reference_date, gazetteer_dir, progress, on_page,
             report, scheduler)
    if now is not None:
        report.snapshot = _snapshot(since[1], now, targets[0], state, content_dir, root, report)
    return report


def _state_stamp(content_dir: Path) -> Stamp | None:
    """The state file's stamp; None while a killed run's journal waits to be merged."""
    if (content_dir / JOURNAL_FILE).exists():
        return None
    try:
        return stamp(content_dir / STATE_FILE)
    except OSError:
        return None


def _snapshot(key: str, seeds: dict[str, Stamp], folder: Path, state: ExtractState,
              content_dir: Path, root: Path, report: ExtractReport) -> SeedSnapshot:
    prefix = relative_name(folder, root).rstrip("/") + "/"
    names = {prefix + name for name in seeds if not name.endswith(SIDECAR_SUFFIX)}
    pages = frozenset(page.name for seed, page in state.pages_by_seed(content_dir).items()
                      if seed_file_of(seed) in names and not is_skipped_entry(page))
    return SeedSnapshot(key, seeds, _state_stamp(content_dir), pages,
                        tuple(report.kept_edits), tuple(report.errors))


def _extract(seed_files: list[Path], state: ExtractState, content_dir: Path, root: Path,
             reference_date: date | None, gazetteer_dir: Path | None, progress: Progress | None,
             on_page: OnPage | None, report: ExtractReport, scheduler: str = "") -> None:
    jobs = _plan(seed_files, state, content_dir, root, reference_date, report)
    first = next(jobs, None)
    if first is None:
        if state.dirty:
            state.save()
        return
    taken: SlugPool | None = None
    settings = _Settings(root, reference_date, gazetteer_dir, on_page is not None, scheduler)
    files_done, last_file = 0, None
    for job, outcome in _extract_all(chain([first], jobs), settings):
        if job.path != last_file:      # a crawl's records are one file of the total
            files_done, last_file = files_done + 1, job.path
            if progress:
                progress(files_done, len(seed_files))
        if outcome.unchanged:
            assert job.page is not None
            state.set_stat(job.page, job.stat)
            report.unchanged += 1
        elif outcome.skipped:
            report.skipped[outcome.skipped] += 1
            remember_skipped(state, job.name, outcome.inputs, outcome.skipped)
        elif outcome.kept_edit:
            report.kept_edits.append(
                f"{job.page}: edited by hand and its seed {job.name} changed; kept the edited "
                "page (delete it to re-extract)")
        else:
            if outcome.repairs:
                report.repaired.append(
                    f"{job.path}: repaired on reading: {'; '.join(outcome.repairs)}")
            if taken is None:
                taken = SlugPool({p.stem for p in find_pages(content_dir)})
            _write(job, outcome, state, content_dir, taken, report, on_page)
    state.save()


@dataclass
class _Job:
    """A seed whose page may need extracting: it has none, or its stat moved since. Whether it
    does (its inputs changed) is found where it is read, in a worker, with its extraction."""

    path: Path
    name: str                    # as Seed.name
    stat: str
    page: Path | None            # the page extract made of it (its slug is kept)
    page_exists: bool
    inputs: str | None           # what that page was extracted from (_inputs_hash)
    written: str | None          # that page's hash as extract wrote it (else: a human edit)
    unit: Unit | None = None     # one article of a web seed file (`name` is then `seed#key`)


@dataclass(frozen=True)
class _Settings:
    root: Path
    reference_date: date | None
    gazetteer_dir: Path | None
    records: bool                # make each page's database record too (for a build)
    scheduler: str = ""          # a Dask scheduler's address: extract on its cluster


def _plan(seed_files: list[Path], state: ExtractState, content_dir: Path, root: Path,
          reference_date: date | None, report: ExtractReport) -> Iterator[_Job]:
    """The seeds to read, as extraction takes them: the stat check is made here, the rest (the
    seed read, repaired and hashed) in the workers, so a cold build's reading runs on every
    core and a seed's text is held only while it is extracted (an archive of 100,000 seeds
    read ahead took 600 MB)."""
    page_of_seed = state.pages_by_seed(content_dir)
    name_of = SeedNames(root)
    by_file = web_pages(page_of_seed)
    listings = Listings(content_dir)            # what web seed files held (web/listings.py)
    for path in seed_files:
        name = name_of(path)
        page = page_of_seed.get(name)
        stat = _stat_key(path, reference_date)
        if is_web_seed(path.name):
            yield from _plan_web(path, name, stat, by_file.get(name, {}), state,
                                 reference_date, report, listings)
            continue
        if page is None or not page.exists():
            yield _Job(path, name, stat, page, False, None, None)
        elif state.stat_of(page) == stat:
            report.unchanged += 1
        else:
            yield _Job(path, name, stat, page, True, state.inputs_of(page),
                       state.written_hash(page))
    listings.save()


def _plan_web(path: Path, name: str, stat: str, pages: dict[str, Path], state: ExtractState,
              reference_date: date | None, report: ExtractReport,
              listings: Listings) -> Iterator[_Job]:
    """The articles of one web seed file that need extracting (see web/seed.py)."""
    def inputs_of(digest: str, sidecar_sha: str | None, collected: date | None) -> str:
        return _inputs(digest, sidecar_sha, WEB_READER, collected or reference_date)

    def job(path: Path, key: str, page: Path | None, unit: Unit) -> _Job:
        exists = page is not None and page.exists()
        return _Job(path, key, stat, page, exists, state.inputs_of(page) if exists else None,
                    state.written_hash(page) if exists else None, unit)

    yield from plan_file(path, name, pages, state, inputs_of, report, job, listings)


@cache
def _extractor_version() -> str:
    """The extraction rules' version (importing them takes a fifth of a second: a rebuild that
    extracts nothing does not)."""
    from site_builder.extract import EXTRACTOR_VERSION
    return EXTRACTOR_VERSION


def _stat_key(path: Path, reference_date: date | None) -> str:
    """A cheap fingerprint of a seed and its sidecar: unchanged stat means unchanged input."""
    parts = [_extractor_version(), READER_VERSION, str(reference_date or "")]
    for file in (path, path.with_name(path.stem + SIDECAR_SUFFIX)):
        try:
            parts.append(stamp_text(file))
        except OSError:
            parts.append("-")
    return "|".join(parts)


PARALLEL_FROM = 64          # below this, starting worker processes costs more than it saves


@dataclass
class _Outcome:
    """What a worker made of one job. Unless the seed turned out unchanged, or changed under a
    page a person edited: its inputs and repairs, and the page (but for its slug: slugs are
    given out in order, in the parent) as text with a placeholder slug line with its record,
    or the one-line problem."""

    unchanged: bool = False
    kept_edit: bool = False
    skipped: str = ""            # a web page that holds no article: why
    inputs: str = ""
    repairs: tuple[str, ...] = ()
    wanted_slug: str = ""
    text: str | None = None
    error: str | None = None
    record: Record | None = None


SLUG_PLACEHOLDER = "__SLUG__"


def _extract_all(jobs: Iterator[_Job], settings: _Settings) -> Iterator[tuple[_Job, _Outcome]]:
    """An outcome for every job, in order; on all cores when there are many jobs.

    Workers also render the front matter (YAML dumping costs as much as extraction) and, for a
    build, the page's database record, so the parent only names and writes files."""
    if settings.scheduler:              # on a Dask cluster's workers (cluster.py)
        from site_builder.cluster import cluster_extract
        yield from cluster_extract(jobs, settings, read_job)
        return
    from site_builder.extract import Gazetteer
    Gazetteer.ensure_cached(settings.gazetteer_dir)   # built once, before any worker reads it
    sent: deque[_Job] = deque()

    def items() -> Iterator[_Job]:
        for job in jobs:
            sent.append(job)
            yield job

    try:
        for outcome in parallel_map(_outcome, items(), min_items=PARALLEL_FROM, chunk=32,
                                    initializer=_init_worker, initargs=(settings,)):
            yield sent.popleft(), outcome
    finally:           # extracted here (a few seeds): the parent must not keep the index
        _init_worker(None)          # (hundreds of MB) into the render workers it forks


_worker_settings: _Settings | None = None
_worker_gazetteer: Gazetteer | None = None
_worker_extracted = 0
# Seeds a process extracts with the gazetteer's SQLite copy before it loads the whole index:
# an added article or an edited seed is extracted in milliseconds, not after a 1-3 s load.
# Its lookups cost about 1 ms an article more (137 dev articles: 2.72 s against 2.56 s), so
# loading pays only after about a thousand articles.
LAZY_SEEDS = 256


def _init_worker(settings: _Settings | None) -> None:
    global _worker_settings, _worker_gazetteer, _worker_extracted
    _worker_settings, _worker_gazetteer, _worker_extracted = settings, None, 0


def _outcome(job: _Job) -> _Outcome:
    """One job, in a worker: the seed read, compared with what its page was made from, and
    extracted when it changed (the gazetteer is loaded for the first seed that needs it)."""
    global _worker_gazetteer, _worker_extracted
    settings = _worker_settings
    assert settings is not None
    decided, seed, reference = read_job(job, settings)
    if seed is None:
        return decided
    _worker_extracted += 1
    lazy = _worker_extracted <= LAZY_SEEDS
    if _worker_gazetteer is None or (_worker_gazetteer.lazy and not lazy):
        from site_builder.extract import load_gazetteer
        _worker_gazetteer = load_gazetteer(settings.gazetteer_dir, lazy=lazy)
    return extract_one(seed, reference, _worker_gazetteer, settings.records, decided.inputs)


def read_job(job: _Job, settings: _Settings
             ) -> tuple[_Outcome, Seed | WebSeed | None, date | None]:
    """The seed read and compared with what its page was made from: (the outcome, None, None)
    when that decides it (unreadable, unchanged, under a person's edit); else (an outcome
    holding its inputs hash, the seed to extract, its reference date)."""
    try:
        seed = _read(job, settings.root)
    except SeedError as err:
        return _Outcome(error=str(err)), None, None
    reference = seed.collected or settings.reference_date
    inputs = _inputs_hash(seed, reference)
    if job.page is not None and job.page_exists:
        if job.inputs == inputs:
            return _Outcome(unchanged=True), None, None
        if not page_is(job.page, job.written):
            return _Outcome(kept_edit=True), None, None
    return _Outcome(inputs=inputs), seed, reference


def _read(job: _Job, root: Path) -> Seed | WebSeed:
    """The job's seed: a text file, or one article of a web seed file (its payload read, the
    page parsed later, in extract_one, where extraction runs)."""
    if job.unit is None:
        return read_seed(job.path, root, job.name)
    return load_unit(job.path, seed_file_of(job.name), job.unit)


def extract_one(seed: Seed | WebSeed, reference: date | None, gazetteer: Gazetteer,
                records: bool, inputs: str = "") -> _Outcome:
    """A seed's page text (and, for a build, its database record), with `inputs` (read_job's
    hash) and the seed's repairs: a pure function of the seed, run in a worker process or on
    a Dask worker. A web page is parsed here: it may turn out to hold no article."""
    if isinstance(seed, WebSeed):
        try:
            seed = seed.seed()
        except SeedError as err:
            return _Outcome(error=str(err))
        except NotAnArticle as why:
            return _Outcome(skipped=str(why), inputs=inputs)
    outcome = _extract_seed(seed, reference, gazetteer, records)
    outcome.inputs, outcome.repairs = inputs, seed.repairs
    return outcome


def _extract_seed(seed: Seed, reference: date | None, gazetteer: Gazetteer,
                  records: bool) -> _Outcome:
    from site_builder.extract import extract_metadata
    metadata = extract_metadata(seed.title, seed.body, reference, gazetteer)
    wanted = str(seed.sidecar.get("slug") or metadata.title)
    try:
        article = article_from_seed(seed, metadata, SLUG_PLACEHOLDER, seed.path)
    except ContentError as err:
        return _Outcome(wanted_slug=wanted, error=str(err))
    article.body = article.body.strip()        # as the page holds it (see page_text)
    return _Outcome(wanted_slug=wanted, text=page_text(article),
                    record=record_of(article) if records else None)


def _write(job: _Job, outcome: _Outcome, state: ExtractState, content_dir: Path,
           taken: SlugPool, report: ExtractReport, on_page: OnPage | None) -> None:
    if outcome.text is None:
        report.errors.append(outcome.error or f"{job.path}: cannot be extracted")
        return
    slug = job.page.stem if job.page is not None else _new_slug(outcome.wanted_slug, taken)
    page = content_dir / f"{slug}.md"
    text = outcome.text.replace(f"\nslug: {SLUG_PLACEHOLDER}\n", "\n" + _slug_line(slug), 1)
    # Whichever order leaves a killed run's state right: a new page is recorded first (a re-run
    # must not give its seed a second page); a re-extracted page is written first (a re-run
    # must not take the old bytes for a human edit).
    if job.page is None or not job.page.exists():
        state.record(page, text, outcome.inputs, seed=job.name, stat=job.stat)
        write_atomically(page, text)
    else:
        write_atomically(page, text)
        state.record(page, text, outcome.inputs, seed=job.name, stat=job.stat)
    report.written.append(page)
    if on_page is not None and outcome.record is not None:
        on_page(page, text, outcome.record.with_slug(slug))


def _slug_line(slug: str) -> str:
    """`slug: ...` as PyYAML's default dump writes it (a slug is ASCII without spaces: nothing
    to fold at any width; yaml_writer quotes one that would read back as a number)."""
    if slug.isascii() and " " not in slug:
        return yaml_writer.dump({"slug": slug})
    import yaml
    return yaml.dump({"slug": slug}, Dumper=yaml.CSafeDumper, default_flow_style=False)


def _inputs_hash(seed: Seed | WebSeed, reference: date | None) -> str:
    """Everything a page's extraction depends on: when it changes, the page is re-extracted."""
    return _inputs(seed.sha256, seed.sidecar_sha256, seed.reader, reference)


def _inputs(sha: str, sidecar_sha: str | None, reader: str, reference: date | None) -> str:
    parts = [sha, sidecar_sha or "", _extractor_version(), reader, str(reference or "")]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _new_slug(wanted: str, taken: SlugPool) -> str:
    return taken.take(slugify(wanted))


def article_from_seed(seed: Seed, metadata: Metadata, slug: str, page: Path) -> Article:
    """The page's Article: extraction's findings, overridden by the sidecar's facts."""
    meta: dict[str, Any] = {
        "title": metadata.title, "slug": slug,
        "date": metadata.date.value, "date_text": metadata.date.text,
        "date_confidence": metadata.date.confidence, "language": metadata.language,
        "source": metadata.attribution.source, "wire": metadata.attribution.wire,
        "dateline": metadata.attribution.dateline,
        "places": [p.to_dict() for p in metadata.places],
        "casualties": metadata.casualties.to_dict(),
    }
    if seed.page:
        apply_page_facts(meta, seed.page)
    meta["tags"] = derive_tags(meta)
    sidecar = {k: v for k, v in seed.sidecar.items() if k not in ("collected", "slug")}
    if "tags" in sidecar:
        sidecar["tags"] = _merge_tags(meta["tags"], sidecar["tags"])
    if sidecar.get("date") is not None:
        meta["date_confidence"] = "sidecar"
    meta.update(sidecar)
    meta["seed"] = seed.name
    meta["seed_sha256"] = seed.sha256
    # A field the sidecar or the page gives is not extraction's guess: nothing to doubt, except
    # a page date the text contradicts (check lists it too).
    given = set(sidecar) | {k for k in ("source", "date") if seed.page.get(k)}
    review = {k: v for k, v in metadata.review.items() if k not in given}
    if meta.get("text_date") and "date" not in sidecar:
        review["date"] = DOUBT_TEXT_DATE
    if review:
        meta["review"] = review
    return article_from_front_matter(meta, body_markdown(seed.body), page)


def derive_tags(meta: dict[str, Any]) -> list[str]:
    """Tags as slugs: the places named, the outlet and the wire agency (after a web page's
    own facts replaced extraction's, so a publisher the page names is the tag)."""
    names = [p["name"] for p in meta["places"]]
    names += [n for n in (meta["source"], meta["wire"]) if n]
    return _merge_tags([], names)


def _merge_tags(first: list[str], more: Any) -> list[str]:
    extra = more if isinstance(more, list) else [more]
    merged: list[str] = []
    for tag in [*first, *extra]:
        slug = slugify(str(tag))
        if slug and slug not in merged:
            merged.append(slug)
    return merged
