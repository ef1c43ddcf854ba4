"""Linking as a build links, in the site's database: the first link of an archive, then a
relink after one article is added (a copy of the newest, then one of the middle of the archive)
and after one is edited (its text and date replaced), timed
in CPU seconds, and checked against a link from scratch of the same archive.

    python bench/relink_bench.py --content SITE/content [--copies K] [--json FILE]

The archive is the pages of an extracted site (a build's content/), each `--copies K` times
under new slugs and seed names, in the same days (as the bench corpus grows: 10,000 pages ×10
are 100,000 articles in 115 days). Only what linking reads is put in a temporary database
(the articles' rows and their profiles, as site.record_of makes them); then `link.link_events`
runs as a build runs it. The added article is a copy of the newest one (dated the archive's
last day, like run_bench.py's), then a copy of the article in the middle of the archive in
linking order (its day: reports on both sides); the edited one, in the middle of the
archive, gets another article's profile, of another day. "same_as_fresh" says whether the
relinked ids equal a link from scratch of the archive after the changes.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from site_builder.content import find_pages, read_page
from site_builder.link import link_events
from site_builder.load import Changes
from site_builder.site import Record, record_of
from site_builder.store import Store


def fill(store: Store, content: Path, copies: int) -> list[Record]:
    """Each page's record `copies` times (slug and seed made unique), in the database."""
    records = []
    for n, page in enumerate(find_pages(content)):
        record = record_of(read_page(page))
        records.append(record)
        for k in range(copies):
            insert(store, replace(record, slug=f"a{n:06d}-{k}",
                                  seed=f"seeds/{k:02d}/{n:06d}.txt"))
    store.commit()
    return records


def insert(store: Store, record: Record) -> int:
    """An article's row and profile, as the loader writes what linking reads."""
    day = record.date
    article = store.db.execute(
        "INSERT INTO articles (path, url, slug, sort_key, export_key, date, deaths, list_key,"
        " page_key, seed, report_key) VALUES (?, ?, ?, x'', x'', ?, 0, '', '', ?, ?)",
        (record.slug, record.url, record.slug, day.isoformat() if day else None, record.seed,
         record.report_key)).lastrowid
    store.db.execute("INSERT INTO profiles VALUES (?, ?, ?)",
                     (article, record.profile_digest, record.profile))
    return article


def timed(store: Store) -> dict:
    changes = Changes()
    counted = Counted()
    cpu = time.process_time()
    link_events(store, changes)
    store.commit()
    return {"cpu_s": round(time.process_time() - cpu, 3), "articles_moved_or_shown":
            len(changes.articles), **counted.done()}


class Counted:
    """How many reached reports a relink chose for from their kept evidence, and how many it
    worked out again whole (relink_evidence.Kept.chosen: None); nothing for older code."""

    def __init__(self) -> None:
        self.counts = {"from_kept": 0, "worked_out_whole": 0}
        try:
            from site_builder.relink_evidence import Kept
        except ImportError:
            self.kept = None
            return
        self.kept, self.chosen = Kept, Kept.chosen

        def chosen(kept, *args):
            found = self.chosen(kept, *args)
            self.counts["worked_out_whole" if found is None else "from_kept"] += 1
            return found
        Kept.chosen = chosen

    def done(self) -> dict:
        if self.kept is None:
            return {}
        self.kept.chosen = self.chosen
        return self.counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        store = Store.open(Path(work), Path(work) / "content", "id")
        records = fill(store, args.content, args.copies)
        result = {"articles": store.value("SELECT COUNT(*) FROM articles"),
                  "first_link": timed(store)}
        newest = max((r for r in records if r.date), key=lambda r: (r.date, r.slug))
        insert(store, replace(newest, slug="zz-newest", seed="seeds/zz-newest.txt"))
        result["add_one"] = timed(store)
        halfway = sorted((r for r in records if r.date), key=lambda r: r.report_key)
        mid = halfway[len(halfway) // 2]
        insert(store, replace(mid, slug="zz-middle", seed="seeds/zz-middle.txt"))
        result["add_middle"] = timed(store)
        middle = store.value("SELECT id FROM articles ORDER BY report_key LIMIT 1 OFFSET ?",
                             (result["articles"] // 2,))
        slug, seed = store.db.execute("SELECT slug, seed FROM articles WHERE id = ?",
                                      (middle,)).fetchone()
        other = replace(records[len(records) // 3], slug=slug, seed=seed)
        store.db.execute("UPDATE articles SET date = ?, report_key = ? WHERE id = ?",
                         (other.date.isoformat() if other.date else None, other.report_key,
                          middle))
        store.db.execute("UPDATE profiles SET digest = ?, data = ? WHERE id = ?",
                         (other.profile_digest, other.profile, middle))
        result["edit_one"] = timed(store)
        now = dict(store.rows("SELECT id, event FROM articles"))
        store.set("link method", "")                 # a link from scratch
        timed(store)
        result["same_as_fresh"] = now == dict(store.rows("SELECT id, event FROM articles"))
        store.close()
    print(json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if result["same_as_fresh"] else 1


if __name__ == "__main__":
    sys.exit(main())
