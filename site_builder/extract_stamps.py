"""This machine's stamps of the seeds extract read: a fast path, kept out of what is committed.

A seed whose stamp (its file's modification time and size, and what else extraction depends
on: ingest_plan.stat_key) is the one recorded when its page was made, or last found unchanged,
is not read again. Those stamps are one machine's: a clone dates every file anew. Kept in the
committed extract state, they were wrong on every other machine, and a build there rewrote them
all (a git diff of every entry, and the same again back on the first machine). They live here
instead, in content/.extract-local/, a folder that git-ignores itself (as a tool's cache
does): a fresh clone reads each seed once (its hash decides; nothing is extracted again) and
keeps its own stamps; the committed state changes only where pages do.

One file of JSON lines, each a mapping page name → stamp, read in order (a later one wins): a
run appends one line of what it learnt, and writes the file whole, as one line, once it holds
more than twice the entries it needs. A torn line (a killed run's) is skipped: its seeds are
read again, no more.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.files import write_atomically

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
