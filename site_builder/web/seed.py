"""Web seed files in extraction: which of their articles need extracting (in the parent, from
the records' headers and digests), each article read as a `Seed` (in a worker), and the page's
facts put over the text extractors' guesses.

A page made from a record is keyed in the extract state by `seed#key` (the crawled URL, a
.jsonl line's URL, else its line number): the unit's inputs hash is made from its payload
digest without reading the payload, so a grown crawl sends only its new or changed records to
the workers, and a record a page was made from is re-extracted only when its payload changed
(never over a person's edit: ingest's rule for every seed). Pages that hold no article are
remembered too (as an entry with no page), so they are not extracted again each time their
crawl grows.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from site_builder.seeds import READER_VERSION, Seed, SeedError, read_sidecar, split_title
from site_builder.web import SKIPPED_PREFIX, WEB_READER_VERSION, is_web_seed, seed_file_of
from site_builder.web.page import NotAnArticle, html_facts, json_facts
from site_builder.web.units import Unit, list_units, load_payload, parse_json

if TYPE_CHECKING:
    from site_builder.extract_state import ExtractState
    from site_builder.ingest import ExtractReport
    from site_builder.web.listings import Listings

WEB_READER = f"{READER_VERSION}+web{WEB_READER_VERSION}"
MakeJob = Callable[[Path, str, str | None, Unit], Any]
InputsOf = Callable[[str, str | None, date | None], str]


def plan_file(path: Path, name: str, pages: dict[str, str], state: ExtractState,
              inputs_of: InputsOf, report: ExtractReport, make_job: MakeJob,
              existing: Container[str], listings: Listings | None = None) -> Iterator[Any]:
    """A job (`make_job(path, key, page, unit)`, `page` the file name in content/ its page
    has, if any) for each article of one web seed file that is new or whose inputs changed;
    the rest counted unchanged (or skipped, for non-articles). `pages`: the file's pages by
    key; `existing`: the page files content/ has (the caller's listing: a crawl of 10,000
    records is not a stat a record). `inputs_of(digest, sidecar_sha, collected)` is the inputs
    hash a worker will find for the unit (the same rule, so an unchanged page is decided here,
    never read); `listings`, when given, remembers what the file held (an unchanged crawl is
    not read again, a grown one only from where the last reading stopped)."""
    listing = listings.list(path, name) if listings is not None else list_units(path)
    report.errors.extend(listing.problems)
    report.skipped.update(listing.skipped)
    for unit in listing.units:
        if unit.key is None:        # a saved page or one-article file: the sidecar is its own
            try:
                unit = replace(unit, sidecar=read_sidecar(path))
            except SeedError as err:
                report.errors.append(str(err))
                return
        key = name if unit.key is None else f"{name}#{unit.key}"
        sidecar, sidecar_sha = unit.sidecar or ({}, None)
        inputs = inputs_of(unit.digest, sidecar_sha, _collected(sidecar))
        page = pages.get(key)
        entry = state.pages.get(page, {}) if page is not None else {}
        if entry.get("skipped") and entry.get("inputs") == inputs:
            report.skipped[entry["skipped"]] += 1
            continue
        if entry.get("skipped"):
            state.forget(page)
            page = None
        if page is not None and entry.get("inputs") == inputs and page in existing:
            report.unchanged += 1
            continue
        yield make_job(path, key, page, unit)


def _collected(sidecar: dict[str, Any]) -> date | None:
    """The sidecar's `collected:` date (the reference date of the text's relative dates), as
    Seed.collected reads it."""
    value = sidecar.get("collected")
    return value if isinstance(value, date) else None


def web_pages(page_of_seed: dict[str, str]) -> dict[str, dict[str, str]]:
    """Seed file → its pages (file names in content/) by key, for web seeds (whose keys are
    `seed#key` or `seed`)."""
    by_file: dict[str, dict[str, str]] = {}
    for key, page in page_of_seed.items():
        file = seed_file_of(key)
        if is_web_seed(file):
            by_file.setdefault(file, {})[key] = page
    return by_file


def remember_skipped(state: ExtractState, key: str, inputs: str, reason: str) -> None:
    """An article-less page's unit, so an unchanged one is not extracted again."""
    name = SKIPPED_PREFIX + hashlib.sha256(key.encode()).hexdigest()[:24]
    state.put(name, {"seed": key, "inputs": inputs, "skipped": reason})


@dataclass(frozen=True)
class WebSeed:
    """One article of a web seed file as read where the file is: its payload's bytes, not yet
    parsed, and a saved page's sidecar (as the planner read it). `seed()` parses it where
    extraction runs (a local worker, or a Dask worker, which has no access to the file). Its
    sha256, sidecar_sha256, reader and collected are those of the Seed it makes, so its inputs
    hash is known before the page is parsed."""

    path: Path
    name: str                      # the seed file's
    unit: Unit
    payload: bytes
    reader: ClassVar[str] = WEB_READER

    @property
    def sha256(self) -> str:
        return self.unit.digest

    @property
    def sidecar_sha256(self) -> str | None:
        return self.unit.sidecar[1] if self.unit.sidecar else None

    @property
    def collected(self) -> date | None:
        return _collected(self.unit.sidecar[0]) if self.unit.sidecar else None

    def seed(self) -> Seed:
        """The article as a Seed, or SeedError naming `path[#record]`, or NotAnArticle."""
        return _parse(self)


def load_unit(path: Path, file_name: str, unit: Unit) -> WebSeed:
    """One article of a web seed file, its payload read (SeedError when it cannot be)."""
    try:
        payload = load_payload(path, unit)
    except OSError as err:
        raise SeedError(f"{_where(path, unit)}: cannot read ({err.strerror or err})") from None
    return WebSeed(path, file_name, unit, payload)


def read_unit(path: Path, file_name: str, unit: Unit) -> Seed:
    """One article of a web seed file as a Seed (`name` the file's, `record` the unit's), or
    SeedError naming `path[#record]` and the problem, or NotAnArticle."""
    return load_unit(path, file_name, unit).seed()


def _where(path: Path, unit: Unit) -> str:
    return f"{path}#{unit.record}" if unit.record else str(path)


def _parse(loaded: WebSeed) -> Seed:
    unit, where = loaded.unit, _where(loaded.path, loaded.unit)
    if unit.kind == "json":
        facts = json_facts(parse_json(loaded.payload, where), where)
    else:
        facts = html_facts(loaded.payload, where, unit.url, unit.charset,
                           crawled=unit.record is not None)
    from site_builder.repair import repair_text
    repaired = repair_text(facts.text)
    _, body = split_title(repaired.text)
    if not body:
        raise SeedError(f"{where}: no text found")
    fixes = list(repaired.fixes)
    title, source, date_text = (_one_line(value, fixes) for value in
                                (facts.title, facts.source, facts.date_text))
    sidecar, sidecar_sha = unit.sidecar or ({}, None)
    page = {"title": title, "source": source, "date": facts.date, "date_text": date_text,
            "url": facts.url, "archived_at": unit.archived_at, "seed_record": unit.record,
            "language": facts.language}
    return Seed(path=loaded.path, name=loaded.name, title=title, body=body, sha256=unit.digest,
                sidecar=sidecar, sidecar_sha256=sidecar_sha, repairs=tuple(dict.fromkeys(fixes)),
                reader=WEB_READER, page={k: v for k, v in page.items() if v})


def _one_line(value: str | None, fixes: list[str]) -> str | None:
    """A page's own title, publisher or date words repaired as its text is (control characters,
    terminal escapes, mojibake: they would reach the front matter, the page and the feed), on
    one line; the repairs are added to `fixes`."""
    if value is None:
        return None
    from site_builder.repair import repair_text
    repaired = repair_text(value)
    fixes.extend(repaired.fixes)
    return " ".join(repaired.text.split()) or None


def apply_page_facts(meta: dict[str, Any], page: dict[str, Any]) -> None:
    """The page's own facts over the text extractors' (the sidecar's go over both, later).
    A page date more than a day from the text's keeps the page's and notes the text's as
    `text_date`, for `check` to list."""
    if page.get("source"):
        meta["source"] = page["source"]
    if page.get("date"):
        stated: date | None = meta.get("date")
        if stated is not None and abs((stated - page["date"]).days) > 1:
            meta["text_date"] = stated
        meta["date"], meta["date_text"] = page["date"], page.get("date_text")
        meta["date_confidence"] = "page"
    if re.fullmatch(r"[A-Za-z]{2}", str(page.get("language", ""))):
        meta["language"] = page["language"].lower()
    for key in ("url", "archived_at", "seed_record"):
        if page.get(key):
            meta[key] = page[key]


__all__ = ["NotAnArticle", "WebSeed", "apply_page_facts", "load_unit", "plan_file", "read_unit",
           "remember_skipped", "web_pages"]
