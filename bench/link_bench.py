"""Event linking alone, timed on a synthetic corpus (make_corpus.py): how long linking takes
and how it grows with the archive, without a whole build around it.

    python bench/link_bench.py CORPUS_SEEDS_DIR [--limit N] [--reference-date 2025-12-31]
                               [--cache DIR] [--json FILE]

Each seed is extracted in this process (extract_metadata, as a build extracts it) and its
profile made and written, compressed, to a temporary file; that part is reported but is the
build's extraction, not linking. Then `events.link_ranked` reads the profiles from the file in
linking order, twice (to count words, then to link), as a build reads them from its database:
that is the time reported as linking. Run it on 10,000 and 100,000 articles to see the growth.
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

from site_builder.events import Profile, link_ranked, profile
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


def profile_order(day: date | None, name: str, n: int) -> tuple:
    return (day is None, day.toordinal() if day else 0, name, n)


def read_profiles(path: Path, index: list[tuple[tuple, int, int]]) -> Iterator[Profile]:
    with path.open("rb") as fh:
        for _, offset, length in index:
            fh.seek(offset)
            yield pickle.loads(zlib.decompress(fh.read(length)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--reference-date", type=date.fromisoformat, default=date(2025, 12, 31))
    parser.add_argument("--cache", type=Path, default=None, help="the gazetteer cache folder")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    seeds = sorted(args.seeds.glob("*.txt"))[:args.limit]
    with tempfile.TemporaryDirectory() as work:
        store = Path(work) / "profiles.bin"
        started = time.perf_counter()
        index = write_profiles(seeds, args.seeds.parent, args.reference_date, args.cache, store)
        profiled = time.perf_counter() - started
        started = time.perf_counter()
        ids = link_ranked(lambda: read_profiles(store, index))
        linked = time.perf_counter() - started
    sizes = Counter(ids)
    result = {"articles": len(seeds), "extract_and_profile_s": round(profiled, 1),
              "link_s": round(linked, 1), "linked_reports": len(ids) - len(set(ids)),
              "events_with_2_or_more": sum(1 for n in sizes.values() if n > 1)}
    print(json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
