"""Front-matter Markdown pages in content/: read, write, and the no-clobber rule.

A page is both the extractor's output and a person's working copy. Extract records the hash of
every page it writes in `content/.extract-state.json` (extract_state.py: committed with the
pages, so a fresh clone knows too); a page whose bytes no longer match was edited by a person
and is never overwritten.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any

from site_builder import yaml_writer
from site_builder.model import Article, Casualties, CasualtyMention, Count, Place
from site_builder.seeds import path_order
from site_builder.urls import slugify

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
        # python-frontmatter's YAML handler parses with CSafeLoader where libyaml is there;
        # keyword arguments would be metadata defaults, not the loader ('Loader' was kept in
        # every page's `extra`, and its pickle made a rebuild import PyYAML to read an article).
        post = frontmatter.loads(text)
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
