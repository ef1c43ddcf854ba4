"""Benchmarks of web seeds (issue 21). Figures go in the report, not in timed tests.

    python bench/web_bench.py pages [--pages DIR] [--repeat N]     HTML → content page, one core
    python bench/web_bench.py bodies EVALDATA --pages DIR           main text against snippets
    python bench/web_bench.py dates TRUTH.json --pages DIR          page date and publisher
    python bench/web_bench.py readers WARC                         warcio against FastWARC
    python bench/web_bench.py memory [--size-mb 1024]              peak memory reading a big WARC
    python bench/web_bench.py append [--n 2000]                    one record appended, rebuilt

`memory` and `append` write their WARCs under /tmp (or --work) and delete them afterwards.
`append` makes its articles with make_corpus.py (real sentences of ../shared/eval-dev), each
wrapped in a news page with JSON-LD and Open Graph, so every page is different.
"""
from __future__ import annotations

import argparse
import html
import io
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))


def bench_pages(folder: Path, repeat: int) -> None:
    """Pages a second, one core: a saved page read, its text and metadata extracted, the
    content page rendered (as a worker does it), the gazetteer loaded beforehand."""
    from site_builder.extract import load_gazetteer
    from site_builder.ingest_work import extract_one
    from site_builder.seeds import SeedError
    from site_builder.web.page import NotAnArticle
    from site_builder.web.seed import read_unit
    from site_builder.web.units import list_units
    gazetteer = load_gazetteer(REPO / ".cache")
    files = sorted(folder.glob("*.html"))
    done = skipped = 0
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for path in files:
            try:
                seed = read_unit(path, path.name, list_units(path).units[0])
            except (SeedError, NotAnArticle):
                skipped += 1
                continue
            extract_one(seed, None, gazetteer, records=False)
            done += 1
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"pages: {done} content page(s) from {len(files)} file(s) x {repeat} "
          f"({skipped} not articles or unreadable) in {seconds:.2f} s: "
          f"{(done + skipped) / seconds:.1f} pages/s on one core "
          f"({(done + skipped) / cpu:.1f} a CPU second: the figure where other work shares it)")


def bench_bodies(evaldata: Path, folder: Path) -> None:
    """Main text against trafilatura's evaluation snippets (tests/evaldata.json: text each
    page's body must hold, and boilerplate it must not), on the pages of its tests/cache.
    Scored as trafilatura scores it: a snippet found is a true positive (or a false one, for
    boilerplate); precision, recall and F1 over all snippets. A page refused counts as empty."""
    import json

    from site_builder.seeds import SeedError
    from site_builder.web.page import NotAnArticle
    from site_builder.web.seed import read_unit
    from site_builder.web.units import list_units
    truth = json.loads(evaldata.read_text(encoding="utf-8"))
    tp = fn = fp = tn = pages = refused = 0
    for item in truth.values():
        path = folder / item["file"]
        if not path.exists():
            continue
        pages += 1
        try:
            text = read_unit(path, path.name, list_units(path).units[0]).body
        except (SeedError, NotAnArticle):
            text, refused = "", refused + 1
        found = [s in text for s in item["with"]]
        leaked = [s in text for s in item["without"]]
        tp, fn = tp + sum(found), fn + found.count(False)
        fp, tn = fp + sum(leaked), tn + leaked.count(False)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"bodies: {pages} pages ({refused} refused as not articles or unreadable): "
          f"precision {precision:.3f}, recall {recall:.3f}, "
          f"F1 {2 * precision * recall / (precision + recall):.3f}")


def bench_dates(truth_file: Path, folder: Path) -> None:
    """Publication date and publisher on pages with hand-checked dates (htmldate's evaluation
    sets: tests/eval_mediacloud_2020.json with tests/test_set/, news in many languages), the
    URL given as a crawl gives it. A page refused as no article is counted as well."""
    import json

    from site_builder.seeds import SeedError
    from site_builder.web.page import _refuse_non_article, read_html
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = right = named = refused = unreadable = 0
    for url, item in truth.items():
        path = folder / item["file"]
        if not path.exists():
            continue
        pages += 1
        try:
            facts, page_type = read_html(path.read_bytes(), str(path), url)
        except SeedError:
            unreadable += 1
            continue
        right += str(facts.date) == item["date"]
        named += bool(facts.source)
        try:
            _refuse_non_article(facts.text, page_type, facts.url)
        except Exception:
            refused += 1
    print(f"dates: {pages} pages: date right on {right} ({right / pages:.3f}), publisher "
          f"named on {named} ({named / pages:.3f}); {refused} would be refused as no article, "
          f"{unreadable} unreadable")


def bench_readers(warc: Path) -> None:
    """Every response record and its payload read, by each library, same file."""
    from fastwarc.warc import ArchiveIterator as FastIterator
    from fastwarc.warc import WarcRecordType
    from warcio.archiveiterator import ArchiveIterator
    for name in ("warcio", "fastwarc", "warcio", "fastwarc"):
        started, count = time.perf_counter(), 0
        with warc.open("rb") as stream:
            if name == "warcio":
                for record in ArchiveIterator(stream):
                    if record.rec_type == "response":
                        record.content_stream().read()
                        count += 1
            else:
                for record in FastIterator(stream, record_types=WarcRecordType.response,
                                           parse_http=True):
                    record.reader.read()
                    count += 1
        print(f"readers: {name}: {count} responses in {time.perf_counter() - started:.2f} s")


def write_warc(path: Path, pages: list[tuple[str, bytes]], gzip: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    with path.open("ab") as out:
        writer = WARCWriter(out, gzip=gzip)
        for url, body in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http))


def bench_memory(work: Path, size_mb: int) -> None:
    """A WARC of `size_mb` MB (uncompressed payloads) from the test pages repeated; every
    record listed and every payload read, in a child process whose peak RSS is reported."""
    pages = [p.read_bytes() for p in sorted((REPO / "tests" / "web_pages").glob("*.html"))]
    warc = work / "big.warc.gz"
    written, n = 0, 0
    while written < size_mb * 1_048_576:
        batch = [(f"https://example.org/{n + i}", pages[(n + i) % len(pages)]) for i in range(500)]
        write_warc(warc, batch)
        written += sum(len(b) for _, b in batch)
        n += len(batch)
    print(f"memory: {warc} holds {n} records, {written / 1_048_576:.0f} MB of payload, "
          f"{warc.stat().st_size / 1_048_576:.0f} MB on disk")
    child = subprocess.run([sys.executable, __file__, "_read", str(warc)], capture_output=True,
                           text=True, check=True)
    print(child.stdout.strip())
    warc.unlink()


def _read_all(warc: Path) -> None:
    from site_builder.web.units import list_units, load_payload
    started = time.perf_counter()
    listing = list_units(warc)
    total = sum(len(load_payload(warc, unit)) for unit in listing.units)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory: listed {len(listing.units)} articles and read {total / 1_048_576:.0f} MB of "
          f"payload in {time.perf_counter() - started:.1f} s; peak RSS {peak:.0f} MB")


PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="{url}"><meta property="og:type" content="article">
<meta property="og:site_name" content="{site}"><meta property="og:title" content="{title}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{title}","datePublished":"{day}","publisher":{{"@type":"Organization","name":"{site}"}}}}
</script></head><body><nav><a href="/">Home</a> <a href="/news/">News</a></nav><main><article>
<h1>{title}</h1>{paragraphs}</article></main><footer>© {site}</footer></body></html>"""


def news_pages(count: int, start: int = 0) -> list[tuple[str, bytes]]:
    """`count` different news pages from make_corpus.py's articles, from 40 outlets over a
    year."""
    import random

    from make_corpus import article, load_corpus
    corpus, rng = load_corpus(REPO.parent / "shared" / "eval-dev" / "articles"), random.Random(7)
    pages = []
    for i in range(start + count):
        text = article(rng, corpus)
        if i < start:
            continue
        title, *body = [line for line in text.split("\n") if line.strip()]
        title = title.removeprefix("TITLE:").strip()
        url = f"https://news.example.org/{i}"
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body)
        pages.append((url, PAGE.format(lang="en", title=html.escape(title), url=url,
                                       site=f"Example News {i % 40}",
                                       day=(date(2025, 12, 31) - timedelta(i % 365)).isoformat(),
                                       paragraphs=paragraphs).encode()))
    return pages


def bench_append(work: Path, count: int) -> None:
    """A site whose seed is a crawl of `count` articles, built cold; one record appended;
    the rebuild timed (build's own line)."""
    site = work / "site"
    (site / "seeds").mkdir(parents=True)
    (site / "site.toml").write_text(f'cache_dir = "{REPO / ".cache"}"\n', encoding="utf-8")
    crawl = site / "seeds" / "crawl.warc.gz"
    write_warc(crawl, news_pages(count))
    command = [sys.executable, "-m", "site_builder", "build", "--wait-for-search"]
    for label in ("cold build", "no-change rebuild"):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=site, capture_output=True, text=True)
        print(f"append: {label} of {count} articles: {time.perf_counter() - started:.1f} s, "
              f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1]}")
    write_warc(crawl, news_pages(1, start=count))
    started = time.perf_counter()
    done = subprocess.run(command, cwd=site, capture_output=True, text=True)
    print(f"append: one record appended, rebuilt in {time.perf_counter() - started:.2f} s "
          f"(exit {done.returncode}):")
    print("  " + "\n  ".join(done.stderr.strip().splitlines()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["pages", "bodies", "dates", "readers", "memory",
                                         "append", "_read"])
    parser.add_argument("warc", nargs="?", type=Path, help="a WARC, or a truth file")
    parser.add_argument("--pages", type=Path, default=REPO / "tests" / "web_pages")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    if args.what == "pages":
        bench_pages(args.pages, args.repeat)
    elif args.what == "bodies":
        bench_bodies(args.warc, args.pages)
    elif args.what == "dates":
        bench_dates(args.warc, args.pages)
    elif args.what == "readers":
        bench_readers(args.warc)
    elif args.what == "_read":
        _read_all(args.warc)
    else:
        work = Path(tempfile.mkdtemp(prefix="web-bench-", dir=args.work))
        try:
            bench_memory(work, args.size_mb) if args.what == "memory" else \
                bench_append(work, args.n)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
