"""Progress lines of long runs (`extract: 500/10000`), shared by `extract` and `build`.

A module of its own so that `extract` reports progress without importing the build (and with
it the render, search and publish modules it never uses)."""
from __future__ import annotations

from collections.abc import Callable


def progress_reporter(say: Callable[[str], None], stage: str) -> Callable[[int, int], None]:
    """Report progress on long runs: every 500 items and at the end."""
    def report(done: int, total: int) -> None:
        if total >= 200 and (done % 500 == 0 or done == total):
            say(f"{stage}: {done}/{total}")
    return report
