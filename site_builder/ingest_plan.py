"""Extract's plan: which seeds may need extracting, found with as little reading as possible.

A seed whose stamp (its file's and its sidecar's mtime and size, and what else extraction
depends on) is the one recorded with its page is unchanged and not read. Any other seed is a
job: whether its inputs really changed (a fresh checkout dates every file anew) is found where
it is read, in a worker (ingest_work.py), by its content hash.
"""
from __future__ import annotations

import os
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from site_builder.extract_state import ExtractState
from site_builder.files import change_mark, scan, stamp_text
from site_builder.ingest_work import extractor_version, inputs_digest
from site_builder.seeds import READER_VERSION, SIDECAR_SUFFIX, SeedNames, relative_name
from site_builder.web import WEB_SUFFIXES, is_web_seed

if TYPE_CHECKING:
    from site_builder.ingest import ExtractReport
    from site_builder.web.listings import Listings
    from site_builder.web.units import Unit


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


@dataclass
class SeedFolder:
    """A seeds folder as one `scan` listed it: every seed and sidecar with its change mark
    (a stat each, and no other system call), so that planning it stats nothing more."""

    folder: Path
    root: Path                   # the site's
    prefix: str                  # the folder's name from the site root, '/'-ended
    marks: dict[str, Any]        # by path in the folder: seeds and sidecars (change_mark)
    links: set[str] = field(default_factory=set)   # those that are symbolic links
    _seeds: list[str] | None = field(default=None, repr=False)

    @classmethod
    def list(cls, folder: Path, root: Path) -> SeedFolder:
        links: set[str] = set()
        marks = scan(folder, (".txt", SIDECAR_SUFFIX, *WEB_SUFFIXES), any_case=True,
                     mark=change_mark, links=links)
        name = relative_name(folder, root).rstrip("/")
        return cls(folder, root, "" if name == "." else name + "/", marks, links)

    def seeds(self) -> list[str]:
        """The seeds (as find_seed_files takes them), in its order (path order); sorted once."""
        if self._seeds is None:
            self._seeds = sorted((name for name in self.marks if is_seed_name(name)),
                                 key=lambda name: name.split("/"))
        return self._seeds

    def name_of(self, relative: str) -> str:
        """A seed's name in the site (as Seed.name): the folder's name and its own, or for a
        linked file its target's (SeedNames)."""
        if relative in self.links:
            return SeedNames(self.root)(self.folder / relative)
        return self.prefix + relative

    def names(self) -> set[str]:
        """The names of the folder's seeds."""
        return {self.name_of(name) for name in self.marks if is_seed_name(name)}


def is_seed_name(name: str) -> bool:
    """As find_seed_files takes a file (a scan also lists sidecars and any-case suffixes)."""
    base = name.rpartition("/")[2]
    return base.endswith(".txt") or is_web_seed(base)


class _Existing:
    """Whether a page file is in content/: asked of the file system (a stat), the default."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir

    def __contains__(self, page_name: object) -> bool:
        return (self.content_dir / str(page_name)).exists()


def plan(sources: list[Path | SeedFolder], state: ExtractState, content_dir: Path, root: Path,
         reference_date: date | None, report: ExtractReport, force: bool = False,
         pages: Container[str] | None = None, forced: Container[str] = ()) -> Iterator[Job]:
    """The seeds to read, as extraction takes them: the stat check is made here, the rest (the
    seed read, repaired and hashed) in the workers, so a cold build's reading runs on every
    core and a seed's text is held only while it is extracted (an archive of 100,000 seeds
    read ahead took 600 MB). `force`: no stat check (the caller knows these files moved);
    `forced`: the paths (as text) of the seeds to read whatever their stamp says.

    `sources`: seed files, or listed folders (SeedFolder) whose seeds are planned from the
    listing: no system call for a seed whose stamp is the one its page was made from, and no
    Path made for it. `pages`: the page file names content/ has, when the caller listed it
    (else each is looked up)."""
    page_of_seed = state.page_names_by_seed()
    name_of = SeedNames(root)
    by_file: dict[str, dict[str, Path]] | None = None
    prefix = _stat_prefix(reference_date)
    exists = _Existing(content_dir) if pages is None else pages
    listings = None                             # what web seed files held (web/listings.py)
    for path, name, stat in _stamped(sources, name_of, prefix):
        if is_web_seed(path):
            if by_file is None:       # the web readers imported for the first web seed only
                from site_builder.web.listings import Listings
                from site_builder.web.seed import web_pages
                listings = Listings(content_dir)
                by_file = web_pages(page_of_seed)
            assert listings is not None
            yield from _plan_web(Path(path), name, stat, by_file.get(name, {}), state,
                                 reference_date, report, listings, content_dir, exists)
            continue
        page_name = page_of_seed.get(name)
        if page_name is None:
            yield Job(Path(path), name, stat, None, False, None, None)
            continue
        entry = state.pages.get(page_name, {})
        if not force and state.stat_of(page_name) == stat and page_name in exists and \
                not (forced and str(path) in forced):
            report.unchanged += 1
        elif page_name not in exists:
            yield Job(Path(path), name, stat, content_dir / page_name, False, None, None)
        else:
            yield Job(Path(path), name, stat, content_dir / page_name, True,
                      entry.get("inputs"), entry.get("page"))
    if listings is not None:
        listings.save()


def _stamped(sources: list[Path | SeedFolder], name_of: SeedNames, prefix: str
             ) -> Iterator[tuple[Path | str, str, str]]:
    """Each seed of `sources` in order: (its path, its name, its stat key after `prefix`),
    a listed folder's seeds from its listing (their path as text: made a Path only when
    they are a job)."""
    for source in sources:
        if isinstance(source, Path):
            yield source, name_of(source), stat_key(source, prefix)
            continue
        marks, base = source.marks, os.path.join(source.folder, "")
        for relative in source.seeds():
            sidecar = marks.get(relative.rpartition(".")[0] + SIDECAR_SUFFIX)
            stat = f"{prefix}{_stamp_text(marks[relative])}|{_stamp_text(sidecar)}"
            yield base + relative, source.name_of(relative), stat


def _stamp_text(mark: Any) -> str:
    """A listed file's stamp as stat_key writes it; '-' for none."""
    return "-" if mark is None else f"{mark[0]}:{mark[1]}"


def _plan_web(path: Path, name: str, stat: str, pages: dict[str, str], state: ExtractState,
              reference_date: date | None, report: ExtractReport, listings: Listings,
              content_dir: Path, existing: Container[str]) -> Iterator[Job]:
    """The articles of one web seed file that need extracting (see web/seed.py): `pages`, the
    file's page names by key; `existing`, the page files content/ has."""
    from site_builder.web.seed import WEB_READER, plan_file

    def inputs_of(digest: str, sidecar_sha: str | None, collected: date | None) -> str:
        return inputs_digest(digest, sidecar_sha, WEB_READER, collected or reference_date)

    def job(path: Path, key: str, page_name: str | None, unit: Unit) -> Job:
        page = None if page_name is None else content_dir / page_name
        exists = page is not None and page_name in existing
        return Job(path, key, stat, page, exists, state.inputs_of(page) if exists else None,
                   state.written_hash(page) if exists else None, unit)

    yield from plan_file(path, name, pages, state, inputs_of, report, job, existing,
                         listings)


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
