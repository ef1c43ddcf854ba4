"""The search index over the rendered pages: Pagefind's CLI, run once over the finished output.

Why the CLI: the `pagefind[extended]` wheel ships the binary, so nothing is downloaded at build
time, and it indexes 1,700 pages in about 2 s; its Python API takes about 0.1 s a record.

What the templates must carry (Pagefind reads only these attributes):

* Article pages mark the indexed text with ``data-pagefind-body`` on the element that holds the
  article (headline, metadata panel, text). Once any page has it, pages without it (lists, tag
  pages, the search page) are left out of the index, which is what we want.
* Metadata returned with each result (``data-pagefind-meta``; ``key[attr]`` reads an attribute,
  which is safer than ``key:value`` because values may hold commas and colons)::

      <h1 data-pagefind-meta="title">{{ title }}</h1>
      <time datetime="2020-11-01" data-pagefind-meta="date[datetime]">1 November 2020</time>
      <span data-place="{{ dateline or first place name }}"
            data-pagefind-meta="place[data-place]">…</span>
      <span data-killed="{{ killed figure as shown, e.g. 1.200+ }}"
            data-pagefind-meta="killed[data-killed]">…</span>

  ``search.js`` shows ``title`` (linked), ``date``, ``place`` and ``killed`` (the figure as
  displayed, e.g. "1.200+" or "20–99"); leave out an attribute when there is no value.
* Filters (``data-pagefind-filter``; the element's text is the value, one element per value, and
  repeating an element adds values)::

      <a href="…/tags/perang/" data-pagefind-filter="tag">perang</a>       (one per tag)
      <a href="…/places/baku/" data-pagefind-filter="place">Baku</a>      (one per place)
      <a href="…/sources/gatra-com/" data-pagefind-filter="source">Gatra.com</a>
      <time datetime="2020-11-01" data-year="2020"
            data-pagefind-filter="year[data-year]">…</time>

  Put whitespace between adjacent filter elements: Pagefind joins their text into the indexed
  body. The filter names are exactly ``tag``, ``place``, ``source``, ``year`` (search.js asks
  for these).
* The search page: ``<div id="search" data-site-root="{{ relative root, e.g. ../ }}"></div>``
  and ``<script type="module" src="{{ root }}static/search.js"></script>``.

Both languages in one search: by default Pagefind splits its index by each page's
``<html lang>`` and the browser searches only the index of the search page's own language, so an
Indonesian site would never find its English articles. We index with ``--force-language`` set to
the site language: one index, every article searchable from the one search page, and filters
and counts span the whole archive. The cost is stemming: every page is stemmed with the site
language's stemmer. Measured on a tiny site forced to ``id``: "melaporkan" and "lapor" find
"dilaporkan", "selamat" finds "diselamatkan"; English pages then match on whole words and on
prefixes only ("kill" finds "killed", "fire" finds "fired"), while "kills" and "fires" no longer
find "killed"/"fired" as they do in an ``en`` index. (Forced to ``en``, the reverse: "lapor"
stops finding "dilaporkan".)

Templates should still set ``lang`` to the article's language (on ``<html>`` or on the article
element) for screen readers and hyphenation: with the forced index language it does not split
the search. The search page loads the one index whatever its own ``lang``.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import get_executable

BUNDLE_DIR = "pagefind"              # where the CLI writes the index, relative to the site
INDEX_SUFFIXES = (".pf_index", ".pf_fragment", ".pf_filter", ".pf_meta")


class SearchIndexError(RuntimeError):
    """The index could not be built; str() is one line saying why and what to do."""


@dataclass(frozen=True)
class SearchIndexReport:
    """What the indexer did: pages indexed (per language), bytes written, time taken."""

    pages: int
    languages: dict[str, int]
    index_bytes: int          # the index proper: word index, fragments, filters, metadata
    bundle_bytes: int         # everything under pagefind/, including the JS and WebAssembly
    seconds: float


def build_search_index(site_dir: Path, language: str = "en",
                       timeout: float = 600.0) -> SearchIndexReport:
    """Index the built site in `site_dir` into `site_dir/pagefind/` as one `language` index.

    `language` is the site's language (config.language): every page goes into that one index,
    so the search page finds articles in any language (see the module docstring).
    """
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        raise SearchIndexError(f"{site_dir}: no built site to index")
    binary = _pagefind_binary()
    started = time.perf_counter()
    command = [str(binary), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
               "--force-language", language, "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"{site_dir}: pagefind took longer than {timeout:.0f} s") from None
    if done.returncode != 0:
        detail = _last_line(done.stderr) or _last_line(done.stdout) or f"exit {done.returncode}"
        raise SearchIndexError(f"{site_dir}: pagefind failed: {detail}")
    return _report(site_dir / BUNDLE_DIR, time.perf_counter() - started)


def _pagefind_binary() -> Path:
    """The binary the pagefind package would run (PAGEFIND_BINARY_PATH, the wheel, or PATH)."""
    binary = get_executable()
    if binary is None or not binary.is_file():
        raise SearchIndexError('pagefind binary not found: install "pagefind[extended]" '
                               "(the extra ships the binary) or set PAGEFIND_BINARY_PATH")
    return binary


def _report(bundle: Path, seconds: float) -> SearchIndexReport:
    """Read the counts Pagefind wrote into pagefind-entry.json, and measure the files."""
    entry_file = bundle / "pagefind-entry.json"
    if not entry_file.is_file():
        raise SearchIndexError(f"{bundle}: pagefind wrote no pagefind-entry.json")
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    languages = {lang: int(info.get("page_count", 0))
                 for lang, info in entry.get("languages", {}).items()}
    files = [path for path in bundle.rglob("*") if path.is_file()]
    return SearchIndexReport(
        pages=sum(languages.values()),
        languages=languages,
        index_bytes=sum(p.stat().st_size for p in files if p.suffix in INDEX_SUFFIXES),
        bundle_bytes=sum(p.stat().st_size for p in files),
        seconds=round(seconds, 3),
    )


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


# ---------------------------------------------------------------- rebuilds

def copy_search_index(previous_output: Path, staging: Path) -> bool:
    """Carry the previous build's index into the staged output (hard links: no bytes copied)."""
    source = previous_output / BUNDLE_DIR
    if not source.is_dir():
        return False
    shutil.copytree(source, staging / BUNDLE_DIR, copy_function=_link_or_copy)
    return True


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def start_background_index(output: Path, language: str, cache_dir: Path) -> None:
    """Re-index `output` in a detached process; the newest request wins (an older job still
    running is stopped), so the index lags the pages by at most one index run."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    pid_file = cache_dir / "search-index.pid"
    with contextlib.suppress(OSError, ValueError):
        os.kill(int(pid_file.read_text()), signal.SIGTERM)
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder.search", str(output.resolve()), language],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    pid_file.write_text(str(process.pid))


def reindex_in_place(output: Path, language: str) -> None:
    """Build a fresh index beside the live one, then swap it in (two renames)."""
    fresh = output.parent / f".{output.name}-pagefind-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    try:
        command = [str(_pagefind_binary()), "--site", str(output), "--output-path",
                   str(fresh / BUNDLE_DIR), "--force-language", language, "--quiet"]
        subprocess.run(command, check=True, capture_output=True, timeout=3600)
        live, old = output / BUNDLE_DIR, fresh / "old"
        if live.exists():
            os.rename(live, old)
        os.rename(fresh / BUNDLE_DIR, live)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


if __name__ == "__main__":
    reindex_in_place(Path(sys.argv[1]), sys.argv[2])
