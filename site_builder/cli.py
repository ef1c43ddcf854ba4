"""The command line: thin commands that parse arguments, call one stage, print what happened.

Every input problem is one line `path: problem` on stderr; no traceback reaches a user for bad
input, nor for a fault of the machine (a full disk, a folder it may not write, a killed worker):
that is one line `error: path: cause`. Exit codes: 0 success, 1 some input was bad (the rest was
done), 2 the run could not go on (the previous output is left as it was).
"""
from __future__ import annotations

import argparse
import errno
import os
import sys
from concurrent.futures import BrokenExecutor
from datetime import date
from pathlib import Path

from site_builder import __version__

EXIT_OK, EXIT_BAD_INPUT, EXIT_FATAL = 0, 1, 2

DESCRIPTION = """\
Turn plain-text news articles into a searchable static archive website.

Put articles (UTF-8 text, one paragraph a line, optional first line "TITLE: ...") in seeds/.
`build` extracts each one's date, source, wire agency, dateline, places and casualty figures
into an editable page in content/, then renders the site into output/: article pages, tag,
place, source and month pages, a map and timelines, feeds, open data and full-text search,
ready to publish on GitHub Pages. Pages you edit in content/ are never overwritten."""

EPILOG = """\
examples:
  site-builder build                      seeds/ -> content/ -> output/
  site-builder build --base-url https://you.github.io/archive/
  site-builder serve                      preview at http://127.0.0.1:8000/
  site-builder check                      list pages whose metadata needs a look

Settings are read from site.toml (all optional). Exit codes: 0 done; 1 some input was bad (each
named on one line; the rest was built); 2 the run could not go on (output/ left as it was)."""


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run() -> None:
    """The `site-builder` command: main(), then exit without Python's teardown. A build leaves
    the site model (a million objects at 10,000 articles) to be collected at exit, which took
    0.8 s of a 2.9 s one-edit rebuild; the OS frees a process's memory at once. Output is
    flushed first; nothing this program starts needs an exit handler (worker pools are closed,
    the background indexer is its own session)."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_FATAL
    from site_builder.workers import WorkerDied
    try:
        return args.run(args)
    except _stopping_errors() as err:
        say(f"error: {err}")
        return EXIT_FATAL
    except OSError as err:             # the machine's fault: a full disk, no permission...
        say(f"error: {_os_problem(err, _place_of(err, args))}")
        return EXIT_FATAL
    except (WorkerDied, BrokenExecutor) as err:
        say(f"error: {_working_folder(args)}: {_worker_problem(err)}")
        return EXIT_FATAL
    except KeyboardInterrupt:
        say("interrupted")
        return 130


# The errors that stop a run, by the module that raises them: a module the command did not
# import raised none of its own, so none is imported to catch it (`extract` does not import
# the build and render modules: a tenth of a second of its start-up).
STOPPING_ERRORS = {"site_builder.config": "ConfigError", "site_builder.write": "OutputError",
                   "site_builder.build": "BuildError", "site_builder.cluster": "ClusterError"}


def _stopping_errors() -> tuple[type[Exception], ...]:
    return tuple(getattr(sys.modules[module], name) for module, name in STOPPING_ERRORS.items()
                 if module in sys.modules)


def _place_of(err: OSError, args: argparse.Namespace) -> str:
    """Where a fault that names no file happened: the address `serve` could not listen on,
    else the folder the command writes."""
    if args.command == "serve" and err.errno in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):
        return f"{args.host}:{args.port}"
    return str(_working_folder(args))


def _os_problem(err: OSError, place: str) -> str:
    """`path: cause` of an OSError, `place` when it names no file."""
    path = err.filename if err.filename is not None else place
    cause = err.strerror or str(err) or type(err).__name__
    if err.filename2 is not None:
        return f"{path} → {err.filename2}: {cause}"
    return f"{path}: {cause}"


def _worker_problem(err: Exception) -> str:
    if isinstance(err, BrokenExecutor):      # extraction's pool
        return "a worker process was killed or crashed (out of memory?) before it finished"
    return str(err)


def _working_folder(args: argparse.Namespace) -> Path:
    """The folder a command writes: output/ for build and serve, content/ for extract and
    check. Read from the config when it can be, else the defaults."""
    from site_builder.config import ConfigError
    try:
        config = _config(args)
    except (ConfigError, OSError):
        return Path("content" if args.command in ("extract", "check") else "output").resolve()
    if args.command in ("extract", "check"):
        return (getattr(args, "content", None) or config.content_path).resolve()
    return (getattr(args, "output", None) or config.output_path).resolve()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="site-builder", description=DESCRIPTION,
                                     epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    extract = commands.add_parser("extract", help="seeds → content/*.md front-matter pages")
    extract.add_argument("targets", nargs="*", type=Path, metavar="SEED_OR_DIR")
    extract.add_argument("--content", type=Path, help="content folder (default: content/)")
    extract.add_argument("--reference-date", type=_iso_date, metavar="YYYY-MM-DD",
                         help="resolves dates written without a year")
    extract.add_argument("--config", type=Path, default=Path("site.toml"))
    extract.add_argument("--strict", action="store_true", help="exit non-zero on any problem")
    extract.add_argument("--scheduler", metavar="ADDRESS",
                         help="extract on a Dask cluster: its scheduler's address, e.g. "
                              "tcp://10.0.0.5:8786 (pip install 'site-builder[dask]')")
    extract.set_defaults(run=run_extract)

    build = commands.add_parser("build", help="extract new seeds, render the site into output/")
    _add_build_options(build)
    build.add_argument("--wait-for-search", action="store_true",
                       help="bring the search index up to date before exiting (for CI; "
                            "otherwise a rebuild updates it in the background)")
    build.set_defaults(run=run_build)

    serve = commands.add_parser("serve", help="build, serve on localhost, rebuild on change")
    _add_build_options(serve)
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    serve.set_defaults(run=run_serve)

    check = commands.add_parser("check", help="validate content/, list pages to review")
    check.add_argument("--config", type=Path, default=Path("site.toml"))
    check.set_defaults(run=run_check)
    return parser


def _add_build_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--config", type=Path, default=Path("site.toml"))
    command.add_argument("--output", type=Path, help="output folder (default: output/)")
    command.add_argument("--base-url", help="public URL of the site, e.g. "
                                            "https://user.github.io/repo/")
    command.add_argument("--strict", action="store_true", help="exit non-zero on any problem")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2020-11-25: {text!r}") from None


def _config(args: argparse.Namespace):
    from dataclasses import replace

    from site_builder.config import load_config
    config = load_config(args.config)
    if getattr(args, "base_url", None) is not None:
        config = replace(config, base_url=args.base_url)
    if getattr(args, "reference_date", None) is not None:
        config = replace(config, extract=replace(config.extract,
                                                 reference_date=args.reference_date))
    if getattr(args, "scheduler", None) is not None:
        config = replace(config, extract=replace(config.extract, scheduler=args.scheduler))
    if getattr(args, "wait_for_search", False):
        config = replace(config, search=replace(config.search, background=False))
    return config


def _finish(problems: list[str], notices: list[str]) -> int:
    for line in [*notices, *problems]:
        say(line)
    return EXIT_BAD_INPUT if problems else EXIT_OK


def run_extract(args: argparse.Namespace) -> int:
    from site_builder.ingest import extract_seeds
    from site_builder.progress import progress_reporter
    config = _config(args)
    content = (args.content or config.content_path).resolve()
    targets = args.targets or [config.seeds_path]
    report = extract_seeds(targets, content, config.root, config.extract.reference_date,
                           config.gazetteer_path, progress=progress_reporter(say, "extract"),
                           scheduler=config.extract.scheduler)
    say(f"extract: {_extract_counts(report)}, {len(report.errors)} problem(s) → {content}")
    problems = report.errors + (report.kept_edits if args.strict else [])
    return _finish(problems, report.repaired + ([] if args.strict else report.kept_edits))


def _extract_counts(report) -> str:
    """'3 page(s) written, 1 unchanged, 0 human edit(s) kept[, 1 seed(s) repaired]'."""
    counts = (f"{len(report.written)} page(s) written, {report.unchanged} unchanged, "
              f"{len(report.kept_edits)} human edit(s) kept")
    counts += f", {len(report.repaired)} seed(s) repaired" if report.repaired else ""
    return counts + _skipped(report.skipped)


def _skipped(skipped) -> str:
    """', 5 web record(s) skipped (2 not HTML, 1 revisit...)': what a crawl held besides
    articles."""
    if not skipped:
        return ""
    reasons = ", ".join(f"{n} {why}" for why, n in sorted(skipped.items()))
    return f", {sum(skipped.values())} web record(s) skipped ({reasons})"


def run_build(args: argparse.Namespace) -> int:
    from site_builder.build import build
    config = _config(args)
    report = build(config, output=args.output, say=say)
    ex = report.extract
    say(f"extract: {_extract_counts(ex)}")
    say(f"build: {build_line(report)} → {report.output.resolve()}")
    if report.search_pending:
        say("search: the index is being updated in the background (a few seconds)")
    problems = report.problems + (ex.kept_edits if args.strict else [])
    return _finish(problems, ex.repaired + ([] if args.strict else ex.kept_edits))


def build_line(report) -> str:
    """'10000 article(s), 31976 file(s) (2 rewritten in place, 0 removed, 31974 kept; 1
    content page read) in 0.42 s (load 0.1 s, render 0.2 s)': what was made and what reused."""
    if report.up_to_date:
        return (f"nothing changed, {report.articles} article(s), {report.files} file(s) in "
                f"{report.seconds:.2f} s")
    if report.in_place:
        done = f"{report.made} rewritten in place, {report.removed} removed, {report.kept} kept"
    elif report.kept:
        done = f"{report.made} rendered, {report.removed} removed, {report.kept} kept"
    else:
        done = f"{report.made} rendered"
    done += f"; {report.read} content page(s) read"
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in report.stages.items())
    return (f"{report.articles} article(s), {report.files} file(s) ({done}) in "
            f"{report.seconds:.2f} s ({stages})")


def run_serve(args: argparse.Namespace) -> int:
    from site_builder.serve import serve
    return serve(_config(args), output=args.output, host=args.host, port=args.port, say=say)


def run_check(args: argparse.Namespace) -> int:
    from site_builder.check import check_content
    config = _config(args)
    result = check_content(config)
    for line in result.review:
        say(f"review: {line}")
    say(f"check: {result.pages} page(s), {len(result.problems)} problem(s), "
        f"{len(result.review)} to review in {config.content_path}")
    return _finish(result.problems, [])
