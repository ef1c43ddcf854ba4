"""A rebuild that removes pages leaves no folder of theirs behind: output/ holds exactly the
folders and files of a cold build of the same content, whether the edit was moved into the
live site file by file or (an edit too large for that) staged on a linked copy of it.

A report pinned out of its event (the event's page goes) and an article deleted (its page, and
its month's, tag's, place's and source's pages, and a list's last page go), in one build."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from site_builder import publish
from site_builder.build import build
from site_builder.config import load_config

from eventsite import MARKET_FIRE_ID, report, write_archive, write_page
from sitetools import write_site

FIRE = "kebakaran-pasar-kramat-jati"           # the market fire's event: two reports
LONE = "gempa-di-bern"
QUAKE = report("Gempa di Bern", date(2025, 1, 5), "id", "Swissinfo",
               [{"name": "Bern", "id": "name:bern", "mentions": ["Bern"], "country": None,
                 "kind": "other", "lat": None, "lon": None}], None, None,
               "seeds/009-swissinfo.txt", "BERN - Gempa mengguncang Bern, Minggu (5/1/2025).")


def _tree(output: Path) -> dict[str, bytes | None]:
    """Every folder (None) and file (its bytes) of a built site but the search index and the
    build stamp."""
    return {p.relative_to(output).as_posix(): None if p.is_dir() else p.read_bytes()
            for p in sorted(output.rglob("*"))
            if not p.relative_to(output).as_posix().startswith("pagefind")
            and p.name != ".site-builder-inputs"}


def _site(root: Path, cache: Path) -> Path:
    site = write_site(root, cache, config="per_page = 2\n")
    write_archive(site.root)
    write_page(site.root / "content", LONE, QUAKE, tags=["gempa"])
    return site.root


@pytest.mark.parametrize("staged", [False, True], ids=["in-place", "staged-copy"])
def test_pages_removed_leave_no_empty_folder(tmp_path, gazetteer_cache, monkeypatch, staged):
    live = _site(tmp_path / "live", gazetteer_cache)
    build(load_config(live / "site.toml"))
    assert (live / "output/events" / FIRE / "index.html").exists()
    assert (live / "output/archive/2025/01/index.html").exists()
    if staged:                            # as an edit of more files than an update moves
        monkeypatch.setattr(publish, "IN_PLACE_FILES", 0)
        monkeypatch.setattr(publish, "IN_PLACE_SHARE", 0)
    write_page(live / "content", FIRE, MARKET_FIRE_ID, event="none")
    (live / "content" / f"{LONE}.md").unlink()
    done = build(load_config(live / "site.toml"))
    assert done.in_place is not staged and not done.problems
    got = _tree(live / "output")
    assert [name for name, data in got.items() if data is None
            and not any(other.startswith(name + "/") for other in got)] == []
    cold = _site(tmp_path / "cold", gazetteer_cache)
    write_page(cold / "content", FIRE, MARKET_FIRE_ID, event="none")
    (cold / "content" / f"{LONE}.md").unlink()
    build(load_config(cold / "site.toml"))
    expected = _tree(cold / "output")
    assert sorted(set(got) ^ set(expected)) == []
    assert [name for name in sorted(got) if got[name] != expected[name]] == []
