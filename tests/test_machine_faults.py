"""Faults of the machine, not of the input: a full disk, a folder the build may not write, a
read-only output folder, a worker process killed. Each ends in one line `error: path: cause`
and exit 2, with the previous site and content/ exactly as they were; the next run, with the
fault gone, builds as usual."""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitetools import REPO, SEED_ARTICLE, Run, TinySite, write_site

CONFIG = 'title = "Arsip"\nlanguage = "id"\n[extract]\nreference_date = 2025-11-25\n'
PLACES = ["Jakarta", "Bandung", "Surabaya", "Medan", "Makassar", "Semarang", "Padang", "Bogor"]


def seeds(count: int) -> dict[str, str]:
    """Small articles on several days, places and outlets: many list, tag and place pages."""
    return {f"a{n:03d}.txt": (f"TITLE: Banjir di {PLACES[n % len(PLACES)]} nomor {n}\n"
                              f"{PLACES[n % len(PLACES)].upper()}, KOMPAS.com - Banjir melanda "
                              f"{PLACES[n % len(PLACES)]} pada Senin ({1 + n % 28}/{1 + n % 12}"
                              f"/2025), {n % 7} orang tewas.\n")
            for n in range(count)}


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) by its bytes' hash."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def retitle(site: TinySite, title: str) -> None:
    """A change that makes every page new: the site's title is on all of them."""
    config = (site.root / "site.toml").read_text(encoding="utf-8")
    (site.root / "site.toml").write_text(config.replace('title = "Arsip"', f'title = "{title}"'),
                                         encoding="utf-8")


def assert_one_line_fault(result, path_part: str, cause: str) -> str:
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert result.code == 2, result.err
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: ") and path_part in lines[0] and cause in lines[0], \
        lines[0]
    assert "Traceback" not in result.err
    return lines[0]


def assert_nothing_left_beside(output: Path) -> None:
    leftovers = [p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}")]
    assert leftovers == []


# ---------------------------------------------------------------- a full disk

@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted at `folder` for the time of the test (root only)."""
    folder.mkdir(parents=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root: the full-disk test runs in CI")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill the disk but about `leave` bytes, with one file."""
    filler = disk / "filler"
    filler.write_bytes(b"\0" * max(0, shutil.disk_usage(disk).free - leave))
    return filler


def forget_last_build(cache: Path) -> None:
    """Drop the record of the last build's pages: the next build stages the whole site."""
    (cache / "pages.json").unlink(missing_ok=True)


@pytest.mark.parametrize("rebuild", ["in place", "staged"])
def test_a_full_disk_ends_in_one_line_and_leaves_the_site_as_it_was(tmp_path, gazetteer_cache,
                                                                     rebuild):
    with small_disk(tmp_path / "disk", "6m") as disk:
        site = write_site(disk / "site", gazetteer_cache, seeds=seeds(12),
                          seed_files=[SEED_ARTICLE], config=CONFIG)
        assert site.run("build").code == 0
        before, content = snapshot(site.output), snapshot(site.root / "content")
        retitle(site, "Arsip Baru")
        if rebuild == "staged":
            forget_last_build(gazetteer_cache)
        filler = fill(disk, leave=32 * 1024)

        result = site.run("build")

        assert_one_line_fault(result, str(disk), "No space left on device")
        assert snapshot(site.output) == before
        assert snapshot(site.root / "content") == content
        assert_nothing_left_beside(site.output)
        filler.unlink()
        again = site.run("build")
        assert again.code == 0, again.err
        assert "Arsip Baru" in site.html("index.html")


# ---------------------------------------------------------------- no permission, read-only

def without_root_powers() -> list[str]:
    """A command prefix under which permission bits hold: root, as CI runs, writes anywhere
    unless it drops the capabilities that let it (setpriv, from util-linux)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permission bits cannot be tested")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)


def writable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.mark.parametrize("rebuild", ["in place", "staged"])
def test_a_read_only_output_folder_ends_in_one_line_and_is_left_alone(make_site, rebuild,
                                                                     gazetteer_cache):
    site = make_site(seeds=seeds(4), config=CONFIG)
    assert site.run("build").code == 0
    retitle(site, "Arsip Baru")
    if rebuild == "staged":
        forget_last_build(gazetteer_cache)
    before = snapshot(site.output)
    read_only(site.output)
    try:
        result = site.run("build", prefix=without_root_powers())
        assert_one_line_fault(result, str(site.output), "Permission denied")
        assert snapshot(site.output) == before
        assert_nothing_left_beside(site.output)
    finally:
        writable(site.output)
    assert site.run("build").code == 0
    assert "Arsip Baru" in site.html("index.html")


def test_a_content_folder_it_may_not_write_ends_in_one_line(make_site):
    site = make_site(seeds=seeds(3), config=CONFIG)
    assert site.run("build").code == 0
    before, content = snapshot(site.output), snapshot(site.root / "content")
    (site.root / "seeds" / "new.txt").write_text(
        "TITLE: Gempa di Garut\nGARUT, KOMPAS.com - Gempa mengguncang Garut pada Senin "
        "(3/11/2025).\n", encoding="utf-8")
    (site.root / "content").chmod(0o555)
    try:
        result = site.run("build", prefix=without_root_powers())
        assert_one_line_fault(result, str(site.root / "content"), "Permission denied")
        assert snapshot(site.output) == before
        assert snapshot(site.root / "content") == content
    finally:
        (site.root / "content").chmod(0o755)
    assert site.run("build").code == 0
    assert len(site.pages()) == 4


# ---------------------------------------------------------------- a worker killed

def children(pid: int) -> list[int]:
    """Processes whose parent is `pid`, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def is_site_builder(pid: int) -> bool:
    try:
        return b"site_builder" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def test_a_killed_render_worker_ends_in_one_line_and_leaves_the_site_as_it_was(make_site):
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to find the build's worker processes")
    # One article a page: enough pages (over 400) that rendering them is shared by workers.
    site = make_site(seeds=seeds(60), config="per_page = 1\n" + CONFIG)
    assert site.run("build").code == 0
    before, content = snapshot(site.output), snapshot(site.root / "content")
    retitle(site, "Arsip Baru")

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    build = subprocess.Popen([sys.executable, "-m", "site_builder", "build"], cwd=site.root,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env)
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and build.poll() is None and time.monotonic() < deadline:
        workers = [pid for pid in children(build.pid) if is_site_builder(pid)]
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            killed = workers[0]
        time.sleep(0.002)
    out, err = build.communicate(timeout=120)
    assert killed is not None, f"no worker was seen: {err}"

    line = assert_one_line_fault(Run(build.returncode, out, err), str(site.output), "worker")
    assert "killed" in line
    assert snapshot(site.output) == before
    assert snapshot(site.root / "content") == content
    assert_nothing_left_beside(site.output)
    assert site.run("build").code == 0
    assert "Arsip Baru" in site.html("index.html")


def test_serve_on_a_port_in_use_names_the_address_in_one_line(make_site):
    import socket
    site = make_site(seeds=seeds(1), config=CONFIG)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = site.run("serve", "--port", str(port))
    assert result.code == 2 and "Traceback" not in result.err, result.err
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert errors == [f"error: 127.0.0.1:{port}: Address already in use"]
    assert result.err.rstrip().endswith(errors[0])    # after serve's own "serving..." lines
