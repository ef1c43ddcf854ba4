"""What a build's extract stage costs after one seed is added, after one is edited, after a
record is appended to the site's crawl (if it has `seeds/crawl.warc.gz`), and with nothing
changed, in a built site (CPU seconds of this process, and wall seconds).

    python bench/extract_rebuild.py SITE          # e.g. a copy of a built 10,000-article site
    python bench/extract_rebuild.py --in-place COPY [--profile DIR]

SITE's seeds/, content/ and site.toml are copied to a temp folder (SITE is not changed); with
`--in-place` COPY itself is used (a copy of your own: a seed is added and one edited in it, a
new one each run; at 100,000 articles copying takes longer than the measurement). `--profile
DIR` writes each step's cProfile to DIR (STEP.prof) and prints its top functions. The
stage is called as a build calls it (`extract_seeds` with the last run's snapshot, a database
record made for each page written); a first call makes the snapshot. Runs with any version of
site_builder that has that signature: `/path/to/other/.venv/bin/python bench/extract_rebuild.py
SITE` measures another checkout the same way.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from site_builder.config import load_config
from site_builder.files import scan
from site_builder.ingest import extract_seeds


def timed_extract(config, snapshot, profile: Path | None = None):
    """(the report, CPU s, wall s) of one extract stage as a build runs it (the content
    folder's listing, which a build makes for its loader too, included); `profile`: its
    cProfile written there."""
    profiler = cProfile.Profile() if profile else None
    cpu, wall = time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    pages = scan(config.content_path, ".md")
    if isinstance(pages, dict) and not _takes_listing():     # an older checkout's signature
        pages = {path for path in pages if "/" not in path}
    report = extract_seeds([config.seeds_path], config.content_path, config.root,
                           config.extract.reference_date, config.gazetteer_path,
                           on_page=lambda *_: None, since=(snapshot, "bench", pages))
    if profiler:
        profiler.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if profiler:
        profiler.dump_stats(profile)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
        print(out.getvalue())
    return report, cpu, wall


def _takes_listing() -> bool:
    """Whether this checkout's extract_seeds takes content/'s listing (a dict) in `since`
    (before: a set of the file names)."""
    import inspect
    return "dict[str, Stamp]" in str(inspect.signature(extract_seeds).parameters["since"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--in-place", action="store_true",
                        help="use SITE itself (a copy of your own), not a temporary copy")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="write each step's cProfile to DIR and print its top functions")
    args = parser.parse_args()
    work = args.site if args.in_place else Path(tempfile.mkdtemp(prefix="extract-rebuild-"))
    try:
        if not args.in_place:
            for part in ("seeds", "content"):
                shutil.copytree(args.site / part, work / part)
            shutil.copy(args.site / "site.toml", work / "site.toml")
        run_steps(load_config(work / "site.toml"), args.profile)
        return 0
    finally:
        if not args.in_place:
            shutil.rmtree(work, ignore_errors=True)


def run_steps(config, profile: Path | None) -> None:
    """The first run (the snapshot made), then a seed added, one edited (where the site has
    .txt seeds), a record appended to its crawl (where it has `seeds/crawl.warc.gz`, as
    `web_bench.py append --keep` leaves one), nothing changed."""
    seeds = sorted(config.seeds_path.glob("*.txt"))
    report, cpu, wall = timed_extract(config, None)
    print(f"{len(seeds)} seeds; first run (snapshot made): {cpu:.3f} CPU s, {wall:.3f} s")
    steps = _text_steps(config, seeds) if seeds else []
    crawl = config.seeds_path / "crawl.warc.gz"
    if crawl.exists():
        steps.append(("one record appended to the crawl", lambda: _append_record(config, crawl)))
    steps.append(("nothing changed", lambda: None))
    if profile:
        profile.mkdir(parents=True, exist_ok=True)
    for name, change in steps:
        change()
        where = profile / f"{name.replace(' ', '-')}.prof" if profile else None
        report, cpu, wall = timed_extract(config, report.snapshot, where)
        print(f"{name}: {len(report.written)} written, {cpu:.3f} CPU s, {wall:.3f} s")


def _text_steps(config, seeds: list[Path]) -> list[tuple[str, Callable[[], object]]]:
    """A seed added and one edited (a new one each `--in-place` run)."""
    runs = sum(1 for seed in seeds if seed.name.startswith("zz-added"))   # earlier --in-place
    seeds = [seed for seed in seeds if not seed.name.startswith("zz-added")]
    added = config.seeds_path / f"zz-added{runs or ''}.txt"
    edited = seeds[(len(seeds) // 2 + runs) % len(seeds)]
    return [("one seed added", lambda: added.write_text(seeds[-1].read_text(
                encoding="utf-8").replace("\n", "\nA paragraph only this added article has "
                                          f"{runs}.\n", 1), encoding="utf-8")),
            ("one seed edited", lambda: edited.write_text(edited.read_text(
                encoding="utf-8") + "One more sentence.\n", encoding="utf-8"))]


def _append_record(config, crawl: Path) -> None:
    """web_bench's news page 20,000 + (records this script appended before in this site),
    dated mid-archive as append_again.py's `--dated mid`. The web readers (trafilatura) are
    imported here, out of the timing: the step times the planning and the record's extraction,
    not the imports every such build pays."""
    import trafilatura  # noqa: F401
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from append_again import DAYS
    from web_bench import news_pages, write_warc
    marks = config.root / ".extract-rebuild-appended"
    done = int(marks.read_text()) if marks.exists() else 0
    write_warc(crawl, news_pages(1, start=20_000 + done, day=DAYS["mid"]))
    marks.write_text(str(done + 1))


if __name__ == "__main__":
    sys.exit(main())
