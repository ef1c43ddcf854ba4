"""What a rebuild costs in a built site, measured in place: nothing changed, one content page
edited, one seed edited, one seed added (dated the newest day, or mid-archive). Each `build`
is its own process (start-up included): its wall and CPU seconds (user + sys of the build and
the render workers it forked, not of the detached search indexer, which is waited for before
the next step and reported apart), and the build's own line.

    python bench/rebuild_bench.py SITE [--steps nochange,page,seed,add,addmid,addsource]
                                       [--pin-theme]
                                       [--profile DIR] [--kinds] [--cpu-stages] [--in-process]
                                       [--json FILE]

SITE is changed (a content page and a seed edited, a seed `zz-newest-N.txt` or, `addmid`,
`zz-mid-N.txt` dated mid-archive or, `addsource`, `zz-source-N.txt` dated the newest day with
its lede naming an outlet new to the archive (a new source term) added, built): use a copy of
your own (`cp -a`; a copy in another folder is a new site to the cache, so build it once
first). Unlike add_one_bench.py nothing is copied or built untimed: at 100,000 articles a
copy's first build takes half an hour.

`--pin-theme` builds with the theme key the site's database holds (the key is still worked
out, its cost counted): the package's code is part of the key, so another checkout would
otherwise render every page again and read every seed; pinned, two checkouts can be measured
one after the other on the same built site (their pages are the same). `--profile DIR` writes
each step's cProfile of the build process to DIR/STEP.prof (the render workers are not in it),
timed in CPU seconds (`time.process_time`). Each step prints the start-up's CPU seconds (Python
and the imports); `--cpu-stages` gives the build's line in CPU seconds of its process.
`--in-process` forks no render workers (a rebuild of more than workers.MIN_ITEMS pages forks
them, and `--kinds` and `--profile` see only the build's process): every job is then timed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from add_one_bench import REWRITTEN, wait_for_search
from run_bench import add_newest_seed, edit_one

from make_corpus import DEFAULT_SOURCES, LAST_DAY, SPAN_DAYS, article, load_corpus

PYTHON = sys.executable
MID_DAY = LAST_DAY - timedelta(days=SPAN_DAYS // 2)     # the `addmid` step's seeds' date
# The build as `site-builder build` runs it (cli.main), optionally with the theme key pinned to
# the one the database holds, optionally under cProfile, optionally with each render job timed
# by the kind of file it makes. argv: [pin 0/1, profile file or "", kinds 0/1].
PIN_THEME = """
import sqlite3
from pathlib import Path
from site_builder.config import load_config
from site_builder.store import database_path
config = load_config(Path("site.toml"))
db = sqlite3.connect(database_path(config.cache_path, config.content_path))
recorded = db.execute("SELECT value FROM meta WHERE name = 'theme'").fetchone()[0]
db.close()
real = build.theme_key
build.theme_key = lambda config, known: (recorded, real(config, known)[1])
"""   # after `from site_builder import build`: the theme key pinned to the database's
# Each render job's CPU seconds, summed by the kind of file it makes (`kind_of`), and the
# planning (the planners' stream and its finish; each planner's part of it apart), printed as
# "kind: NAME FILES SECONDS" lines.
KINDS = """
import time
from site_builder import plan, render
sys.path.insert(0, KIND_DIR)
from rebuild_bench import kind_of
spent = {}
def note(kind, started, files=1):
    seconds, count = spent.get(kind, (0.0, 0))
    spent[kind] = (seconds + time.process_time() - started, count + files)
real_make = render.Renderer.make
def timed_make(self, job):
    started = time.process_time()
    try:
        return real_make(self, job)
    finally:
        note(kind_of(job[0]), started)
render.Renderer.make = timed_make
real_changed, real_finish = plan.Planning.changed_pages, plan.Planning.finish
def timed_changed(self):
    stream = real_changed(self)
    while True:
        started = time.process_time()
        page = next(stream, None)
        note("(planning)", started, 0)
        if page is None:
            return
        yield page
def timed_finish(self):
    started = time.process_time()
    try:
        return real_finish(self)
    finally:
        note("(planning)", started, 0)
plan.Planning.changed_pages, plan.Planning.finish = timed_changed, timed_finish
real_planners = plan.planners
def timed_planner(planner):
    name = f"(planning: {planner.__module__.rsplit('.', 1)[-1]})"
    def run(ctx):
        stream = planner(ctx)
        while True:
            started = time.process_time()
            owned = next(stream, None)
            note(name, started, 0)
            if owned is None:
                return
            yield owned
    return run
plan.planners = lambda: [timed_planner(p) for p in real_planners()]
def report():
    for kind, (seconds, files) in sorted(spent.items()):
        print(f"kind: {kind} {files} {seconds:.4f}", file=sys.stderr)
"""
BUILD = """
import sys
pin, profile, kinds = sys.argv[1] == "1", sys.argv[2], sys.argv[3] == "1"
from site_builder import build, cli
import time
print(f"start-up cpu: {time.process_time():.4f}", file=sys.stderr)   # Python + imports
if sys.argv[4] == "1":     # the build's line in CPU seconds of this process (not its workers)
    import types
    build.time = types.SimpleNamespace(perf_counter=time.process_time)
if sys.argv[5] == "1":     # every render job in this process: --kinds and --profile see them all
    from site_builder import workers
    workers.worker_count = lambda: 1
if pin:
""" + textwrap.indent(PIN_THEME, "    ") + """
if kinds:
""" + textwrap.indent(KINDS, "    ") + """
import time
linker = build.link_events
def timed_link(store, changes):    # the link stage's CPU seconds (build.py's line: wall)
    started = time.process_time()
    try:
        return linker(store, changes)
    finally:
        print(f"link cpu: {time.process_time() - started:.4f}", file=sys.stderr)
build.link_events = timed_link
if profile:        # CPU time, not the wall clock: the machine is shared
    import cProfile
    import time
    profiler = cProfile.Profile(time.process_time)
    code = profiler.runcall(cli.main, ["build"])
    profiler.dump_stats(profile)
else:
    code = cli.main(["build"])
if kinds:
    report()
sys.stdout.flush()
sys.stderr.flush()
import os
os._exit(code)        # as cli.run: no teardown of the site model
"""


def kind_of(path: str) -> str:
    """The kind of an output file, for `--kinds`: an article's page, a term's first screen,
    numbered page or feed, a month's page, the sitemap..."""
    parts = path.split("/")
    head = parts[0]
    if head in ("tags", "places", "sources"):
        if len(parts) == 2:
            return "term index"
        if parts[-1] == "feed.xml":
            return "term feed"
        return "term page N" if "page" in parts else "term first screen"
    if head == "events":
        return "event" if len(parts) == 3 and parts[1] != "page" else "events list"
    if head == "page" or path == "index.html":
        return "home"
    if head in ("articles", "archive", "data", "search", "static"):
        return {"articles": "article", "archive": "archive"}.get(head, head)
    return path


def timed_build(site: Path, pin: bool, profile: Path | None, kinds: bool = False,
                cpu_stages: bool = False, in_process: bool = False) -> dict:
    """One `build` in its own process: wall and CPU seconds, files rewritten, its line (and
    with `kinds`, the render's CPU seconds by kind of file; with `cpu_stages`, the line's
    seconds are the build process's CPU seconds), the CPU seconds of its start-up."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    code = BUILD.replace("KIND_DIR", repr(str(Path(__file__).resolve().parent)))
    done = subprocess.run([PYTHON, "-c", code, "1" if pin else "0", str(profile or ""),
                           "1" if kinds else "0", "1" if cpu_stages else "0",
                           "1" if in_process else "0"],
                          cwd=site, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = next((ln for ln in done.stderr.splitlines() if ln.startswith("build: ")), "")
    if done.returncode not in (0, 1) or not line:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stderr[-2000:]}")
    found = REWRITTEN.search(line)
    link, start = (next((float(ln.split()[-1]) for ln in done.stderr.splitlines()
                         if ln.startswith(f"{what} cpu: ")), 0.0) for what in ("link", "start-up"))
    by_kind = {" ".join(words[1:-2]): (int(words[-2]), float(words[-1]))
               for words in (ln.split() for ln in done.stderr.splitlines()
                             if ln.startswith("kind: "))}
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "link_cpu_s": round(link, 3),
            "start_cpu_s": round(start, 3),
            "files_rewritten": int(found.group(1)) if found else 0, "line": line,
            "kinds": by_kind}


def changes(site: Path) -> dict:
    """Each step's change to SITE (a new one each run: an added seed of its own name)."""
    seeds, content = site / "seeds", site / "content"

    def add() -> None:
        runs = len(list(seeds.glob("zz-newest-*.txt")))
        add_newest_seed(seeds, runs + 1).rename(seeds / f"zz-newest-{runs + 1}.txt")

    def add_mid() -> None:     # dated the middle of the corpus's days: its lists move from there
        runs = len(list(seeds.glob("zz-mid-*.txt")))
        text = article(random.Random(-1000 - runs), load_corpus(DEFAULT_SOURCES), MID_DAY)
        (seeds / f"zz-mid-{runs + 1}.txt").write_text(text, encoding="utf-8")

    def add_source() -> None:   # the newest day, from an outlet new to the archive: a new term
        runs = len(list(seeds.glob("zz-source-*.txt")))
        title, body = article(random.Random(-2000 - runs), load_corpus(DEFAULT_SOURCES),
                              LAST_DAY).split("\n", 1)
        body = re.sub(r"^[^\n]{0,60}? [-–—] ", f"Makassar, Kabarnusa{runs + 1}x.com - ", body,
                      count=1)
        (seeds / f"zz-source-{runs + 1}.txt").write_text(f"{title}\n{body}", encoding="utf-8")

    return {"nochange": lambda: None,
            "page": lambda: edit_one(sorted(content.glob("*.md"))),
            "seed": lambda: edit_one(sorted(seeds.glob("*.txt"))),
            "add": add, "addmid": add_mid, "addsource": add_source}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--steps", default="nochange,page,seed,add")
    parser.add_argument("--pin-theme", action="store_true")
    parser.add_argument("--profile", type=Path, metavar="DIR")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--kinds", action="store_true",
                        help="the render's CPU seconds by kind of file (and the planning)")
    parser.add_argument("--cpu-stages", action="store_true",
                        help="the build's line in CPU seconds of its process, not wall")
    parser.add_argument("--in-process", action="store_true",
                        help="no render workers: every job timed by --kinds and --profile")
    args = parser.parse_args()
    site = args.site.resolve()
    todo, results = changes(site), {"load_average": {"start": os.getloadavg()[0]}}
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    for step in args.steps.split(","):
        todo[step]()
        profile = args.profile.resolve() / f"{step}.prof" if args.profile else None
        results[step] = timed_build(site, args.pin_theme, profile, args.kinds,
                                    args.cpu_stages, args.in_process)
        results[step]["search_s"] = wait_for_search(site)
        one = results[step]
        print(f"{step}: {one['wall_s']:.2f} s wall, {one['cpu_s']:.2f} CPU s "
              f"(start-up {one['start_cpu_s']:.3f}, link stage {one['link_cpu_s']:.3f}), "
              f"{one['files_rewritten']} files rewritten; search index caught up "
              f"{one['search_s']:.2f} s later (load {os.getloadavg()[0]:.1f})\n  {one['line']}",
              flush=True)
        for kind, (files, seconds) in sorted(one["kinds"].items(), key=lambda k: -k[1][1]):
            print(f"    {kind:<20} {files:>4} files {seconds:7.3f} CPU s", flush=True)
    results["load_average"]["end"] = os.getloadavg()[0]
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
