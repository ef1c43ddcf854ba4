"""What refreshing an added article's terms costs (load_terms.py's `TermRefresh`: each tag,
place and source of the article counted, its toll summed and its newest article found), with
the queries the loader uses now and with the ones it used before (every member's article row
read, every member sorted), on a built site's database (opened read-only; the site must have
been built by this code once, which adds the index the toll is read from).

    python bench/terms_bench.py SITE [--rounds 3]

Prints the terms of the newest article (the one a rebuild adds), their members, and the CPU
seconds of each way, and whether both give the same answers.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

from site_builder.config import load_config
from site_builder.load_terms import MEMBERS, NEWEST, NEWEST_WALKED, TOLL
from site_builder.store import database_path

BEFORE_TOLL = f"SELECT COUNT(*), COALESCE(SUM(a.deaths), 0) {MEMBERS}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    config = load_config(args.site.resolve() / "site.toml")
    path = database_path(config.cache_path, config.content_path)
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    newest = db.execute("SELECT id FROM articles ORDER BY sort_key LIMIT 1").fetchone()[0]
    terms = db.execute("SELECT kind, term FROM memberships WHERE article = ?",
                       (newest,)).fetchall()
    archive = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    members = sum(db.execute("SELECT COUNT(*) FROM memberships WHERE kind = ? AND term = ?",
                             term).fetchone()[0] for term in terms)
    print(f"{archive} articles; the newest is in {len(terms)} terms of {members} members")
    for _ in range(args.rounds):
        started = time.process_time()
        before = [(db.execute(BEFORE_TOLL, term).fetchone(), db.execute(NEWEST, term).fetchone())
                  for term in terms]
        before_s, started = time.process_time() - started, time.process_time()
        now = []
        for term in terms:
            count, deaths = db.execute(TOLL, term).fetchone()
            query = NEWEST_WALKED if count * count > archive else NEWEST
            now.append(((count, deaths), db.execute(query, term).fetchone()))
        now_s = time.process_time() - started
        print(f"before {before_s:.3f} CPU s, now {now_s:.3f} CPU s, same answers: "
              f"{before == now}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
