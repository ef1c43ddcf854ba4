"""Atomic output: write the whole site into a staging folder, swap it in only when complete.

A build that fails (an exception, a kill) leaves the previous `output/` untouched; the next run
clears the leftovers. Every path is checked to stay inside the output folder, whatever an
article's slug says.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

MARKER = ".site-builder"      # marks a folder this tool made, so it may be replaced


class OutputError(ValueError):
    """An output path that is unsafe to write or replace; str() is `path: problem`."""


def safe_relative_path(relative: str) -> PurePosixPath:
    """A relative output path, refused if it is absolute or climbs out with '..'."""
    path = PurePosixPath(relative)
    if path.is_absolute() or not path.parts or any(p in ("..", "") for p in path.parts) \
            or "\\" in relative or "\0" in relative:
        raise OutputError(f"{relative}: unsafe output path")
    return path


def write_files(files: Iterable[tuple[str, bytes]], directory: Path) -> int:
    """Write (relative path, bytes) pairs under `directory`; return how many were written."""
    count = 0
    made: set[Path] = set()
    for relative, data in files:
        target = directory.joinpath(*safe_relative_path(relative).parts)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)
        count += 1
    return count


def write_pages(pages, directory: Path, previous_output: Path,
                previous_keys: dict[str, str]) -> tuple[int, int]:
    """Write every page under `directory`: a page whose key is the same as in the previous
    build is hard-linked from the previous output (same bytes, no rendering); the others are
    rendered, on all cores when there are many. Returns (files, reused)."""
    count = reused = 0
    made: set[Path] = set()
    to_render: list[tuple[Any, Path]] = []
    for page in pages:
        target = directory.joinpath(*safe_relative_path(page.path).parts)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        old = previous_output.joinpath(*PurePosixPath(page.path).parts)
        if previous_keys.get(page.path) == page.key and _link(old, target):
            reused += 1
        else:
            to_render.append((page, target))
        count += 1
    render_to_files(to_render)
    return count, reused


PARALLEL_RENDER_FROM = 400      # below this, forking workers costs more than it saves
CHUNK = 64
_jobs: list[tuple[Any, Path]] = []


def render_to_files(jobs: list[tuple[Any, Path]]) -> None:
    """Render (page, target) jobs; many jobs are shared among forked worker processes, which
    inherit the site model and the template environment instead of having them pickled."""
    global _jobs
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < PARALLEL_RENDER_FROM or workers < 2 or "fork" not in \
            multiprocessing.get_all_start_methods():
        _render_range(jobs, 0, len(jobs))
        return
    _render_range(jobs, 0, 1)           # a broken template fails here, in this process
    _jobs = jobs
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            bounds = [(start, min(start + CHUNK, len(jobs)))
                      for start in range(1, len(jobs), CHUNK)]
            for _ in pool.imap_unordered(_render_chunk, bounds):
                pass
    finally:
        _jobs = []


def _render_chunk(bounds: tuple[int, int]) -> int:
    _render_range(_jobs, *bounds)
    return bounds[1] - bounds[0]


def _render_range(jobs: list[tuple[Any, Path]], start: int, end: int) -> None:
    for page, target in jobs[start:end]:
        target.write_bytes(page.make())


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def check_replaceable(output: Path, protected: list[Path]) -> None:
    """Refuse to replace a folder that holds the site's sources or was not made by this tool."""
    resolved = output.resolve()
    for keep in protected:
        keep = keep.resolve()
        if resolved == keep or resolved in keep.parents:
            raise OutputError(f"{output}: output folder would replace {keep}; choose another")
    if resolved.exists() and not resolved.is_dir():
        raise OutputError(f"{output}: exists and is not a folder")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / MARKER).exists():
        raise OutputError(f"{output}: exists, is not empty and was not made by site-builder; "
                          "refusing to replace it")


@contextmanager
def staged_output(output: Path) -> Iterator[Path]:
    """Yield an empty staging folder beside `output`; on success swap it in atomically."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    _recover(output)
    staging = output.with_name(f".{output.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
        (staging / MARKER).write_text("made by site-builder; replaced whole by each build\n")
        _swap(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, output: Path) -> None:
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    if output.exists():
        os.rename(output, old)
    os.rename(staging, output)
    shutil.rmtree(old, ignore_errors=True)


def _recover(output: Path) -> None:
    """Undo what a killed build left: restore a moved-away output, drop stale staging folders."""
    for leftover in sorted(output.parent.glob(f".{output.name}.*")):
        if ".old-" in leftover.name and not output.exists():
            os.rename(leftover, output)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
