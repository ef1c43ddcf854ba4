"""What extract knows: of the pages it wrote (committed with them) and of this machine's seed
files (not committed).

`ExtractState`: page file name → the hash of the page as extract wrote it, what it was
extracted from and its seed; a page whose bytes are another's was edited by a person and is
never overwritten. In content/, committed: a fresh clone knows which pages are extract's.

`SeedStamps`: a seed whose stamp (its file's modification time and size, and what else
extraction depends on: ingest_plan.stat_key) is the one recorded when its page was made, or
last found unchanged, is not read again. Those stamps are one machine's: a clone dates every
file anew. Kept in the committed state, they were wrong on every other machine, and a build
there rewrote them all (a git diff of every entry, and the same again back on the first
machine). They live in content/.extract-local/, a folder that git-ignores itself (as a tool's
cache does): a fresh clone reads each seed once (its hash decides; nothing is extracted again)
and keeps its own stamps; the committed state changes only where pages do. One file of JSON
lines, each a mapping page name → stamp, read in order (a later one wins): a run appends one
line of what it learnt, and writes the file whole, as one line, once its lines hold more than
twice the entries it needs, plus 1,000. Each stamp carries the hash of the page entry it was
taken with (`TIED`): a page put back by git is not vouched for by a newer page's stamp. A
torn line (a killed run's) is skipped: its seeds are read again.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from site_builder.content import page_is, sha256_text
from site_builder.files import write_atomically

STATE_FILE = ".extract-state.json"
JOURNAL_FILE = ".extract-state.journal"
JOURNAL_FOLD = 1000          # journal lines past which a run writes the state file whole
# In a journal line: the entry a run was about to write a page under (write-ahead, `intend`).
WRITING = "writing"
TIED = "#"                   # a seed stamp, then the page hash of the entry it was taken with
LOCAL_DIR = ".extract-local"
STAMPS_FILE = "stamps.jsonl"
IGNORE_ALL = "# site-builder: what this machine knows of its seed files; not for git\n*\n"


def local_folder(content_dir: Path) -> Path:
    """content/.extract-local/, made with a .gitignore that ignores it whole: what extract
    remembers of one machine's files (these stamps, web/listings.py's listings)."""
    folder = content_dir / LOCAL_DIR
    if not (folder / ".gitignore").exists():
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / ".gitignore", IGNORE_ALL)
    return folder


@dataclass
class SeedStamps:
    """Page file name → the stamp of its seed when extract last made or checked the page."""

    path: Path
    known: dict[str, str]
    held: int = 0                # entries in the file, over all its lines
    new: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, content_dir: Path) -> SeedStamps:
        path = content_dir / LOCAL_DIR / STAMPS_FILE
        known: dict[str, str] = {}
        held = 0
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        for line in lines:
            try:
                part = json.loads(line)
            except ValueError:
                continue
            if isinstance(part, dict):
                known.update(part)
                held += len(part)
        return cls(path, known, held)

    def get(self, name: str) -> str | None:
        return self.known.get(name)

    def set(self, name: str, stamp: str) -> None:
        if self.known.get(name) != stamp:
            self.known[name] = stamp
            self.new[name] = stamp

    def save(self) -> None:
        """What this run learnt, appended as one line, or the file written whole when it grew
        past twice its entries (a clone's first build, one line a page)."""
        if not self.new:
            return
        local_folder(self.path.parent.parent)
        if self.held + len(self.new) > 2 * len(self.known) + 1000:
            write_atomically(self.path, json.dumps(self.known, sort_keys=True) + "\n")
            self.held = len(self.known)
        else:
            with self.path.open("a", encoding="utf-8") as file:
                file.write(json.dumps(self.new, sort_keys=True) + "\n")
            self.held += len(self.new)
        self.new = {}


@dataclass
class ExtractState:
    """What extract last wrote: page file name → hashes of its bytes and of its inputs.

    Kept in two files: the state file, written whole, and beside it an append-only journal of
    the entries changed since (each a JSON line, read over the state file's). A run that changes
    a few pages appends them to the journal and leaves the state file alone (rewriting 3 MB at
    10,000 articles for one page cost more than extracting it); the journal is folded into the
    state file when it grows past JOURNAL_FOLD lines (by a build or an `extract` run alike),
    and by every run that changed many. Both are committed with the pages: the seeds' stamps,
    one machine's, are not in them but in `stamps` (SeedStamps; a state file of an
    older version holds them in its entries, moved out when it is next written whole)."""

    path: Path
    pages: dict[str, dict[str, str]]
    stamps: SeedStamps
    dirty: bool = False          # changed outside the journal (web/seed.py): a full save needed
    journaled: int = 0           # lines in the journal (a killed run's included)
    _journal: TextIO | None = field(default=None, repr=False)
    _by_seed: dict[str, str] | None = field(default=None, repr=False)

    @classmethod
    def load(cls, content_dir: Path) -> ExtractState:
        path = content_dir / STATE_FILE
        try:
            pages = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(pages, dict):
                pages = {}
        except (OSError, ValueError):
            pages = {}
        entries, lines = _read_journal(path.with_name(JOURNAL_FILE))
        pages.update(entries)
        _settle_intents(content_dir, pages, [n for n, e in entries.items()
                                             if isinstance(e, dict) and WRITING in e])
        return cls(path=path, pages=pages, stamps=SeedStamps.load(content_dir),
                   journaled=lines)

    def is_pristine(self, page: Path) -> bool:
        """True when the page on disk is byte-for-byte what extract wrote (no human edit)."""
        return page_is(page, self.written_hash(page))

    def written_hash(self, page: Path) -> str | None:
        """The hash of the page as extract wrote it."""
        return self.pages.get(page.name, {}).get("page")

    def inputs_of(self, page: Path) -> str | None:
        return self.pages.get(page.name, {}).get("inputs")

    def stat_of(self, name: str) -> str | None:
        """The stamp of the seed of the page of this file name when extract last made or
        checked the page, on this machine (an older state's entry: on the machine it was).
        Only while the page's entry is the one the stamp was taken with: content/ put back
        by git (an older page and entry, the seed left as edited since) reads the seed again."""
        entry = self.pages.get(name, {})
        stamp, _, page = (self.stamps.get(name) or "").rpartition(TIED)
        if stamp and page == entry.get("page"):
            return stamp
        return entry.get("stat")

    def set_stat(self, page: Path, stat: str) -> None:
        """A page's seed found unchanged under another stamp (a clone's checkout, a touch)."""
        self._stamp(page.name, stat)

    def _stamp(self, name: str, stat: str) -> None:
        self.stamps.set(name, f"{stat}{TIED}{self.pages.get(name, {}).get('page', '')}")

    def page_names_by_seed(self) -> dict[str, str]:
        """Seed name → the file name of the page extract made of it (slugs stay stable across
        re-extraction). Made once a run (100,000 entries) and kept up to date as pages are
        recorded; not to be changed by the caller."""
        if self._by_seed is None:
            self._by_seed = {entry["seed"]: name for name, entry in self.pages.items()
                             if entry.get("seed")}
        return self._by_seed

    def put(self, name: str, entry: dict[str, str]) -> None:
        """An entry set outside the journal (saved whole at the end of the run)."""
        self.pages[name] = entry
        self.dirty, self._by_seed = True, None

    def forget(self, name: str) -> None:
        """An entry dropped (a web record's article-less entry, before its page is made)."""
        self.pages.pop(name, None)
        self._by_seed = None

    def record(self, page: Path, text: str, inputs: str, seed: str, stat: str) -> None:
        """Remember a page extract wrote (or, a new page, is about to write: a run killed
        midway still knows which page each seed has, no duplicates): the entry goes to an
        append-only journal at once."""
        entry = _entry(text, inputs, seed)
        self.pages[page.name] = entry
        self._stamp(page.name, stat)
        if self._by_seed is not None:
            self._by_seed[seed] = page.name
        self._append(page.name, entry)

    def intend(self, page: Path, text: str, inputs: str, seed: str) -> None:
        """Before a page extract made is written again (then `record`ed): the entry it will
        have, journaled beside the one that holds until then. A run killed between the write
        and the record leaves a page that is neither: the next `load` takes it for extract's,
        not for a person's edit (which would be kept, never updated again), when its bytes
        are the ones intended."""
        holds = {k: v for k, v in self.pages.get(page.name, {}).items() if k != "stat"}
        self._append(page.name, {**holds, WRITING: _entry(text, inputs, seed)})

    def _append(self, name: str, entry: dict[str, Any]) -> None:
        """One entry to the journal, flushed at once (kept open for the run: a cold build
        records every page)."""
        lines = [{name: entry}]
        if self._journal is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._journal = self.path.with_name(JOURNAL_FILE).open("a", encoding="utf-8")
        self._journal.write("".join(json.dumps(line) + "\n" for line in lines))
        self._journal.flush()
        self.journaled += len(lines)

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    def save(self) -> None:
        """The state file written whole, the journal folded into it (an older state's stamps
        moved out)."""
        self.close()
        for name, entry in self.pages.items():
            if "stat" in entry:
                stat = entry.pop("stat")
                if self.stamps.get(name) is None:
                    self._stamp(name, stat)
        self.stamps.save()
        text = json.dumps(dict(sorted(self.pages.items())), indent=1, sort_keys=True) + "\n"
        write_atomically(self.path, text)
        self.path.with_name(JOURNAL_FILE).unlink(missing_ok=True)
        self.dirty, self.journaled = False, 0

    def settle(self) -> None:
        """The end of a run: the journal kept as it is (a few lines appended for the pages it
        changed, instead of a state file of 30 MB at 100,000 articles written again), unless
        it grew long, something changed outside it, or there is no state file yet (a first
        run's pages): then saved whole."""
        if self.dirty or self.journaled > JOURNAL_FOLD or \
                (self.journaled and not self.path.exists()):
            self.save()
            return
        self.stamps.save()
        self.close()


def _entry(text: str, inputs: str, seed: str) -> dict[str, str]:
    """A page's state entry: its bytes' hash, what it was extracted from, and its seed."""
    return {"page": sha256_text(text), "inputs": inputs, "seed": seed}


def _settle_intents(content_dir: Path, pages: dict[str, dict[str, Any]],
                    names: list[str]) -> None:
    """The entries of the pages a run was writing (`intend` journaled, no `record` after: a
    killed run, or one still running) made what the page on disk shows: the intended entry
    when the page has the intended bytes (it was written), else the one that held (not
    written; or edited since by a person, which that entry tells, as ever). Worked out again
    at every load, never written back: a run that loads while another is between `intend`
    and `record` must not journal, after that run's record, what it saw then."""
    for name in names:
        entry = dict(pages[name])
        intended = entry.pop(WRITING)
        if page_is(content_dir / name, intended.get("page")):
            entry = intended
        if entry:
            pages[name] = entry
        else:
            pages.pop(name)


def _read_journal(path: Path) -> tuple[dict[str, dict[str, Any]], int]:
    """Entries recorded after the last full save (a killed run's too), and how many lines; a
    torn last line is skipped."""
    entries: dict[str, dict[str, Any]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return entries, 0
    for line in lines:
        try:
            entries.update(json.loads(line))
        except (ValueError, TypeError):
            continue
    return entries, len(lines)
