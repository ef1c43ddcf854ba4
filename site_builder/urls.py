"""Slugs and every permalink and output path, in one place.

URLs are site-relative paths with a trailing slash ("articles/baku-x/"); pages link to each
other relatively (`relative_link`), so the site works under any base path such as /repo/.
A slug is ASCII letters, digits and hyphens only, so no slug can climb out of output/.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_SLUG_LENGTH = 80
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)         # a site slugifies its tags and names again and again
def slugify(text: str) -> str:
    """URL-safe ASCII, lowercase, hyphen-separated; never empty, never '.' or '..'."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return _finish_slug(_NOT_SLUG.sub("-", ascii_text.lower()).strip("-"))


def _finish_slug(slug: str) -> str:
    """A slug cut to MAX_SLUG_LENGTH at a hyphen where it can be; "untitled" for nothing."""
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
    return slug or "untitled"


_SEPARATOR = "\0"
# Bytes of ASCII text as slugify's pattern sees them: slug characters and NUL kept, others "-".
_TO_HYPHEN = bytes(c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789\0" else ord("-")
                   for c in range(256))
_HYPHENS = re.compile(rb"--+")


def slugify_many(texts: list[str]) -> list[str]:
    """[slugify(t) for t in texts], for hundreds of thousands of names (the gazetteer's) at
    less than half the cost: the texts are joined by NUL, and normalised, folded and hyphenated
    in one pass each (runs of other characters made "-" by a byte table, then runs of "-" made
    one: what slugify's pattern does). NUL is a character NFKD leaves alone and never reorders
    marks across (its combining class is 0), ASCII keeps, and the table keeps, so each text's
    part of the result is what slugify makes of it alone. Texts holding NUL go one by one."""
    if not texts:
        return []
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:
        return [slugify.__wrapped__(text) for text in texts]
    folded = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").lower()
    parts = _HYPHENS.sub(b"-", folded.translate(_TO_HYPHEN)).decode().split(_SEPARATOR)
    return [slug if 0 < len(slug) <= MAX_SLUG_LENGTH else _finish_slug(slug)
            for slug in (part.strip("-") for part in parts)]


class SlugPool:
    """Slugs given out so far; `take(base)` gives `base`, or `base-2`, `base-3`... whichever is
    free. The number never takes a slug past MAX_SLUG_LENGTH (the base is cut instead): a
    longer slug would be cut back to its base when made into a URL, and two articles would
    share one page. Each base remembers its last number, so a thousand articles of one title
    cost a thousand steps, not half a million."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken = set(taken or ())
        self.next_number: dict[str, int] = {}

    def __contains__(self, slug: str) -> bool:
        return slug in self.taken

    def take(self, base: str) -> str:
        slug, number = base, self.next_number.get(base, 2)
        while slug in self.taken:
            slug, number = _numbered(base, number), number + 1
        self.next_number[base] = number
        self.taken.add(slug)
        return slug


def numbered_from(base: str) -> tuple[str, str]:
    """Bounds of the slugs `base`, `base-2`, `base-x`... that SlugPool may give for `base`:
    `base` <= slug < `base.` ('.' follows '-'), a range an index scans."""
    return base, base + "."


def _numbered(base: str, number: int) -> str:
    suffix = f"-{number}"
    return base[:MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix


def home_url(page: int = 0) -> str:
    """Page 0 is a list's first screen (its newest articles); pages count from the oldest."""
    return "" if page <= 0 else f"page/{page}/"


def article_url(slug: str) -> str:
    return f"articles/{slugify(slug)}/"


def term_list_url(kind: str) -> str:
    return f"{kind}/"


def term_url(kind: str, slug: str, page: int = 0) -> str:
    base = f"{kind}/{slugify(slug)}/"
    return base if page <= 0 else f"{base}page/{page}/"


def events_url(page: int = 0) -> str:
    return "events/" if page <= 0 else f"events/page/{page}/"


def event_url(event_id: str) -> str:
    return f"events/{slugify(event_id)}/"


def archive_url(year: int | None = None, month: int | None = None) -> str:
    if year is None:
        return "archive/"
    if month is None:
        return f"archive/{year:04d}/"
    return f"archive/{year:04d}/{month:02d}/"


def search_url() -> str:
    return "search/"


def output_path(url: str) -> str:
    """The file a URL is served from: a folder URL is its index.html."""
    return f"{url}index.html" if url == "" or url.endswith("/") else url


def relative_link(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`, both site-relative; works under any base.

    Climb to the site root ("../" per folder of the page), then descend: always right, and
    cheap enough to call tens of thousands of times a build."""
    depth = from_url.count("/")
    link = "../" * depth + to_url
    return link or "./"


def absolute_url(base_url: str, url: str) -> str:
    """An absolute URL for feeds, sitemaps and canonical links; relative when no base is set."""
    return (base_url.rstrip("/") + "/" + url) if base_url else "/" + url
