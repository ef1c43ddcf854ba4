"""The one worker pool: CPU-bound loops (extracting seeds, parsing pages, rendering pages) on
all cores, streamed.

`parallel_map(function, items)` yields `function(item)` for each item, in order. Items are
taken from the iterable as the workers need them and at most a few chunks are in flight, so an
archive of any size streams through in bounded memory. Workers are forked, so they start with
what the parent holds (the template environment, the gazetteer when an initializer loads it)
and `function` must be a module-level function; items and results are pickled.

Where fork is missing (Windows, macOS by default), or for a few items, the work runs in this
process. A worker that dies (killed by a user, or by the kernel's out-of-memory killer) ends
the work with `WorkerDied`: concurrent.futures notices a lost worker, where multiprocessing.Pool
waits forever for the chunk that worker held.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import Any

MIN_ITEMS = 200       # below this, starting workers costs more than it saves
CHUNK = 64            # items a task: large enough that pickling overhead stays small
IN_FLIGHT = 3         # tasks queued per worker: enough to keep every core busy
MAX_WORKERS = 8


class WorkerDied(RuntimeError):
    """A worker process ended without finishing its work (killed, or out of memory)."""


def worker_count() -> int:
    """The cores this process may run on (taskset, a container's cpuset), not the machine's:
    two workers on one allowed core each load the gazetteer and then take turns."""
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):        # macOS, Windows: no affinity call
        usable = os.cpu_count() or 1
    return min(usable, MAX_WORKERS)


def can_fork() -> bool:
    import multiprocessing
    return "fork" in multiprocessing.get_all_start_methods()


def parallel_map(function: Callable[[Any], Any], items: Iterable[Any], *,
                 min_items: int = MIN_ITEMS, chunk: int = CHUNK,
                 initializer: Callable[..., None] | None = None,
                 initargs: tuple = ()) -> Iterator[Any]:
    """function(item) for each item, in order; on all cores when there are at least
    `min_items`. `initializer(*initargs)` runs once in each worker (or once here, when the
    work stays in this process). An exception raised by `function` is raised here; problems
    that are part of the result (a bad page) should be returned instead."""
    stream = iter(items)
    head = list(islice(stream, min_items))
    workers = worker_count()
    if len(head) < min_items or workers < 2 or not can_fork():
        if initializer is not None:
            initializer(*initargs)
        yield from map(function, chain(head, stream))
        return
    # Imported here: a build that renders a few pages never starts workers.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    parts = chunks(chain(head, stream), chunk)
    return_free_memory()
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=initializer, initargs=initargs)
    pending: deque = deque()
    try:
        for part in islice(parts, workers * IN_FLIGHT):
            pending.append(pool.submit(_run_chunk, function, part))
        while pending:
            results = _result(pending.popleft())
            part = next(parts, None)
            if part is not None:
                pending.append(pool.submit(_run_chunk, function, part))
            yield from results
    finally:          # on an error, or a consumer that stops early: drop the chunks not run
        pool.shutdown(wait=True, cancel_futures=True)


def return_free_memory() -> None:
    """Hand the C allocator's free memory back to the system before forking. What earlier
    stages freed (a cold build's extraction and linking) stays in the process's heap,
    counted in its size and in every forked worker's; glibc returns it only when asked (at
    10,000 articles the parent before rendering: 195 MB, 163 MB so). Elsewhere a no-op."""
    import ctypes
    try:
        trim = ctypes.CDLL(None).malloc_trim        # glibc's
    except (AttributeError, OSError, TypeError):   # another C library, or none to ask
        return
    trim(0)


def _result(future) -> list[Any]:
    from concurrent.futures.process import BrokenProcessPool
    try:
        return future.result()
    except BrokenProcessPool:
        raise WorkerDied("a worker process was killed or crashed (out of memory?) before it "
                         "finished") from None


def chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    """Lists of `size` items (the last shorter) from `items`, taken as they are needed."""
    while part := list(islice(items, size)):
        yield part


def _run_chunk(function: Callable[[Any], Any], part: list[Any]) -> list[Any]:
    return [function(item) for item in part]
