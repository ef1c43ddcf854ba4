"""The extract command's cost outside the rules, by part, on real articles, on one core.

    python bench/extract_outside.py [--copies 22] [--profile FILE] [--articles DIR]

`extract_speed.py` gives the command's time outside the rules as (command - rules); this
script measures that part directly, and splits it. In one process on CPU 0 (`taskset -c 0`),
in CPU seconds (`time.process_time`; user and sys apart where the kernel's share matters):
- the fixed costs: importing the command and the rules, loading the gazetteer's index (the
  whole index: a run of more than `ingest_work.LAZY_SEEDS` seeds loads it; fewer look names
  up in its SQLite copy instead) and letting it go (the command does, after extracting);
- `site-builder extract` over COPIES copies of the articles, with `extract_metadata`
  answered from a table made beforehand (untimed) from the distinct articles: everything the
  command does but the rules (seeds listed, read and repaired, pages made and written, the
  state's journal and file), less the index's load and release measured above, per article;
- a page file's creation on this file system (`files.write_atomically`'s calls: a temp file
  created, written and renamed), user and sys apart: the kernel's part varies with the
  machine's other disk work, by several times from one minute to the next.
`--profile FILE` saves the rule-less command's cProfile (CPU time) to FILE.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from extract_speed import DEFAULT_ARTICLES, REFERENCE, one_core, warm_site

IN_PROCESS = r"""
import json, os, resource, sys, time
from datetime import date
from pathlib import Path

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime

site, articles, reference, profile = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
out = {}
started = time.process_time()
import site_builder.cli, site_builder.ingest, site_builder.ingest_work
import site_builder.extract as rules
out["imports"] = time.process_time() - started

started = time.process_time()
gazetteer = rules.load_gazetteer(None)
out["gazetteer_load"] = time.process_time() - started

from site_builder.seeds import read_seed
answers = {}                                   # the rules' findings, made untimed
for path in sorted(articles.glob("*.txt")):
    seed = read_seed(path, articles.parent)
    answers[seed.title, seed.body] = rules.extract_metadata(
        seed.title, seed.body, seed.collected or date.fromisoformat(reference), gazetteer)
started = time.process_time()
del gazetteer
out["gazetteer_release"] = time.process_time() - started

rules.extract_metadata = lambda title, body, reference, gazetteer: answers[title, body]
os.chdir(site)
if profile:
    import cProfile
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
user, system = cpu()
started = time.process_time()
code = site_builder.cli.main(["extract"])
out["command"] = time.process_time() - started
user2, system2 = cpu()
out["command_user"], out["command_sys"] = user2 - user, system2 - system
if profile:
    profiler.disable()
    profiler.dump_stats(profile)
out["pages"] = sum(1 for _ in (site / "content").glob("*.md"))
from site_builder.ingest_work import LAZY_SEEDS
from site_builder.workers import worker_count
out["eager"] = out["pages"] > LAZY_SEEDS * worker_count()    # the command loaded the index
out["code"] = code

from site_builder.files import write_atomically
folder = site / "page-files"
data = "x" * 3000
user, system = cpu()
for n in range(2000):
    write_atomically(folder / f"{n}.md", data)
user2, system2 = cpu()
out["page_file_user"], out["page_file_sys"] = (user2 - user) / 2000, (system2 - system) / 2000
print(json.dumps(out))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=22)
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--profile", type=Path, help="save the rule-less command's cProfile")
    args = parser.parse_args()
    site = Path(tempfile.mkdtemp(prefix="extract-outside-"))
    try:
        count = warm_site(site, args.articles, args.copies)
        done = subprocess.run([*one_core(), sys.executable, "-c", IN_PROCESS, str(site),
                               str(args.articles), REFERENCE,
                               str(args.profile.resolve()) if args.profile else ""],
                              capture_output=True, text=True, check=False)
        try:
            out = json.loads(done.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            print(f"in one process: {done.stderr.strip()[-300:]}")
            return 1
    finally:
        shutil.rmtree(site, ignore_errors=True)
    report(out, count)
    return 0


def report(out: dict, count: int) -> None:
    """The figures, fixed costs in CPU seconds, the rest in ms an article."""
    per = 1000 / count
    fixed = out["imports"] + out["gazetteer_load"] + out["gazetteer_release"]
    loaded = out["gazetteer_load"] + out["gazetteer_release"] if out["eager"] else 0.0
    left = out["command"] - loaded
    print(f"{count} articles ({out['pages']} pages written, exit {out['code']}); "
          f"load average {os.getloadavg()[0]:.2f}; CPU seconds")
    print(f"fixed: imports {out['imports']:.3f} s, gazetteer's index loaded "
          f"{out['gazetteer_load']:.3f} s, let go {out['gazetteer_release']:.3f} s "
          f"= {fixed:.3f} s ({fixed * per:.2f} ms an article here)")
    print(f"the command without the rules: {out['command']:.2f} s (user "
          f"{out['command_user']:.2f}, sys {out['command_sys']:.2f}); "
          + ("less the index's load and release: " if out["eager"] else
             "(a run this small loads no index: the rules would look names up in its SQLite "
             "copy, a cost of theirs not counted here) ")
          + f"{left * per:.2f} ms an article")
    print(f"a page file created, written and renamed here: user "
          f"{out['page_file_user'] * 1000:.3f} ms, sys {out['page_file_sys'] * 1000:.3f} ms")


if __name__ == "__main__":
    sys.exit(main())
