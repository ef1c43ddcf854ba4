"""What templates are given besides the page's data: links, words translated once, JSON-LD.

Apart from render.py (which runs the jobs) so the template environment's pieces can be read
on their own. A list entry is rendered once for pages at any depth: its links start with
ROOT_MARK, which each page replaces with its own way up to the site root ("../../"). The mark
holds a "<", which escaped text never does, so no article text can be mistaken for it.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from jinja2 import pass_context
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup, escape

from site_builder import urls
from site_builder.model import Article, Place

ROOT_MARK = "<!--root-->"           # in fragments: the page's way up to the site root


@pass_context
def link(context, to_url: str) -> str:
    """A link from the page being rendered to a site-relative URL. In a fragment (rendered
    once for pages at any depth) the link starts with ROOT_MARK, which each page replaces."""
    if context.get("root") == ROOT_MARK:
        return Markup(ROOT_MARK) + escape(to_url)
    return urls.relative_link(context["page_url"], to_url)


class ConstantWords(Extension):
    """`_("Words")` translated when the template is compiled, not each time a page shows it
    (Jinja's gettext call, its Markup and its %-formatting were a third of an article page's
    rendering). Only a call with one string is: a call with values, or words holding a "%"
    (which the call would format), is left to run as written. The result is what the call
    gives: the translation, marked safe."""

    version = "1"                 # in the bytecode folder's name: a change compiles again

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        gettext = getattr(self.environment, "constant_gettext", None)
        tokens = list(stream)
        done: list[Token] = []
        at = 0
        while at < len(tokens):
            call = [token.type for token in tokens[at:at + 4]]
            if (gettext is not None and call == ["name", "lparen", "string", "rparen"]
                    and tokens[at].value == "_" and (not done or done[-1].type != "dot")):
                words = tokens[at + 2].value
                said = gettext(words)
                if "%" not in words and "%" not in said:
                    line = tokens[at].lineno
                    done += [Token(line, "lparen", "("), Token(line, "string", said),
                             Token(line, "pipe", "|"), Token(line, "name", "safe"),
                             Token(line, "rparen", ")")]
                    at += 4
                    continue
            done.append(tokens[at])
            at += 1
        return iter(done)


def json_script(value: Any) -> Markup:
    """JSON safe inside <script>: '<', '>' and '&' escaped so no text can close the tag."""
    text = json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def news_article_ld(article: Article, url: str) -> dict[str, Any]:
    """schema.org NewsArticle metadata for an article page (rendered as JSON-LD)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "inLanguage": article.language, "url": url, "mainEntityOfPage": url,
        "keywords": list(article.tags),
        "contentLocation": [_place_ld(p) for p in article.places],
    }
    if article.date:
        data["datePublished"] = article.date.isoformat()
    if article.source:
        data["publisher"] = {"@type": "Organization", "name": article.source}
    if article.wire:
        data["sourceOrganization"] = {"@type": "Organization", "name": article.wire}
    if article.url and article.url.startswith(("http://", "https://")):
        data["isBasedOn"] = article.url
    return data


def _place_ld(place: Place) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Place", "name": place.name}
    if place.lat is not None and place.lon is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": place.lat, "longitude": place.lon}
    return data
