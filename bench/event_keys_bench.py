"""What the events' keys pay for the point each place is drawn at (plan/events.py).

An event's key holds, for each of its places, the place's slug, name and drawn point (where
its newest report puts it), so that a report moving a place redraws the events there. A full
build works out every event's key; this reads the rows it goes through from a built site's
database (read only) and times, in CPU seconds, the key parts without the point (as before)
and with it (unpickled from the terms table):

    python bench/event_keys_bench.py SITE/.cache/site-*.sqlite [--rounds 3]
"""
from __future__ import annotations

import argparse
import sqlite3
import time

from site_builder.load_terms import where_drawn
from site_builder.plan.events import MULTIPLE, PLACES, PLACES_ORDER
from site_builder.store import unpack


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    db = sqlite3.connect(f"file:{args.database}?mode=ro", uri=True)
    query = f"{PLACES} WHERE a.event IN (SELECT event FROM ({MULTIPLE})) {PLACES_ORDER}"
    for _ in range(args.rounds):
        started = time.process_time()
        rows = db.execute(query).fetchall()
        parts = [f"{term}:{slug}:{name}" for _, term, slug, name, _ in rows]
        plain = time.process_time() - started
        started = time.process_time()
        rows = db.execute(query).fetchall()
        parts = [f"{term}:{slug}:{name}:{where_drawn(unpack(place))}"
                 for _, term, slug, name, place in rows]
        drawn = time.process_time() - started
        print(f"{len(parts)} event places: {plain:.3f} CPU s without the point, "
              f"{drawn:.3f} with it")


if __name__ == "__main__":
    main()
