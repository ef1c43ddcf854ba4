"""What each web seed file held when it was last listed, so that listing it again costs
nothing when it did not change, and little when it grew.

Listing a crawl reads every record's headers and checks every payload's digest: 10,000
records take seconds. A build lists every web seed file whenever any seed changes, so without
this a crawl would be read whole to add one `.txt` seed, or one record appended to it. Kept
here, beside the seeds' stamps (`content/.extract-local/web-listings.json`, this machine's,
git-ignored, safe to delete: it is only remembered work), for each file by its seed name:

- its stat (size, modification time, inode and inode change time, which an edit that puts the
  old size and mtime back still moves): the same stat, the same listing, not read at all (as a
  `.txt` seed's stat check);
- for a WARC, where the reading stopped and digests of its first 64 KiB and of the 64 KiB
  before that end: a file that grew with both unchanged is read from there on (records are
  appended, never rewritten, by a crawler), its new records joined to what was known by the
  rules of a whole reading; any other change (rewritten, truncated, damaged before) is read
  whole. Not seen: a record between those two stretches rewritten in place with the same
  length while the file also grew (no crawler does this; delete this file to read it whole).

A listing found equals a whole reading of the file (tests/test_web_seeds.py builds both).
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from operator import attrgetter
from pathlib import Path
from typing import Any

from site_builder.extract_state import LOCAL_DIR, local_folder
from site_builder.files import write_atomically
from site_builder.web.units import Listing, Unit, list_units, list_warc_from

LISTINGS_FILE = "web-listings.json"      # in content/.extract-local/ (extract_state.py)
FORMAT = 3                  # bumped when Unit or the listing rules change: all read again
TAIL = 65_536               # bytes at each end of the known part whose digests say it is kept
_UNIT_FIELDS = ("key", "record", "digest", "kind", "url", "archived_at", "member", "offset",
                "charset")               # Unit's first fields, in its order
_ROW = attrgetter(*_UNIT_FIELDS)        # a unit as a row (a tuple, written as a JSON list)


class Listings:
    """The remembered listings of one content folder's web seed files."""

    def __init__(self, content_dir: Path) -> None:
        self.path = content_dir / LOCAL_DIR / LISTINGS_FILE
        self.known: dict[str, dict[str, Any]] | None = None      # loaded on first use
        self.dirty = False

    def list(self, path: Path, name: str) -> Listing:
        """What the seed file `path` (named `name` in the site) holds, as list_units says."""
        known = self._entries().get(name)
        remembered = _listing(known) if known is not None else None
        try:
            before = _stat(path)
        except OSError:
            return list_units(path)            # names the problem
        if remembered is not None and known is not None and known["stat"] == before:
            return remembered
        if remembered is not None and known is not None and _grown(path, known, before[0]):
            listing = list_warc_from(path, known["end"], remembered)
        else:
            listing = list_units(path)
        self._remember(path, name, before, listing)
        return listing

    def save(self) -> None:
        """Written when anything was listed anew (an entry of a file gone stays until the file
        is deleted: it is never read, and a file of that name made again is listed anew)."""
        if not self.dirty or self.known is None:
            return
        local_folder(self.path.parent.parent)
        write_atomically(self.path, json.dumps({"format": FORMAT, "files": self.known}))
        self.dirty = False

    def _entries(self) -> dict[str, dict[str, Any]]:
        if self.known is None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                files = data["files"] if data.get("format") == FORMAT else {}
            except (OSError, ValueError, AttributeError, KeyError, TypeError):
                files = {}
            self.known = files if isinstance(files, dict) else {}
        return self.known

    def _remember(self, path: Path, name: str, before: list[int], listing: Listing) -> None:
        """Kept unless the file moved while it was read (then it is read again next time):
        it was read to its end, `before`'s size."""
        end = before[0]
        try:
            if _stat(path) != before:
                return
            kept = _kept_digests(path, end)
        except OSError:
            return
        self._entries()[name] = {
            "stat": before, "end": end, "kept": kept,
            "units": list(map(_ROW, listing.units)),
            "skipped": dict(listing.skipped), "problems": listing.problems}
        self.dirty = True


def _stat(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns]


def _grown(path: Path, known: dict[str, Any], size: int) -> bool:
    """A WARC longer than when it was read whole and clean, its known part unchanged."""
    if not path.name.lower().endswith((".warc", ".warc.gz")) or known["problems"]:
        return False
    if size <= known["end"]:
        return False
    try:
        return _kept_digests(path, known["end"]) == known["kept"]
    except OSError:
        return False


def _kept_digests(path: Path, end: int) -> list[str]:
    """Digests of the first and the last 64 KiB of the file's first `end` bytes."""
    with path.open("rb") as stream:
        head = stream.read(min(end, TAIL))
        stream.seek(max(0, end - TAIL))
        tail = stream.read(min(end, TAIL))
    return [hashlib.sha256(head).hexdigest(), hashlib.sha256(tail).hexdigest()]


def _listing(known: Any) -> Listing | None:
    """A remembered listing; None for an entry that is not one (the file is read again)."""
    try:
        if any(len(row) != len(_UNIT_FIELDS) for row in known["units"]):
            return None
        units = [Unit(*row) for row in known["units"]]        # _UNIT_FIELDS' order
        return Listing(units, Counter(known["skipped"]), list(known["problems"]))
    except (TypeError, ValueError, KeyError, AttributeError):
        return None
