"""Reading seeds: encodings, titles, sidecars, and one-line refusals naming the file."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from site_builder.seeds import SeedError, find_seed_files, read_seed


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_title_line_and_paragraphs(tmp_path):
    seed = read_seed(write(tmp_path, "a.txt", "TITLE: Banjir di Bekasi\r\nParagraf satu.\r\n\r\n"
                                              "Paragraf dua.\r\n"), tmp_path)
    assert seed.title == "Banjir di Bekasi"
    assert seed.body == "Paragraf satu.\nParagraf dua."
    assert seed.name == "a.txt"


def test_bom_is_dropped(tmp_path):
    seed = read_seed(write(tmp_path, "bom.txt", "\ufeffJakarta - Teks."), tmp_path)
    assert seed.body == "Jakarta - Teks."


def test_cp1252_text_is_decoded(tmp_path):
    seed = read_seed(write(tmp_path, "old.txt", b"Caf\xe9 \x93quoted\x94 text"),
                     tmp_path)
    assert seed.body == "Café “quoted” text"


@pytest.mark.parametrize("name, data, problem", [
    ("empty.txt", b"", "empty article"),
    ("blank.txt", b"  \n\t\n", "empty article"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
])
def test_bad_seeds_are_refused_in_one_line(tmp_path, name, data, problem):
    with pytest.raises(SeedError) as caught:
        read_seed(write(tmp_path, name, data), tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / name}: ")
    assert problem in message
    assert "\n" not in message


def test_sidecar_facts_and_collected_date(tmp_path):
    write(tmp_path, "a.meta.yaml", "collected: 2025-06-07\nsource: KOMPAS.com\n")
    seed = read_seed(write(tmp_path, "a.txt", "Teks."), tmp_path)
    assert seed.collected == date(2025, 6, 7)
    assert seed.sidecar["source"] == "KOMPAS.com"


@pytest.mark.parametrize("sidecar, problem", [
    ("collected: [unclosed\n", "invalid YAML"),
    ("- a list\n", "must be a mapping"),
    ("colected: 2025-01-01\n", "unknown key(s) colected"),
    ("date: yesterday\n", "date must be a date"),
])
def test_bad_sidecars_are_refused(tmp_path, sidecar, problem):
    write(tmp_path, "a.meta.yaml", sidecar)
    with pytest.raises(SeedError) as caught:
        read_seed(write(tmp_path, "a.txt", "Teks."), tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / 'a.meta.yaml'}: ")
    assert problem in str(caught.value)


def test_hidden_files_are_not_seeds(tmp_path):
    write(tmp_path, ".draft.txt", "x")
    write(tmp_path, "real.txt", "x")
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git", "x.txt", "x")
    assert [p.name for p in find_seed_files([tmp_path])] == ["real.txt"]


@pytest.mark.parametrize("sidecar", [
    "collected: 2025-06-07\n",            # the one-line sidecar, read without YAML
    "collected: 2025-06-07",
    "\ufeffcollected: 2025-06-07\n",
    "collected: 2025-06-07\r\n",          # the rest through YAML: the same facts
    "collected: 2025-06-07 # from the crawl log\n",
])
def test_a_collected_sidecar_gives_what_yaml_reads(tmp_path, sidecar):
    import yaml
    write(tmp_path, "a.meta.yaml", sidecar)
    seed = read_seed(write(tmp_path, "a.txt", "Teks."), tmp_path)
    assert seed.sidecar == yaml.safe_load(sidecar.lstrip("\ufeff")) == {
        "collected": date(2025, 6, 7)}
    assert seed.collected == date(2025, 6, 7)


def test_a_collected_day_off_the_calendar_is_refused(tmp_path):
    write(tmp_path, "a.meta.yaml", "collected: 2025-02-30\n")
    with pytest.raises(SeedError, match=r"a\.meta\.yaml: .*day is out of range"):
        read_seed(write(tmp_path, "a.txt", "Teks."), tmp_path)


def test_a_folder_or_fifo_named_like_a_sidecar_is_no_sidecar(tmp_path):
    import os
    (tmp_path / "a.meta.yaml").mkdir()
    os.mkfifo(tmp_path / "b.meta.yaml")        # must not wait for a writer
    for name in ("a.txt", "b.txt"):
        seed = read_seed(write(tmp_path, name, "Teks."), tmp_path)
        assert seed.sidecar == {} and seed.sidecar_sha256 is None


def test_an_unreadable_seed_is_refused_in_one_line(tmp_path):
    with pytest.raises(SeedError) as caught:
        read_seed(tmp_path / "gone.txt", tmp_path)
    assert str(caught.value) == f"{tmp_path / 'gone.txt'}: cannot read (No such file or directory)"


def test_a_file_system_that_gives_a_file_in_short_reads_gives_the_whole_seed(tmp_path,
                                                                             monkeypatch):
    """A read may return less than asked (network and FUSE file systems): the seed is read to
    its end, never cut short without a word."""
    import os
    body = "JAKARTA - " + "Teks panjang yang dibaca sedikit demi sedikit. " * 40
    path = write(tmp_path, "a.txt", f"TITLE: Judul\n{body}\n")
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, min(n, 100)))
    seed = read_seed(path, tmp_path)
    assert seed.title == "Judul" and seed.body.strip() == body.strip()
