"""Where event linking fails on incidents its model was not fitted to: the same held-apart runs
as `python -m site_builder.events.fit` scores (nested CV, one outer dealing; repeated CV, every
dealing at the threshold chosen on them), with each missed same-incident pair and each wrong
merge given its cause, and the causes counted.

    python bench/link_errors.py ../shared/eval-events --content SITE/content [--list]

SITE is a site built from the labelled articles (copy `articles/*` into its seeds/ and
`site-builder build`); without `--content` they are extracted into a temporary site.

A missed pair (one incident, two events) is either never a candidate (blocking): dated more
than WINDOW_DAYS apart, sharing no blocking key, or sharing one but not kept (each report's
CANDIDATES best partners, a crowded key); or scored below the link threshold (the features
named are those whose contribution falls furthest below the average same-incident pair's);
or scored above it while the two groups' average stayed below. A wrong merge (two incidents,
one event) is a pair scored above the threshold (the features named rise furthest above the
average different-incident pair's), or joined through the rest of its group. Also: the gold
pairs by days apart (undated apart) with how many are candidates and how many the held-apart
runs found, and the weights that move most between the runs' models (their spread).
"""
from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.events.blocking import WINDOW_DAYS, blocking_keys
from site_builder.events.fit import (
    DEALINGS,
    Prepared,
    _distractor,
    _pairs,
    choose_link,
    cross_validate,
    load,
    nested,
    prepare,
)
from site_builder.events.scores import FEATURES, Model

SHOWN = 2                      # the features named for one pair


@dataclass
class Runs:
    """The held-apart runs of one kind: (model, predicted events, articles scored)."""

    name: str
    runs: list[tuple[Model, dict[str, str], set[str]]] = field(default_factory=list)

    def add(self, fitted: Model, pred: dict[str, str], focus: set[str]) -> None:
        self.runs.append((fitted, pred, focus))


class Diagnosis:
    """The labelled archive's pairs as linking saw them: candidates, features, distances."""

    def __init__(self, prep: Prepared) -> None:
        self.prep = prep
        files = prep.data.files
        self.index = {f: n for n, f in enumerate(files)}
        self.features = {frozenset((files[i], files[j])): x for i, j, x in prep.pairs}
        self.keys = [set(blocking_keys(p)) for p in prep.profiles]
        same = [x for (_, _, x), y in zip(prep.pairs, prep.same, strict=True) if y]
        other = [x for (_, _, x), y in zip(prep.pairs, prep.same, strict=True) if not y]
        self.mean_same = [statistics.fmean(c) for c in zip(*same, strict=True)]
        self.mean_other = [statistics.fmean(c) for c in zip(*other, strict=True)]

    def days(self, pair: frozenset[str]) -> int | None:
        """Days apart, or None when either report is undated."""
        a, b = (self.prep.profiles[self.index[f]].day for f in pair)
        return None if a is None or b is None else abs(a - b)

    def blocked(self, pair: frozenset[str]) -> str:
        """Why a pair is not a candidate."""
        a, b = (self.index[f] for f in pair)
        gap = self.days(pair)
        if gap is not None and gap > WINDOW_DAYS:
            return f"not a candidate: over {WINDOW_DAYS} days apart"
        if not self.keys[a] & self.keys[b]:
            return "not a candidate: no shared key" + (" (undated)" if gap is None else "")
        return "not a candidate: shared key, not kept (partner cap or crowded key)"

    def features_of(self, fitted: Model, x: tuple[float, ...], mean: list[float],
                    low: bool) -> str:
        """The features whose contribution differs most from the average pair's, the way
        the verdict went (below it for a missed pair, above for a wrong merge)."""
        moves = [(w * (v - m), name) for w, v, m, name in
                 zip(fitted.weights, x, mean, FEATURES, strict=True)]
        moves.sort(reverse=not low)
        return ", ".join(f"{name} {d:+.2f}" for d, name in moves[:SHOWN])

    def missed(self, fitted: Model, pair: frozenset[str]) -> tuple[str, str]:
        """A same-incident pair left in two events: its cause, and the features."""
        x = self.features.get(pair)
        if x is None:
            return self.blocked(pair), ""
        p = fitted.probability(x)
        if p < fitted.link:
            return "scored too low", f"p {p:.2f}: " + self.features_of(
                fitted, x, self.mean_same, low=True)
        return "scored above the link, groups' average below", f"p {p:.2f}"

    def merged(self, fitted: Model, pair: frozenset[str]) -> tuple[str, str]:
        """A pair of two incidents put in one event: its cause, and the features."""
        x = self.features.get(pair)
        p = fitted.probability(x) if x is not None else 0.0
        if x is not None and p >= fitted.link:
            return "scored too high", f"p {p:.2f}: " + self.features_of(
                fitted, x, self.mean_other, low=False)
        return "joined through its group", f"p {p:.2f}"


def errors(diag: Diagnosis, runs: Runs) -> tuple[Counter, Counter, list[str]]:
    """The causes of missed pairs and wrong merges over the runs, and one line each."""
    gold = diag.prep.gold
    gold_pairs = _pairs(gold)
    misses: Counter = Counter()
    merges: Counter = Counter()
    lines = []
    for n, (fitted, pred, focus) in enumerate(runs.runs):
        for pair in sorted(gold_pairs, key=sorted):
            if pair & focus and len({pred[f] for f in pair}) > 1:
                cause, why = diag.missed(fitted, pair)
                misses[cause] += 1
                lines.append(f"  run {n} missed {_show(diag, pair)}: {cause} {why}")
        for pair in sorted(_pairs(pred), key=sorted):
            if pair & focus and pair not in gold_pairs:
                cause, why = diag.merged(fitted, pair)
                distractor = any(_distractor(gold[f]) for f in pair)
                merges[cause + (" (distractor)" if distractor else "")] += 1
                lines.append(f"  run {n} merged {_show(diag, pair)}: {cause} {why}")
    return misses, merges, lines


def _show(diag: Diagnosis, pair: frozenset[str]) -> str:
    a, b = sorted(pair)
    gap = diag.days(pair)
    languages = "/".join(diag.prep.languages[f] for f in (a, b))
    return (f"{a}+{b} ({diag.prep.gold[a]}/{diag.prep.gold[b]}, {languages}, "
            f"{'undated' if gap is None else f'{gap} d'})")


def by_days(diag: Diagnosis, runs: list[Runs]) -> list[str]:
    """The gold pairs by days apart: how many, how many candidates, and the share each kind
    of run found."""
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0] + [0, 0] * len(runs))
    for pair in _pairs(diag.prep.gold):
        gap = diag.days(pair)
        row = rows["undated" if gap is None else f"{gap} d" if gap <= 7 else "> 7 d"]
        row[0] += 1
        row[1] += pair in diag.features
        for k, kind in enumerate(runs):
            for _, pred, focus in kind.runs:
                if pair & focus:
                    row[2 + 2 * k] += 1
                    row[3 + 2 * k] += len({pred[f] for f in pair}) == 1
    order = sorted(rows, key=lambda r: (r == "undated", r.startswith(">"), r))
    head = "  days apart   gold  candidates" + "".join(f"  {r.name + ' found':>15}" for r in runs)
    return [head] + [f"  {r:10} {rows[r][0]:6} {rows[r][1]:11}" + "".join(
        f"  {f'{rows[r][3 + 2 * k]}/{rows[r][2 + 2 * k]}':>15}" for k in range(len(runs)))
        for r in order]


def spread(runs: list[Runs]) -> list[str]:
    """Each weight's mean and spread (standard deviation) over every held-apart model."""
    models = [m for kind in runs for m, _, _ in kind.runs]
    columns = list(zip(*(m.weights for m in models), strict=True))
    rows = sorted(((statistics.pstdev(c), statistics.fmean(c), min(c), max(c), name)
                   for c, name in zip(columns, FEATURES, strict=True)), reverse=True)
    return [f"  {name:24} sd {sd:.3f}  mean {mean:+.3f}  range {lo:+.3f} .. {hi:+.3f}"
            for sd, mean, lo, hi, name in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labelled", type=Path, help="a folder with articles/ and events.jsonl")
    parser.add_argument("--content", type=Path, help="content/ already extracted from them")
    parser.add_argument("--cache", type=Path, default=Path(".cache"))
    parser.add_argument("--list", action="store_true", help="print every error, one a line")
    args = parser.parse_args(argv)
    if not (args.labelled / "events.jsonl").is_file():
        print(f"{args.labelled}: no events.jsonl (a labelled folder)", file=sys.stderr)
        return 2
    prep = prepare(load(args.labelled, args.content, args.cache))
    diag = Diagnosis(prep)
    nested_runs, every = Runs("nested"), Runs("repeated")
    nested(prep, nested_runs.add)
    chosen = choose_link(cross_validate(prep, set(range(len(prep.gold))), DEALINGS,
                                        every.add))
    repeated = Runs("repeated")
    repeated.runs = [r for r in every.runs if r[0].link == chosen]
    for kind in (nested_runs, repeated):
        misses, merges, lines = errors(diag, kind)
        print(f"{kind.name} CV ({len(kind.runs)} runs): missed same-incident pairs "
              f"{sum(misses.values())}, wrong merges {sum(merges.values())}")
        for label, counts in (("missed", misses), ("merged", merges)):
            for cause, n in counts.most_common():
                print(f"  {label:7} {n:4}  {cause}")
        if args.list:
            print("\n".join(lines))
    print("same-incident pairs by days apart (found: over the runs that score them)")
    print("\n".join(by_days(diag, [nested_runs, repeated])))
    print("weights over the held-apart models, most spread first")
    print("\n".join(spread([nested_runs, repeated])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
