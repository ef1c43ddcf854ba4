"""Benchmark site-builder against Pelican and Hugo (+ Pagefind) on one corpus, in one run.

    python bench/run_bench.py --n 10000 [--seed 1] [--skip-peers] [--json results.json]

Steps, each a separate process timed by wall clock, with the peak memory of its whole process
tree (the sum of the PSS of the process and all its descendants, sampled every 20 ms from
/proc):

  site-builder  cold build from raw seeds (extract + render + Pagefind index); no-change rebuild;
                one-edit rebuild (one content page's body edited); extraction alone
  Pelican       cold build (content cache on), Pagefind over its output, no-change and
                one-edit rebuilds
  Hugo          cold build (tags, places and sources taxonomies), Pagefind over its output,
                no-change and one-edit rebuilds

The peers render the same articles: site-builder's content pages converted to their Markdown,
with the same tags, places and sources, paginated 20 a page. The gazetteer's name index is built
once before the timed runs (a one-time cost per machine, reported separately).
Needs the bench extra: pip install -e '.[bench]'.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import frontmatter

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from make_corpus import make_corpus  # noqa: E402

PYTHON = sys.executable
BIN = Path(sys.executable).parent


@dataclass
class Step:
    name: str
    seconds: float
    peak_mb: float
    note: str = ""


def tree_rss_mb(root_pid: int) -> float:
    """Memory of a process and its descendants: the sum of their PSS (proportional set size,
    from /proc/PID/smaps_rollup), so pages that forked workers share with their parent are
    counted once, not once a process as a sum of RSS would."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        pid, parent = int(entry), int(fields.get("PPid", "0").strip() or 0)
        children.setdefault(parent, []).append(pid)
        rss[pid] = _pss_kb(pid) or int(fields.get("VmRSS", "0 kB").split()[0] or 0)
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total / 1024


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(name: str, command: list[str], cwd: Path, note: str = "") -> Step:
    """Run one command, timing it and sampling its process tree's memory."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(process.pid))
            time.sleep(0.02)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{name} failed ({process.returncode}): {err[-2000:]}")
    print(f"  {name:42} {seconds:8.2f} s {peak[0]:8.0f} MB", flush=True)
    return Step(name, round(seconds, 3), round(peak[0], 1), note)


def edit_one(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\nEdited for the benchmark.\n", encoding="utf-8")


# ------------------------------------------------------------------ site-builder

def bench_ours(corpus: Path, work: Path) -> tuple[list[Step], Path]:
    site = work / "ours"
    shutil.copytree(corpus, site / "seeds")
    (site / "site.toml").write_text(
        'title = "Bench"\nlanguage = "id"\nper_page = 20\n[extract]\n'
        'reference_date = 2025-12-31\n', encoding="utf-8")
    cli = [PYTHON, "-m", "site_builder"]
    steps = [run("site-builder: gazetteer index (once)", [PYTHON, "-c",
                 "from pathlib import Path; from site_builder.extract import load_gazetteer;"
                 " load_gazetteer(Path('.cache'))"], site)]
    steps.append(run("site-builder: cold build (+ search index)", [*cli, "build"], site))
    steps.append(run("site-builder: no-change rebuild", [*cli, "build"], site))
    edit_one(sorted((site / "content").glob("*.md"))[len(list(corpus.iterdir())) // 2])
    steps.append(run("site-builder: one-edit rebuild", [*cli, "build"], site))
    fresh = work / "extract-only"
    count = len(list(corpus.glob("*.txt")))
    step = run("site-builder: extraction alone (2 cores)",
               [*cli, "extract", "seeds", "--content", str(fresh)], site)
    step.note = f"{count / step.seconds:.0f} articles/s"
    steps.append(step)
    one_core = run("site-builder: extraction alone (1 core)", [PYTHON, "-c", ONE_CORE, str(site)],
                   site)
    one_core.note = (work / "one-core.txt").read_text().strip() if (
        work / "one-core.txt").exists() else ""
    steps.append(one_core)
    return steps, site / "content"


ONE_CORE = """
import sys, time
from pathlib import Path
from site_builder.extract import extract_metadata, load_gazetteer
from site_builder.seeds import read_seed
site = Path(sys.argv[1])
gazetteer = load_gazetteer(site / ".cache")
seeds = [read_seed(p, site) for p in sorted((site / "seeds").glob("*.txt"))]
started = time.perf_counter()
for seed in seeds:
    extract_metadata(seed.title, seed.body, None, gazetteer)
rate = len(seeds) / (time.perf_counter() - started)
(site.parent / "one-core.txt").write_text(f"{rate:.0f} articles/s after start-up")
"""


# ------------------------------------------------------------------ peers

def peer_articles(content: Path):
    for page in sorted(content.glob("*.md")):
        post = frontmatter.load(page)
        yield page.stem, post


def write_pelican(content: Path, site: Path) -> None:
    (site / "content").mkdir(parents=True)
    for slug, post in peer_articles(content):
        tags = ", ".join(str(t) for t in post.get("tags") or [])
        day = post.get("date") or "2000-01-01"
        (site / "content" / f"{slug}.md").write_text(
            f"Title: {post['title']}\nDate: {day}\nSlug: {slug}\nTags: {tags}\n"
            f"Category: news\n\n{post.content}\n", encoding="utf-8")
    (site / "pelicanconf.py").write_text(
        "SITENAME = 'Bench'\nPATH = 'content'\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'id'\n"
        "DEFAULT_PAGINATION = 20\nRELATIVE_URLS = True\nCACHE_CONTENT = True\n"
        "LOAD_CONTENT_CACHE = True\nCACHE_PATH = 'cache'\nFEED_ALL_ATOM = 'feeds/all.atom.xml'\n",
        encoding="utf-8")


HUGO_LAYOUTS = {
    "baseof.html": "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">"
                   "<title>{{ .Title }}</title></head><body><main>{{ block \"main\" . }}"
                   "{{ end }}</main></body></html>",
    "single.html": "{{ define \"main\" }}<article data-pagefind-body><h1>{{ .Title }}</h1>"
                   "<p>{{ .Date.Format \"2006-01-02\" }}</p>{{ .Content }}"
                   "{{ range .Params.tags }}<a href=\"/tags/{{ . | urlize }}/\">{{ . }}</a> "
                   "{{ end }}</article>{{ end }}",
    "list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages }}"
                 "<ul>{{ range $p.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>"
                 "</li>{{ end }}</ul>{{ with $p.Next }}<a href=\"{{ .URL }}\">next</a>{{ end }}"
                 "{{ end }}",
    "taxonomy.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms }}"
                     "<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> "
                     "{{ .Count }}</li>{{ end }}</ul>{{ end }}",
}


def write_hugo(content: Path, site: Path) -> None:
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    for slug, post in peer_articles(content):
        places = [p["name"] for p in post.get("places") or [] if isinstance(p, dict)]
        sources = [s for s in (post.get("source"), post.get("wire")) if s]
        meta = {"title": post["title"], "date": str(post.get("date") or "2000-01-01"),
                "tags": [str(t) for t in post.get("tags") or []], "places": places,
                "sources": sources}
        (posts / f"{slug}.md").write_text("---\n" + json.dumps(meta, ensure_ascii=False)
                                          + "\n---\n\n" + post.content + "\n", encoding="utf-8")
    layouts = site / "layouts"
    layouts.mkdir()
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (layouts / "term.html").write_text(HUGO_LAYOUTS["list.html"], encoding="utf-8")
    (layouts / "home.html").write_text(HUGO_LAYOUTS["list.html"], encoding="utf-8")
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Bench"\nlanguageCode = "id"\n'
        "[pagination]\npagerSize = 20\n[taxonomies]\ntag = 'tags'\nplace = 'places'\n"
        "source = 'sources'\n", encoding="utf-8")


def bench_peers(content: Path, work: Path) -> list[Step]:
    steps: list[Step] = []
    pagefind = [PYTHON, "-m", "pagefind", "--site"]
    pelican = work / "pelican"
    write_pelican(content, pelican)
    command = [str(BIN / "pelican"), "content", "-o", "output", "-s", "pelicanconf.py"]
    steps.append(run("Pelican: cold build", command, pelican))
    steps.append(run("Pelican: + Pagefind index", [*pagefind, "output"], pelican))
    steps.append(run("Pelican: no-change rebuild", command, pelican))
    edit_one(sorted((pelican / "content").glob("*.md"))[0])
    steps.append(run("Pelican: one-edit rebuild", command, pelican))
    hugo = work / "hugo"
    write_hugo(content, hugo)
    command = [str(BIN / "hugo"), "--quiet", "--destination", "public"]
    steps.append(run("Hugo: cold build", command, hugo))
    steps.append(run("Hugo: + Pagefind index", [*pagefind, "public"], hugo))
    steps.append(run("Hugo: no-change rebuild", command, hugo))
    edit_one(sorted((hugo / "content" / "posts").glob("*.md"))[0])
    steps.append(run("Hugo: one-edit rebuild", command, hugo))
    return steps


def summary(steps: list[Step]) -> dict[str, float]:
    by = {s.name: s for s in steps}
    ours = by["site-builder: cold build (+ search index)"].seconds
    result = {"ours_cold_with_search_s": ours}
    for peer in ("Pelican", "Hugo"):
        if f"{peer}: cold build" in by:
            total = by[f"{peer}: cold build"].seconds + by[f"{peer}: + Pagefind index"].seconds
            result[f"{peer.lower()}_cold_with_pagefind_s"] = round(total, 2)
            result[f"{peer.lower()}_over_ours"] = round(total / ours, 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="site-builder-bench-"))
    try:
        print(f"bench: {args.n} articles (seed {args.seed}) in {work}", flush=True)
        corpus = work / "corpus"
        make_corpus(args.n, corpus, args.seed)
        steps, content = bench_ours(corpus, work)
        if not args.skip_peers:
            steps += bench_peers(content, work)
        ratios = summary(steps)
        print(json.dumps(ratios, indent=1))
        if args.json:
            args.json.write_text(json.dumps({"n": args.n, "seed": args.seed, "cpus": os.cpu_count(),
                                             "steps": [asdict(s) for s in steps],
                                             "ratios": ratios}, indent=1) + "\n")
            print(f"bench: results → {args.json}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
