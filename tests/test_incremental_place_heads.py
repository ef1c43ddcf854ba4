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
    slug = place.lower().replace(" ", "-")
    (content / f"{name}.md").write_text(
        f"---\ntitle: Laporan {name}\ndate: 2025-10-{day:02d}\ntags: [banjir]\n"
        f"places:\n  - name: {place}\n    id: local:{slug}\n    mentions: [{place}]\n"
        f"    country: ID\n    kind: other\n    lat: -7.1\n    lon: 110.2\nevent: {event}\n"
        f"---\nIsi {name}.\n", encoding="utf-8")


def _build(root: Path) -> dict[str, bytes]:
    from site_builder.build import build
    from site_builder.config import load_config
    report = build(load_config(root / "site.toml"))
    assert not report.problems
    output = root / "output"
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.is_file() and not p.relative_to(output).as_posix().startswith("pagefind")
            and p.name != ".site-builder-inputs"}


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
