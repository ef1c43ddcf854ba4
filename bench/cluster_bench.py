"""Extraction on a Dask LocalCluster against a local run, on one seeds folder.

    python bench/cluster_bench.py SEEDS_DIR [--workers 2]

Times `site-builder extract` twice into fresh content folders: locally (its own worker
processes, one a core) and with `--scheduler` on a LocalCluster of WORKERS single-threaded
worker processes started here (their start-up is not timed; their gazetteer loading is). Checks
that both runs wrote the same pages, byte for byte, and prints seconds and articles/s. Needs the
dask extra: pip install -e '.[dask]'.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def extract(seeds: Path, content: Path, *extra: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "site_builder", "extract", str(seeds),
                           "--content", str(content), "--reference-date", "2025-12-31",
                           *extra], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"extract failed: {done.stderr.strip().splitlines()[-1:]}")
    return seconds


def pages(content: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in content.glob("*.md")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from distributed import LocalCluster
    count = sum(1 for _ in args.seeds.glob("*.txt"))
    work = Path(tempfile.mkdtemp(prefix="cluster-bench-"))
    try:
        local = extract(args.seeds, work / "local")
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster:
            remote = extract(args.seeds, work / "cluster", "--scheduler",
                             cluster.scheduler_address)
        same = pages(work / "local") == pages(work / "cluster")
        print(f"{count} seeds: local {local:.1f} s ({count / local:.0f}/s); "
              f"LocalCluster of {args.workers} workers {remote:.1f} s ({count / remote:.0f}/s), "
              f"speed-up {local / remote:.2f}x; same pages: {same}")
        return 0 if same else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
