"""Extraction on a Dask cluster (`extract --scheduler ADDRESS`, `[extract] scheduler`).

Extraction is a pure function of a seed, so it can run on any machine. This process (the
client) reads each seed and decides, as a local run does, whether it is unchanged or under a
person's edit; the seeds to extract go, in chunks, to the cluster's workers, which send back
each page's text (and, for a build, its database record); the client names and writes the
pages in seed order under the same no-clobber rules as a local run, so the pages are the
same bytes. Workers need no access to the site's files: each loads the gazetteer once (from
the site's `gazetteer_dir` when that folder is there, else from its own user cache folder,
building it there on first use) and keeps it for every later chunk.

`distributed` is an optional extra (`pip install 'site-builder[dask]'`); asking for a
scheduler without it, or one that cannot be reached, is a one-line error (exit 2).
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from site_builder.workers import chunks

if TYPE_CHECKING:
    from site_builder.extract import Gazetteer
    from site_builder.seeds import Seed
    from site_builder.web.seed import WebSeed

CHUNK = 16              # seeds a task: a task's overhead (a few ms) stays small beside its work
IN_FLIGHT = 4           # tasks out per worker thread: the cluster stays busy, memory bounded


class ClusterError(RuntimeError):
    """The cluster cannot be used (Dask not installed, scheduler not reachable)."""


def cluster_extract(jobs: Iterator[Any], settings: Any,
                    read: Callable[[Any, Any], tuple[Any, Any, date | None]]
                    ) -> Iterator[tuple[Any, Any]]:
    """(job, outcome) for every job, in order, as ingest_work.extract_all gives them; `read` is
    ingest_work.read_job (the client's part: a seed read, a web page's payload read but not
    parsed, so trafilatura runs on the workers)."""
    client = connect(settings.scheduler)
    try:
        def work() -> Iterator[tuple[tuple[Any, Any], Any]]:
            for job in jobs:
                decided, seed, reference = read(job, settings)
                yield (job, decided), None if seed is None else (seed, reference,
                                                                 decided.inputs)

        for (job, decided), made in cluster_map(client, work(), settings.records,
                                                settings.gazetteer_dir):
            yield job, decided if made is None else made
    finally:
        client.close()


def connect(address: str):
    """A client of the scheduler at `address` (tcp://host:8786), or a ClusterError."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(f"{address}: Dask is not installed here (pip install "
                           "'site-builder[dask]')") from None
    try:
        return Client(address, set_as_default=False)   # distributed.comm.timeouts.connect
    except (OSError, TimeoutError, ValueError) as err:
        raise ClusterError(f"{address}: cannot reach the Dask scheduler ({err})") from None


def cluster_map(client, items: Iterator[tuple[Any, Any]], records: bool,
                gazetteer_dir: Path | None) -> Iterator[tuple[Any, Any]]:
    """(kept, outcome) for each (kept, payload), in order: outcome None where the payload is
    None (the client decided), else what `extract_chunk` made of it on a worker. At most
    IN_FLIGHT chunks a worker thread are out at once, so an archive of any size streams."""
    slots = max(1, sum(client.nthreads().values())) * IN_FLIGHT
    pending: deque[tuple[list[Any], list[int], Any]] = deque()
    for chunk in chunks(iter(items), CHUNK):
        sent = [n for n, (_, payload) in enumerate(chunk) if payload is not None]
        future = client.submit(extract_chunk, [chunk[n][1] for n in sent], records,
                               gazetteer_dir, pure=False) if sent else None
        pending.append(([kept for kept, _ in chunk], sent, future))
        while len(pending) > slots:
            yield from _collect(*pending.popleft())
    while pending:
        yield from _collect(*pending.popleft())


def _collect(kept: list[Any], sent: list[int], future) -> Iterator[tuple[Any, Any]]:
    made = dict(zip(sent, future.result(), strict=True)) if future is not None else {}
    for n, item in enumerate(kept):
        yield item, made.get(n)




_gazetteers: dict[str, Gazetteer] = {}


def extract_chunk(seeds: list[tuple[Seed | WebSeed, date | None, str]], records: bool,
                  gazetteer_dir: Path | None) -> list[Any]:
    """On a worker: each seed's outcome (ingest_work.extract_one: a web page parsed here), with
    its inputs hash and the worker's gazetteer."""
    from site_builder.ingest_work import extract_one
    gazetteer = _gazetteer(gazetteer_dir)
    return [extract_one(seed, reference, gazetteer, records, inputs)
            for seed, reference, inputs in seeds]


def _gazetteer(gazetteer_dir: Path | None) -> Gazetteer:
    """Loaded on a worker's first chunk and kept: the site's folder when this machine has it
    (a shared file system, a local cluster), else the worker's user cache folder."""
    folder = gazetteer_dir if gazetteer_dir is not None and gazetteer_dir.is_dir() else None
    key = str(folder or "")
    found = _gazetteers.get(key)
    if found is None:
        from site_builder.extract import load_gazetteer
        found = _gazetteers[key] = load_gazetteer(folder)
    return found
