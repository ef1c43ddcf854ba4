"""What stable place slugs cost: giving them out over the whole gazetteer (once a machine, when
its index is built: both languages at once, then each alone), the room they take in the index's
SQLite copy, and looking one up the way a
rebuild that meets a new place does (the SQLite copy opened lazily, not loaded whole).

    python bench/place_slugs_bench.py [--cache-dir DIR] [--lookups 1000]

CPU seconds (time.process_time) of this process; the gazetteer index must be built already
(any `site-builder build` builds it), in DIR or the user's cache folder.
"""
from __future__ import annotations

import argparse
import pickle
import sqlite3
import time
from pathlib import Path

from site_builder.extract.gazetteer import Gazetteer
from site_builder.extract.gazetteer_slugs import SLUG_LANGUAGES, assign_all_slugs, assign_slugs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--lookups", type=int, default=1000)
    args = parser.parse_args()
    path = Gazetteer.cache_file(args.cache_dir)
    with path.open("rb") as fh:
        rows = pickle.load(fh)[0]
    start = time.process_time()
    both = assign_all_slugs(rows)
    print(f"assign_all_slugs (both languages, as building the index does): "
          f"{time.process_time() - start:.2f} CPU s")
    for language in SLUG_LANGUAGES:
        start = time.process_time()
        slugs = assign_slugs(rows, language)
        plain = sum(1 for s in slugs.values() if "-" not in s)
        assert slugs == both[language]
        print(f"assign_slugs({language!r}): {len(slugs):,} places in "
              f"{time.process_time() - start:.2f} CPU s ({plain:,} slugs without a hyphen)")
    db = sqlite3.connect(f"file:{path.with_suffix('.sqlite')}?mode=ro", uri=True)
    columns = db.execute("SELECT SUM(LENGTH(slug_id) + LENGTH(slug_en)) FROM rows").fetchone()[0]
    try:
        size = db.execute("SELECT SUM(pgsize) FROM dbstat WHERE name IN "
                          "('rows_slug_id', 'rows_slug_en')").fetchone()[0]
        print(f"slugs in the SQLite copy: {(columns + size) / 1e6:.1f} MB (their columns "
              f"{columns / 1e6:.1f} MB, their indexes {size / 1e6:.1f} MB)")
    except sqlite3.OperationalError:           # an SQLite built without the dbstat table
        print(f"slugs in the SQLite copy: their columns {columns / 1e6:.1f} MB (no dbstat)")
    ids = [place_id for (place_id,) in db.execute(
        "SELECT id FROM rows ORDER BY random() LIMIT ?", (args.lookups,))]
    start = time.process_time()
    gazetteer = Gazetteer.load(args.cache_dir, lazy=True)
    opened = time.process_time() - start
    for place_id in ids:
        gazetteer.place_slug(place_id, "id")
        gazetteer.place_name(place_id, "id")
    each = (time.process_time() - start - opened) / max(len(ids), 1)
    print(f"lazy open {opened * 1e3:.1f} CPU ms; name and slug of a place: "
          f"{each * 1e6:.0f} CPU µs each ({len(ids)} places)")


if __name__ == "__main__":
    main()
