"""Planned pages → output/: rendered on all cores and put in place atomically.

A first build (or one whose output or theme is not the one the database describes) renders
every page into a staging folder, indexes it for search, and swaps it in whole. A rebuild
renders only the pages whose key changed into an update folder and moves each into the live
site with one atomic rename, under a journal the next run finishes if this one is killed; a
change too large for that is staged on a hard-linked copy of the live site and swapped in.

The database is written ahead of the output: its stamp is voided before anything is rendered
and set to the new one only once the output that matches it is in place (or, for an update,
once the journal that will put it in place is written). A build killed in between leaves a
database that describes no output, and the next build renders everything.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from site_builder.plan import Outcome, Page, Planning
from site_builder.store import Store
from site_builder.workers import parallel_map
from site_builder.write import MARKER, OutputUpdate, link_tree, staging_folder

STAMP = ".site-builder-inputs"       # in output/: what the site was built from
# An edit that touches more files than both of these stages a copy of the site and swaps it
# in: a reader then never sees a mix of old and new pages, and linking the unchanged files
# costs little next to rendering that many.
IN_PLACE_FILES, IN_PLACE_SHARE = 500, 0.5


class PublishError(RuntimeError):
    """A page could not be rendered (a template failed); str() is `path:line: problem`."""


def stamp_of(output: Path) -> str:
    """The stamp a build left in `output`, or "" where there is none."""
    try:
        return (output / STAMP).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def publish_all(renderer, planning: Planning, output: Path, stamp: str,
                index: Callable[[Path], None]) -> Outcome:
    """Every page, rendered into a staging folder, indexed (`index`) and swapped in whole."""
    store = planning.context.store
    with staging_folder(output) as staging:
        _make(renderer, planning.changed_pages(), staging, store)
        outcome = planning.finish()
        (staging / STAMP).write_text(stamp + "\n", encoding="utf-8")
        store.commit()
        index(staging)
    return outcome


def publish_changes(renderer, planning: Planning, output: Path, stamp: str) -> Outcome:
    """The pages whose key changed: moved into the live site one by one, or (many of them)
    staged on a hard-linked copy of it that is swapped in whole."""
    store = planning.context.store
    pages = list(planning.changed_pages())
    outcome = planning.finish()
    changed = len(pages) + len(outcome.removed)
    outcome.in_place = changed <= max(IN_PLACE_FILES, IN_PLACE_SHARE * outcome.pages)
    renderer.live = output             # the data files are written from the live ones
    if outcome.in_place:
        update = OutputUpdate(output, STAMP)
        try:
            _make(renderer, pages, update.folder, store, flat=True)
            update.wrote(page.path for page in pages)
            update.remove(outcome.removed)
            update.write(STAMP, (stamp + "\n").encode("utf-8"))
            store.set("stamp", stamp)
            store.commit()                # from here the journal finishes what apply starts
            update.apply()
        finally:
            update.discard()
        return outcome
    with staging_folder(output) as staging:
        leave_out = {page.path for page in pages} | set(outcome.removed) | {STAMP, MARKER}
        link_tree(output, staging, leave_out)
        _make(renderer, pages, staging, store)
        (staging / STAMP).write_text(stamp + "\n", encoding="utf-8")
    return outcome


# Rendered in this order, each group's results stored before the next starts: the articles'
# fragments (what lists and feeds show of them), then the events' export rows, then the rest.
PHASES = (("article",), ("event",))


def _make(renderer, pages: Iterable[Page], target: Path, store: Store,
          flat: bool = False) -> None:
    """Render `pages` into `target` (in planner order: articles, then events, then the
    rest), each phase's results stored before the pages that show them are made. `flat`:
    each file under its `write.staged_name` (an update's folder)."""
    from site_builder import render
    render.use(renderer, target, flat)
    stream = iter(pages)
    held: list[Page] = []

    def phase(makers: tuple[str, ...]) -> Iterator[Page]:
        # next(), not a loop over the stream: a generator left suspended in `yield from`
        # would close the planners' stream when it is collected.
        while (page := held.pop() if held else next(stream, None)) is not None:
            if page.maker not in makers:
                held.append(page)
                return
            yield page

    for makers in PHASES:
        store.commit()                    # workers read the database
        _run(phase(makers), store)
    store.commit()
    _run(_chain(held, stream), store)


def _run(pages: Iterable[Page], store: Store) -> None:
    from site_builder import render
    from site_builder.render import RenderError
    sent: deque[Page] = deque()

    def jobs() -> Iterator[tuple]:
        for page in pages:
            sent.append(page)
            yield page.job

    try:
        for result in parallel_map(render.make, jobs()):
            page = sent.popleft()
            if result is not None:
                _keep(store, page, result)
    except RenderError as err:
        raise PublishError(str(err)) from None


def _keep(store: Store, page: Page, result: tuple) -> None:
    """What a job made for the database: an article's fragments, an event's export rows and
    list item."""
    if page.maker == "article":
        store.db.execute("INSERT OR REPLACE INTO fragments VALUES (?, ?, ?, ?, ?, ?)",
                         (page.args[0], page.key, *result))
    elif page.maker == "event":
        store.db.execute("INSERT OR REPLACE INTO event_rows VALUES (?, ?, ?, ?)",
                         (page.args[0], page.key, *result[:2]))
        store.db.execute("INSERT OR REPLACE INTO event_entries VALUES (?, ?, ?)",
                         (page.args[0], page.key, result[2]))
    elif page.maker in ("export", "sitemap"):    # a file's layout (export_splice.py)
        store.set(f"layout {page.path}", result.dumps())
    elif page.maker == "terms":                   # a term index's rows (render_terms.py)
        store.set(*result)


def _chain(first: list[Page], then: Iterator[Page]) -> Iterator[Page]:
    yield from first
    yield from then
