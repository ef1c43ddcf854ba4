"""The term index pages' maker (/tags/, /places/, /sources/), a part of the Renderer (render.py)
kept apart: each page lists every term of its kind, so an added article, which changes a few
terms' counts, makes the whole page again.

Rendering thousands of rows through the template on every add was most of that page's cost
(a 10,000-article archive has 2,400 tags and 3,100 places: a third of a CPU second), and the
places page's map of every place another tenth. So each row (`_term_row.html`) and the map's
land and markers (charts_map.Drawn: the map is drawn again whenever the list's order moves, its
parts seldom change) are kept in the database between builds (`term rows <kind>`, written by
publish.py with the page), each under the key of what it shows (`row_key`: the fields the
page's own key holds; a marker's: its name, link, point and size) and the theme's key
(templates, package code and configuration); a build renders only what is new and joins the
rest. The cache is the database's, never a live file's: a hand edit
of output/ cannot leak into a page, and a theme change starts it afresh.
"""
from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from site_builder.charts_map import Drawn

if TYPE_CHECKING:
    from jinja2 import Template

    from site_builder.render import TermView

ROW_TEMPLATE = "_term_row.html"
FORMAT = 3                  # of what is kept: another is not read
Markers = list[tuple[str, str, float, float]]


def row_key(slug: str, name: str, count: int, deaths: int, place: bytes | None) -> str:
    """Everything a term's row can show (a site's own `_term_row.html` may show the toll, or
    any field of the place), from the term's row in the database as it is stored (the place
    as its pickle's bytes): a row is made again, and the page's key moves, when any moves.
    Not `repr` of the TermView: unpickling and printing every place of the archive on every
    add was a tenth of a CPU second at 10,000 articles."""
    return f"{slug}\x1f{name}\x1f{count}\x1f{deaths}\x1f{place.hex() if place else ''}"


class TermRows:
    """A kind's rows and map as the last build made them, for one theme."""

    def __init__(self, theme: str, rows: dict[str, bytes] | None = None,
                 drawn: dict[tuple, str] | None = None) -> None:
        self.theme = theme
        self.rows = rows or {}
        self.drawn = drawn or {}      # the map's land and markers (charts_map.Drawn)

    @classmethod
    def loads(cls, data: bytes | None, theme: str) -> TermRows:
        """The kept rows, or none where they were made for another theme (or never)."""
        try:
            kept = pickle.loads(data) if data else None
        except Exception:            # damaged, or another version's: not trusted, made again
            kept = None
        if isinstance(kept, dict) and kept.get("version") == FORMAT and \
                kept.get("theme") == theme and isinstance(kept.get("rows"), dict) and \
                isinstance(kept.get("map"), dict):
            return cls(theme, kept["rows"], kept["map"])
        return cls(theme)

    def dumps(self) -> bytes:
        return pickle.dumps({"version": FORMAT, "theme": self.theme, "rows": self.rows,
                             "map": self.drawn}, protocol=pickle.HIGHEST_PROTOCOL)


class TermIndexPage:
    """The maker of a kind's index page; the Renderer gives `store`, `template`, `render` and
    `_map`."""

    store: Any

    def template(self, name: str) -> Template:
        raise NotImplementedError

    def render(self, template: str, url: str, **context: Any) -> bytes:
        raise NotImplementedError

    def _map(self, markers: Markers, page_url: str, drawn: Drawn | None = None) -> Markup:
        raise NotImplementedError

    def _make_terms(self, path: str, kind: str, url: str, views: list[TermView],
                    keys: list[str], markers: Markers | None, theme: str
                    ) -> tuple[bytes, tuple[str, bytes]]:
        """/<kind>/: every term's row (kept ones joined, new ones rendered) and, for places,
        the map; what was used comes back for the database (name, rows). `keys`: each
        view's `row_key`, as the planner worked them out."""
        name = f"term rows {kind}"
        kept = TermRows.loads(self.store.get(name), theme)
        used = TermRows(theme)
        row = self._row_maker(kind, url)
        rows = []
        for view, key in zip(views, keys, strict=True):
            made = used.rows[key] = kept.rows.get(key) or row(view)
            rows.append(Markup(made.decode("utf-8")))
        context: dict[str, Any] = {"kind": kind, "terms": views, "rows": rows}
        if markers is not None:
            drawn = Drawn(kept.drawn)
            context["map"] = self._map(markers, url, drawn)
            used.drawn = drawn.used
        return self.render("terms.html", url, **context), (name, used.dumps())

    def _row_maker(self, kind: str, url: str) -> Callable[[TermView], bytes]:
        template = self.template(ROW_TEMPLATE)

        def row(view: TermView) -> bytes:
            return template.render(page_url=url, kind=kind, term=view).encode("utf-8")
        return row
