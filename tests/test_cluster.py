"""Extraction on a Dask cluster gives the same pages, byte for byte, as a local run, and keeps
the same rules: a person's edit is never overwritten, a bad seed is named in one line."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitetools import EVAL_DEV, SEED_ARTICLE, TinySite, cache_config

distributed = pytest.importorskip("distributed", reason="Dask is an extra: pip install '.[dask]'")

# Real articles (Indonesian and English, one with a sidecar, one repaired on reading).
ARTICLES = ["001", "015", "041", "047", "049", "109", "124", "143"]
HOSTILE = "TITLE: Kebakaran <script>alert(1)</script>\nSURABAYA, KOMPAS.com - Kebakaran di " \
          "Surabaya, Senin (3/11/2025), tiga orang tewas.\n"


@pytest.fixture(scope="module")
def scheduler():
    """Two small workers in this process, on a TCP port the CLI (another process) reaches."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  protocol="tcp", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster


def make(root: Path, articles: Path, gazetteer_cache: Path) -> TinySite:
    (root / "seeds").mkdir(parents=True)
    for path in [SEED_ARTICLE, *(articles / f"{n}.txt" for n in ARTICLES)]:
        for file in (path, path.with_name(path.stem + ".meta.yaml")):
            if file.exists():
                shutil.copy(file, root / "seeds" / file.name)
    (root / "seeds" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (root / "seeds" / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (root / "site.toml").write_text(cache_config(gazetteer_cache) +
                                    "[extract]\nreference_date = 2025-11-25\n", encoding="utf-8")
    return TinySite(root)


def pages(site: TinySite) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((site.root / "content").glob("*.md"))}


def test_pages_made_on_a_cluster_are_those_of_a_local_run(tmp_path, gazetteer, gazetteer_cache,
                                                          scheduler):
    articles = EVAL_DEV / "articles"
    if not articles.is_dir():
        pytest.skip("../shared/eval-dev is not beside this clone")
    local = make(tmp_path / "local", articles, gazetteer_cache)
    remote = make(tmp_path / "remote", articles, gazetteer_cache)
    here = local.run("extract")
    there = remote.run("extract", "--scheduler", scheduler.scheduler_address)
    assert (here.code, there.code) == (1, 1), there.err         # the binary seed
    assert "binary.txt: binary file" in there.err
    assert len(pages(local)) == len(ARTICLES) + 2
    assert pages(remote) == pages(local)
    assert "extract_chunk" in scheduler.scheduler.task_prefixes      # the workers made them

    # Again: nothing to do. Then a seed changed under a page a person edited: kept.
    again = remote.run("extract", "--scheduler", scheduler.scheduler_address)
    assert "0 page(s) written" in again.err, again.err
    page = next(p for p in (remote.root / "content").glob("*.md")
                if "000_30332d0c8a07f051" in p.read_text(encoding="utf-8"))
    page.write_text(page.read_text(encoding="utf-8") + "\nA person's note.\n", encoding="utf-8")
    with (remote.root / "seeds" / SEED_ARTICLE.name).open("a", encoding="utf-8") as seed:
        seed.write("Paragraf baru.\n")
    kept = remote.run("extract", "--scheduler", scheduler.scheduler_address)
    assert "edited by hand" in kept.err, kept.err
    assert page.read_text(encoding="utf-8").endswith("A person's note.\n")


def test_a_scheduler_that_cannot_be_reached_is_one_line(make_site):
    site = make_site(seeds={"a.txt": "Banjir di Jakarta.\n"}, config="")
    done = site.run("extract", "--scheduler", "tcp://127.0.0.1:9",
                    env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    assert done.code == 2
    assert done.err.strip().splitlines()[-1].startswith(
        "error: tcp://127.0.0.1:9: cannot reach the Dask scheduler"), done.err
    assert not any((site.root / "content").glob("*.md"))
    assert os.environ.get("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT") is None


def test_a_crawl_is_parsed_on_the_workers_into_the_pages_of_a_local_run(tmp_path, gazetteer_cache,
                                                                       scheduler, monkeypatch):
    """The client reads each record's payload; the page is parsed (trafilatura) where the
    extraction runs: on the workers, which live in this process (the CLI is another)."""
    import trafilatura
    from test_web_seeds import write_crawl
    write_crawl(tmp_path / "crawl.warc.gz")           # one file: its record ids are random
    sites = []
    for name in ("local", "remote"):
        (tmp_path / name / "seeds").mkdir(parents=True)
        shutil.copy(tmp_path / "crawl.warc.gz", tmp_path / name / "seeds")
        (tmp_path / name / "site.toml").write_text(cache_config(gazetteer_cache),
                                                   encoding="utf-8")
        sites.append(TinySite(tmp_path / name))
    local, remote = sites
    parsed: list[str] = []
    real = trafilatura.bare_extraction
    monkeypatch.setattr(trafilatura, "bare_extraction",
                        lambda *args, **kwargs: parsed.append("page") or real(*args, **kwargs))
    here = local.run("extract")
    there = remote.run("extract", "--scheduler", scheduler.scheduler_address)
    assert (here.code, there.code) == (0, 0), there.err
    assert "3 page(s) written" in there.err and "1 not an article" in there.err, there.err
    assert pages(remote) == pages(local) and len(pages(local)) == 3
    assert len(parsed) == 4          # the three articles and the section front, on the workers
