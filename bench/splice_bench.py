"""The data files' splice (site_builder/export_splice.py): the pieces worked out from the
changed rows (`_in_order`) against the walk of every row (`_row_by_row`), 10,000 rows, k rows
edited (2k changed ids), best of 7, CPU seconds. Sets export_splice.FEW (where the walk wins).

    python bench/splice_bench.py [--rows 10000]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from array import array
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from site_builder import export_splice
from site_builder.export_splice import Layout, _in_order, _row_by_row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    count = parser.parse_args().rows
    rng = random.Random(1)
    old = Layout(head=10, tail=5, ids=array("q", range(count)),
                 lengths=array("q", (rng.randint(200, 6000) for _ in range(count))))
    order = list(range(count))
    export_splice.FEW = 1 << 30          # both ways measured whatever the cut-off
    for edited in (1, 4, 8, 16, 24, 32):
        changed = set(rng.sample(range(count), edited))
        for name, way in (("from the changed rows", _in_order), ("row by row", _row_by_row)):
            best = min(_timed(way, old, order, changed) for _ in range(7))
            print(f"{edited} rows edited ({2 * edited} changed ids), {name}: "
                  f"{best * 1000:.2f} ms")


def _timed(way, old: Layout, order: list[int], changed: set[int]) -> float:
    started = time.process_time()
    way(old, order, changed, b",\n", lambda article: b"x" * 100, Layout())
    return time.process_time() - started


if __name__ == "__main__":
    main()
