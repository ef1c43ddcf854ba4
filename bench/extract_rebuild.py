"""What a build's extract stage costs after one seed is added, after one is edited, and with
nothing changed, in a built site (CPU seconds of this process, and wall seconds).

    python bench/extract_rebuild.py SITE          # e.g. a copy of a built 10,000-article site

SITE's seeds/, content/ and site.toml are copied to a temp folder (SITE is not changed). The
stage is called as a build calls it (`extract_seeds` with the last run's snapshot, a database
record made for each page written); a first call makes the snapshot. Runs with any version of
site_builder that has that signature: `/path/to/other/.venv/bin/python bench/extract_rebuild.py
SITE` measures another checkout the same way.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from site_builder.config import load_config
from site_builder.files import scan
from site_builder.ingest import extract_seeds


def timed_extract(config, snapshot):
    """(the report, CPU s, wall s) of one extract stage as a build runs it."""
    pages = {path for path in scan(config.content_path, ".md") if "/" not in path}
    cpu, wall = time.process_time(), time.perf_counter()
    report = extract_seeds([config.seeds_path], config.content_path, config.root,
                           config.extract.reference_date, config.gazetteer_path,
                           on_page=lambda *_: None, since=(snapshot, "bench", pages))
    return report, time.process_time() - cpu, time.perf_counter() - wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="extract-rebuild-"))
    try:
        for part in ("seeds", "content"):
            shutil.copytree(args.site / part, work / part)
        shutil.copy(args.site / "site.toml", work / "site.toml")
        config = load_config(work / "site.toml")
        seeds = sorted(config.seeds_path.glob("*.txt"))
        report, cpu, wall = timed_extract(config, None)
        print(f"{len(seeds)} seeds; first run (snapshot made): {cpu:.3f} CPU s, {wall:.3f} s")
        added = config.seeds_path / "zz-added.txt"
        added.write_text(seeds[-1].read_text(encoding="utf-8").replace(
            "\n", "\nA paragraph only this added article has.\n", 1), encoding="utf-8")
        edited = seeds[len(seeds) // 2]
        steps = [("one seed added", lambda: None),
                 ("one seed edited", lambda: edited.write_text(edited.read_text(
                     encoding="utf-8") + "One more sentence.\n", encoding="utf-8")),
                 ("nothing changed", lambda: None)]
        for name, change in steps:
            change()
            report, cpu, wall = timed_extract(config, report.snapshot)
            print(f"{name}: {len(report.written)} written, {cpu:.3f} CPU s, {wall:.3f} s")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
