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
import hashlib
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
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
    started = time.perf_counter()
    _run_pagefind(site_dir, site_dir / BUNDLE_DIR, language, timeout)
    _write_shard_list(site_dir, 1)
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


# ---------------------------------------------------------------- shards

# An archive's index is split into shards of about SHARD_SIZE articles, each its own Pagefind
# bundle; search.js merges them in the browser (Pagefind's mergeIndex). Pagefind's memory grows
# with what one run indexes (10,000 pages: 2.5 GB; 1,000: 270 MB), shards are indexed on both
# cores, and an edit re-indexes one shard. Shard 0 is the primary bundle at pagefind/; the
# others are at pagefind-shards/NN/, listed in pagefind/shards.json.
SHARD_SIZE = int(os.environ.get("SITE_BUILDER_SHARD_SIZE", "700"))    # tests make it small
MAX_SHARDS = 64
SHARDS_DIR = "pagefind-shards"
SHARD_LIST = "shards.json"


def shard_count(pages: int) -> int:
    return max(1, min(MAX_SHARDS, math.ceil(pages / SHARD_SIZE)))


def shard_of(path: str, count: int) -> int:
    """A page's shard: stable for a given shard count, whatever else is in the archive."""
    return int(hashlib.sha1(path.encode("utf-8")).hexdigest()[:8], 16) % count


def shard_bundle(shard: int) -> str:
    return BUNDLE_DIR if shard == 0 else f"{SHARDS_DIR}/{shard:02d}"


def plan_shards(page_keys: dict[str, str]) -> dict[int, tuple[list[str], str]]:
    """Shard → (its pages, a hash of their keys): equal hashes mean an unchanged shard."""
    count = shard_count(len(page_keys))
    members: dict[int, list[str]] = {k: [] for k in range(count)}
    for path in sorted(page_keys):
        members[shard_of(path, count)].append(path)
    # Pagefind cannot build an empty bundle: shards left empty (only in tiny archives) are
    # dropped and the rest numbered 0, 1, ... so that shard 0, the primary, always exists.
    filled = [paths for _, paths in sorted(members.items()) if paths]
    return {k: (paths, hashlib.sha256("\0".join(f"{p}={page_keys[p]}" for p in paths)
                                      .encode()).hexdigest()[:32])
            for k, paths in enumerate(filled)}


def index_shards(site: Path, language: str, shards: dict[int, tuple[list[str], str]],
                 only: set[int] | None = None, workers: int = 2) -> float:
    """Index the given shards of `site` (all when `only` is None), two Pagefind runs at once;
    each run sees only its shard's pages, through a mirror folder of hard links."""
    started = time.perf_counter()
    if not shards:
        return 0.0                    # no articles: nothing to search
    todo = [k for k in shards if only is None or k in only]
    with ThreadPoolExecutor(max(1, min(workers, len(todo) or 1))) as pool:
        for _ in pool.map(lambda k: _index_one(site, language, k, shards[k][0]), todo):
            pass
    _write_shard_list(site, len(shards))
    return time.perf_counter() - started


def _index_one(site: Path, language: str, shard: int, pages: list[str]) -> None:
    mirror = site.parent / f".{site.name}-mirror-{os.getpid()}-{shard}"
    shutil.rmtree(mirror, ignore_errors=True)
    try:
        for page in pages:
            target = mirror / page
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(str(site / page), str(target))
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
    (site / BUNDLE_DIR / SHARD_LIST).write_text(json.dumps(listing), encoding="utf-8")


def copy_shards(previous_output: Path, staging: Path, count: int) -> None:
    """Carry every shard of the previous build into the staged output (hard links)."""
    for shard in range(count):
        source = previous_output / shard_bundle(shard)
        if source.is_dir():
            target = staging / shard_bundle(shard)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(source, target, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def start_background_index(output: Path, language: str, shards: dict[int, tuple[list[str], str]],
                           only: set[int], cache_dir: Path) -> None:
    """Re-index the given shards of the live `output` in a detached process. Call
    `stop_background_index` first and add the shards it returns: a newer build stops an older
    job, and the shards that job left unfinished are indexed by the new one, so the index lags
    the pages by at most one index run."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    job = cache_dir / JOB_FILE
    job.write_text(json.dumps({"output": str(output.resolve()), "language": language,
                               "shards": {str(k): shards[k][0] for k in sorted(only)},
                               "count": len(shards)}), encoding="utf-8")
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
    shards = {int(k): (pages, "") for k, pages in job["shards"].items()}
    index_shards(Path(job["output"]), job["language"], shards)
    _write_shard_list(Path(job["output"]), job["count"])
    job_file.unlink(missing_ok=True)             # done: nothing pending


if __name__ == "__main__":
    _run_job(Path(sys.argv[1]))
