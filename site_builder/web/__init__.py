"""Seeds from the web: saved pages (.html), crawls (.warc, .warc.gz, .wacz) and scraper exports
(.jsonl, news-please's .json).

One such file may hold many articles. Each is a `Unit` (units.py: found by reading the file's
headers, its payload read later, in the worker that extracts it); its page facts (title,
publisher, date, URL) come from the page itself first (page.py), then the text extractors run
on the main text as for a .txt seed (seed.py makes the `Seed`). A unit's page is keyed in the
extract state by `seed#key` (the crawled URL, a .jsonl line's URL), so a crawl that grows
extracts only its new records.
"""
from __future__ import annotations

from pathlib import Path

WEB_SUFFIXES = (".html", ".htm", ".warc", ".warc.gz", ".wacz", ".jsonl", ".json")
# Bumped when the same page gives a different seed (page.py's rules), so pages are re-extracted.
WEB_READER_VERSION = "4"
# The extract state's entries of web pages that hold no article (seed.py): here, where the
# planning of a folder of .txt seeds can see it without importing the web readers.
SKIPPED_PREFIX = "~not-an-article-"


def is_web_seed(path: Path | str) -> bool:
    """True for the web seed files: saved pages, crawls, scraper exports."""
    return str(path).lower().endswith(WEB_SUFFIXES)


def seed_file_of(key: str) -> str:
    """The seed file a page's key names (`seed` or `seed#key`). A file name may hold `#`, and
    so may a record's key (a URL): the file is the shortest prefix up to a `#` that names a web
    seed file, else the whole key."""
    at = key.find("#")
    while at != -1:
        if is_web_seed(key[:at]):
            return key[:at]
        at = key.find("#", at + 1)
    return key
