"""A build that takes two holders away from a key held by 62 reports brings an undated report
(the key's 62nd holder) into the key's first UNDATED_LIMIT holders: its evidence changes, so
the relink must reach it, as a link from scratch does (found by a reviewer's fuzzer; the
event id a reader sees differed)."""
from __future__ import annotations

import sqlite3
import sys
from datetime import date, timedelta

from site_builder.link import link_events
from site_builder.load import Changes
from site_builder.model import Article, Casualties, Place
from site_builder.site import record_of
from site_builder.store import Store

from sitetools import REPO

sys.path.insert(0, str(REPO / "bench"))
from relink_bench import insert  # the loader's rows for linking, as the bench makes them


def _article(slug: str, day: date | None) -> Article:
    town = Place(name="Kotabaru", id="geo:77", mentions=[], country="ID", kind="city",
                 lat=None, lon=None)
    return Article(title=f"Kebakaran gudang zqwarehouse {slug}", slug=slug, date=day,
                   date_text=None, date_confidence="none", language="id", source=None,
                   wire=None, dateline=None, places=[town], casualties=Casualties(), tags=[],
                   seed=f"seeds/{slug}.txt", seed_sha256=None,
                   body="zqwarehouse zqwarehouse zqwarehouse gudang terbakar di Kotabaru")


def _linked(store: Store) -> dict:
    link_events(store, Changes())
    store.commit()
    return {"ids": dict(store.rows("SELECT id, event FROM articles")),
            "choices": store.rows("SELECT id, choices FROM link_reports ORDER BY id")}


def test_two_holders_removed_reach_the_undated_report_past_the_first_holders(tmp_path):
    store = Store.open(tmp_path, tmp_path / "content", "id")
    dated = [insert(store, record_of(_article(f"d{n:02d}", date(2025, 1, 1) + timedelta(5 * n))))
             for n in range(61)]               # 5 days apart: no window holds two of them
    insert(store, record_of(_article("u-undated", None)))      # the key's 62nd holder
    _linked(store)
    for gone in dated[:2]:                     # 60 holders left: the key counts for it now
        store.db.execute("DELETE FROM articles WHERE id = ?", (gone,))
        store.db.execute("DELETE FROM profiles WHERE id = ?", (gone,))
    relinked = _linked(store)
    copy = sqlite3.connect(tmp_path / "fresh.sqlite")
    store.db.backup(copy)
    fresh = Store(tmp_path / "fresh.sqlite", copy)
    fresh.set("link method", "")               # a link from scratch
    assert relinked == _linked(fresh)
