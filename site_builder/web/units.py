"""The articles one web seed file holds: `list_units` reads a file's record headers (never a
whole crawl at once) and names each candidate; `load_payload` reads one candidate's bytes.

WARC reading is FastWARC's: on the same 3,000-record WARC.gz (49 MB) it read every response
with its payload in 0.42 s against warcio's 0.92 s (bench/web_bench.py readers), and a crawl
is listed whole the first time (listings.py remembers it after). It streams (one record in
memory at a time), and checks a payload against its WARC-Payload-Digest, which is how a record
cut short by an interrupted crawl is told from a whole one.
"""
from __future__ import annotations

import hashlib
import json
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import IO, Any, Literal, TypeVar

from site_builder.seeds import MAX_SEED_BYTES, SeedError

Kind = Literal["html", "json"]
T = TypeVar("T")


@dataclass(frozen=True)
class Unit:
    """One candidate article of a web seed file; its payload is read when it is extracted."""

    key: str | None          # its key within the file (crawled URL, .jsonl line); None: the file
    record: str | None       # `seed_record`: the WARC-Record-ID, or the line number of a .jsonl
    digest: str              # of the payload: a changed digest means a changed article
    kind: Kind
    url: str | None = None
    archived_at: str | None = None    # WARC-Date, as written in the record
    member: str | None = None         # the WARC inside a .wacz
    offset: int = 0                   # where its record (or line) starts
    charset: str | None = None        # the HTTP header's
    # A saved page's (or one-article .json's) sidecar and its digest, as the planner read it
    # (web/seed.py plan_file): read once, carried to where the page is parsed.
    sidecar: tuple[dict[str, Any], str | None] | None = None


@dataclass
class Listing:
    """What a web seed file holds: its candidate articles, what was skipped and why (counted
    in the run's line), and the damage found (one line each, `path[#record]: problem`)."""

    units: list[Unit] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def list_units(path: Path) -> Listing:
    """The candidate articles of one web seed file, in file order."""
    name = path.name.lower()
    listing = Listing()
    try:
        if path.stat().st_size == 0:
            listing.problems.append(f"{path}: empty file")
        elif name.endswith((".html", ".htm")):
            listing.units.append(Unit(None, None, _file_digest(path), "html"))
        elif name.endswith(".json"):
            listing.units.append(Unit(None, None, _file_digest(path), "json"))
        elif name.endswith(".jsonl"):
            _list_lines(path, listing)
        elif name.endswith(".wacz"):
            latest: dict[str, Unit] = {}     # across its WARCs: a URL is one article
            with zipfile.ZipFile(path) as wacz:
                members = _wacz_warcs(wacz)
                if not members:
                    listing.problems.append(f"{path}: no WARC in the package (a WACZ keeps "
                                            "them as archive/*.warc.gz)")
                for member in members:
                    with wacz.open(member) as stream:
                        _list_warc(stream, f"{path}!{member}", member, listing, latest)
            listing.units.extend(latest.values())
        else:
            latest = {}
            with path.open("rb") as stream:
                _list_warc(stream, str(path), None, listing, latest)
            listing.units.extend(latest.values())
    except (OSError, zipfile.BadZipFile) as err:
        listing.problems.append(f"{path}: cannot read ({getattr(err, 'strerror', None) or err})")
    except SeedError as err:
        listing.problems.append(str(err))
    return listing


def list_warc_from(path: Path, start: int, known: Listing) -> Listing:
    """The listing of a WARC that grew, from `known` (what it held up to `start`, a record's
    boundary) and its records from `start` on, by the rules of a whole reading (a URL's
    latest capture, in the order URLs first came)."""
    listing = Listing(skipped=Counter(known.skipped), problems=list(known.problems))
    latest = {unit.key or "": unit for unit in known.units}
    with path.open("rb") as stream:
        stream.seek(start)
        _list_warc(stream, str(path), None, listing, latest)
    listing.units.extend(latest.values())
    return listing


def _file_digest(path: Path) -> str:
    if path.stat().st_size > MAX_SEED_BYTES:
        raise SeedError(f"{path}: too large for one page")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _list_lines(path: Path, listing: Listing) -> None:
    """One unit a non-blank line; its record is its line number (from 1), its key its `url`
    (so a line inserted above does not hand its page to another article), else its line
    number. A URL on two lines is one article, the later line's."""
    latest: dict[str, Unit] = {}
    with path.open("rb") as stream:
        offset = 0
        for number, line in enumerate(stream, 1):
            if line.strip():
                key = _line_url(line) or f"line {number}"
                if key in latest:
                    listing.skipped["earlier line of the same URL"] += 1
                digest = hashlib.sha256(b"%d:%s" % (number, line)).hexdigest()
                latest[key] = Unit(key, str(number), digest, "json", offset=offset)
            offset += len(line)
    if not latest:
        listing.problems.append(f"{path}: no JSON line in the file")
    listing.units.extend(latest.values())


def _line_url(line: bytes) -> str | None:
    try:
        data = json.loads(line)        # bytes: a UTF-8 byte order mark is read as one
    except (ValueError, RecursionError):
        return None                    # named when the line is extracted
    url = data.get("url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url.strip() else None


def _wacz_warcs(wacz: zipfile.ZipFile) -> list[str]:
    return sorted(n for n in wacz.namelist()
                  if n.startswith("archive/") and n.endswith((".warc", ".warc.gz")))


def _list_warc(stream: IO[bytes], where: str, member: str | None, listing: Listing,
               latest: dict[str, Unit]) -> None:
    """Every HTML response with status 200 is a candidate, put in `latest` by URL: a URL
    captured twice is one, its latest capture (by WARC-Date; the later record on a tie).
    Everything else is counted."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType
    records, before = 0, len(latest)       # `latest` holds a .wacz's earlier WARCs' too
    last: tuple[int, str] | None = None
    try:
        for record in ArchiveIterator(stream, parse_http=True):
            records += 1
            last = (record.stream_pos, record.record_id)
            _take(record, where, member, listing, latest, WarcRecordType)
        # A .wacz's member is checked by its zip's CRC (a cut one is BadZipFile)
        cut = last if last is not None and member is None and _cut(stream, *last) else None
    except (OSError, ValueError) as err:
        listing.problems.append(f"{where}: damaged after {len(latest) - before} article(s) "
                                f"({err})")
        return
    if not records:
        listing.problems.append(f"{where}: no WARC record found (not a WARC file?)")
    if cut is not None:
        _name_cut(where, cut[1], listing, latest)


def _cut(stream: IO[bytes], offset: int, record_id: str) -> bool:
    """Whether the record at `offset`, a file's last, holds fewer bytes than its
    Content-Length says. FastWARC ends quietly at a record cut short; a candidate article's
    payload digest shows it, but an interrupted crawl is most often cut in an image or a
    script, which nothing else reads. False where the record is not found there (a .warc.gz
    compressed whole: see _with_record)."""
    def short(record) -> bool:
        held = 0
        while chunk := record.reader.read(1 << 16):
            held += len(chunk)
        return held < record.content_length
    return bool(_with_record(stream, offset, record_id, short, parse_http=False, scan=False))


def _with_record(stream: IO[bytes], offset: int, record_id: str, use: Callable[[Any], T],
                 parse_http: bool = True, scan: bool = True) -> T | None:
    """`use(record)` of the record `record_id`, found at `offset`, else (with `scan`) by
    reading the file from its start; None when it is not found. A .warc.gz made by gzipping a
    whole .warc (one gzip stream, not one a record) can only be read from its start: no
    offset leads into it, and its records after the first were 'not found'."""
    from fastwarc.warc import ArchiveIterator
    stream.seek(offset)
    try:
        record = next(iter(ArchiveIterator(stream, parse_http=parse_http)), None)
    except (OSError, ValueError):
        record = None
    if record is not None and record.record_id == record_id:
        return use(record)
    if scan:
        stream.seek(0)
        for record in ArchiveIterator(stream, parse_http=parse_http):
            if record.record_id == record_id:
                return use(record)
    return None


def _name_cut(where: str, record_id: str, listing: Listing, latest: dict[str, Unit]) -> None:
    """The file's last record, cut short, named once (a candidate's digest may have named it)
    and not taken as an article (one without a digest was)."""
    for key, unit in list(latest.items()):
        if unit.record == record_id:
            del latest[key]
    line = f"{where}#{record_id}: record cut short"
    if not any(problem.startswith(line) for problem in listing.problems):
        listing.problems.append(f"{line} (it holds less than its Content-Length: truncated "
                                "file?)")


def _take(record, where: str, member: str | None, listing: Listing, latest: dict[str, Unit],
          types) -> None:
    """One record of a WARC: counted as skipped, named as damaged, or kept as the latest
    capture of its URL."""
    why = _not_candidate(record, types)
    if why:
        if why != "-":
            listing.skipped[why] += 1
        return
    unit = _warc_unit(record, member)
    if unit is None:
        listing.problems.append(f"{where}#{record.record_id}: record cut short (its payload "
                                "does not match its digest: truncated file?)")
        return
    old = latest.get(unit.key or "")
    if old is not None:
        listing.skipped["earlier capture"] += 1
        if _capture_time(old.archived_at) > _capture_time(unit.archived_at):
            return
    latest[unit.key or ""] = unit


def _capture_time(warc_date: str | None) -> datetime:
    """A WARC-Date as a time to compare ("…:00.5Z" is after "…:00Z", which text order denies);
    an unreadable or missing one is the earliest."""
    try:
        when = datetime.fromisoformat((warc_date or "").strip())
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _not_candidate(record, types) -> str:
    """Why a record is not a candidate article ('-': not counted: request, metadata, warcinfo
    records are part of every crawl), or '' for a candidate."""
    if record.record_type == types.revisit:
        return "revisit"
    if record.record_type != types.response or not record.is_http:
        return "-"
    status = record.http_headers.status_code
    if 300 <= status < 400:
        return "redirect"
    if status != 200:
        return "error response"
    content_type = (record.http_content_type or "").lower()
    if content_type not in ("text/html", "application/xhtml+xml"):
        return "not HTML"
    return ""


def _warc_unit(record, member: str | None) -> Unit | None:
    """The record as a unit, or None when its payload does not match its digest."""
    declared = record.headers.get("WARC-Payload-Digest")
    if declared:
        if not record.verify_payload_digest(consume=False):
            return None
        digest = declared
    else:
        digest = "sha256:" + hashlib.sha256(record.reader.read()).hexdigest()
    url = (record.headers.get("WARC-Target-URI") or "").strip("<> ") or None
    return Unit(url or record.record_id, record.record_id, digest, "html", url=url,
                archived_at=record.headers.get("WARC-Date"), member=member,
                offset=record.stream_pos, charset=record.http_charset)


def load_payload(path: Path, unit: Unit) -> bytes:
    """The bytes of one unit: the page, the JSON line or document, the HTTP payload (its
    transfer and content codings undone: http_body.py)."""
    if unit.key is None:
        return path.read_bytes()
    if path.name.lower().endswith(".jsonl"):
        with path.open("rb") as stream:
            stream.seek(unit.offset)
            return stream.readline()
    where = f"{path}#{unit.record}"
    with _warc_stream(path, unit.member) as stream:
        body = _with_record(stream, unit.offset, unit.record or "", partial(_http_body, where))
    if body is None:
        raise SeedError(f"{where}: record not found (the file changed while it was read?)")
    return body


def _http_body(where: str, record) -> bytes:
    from site_builder.web.http_body import decoded_body
    headers = record.http_headers
    return decoded_body(record.reader.read(), headers.get("Transfer-Encoding"),
                        headers.get("Content-Encoding"), where)


@contextmanager
def _warc_stream(path: Path, member: str | None) -> Iterator[IO[bytes]]:
    if member is None:
        with path.open("rb") as stream:
            yield stream
    else:
        with zipfile.ZipFile(path) as wacz, wacz.open(member) as stream:
            yield stream


def parse_json(payload: bytes, where: str) -> dict:
    """One JSON article (a .jsonl line or a .json file), or SeedError naming where."""
    try:
        data = json.loads(payload.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise SeedError(f"{where}: not UTF-8 (invalid byte at offset {err.start})") from None
    except ValueError as err:
        raise SeedError(f"{where}: malformed JSON ({err})") from None
    except RecursionError:
        raise SeedError(f"{where}: malformed JSON (nested too deeply)") from None
    if not isinstance(data, dict):
        raise SeedError(f"{where}: a JSON article must be an object, got {type(data).__name__}")
    return data
