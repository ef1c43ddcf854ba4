"""A place whose articles did not change but whose events did (an event there gained a report
that names other places) has only its first screen planned again, from what was kept of it
(plan/terms.py, table term_heads): that screen must be a cold build's, and its numbered pages
stay."""
from __future__ import annotations

import shutil
from pathlib import Path

CONFIG = ('title = "Arsip"\nlanguage = "id"\nper_page = 2\n'
          'base_url = "https://example.org/arsip/"\n[search]\nbackground = false\n')
PLACE = "places/kampung-lor/index.html"


def _site(root: Path, cache: Path) -> Path:
    from sitetools import cache_config
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text(cache_config(cache) + CONFIG, encoding="utf-8")
    return root


def _report(content: Path, name: str, day: int, place: str, event: str = "none") -> None:
    from sitetools import located_report
    located_report(content, name, day, place, event)


def _build(root: Path) -> dict[str, bytes]:
    from sitetools import built_files
    return built_files(root)


def test_a_places_first_screen_after_its_event_changed_elsewhere_is_a_cold_builds(
        tmp_path, gazetteer_cache, monkeypatch):
    from site_builder.plan import terms
    live = _site(tmp_path / "live", gazetteer_cache)
    content = live / "content"
    for day in range(1, 9):                    # Kampung Lor: numbered pages and a timeline
        _report(content, f"lama-{day}", day, "Kampung Lor")
    for name, day in (("banjir-b", 12), ("banjir-c", 14)):
        _report(content, name, day, "Kampung Lor", event="banjir-lor")
    before = _build(live)
    assert "Laporan banjir-b" in before[PLACE].decode()       # the event's name there
    # An earlier report of the event, at another place: the event's name is now its title.
    planned_whole: list[str] = []
    whole = terms.plan_list_head

    def counted(ctx, owner, *args):
        planned_whole.append(owner)
        return whole(ctx, owner, *args)

    monkeypatch.setattr(terms, "plan_list_head", counted)
    _report(content, "banjir-a", 11, "Kampung Kidul", event="banjir-lor")
    got = _build(live)
    assert "places/kampung-lor" not in planned_whole       # its first screen alone, as kept
    assert "Laporan banjir-a" in got[PLACE].decode()
    cold = _site(tmp_path / "cold", gazetteer_cache)
    shutil.rmtree(cold / "content")
    shutil.copytree(content, cold / "content")
    expected = _build(cold)
    assert [name for name in expected if got.get(name) != expected[name]] == []
    assert got.keys() == expected.keys()


def test_a_kept_first_screen_is_kept_again_on_the_next_event_only_change(
        tmp_path, gazetteer_cache, monkeypatch):
    """Each further report of an event elsewhere plans the place's first screen alone again
    (the kept head follows the page it made), and the page stays a cold build's."""
    from site_builder.plan import terms
    live = _site(tmp_path / "live", gazetteer_cache)
    content = live / "content"
    for day in range(1, 9):
        _report(content, f"lama-{day}", day, "Kampung Lor")
    for name, day in (("banjir-b", 12), ("banjir-c", 14)):
        _report(content, name, day, "Kampung Lor", event="banjir-lor")
    _build(live)
    planned_whole: list[str] = []
    whole = terms.plan_list_head
    monkeypatch.setattr(terms, "plan_list_head", lambda ctx, owner, *args: (
        planned_whole.append(owner), whole(ctx, owner, *args))[1])
    scanned = []
    for n, day in enumerate((11, 10, 9)):      # each an earlier report, at another place
        planned_whole.clear()
        _report(content, f"susulan-{n}", day, f"Gunung {n}", event="banjir-lor")
        got = _build(live)
        scanned.append("places/kampung-lor" in planned_whole)
    assert scanned == [False, False, False]
    cold = _site(tmp_path / "cold", gazetteer_cache)
    shutil.rmtree(cold / "content")
    shutil.copytree(content, cold / "content")
    expected = _build(cold)
    assert [name for name in expected if got.get(name) != expected[name]] == []
