"""A small build's fixed costs: Python's start-up and imports, and which heavy libraries a
build loads when nothing changed and when one seed was edited, for this checkout and others.

    python bench/startup_bench.py SITE [--python OTHER_PYTHON ...] [--rounds 3]

Each round runs, for every interpreter in turn (this one first, then each OTHER_PYTHON, e.g.
/work/main/.venv/bin/python: that checkout's code), each in its own process:

  imports   `python -X importtime -c "import site_builder.cli, site_builder.build"`: the
            import total by -X importtime (wall clock) and the process's CPU seconds
  nochange  `build` in SITE with nothing changed
  seed      one seed edited (run_bench.edit_one: a sentence appended), then `build`

A build's CPU seconds are user + sys of its process and of the render workers it forked
(not the detached search indexer, waited for before the next build); it runs as
rebuild_bench.py --pin-theme runs it (the theme key the database holds, so checkouts can take
turns on one built site). Its line names the heavy modules the build imported (the rules,
the web readers, ftfy, PyYAML, Jinja2, Markdown, the linker's rapidfuzz...). SITE is changed
(one seed edited a round): use a built copy of your own. The best (lowest) of the rounds is
printed for each figure, and every round in the JSON (`--json FILE`).

Python's bytecode: where PYTHONDONTWRITEBYTECODE is set and a checkout has no __pycache__,
every process compiles the package's modules again (0.1 s of a build here); run with
`env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=/tmp/pyc` (once to warm) to measure as
an installed copy runs, or with PYTHONPYCACHEPREFIX set to an empty folder to make every
checkout compile alike.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from add_one_bench import wait_for_search
from rebuild_bench import PIN_THEME
from run_bench import edit_one

WATCHED = ("site_builder.extract", "site_builder.web.seed", "ftfy", "yaml", "jinja2",
           "markdown", "rapidfuzz", "site_builder.events", "importlib.metadata", "platformdirs")
IMPORTS = "import site_builder.cli, site_builder.build"
# A build as `site-builder build` runs it, theme key pinned (rebuild_bench.py's), then the
# watched modules it imported.
BUILD = """
import os, sys
from site_builder import build, cli
""" + PIN_THEME + f"""
code = cli.main(["build"])
print("imported:", " ".join(m for m in {WATCHED!r} if m in sys.modules), file=sys.stderr)
sys.stderr.flush()
os._exit(code)
"""
TOTAL = re.compile(r"\|\s*(\d+) \| [^|]*$")


def cpu_of(command: list[str], cwd: Path) -> tuple[float, str]:
    """CPU seconds (user + sys, children included) of one process, and its stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # A build exits 1 for a problem it reports in its line; a traceback exits 1 too, with no
    # such line (a copied site's database is not found: build the copy once first).
    failed = done.returncode not in (0, 1) or \
        (done.returncode == 1 and "Traceback (most recent call last)" in done.stderr)
    if failed:
        raise SystemExit(f"{command[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stderr


def imports(python: str, site: Path) -> dict:
    """-X importtime's total of the process's imports (µs, the top-level ones summed: Python's
    own start-up included) and its CPU seconds. Run in SITE: in a checkout, `python -c` would
    import that folder's site_builder whatever the interpreter."""
    cpu, err = cpu_of([python, "-X", "importtime", "-c", IMPORTS], site)
    total = sum(int(m.group(1)) for line in err.splitlines()
                if (m := TOTAL.search(line)) and not line.rsplit("|", 1)[1].startswith("  "))
    return {"importtime_ms": round(total / 1000, 1), "cpu_s": round(cpu, 3)}


def build(python: str, site: Path) -> dict:
    """One pinned build's CPU seconds and the watched modules it imported."""
    cpu, err = cpu_of([python, "-c", BUILD], site)
    wait_for_search(site)
    found = next((ln for ln in err.splitlines() if ln.startswith("imported:")), "imported:")
    return {"cpu_s": round(cpu, 3), "imported": found.split()[1:]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--python", action="append", default=[], metavar="OTHER_PYTHON")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    site, pythons = args.site.resolve(), [sys.executable, *args.python]
    rounds: dict[str, list[dict]] = {python: [] for python in pythons}
    load = [os.getloadavg()[0]]
    for _ in range(args.rounds):
        for python in pythons:
            nochange = build(python, site)
            edit_one(sorted((site / "seeds").glob("*.txt")))
            rounds[python].append({"imports": imports(python, site), "nochange": nochange,
                                   "seed": build(python, site)})
    load.append(os.getloadavg()[0])
    for python, runs in rounds.items():
        best = {key: min(run["imports"][key] for run in runs)
                for key in ("importtime_ms", "cpu_s")}
        print(f"{python}\n  imports: {best['importtime_ms']:.1f} ms by -X importtime, "
              f"{best['cpu_s']:.3f} CPU s (the process)")
        for step in ("nochange", "seed"):
            print(f"  {step}: {min(run[step]['cpu_s'] for run in runs):.3f} CPU s; imported "
                  f"{' '.join(runs[-1][step]['imported']) or 'none of the watched'}")
    print(f"load average {load[0]:.1f} → {load[1]:.1f}")
    if args.json:
        args.json.write_text(json.dumps({"load_average": load, "rounds": rounds}, indent=1)
                             + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
