"""Work shared among forked worker processes, for the build's two CPU-bound loops (parsing
pages, rendering pages).

Forked workers inherit the parent's memory (the site model, the template environment), so
nothing but the items' indexes and the results crosses between processes. Where fork is
missing (Windows, macOS default), or for a few items, the work runs in this process.

A worker that dies (killed by a user or by the kernel's out-of-memory killer) ends the work with
`WorkerDied`: concurrent.futures notices a lost worker, where multiprocessing.Pool waits forever
for the chunk that worker held.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

MIN_ITEMS = 400      # below this, forking workers costs more than it saves
CHUNK = 64
MAX_WORKERS = 4
# A worker's copy of the parent's memory is shared until touched, and rendering touches it
# (reference counts, values cached on first use): workers that lived through a whole render
# of 10,000 articles grew to 300 MB each. Fresh workers are forked every CHUNKS_PER_WORKER
# chunks a worker, so they share again.
CHUNKS_PER_WORKER = 24

_function: Callable[[Any], Any] | None = None
_items: Sequence[Any] = ()


class WorkerDied(RuntimeError):
    """A worker process ended without finishing its work (killed, or out of memory)."""


def fork_map(function: Callable[[Any], Any], items: Sequence[Any],
             min_items: int = MIN_ITEMS) -> list[Any]:
    """[function(item) for item in items], on all cores when there are many items. An exception
    in a worker is raised here (pickled back); for problems that are part of the result (a bad
    page), return them instead."""
    global _function, _items
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(items) < min_items or workers < 2 or \
            "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _function, _items = function, items
    bounds = [(start, min(start + CHUNK, len(items))) for start in range(0, len(items), CHUNK)]
    generation = workers * CHUNKS_PER_WORKER
    results: list[Any] = []
    try:
        for first in range(0, len(bounds), generation):
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
            try:
                for chunk in pool.map(_run_chunk, bounds[first:first + generation]):
                    results.extend(chunk)
            finally:       # on an error, the chunks not started are dropped, not run for naught
                pool.shutdown(wait=True, cancel_futures=True)
        return results
    except BrokenProcessPool:
        raise WorkerDied("a worker process was killed or crashed (out of memory?) before it "
                         "finished") from None
    finally:
        _function, _items = None, ()


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _function is not None
    return [_function(item) for item in _items[bounds[0]:bounds[1]]]
