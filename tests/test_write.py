"""Atomic output: a failed build keeps the previous site; paths never leave output/."""
from __future__ import annotations

import pytest

from site_builder.write import OutputError, check_replaceable, staged_output, write_files


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
