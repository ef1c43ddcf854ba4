"""The `extract` command of this checkout against another's, end to end, pairs alternated.

    python bench/extract_ab.py OTHER_PYTHON SEEDS_DIR [--pairs 4] [--reference-date 2025-12-31]

OTHER_PYTHON is the other checkout's interpreter (e.g. /work/main/.venv/bin/python: its
`site_builder`). Each pair runs `python -m site_builder extract SEEDS_DIR --content NEW` once
with each interpreter on CPU 0 (`taskset -c 0` where it exists), into a new folder each time:
a corpus read once, as a new archive's, the whole command (start-up, seeds read, rules, pages
written). Pairs alternate which version goes first. It reports each run's CPU seconds (user +
sys of the child: wall time on a shared machine measures the neighbours), the mean of each
version, how many pairs each won, and whether both wrote the same pages (`diff -r` of the
last pair's content folders).

Why pairs: on a machine shared by several sessions one run's CPU time varies by 10 % or more
from one minute to the next, more than most changes to the command; an in-process comparison
(`rules_ab.py`) leaves out what the command does around the rules (here, the gazetteer's
SQLite lookups below 2,500 seeds), and a change faster there was slower here
(bench/HISTORY.md, stop 27's extract command).
"""
from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from extract_speed import children_cpu, one_core  # bench/ is this script's first path


def run_extract(python: str, seeds: Path, content: Path, reference: str) -> float:
    """CPU seconds of one `extract` command into the new folder `content`."""
    before = children_cpu()
    subprocess.run([*one_core(), python, "-m", "site_builder", "extract", str(seeds),
                    "--content", str(content), "--reference-date", reference],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return children_cpu() - before


def same_tree(a: Path, b: Path) -> bool:
    """True when both folders hold the same files with the same bytes (as `diff -r`)."""
    compared = filecmp.dircmp(a, b)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    return not mismatch and not errors and all(
        same_tree(a / name, b / name) for name in compared.common_dirs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", help="the other checkout's Python (its venv's bin/python)")
    parser.add_argument("seeds", type=Path)
    parser.add_argument("--pairs", type=int, default=4)
    parser.add_argument("--reference-date", default="2025-12-31")
    args = parser.parse_args()
    versions = {"other": args.other, "this": sys.executable}
    times: dict[str, list[float]] = {name: [] for name in versions}
    won = dict.fromkeys(versions, 0)
    work = Path(tempfile.mkdtemp(prefix="extract-ab-"))
    try:
        for pair in range(args.pairs):
            order = ["other", "this"] if pair % 2 == 0 else ["this", "other"]
            took = {}
            for name in order:
                content = work / f"{name}-{pair}"
                took[name] = run_extract(versions[name], args.seeds, content, args.reference_date)
                times[name].append(took[name])
            won[min(took, key=took.__getitem__)] += 1
            print(f"pair {pair + 1} ({order[0]} first): other {took['other']:.2f}, "
                  f"this {took['this']:.2f} CPU s; load {os.getloadavg()[0]:.1f}", flush=True)
        last = args.pairs - 1
        same = same_tree(work / f"other-{last}", work / f"this-{last}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, python in versions.items():
        mean = sum(times[name]) / len(times[name])
        print(f"{name} ({python}): mean {mean:.2f} CPU s, faster in {won[name]} of "
              f"{args.pairs} pairs")
    print(f"same pages: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
