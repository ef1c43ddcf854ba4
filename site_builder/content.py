"""Front-matter Markdown pages in content/: read, write, and the no-clobber rule.

A page is both the extractor's output and a person's working copy. Extract records the hash of
every page it writes in `content/.extract-state.json` (committed with the pages, so a fresh clone
knows too); a page whose bytes no longer match was edited by a person and is never overwritten.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from site_builder import yaml_writer
from site_builder.extract_stamps import SeedStamps
from site_builder.files import write_atomically
from site_builder.model import Article, Casualties, CasualtyMention, Count, Place
from site_builder.seeds import path_order
from site_builder.urls import slugify

STATE_FILE = ".extract-state.json"
JOURNAL_FILE = ".extract-state.journal"
JOURNAL_FOLD = 1000          # journal lines past which a run writes the state file whole
# In a journal line: the entry a run was about to write a page under (write-ahead, `intend`).
WRITING = "writing"
KNOWN_KEYS = {
    "title", "slug", "date", "date_text", "date_confidence", "language", "source", "wire",
    "dateline", "places", "casualties", "tags", "seed", "seed_sha256", "url", "event",
    "archived_at", "seed_record", "review",
}
DATE_CONFIDENCES = {"stated", "inferred", "sidecar", "page", "unknown"}
PLACE_KINDS = {"country", "region", "city", "other"}


class ContentError(ValueError):
    """A content page that cannot be used; str() is the one-line `path: problem`."""


# ---------------------------------------------------------------- writing

def page_text(article: Article) -> str:
    """The page's bytes-to-be: YAML front matter in schema order, then the Markdown body
    (written as PyYAML's CSafeDumper writes it, without its slow representer: yaml_writer)."""
    meta = yaml_writer.dump(article.to_front_matter())
    return f"---\n{meta}---\n\n{article.body.strip()}\n"


def body_markdown(body: str) -> str:
    """Seed paragraphs as Markdown paragraphs that show exactly the seed's text.

    A seed is plain text, so nothing in it may turn into Markdown: inline syntax (emphasis,
    code, links, images, autolinks, entities) and a line that would start a block (heading,
    list, quote, code fence) are escaped. Only characters Markdown can escape are escaped, so
    no stray backslash shows on the page. Inline escapes are made over the whole body in one
    pass (no escape's lookahead reaches past a line break), the block-start ones only on the
    paragraphs that may start a block: three regular expression calls a paragraph took a
    third of a page's making outside the rules."""
    return "\n\n".join(_escape_block_start(p) if _may_start_block(p) else p
                        for p in _escape_inline(body).split("\n") if p.strip())


# Python-Markdown's escapable characters that start inline markup; entity-like `&` and
# autolink-like `<` cannot be backslash-escaped, so they become entities. Lookaheads are bounded:
# linear on any line.
_INLINE = re.compile(r"[\\`*_\[\]]|&(?=#?[0-9A-Za-z]{1,32};)"
                     r"|<(?=[A-Za-z][A-Za-z0-9.+-]{0,31}:|[^\s<>@]{1,64}@)")
_ENTITIES = {"&": "&amp;", "<": "&lt;"}
_BLOCK_MARK = re.compile(r"^(\s*)([#>+-])")
_LIST_NUMBER = re.compile(r"^(\s*\d{1,9})([.)])")


def _escape_inline(paragraph: str) -> str:
    return _INLINE.sub(lambda m: _ENTITIES.get(m.group(), "\\" + m.group()), paragraph)


def _may_start_block(paragraph: str) -> bool:
    """Whether _BLOCK_MARK or _LIST_NUMBER can match: the first character after the leading
    space (as `\\s` reads it: str.lstrip's) is a block mark or a decimal digit."""
    head = paragraph.lstrip()[:1]
    return bool(head) and (head in "#>+-" or head.isdecimal())


def _escape_block_start(paragraph: str) -> str:
    paragraph = _BLOCK_MARK.sub(r"\1\\\2", paragraph, count=1)
    return _LIST_NUMBER.sub(r"\1\\\2", paragraph, count=1)


def page_is(page: Path, written_hash: str | None) -> bool:
    """True when the page on disk has this hash (is as extract wrote it)."""
    if not written_hash:
        return False
    try:
        return sha256_text(page.read_text(encoding="utf-8")) == written_hash
    except (OSError, UnicodeDecodeError):
        return False


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- extraction state

@dataclass
class ExtractState:
    """What extract last wrote: page file name → hashes of its bytes and of its inputs.

    Kept in two files: the state file, written whole, and beside it an append-only journal of
    the entries changed since (each a JSON line, read over the state file's). A run that changes
    a few pages appends them to the journal and leaves the state file alone (rewriting 3 MB at
    10,000 articles for one page cost more than extracting it); the journal is folded into the
    state file when it grows past JOURNAL_FOLD lines (by a build or an `extract` run alike),
    and by every run that changed many. Both are committed with the pages: the seeds' stamps,
    one machine's, are not in them but in `stamps` (extract_stamps.py; a state file of an
    older version holds them in its entries, moved out when it is next written whole)."""

    path: Path
    pages: dict[str, dict[str, str]]
    stamps: SeedStamps
    dirty: bool = False          # changed outside the journal (web/seed.py): a full save needed
    journaled: int = 0           # lines in the journal (a killed run's included)
    recovered: set[str] = field(default_factory=set)   # a killed run's writes, to journal
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
        recovered = _recover(content_dir, pages, [n for n, e in entries.items()
                                                if isinstance(e, dict) and WRITING in e])
        return cls(path=path, pages=pages, stamps=SeedStamps.load(content_dir),
                   journaled=lines, recovered=recovered)

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
        checked the page, on this machine (an older state's entry: on the machine it was)."""
        return self.stamps.get(name) or self.pages.get(name, {}).get("stat")

    def set_stat(self, page: Path, stat: str) -> None:
        """A page's seed found unchanged under another stamp (a clone's checkout, a touch)."""
        self.stamps.set(page.name, stat)

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
        self.stamps.set(page.name, stat)
        if self._by_seed is not None:
            self._by_seed[seed] = page.name
        self._append(page.name, entry)

    def intend(self, page: Path, text: str, inputs: str, seed: str) -> None:
        """Before a page extract made is written again (then `record`ed): the entry it will
        have, journaled beside the one that holds until then. A run killed between the write
        and the record leaves a page that is neither: the next `load` takes it for extract's,
        not for a person's edit (which would be kept, never updated again), when its bytes
        are the ones intended."""
        entry = {**self.pages.get(page.name, {}), WRITING: _entry(text, inputs, seed)}
        self._append(page.name, entry)

    def _append(self, name: str, entry: dict[str, Any]) -> None:
        """One entry to the journal, flushed at once (kept open for the run: a cold build
        records every page); the entries `load` recovered for a killed run go first."""
        if self._journal is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._journal = self.path.with_name(JOURNAL_FILE).open("a", encoding="utf-8")
        lines = [{done: self.pages[done]} for done in sorted(self.recovered)
                 if done in self.pages] + [{name: entry}]
        self.recovered = set()
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
                    self.stamps.set(name, stat)
        self.stamps.save()
        text = json.dumps(dict(sorted(self.pages.items())), indent=1, sort_keys=True) + "\n"
        write_atomically(self.path, text)
        self.path.with_name(JOURNAL_FILE).unlink(missing_ok=True)
        self.dirty, self.journaled, self.recovered = False, 0, set()

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
        if self.recovered:                   # a killed run's writes, as `load` found them
            name = self.recovered.pop()
            self._append(name, self.pages[name])      # (the others go first)
        self.close()


def _entry(text: str, inputs: str, seed: str) -> dict[str, str]:
    """A page's state entry: its bytes' hash, what it was extracted from, and its seed."""
    return {"page": sha256_text(text), "inputs": inputs, "seed": seed}


def _recover(content_dir: Path, pages: dict[str, dict[str, Any]], names: list[str]) -> set[str]:
    """The entries of the pages a killed run was writing (`intend` journaled, no `record`
    after) made what the page on disk shows: the intended entry when the page has the
    intended bytes (it was written), else the one that held (not written; or edited since by
    a person, which that entry tells, as ever). Returns the names recovered."""
    for name in names:
        entry = dict(pages[name])
        intended = entry.pop(WRITING)
        if page_is(content_dir / name, intended.get("page")):
            entry = intended
        if entry:
            pages[name] = entry
        else:
            pages.pop(name)
    return {name for name in names if name in pages}


def _read_journal(path: Path) -> tuple[dict[str, dict[str, str]], int]:
    """Entries recorded after the last full save (a killed run's too), and how many lines; a
    torn last line is skipped."""
    entries: dict[str, dict[str, str]] = {}
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


# ---------------------------------------------------------------- reading

def find_pages(content_dir: Path) -> list[Path]:
    """Every `*.md` page in content/, in a stable order; hidden files are skipped."""
    if not content_dir.is_dir():
        return []
    return [p for p in sorted(content_dir.rglob("*.md"), key=path_order)
            if not any(part.startswith(".") for part in p.relative_to(content_dir).parts)]


def read_page(path: Path) -> Article:
    """Parse one page into an Article, or raise ContentError naming the file and the problem."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ContentError(f"{path}: cannot read ({err.strerror})") from None
    return parse_page_bytes(data, path)


def parse_page_bytes(data: bytes, path: Path) -> Article:
    """A page's bytes as an Article, or ContentError naming the file and the problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError(f"{path}: not UTF-8 text") from None
    return parse_page(text, path)


def parse_page(text: str, path: Path) -> Article:
    # Imported here: they take a tenth of a second, most of a rebuild that parses nothing.
    import frontmatter
    import yaml
    if not text.startswith("---"):
        raise ContentError(f"{path}: no front matter (the page must start with a '---' line)")
    try:
        post = frontmatter.loads(text, Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, ValueError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ContentError(f"{path}: invalid front matter YAML ({first})") from None
    return article_from_front_matter(dict(post.metadata), post.content, path)


def article_from_front_matter(meta: dict[str, Any], body: str, path: Path) -> Article:
    """Validate the schema of DESIGN.md and build the typed Article; unknown keys are kept."""
    def problem(message: str) -> ContentError:
        return ContentError(f"{path}: {message}")

    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise problem("front matter needs a non-empty 'title'")
    slug = meta.get("slug", path.stem)
    if not isinstance(slug, str) or not slug.strip():
        raise problem("'slug' must be a non-empty string")
    value = meta.get("date")
    if value is not None and not isinstance(value, date):
        raise problem(f"'date' must be a date like 2020-11-01 or null, got {value!r}")
    confidence = meta.get("date_confidence") or ("unknown" if value is None else "stated")
    if confidence not in DATE_CONFIDENCES:
        raise problem(f"'date_confidence' must be one of {', '.join(sorted(DATE_CONFIDENCES))}")
    tags = meta.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, (str, int)) for t in tags):
        raise problem("'tags' must be a list of words")
    for key in ("source", "wire", "dateline", "date_text", "language", "seed", "url"):
        if meta.get(key) is not None and not isinstance(meta[key], (str, int, float)):
            raise problem(f"'{key}' must be text or null")
    return Article(
        title=title.strip(), slug=slug.strip(),
        date=value.date() if hasattr(value, "date") and callable(value.date) else value,
        date_text=_text_or_none(meta.get("date_text")),
        date_confidence=confidence, language=str(meta.get("language") or "en"),
        source=_text_or_none(meta.get("source")), wire=_text_or_none(meta.get("wire")),
        dateline=_text_or_none(meta.get("dateline")),
        places=[_place(p, problem) for p in _list(meta.get("places"), "places", problem)],
        casualties=_casualties(meta.get("casualties"), problem),
        tags=[str(t) for t in tags], seed=_text_or_none(meta.get("seed")),
        seed_sha256=_text_or_none(meta.get("seed_sha256")), body=body,
        url=_text_or_none(meta.get("url")), event=_event(meta.get("event"), problem),
        archived_at=_text_or_none(meta.get("archived_at")),
        seed_record=_text_or_none(meta.get("seed_record")),
        extra={k: v for k, v in meta.items() if k not in KNOWN_KEYS},
        review=_review(meta.get("review"), problem),
    )


def _review(value: Any, problem) -> dict[str, str]:
    """`review:` field -> reason; a person clears a flag by deleting its entry (README)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise problem("'review' must be a mapping of field to reason, like 'dateline: why'")
    return {str(k): "" if v is None else str(v) for k, v in value.items()}


def _event(value: Any, problem) -> str | None:
    """`event:` as a person set it: an event id (a slug, as in /events/<id>/) or "none"."""
    if value is None:
        return None
    text = str(value).strip() if isinstance(value, (str, int)) else ""
    if not text or slugify(text) != text:
        raise problem(f"'event' must be an event id like 'kebakaran-di-tebet' (lowercase "
                      f"letters, digits and hyphens) or none, got {value!r}")
    return text


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _list(value: Any, key: str, problem) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise problem(f"'{key}' must be a list")
    return value


def _place(raw: Any, problem) -> Place:
    if isinstance(raw, str):
        return Place(name=raw, id=f"name:{raw}", mentions=[raw], country=None, kind="other",
                     lat=None, lon=None)
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise problem("each place needs at least a 'name'")
    kind = raw.get("kind") or "other"
    if kind not in PLACE_KINDS:
        kinds = ", ".join(sorted(PLACE_KINDS))
        raise problem(f"place {raw['name']!r}: kind must be one of {kinds}")
    lat, lon = raw.get("lat"), raw.get("lon")
    for coordinate, limit in ((lat, 90), (lon, 180)):
        if coordinate is not None and (not isinstance(coordinate, (int, float))
                                       or not -limit <= coordinate <= limit):
            raise problem(f"place {raw['name']!r}: lat/lon out of range")
    return Place(name=raw["name"], id=str(raw.get("id") or f"name:{raw['name']}"),
                 mentions=[str(m) for m in raw.get("mentions") or [raw["name"]]],
                 country=_text_or_none(raw.get("country")), kind=kind,
                 lat=None if lat is None else float(lat), lon=None if lon is None else float(lon))


def _count(raw: Any, problem) -> Count | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise problem("a casualty figure must be {min, max, text} or null")
    low, high = raw.get("min"), raw.get("max")
    for bound in (low, high):
        if bound is not None and (not isinstance(bound, int) or isinstance(bound, bool)
                                  or bound < 0):
            raise problem(f"casualty min/max must be whole numbers >= 0 or null, got {bound!r}")
    return Count(min=low, max=high, text=str(raw.get("text") or ""))


def _casualties(raw: Any, problem) -> Casualties:
    if raw is None:
        return Casualties()
    if not isinstance(raw, dict):
        raise problem("'casualties' must be a mapping")
    mentions = []
    for item in _list(raw.get("mentions"), "casualties.mentions", problem):
        count = _count(item, problem)
        kind = item.get("kind") if isinstance(item, dict) else None
        if kind not in ("killed", "injured", "missing"):
            raise problem("each casualty mention needs kind killed, injured or missing")
        mentions.append(CasualtyMention(kind=kind, count=count))
    return Casualties(killed=_count(raw.get("killed"), problem),
                      injured=_count(raw.get("injured"), problem),
                      missing=_count(raw.get("missing"), problem), mentions=mentions)
