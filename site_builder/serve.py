"""`serve`: build, serve output/ on localhost, rebuild on change and reload the browser.

The file system tells what changed (watchdog: inotify on Linux, FSEvents on macOS, polling
elsewhere) in seeds/, content/, templates/ and site.toml; livereload serves the site and
reloads the browser. Each batch of changed files runs the same incremental build as
`site-builder build`, told which files changed, so it reads only those: an edited page shows in
the browser in well under a second however large the archive. (livereload's own watcher stats
every watched file twice a second: 200,000 files in an archive of 100,000 articles.) Pages are
moved into output/ one atomic rename each (a large change swaps output/ whole), so a browser
never sees a half-written page.
"""
from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from tornado.web import HTTPError
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from site_builder.build import build
from site_builder.config import Config, ConfigError, load_config
from site_builder.load import release_made_index

Say = Callable[[str], None]
SETTLE = 0.05          # seconds: an editor's save is several events; they are taken together


def serve(config: Config, output: Path | None, host: str, port: int, say: Say) -> int:
    output = (output or config.output_path).resolve()
    state = {"config": config}

    def rebuild(changed: set[Path]) -> bool:
        """Build what changed; True when the site did."""
        try:
            state["config"] = load_config(config.root / "site.toml", config.root)
        except ConfigError as err:
            say(f"error: {err} (kept the previous site)")
            return False
        report = build(state["config"], output=output, say=say, changed=changed)
        for line in report.problems:
            say(line)
        if report.up_to_date:
            return False
        say(f"rebuilt: {report.articles} article(s) in {report.seconds:.2f} s")
        return True

    first = build(config, output=output, say=say)
    release_made_index()       # a new machine's gazetteer index: not kept while serving
    for line in first.problems:
        say(line)
    server = Server(watcher=EditWatcher(config, rebuild))
    server.SFH = WholeFileHandler
    say(f"serving {output} at http://{host}:{port}/ (Ctrl-C to stop)")
    server.serve(root=str(output), host=host, port=port, open_url_delay=None)
    return 0


class EditWatcher(Watcher):
    """livereload's watcher, told of changes by the file system instead of looking for them.
    Changed paths are gathered on watchdog's thread and handed, a batch at a time, to
    `rebuild` on the server's thread; then every open page reloads."""

    def __init__(self, config: Config, rebuild: Callable[[set[Path]], bool]) -> None:
        super().__init__()
        self.config = config
        self.rebuild = rebuild
        self.lock = threading.Lock()
        self.changed: set[Path] = set()
        self.scheduled = False
        self.observer = Observer()
        self.observer.daemon = True

    def start(self, callback: Callable[[], None]) -> bool:
        """Called by livereload on its loop: watch, and call `callback` after each batch.
        True: livereload need not poll."""
        loop = IOLoop.current()
        handler = _Gather(self, lambda: loop.add_callback(loop.call_later, SETTLE, callback))
        config = self.config
        for folder in (config.seeds_path, config.content_path, config.templates_path):
            if folder.is_dir():
                self.observer.schedule(handler, str(folder), recursive=True)
        self.observer.schedule(handler, str(config.root), recursive=False)   # site.toml
        self.observer.start()
        return True

    def examine(self) -> tuple[str | None, float | None]:
        with self.lock:
            changed, self.changed, self.scheduled = self.changed, set(), False
        if changed and self.rebuild(changed):
            LiveReloadHandler.reload_waiters(path="*")
        return None, None             # reloaded already (livereload's own allows one in 3 s)

    def note(self, path: Path, ready: Callable[[], None]) -> None:
        if not self._wanted(path):
            return
        with self.lock:
            self.changed.add(path)
            first, self.scheduled = not self.scheduled, True
        if first:
            ready()

    def _wanted(self, path: Path) -> bool:
        """Inputs of the build only: not hidden files (editors' and extract's own), not the
        output or the cache when they sit inside a watched folder."""
        if path.parent == self.config.root:
            return path.name == "site.toml"
        for folder in (self.config.seeds_path, self.config.content_path,
                       self.config.templates_path):
            if path.is_relative_to(folder):      # hidden at any depth: a build never reads it
                return not any(part.startswith(".") for part in path.relative_to(folder).parts)
        return not any(part.startswith(".") for part in path.parts[-2:])


class _Gather(FileSystemEventHandler):
    def __init__(self, watcher: EditWatcher, ready: Callable[[], None]) -> None:
        self.watcher, self.ready = watcher, ready

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or event.is_directory:
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if path:
                self.watcher.note(Path(os.fsdecode(path)), self.ready)


class WholeFileHandler(StaticFileHandler):
    """Serves each file from one read of one open file.

    A build replaces a file (or output/ whole), possibly between the steps tornado's handler
    takes for one request (stat for the length, open for the body): the length of one build's
    page with the body of the next is a cut-off page. Reading once makes length, body and ETag
    agree."""

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        path = super().validate_absolute_path(root, absolute_path)
        if path is not None:
            try:
                with open(path, "rb") as handle:
                    self._stat_result = os.fstat(handle.fileno())
                    self._body = handle.read()
            except OSError:
                raise HTTPError(404) from None
        return path

    def get_content(self, abspath: str, start: int | None = None,
                    end: int | None = None) -> bytes:       # type: ignore[override]
        return self._body[start:end]

    def compute_etag(self) -> str | None:
        return '"' + hashlib.sha1(self._body, usedforsecurity=False).hexdigest() + '"'
