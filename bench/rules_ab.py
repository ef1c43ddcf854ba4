"""The extraction rules of this checkout against another checkout's, interleaved in one process.

    python bench/rules_ab.py OTHER_CHECKOUT [--rounds 8] [--articles ../shared/eval-dev/articles]
    python bench/rules_ab.py OTHER_CHECKOUT --seeds DIR --cold [--reference-date 2025-12-31]

On a shared machine two runs a minute apart see different neighbours, and CPU time swells with
them (caches, hyperthreads): a comparison of separate runs measures the load. Here both
versions of `extract_metadata` run in one process, round after round, and each keeps its best
round (CPU time, `time.process_time`). The other checkout's `site_builder` is copied into a
temporary folder as the package `other_site_builder` (its imports rewritten), so both load
side by side; each loads its own gazetteer. A first pass warms both versions' caches (with
`--cold`, none: one round each, the other's first, caches empty, as for a new archive's
distinct articles). It checks that both read every article alike (the repr of each
Metadata), and says so.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = REPO.parent / "shared" / "eval-dev" / "articles"
REFERENCE = date(2025, 11, 25)


def _other_package(checkout: Path, into: Path) -> ModuleType:
    """The other checkout's `site_builder`, importable as `other_site_builder`."""
    target = into / "other_site_builder"
    shutil.copytree(checkout / "site_builder", target,
                    ignore=shutil.ignore_patterns("__pycache__"))
    for path in target.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bsite_builder\b", "other_site_builder", text),
                        encoding="utf-8")
    sys.path.insert(0, str(into))
    import other_site_builder.extract as other  # made just above
    return other


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="another checkout (its site_builder/)")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--seeds", type=Path, help="a folder of seeds, instead of --articles")
    parser.add_argument("--reference-date", type=date.fromisoformat, default=REFERENCE)
    parser.add_argument("--cold", action="store_true",
                        help="no warm-up, one round: each version's caches start empty")
    args = parser.parse_args()
    import site_builder.extract as this
    from site_builder.seeds import read_seed

    folder = args.seeds or args.articles
    seeds = [read_seed(p, folder.parent) for p in sorted(folder.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        other = _other_package(args.other.resolve(), Path(tmp))
        versions = {"other": (other, other.load_gazetteer(None)),
                    "this": (this, this.load_gazetteer(None))}

        def run(name: str) -> list[object]:
            module, gazetteer = versions[name]
            return [module.extract_metadata(s.title, s.body, s.collected or args.reference_date,
                                            gazetteer) for s in seeds]

        same = None
        if not args.cold:
            same = list(map(repr, run("other"))) == list(map(repr, run("this")))   # warm-up
        best = dict.fromkeys(versions, float("inf"))
        for _ in range(1 if args.cold else args.rounds):
            for name in versions:
                started = time.process_time()
                run(name)
                best[name] = min(best[name], time.process_time() - started)
        if same is None:
            same = list(map(repr, run("other"))) == list(map(repr, run("this")))
    rounds = "one cold round each" if args.cold else f"best of {args.rounds} interleaved rounds"
    print(f"{len(seeds)} articles from {folder}, {rounds}, CPU time; both read every article "
          f"alike: {same}")
    for name, seconds in best.items():
        label = args.other if name == "other" else REPO
        print(f"{name} ({label}): {len(seeds) / seconds:.0f} articles/s, "
              f"{1000 * seconds / len(seeds):.3f} ms an article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
