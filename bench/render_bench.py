"""Rendering alone: every page of a built site rendered again from its database, timed.

    python bench/render_bench.py SITE                      # all cores: CPU seconds, files/s
    python bench/render_bench.py SITE --profile out.prof   # one process, under cProfile
    python bench/render_bench.py SITE --memory             # the parent's memory at the fork

SITE is a site `site-builder build` has built (its `.cache` holds the site model). The
database is copied first (the site is not changed) and every page is planned and rendered
into a temporary folder, as a cold build's render stage does, without the search index.
CPU time is this process's and its workers' (user + system, `resource.getrusage`): on a
shared machine it is steadier than the wall clock, which is printed too. `--memory` runs
tracemalloc in the parent and reports what Python holds there when the render workers are
forked (the workers start with a copy of it), and the largest holders by file.
"""
from __future__ import annotations

import argparse
import cProfile
import itertools
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


def cpu_seconds() -> float:
    """User + system time of this process and of its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def copy_database(site: Path, into: Path):
    """The site's database, copied with SQLite's backup (the site's own is not touched)."""
    from site_builder.config import load_config
    from site_builder.store import Store, _connect, database_path
    config = load_config(site / "site.toml", site)
    source = database_path(config.cache_path, config.content_path)
    if not source.exists():
        sys.exit(f"{site}: no site database in {config.cache_path} (build the site first)")
    target = into / source.name
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return config, Store(target, _connect(target))


def render_all(site: Path, memory: bool = False) -> tuple[int, Path]:
    """Plan and render every page of `site` into a temporary folder; (files, folder)."""
    from site_builder import publish
    from site_builder.load import Changes
    from site_builder.plan import Context, Planning
    from site_builder.render import Renderer
    from site_builder.theme import theme_key
    work = Path(tempfile.mkdtemp(prefix="render-bench-"))
    config, store = copy_database(site, work)
    if memory:
        _watch_fork(publish)
    theme, _ = theme_key(config, {})
    renderer = Renderer(config, store.path, bytecode=work / "bytecode")
    planning = Planning(Context(store, config, theme, Changes(everything=True)))
    output = work / "output"
    output.mkdir()
    try:
        publish._make(renderer, planning.changed_pages(), output, store)
        outcome = planning.finish()
    finally:
        renderer.close()
        store.close()
    return outcome.made, work


def _watch_fork(publish) -> None:
    """Report the parent's traced memory when the first render jobs are handed out."""
    run, seen = publish._run, []

    def watched(pages, store):
        if not seen:
            seen.append(True)
            pages = iter(pages)
            head = list(itertools.islice(pages, 200))     # what parallel_map takes first
            snapshot = tracemalloc.take_snapshot()
            current, peak = tracemalloc.get_traced_memory()
            print(f"parent at the fork: {current / 1e6:.1f} MB traced "
                  f"(peak before it {peak / 1e6:.1f} MB), max RSS "
                  f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")
            for stat in snapshot.statistics("filename")[:10]:
                print(f"  {stat}")
            pages = itertools.chain(head, pages)
        return run(pages, store)
    publish._run = watched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--profile", type=Path, help="one process under cProfile; stats here")
    parser.add_argument("--memory", action="store_true", help="tracemalloc the parent")
    args = parser.parse_args()
    site = args.site.resolve()
    if args.profile:
        from site_builder import workers
        workers.worker_count = lambda: 1          # every job in this process
    if args.memory:
        tracemalloc.start()
    profile = cProfile.Profile() if args.profile else None
    started, cpu = time.perf_counter(), cpu_seconds()
    if profile:
        profile.enable()
    files, work = render_all(site, memory=args.memory)
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    shutil.rmtree(work, ignore_errors=True)
    print(f"render: {files} files in {cpu:.1f} CPU s ({files / cpu:.0f} files per CPU s), "
          f"{wall:.1f} s wall")


if __name__ == "__main__":
    main()
