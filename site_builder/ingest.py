"""Seeds → content pages: extract new or changed seeds, and never overwrite a human edit.

For each seed the decision is one of: unchanged (same inputs as last time: skip), new or
changed and the page is as extract wrote it (write it), or changed but a person edited the page
(keep the person's page and report the conflict). The plan is ingest_plan.py's, the reading and
extracting ingest_work.py's (in worker processes); this module runs them and writes the pages.
"""
from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any

from site_builder import yaml_writer
from site_builder.content_lock import content_lock
from site_builder.extract_state import JOURNAL_FILE, STATE_FILE, ExtractState
from site_builder.files import Stamp, names, stamp, write_atomically
from site_builder.ingest_plan import Job, SeedFolder, is_seed_name, plan
from site_builder.ingest_work import (
    SLUG_PLACEHOLDER,
    Outcome,
    Settings,
    article_from_seed,
    extract_all,
    extract_one,
)
from site_builder.seeds import (
    SIDECAR_SUFFIX,
    SeedError,
    find_seed_files,
    path_order,
    relative_name,
)
from site_builder.site import Record
from site_builder.urls import SlugPool, slugify
from site_builder.web import SKIPPED_PREFIX, is_web_seed, seed_file_of

__all__ = ["ExtractReport", "SeedSnapshot", "article_from_seed", "extract_one", "extract_seeds"]

Progress = Callable[[int, int], None]
OnPage = Callable[[Path, str, Record], None]    # a page written, with its database record
StateStamp = tuple[Stamp | None, Stamp | None]  # the state file's and its journal's
# A build whose seeds folder differs from the last one's in at most this many files plans
# only those (their names come from comparing the folder's stamps with the last run's);
# more, and every seed is planned again (a stat each), as a first run does.
FEW_CHANGES = 256


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
    the same (every file's stamp), the state files are the ones it left and every page it made
    is still there, no seed is new or changed: the next build extracts nothing without reading
    the state (megabytes in a large archive) or any seed. When a few files' stamps moved (or
    files came or went), only those are planned. Its notices (kept human edits, unreadable
    seeds) are said again, as a run that read everything would say them."""

    key: str                      # what else extraction depends on: its code, the config
    seeds: dict[str, Any]         # every seed and sidecar, by path in the seeds folder: its
                                  # files.change_mark
    state: StateStamp | None      # the state file's and its journal's
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

    def valid(self, key: str, state: StateStamp | None, pages: dict[str, Stamp]) -> bool:
        """Made with the same settings, and what it knew is still so: the state files are as
        it saw them and every page it counted is there (`pages`: content/'s listing)."""
        return (self.key, self.state) == (key, state) and state is not None and \
            pages.keys() >= self.pages

    def moved(self, seeds: dict[str, Any]) -> set[str]:
        """The files (seeds and sidecars) added, removed or whose stamp changed."""
        if seeds == self.seeds:          # the usual rebuild: one comparison, in C
            return set()
        return {name for name, mark in seeds.items() if self.seeds.get(name) != mark} | \
            (self.seeds.keys() - seeds.keys())


def extract_seeds(targets: list[Path], content_dir: Path, root: Path,
                  reference_date: date | None, gazetteer_dir: Path | None,
                  progress: Progress | None = None,
                  on_page: OnPage | None = None,
                  since: tuple[SeedSnapshot | None, str, dict[str, Stamp]] | None = None,
                  scheduler: str = "") -> ExtractReport:
    """Extract every seed under `targets` into `content_dir`, honouring the no-clobber rule.

    Three phases: plan (which seeds are new or changed: a stat check first, a hash only when the
    stat moved), extract (in parallel processes when there are many), write (in seed order, so
    slugs are deterministic). `on_page`, when given, receives each page written with its
    database record, made by the worker that extracted it: the build does not parse it again.
    `since` (a build's: one seeds folder) is (the last run's snapshot, what else extraction
    depends on, content/'s listing now: `files.scan(content_dir, ".md")`): an unchanged folder
    is not read at all, and a folder where a few files moved is read only there.
    `scheduler`: a Dask scheduler's address, to extract on its cluster (cluster.py).

    One run at a time a content folder (content_lock.py): a second run waits for the first.
    The targets are checked first: a mistyped one makes no content folder."""
    report = ExtractReport()
    settings = Settings(root, reference_date, gazetteer_dir, on_page is not None, scheduler)
    if since is not None and len(targets) == 1 and targets[0].is_dir():
        with content_lock(content_dir):
            return _extract_folder(targets[0], content_dir, settings, progress, on_page,
                                   since, report)
    try:
        sources = _sources(targets, root)
    except SeedError as err:
        report.errors.append(str(err))
        return report
    with content_lock(content_dir):
        state = ExtractState.load(content_dir)
        _extract(sources, state, content_dir, settings, progress, on_page, report,
                 pages=names(content_dir, ".md"))
        state.settle()
    return report


def _sources(targets: list[Path], root: Path) -> list[Path | SeedFolder]:
    """The seed files named, and the folders named listed (a stat a file): find_seed_files'
    seeds, in its order."""
    sources: list[Path | SeedFolder] = []
    for target in targets:
        if target.is_dir():
            sources.append(SeedFolder.list(target, root))
        else:
            sources.extend(find_seed_files([target]))
    return sources


def _extract_folder(folder: Path, content_dir: Path, settings: Settings,
                    progress: Progress | None, on_page: OnPage | None,
                    since: tuple[SeedSnapshot | None, str, dict[str, Stamp]],
                    report: ExtractReport) -> ExtractReport:
    """A build's extraction of its seeds folder, against the last build's snapshot: nothing
    read when nothing moved, only the moved files read when a few did (and nothing else
    gone through whole but the state's file), else every seed planned (a stat each) as on a
    first build."""
    known, key, pages = since
    listed = SeedFolder.list(folder, settings.root)
    now = listed.marks
    stale = None
    if known is not None and not known.valid(key, _state_stamp(content_dir), pages):
        stale, known = known, None
    moved = known.moved(now) if known is not None else set()
    if known is not None and not moved:
        report.unchanged = len(known.pages)     # a crawl's or export's articles too
        report.kept_edits, report.errors = list(known.kept_edits), list(known.errors)
        report.snapshot = known
        return report
    state = ExtractState.load(content_dir)
    if known is not None and len(moved) <= FEW_CHANGES:
        seed_files = _moved_seeds(folder, moved, now)
        _extract(seed_files, state, content_dir, settings, progress, on_page, report,
                 force=True, pages=pages)
        read = moved | {path.relative_to(folder).as_posix() for path in seed_files}
        _repeat_notices(known, report, folder, settings.root, read)
        page_names, kept = _pages_after(known.pages, state, listed, read)
        report.unchanged += len(page_names) - kept      # the pages of the files not read
    else:
        # A snapshot that no longer holds (a page deleted, the state written by another run)
        # still knows which files moved since: those are read whatever their modification
        # time and size say (an edit that kept both shows only in ctime and inode).
        forced = {str(path) for path in _moved_seeds(folder, stale.moved(now), now)} \
            if stale is not None else set()
        _extract([listed], state, content_dir, settings, progress, on_page, report,
                 pages=pages, forced=forced)
        page_names = _pages_of(state, listed.names())
    state.settle()
    report.snapshot = SeedSnapshot(key, now, _state_stamp(content_dir), page_names,
                                   tuple(report.kept_edits), tuple(report.errors))
    return report


def _moved_seeds(folder: Path, moved: set[str], now: dict[str, Any]) -> list[Path]:
    """The seeds to read for these moved files (a sidecar's seeds: `X.*` beside
    `X.meta.yaml`), those still there, in the order a full run takes them."""
    names = set()
    for name in moved:
        if name.endswith(SIDECAR_SUFFIX):
            stem = name[:-len(SIDECAR_SUFFIX)]
            names.update(seed for seed in now if seed.rpartition(".")[0] == stem)
        else:
            names.add(name)
    paths = [folder / name for name in names if name in now and is_seed_name(name)]
    return sorted(paths, key=path_order)


def _repeat_notices(known: SeedSnapshot, report: ExtractReport, folder: Path, root: Path,
                    read: set[str]) -> None:
    """The last run's notices (kept edits, unreadable seeds) said again, but for the files
    read now (this run said theirs, if they still hold)."""
    prefix = relative_name(folder, root).rstrip("/") + "/"
    paths = tuple(f"{folder / name}{end}" for name in read for end in (":", "#"))
    seeds = tuple(f" its seed {prefix}{name}{end}" for name in read for end in (" ", "#"))
    report.errors[:0] = [line for line in known.errors if not line.startswith(paths)]
    report.kept_edits[:0] = [line for line in known.kept_edits
                             if not any(seed in line for seed in seeds)]


def _state_stamp(content_dir: Path) -> StateStamp | None:
    """The state file's and its journal's stamps (None: no state file)."""
    def stamp_or_none(path: Path) -> Stamp | None:
        try:
            return stamp(path)
        except OSError:
            return None
    state = stamp_or_none(content_dir / STATE_FILE)
    journal = stamp_or_none(content_dir / JOURNAL_FILE)
    return None if state is None and journal is None else (state, journal)


def _pages_after(before: frozenset[str], state: ExtractState, listed: SeedFolder,
                 read: set[str]) -> tuple[frozenset[str], int]:
    """The folder's pages (as `_pages_of` finds them) after a run that read only the files
    `read` (by path in the folder), and how many of them are those files' pages: `before`,
    the last run's, changes only there. A text seed's page is looked up by its seed, not
    found by going through every page's state (a web seed file's pages are)."""
    by_seed = state.page_names_by_seed()
    files = {listed.name_of(name) for name in read}
    names = {file for file in files if file[len(listed.prefix):] in listed.marks} | \
        {listed.name_of(name) for name in read & listed.links}
    if any(file not in by_seed and file not in names and is_seed_name(file) for file in files):
        # A seed gone whose page names another file: a removed link (its page names the
        # target, which the listing no longer tells): the folder's pages found the long way.
        pages = _pages_of(state, listed.names())
        return pages, sum(seed_file_of(state.pages[page].get("seed") or "") in names
                          for page in pages)
    file_of = {by_seed[file]: seed_file_of(file) for file in files if file in by_seed}
    if any(is_web_seed(name) for name in read):          # `file#key`: one page a record
        file_of.update(_pages_of_files(state, files))
    kept = {page for page, file in file_of.items()
            if file in names and not page.startswith(SKIPPED_PREFIX)}
    return (before - file_of.keys()) | kept, len(kept)


def _pages_of_files(state: ExtractState, files: set[str]) -> dict[str, str]:
    """Page → seed file, for the pages whose seed is one of `files` (`seed_file_of`): the
    state's every entry is looked at, but only a key that is a file or starts with one and a
    `#` is taken apart (a crawl of 10,000 records is read once a build it grew)."""
    starts = tuple(f"{file}#" for file in files)
    found = {}
    for page, entry in state.pages.items():
        seed = entry.get("seed") or ""
        if seed in files or seed.startswith(starts):
            file = seed_file_of(seed)
            if file in files:
                found[page] = file
    return found


def _pages_of(state: ExtractState, names: set[str]) -> frozenset[str]:
    """The pages (file names in content/) of the seed files of these names, articles only."""
    return frozenset(page for page, entry in state.pages.items()
                     if seed_file_of(entry.get("seed") or "") in names
                     and not page.startswith(SKIPPED_PREFIX))


def _extract(sources: list[Path | SeedFolder], state: ExtractState, content_dir: Path,
             settings: Settings, progress: Progress | None, on_page: OnPage | None,
             report: ExtractReport, force: bool = False,
             pages: Collection[str] | None = None, forced: Collection[str] = ()) -> None:
    """Plan, extract and write the seeds of `sources`; the state is recorded as pages are
    written (its journal), saved by the caller. `force`: every seed read (its hash decides),
    whatever its stamp says, or those of `forced` (paths as text). `pages`: the .md files in
    content/ (by path in it), when the caller has listed them."""
    jobs = plan(sources, state, content_dir, settings.root, settings.reference_date, report,
                force, pages, forced)
    first = next(jobs, None)
    if first is None:
        return
    total = sum(1 if isinstance(source, Path) else len(source.seeds()) for source in sources)
    taken: list[SlugPool] = []         # the slugs taken, listed for the first new page
    files_done, last_file = 0, None
    try:
        for job, outcome in extract_all(chain([first], jobs), settings):
            if job.path != last_file:      # a crawl's records are one file of the total
                files_done, last_file = files_done + 1, job.path
                if progress:
                    progress(files_done, total)
            if outcome.unchanged:
                assert job.page is not None
                state.set_stat(job.page, job.stat)
                report.unchanged += 1
            elif outcome.skipped:
                report.skipped[outcome.skipped] += 1
                from site_builder.web.seed import remember_skipped
                remember_skipped(state, job.name, outcome.inputs, outcome.skipped)
            elif outcome.kept_edit:
                report.kept_edits.append(
                    f"{job.page}: edited by hand and its seed {job.name} changed; kept the "
                    "edited page (delete it to re-extract)")
            else:
                if outcome.repairs:
                    report.repaired.append(
                        f"{job.path}: repaired on reading: {'; '.join(outcome.repairs)}")
                if job.page is None and not taken:
                    taken.append(SlugPool(_slugs_taken(content_dir, pages)))
                _write(job, outcome, state, content_dir, taken, report, on_page)
    finally:
        state.close()


def _slugs_taken(content_dir: Path, pages: Collection[str] | None) -> set[str]:
    """The slugs content/'s pages have (their names), from its listing when there is one."""
    listed = names(content_dir, ".md") if pages is None else pages
    return {name.rpartition("/")[2][:-3] for name in listed}


def _write(job: Job, outcome: Outcome, state: ExtractState, content_dir: Path,
           taken: list[SlugPool], report: ExtractReport, on_page: OnPage | None) -> None:
    if outcome.text is None:
        report.errors.append(outcome.error or f"{job.path}: cannot be extracted")
        return
    slug = job.page.stem if job.page is not None else taken[0].take(slugify(outcome.wanted_slug))
    page = content_dir / f"{slug}.md"
    text = outcome.text.replace(f"\nslug: {SLUG_PLACEHOLDER}\n", "\n" + _slug_line(slug), 1)
    # A killed run's state must stay right: a new page is recorded first (a re-run must not
    # give its seed a second page); a re-extracted page's entry is journaled as intended
    # first, then recorded (a re-run must take neither the old nor the new bytes for a
    # person's edit: extract_state.ExtractState.intend).
    if job.page is None or not job.page.exists():
        state.record(page, text, outcome.inputs, seed=job.name, stat=job.stat)
        write_atomically(page, text)
    else:
        state.intend(page, text, outcome.inputs, seed=job.name)
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
