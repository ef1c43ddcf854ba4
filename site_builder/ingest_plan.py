"""Extract's plan: which seeds may need extracting, found with as little reading as possible.

A seed whose stamp (its file's and its sidecar's mtime and size, and what else extraction
depends on) is the one recorded with its page is unchanged and not read. Any other seed is a
job: whether its inputs really changed (a fresh checkout dates every file anew) is found where
it is read, in a worker (ingest_work.py), by its content hash.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder.content import ExtractState
from site_builder.files import stamp_text
from site_builder.ingest_work import extractor_version, inputs_digest
from site_builder.seeds import READER_VERSION, SIDECAR_SUFFIX, SeedNames
from site_builder.web import is_web_seed
from site_builder.web.listings import Listings
from site_builder.web.seed import WEB_READER, plan_file, web_pages
from site_builder.web.units import Unit

if TYPE_CHECKING:
    from site_builder.ingest import ExtractReport


@dataclass
class Job:
    """A seed whose page may need extracting: it has none, or its stat moved since. Whether it
    does (its inputs changed) is found where it is read, in a worker, with its extraction."""

    path: Path
    name: str                    # as Seed.name
    stat: str
    page: Path | None            # the page extract made of it (its slug is kept)
    page_exists: bool
    inputs: str | None           # what that page was extracted from (inputs_digest)
    written: str | None          # that page's hash as extract wrote it (else: a human edit)
    unit: Unit | None = None     # one article of a web seed file (`name` is then `seed#key`)


def plan(seed_files: list[Path], state: ExtractState, content_dir: Path, root: Path,
         reference_date: date | None, report: ExtractReport,
         force: bool = False) -> Iterator[Job]:
    """The seeds to read, as extraction takes them: the stat check is made here, the rest (the
    seed read, repaired and hashed) in the workers, so a cold build's reading runs on every
    core and a seed's text is held only while it is extracted (an archive of 100,000 seeds
    read ahead took 600 MB). `force`: no stat check (the caller knows these files moved)."""
    page_of_seed = state.page_names_by_seed()
    name_of = SeedNames(root)
    by_file: dict[str, dict[str, Path]] | None = None
    prefix = _stat_prefix(reference_date)
    listings = Listings(content_dir)            # what web seed files held (web/listings.py)
    for path in seed_files:
        name = name_of(path)
        stat = stat_key(path, prefix)
        if is_web_seed(path.name):
            if by_file is None:
                by_file = web_pages({seed: content_dir / page
                                     for seed, page in page_of_seed.items()})
            yield from _plan_web(path, name, stat, by_file.get(name, {}), state,
                                 reference_date, report, listings)
            continue
        page_name = page_of_seed.get(name)
        if page_name is None:
            yield Job(path, name, stat, None, False, None, None)
            continue
        page = content_dir / page_name
        entry = state.pages.get(page_name, {})
        if not force and entry.get("stat") == stat and page.exists():
            report.unchanged += 1
        elif not page.exists():
            yield Job(path, name, stat, page, False, None, None)
        else:
            yield Job(path, name, stat, page, True, entry.get("inputs"), entry.get("page"))
    listings.save()


def _plan_web(path: Path, name: str, stat: str, pages: dict[str, Path], state: ExtractState,
              reference_date: date | None, report: ExtractReport,
              listings: Listings) -> Iterator[Job]:
    """The articles of one web seed file that need extracting (see web/seed.py)."""
    def inputs_of(digest: str, sidecar_sha: str | None, collected: date | None) -> str:
        return inputs_digest(digest, sidecar_sha, WEB_READER, collected or reference_date)

    def job(path: Path, key: str, page: Path | None, unit: Unit) -> Job:
        exists = page is not None and page.exists()
        return Job(path, key, stat, page, exists, state.inputs_of(page) if exists else None,
                   state.written_hash(page) if exists else None, unit)

    yield from plan_file(path, name, pages, state, inputs_of, report, job, listings)


def _stat_prefix(reference_date: date | None) -> str:
    return "|".join((extractor_version(), READER_VERSION, str(reference_date or ""))) + "|"


def stat_key(path: Path, prefix: str) -> str:
    """A cheap fingerprint of a seed and its sidecar (after `prefix`: what else extraction
    depends on): unchanged stat means unchanged input."""
    parts = []
    for file in (path, path.with_name(path.stem + SIDECAR_SUFFIX)):
        try:
            parts.append(stamp_text(file))
        except OSError:
            parts.append("-")
    return prefix + "|".join(parts)
