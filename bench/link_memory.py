"""Linking's memory, on a copy of a built site's database: what a build's first link (or any
link afresh: a new pair model, word list or linking code) holds at its peak, and keeps after.

    python bench/link_memory.py COPY.sqlite [--cold] [--tracemalloc FRAMES] [--top N]
                                [--json FILE]

COPY: a copy of a built site's database (SITE/.cache/site-*.sqlite): it is written to (the
`link_` tables made again, the event ids set), so never give a site's own file. The script
makes linking's stamp stale and runs `link.link_events` as a build calls it, in this process,
alone: the figures are linking's, not a cold build's (whose parent also holds what extraction
and loading left). `--cold`: first clear every article's event id, as a cold build's articles
have none yet (every id then counts as moved, as there).

Printed (JSON): the process's resident memory before linking (`rss_before_mb`, after the
imports), its maximum (`max_rss_mb`, getrusage: the peak of the whole process), after linking
with what a build keeps (`rss_after_mb`: the Changes, the store) and after the C allocator's
free memory is handed back as a build does before forking its render workers
(`rss_trimmed_mb`, workers.return_free_memory); the CPU seconds of linking; digests of the
articles (`events_sha`: every article row, its event id among them) and of the link tables
read back by value (`link_tables_sha`): equal digests before and after a change, the same
links.

`--tracemalloc FRAMES`: trace Python's allocations (slower, and the RSS figures then include
the tracer's own tables: compare RSS without it). Adds tracemalloc's peak (`traced_peak_mb`)
and prints the `--top` lines that held most at the largest snapshot taken (one is taken each
time the traced total has grown by `--step`, a tenth) and at the end (what linking left allocated).
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import json
import marshal
import resource
import sys
import threading
import time
import tracemalloc
from pathlib import Path

from site_builder.link import link_events
from site_builder.load import Changes
from site_builder.store import ADDED_INDEXES, LINK_SCHEMA, Store, _connect
from site_builder.workers import return_free_memory

LINK_TABLES = {"link_reports": "id", "link_keys": "key, rkey", "link_pairs": "a, b",
               "link_evidence": "id"}


def rss_mb() -> float:
    """The process's resident set now (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Sampler(threading.Thread):
    """Looks at the traced total each half second and, whenever it has grown by `step` (a tenth)
    since the last look that did, notes the `top` lines holding most: the last such note is within
    that of the peak, and shows where it is. The snapshot is let go at once and the peak
    reset after it (its own tuples are traced too), so `peak` is linking's alone."""

    def __init__(self, top: int, step: float) -> None:
        super().__init__(daemon=True)
        self.top, self.step, self.size, self.peak = top, step, 0, 0
        self.lines: list[str] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            current, peak = tracemalloc.get_traced_memory()
            self.peak = max(self.peak, peak)
            if current > (1 + self.step) * self.size:
                self.lines, self.size = top_lines(tracemalloc.take_snapshot(), self.top), current
                tracemalloc.reset_peak()

    def finish(self) -> int:
        """Stop; the traced peak (bytes)."""
        self.done.set()
        self.join()
        return max(self.peak, tracemalloc.get_traced_memory()[1])


def table_digest(store: Store, table: str, order: str) -> str:
    """A table's rows, in one order, by value: link_evidence's partners (`top`, marshalled)
    read back, as relinking reads them (marshal's bytes for equal values can differ: it
    marks objects that more than one reference holds)."""
    digest = hashlib.sha256()
    for row in store.stream(f"SELECT * FROM {table} ORDER BY {order}"):
        if table == "link_evidence":
            row = (*row[:3], marshal.loads(row[3]))
        digest.update(repr(row).encode())
    return digest.hexdigest()[:16]


def digests(store: Store) -> dict[str, str]:
    events = table_digest(store, "articles", "id")       # (every column: the event among them)
    tables = hashlib.sha256(" ".join(table_digest(store, table, order)
                                     for table, order in LINK_TABLES.items()).encode())
    return {"events_sha": events, "link_tables_sha": tables.hexdigest()[:16]}


def top_lines(snapshot: tracemalloc.Snapshot, n: int) -> list[str]:
    return [f"{stat.size / 2**20:8.1f} MB {stat.count:>9} blocks  {stat.traceback}"
            for stat in snapshot.statistics("lineno")[:n]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path, help="a COPY of a built site's database")
    parser.add_argument("--cold", action="store_true", help="clear the event ids first")
    parser.add_argument("--tracemalloc", type=int, default=0, metavar="FRAMES")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--step", type=float, default=0.1,
                        help="a look each time the traced total grew by this share")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    store = Store(args.database, _connect(args.database))
    store.db.executescript(LINK_SCHEMA + ADDED_INDEXES)       # as Store.open does
    store.set("link method", "")                 # stale: link the archive afresh
    if args.cold:
        store.db.execute("UPDATE articles SET event = NULL")
    store.commit()
    import site_builder.events.blocking  # noqa: F401  (the linker's imports: not its memory)
    gc.collect()
    result: dict[str, object] = {"database": str(args.database), "cold": args.cold,
                                 "rss_before_mb": round(rss_mb(), 1)}
    sampler = None
    if args.tracemalloc:
        tracemalloc.start(args.tracemalloc)
        sampler = Sampler(args.top, args.step)
        sampler.start()
    changes = Changes()
    cpu = time.process_time()
    link_events(store, changes)
    store.commit()
    result["link_cpu_s"] = round(time.process_time() - cpu, 1)
    if sampler is not None:
        result["traced_peak_mb"] = round(sampler.finish() / 2**20, 1)
        final = top_lines(tracemalloc.take_snapshot(), args.top)
        tracemalloc.stop()
    result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    gc.collect()
    result["rss_after_mb"] = round(rss_mb(), 1)
    return_free_memory()
    result["rss_trimmed_mb"] = round(rss_mb(), 1)
    result["moved"] = len(changes.articles)
    result.update(digests(store))
    store.close()
    if sampler is not None:
        print(f"-- at the largest look ({sampler.size / 2**20:.1f} MB traced)")
        print("\n".join(sampler.lines))
        print("-- at the end (what linking left allocated)")
        print("\n".join(final))
    print(json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
