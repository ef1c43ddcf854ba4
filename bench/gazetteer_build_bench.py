"""What a machine's first build pays for the gazetteer's index: `Gazetteer.ensure_cached` into
an empty folder, as a new site's first build calls it.

    python bench/gazetteer_build_bench.py [--rounds 3] [--from-sources]

Each round measures two things, each in a fresh folder. `waited`: what the build waits for
(`ensure_cached(folder)`: the shipped index unpacked and kept in memory; its pickle and SQLite
copy left to a background process). `whole`: all the work, done here (`ensure_cached(folder,
wait=True)`: the index made and both copies written before it returns, by this process and the
one it forks). CPU seconds are user + sys of this process and of the processes it waited for
(the background writer of `waited` is not one: `whole` counts its work); wall seconds too.
`--from-sources`: the shipped index ignored, the index built from its sources (what a machine
whose data packages are not the pinned versions pays, and what every machine paid before).
Run it with another checkout's Python (`/path/to/main/.venv/bin/python bench/...`) to measure
that code the same way (code without a shipped index or background writer: `whole` only). On a
shared machine the wall clock measures the neighbours too: compare CPU seconds.
"""
from __future__ import annotations

import argparse
import inspect
import resource
import shutil
import tempfile
import time
from pathlib import Path

from site_builder.extract import gazetteer
from site_builder.extract.gazetteer import Gazetteer

NEW_CODE = "wait" in inspect.signature(Gazetteer.ensure_cached).parameters


def cpu_seconds() -> float:
    """User + sys of this process and of its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def one_round(wait: bool) -> tuple[float, float, int]:
    """(CPU s, wall s, bytes in the folder when it returned) of making the index in an empty
    folder; `wait`: with its copies written."""
    folder = Path(tempfile.mkdtemp(prefix="gazetteer-bench-"))
    try:
        cpu, wall = cpu_seconds(), time.perf_counter()
        if NEW_CODE:
            Gazetteer.ensure_cached(folder, wait=wait)
        else:
            Gazetteer.ensure_cached(folder)
        cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
        size = sum(p.stat().st_size for p in folder.iterdir())
        if NEW_CODE:
            gazetteer.release_made()
            _wait_for_writer(folder)
        return cpu, wall, size
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for_writer(folder: Path) -> None:
    """Until the background writer, if any, has let go of its lock (before the folder goes)."""
    from site_builder.extract.gazetteer_cache import writer_busy
    path = Gazetteer.cache_file(folder)
    while writer_busy(path):
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--from-sources", action="store_true")
    args = parser.parse_args()
    if args.from_sources and NEW_CODE:
        gazetteer.unpack_shipped = lambda digest: None
    kinds = ["waited", "whole"] if NEW_CODE else ["whole"]
    results: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
    for n in range(args.rounds):
        for kind in kinds:
            cpu, wall, size = one_round(wait=kind == "whole")
            results[kind].append((cpu, wall))
            print(f"round {n + 1} {kind}: {cpu:.2f} CPU s, {wall:.2f} s wall, "
                  f"{size / 1e6:.0f} MB in the folder on return")
    for kind in kinds:
        cpu, wall = min(results[kind])
        print(f"best {kind}: {cpu:.2f} CPU s ({wall:.2f} s wall)")


if __name__ == "__main__":
    main()
