"""The search index over the rendered pages: Pagefind's CLI, run once over the finished output.

Why the CLI: the `pagefind[extended]` wheel ships the binary, so nothing is downloaded at build
time, and it indexes 1,700 pages in about 2 s; its Python API takes about 0.1 s a record.

What the templates must carry (Pagefind reads only these attributes):

* Article pages mark the indexed text with ``data-pagefind-body`` on the element that holds the
  article's own words (not the headline, byline or metadata panel: a result's excerpt is then
  the article's text, not "Wednesday, May 28, 2025 · KOMPAS.com · Bern"; the title is still
  searched, through its ``title`` metadata). Metadata and filters are read from the whole page.
  Once any page has it, pages without it (lists, tag pages, the search page) are left out of
  the index, which is what we want.
* Metadata returned with each result (``data-pagefind-meta``; ``key[attr]`` reads an attribute,
  which is safer than ``key:value`` because values may hold commas and colons)::

      <h1 data-pagefind-meta="title">{{ title }}</h1>
      <time datetime="2020-11-01" data-date-shown="1 Nov 2020"
            data-pagefind-meta="date[datetime], date_shown[data-date-shown]">…</time>
      <span data-place="{{ dateline or first place name }}"
            data-pagefind-meta="place[data-place]">…</span>
      <span data-killed="{{ killed figure as shown, e.g. 1.200+ }}"
            data-pagefind-meta="killed[data-killed]">…</span>

  ``search.js`` shows ``title`` (linked), ``date_shown`` (the date as the site's other pages
  show it, in the site language; ``date`` is the ISO date), ``place`` and ``killed`` (the figure
  as displayed, e.g. "1.200+" or "20–99"); leave out an attribute when there is no value.
* Filters (``data-pagefind-filter``; the element's text is the value, one element per value, and
  repeating an element adds values)::

      <a href="…/tags/perang/" data-pagefind-filter="tag">perang</a>       (one per tag)
      <a href="…/places/baku/" data-pagefind-filter="place">Baku</a>      (one per place)
      <a href="…/sources/gatra-com/" data-pagefind-filter="source">Gatra.com</a>
      <time datetime="2020-11-01" data-year="2020"
            data-pagefind-filter="year[data-year]">…</time>

  Put whitespace between adjacent filter elements: Pagefind joins their text into the indexed
  body. The filter names are exactly ``tag``, ``place``, ``source``, ``year`` and ``event``
  (the event's name, on its page and on each of its reports; search.js asks for these).
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder.write import link_or_copy

if TYPE_CHECKING:
    from site_builder.store import Store

BUNDLE_DIR = "pagefind"              # where the CLI writes the index, relative to the site
INDEX_SUFFIXES = (".pf_index", ".pf_fragment", ".pf_filter", ".pf_meta")


class SearchIndexError(RuntimeError):
    """The index could not be built; str() is one line saying why and what to do."""


def _pagefind_binary() -> Path:
    """The binary the pagefind package would run (PAGEFIND_BINARY_PATH, the wheel, or PATH)."""
    from pagefind.service import get_executable  # imports asyncio: only when indexing
    binary = get_executable()
    if binary is None or not binary.is_file():
        raise SearchIndexError('pagefind binary not found: install "pagefind[extended]" '
                               "(the extra ships the binary) or set PAGEFIND_BINARY_PATH")
    return binary


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


# ---------------------------------------------------------------- shards

# An archive's index is split into shards of about `[search] shard_size` articles, each its own
# Pagefind bundle; search.js merges them in the browser (Pagefind's mergeIndex). Pagefind's
# memory grows with what one run indexes (10,000 pages: 2.5 GB; 1,000: 270 MB), shards are
# indexed on both cores, and an edit re-indexes one shard. Which shard a page is in is given
# once, in date order (plan/shards.py): an added article's pages share one or two shards.
# The first shard that has pages is the primary bundle at pagefind/; the others are at
# pagefind-shards/NN/, listed in pagefind/shards.json.
SHARDS_DIR = "pagefind-shards"
SHARD_LIST = "shards.json"


def shard_bundle(bundle: int) -> str:
    """Where the n-th bundle of the index is, relative to the site."""
    return BUNDLE_DIR if bundle == 0 else f"{SHARDS_DIR}/{bundle:02d}"


def index_shards(site: Path, language: str, bundles: dict[int, list[str]], total: int,
                 workers: int = 2) -> None:
    """Index the given bundles of `site` (bundle number → its pages), two Pagefind runs at
    once; each run sees only its bundle's pages, through a mirror folder of hard links.
    `total`: how many bundles the index has (the others are kept)."""
    if not bundles:
        return
    with ThreadPoolExecutor(max(1, min(workers, len(bundles)))) as pool:
        for _ in pool.map(lambda k: _index_one(site, language, k, bundles[k]), bundles):
            pass
    _write_shard_list(site, total)


def _index_one(site: Path, language: str, shard: int, pages: list[str]) -> None:
    mirror = site.parent / f".{site.name}-mirror-{os.getpid()}-{shard}"
    shutil.rmtree(mirror, ignore_errors=True)
    try:
        for page in pages:
            target = mirror / page
            target.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(str(site / page), str(target))
        bundle = site / shard_bundle(shard)
        fresh = bundle.with_name(bundle.name + f".new-{os.getpid()}")
        shutil.rmtree(fresh, ignore_errors=True)
        _run_pagefind(mirror, fresh, language)
        old = bundle.with_name(bundle.name + f".old-{os.getpid()}")
        if bundle.exists():
            os.rename(bundle, old)
        os.rename(fresh, bundle)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(mirror, ignore_errors=True)


def _run_pagefind(site: Path, output: Path, language: str, timeout: float = 3600) -> None:
    command = [str(_pagefind_binary()), "--site", str(site), "--output-path", str(output),
               "--force-language", language, "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"{site}: pagefind took longer than {timeout:.0f} s") from None
    if done.returncode != 0:
        detail = _last_line(done.stderr) or _last_line(done.stdout) or f"exit {done.returncode}"
        raise SearchIndexError(f"{site}: pagefind failed: {detail}")


def _write_shard_list(site: Path, count: int) -> None:
    """pagefind/shards.json: the other bundles, relative to the site root, for search.js."""
    listing = {"shards": [f"{shard_bundle(k)}/" for k in range(1, count)]}
    target = site / BUNDLE_DIR / SHARD_LIST
    fresh = target.with_name(f"{SHARD_LIST}.new-{os.getpid()}")
    fresh.write_text(json.dumps(listing), encoding="utf-8")
    os.replace(fresh, target)         # never written through: the file may be a hard link
    shards = site / SHARDS_DIR
    for extra in sorted(shards.iterdir()) if shards.is_dir() else ():
        if extra.name.isdigit() and int(extra.name) >= count:
            shutil.rmtree(extra, ignore_errors=True)     # bundles of a larger index


# ---------------------------------------------------------------- which shards to index

def changed_shards(store: Store, output: Path, shards: set[int],
                   pending: set[int]) -> set[int] | None:
    """The shards to index again after a rebuild: those of the indexed pages it made or
    removed (`shards`, plan/shards.py), and the bundles a stopped background job left
    (`pending`). None (all of them) when `output` has no index, or one whose bundles are not
    the first of those the database now has (a shard left empty: bundles renumbered)."""
    before = json.loads(store.get("bundles") or "[]")
    if not (output / BUNDLE_DIR / "pagefind-entry.json").is_file() or \
            _filled(store)[:len(before)] != before:
        return None
    return shards | {before[b] for b in pending if b < len(before)}


def bundles(store: Store, shards: set[int] | None) -> tuple[dict[int, list[str]], int]:
    """(bundle number → its pages, for `shards` or all of them; how many bundles there are),
    and the database told which bundles the index now has. Bundles are the shards that have
    pages, numbered in order: the first is the primary one, at pagefind/."""
    filled = _filled(store)
    todo = {}
    for bundle, shard in enumerate(filled):
        if shards is None or shard in shards:
            todo[bundle] = [p for (p,) in store.rows(
                "SELECT path FROM pages WHERE shard = ? ORDER BY path", (shard,))]
    store.set("bundles", json.dumps(filled))
    return todo, len(filled)


def _filled(store: Store) -> list[int]:
    return [s for (s,) in store.rows("SELECT DISTINCT shard FROM pages WHERE shard >= 0 "
                                     "ORDER BY shard")]


def start_background_index(output: Path, language: str, bundles: dict[int, list[str]],
                           total: int, cache_dir: Path) -> None:
    """Re-index the given bundles of the live `output` in a detached process. Call
    `stop_background_index` first and add the bundles it returns: a newer build stops an older
    job, and the bundles that job left unfinished are indexed by the new one, so the index lags
    the pages by at most one index run."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    job = cache_dir / JOB_FILE
    job.write_text(json.dumps({"output": str(output.resolve()), "language": language,
                               "shards": {str(k): pages for k, pages in sorted(bundles.items())},
                               "count": total}), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "site_builder.search", str(job)],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    (cache_dir / PID_FILE).write_text(str(process.pid))


JOB_FILE, PID_FILE = "search-index-job.json", "search-index.pid"


def stop_background_index(cache_dir: Path) -> set[int]:
    """Stop a background index job that is still running (with its Pagefind runs) and clear
    what it left half made; return the shards it had not finished, to be indexed again."""
    job_file, pid_file = cache_dir / JOB_FILE, cache_dir / PID_FILE
    try:
        job = json.loads(job_file.read_text(encoding="utf-8"))
        output, pending = Path(job["output"]), {int(k) for k in job["shards"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    with contextlib.suppress(OSError, ValueError):
        pid = int(pid_file.read_text())
        if "site_builder.search" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
            os.killpg(pid, signal.SIGTERM)      # its own session: Pagefind children too
            _wait_gone(pid)
    for leftover in [*output.parent.glob(f".{output.name}-mirror-*"),
                     *output.glob(f"{BUNDLE_DIR}.*-*"), *output.glob(f"{SHARDS_DIR}/*.*-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
    job_file.unlink(missing_ok=True)
    return pending


def _wait_gone(pid: int, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return
        if state == "Z":              # exited; its parent (a build long gone) never reaps it
            return
        time.sleep(0.02)


def _run_job(job_file: Path) -> None:
    job = json.loads(job_file.read_text(encoding="utf-8"))
    bundles = {int(k): pages for k, pages in job["shards"].items()}
    index_shards(Path(job["output"]), job["language"], bundles, job["count"])
    job_file.unlink(missing_ok=True)             # done: nothing pending


if __name__ == "__main__":
    _run_job(Path(sys.argv[1]))
