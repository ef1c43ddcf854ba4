"""Extract's worker side: a seed read, compared with what its page was made from, extracted,
and its page text made, in a worker process (or on a Dask worker: cluster.py).

The parent (ingest.py) plans the jobs (ingest_plan.py) and writes the pages; everything here is
a pure function of a job and the run's settings, so it runs anywhere.
"""
from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from site_builder.content import (
    ContentError,
    article_from_front_matter,
    body_markdown,
    page_is,
    page_text,
)
from site_builder.model import Article
from site_builder.seeds import Seed, SeedError, read_seed
from site_builder.site import Record, record_of
from site_builder.urls import slugify
from site_builder.web import seed_file_of
from site_builder.workers import chunks, parallel_map, worker_count

if TYPE_CHECKING:
    from site_builder.extract import Gazetteer, Metadata
    from site_builder.ingest_plan import Job
    from site_builder.web.seed import WebSeed

PARALLEL_FROM = 64          # up to this, starting worker processes costs more than it saves
# Jobs a worker takes at once: it reads all their seeds, then extracts them, and the parent
# writes their pages one after another. File reads and writes made in a run, not one between
# two extractions, cost less: on 1,096 real articles on one core (bench/extract_speed.py's
# copies), reading a seed took 0.37 ms between extractions and 0.17 ms in a run of reads, and
# writing a page 0.6 ms and 0.36 ms (the kernel's and the interpreter's caches are cold after
# an extraction).
BATCH = 32
SLUG_PLACEHOLDER = "__SLUG__"
# Seeds a process extracts with the gazetteer's SQLite copy before it loads the whole index.
# Measured on 1,096 real articles, one core (bench/extract_speed.py's copies): the SQLite
# lookups cost 0.27 ms an article more, the whole index 0.73 s to load, so the load pays only
# after about 2,700 articles; a process that will extract more than that (seen ahead, in the
# first jobs) loads it at once.
LAZY_SEEDS = 2500


@cache
def extractor_version() -> str:
    """The extraction rules' version (importing them takes a fifth of a second: a rebuild that
    extracts nothing does not)."""
    from site_builder.extract import EXTRACTOR_VERSION
    return EXTRACTOR_VERSION


@dataclass(frozen=True)
class Settings:
    root: Path
    reference_date: date | None
    gazetteer_dir: Path | None
    records: bool                # make each page's database record too (for a build)
    scheduler: str = ""          # a Dask scheduler's address: extract on its cluster
    eager: bool = False          # load the whole gazetteer for the first seed (see LAZY_SEEDS)


@dataclass
class Outcome:
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


def extract_all(jobs: Iterator[Job], settings: Settings) -> Iterator[tuple[Job, Outcome]]:
    """An outcome for every job, in order; on all cores when there are many jobs.

    Workers also render the front matter (YAML dumping costs as much as extraction) and, for a
    build, the page's database record, so the parent only names and writes files."""
    if settings.scheduler:              # on a Dask cluster's workers (cluster.py)
        from site_builder.cluster import cluster_extract
        yield from cluster_extract(jobs, settings, read_job)
        return
    from site_builder.extract import Gazetteer
    Gazetteer.ensure_cached(settings.gazetteer_dir)   # built once, before any worker reads it
    jobs, settings = _look_ahead(jobs, settings)
    sent: deque[Job] = deque()

    def items() -> Iterator[Job]:
        for job in jobs:
            sent.append(job)
            yield job

    batches = chunks(items(), BATCH)
    try:
        for outcomes in parallel_map(_outcomes, batches, min_items=PARALLEL_FROM // BATCH + 1,
                                     chunk=1, initializer=_init_worker, initargs=(settings,)):
            for outcome in outcomes:
                yield sent.popleft(), outcome
    finally:           # extracted here (a few seeds): the parent must not keep the index
        _init_worker(None)          # (hundreds of MB) into the render workers it forks


def _look_ahead(jobs: Iterator[Job], settings: Settings) -> tuple[Iterator[Job], Settings]:
    """The jobs (none consumed) and the settings, eager when the first jobs already hold more
    seeds without a page (sure to be extracted) than LAZY_SEEDS a worker."""
    bound = LAZY_SEEDS * max(1, worker_count())
    head = list(islice(jobs, 2 * bound))
    if sum(1 for job in head if not job.page_exists) > bound:
        settings = replace(settings, eager=True)
    return chain(head, jobs), settings


_worker_settings: Settings | None = None
_worker_gazetteer: Gazetteer | None = None
_worker_extracted = 0


def _init_worker(settings: Settings | None) -> None:
    global _worker_settings, _worker_gazetteer, _worker_extracted
    _worker_settings, _worker_gazetteer, _worker_extracted = settings, None, 0


def _outcomes(jobs: list[Job]) -> list[Outcome]:
    """A batch of jobs, in a worker: every seed read and compared with what its page was made
    from, then those that changed extracted (reads in a run: see BATCH)."""
    settings = _worker_settings
    assert settings is not None
    read = [read_job(job, settings) for job in jobs]
    return [decided if seed is None else _extracted(seed, reference, decided.inputs, settings)
            for decided, seed, reference in read]


def _extracted(seed: Seed | WebSeed, reference: date | None, inputs: str,
               settings: Settings) -> Outcome:
    """One seed extracted in a worker (the gazetteer is loaded for the first seed)."""
    global _worker_gazetteer, _worker_extracted
    _worker_extracted += 1
    lazy = not settings.eager and _worker_extracted <= LAZY_SEEDS
    if _worker_gazetteer is None or (_worker_gazetteer.lazy and not lazy):
        from site_builder.extract import load_gazetteer
        _worker_gazetteer = load_gazetteer(settings.gazetteer_dir, lazy=lazy)
    return extract_one(seed, reference, _worker_gazetteer, settings.records, inputs)


def read_job(job: Job, settings: Settings
             ) -> tuple[Outcome, Seed | WebSeed | None, date | None]:
    """The seed read and compared with what its page was made from: (the outcome, None, None)
    when that decides it (unreadable, unchanged, under a person's edit); else (an outcome
    holding its inputs hash, the seed to extract, its reference date)."""
    try:
        seed = _read(job, settings.root)
    except SeedError as err:
        return Outcome(error=str(err)), None, None
    reference = seed.collected or settings.reference_date
    inputs = inputs_digest(seed.sha256, seed.sidecar_sha256, seed.reader, reference)
    if job.page is not None and job.page_exists:
        if job.inputs == inputs:
            return Outcome(unchanged=True), None, None
        if not page_is(job.page, job.written):
            return Outcome(kept_edit=True), None, None
    return Outcome(inputs=inputs), seed, reference


def _read(job: Job, root: Path) -> Seed | WebSeed:
    """The job's seed: a text file, or one article of a web seed file (its payload read, the
    page parsed later, in extract_one, where extraction runs)."""
    if job.unit is None:
        return read_seed(job.path, root, job.name)
    from site_builder.web.seed import load_unit  # the web readers: for web seeds only
    return load_unit(job.path, seed_file_of(job.name), job.unit)


def inputs_digest(sha: str, sidecar_sha: str | None, reader: str,
                  reference: date | None) -> str:
    """Everything a page's extraction depends on: when it changes, the page is re-extracted."""
    parts = [sha, sidecar_sha or "", extractor_version(), reader, str(reference or "")]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def extract_one(seed: Seed | WebSeed, reference: date | None, gazetteer: Gazetteer,
                records: bool, inputs: str = "") -> Outcome:
    """A seed's page text (and, for a build, its database record), with `inputs` (read_job's
    hash) and the seed's repairs: a pure function of the seed, run in a worker process or on
    a Dask worker. A web page is parsed here: it may turn out to hold no article."""
    if not isinstance(seed, Seed):                   # a web page (web/seed.py's WebSeed)
        from site_builder.web.page import NotAnArticle
        try:
            seed = seed.seed()
        except SeedError as err:
            return Outcome(error=str(err))
        except NotAnArticle as why:
            return Outcome(skipped=str(why), inputs=inputs)
    outcome = _extract_seed(seed, reference, gazetteer, records)
    outcome.inputs, outcome.repairs = inputs, seed.repairs
    return outcome


def _extract_seed(seed: Seed, reference: date | None, gazetteer: Gazetteer,
                  records: bool) -> Outcome:
    from site_builder.extract import extract_metadata
    metadata = extract_metadata(seed.title, seed.body, reference, gazetteer)
    wanted = str(seed.sidecar.get("slug") or metadata.title)
    try:
        article = article_from_seed(seed, metadata, SLUG_PLACEHOLDER, seed.path)
    except ContentError as err:
        return Outcome(wanted_slug=wanted, error=str(err))
    article.body = article.body.strip()        # as the page holds it (see page_text)
    return Outcome(wanted_slug=wanted, text=page_text(article),
                   record=record_of(article) if records else None)


def article_from_seed(seed: Seed, metadata: Metadata, slug: str, page: Path) -> Article:
    """The page's Article: extraction's findings, overridden by the sidecar's facts."""
    # Imported here: the rules (all of site_builder.extract, review.py's imports) are a third
    # of a build's start-up, and a build that extracts nothing need not import them.
    from site_builder.extract.review import DOUBT_TEXT_DATE
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
        from site_builder.web.seed import apply_page_facts
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
