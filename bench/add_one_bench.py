"""What a newsroom's day costs in a built archive: one seed added, then one seed edited, each
built until its pages are in output/ (wall and CPU seconds, files rewritten), and how long the
search index then takes to catch up in the background.

    python bench/add_one_bench.py SITE [--json FILE] [--keep]

SITE is a built site (e.g. `bench/make_corpus.py 10000` seeds built with run_bench.py's
site.toml); it is not changed. Its seeds/, content/ (with the extract state), site.toml and
templates/ are copied to a temp folder, which is built once, untimed ("settle": a site in
another folder is a new site to the cache, so this is a full build: minutes at 10,000
articles). Then, as run_bench.py's steps do:

  add   a new seed dated the corpus's last day (run_bench.add_newest_seed), `build`
  edit  one seed's text edited (a sentence appended, run_bench.edit_one), `build`

Each build is its own process (`python -m site_builder build`, start-up included). CPU
seconds are user + sys of the build and the render workers it forked (RUSAGE_CHILDREN), not of
the detached search indexer, which is waited for before the next step and reported apart
(`search_s`). Wall seconds depend on what else the machine runs; CPU seconds much less.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_bench import add_newest_seed, edit_one

PYTHON = sys.executable
REWRITTEN = re.compile(r"\((\d+) (?:rewritten in place|rendered)")


def copy_site(site: Path, work: Path) -> Path:
    """What a build reads of SITE, copied (its cache and output are made again)."""
    copy = work / "site"
    for part in ("seeds", "content", "templates"):
        if (site / part).is_dir():
            shutil.copytree(site / part, copy / part, symlinks=True)
    shutil.copy2(site / "site.toml", copy / "site.toml")
    return copy


def build(site: Path, *extra: str) -> dict:
    """One `build` in its own process: wall and CPU seconds, files rewritten, its last line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-m", "site_builder", "build", *extra], cwd=site,
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = next((ln for ln in done.stderr.splitlines() if ln.startswith("build: ")), "")
    found = REWRITTEN.search(line)
    if done.returncode not in (0, 1) or not line:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
            "files_rewritten": int(found.group(1)) if found else 0, "line": line}


def wait_for_search(site: Path, timeout: float = 600, cache: Path | None = None) -> float:
    """Seconds until the detached search indexer a build started has finished (its pid file
    is in the site's cache folder: `cache`, or SITE/.cache)."""
    pid_file = (cache or site / ".cache") / "search-index.pid"
    started = time.perf_counter()
    try:
        pid = int(pid_file.read_text())
    except (OSError, ValueError):
        return 0.0
    while time.perf_counter() - started < timeout:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            break
        if state == "Z" or "site_builder.search" not in Path(
                f"/proc/{pid}/cmdline").read_text(errors="replace"):
            break
        time.sleep(0.05)
    return round(time.perf_counter() - started, 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="add-one-"))
    results: dict[str, dict] = {}
    try:
        site = copy_site(args.site.resolve(), work)
        # Not --wait-for-search: it is part of the configuration, so the next build (without
        # it) would render every page again.
        results["settle"] = build(site)
        results["settle"]["search_s"] = wait_for_search(site)
        print(f"settle (full build of the copy, untimed): {results['settle']['line']}")
        steps = [("add", lambda: add_newest_seed(site / "seeds", 1)),
                 ("edit", lambda: edit_one(sorted((site / "seeds").glob("*.txt"))))]
        for name, change in steps:
            change()
            results[name] = build(site)
            results[name]["search_s"] = wait_for_search(site)
            step = results[name]
            print(f"{name}: {step['wall_s']:.2f} s wall, {step['cpu_s']:.2f} CPU s, "
                  f"{step['files_rewritten']} files rewritten; search index caught up "
                  f"{step['search_s']:.2f} s later\n  {step['line']}")
        results["load_average"] = {"end": os.getloadavg()[0]}
        if args.json:
            args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
