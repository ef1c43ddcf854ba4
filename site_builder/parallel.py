"""Work shared among forked worker processes, for the build's two CPU-bound loops (parsing
pages, rendering pages).

Forked workers inherit the parent's memory (the site model, the template environment), so
nothing but the items' indexes and the results crosses between processes. Where fork is
missing (Windows, macOS default), or for a few items, the work runs in this process.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any

MIN_ITEMS = 400      # below this, forking workers costs more than it saves
CHUNK = 64
MAX_WORKERS = 4
# A worker's copy of the parent's memory is shared until touched, and rendering touches it
# (reference counts, values cached on first use): workers that lived through a whole render
# of 10,000 articles grew to 300 MB each. A fresh fork every few chunks shares again.
CHUNKS_PER_WORKER = 24

_function: Callable[[Any], Any] | None = None
_items: Sequence[Any] = ()


def fork_map(function: Callable[[Any], Any], items: Sequence[Any],
             min_items: int = MIN_ITEMS) -> list[Any]:
    """[function(item) for item in items], on all cores when there are many items. An exception
    in a worker is raised here (multiprocessing pickles it back); for problems that are part of
    the result (a bad page), return them instead."""
    global _function, _items
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(items) < min_items or workers < 2 or \
            "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _function, _items = function, items
    try:
        with multiprocessing.get_context("fork").Pool(
                workers, maxtasksperchild=CHUNKS_PER_WORKER) as pool:
            bounds = [(start, min(start + CHUNK, len(items)))
                      for start in range(0, len(items), CHUNK)]
            results: list[Any] = []
            for chunk in pool.imap(_run_chunk, bounds):
                results.extend(chunk)
            return results
    finally:
        _function, _items = None, ()


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _function is not None
    return [_function(item) for item in _items[bounds[0]:bounds[1]]]
