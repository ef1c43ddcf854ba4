"""Article bodies: the quick path for plain paragraphs gives exactly Python-Markdown's HTML.

Most bodies are a seed's paragraphs (content.body_markdown: Markdown's special characters
escaped with a backslash); render.plain_paragraphs turns those into HTML without Markdown and
must give the same bytes, or decline and leave the text to Markdown.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.content import body_markdown
from site_builder.markup import markdown_to_html, plain_paragraphs, python_markdown
from site_builder.seeds import read_seed

from sitetools import EVAL_DEV, SEED_ARTICLE

# Letters, digits and every character Markdown or HTML give a meaning to, and line breaks.
ALPHABET = "ab é北 09 \n\t\\`*_{}[]()<>#+-.!&;:=|\"'“«/@\x00"


@settings(max_examples=2000)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_any_text_the_quick_path_takes_gives_markdowns_html(text):
    quick = plain_paragraphs(text)
    if quick is not None:
        assert quick == python_markdown(text)


@settings(max_examples=500)
@given(st.lists(st.text(alphabet=ALPHABET.replace("\n", ""), min_size=1, max_size=60),
                min_size=1, max_size=4))
def test_seed_paragraphs_take_the_quick_path_and_give_markdowns_html(paragraphs):
    text = body_markdown("\n".join(paragraphs)).strip()
    quick = plain_paragraphs(text)
    if quick is not None:
        assert quick == python_markdown(text)
    assert markdown_to_html(text) == python_markdown(text)


def test_real_articles_take_the_quick_path():
    seeds = [SEED_ARTICLE, *sorted((EVAL_DEV / "articles").glob("*.txt"))]
    bodies = [body_markdown(read_seed(path, path.parent).body) for path in seeds]
    quick = [body for body in bodies if plain_paragraphs(body) is not None]
    for body in quick:
        assert plain_paragraphs(body) == python_markdown(body)
    if len(seeds) == 1:
        pytest.skip("../shared/eval-dev is not beside this clone")
    assert len(quick) >= 0.8 * len(bodies), f"{len(quick)} of {len(bodies)}"


def _paragraph_by_paragraph(body: str) -> str:
    """body_markdown's rule applied one paragraph at a time, as it was written before it
    escaped the whole body in one pass."""
    from site_builder.content import _escape_block_start, _escape_inline
    return "\n\n".join(_escape_block_start(_escape_inline(p))
                       for p in body.split("\n") if p.strip())


# Markdown's characters, line breaks, and the spaces and digits beyond ASCII that `\s` and `\d`
# take (no-break, em and ideographic spaces, U+001C, an Arabic-Indic and a full-width digit).
BLOCK_ALPHABET = ALPHABET + "\u00a0\u2003\u3000\x1c\x0b\u0663\uff13.)"


@settings(max_examples=3000)
@given(st.text(alphabet=BLOCK_ALPHABET, max_size=60))
def test_escaping_the_whole_body_at_once_gives_what_each_paragraph_gave(body):
    assert body_markdown(body) == _paragraph_by_paragraph(body)
