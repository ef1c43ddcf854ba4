"""Everything the gazetteer's cached index answers, as sorted text lines: to check that a change
to how the index is built changes nothing it holds.

    python bench/gazetteer_dump.py --cache-dir DIR OUT.txt [--from-sources]

Makes the index in DIR when it is not there (as a first build does: the shipped one unpacked
where the package has one for this code and data, else built; `--from-sources`: built whatever
the package ships), with both its copies written, then writes one line a
row (position, id, kind, country, coordinates, population, names, Kemendagri code, and the
place's slug in each site language), one line a name key (its candidates' positions, best
first) and one line a deliberate alias, read from the loaded index (the pickle). It then reads
every one of them again from the index's SQLite copy (what rebuilds open) and exits 1, naming
the first few differences, when the two disagree. Run it with two checkouts' Pythons
(`/path/to/other/.venv/bin/python bench/gazetteer_dump.py ...`), each with its own DIR, and
compare the two files (`cmp`): equal files, equal indexes.
"""
from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

from site_builder.extract.gazetteer import Gazetteer
from site_builder.extract.gazetteer_slugs import SLUG_LANGUAGES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, required=True)
    parser.add_argument("out", type=Path)
    parser.add_argument("--from-sources", action="store_true")
    args = parser.parse_args()
    if args.from_sources:
        from site_builder.extract import gazetteer
        gazetteer.unpack_shipped = lambda digest: None
    if "wait" in inspect.signature(Gazetteer.ensure_cached).parameters:
        Gazetteer.ensure_cached(args.cache_dir, wait=True)   # both copies written, none kept
    else:                                                      # (older code: always so)
        Gazetteer.ensure_cached(args.cache_dir)
    loaded = Gazetteer.load(args.cache_dir)
    opened = Gazetteer.load(args.cache_dir, lazy=True)
    tables, db_tables = loaded._tables, opened._tables
    lines, wrong = [], []
    for position, row in enumerate(tables.rows):
        slugs = [loaded.place_slug(row[0], language) for language in SLUG_LANGUAGES]
        lines.append("row\t" + "\t".join(map(repr, (position, *row, *slugs))))
        if db_tables.row(position) != row:
            wrong.append(f"row {position}: {db_tables.row(position)!r} != {row!r}")
        if [opened.place_slug(row[0], language) for language in SLUG_LANGUAGES] != slugs:
            wrong.append(f"slugs of {row[0]} differ")
        if db_tables.position_of(row[0]) != tables.position_of(row[0]):
            wrong.append(f"position of {row[0]} differs")
    for key, positions in sorted(tables.index.items()):
        lines.append(f"name\t{key}\t{','.join(map(str, positions))}")
        if db_tables.positions(key) != positions:
            wrong.append(f"name {key!r}: {db_tables.positions(key)} != {positions}")
    lines += [f"preferred\t{value}" for value in sorted(loaded.preferred)]
    if opened.preferred != loaded.preferred:
        wrong.append("the deliberate aliases differ")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(tables.rows):,} rows, {len(tables.index):,} names, "
          f"{len(loaded.preferred):,} aliases")
    if wrong:
        sys.exit("the SQLite copy differs from the loaded index:\n" + "\n".join(wrong[:10]))


if __name__ == "__main__":
    main()
