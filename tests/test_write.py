"""Atomic output: a failed build keeps the previous site; paths never leave output/."""
from __future__ import annotations

import os

import pytest

from site_builder.write import (
    OutputError,
    OutputUpdate,
    check_replaceable,
    output_lock,
    write_files,
)

from sitetools import staged_output


def test_a_complete_build_replaces_the_site(tmp_path):
    output = tmp_path / "output"
    with staged_output(output) as staging:
        write_files([("index.html", b"one"), ("a/b/index.html", b"deep")], staging)
    with staged_output(output) as staging:
        write_files([("index.html", b"two")], staging)
    assert (output / "index.html").read_bytes() == b"two"
    assert not (output / "a").exists()          # stale pages go with the old site
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


def test_a_failing_build_leaves_the_previous_site_whole(tmp_path):
    output = tmp_path / "output"
    with staged_output(output) as staging:
        write_files([("index.html", b"good")], staging)
    with pytest.raises(RuntimeError), staged_output(output) as staging:
        write_files([("index.html", b"half")], staging)
        raise RuntimeError("template exploded")
    assert (output / "index.html").read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


def test_a_killed_swap_is_recovered_by_the_next_run(tmp_path):
    output = tmp_path / "output"
    with staged_output(output) as staging:
        write_files([("index.html", b"good")], staging)
    output.rename(tmp_path / ".output.old-999")          # killed between the two renames
    (tmp_path / ".output.staging-998").mkdir()            # and a staging folder left behind
    with pytest.raises(RuntimeError), staged_output(output):
        raise RuntimeError("fails again")
    assert (output / "index.html").read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


@pytest.mark.parametrize("bad", ["../escape.html", "/etc/passwd", "a/../../b", "a\\..\\b", ""])
def test_paths_cannot_escape_the_output(tmp_path, bad):
    with pytest.raises(OutputError):
        write_files([(bad, b"x")], tmp_path)
    assert not (tmp_path.parent / "escape.html").exists()


def test_sources_and_foreign_folders_are_never_replaced(tmp_path):
    with pytest.raises(OutputError, match="would replace"):
        check_replaceable(tmp_path, [tmp_path / "content"])
    foreign = tmp_path / "thesis"
    foreign.mkdir()
    (foreign / "chapter1.docx").write_text("work")
    with pytest.raises(OutputError, match="not made by site-builder"):
        check_replaceable(foreign, [])


def _update(output, files: dict[str, bytes], removed: list[str]) -> OutputUpdate:
    update = OutputUpdate(output, "stamp")
    for name, data in files.items():
        update.write(name, data)
    update.remove(removed)
    return update


def test_an_update_in_place_writes_the_changed_files_and_removes_the_gone(tmp_path):
    output = tmp_path / "output"
    with staged_output(output) as staging:
        write_files([("a/index.html", b"a"), ("b/index.html", b"b"), ("stamp", b"1")], staging)
    with output_lock(output) as locked:
        _update(locked, {"a/index.html": b"A", "c/index.html": b"c", "stamp": b"2"},
                ["b/index.html"]).apply()
    assert (output / "a/index.html").read_bytes() == b"A"
    assert (output / "c/index.html").read_bytes() == b"c"
    assert not (output / "b").exists()                  # its emptied folder goes too
    assert (output / "stamp").read_bytes() == b"2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_an_update_killed_half_way_is_finished_by_the_next_run(tmp_path, monkeypatch):
    output = tmp_path / "output"
    with staged_output(output) as staging:
        write_files([("a/index.html", b"a"), ("b/index.html", b"b"), ("stamp", b"1")], staging)
    moves = []
    real_replace = os.replace

    def replace_then_die(source, target):
        if str(target).startswith(str(output) + os.sep):
            if moves:
                raise KeyboardInterrupt("killed")       # the second move never happens
            moves.append(target)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace_then_die)
    with pytest.raises(KeyboardInterrupt), output_lock(output) as locked:
        _update(locked, {"a/index.html": b"A", "c/index.html": b"c", "stamp": b"2"},
                ["b/index.html"]).apply()
    monkeypatch.setattr(os, "replace", real_replace)
    assert (output / "a/index.html").read_bytes() == b"A" and moves
    assert (output / "b/index.html").exists()           # not removed yet
    assert not (output / "stamp").exists()              # half done: no longer claims inputs
    with output_lock(output):                           # the next run, before anything else
        pass
    assert (output / "a/index.html").read_bytes() == b"A"
    assert (output / "c/index.html").read_bytes() == b"c"
    assert not (output / "b").exists()
    assert (output / "stamp").read_bytes() == b"2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_an_update_that_fails_before_applying_leaves_the_site_as_it_was(tmp_path):
    output = tmp_path / "output"
    with staged_output(output) as staging:
        write_files([("a/index.html", b"a"), ("stamp", b"1")], staging)
    with pytest.raises(RuntimeError), output_lock(output) as locked:
        update = _update(locked, {"a/index.html": b"A"}, [])
        try:
            raise RuntimeError("template exploded")
        finally:
            update.discard()
    assert (output / "a/index.html").read_bytes() == b"a"
    assert (output / "stamp").read_bytes() == b"1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
