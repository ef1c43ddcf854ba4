"""What a machine's first build pays for the gazetteer's index: `Gazetteer.ensure_cached` into
an empty folder (the index built, its pickle and its SQLite copy written), as a new site's
first build calls it.

    python bench/gazetteer_build_bench.py [--rounds 3]

Prints, for each round, the CPU seconds (user + sys) of this process and of the processes it
started (the index is written by two), and the wall seconds; then the best round. Run it with
another checkout's Python (`/path/to/main/.venv/bin/python bench/gazetteer_build_bench.py`)
to measure that code the same way. On a shared machine the wall clock measures the neighbours
too: compare CPU seconds.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from site_builder.extract.gazetteer import Gazetteer


def cpu_seconds() -> float:
    """User + sys of this process and of its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def one_round() -> tuple[float, float, int]:
    """(CPU s, wall s, bytes written) of building the index into an empty folder."""
    folder = Path(tempfile.mkdtemp(prefix="gazetteer-bench-"))
    try:
        cpu, wall = cpu_seconds(), time.perf_counter()
        Gazetteer.ensure_cached(folder)
        cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
        return cpu, wall, sum(p.stat().st_size for p in folder.iterdir())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results = []
    for n in range(args.rounds):
        cpu, wall, size = one_round()
        results.append((cpu, wall))
        print(f"round {n + 1}: {cpu:.2f} CPU s, {wall:.2f} s wall, {size / 1e6:.0f} MB written")
    cpu, wall = min(results)
    print(f"best: {cpu:.2f} CPU s ({wall:.2f} s wall)")


if __name__ == "__main__":
    main()
