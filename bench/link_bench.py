"""Event linking alone, timed on a synthetic corpus (make_corpus.py): how long linking takes
and how it grows with the archive, without a whole build around it.

    python bench/link_bench.py CORPUS_SEEDS_DIR [--limit N] [--reference-date 2025-12-31]
                               [--cache DIR] [--json FILE]
    python bench/link_bench.py --content SITE/content [--copies K] [--json FILE]

Each seed is extracted in this process (extract_metadata, as a build extracts it) and its
profile made and written, compressed, to a temporary file; that part is reported but is the
build's extraction, not linking. Then `events.link_ranked` reads the profiles from the file in
linking order, once (after the few undated ones), as a build's first link reads them from its
database: that is the time reported as linking, the word lists' loading included (wall clock,
and CPU time: on a busy machine the second is the steadier). Run it on 10,000 and 100,000
articles to see the growth.

`--content`: profile the pages of an extracted site instead (a build's content/), `--copies K`
times each under new slugs and seed names: K times the archive in the same days, as the bench
corpus grows (its dates fall in the same 115 days at any size), without extracting it again.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from site_builder.content import find_pages, read_page
from site_builder.events import Profile, link_ranked, profile, undated_of
from site_builder.extract import extract_metadata, load_gazetteer
from site_builder.ingest import article_from_seed
from site_builder.seeds import read_seed


def write_profiles(seeds: list[Path], root: Path, reference: date, cache: Path | None,
                   out: Path) -> list[tuple[tuple, int, int]]:
    """Extract and profile every seed, appending each compressed profile to `out`; return
    (linking order, offset, length) for each."""
    gazetteer = load_gazetteer(cache)
    index = []
    with out.open("wb") as fh:
        for n, path in enumerate(seeds):
            seed = read_seed(path, root)
            metadata = extract_metadata(seed.title, seed.body, seed.collected or reference,
                                        gazetteer)
            article = article_from_seed(seed, metadata, f"a{n:06d}", path)
            data = zlib.compress(pickle.dumps(profile(article)), 1)
            index.append((profile_order(article.date, seed.name, n), fh.tell(), len(data)))
            fh.write(data)
            if (n + 1) % 10_000 == 0:
                print(f"profiled {n + 1}/{len(seeds)}", file=sys.stderr)
    index.sort()
    return index


def write_copies(content: Path, copies: int, out: Path) -> list[tuple[tuple, int, int]]:
    """Profile each page of a content/ folder `copies` times, under new slugs and seeds."""
    index = []
    with out.open("wb") as fh:
        for n, page in enumerate(find_pages(content)):
            article = read_page(page)
            made = profile(article)
            for k in range(copies):
                made.slug, seed = f"a{n:06d}-{k}", f"seeds/{k:02d}/{n:06d}.txt"
                made.order = (*made.order[:2], tuple(seed.split("/")), made.slug)
                data = zlib.compress(pickle.dumps(made), 1)
                index.append((profile_order(article.date, seed, n), fh.tell(), len(data)))
                fh.write(data)
    index.sort()
    return index


def profile_order(day: date | None, name: str, n: int) -> tuple:
    return (day is None, day.toordinal() if day else 0, name, n)


def read_profiles(path: Path, index: list[tuple[tuple, int, int]]) -> Iterator[Profile]:
    with path.open("rb") as fh:
        for _, offset, length in index:
            fh.seek(offset)
            yield pickle.loads(zlib.decompress(fh.read(length)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path, nargs="?")
    parser.add_argument("--content", type=Path, default=None)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--reference-date", type=date.fromisoformat, default=date(2025, 12, 31))
    parser.add_argument("--cache", type=Path, default=None, help="the gazetteer cache folder")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        store = Path(work) / "profiles.bin"
        started = time.perf_counter()
        if args.content:
            index = write_copies(args.content, args.copies, store)
        else:
            seeds = sorted(args.seeds.glob("*.txt"))[:args.limit]
            index = write_profiles(seeds, args.seeds.parent, args.reference_date, args.cache,
                                   store)
        profiled = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        undated = undated_of(read_profiles(store, [e for e in index if e[0][0]]))
        ids = link_ranked(read_profiles(store, index), undated).ids
        linked, cpu = time.perf_counter() - started, time.process_time() - cpu
    sizes = Counter(ids)
    result = {"articles": len(index), "extract_and_profile_s": round(profiled, 1),
              "link_s": round(linked, 1), "link_cpu_s": round(cpu, 1),
              "linked_reports": len(ids) - len(set(ids)),
              "events_with_2_or_more": sum(1 for n in sizes.values() if n > 1)}
    print(json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
