"""Regenerate site_builder/data/gazetteer-index.br, the gazetteer's index shipped in the package
(gazetteer_pack.py), so that a new machine's first build unpacks it instead of building it.

    python tools/pack_gazetteer.py [--check]

Builds the index from its sources (gazetteer_build.build_index: GeoNames, Indonesia's register,
ISO 3166-2, Babel, the supplement), gives out every place's slug in both site languages
(gazetteer_slugs), and writes them under the digest of the running code and data packages
(gazetteer.index_digest). Run it after any change to the index's code, to the supplement, or to
the pinned versions of its data packages (pyproject.toml): until then a build notices that the
digest differs and builds the index itself (correct, seconds slower on a new machine), and
tests/test_gazetteer_pack.py fails. The file is read back and compared with what was built
before it is kept. `--check`: write nothing; exit 1 when the shipped file is not this index.
"""
from __future__ import annotations

import argparse
import sys

from site_builder.extract.gazetteer import data_versions, index_digest
from site_builder.extract.gazetteer_build import build_index
from site_builder.extract.gazetteer_pack import SHIPPED, decode, pack, shipped_digest
from site_builder.extract.gazetteer_slugs import assign_all_slugs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    rows, index, preferred = build_index()
    slugs = assign_all_slugs(rows)
    built = (rows, index, preferred, slugs)
    if args.check:
        same = shipped_digest() == index_digest() and decode(SHIPPED.read_bytes()) == built
        print(f"{SHIPPED}: {'the index built now' if same else 'NOT the index built now'}")
        sys.exit(0 if same else 1)
    data = pack(rows, index, preferred, slugs, index_digest(), data_versions())
    if decode(data) != built:
        sys.exit("the packed index reads back otherwise than it was built: not written")
    tmp = SHIPPED.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(SHIPPED)
    print(f"{SHIPPED}: {len(rows):,} places, {len(index):,} names, {len(data) / 1e6:.1f} MB, "
          f"digest {index_digest()}")


if __name__ == "__main__":
    main()
