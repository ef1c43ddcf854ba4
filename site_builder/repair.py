"""Repair the damage text picks up on its way from a web page to a seed file, when it is read.

Scraped archives carry mojibake (UTF-8 read as Windows-1252: "donâ€™t"), Windows-1252 quotes
and dashes stored as C1 control characters (U+0091..U+0097: invisible or boxes in a browser, and
"forbidden code points" in HTML), terminal escapes, stray control characters, and whitespace no
writer meant (non-breaking, zero-width, line-separator characters). ftfy, made for exactly this,
repairs the encoding damage; the odd whitespace is ours. Everything else is left as it was: curly
quotes stay curly, ligatures, full-width letters and HTML entities are not touched, and nothing
is normalised, so a text without damage comes out byte for byte as it went in.

Each repair is described in words a person can check against the file (`Repair.fixes`), so
`extract` and `check` can say which seeds were changed on reading, and how.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

# What ftfy repairs besides mojibake: terminal escapes and other controls, C1 controls, line
# and paragraph separators, invisible format characters.
_FOR_FTFY = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u2028\u2029\u206a-\u206f\ufeff\ufff9-\ufffc]")
_C1 = re.compile("[\x80-\x9f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
# ftfy repairs an encoding only where its mojibake heuristic (ftfy.badness.is_bad, a regular
# expression) matches, and every sequence that expression matches is at most 7 characters long
# and holds a non-ASCII character: looking within 7 characters of each non-ASCII one finds
# whatever it would. An article has a few dozen such characters (a no-break space, "é") in
# kilobytes of ASCII: that is a small part of the 1 ms a kilobyte the whole text costs.
_REACH = 7
# Importing ftfy costs a tenth of a second, more than the rest of reading a seed: a one-seed
# build pays it whole. That expression (ftfy 6.3's BADNESS_RE) can match only where the text
# holds a C1 control, one of Œ œ Ã Â, or two non-ASCII characters side by side (every other
# branch is a pair or more of them); an article with accents and curly quotes between ASCII
# letters and spaces has none, and is known good without importing ftfy (9,300 of the
# 10,000-article bench corpus). tests/test_repair.py checks this against the installed ftfy.
_MAY_BE_BAD = re.compile("[\x80-\x9f\u0152\u0153\xc2\xc3]|[^\x00-\x7f]{2}")
# Spaces a writer of these articles does not type (web pages leave them): tab, vertical tab,
# form feed, no-break and the typographic spaces; a run of them (with plain spaces beside them)
# becomes one space. The ideographic space (U+3000) is an ordinary space of CJK text: kept.
_ODD = "\t\x0b\x0c\xa0\u1680\u2000-\u200a\u202f\u205f"
_ODD_SPACES = re.compile(f"[ {_ODD}]*[{_ODD}][ {_ODD}]*")
_ODD_SPACE = re.compile(f"[{_ODD}]")
# Invisible characters that split words for search and extraction: zero-width space, word
# joiner, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u2060\u00ad]")

_STEPS = {
    "remove_terminal_escapes": "terminal escape codes removed",
    "remove_control_chars": "control characters removed",
    "fix_line_breaks": "line separator characters made line breaks",
    "fix_surrogates": "broken surrogate pairs joined",
}
_MOJIBAKE = "mojibake (UTF-8 read as Windows-1252 or Latin-1) decoded"


@dataclass(frozen=True)
class Repair:
    """The repaired text and what was done to it (empty when it needed nothing)."""

    text: str
    fixes: tuple[str, ...] = ()


def repair_text(text: str) -> Repair:
    """The text with encoding damage and odd whitespace repaired, and the repairs named."""
    fixes: list[str] = []
    if _FOR_FTFY.search(text) or _may_be_mojibake(text):
        c1 = _C1.findall(text)
        fixed = _ftfy().fix_and_explain(text, _config())
        if fixed.text != text:
            fixes += _describe(fixed.explanation or [], c1)
            text = fixed.text
    spaces = (sum(len(m.group().strip(" ")) for m in _ODD_SPACES.finditer(text))
              if _ODD_SPACE.search(text) else 0)
    invisible = len(_INVISIBLE.findall(text))
    if spaces or invisible:
        text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))
        fixes.append(_whitespace(spaces, invisible))
    return Repair(text, tuple(fixes))


def _may_be_mojibake(text: str) -> bool:
    """ftfy.badness.is_bad(text), looking only near the non-ASCII characters (a window's edge
    may add a match, never lose one: the answer errs towards running ftfy)."""
    if text.isascii() or not _MAY_BE_BAD.search(text):
        return False
    from ftfy.badness import is_bad
    spans: list[list[int]] = []
    for found in _NON_ASCII.finditer(text):
        start, end = max(0, found.start() - _REACH), found.end() + _REACH
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
        if len(spans) > 64:                   # text full of them: the whole text costs less
            return is_bad(text)
    return is_bad("\x00".join(text[start:end] for start, end in spans))


def _ftfy() -> Any:
    """ftfy, imported when a text needs it (see _MAY_BE_BAD)."""
    import ftfy
    return ftfy


@cache
def _config() -> Any:
    """Only what repairs damage; ftfy's other fixes change text that is not damaged."""
    return _ftfy().TextFixerConfig(
        unescape_html=False, uncurl_quotes=False, fix_latin_ligatures=False,
        fix_character_width=False, normalization=None, explain=True)


def _describe(steps: list[tuple[str, str]], c1: list[str]) -> list[str]:
    """ftfy's steps in words: ("encode", "latin-1"), ("decode", "windows-1252") is the C1 case."""
    fixes: list[str] = []
    for action, name in steps:
        if (action == "decode" and name.endswith("windows-1252")) or name == "fix_c1_controls":
            text = (f"{len(c1)} Windows-1252 quotes, dashes or symbols stored as C1 control "
                    f"characters ({_span(c1)}) decoded")
        elif action == "decode" or name in ("restore_byte_a0", "replace_lossy_sequences",
                                            "decode_inconsistent_utf8"):
            text = _MOJIBAKE
        elif action == "encode":
            continue
        else:
            text = _STEPS.get(name, name.replace("_", " "))
        if text not in fixes:
            fixes.append(text)
    return fixes


def _span(chars: list[str]) -> str:
    low, high = min(chars, default="\x80"), max(chars, default="\x9f")
    return f"U+{ord(low):04X}" if low == high else f"U+{ord(low):04X}..U+{ord(high):04X}"


def _whitespace(spaces: int, invisible: int) -> str:
    parts = []
    if spaces:
        parts.append(f"{spaces} tab, no-break or other odd space(s) made plain spaces")
    if invisible:
        parts.append(f"{invisible} zero-width character(s) or soft hyphen(s) removed")
    return "; ".join(parts)
