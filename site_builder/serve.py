"""`serve`: build, serve output/ on localhost, rebuild on change and reload the browser.

livereload watches seeds/, content/, templates/ and the config; each change runs the same
incremental build as `site-builder build`: an edit re-renders only the pages it touches and moves
them into output/ one atomic rename each (a large change swaps output/ whole), so a browser
never sees a half-written page.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from livereload import Server
from livereload.handlers import StaticFileHandler
from tornado.web import HTTPError

from site_builder.build import build
from site_builder.config import Config, ConfigError, load_config


def serve(config: Config, output: Path | None, host: str, port: int,
          say: Callable[[str], None]) -> int:
    output = (output or config.output_path).resolve()
    state = {"config": config}

    def rebuild() -> None:
        try:
            state["config"] = load_config(config.root / "site.toml", config.root)
        except ConfigError as err:
            say(f"error: {err} (kept the previous site)")
            return
        report = build(state["config"], output=output, say=say)
        for line in report.problems:
            say(line)
        say(f"rebuilt: {report.articles} article(s) in {report.seconds:.2f} s")

    first = build(config, output=output, say=say)
    for line in first.problems:
        say(line)
    server = Server()
    server.SFH = WholeFileHandler
    for watched in (config.seeds_path, config.content_path, config.templates_path,
                    config.root / "site.toml"):
        if watched.exists():
            server.watch(str(watched), rebuild, delay=0.2)
    say(f"serving {output} at http://{host}:{port}/ (Ctrl-C to stop)")
    server.serve(root=str(output), host=host, port=port, open_url_delay=None)
    return 0


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
