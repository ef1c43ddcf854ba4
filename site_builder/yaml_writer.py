"""Front matter as YAML, byte for byte what PyYAML's `CSafeDumper` writes, without its
representer.

`yaml.dump(..., Dumper=CSafeDumper)` emits in C but represents in Python: a fifth of
`extract`'s time was PyYAML walking a page's front matter. The front matter is a small tree of
dicts, lists, strings, numbers, dates and nulls, so it is written here directly, as PyYAML would
write it with `sort_keys=False, allow_unicode=True, default_flow_style=False, width=100`:

- block mappings and sequences, a sequence in a mapping not indented (`tags:\\n- a`), a mapping
  in a sequence starting on the dash's line; `[]` and `{}` for empty ones;
- a string plain when libyaml's analysis allows it and PyYAML's resolver reads it back as a
  string (not `null`, `yes`, `123`, `2020-01-01`...), else single-quoted (`'` doubled);
- long strings folded as libyaml folds them: at a lone space once the line passes 100 columns,
  the next line indented two past its key (or its dash).

Anything outside that (a control character or line break in a string, a character beyond the
Basic Multilingual Plane, a key that is not a plain word, a value of another type, a list in a
list) is left to PyYAML: `dump` returns PyYAML's own output then. tests/test_yaml_writer.py
compares the two on many varied and hostile front matters.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

WIDTH = 100
# Characters libyaml writes as they are (printable, in the Basic Multilingual Plane, not a line
# break): a string of others goes to PyYAML.
_SAFE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
_PLAIN_BREAKERS = re.compile(r": |:$| #")


class _Unwritable(Exception):
    """A value this writer does not write as PyYAML would: PyYAML writes the whole page."""


def dump(data: dict[str, Any]) -> str:
    """`data` as PyYAML's CSafeDumper would write it (the options above)."""
    try:
        if not data:
            raise _Unwritable
        lines: list[str] = []
        _mapping(data, 0, "", lines)
        return "\n".join(lines) + "\n"
    except _Unwritable:
        import yaml
        return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True,
                         default_flow_style=False, width=WIDTH)


def _mapping(data: dict, indent: int, first: str, lines: list[str]) -> None:
    """Each key at `indent`; the first line starts with `first` (a sequence's dash) if given."""
    pad = " " * indent
    for n, (key, value) in enumerate(data.items()):
        if type(key) is not str or not _plain_key(key):
            raise _Unwritable
        head = f"{first if n == 0 and first else pad}{key}:"
        _value(value, head, indent, lines)


@lru_cache(maxsize=1024)
def _plain_key(key: str) -> bool:
    return bool(_KEY.fullmatch(key)) and _resolves_to_str(key)


def _value(value: Any, head: str, indent: int, lines: list[str]) -> None:
    """A mapping value after `head` ("  key:"), the mapping's keys at `indent`."""
    kind = type(value)
    if kind is dict:
        if not value:
            lines.append(head + " {}")
        else:
            lines.append(head)
            _mapping(value, indent + 2, "", lines)
    elif kind is list:
        if not value:
            lines.append(head + " []")
        else:
            lines.append(head)
            _sequence(value, indent, lines)
    else:
        lines.append(head + " " + _scalar(value, len(head) + 1, indent + 2))


# Lines of a mapping in a sequence, by what it holds (each value with its type: 1, 1.0 and True
# are equal keys but written apart): the places of a page recur on many pages.
_BLOCKS: dict[tuple, tuple[str, ...]] = {}
_BLOCKS_KEPT = 1 << 14


def _sequence(items: list, indent: int, lines: list[str]) -> None:
    dash = " " * indent + "- "
    for item in items:
        kind = type(item)
        if kind is dict and item:
            key = _block_key(item, indent)
            block = _BLOCKS.get(key) if key is not None else None
            if block is not None:
                lines.extend(block)
                continue
            start = len(lines)
            _mapping(item, indent + 2, dash, lines)
            if key is not None:
                if len(_BLOCKS) >= _BLOCKS_KEPT:
                    _BLOCKS.clear()
                _BLOCKS[key] = tuple(lines[start:])
        elif kind is dict:
            lines.append(dash + "{}")
        elif kind is list:
            raise _Unwritable          # a list in a list: not in any front matter we write
        else:
            lines.append(dash + _scalar(item, indent + 2, indent + 2))


def _block_key(item: dict, indent: int) -> tuple | None:
    """A mapping of scalars and lists of strings as a key (None for another: not kept). Two
    mappings with one key are written alike: values that compare equal but are written apart
    (1, 1.0 and True; 0.0 and -0.0) differ here by their type and their float's repr."""
    parts: list[Any] = [indent]
    for key, value in item.items():
        kind = type(value)
        if kind is list:
            if not all(type(v) is str for v in value):
                return None
            value = tuple(value)
        elif kind is dict:
            return None
        elif kind is float:
            value = repr(value)        # -0.0 == 0.0 and nan != nan: the written form decides
        parts += (type(key), key, kind, value)     # 1 == True as keys too
    return tuple(parts)


def _scalar(value: Any, column: int, indent: int) -> str:
    """A scalar starting at `column`; a folded string's next lines at `indent`."""
    kind = type(value)
    if kind is str:
        return _string(value, column, indent)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return _float(value)
    if kind is date:
        return value.isoformat()
    raise _Unwritable                  # datetime, sets, other types: PyYAML's business


def _float(value: float) -> str:
    """SafeRepresenter.represent_float."""
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


@lru_cache(maxsize=1 << 16)           # ids, kinds, countries and names recur on every page
def _string(text: str, column: int, indent: int) -> str:
    if not _SAFE.fullmatch(text):
        raise _Unwritable
    if _plain_allowed(text) and _resolves_to_str(text):
        return _fold(text, column, indent, quoted=False)
    quoted = text.replace("'", "''")
    return "'" + _fold(quoted, column + 1, indent, quoted=True) + "'"


def _plain_allowed(text: str) -> bool:
    """libyaml's yaml_emitter_analyze_scalar, for a string of safe characters in block
    context: no leading or trailing space, no indicator."""
    if not text or text[0] == " " or text[-1] == " ":
        return False
    if text.startswith(("---", "...")):
        return False
    head = text[0]
    if head in _FIRST_INDICATORS:
        return False
    if head in "?:-" and (len(text) == 1 or text[1] == " "):
        return False
    return not _PLAIN_BREAKERS.search(text, 1)


def _fold(text: str, column: int, indent: int, quoted: bool) -> str:
    """Break at a lone space once the line is past WIDTH columns, as libyaml's plain and
    single-quoted writers do (a quoted string: never at its first or last character)."""
    if column + len(text) <= WIDTH + 1:
        return text
    pieces, start, end = [], 0, len(text)
    position = text.find(" ")
    while position != -1:
        lone = (position == 0 or text[position - 1] != " ") and \
            (position + 1 >= end or text[position + 1] != " ")
        edge = quoted and (position == 0 or position == end - 1)
        if lone and not edge and column + (position - start) > WIDTH:
            pieces.append(text[start:position])
            pieces.append("\n" + " " * indent)
            column, start = indent, position + 1
        position = text.find(" ", position + 1)
    pieces.append(text[start:])
    return "".join(pieces)


_RESOLVERS: dict[str | None, list] | None = None


def _resolves_to_str(text: str) -> bool:
    """True when PyYAML's resolver reads `text`, written plain, as a string (the implicit
    resolvers for bool, int, float, null, timestamp, merge and value, by first character)."""
    global _RESOLVERS
    if _RESOLVERS is None:
        from yaml.resolver import Resolver
        _RESOLVERS = Resolver.yaml_implicit_resolvers
    candidates = _RESOLVERS.get(text[0] if text else "", []) + _RESOLVERS.get(None, [])
    return not any(regexp.match(text) for _, regexp in candidates)

