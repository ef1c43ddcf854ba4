"""The events list (/events/, /events/page/N/) is made of the items each event's page stored
(_event_entry.html), its numbered pages filled in from the list's shell (render_lists.py): its
pages must be what the template that gathers every event renders, byte for byte, on a cold
build and after an event appears mid-list, gains a report or has one redated; and a rebuild's
must be a cold build's."""
from __future__ import annotations

import shutil
from pathlib import Path

from site_builder.theme import REPO_THEME

CONFIG = ('title = "Arsip"\nlanguage = "id"\nper_page = 2\n'
          'base_url = "https://example.org/arsip/"\n[search]\nbackground = false\n')


def _site(root: Path, cache: Path) -> Path:
    from sitetools import cache_config
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text(cache_config(cache) + CONFIG, encoding="utf-8")
    return root


def _gathering_events_template(root: Path) -> None:
    """The site's own events.html as the theme had it before the items were kept: it is given
    the events themselves and renders each (git show 4709352:templates/events.html)."""
    packaged = (REPO_THEME / "events.html").read_text(encoding="utf-8")
    start = packaged.index("{# `entries`")
    end = packaged.index("</ol>\n") + len("</ol>\n")
    item = (REPO_THEME / "_event_entry.html").read_text(encoding="utf-8").split("#}\n", 1)[1]
    (root / "templates").mkdir()
    (root / "templates" / "events.html").write_text(
        packaged[:start] + "{% if events %}\n<ol class=\"event-list\">\n"
        "{% for event in events %}\n" + item + "{% endfor %}\n</ol>\n" + packaged[end:],
        encoding="utf-8")


def _report(content: Path, name: str, day: int, event: str, killed: int = 0) -> None:
    toll = (f"casualties:\n  killed: {{min: {killed}, max: {killed}, text: {killed} tewas}}\n"
            if killed else "")
    (content / f"{name}.md").write_text(
        f"---\ntitle: Laporan {name} <b>&</b>\ndate: 2025-11-{day:02d}\ntags: [banjir]\n"
        f"{toll}event: {event}\n---\nIsi {name}.\n", encoding="utf-8")


def _build(root: Path) -> dict[str, bytes]:
    from sitetools import built_files
    return built_files(root)


def _cold(root: Path, cache: Path, content: Path) -> dict[str, bytes]:
    cold = _site(root, cache)
    shutil.rmtree(cold / "content")
    shutil.copytree(content, cold / "content")
    return _build(cold)


STEPS = [
    ("an event appears mid-list",
     lambda c: [_report(c, f"baru-{n}", 9 + n, "kebakaran-baru", killed=3) for n in (0, 1)]),
    ("a report joins an event, with another toll",
     lambda c: _report(c, "e3-c", 20, "kejadian-3", killed=9)),
    ("a report redated", lambda c: _report(c, "e5-a", 1, "kejadian-5")),
]


def test_the_events_list_is_the_gathering_templates_and_a_cold_builds_after_changes(
        tmp_path, gazetteer_cache):
    kept = _site(tmp_path / "kept", gazetteer_cache)
    gathered = _site(tmp_path / "gathered", gazetteer_cache)
    _gathering_events_template(gathered)
    for root in (kept, gathered):
        for n in range(1, 11):
            _report(root / "content", f"e{n}-a", 2 * n, f"kejadian-{n}", killed=n % 3)
            _report(root / "content", f"e{n}-b", 2 * n + 1, f"kejadian-{n}", killed=n % 2)
    got, expected = _build(kept), _build(gathered)
    assert {"events/page/2/index.html", "events/page/3/index.html"} <= set(got)
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in got["events/page/3/index.html"].decode()
    assert got == expected
    for n, (what, change) in enumerate(STEPS):
        for root in (kept, gathered):
            change(root / "content")
        got, expected = _build(kept), _build(gathered)
        assert [name for name in expected if got.get(name) != expected[name]] == [], what
        cold = _cold(tmp_path / f"cold-{n}", gazetteer_cache, kept / "content")
        assert [name for name in cold if got.get(name) != cold[name]] == [], what
        assert got.keys() == cold.keys(), what


def test_the_events_lists_later_pages_are_filled_in_from_kept_items(
        tmp_path, gazetteer_cache, monkeypatch):
    """The shell and the kept items are used at all: a list that fell back to gathering every
    event would pass the comparisons above."""
    from site_builder.render import Renderer

    from sitetools import filled_pages
    filled = filled_pages(monkeypatch)
    root = _site(tmp_path / "site", gazetteer_cache)
    for n in range(1, 11):
        for side, day in (("a", 2 * n), ("b", 2 * n + 1)):
            _report(root / "content", f"e{n}-{side}", day, f"kejadian-{n}")
    _build(root)
    assert {"events/page/3/", "events/page/4/"} <= set(filled)
    # A rebuild after a mid-list event: the only item made is the new event's (with its
    # page); every other item on the moved pages is the one kept.
    made: list[str] = []
    entry = Renderer.event_entry

    def counted_entry(self, event):
        made.append(event.id)
        return entry(self, event)

    monkeypatch.setattr(Renderer, "event_entry", counted_entry)
    filled.clear()
    for n in (0, 1):
        _report(root / "content", f"baru-{n}", 9 + n, "kebakaran-baru")
    _build(root)
    assert made == ["kebakaran-baru"]
    assert {"events/page/3/", "events/page/4/"} <= set(filled)
