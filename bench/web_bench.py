"""Benchmarks of web seeds (issue 21). Figures go in the report, not in timed tests.

    python bench/web_bench.py pages [--pages DIR] [--repeat N]     HTML → content page, one core
    python bench/web_bench.py bodies EVALDATA --pages DIR           main text against snippets
    python bench/web_bench.py dates HTMLDATE_TESTS [--htmldate] [--wrong OUT]   date, publisher
    python bench/web_bench.py articles BENCH [--worst N]           main text, ScrapingHub's set
    python bench/web_bench.py readers WARC                         warcio against FastWARC
    python bench/web_bench.py memory [--size-mb 1024]              peak memory reading a big WARC
    python bench/web_bench.py append [--n 2000] [--keep]           one record appended, rebuilt

`memory` and `append` write their WARCs under /tmp (or --work) and delete them afterwards
(unless --keep).
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


HTMLDATE_SETS = ("eval_mediacloud_2020.json", "eval_default.json")


def date_pages(tests: Path) -> list[tuple[str, str, str | None, Path]]:
    """(set, url, true date, page) of htmldate's evaluation sets in its `tests` folder (each
    page looked for in test_set/, cache/, eval/, as its evaluation.py does)."""
    import json
    pages = []
    for name in HTMLDATE_SETS:
        if not (tests / name).exists():
            continue
        for url, item in json.loads((tests / name).read_text(encoding="utf-8")).items():
            found = [tests / sub / item["file"] for sub in ("test_set", "cache", "eval")
                     if (tests / sub / item["file"]).exists()]
            if found:           # a page with no date to find: NaN in the file, None here
                truth = item["date"] if isinstance(item["date"], str) else None
                pages.append((name, url, truth, found[0]))
    return pages


def held_half(url: str) -> str:
    """'A' or 'B' by the page's domain (a stable hash of its host without www.): rules are
    looked at on A and reported on B too, so a rule fitted to A's sites shows on B."""
    import hashlib
    from urllib.parse import urlsplit
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return "AB"[hashlib.sha256(host.encode()).digest()[0] % 2]


def _kind_of_miss(found: str | None, truth: str | None, updated: str | None) -> str:
    """Why a page's date is wrong, roughly: what the hand-checked date is beside ours."""
    if truth is None:
        return "the page has no date, one was found"
    if found is None:
        return "no date found"
    if abs((date.fromisoformat(found) - date.fromisoformat(truth)).days) == 1:
        return "a day off (a time zone at midnight)"
    if updated == truth:
        return "the checked date is the update (htmldate's updated date)"
    return "another date the page shows"


def _htmldate_alone(path: Path, url: str, truth: str | None, count) -> str | None:
    """htmldate's find_date on the page, the URL given, for the original and updated date
    (counted right or not); the updated one is returned."""
    from htmldate import find_date

    from site_builder.web.page import decode_html
    html = decode_html(path.read_bytes(), str(path))
    for kind in ("original", "updated"):
        found = find_date(html, url=url, extensive_search=True, original_date=kind == "original")
        count[kind] += found == truth
    return found


def bench_dates(tests: Path, wrong: Path | None, alone: bool = False) -> None:
    """Publication date and publisher on htmldate's hand-checked pages (its tests folder:
    eval_default.json, 800 pages mostly in German, and eval_mediacloud_2020.json, 200 news
    pages in many languages), the URL given as a crawl gives it. A page refused as no article
    is counted as well. `wrong`: a JSON file listing each page whose date is not the truth;
    `alone`: htmldate alone beside it (the original date, and the updated one)."""
    import json
    from collections import Counter

    from site_builder.seeds import SeedError
    from site_builder.web.page import _refuse_non_article, read_html
    count: Counter[str] = Counter()
    misses = []
    for name, url, truth, path in date_pages(tests):
        groups = (name, "all", "half " + held_half(url))
        for group in groups:
            count[group, "pages"] += 1
        try:
            facts, declared = read_html(path.read_bytes(), str(path), url)
        except SeedError:
            for group in groups:
                count[group, "unreadable"] += 1
            continue
        found = str(facts.date) if facts.date else None
        for group in groups:
            count[group, "right"] += found == truth         # as htmldate's evaluation.py
            count[group, "named"] += bool(facts.source)
        if found != truth:
            misses.append({"set": name, "url": url, "file": str(path), "truth": truth,
                           "found": found, "date_text": facts.date_text})
        try:
            _refuse_non_article(facts.text, declared, facts.url)
        except Exception:
            count["all", "refused"] += 1
        updated = _htmldate_alone(path, url, truth, count) if alone else None
        if found != truth and alone:
            count["miss", _kind_of_miss(found, truth, updated)] += 1
    for group in (*HTMLDATE_SETS, "half A", "half B", "all"):
        pages = count[group, "pages"]
        if pages:
            print(f"dates: {group}: {pages} pages: date right on {count[group, 'right']} "
                  f"({count[group, 'right'] / pages:.3f}), publisher named on "
                  f"{count[group, 'named']} ({count[group, 'named'] / pages:.3f}); "
                  f"{count[group, 'unreadable']} unreadable")
    print(f"dates: {count['all', 'refused']} of all would be refused as no article")
    pages = count["all", "pages"]
    for kind in ("original", "updated") if alone else ():
        print(f"dates: htmldate alone (extensive, the URL given, the {kind} date): right on "
              f"{count[kind]} of {pages} ({count[kind] / pages:.3f})")
    misses_by_kind = [(n, key[1]) for key, n in count.items() if key[0] == "miss"]
    for n, why in sorted(misses_by_kind, reverse=True):
        print(f"dates: missed: {n}: {why}")
    if wrong:
        wrong.write_text(json.dumps(misses, indent=1, ensure_ascii=False), encoding="utf-8")


def bench_articles(bench: Path, worst: int) -> None:
    """Main text on the ScrapingHub article-extraction-benchmark (its folder: html/*.html.gz,
    181 news pages, and ground-truth.json's articleBody), scored as its evaluate.py scores
    it: shingles of 4 word tokens; precision and recall are each page's, averaged; F1 of the
    two means. The page is read as a saved .html seed (no URL given, as the benchmark's own
    trafilatura run gives none); a page refused counts as empty. Beside it, trafilatura alone
    (`extract`, default and fast) on the same pages; `worst` lists the pages where ours scores
    furthest below trafilatura fast."""
    import gzip
    import json

    import trafilatura

    from site_builder.seeds import SeedError
    from site_builder.web.page import NotAnArticle
    from site_builder.web.seed import read_unit
    from site_builder.web.units import list_units
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    scores: dict[str, list[tuple[float, float, float]]] = {"ours": [], "default": [], "fast": []}
    refused: list[str] = []
    named = 0
    with tempfile.TemporaryDirectory(prefix="web-articles-") as work:
        for key, item in sorted(truth.items()):
            raw = gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes())
            path = Path(work) / f"{key}.html"
            path.write_bytes(raw)
            try:
                seed = read_unit(path, path.name, list_units(path).units[0])
                ours, named = seed.body, named + bool(seed.page.get("source"))
            except (SeedError, NotAnArticle) as why:
                ours = ""
                refused.append(f"{key}: {why}")
            html = raw.decode("utf-8")
            body = item.get("articleBody", "")
            for name, text in (("ours", ours), ("default", trafilatura.extract(
                    html, include_comments=False)), ("fast", trafilatura.extract(
                    html, include_comments=False, fast=True))):
                scores[name].append(shingle_match(body, text or ""))
    for name, label in (("ours", "site-builder"), ("default", "trafilatura alone, default"),
                        ("fast", "trafilatura alone, fast")):
        precision, recall, f1 = shingle_f1(scores[name])
        print(f"articles: {label}: {len(scores[name])} pages: F1 {f1:.3f} "
              f"(precision {precision:.3f}, recall {recall:.3f})")
    print(f"articles: publisher named on {named} of {len(truth)} pages; {len(refused)} refused: "
          + "; ".join(refused))
    keys = sorted(truth)
    gaps = sorted(range(len(keys)), key=lambda n: _page_f1(scores["ours"][n]) -
                  _page_f1(scores["fast"][n]))
    for n in gaps[:worst]:
        print(f"  {keys[n]}: ours {_page_f1(scores['ours'][n]):.3f}, "
              f"fast {_page_f1(scores['fast'][n]):.3f}")


_TOKEN = __import__("re").compile(r"\w+")


def shingle_match(true: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """(tp, fp, fn) of 4-token shingles, normalised to sum 1 (the benchmark's evaluate.py)."""
    from collections import Counter

    def shingles(text: str) -> Counter[tuple[str, ...]]:
        tokens = _TOKEN.findall(text)
        return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                       if tokens[i:i + n])
    want, got = shingles(true), shingles(pred)
    tp = sum((want & got).values())
    fp, fn = sum((got - want).values()), sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _page_f1(match: tuple[float, float, float]) -> float:
    tp, fp, fn = match
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def shingle_f1(matches: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Mean precision, mean recall (pages with nothing predicted, or nothing true, left out of
    the one they cannot have, as evaluate.py does) and the F1 of the two."""
    def score(tp: float, other: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == other == 0 else tp / (tp + other)
    precision = [score(tp, fp, fp, fn) for tp, fp, fn in matches if tp + fp > 0]
    recall = [score(tp, fn, fp, fn) for tp, fp, fn in matches if tp + fn > 0]
    p, r = sum(precision) / len(precision), sum(recall) / len(recall)
    return p, r, 2 * p * r / (p + r)


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


def news_pages(count: int, start: int = 0, day: date | None = None) -> list[tuple[str, bytes]]:
    """`count` different news pages from make_corpus.py's articles, from 40 outlets over a
    year (or all dated `day`)."""
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
        published = day or date(2025, 12, 31) - timedelta(i % 365)
        pages.append((url, PAGE.format(lang="en", title=html.escape(title), url=url,
                                       site=f"Example News {i % 40}", day=published.isoformat(),
                                       paragraphs=paragraphs).encode()))
    return pages


def bench_append(work: Path, count: int) -> None:
    """A site whose seed is a crawl of `count` articles (dated over 2025), built cold; then one
    record appended dated the crawl's newest day (a crawl that grows by capturing new pages),
    built; then one dated mid-archive (a late capture of an older page: every list it joins
    shifts from its date on). Each build is add_one_bench's: its own process, wall and CPU
    seconds (build and render workers), until the pages are in output/; the search index,
    which follows in the background, waited for and reported apart."""
    from add_one_bench import build, wait_for_search
    site, cache = work / "site", REPO / ".cache"
    (site / "seeds").mkdir(parents=True)
    (site / "site.toml").write_text(f'cache_dir = "{cache}"\n', encoding="utf-8")
    crawl = site / "seeds" / "crawl.warc.gz"
    write_warc(crawl, news_pages(count))
    for label in ("cold build", "no-change rebuild"):
        step = build(site)
        print(f"append: {label} of {count} articles: {step['wall_s']:.1f} s wall, "
              f"search index {wait_for_search(site, cache=cache):.1f} s later\n  {step['line']}")
    appended = [("newest", date(2025, 12, 31)), ("mid-archive", date(2025, 7, 1))]
    for n, (label, day) in enumerate(appended):
        write_warc(crawl, news_pages(1, start=count + n, day=day))
        if n == 0:
            _time_listing(site, crawl)
        step = build(site)
        print(f"append: one record dated {label} ({day}): {step['wall_s']:.2f} s wall, "
              f"{step['cpu_s']:.2f} CPU s, {step['files_rewritten']} files rewritten; search "
              f"index caught up {wait_for_search(site, cache=cache):.2f} s later\n  {step['line']}")


def _time_listing(site: Path, crawl: Path) -> None:
    """CPU seconds to list the grown crawl as the rebuild does (what the last build listed
    remembered, the appended record read: web/listings.py), against reading it whole."""
    from site_builder.web.listings import Listings
    from site_builder.web.units import list_units
    cpu = time.process_time()
    remembered = Listings(site / "content").list(crawl, "seeds/crawl.warc.gz")
    cpu, whole = time.process_time() - cpu, time.process_time()
    read = list_units(crawl)
    whole = time.process_time() - whole
    assert read.units == remembered.units
    print(f"append: listing the grown crawl ({len(read.units)} articles): {cpu:.3f} s CPU "
          f"from the remembered listing and the appended record, {whole:.2f} s read whole")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["pages", "bodies", "dates", "articles", "readers",
                                         "memory", "append", "_read"])
    parser.add_argument("warc", nargs="?", type=Path, help="a WARC, or a truth file")
    parser.add_argument("--pages", type=Path, default=REPO / "tests" / "web_pages")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=Path("/tmp"))
    parser.add_argument("--worst", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="memory, append: keep the work folder")
    parser.add_argument("--htmldate", action="store_true", help="dates: htmldate alone too")
    parser.add_argument("--wrong", type=Path, help="dates: list the pages dated wrong here")
    args = parser.parse_args()
    if args.what == "pages":
        bench_pages(args.pages, args.repeat)
    elif args.what == "bodies":
        bench_bodies(args.warc, args.pages)
    elif args.what == "dates":
        bench_dates(args.warc, args.wrong, args.htmldate)
    elif args.what == "articles":
        bench_articles(args.warc, args.worst)
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
            if args.keep:
                print(f"kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
