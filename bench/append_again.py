"""One record appended to a built crawl site (one `web_bench.py append --keep` made), built in
place: a record dated the crawl's newest day, or one dated mid-archive (a late capture of an
older page: every list it joins has its pages from that date on moved by one article).

    python bench/append_again.py SITE [--dated newest|mid] [--article K] [--runs N]
                                      [--pin-theme] [--profile FILE] [--json FILE]

SITE is changed (a record appended to seeds/crawl.warc.gz, a new one each run, then built): use
the kept folder's `site`. The record is web_bench's news page K + the records this script
appended to SITE before (SITE/.appended counts them), so two copies of one site given the same
runs rewrite the same pages. Each build is its own process, as `site-builder build` runs it: wall
and CPU seconds (user + sys of the build and of the render workers it forked and waited for:
RUSAGE_CHILDREN), the files rewritten, the load average; the detached search indexer is waited
for and reported apart. `--pin-theme` as rebuild_bench.py's: two checkouts' code can be run
one after the other on one built site. `--profile FILE`: a cProfile of the build (CPU seconds)
with every render job run in the build's own process (no workers forked), so the profile holds
the rendering too; its CPU figure is then not the forked build's.
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
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from add_one_bench import REWRITTEN, wait_for_search
from rebuild_bench import PIN_THEME

PYTHON = sys.executable
DAYS = {"newest": date(2025, 12, 31), "mid": date(2025, 7, 1)}
BUILD = """
import sys
pin, profile = sys.argv[1] == "1", sys.argv[2]
from site_builder import build, cli
if pin:
""" + textwrap.indent(PIN_THEME, "    ") + """
if profile:        # every job in this process (no workers), timed in CPU seconds
    import cProfile, time
    from site_builder import workers
    workers.worker_count = lambda: 1
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


def append_record(site: Path, dated: str, article: int) -> None:
    """One more record in seeds/crawl.warc.gz, dated `dated`: web_bench's news page number
    `article` + the records this script appended before (for two checkouts compared, two
    copies of one site given the same records rewrite the same pages)."""
    from web_bench import news_pages, write_warc
    marks = site / ".appended"
    done = int(marks.read_text()) if marks.exists() else 0
    crawl = site / "seeds" / "crawl.warc.gz"
    write_warc(crawl, news_pages(1, start=article + done, day=DAYS[dated]))
    marks.write_text(str(done + 1))


def timed_build(site: Path, pin: bool, profile: Path | None) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", BUILD, "1" if pin else "0", str(profile or "")],
                          cwd=site, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    line = next((ln for ln in done.stderr.splitlines() if ln.startswith("build: ")), "")
    if done.returncode not in (0, 1) or not line:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stderr[-2000:]}")
    found = REWRITTEN.search(line)
    return {"wall_s": round(wall, 3), "cpu_s": round(user + system, 3),
            "user_s": round(user, 3), "sys_s": round(system, 3), "load": round(load, 1),
            "files_rewritten": int(found.group(1)) if found else 0, "line": line}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--dated", choices=sorted(DAYS), default="mid")
    parser.add_argument("--article", type=int, default=10_000,
                        help="which of web_bench's news pages to append (its text)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--pin-theme", action="store_true")
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    site, results = args.site.resolve(), []
    for _ in range(args.runs):
        append_record(site, args.dated, args.article)
        step = timed_build(site, args.pin_theme, args.profile and args.profile.resolve())
        step["search_s"] = wait_for_search(site, cache=_cache(site))
        results.append(step)
        print(f"{args.dated}: {step['wall_s']:.2f} s wall, {step['cpu_s']:.2f} CPU s "
              f"({step['user_s']:.2f} user, {step['sys_s']:.2f} sys), "
              f"{step['files_rewritten']} files rewritten (load {step['load']}); search index "
              f"caught up {step['search_s']:.2f} s later\n  {step['line']}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


def _cache(site: Path) -> Path:
    """The site's cache folder (web_bench.py's site.toml names one outside the site)."""
    from site_builder.config import load_config
    return load_config(site / "site.toml").cache_path


if __name__ == "__main__":
    sys.exit(main())
