"""Patterns that can match only where a line starts, tried only there.

`(?m)^...` patterns: Python's engine tries a pattern at every character of the text, and one
that opens with `^` fails at all but a few; a text of 3,000 characters and 40 lines is 3,000
tries for 40 that can succeed. `line_matches` tries the line starts alone and finds what
`finditer` finds.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator


def line_matches(pattern: re.Pattern[str], text: str, pos: int = 0) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, pos)` for a pattern whose matches all start at a line's start
    (`(?m)^` first) and are never empty: left to right, not overlapping, each one tried at the
    line starts from the end of the one before."""
    start = pos if pos == 0 or text[pos - 1] == "\n" else _next_line(text, pos)
    while start is not None:
        match = pattern.match(text, start)
        if match is None:
            start = _next_line(text, start)
            continue
        end = match.end()
        if end == match.start():    # finditer's rules for empty matches are not kept here
            raise ValueError(f"{pattern.pattern!r} matched an empty string: not a line pattern")
        yield match
        start = end if text[end - 1] == "\n" else _next_line(text, end)


def _next_line(text: str, at: int) -> int | None:
    """Where the first line after position `at` starts (None: no line starts after it)."""
    newline = text.find("\n", at)
    return None if newline < 0 else newline + 1


def sub_lines(pattern: re.Pattern[str], text: str, replace: Callable[[re.Match[str]], str]) -> str:
    """`pattern.sub(replace, text)` for such a pattern (see `line_matches`)."""
    parts: list[str] = []
    last = 0
    for match in line_matches(pattern, text):
        parts += [text[last:match.start()], replace(match)]
        last = match.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)
