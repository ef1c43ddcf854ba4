"""Article bodies: Markdown → HTML, with everything a body could inject escaped.

Article text is untrusted: raw HTML in a body is shown as text, never passed through, and links
or images with a script-capable scheme lose their target. What a seed's text becomes (plain
paragraphs, see content.body_markdown) takes a quick path that gives Python-Markdown's own HTML
without running it; anything else goes through Python-Markdown.
"""
from __future__ import annotations

import html as html_lib
import os
import re
import secrets
from urllib.parse import urlsplit

import markdown
from markupsafe import Markup, escape


class _EscapeRawHtml(markdown.Extension):
    """Article text is untrusted: raw HTML in a body is shown as text, never passed through,
    and links or images with a script-capable scheme lose their target."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)


class _SafeLinks(markdown.treeprocessors.Treeprocessor):
    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not _safe_url(value):
                    del element.attrib[attribute]


def _safe_url(value: str) -> bool:
    cleaned = "".join(ch for ch in value if ch > " ").lower()
    try:
        scheme = urlsplit(cleaned).scheme
    except ValueError:
        return False
    return scheme in ("", "http", "https", "mailto")


# Python-Markdown's inline pass is quadratic in the brackets and emphasis marks of one block
# (8,000 "[" took 4 s): a block with more of them than any real prose is shown as plain text.
MAX_INLINE_MARKS = 400
_INLINE_MARKS = re.compile(r"[\[\]*_`\\]")
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
_ENTITY = re.compile(r"&#?[0-9A-Za-z]{1,32};")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")
_converters: dict[int, markdown.Markdown] = {}


def markdown_to_html(text: str) -> Markup:
    """Markdown with raw HTML escaped; see `_plain_blocks` for the pathological case, and
    `plain_paragraphs` for the common one."""
    fast = plain_paragraphs(text)
    return Markup(fast if fast is not None else python_markdown(text))


def python_markdown(text: str) -> str:
    """Python-Markdown's HTML, raw HTML escaped, pathological blocks shown as text."""
    text, plain = _plain_blocks(text)
    html = _converter().reset().convert(text)
    for placeholder, block in plain.items():
        html = html.replace(placeholder, str(escape(_shown_text(block))), 1)
    return html


# What a seed's text becomes (content.body_markdown): paragraphs of plain text, Markdown's
# special characters escaped with a backslash. Python-Markdown takes 1.5 ms for such a page;
# `plain_paragraphs` gives the same HTML directly, and declines (None) anything else: a block
# that spans lines, starts with anything but a letter, a digit or a quote (no heading, list,
# quote or code), or holds, once its backslash escapes are taken out, a character that could
# start inline markup or an entity. tests/test_markup.py checks it against Markdown.
_ESCAPE_PAIR = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!])")
_NOT_PLAIN = re.compile(r"[\x00-\x1f\x7f`*_\[\]<\\]|&#?[0-9A-Za-z]{1,32};")
_LIST_NUMBER = re.compile(r"\d+[.)]")
_QUOTES = "\"'“‘«(„"


def plain_paragraphs(text: str) -> str | None:
    """The HTML Python-Markdown makes of plain paragraphs, or None when `text` is not that."""
    if len(_INLINE_MARKS.findall(text)) > MAX_INLINE_MARKS:
        return None
    html = []
    for block in text.split("\n\n"):
        if not block or "\n" in block or block != block.strip():
            return None
        first = block[0]
        if not (first.isalpha() or first in _QUOTES or first.isdigit()) or \
                _LIST_NUMBER.match(block) or _NOT_PLAIN.search(_ESCAPE_PAIR.sub("", block)):
            return None
        shown = _ESCAPE_PAIR.sub(r"\1", block).replace("&", "&amp;").replace(">", "&gt;")
        html.append(f"<p>{shown}</p>")
    return "\n".join(html)


def _converter() -> markdown.Markdown:
    """One converter a process (making one costs more than converting a page)."""
    pid = os.getpid()
    if pid not in _converters:
        _converters[pid] = markdown.Markdown(extensions=[_EscapeRawHtml()],
                                             output_format="html")
    return _converters[pid]


def _shown_text(block: str) -> str:
    """What Markdown would show of a block's text: backslash escapes and entities undone."""
    unescaped = _ESCAPED.sub(r"\1", block)
    return _ENTITY.sub(lambda m: html_lib.unescape(m.group()), unescaped)


def _plain_blocks(text: str) -> tuple[str, dict[str, str]]:
    """Swap each block too full of inline marks for a placeholder word, shown later as its text
    (backslash escapes undone) so rendering stays linear in the size of the text."""
    if len(_INLINE_MARKS.findall(text)) <= MAX_INLINE_MARKS:
        return text, {}
    nonce = secrets.token_hex(8)
    plain: dict[str, str] = {}
    blocks = _BLOCK_BREAK.split(text)
    for n, block in enumerate(blocks):
        if len(_INLINE_MARKS.findall(block)) > MAX_INLINE_MARKS:
            placeholder = f"sitebuilderplain{nonce}x{n}"
            plain[placeholder] = block
            blocks[n] = placeholder
    return "\n\n".join(blocks), plain
