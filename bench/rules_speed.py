"""The extraction rules alone on real articles, in CPU time, and where that time goes.

    python bench/rules_speed.py [--copies 3] [--rounds 5] [--articles ../shared/eval-dev/articles]
    python bench/rules_speed.py --seeds DIR [--rounds 1] [--reference-date 2025-12-31]

Reads the labelled development articles (137) once, then runs every extractor over them COPIES
times in one process, ROUNDS times; reports the best round's CPU time (`time.process_time`:
steadier than the wall clock on a shared machine) as articles/s for `extract_metadata` as a
whole and for each extractor on its own (language, attribution, dates, places, casualties,
review), as `extract_metadata` calls them. A first pass warms the caches a long run keeps warm
(the gazetteer's candidate lists, word shapes). The issue's target: the rules >= 1,000/s.

`--seeds DIR` reads every seed of a folder once instead (a `make_corpus.py` corpus: distinct
articles), with no warm-up: the first round's figure is a cold start's. The breakdown by
extractor is measured after each whole pass, so its caches are warm.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = REPO.parent / "shared" / "eval-dev" / "articles"
REFERENCE = date(2025, 11, 25)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--seeds", type=Path, help="a folder of seeds, each read once")
    parser.add_argument("--reference-date", type=date.fromisoformat, default=REFERENCE)
    args = parser.parse_args()
    from site_builder.extract import _head, extract_metadata, load_gazetteer
    from site_builder.extract.attribution import read_attribution
    from site_builder.extract.casualties import find_casualties
    from site_builder.extract.dates import find_report_date
    from site_builder.extract.language import detect_language
    from site_builder.extract.places import find_places, place_kind
    from site_builder.extract.review import review
    from site_builder.seeds import read_seed

    gazetteer = load_gazetteer(None)
    kind = place_kind(gazetteer)
    folder = args.seeds or args.articles
    seeds = [read_seed(p, folder.parent) for p in sorted(folder.glob("*.txt"))]
    copies = 1 if args.seeds else args.copies
    seeds *= copies
    n = len(seeds)
    reference_date = args.reference_date

    def whole() -> None:
        for s in seeds:
            extract_metadata(s.title, s.body, s.collected or reference_date, gazetteer)

    def parts(spent: dict[str, float]) -> None:
        def timed(name: str, call: Callable[..., Any], *args: Any) -> Any:
            started = time.process_time()
            found = call(*args)
            spent[name] = spent.get(name, 0.0) + time.process_time() - started
            return found
        for s in seeds:
            reference = s.collected or reference_date
            language = timed("language", detect_language, f"{s.title or ''}\n{s.body}")
            attribution, _, doubts = timed("attribution", read_attribution, s.body, language,
                                           kind, s.title)
            found_date = timed("dates", find_report_date, s.body, language, reference)
            places = timed("places", find_places, s.body, s.title, language, gazetteer,
                           attribution.dateline)
            casualties = timed("casualties", find_casualties, s.body, s.title, language)
            timed("review", review, _head(s.title, s.body), found_date, doubts, places,
                  casualties)

    if not args.seeds:
        whole()      # warm-up
    best = float("inf")
    best_parts: dict[str, float] = {}
    for _ in range(args.rounds):
        started = time.process_time()
        whole()
        best = min(best, time.process_time() - started)
        spent: dict[str, float] = {}
        parts(spent)
        for name, seconds in spent.items():
            best_parts[name] = min(best_parts.get(name, float("inf")), seconds)
    print(f"{n} articles ({n // copies} x {copies}) from {folder}, best of {args.rounds} "
          f"rounds, CPU time")
    print(f"extract_metadata: {best:.3f} s, {n / best:.0f} articles/s")
    total = sum(best_parts.values())
    for name, seconds in sorted(best_parts.items(), key=lambda item: -item[1]):
        print(f"  {name:12s} {1000 * seconds / n:6.3f} ms an article "
              f"({100 * seconds / total:4.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
