#!/usr/bin/env python3
"""Calibration of the review flags on labelled articles, with folds by outlet.

    review_folds.py --labels LABELS.jsonl --content CONTENT_DIR --sources SOURCES.tsv [--folds 5]

The flags are fixed shapes (site_builder/extract/review.py), not weights; what was chosen by
looking at data is which shapes flag. This tool measures that choice honestly: the outlets are
split into folds; on each fold's training part a reason is kept only if it flagged at least one
wrong value there, and the kept reasons are scored on the fold's held-apart outlets. It prints
the review row of the shipped rules on all articles (fitted) and the pooled held-apart row of
that selection procedure. Needs the project's scorer (../shared/tools/score_extraction.py).
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
from collections import defaultdict
from pathlib import Path

SCORER = Path(__file__).resolve().parent.parent.parent / "shared" / "tools" / "score_extraction.py"
SINGLE = ("date", "source", "wire", "dateline", "killed", "injured")


def _scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def outcomes(scorer, labels: list[dict], preds: dict) -> list[tuple[str, str, str | None, bool]]:
    """(file, field, reason or None, right) for every scored single-valued field."""
    rows = []
    for label in labels:
        pred = preds.get(label["file"]) or {}
        bare = {k: v for k, v in pred.items() if k != "review"}
        result = scorer.score([label], {label["file"]: bare})[0]
        review = pred.get("review") or {}
        for field in SINGLE:
            if result[field]["total"]:
                right = result[field]["correct"] == result[field]["total"]
                rows.append((label["file"], field, review.get(field), right))
    return rows


def row(items: list[tuple[str, str, str | None, bool]], kept: set | None = None) -> str:
    flagged = [i for i in items if i[2] and (kept is None or (i[1], i[2]) in kept)]
    unflagged = [i for i in items if i not in flagged]
    right = sum(i[3] for i in unflagged)
    return (f"{len(flagged)}/{len(items)} flagged ({len(flagged) / len(items):.3f}); "
            f"unflagged right {right / len(unflagged):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, required=True)
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    scorer = _scorer()
    labels = [json.loads(line) for line in args.labels.read_text("utf-8").splitlines()
              if line.strip()]
    outlet_of = {}
    for line in args.sources.read_text("utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) > 1:
            outlet_of[cells[0]] = cells[1].split(" (")[0].strip()
    items = outcomes(scorer, labels, scorer.load_predictions(args.content))
    print(f"shipped rules, all articles (fitted): {row(items)}")
    fold_of = {f: int(hashlib.sha256(outlet_of.get(f, f).encode()).hexdigest(), 16) % args.folds
               for f in {i[0] for i in items}}
    held: list = []
    kept_sets = []
    for fold in range(args.folds):
        train = [i for i in items if fold_of[i[0]] != fold]
        wrong = defaultdict(int)
        for _, field, reason, right in train:
            if reason and not right:
                wrong[(field, reason)] += 1
        kept = set(wrong)
        kept_sets.append(kept)
        test = [i for i in items if fold_of[i[0]] == fold]
        held += [(f, field, reason if (field, reason) in kept else None, right)
                 for f, field, reason, right in test]
    print(f"reasons kept when they caught an error in training, {args.folds} folds by outlet "
          f"(held-apart, pooled): {row(held)}")
    always = set.intersection(*kept_sets) if kept_sets else set()
    print("kept in every fold:", "; ".join(f"{f}: {r}" for f, r in sorted(always)))


if __name__ == "__main__":
    main()
