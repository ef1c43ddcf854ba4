"""What a rebuild costs in a built site, measured in place: nothing changed, one content page
edited, one seed edited, one seed added. Each `build` is its own process (start-up included):
its wall and CPU seconds (user + sys of the build and the render workers it forked, not of the
detached search indexer, which is waited for before the next step and reported apart), and the
build's own line.

    python bench/rebuild_bench.py SITE [--steps nochange,page,seed,add] [--pin-theme]
                                       [--profile DIR] [--json FILE]

SITE is changed (a content page and a seed edited, a seed `zz-newest-N.txt` added, built):
use a copy of your own (`cp -a`; a copy in another folder is a new site to the cache, so build
it once first). Unlike add_one_bench.py nothing is copied or built untimed: at 100,000
articles a copy's first build takes half an hour.

`--pin-theme` builds with the theme key the site's database holds (the key is still worked
out, its cost counted): the package's code is part of the key, so another checkout would
otherwise render every page again and read every seed; pinned, two checkouts can be measured
one after the other on the same built site (their pages are the same). `--profile DIR` writes
each step's cProfile of the build process to DIR/STEP.prof (the render workers are not in it),
timed in CPU seconds (`time.process_time`).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from add_one_bench import REWRITTEN, wait_for_search
from run_bench import add_newest_seed, edit_one

PYTHON = sys.executable
# The build as `site-builder build` runs it (cli.main), optionally with the theme key pinned to
# the one the database holds, optionally under cProfile. argv: [pin 0/1, profile file or ""].
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
BUILD = """
import sys
pin, profile = sys.argv[1] == "1", sys.argv[2]
from site_builder import build, cli
if pin:
""" + textwrap.indent(PIN_THEME, "    ") + """
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
sys.stdout.flush()
sys.stderr.flush()
import os
os._exit(code)        # as cli.run: no teardown of the site model
"""


def timed_build(site: Path, pin: bool, profile: Path | None) -> dict:
    """One `build` in its own process: wall and CPU seconds, files rewritten, its line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", BUILD, "1" if pin else "0", str(profile or "")],
                          cwd=site, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = next((ln for ln in done.stderr.splitlines() if ln.startswith("build: ")), "")
    if done.returncode not in (0, 1) or not line:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stderr[-2000:]}")
    found = REWRITTEN.search(line)
    link = next((float(ln.split()[-1]) for ln in done.stderr.splitlines()
                 if ln.startswith("link cpu: ")), 0.0)
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "link_cpu_s": round(link, 3),
            "files_rewritten": int(found.group(1)) if found else 0, "line": line}


def changes(site: Path) -> dict:
    """Each step's change to SITE (a new one each run: an added seed of its own name)."""
    seeds, content = site / "seeds", site / "content"

    def add() -> None:
        runs = len(list(seeds.glob("zz-newest-*.txt")))
        add_newest_seed(seeds, runs + 1).rename(seeds / f"zz-newest-{runs + 1}.txt")

    return {"nochange": lambda: None,
            "page": lambda: edit_one(sorted(content.glob("*.md"))),
            "seed": lambda: edit_one(sorted(seeds.glob("*.txt"))),
            "add": add}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--steps", default="nochange,page,seed,add")
    parser.add_argument("--pin-theme", action="store_true")
    parser.add_argument("--profile", type=Path, metavar="DIR")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    site = args.site.resolve()
    todo, results = changes(site), {"load_average": {"start": os.getloadavg()[0]}}
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    for step in args.steps.split(","):
        todo[step]()
        profile = args.profile.resolve() / f"{step}.prof" if args.profile else None
        results[step] = timed_build(site, args.pin_theme, profile)
        results[step]["search_s"] = wait_for_search(site)
        one = results[step]
        print(f"{step}: {one['wall_s']:.2f} s wall, {one['cpu_s']:.2f} CPU s "
              f"(link stage {one['link_cpu_s']:.3f}), "
              f"{one['files_rewritten']} files rewritten; search index caught up "
              f"{one['search_s']:.2f} s later (load {os.getloadavg()[0]:.1f})\n  {one['line']}",
              flush=True)
    results["load_average"]["end"] = os.getloadavg()[0]
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
