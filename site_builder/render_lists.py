"""List pages (home, terms, months): the template's render, or, for a list's numbered pages,
its page shell filled in.

An article dated mid-archive moves every later numbered page of each list it joins by one
entry (plan/lists.py): at 10,000 articles some 900 pages, each the same template around other
entries. A numbered page with an older neighbour (`page/N/`, N > 1) differs from the others
of its list only in its entries, its number and its neighbours' addresses, so the template is
rendered once for them, with marks in those places (the list's "shell"), and each page is the
shell with its own put in: string joins and replaces, no template run.

The shell is used only where it is sure to give the template's bytes:
- the list template, base.html and _macros.html are, byte for byte, the ones whose use of
  a page's number and neighbours was checked (`CHECKED`): they only print them, pass them to
  `_` or `link`, or test them against none. Any other template, a site's own or an edited
  copy of the theme (a fork, a source checkout's `templates/`), may test or compute with
  them, so its pages are all rendered by the template;
- everything else the page is given (the list's context, its map, its number of entries) is
  the same (`_shell_key`);
- the list's first page made is rendered by the template; a shell is made when a second comes
  (a list with one changed page costs no more than before), and checked against the first
  byte for byte; a mismatch (article text holding a mark) leaves the list to the template.
Shells live in the process that made them (each render worker its own), the last few lists'.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from site_builder import urls
from site_builder.templating import ROOT_MARK

if TYPE_CHECKING:
    from site_builder.events import Event

# Marks where a page's own values go: no "/" (a page's depth is counted in slashes) and nothing
# autoescape changes (addresses are escaped on their way into a page). NEWER and OLDER stand
# for the neighbours' addresses after the list's own ("page/8/", or "" for its first screen).
NUMBER, NEWER, OLDER, ENTRY = "\x02n\x03", "\x02p\x03", "\x02o\x03", "\x02e\x03"
OWN = ("number", "previous", "next")   # the pager's fields a page fills in
SHELLS_KEPT = 32                 # lists whose shells a process keeps (pages come list by list)
TEMPLATES_SEEN = ("base.html", "_macros.html")    # beside the list's own: what sees `pager`
# The sha256 of each template a shell may be made with, as shipped and checked (see the module
# docstring). Changing one of them: check what it does with `pager.number`, `pager.previous`,
# `pager.next` and `page_url`, then put its new digest here (tests/test_list_shells.py fails
# until then: it asserts that the packaged theme's later pages are filled in).
CHECKED = {
    "base.html": "55288133e052f131ecf551fccc5107adcd915347d052c8ba6415b6a815aec22b",
    "_macros.html": "038351c8c4f5e29cb412296aa524a0a5730e01a3f61aaf3001c9c71feed84641",
    "index.html": "29a6ab2fc1b6e8d23676b60077cb457bfd0710245e5504e0335c7358c5c825da",
    "events.html": "87e8442551e8771d179ea0c756e87f325691ce47b180715f3ae59e370eb83165",
    "term.html": "213681cc68d6e600e8bc79ccc293354e2b4bceb2b6ce632759b3c8cddeacabdd",
}
_UNTRUSTED = object()            # the shell did not give the template's bytes: render


@dataclass(frozen=True)
class _First:
    """A list's first page made here, as the template rendered it: a shell is made when a
    second page of the list comes (a list with one changed page costs no shell), and checked
    against this one."""

    pager: dict[str, Any]
    fragments: list[bytes]
    url: str
    page: bytes


class ListPages:
    """The list makers of `render.Renderer` (which provides `render`, `template`, `store`,
    `events`, `_timeline` and `_map`)."""

    _shells: OrderedDict[tuple, Any]          # list → shell, made by Renderer.__init__
    _packaged_templates: dict[str, bool]

    def _make_list(self, path: str, template: str, url: str, context: dict[str, Any],
                   ids: list[int], timeline: list[tuple[str, int, int]] | None,
                   markers: list[tuple[str, str, float, float]] | None) -> tuple[bytes, None]:
        """A page of a list: its entries, and a timeline (first page) or map (places)."""
        return self._list_page(template, url, context, self.store.fragments("entry", ids),
                               timeline, markers), None

    def _make_events(self, path: str, template: str, url: str, context: dict[str, Any],
                     shown: list[tuple[str, str]], timeline: None, markers: None
                     ) -> tuple[bytes, None]:
        """A page of the list of events (`shown`: their ids and keys), made of the items
        their pages stored, as a list of articles is (a shell where the template is the
        checked one). A theme of its own may want the events themselves: it gets them."""
        if not self._packaged(template):
            events = self.events([event for event, _ in shown])
            entries = [Markup(_fill_root(self.event_entry(e), url)) for e in events]
            return self.render(template, url, events=events, entries=entries, **context), None
        return self._list_page(template, url, context, self._event_entries(shown), None,
                               None), None

    def event_entry(self, event: Event) -> bytes:
        """An event's item on the events list, its links from the site root's mark."""
        return self.template("_event_entry.html").render(
            page_url="", event=event, root=ROOT_MARK).encode("utf-8")

    def _event_entries(self, shown: list[tuple[str, str]]) -> list[bytes]:
        """The events' stored items; one missing or made for another key (a database made
        before they were kept) is made here from its event."""
        stored = dict(((event, key), entry) for event, key, entry in self.store.rows(
            "SELECT event, key, entry FROM event_entries WHERE event IN "
            f"({','.join('?' * len(shown))})", [event for event, _ in shown])) if shown else {}
        return [stored.get((event, key)) or self.event_entry(self.events([event])[0])
                for event, key in shown]

    def _list_page(self, template: str, url: str, context: dict[str, Any],
                   fragments: list[bytes], timeline: list[tuple[str, int, int]] | None,
                   markers: list[tuple[str, str, float, float]] | None) -> bytes:
        """A list page from its entries' fragments: filled into its list's shell where one
        can be made, else rendered by the template."""
        key = _shell_key(template, url, context, len(fragments), timeline, markers) \
            if self._packaged(template) else None
        shell = self._shells.get(key) if key is not None else _UNTRUSTED
        if isinstance(shell, _First):         # the list's second page: make its shell
            shell = self._make_shell(template, key[1], context, len(fragments), markers,
                                     shell)
            self._keep_shell(key, shell)
        if shell is None or shell is _UNTRUSTED:
            page = self._render_list(template, url, context, fragments, timeline, markers)
            if shell is None:                 # the list's first page: remembered
                self._keep_shell(key, _First(context["pager"], fragments, url, page))
            return page
        self._shells.move_to_end(key)
        return _fill(shell, context["pager"], fragments, url, key[1])

    def _render_list(self, template: str, url: str, context: dict[str, Any],
                     fragments: list[bytes], timeline: list[tuple[str, int, int]] | None,
                     markers: list[tuple[str, str, float, float]] | None) -> bytes:
        """A list page as the template renders it (its entries from their stored fragments,
        links made from `url`)."""
        extra: dict[str, Any] = {}
        if timeline is not None:
            extra["timeline"] = self._timeline(timeline, url)
        if markers is not None:
            extra["map"] = self._map(markers, url)
        entries = [Markup(_fill_root(fragment, url)) for fragment in fragments]
        return self.render(template, url, entries=entries, **context, **extra)

    def _keep_shell(self, key: tuple, shell: Any) -> None:
        self._shells[key] = shell
        while len(self._shells) > SHELLS_KEPT:
            self._shells.popitem(last=False)

    def _make_shell(self, template: str, base: str, context: dict[str, Any], count: int,
                    markers: list[tuple[str, str, float, float]] | None,
                    first: _First) -> list[bytes] | object:
        """The template rendered with marks for the page's number, its neighbours' addresses
        and its `count` entries, split at the entries; _UNTRUSTED unless it gives the list's
        `first` page as the template did. `base`: the list's first screen."""
        pager = {**first.pager, "number": Markup(NUMBER), "previous": base + NEWER,
                 "next": base + OLDER}
        marked = base + _numbered(NUMBER)
        try:
            extra = {"map": self._map(markers, marked)} if markers is not None else {}
            shell = self.render(template, marked, entries=[Markup(ENTRY)] * count,
                                **{**context, "pager": pager}, **extra).split(ENTRY.encode())
        except Exception:       # a mark where a number must be (a translation's "%(n)d")
            return _UNTRUSTED
        if len(shell) != count + 1 or \
                _fill(shell, first.pager, first.fragments, first.url, base) != first.page:
            return _UNTRUSTED
        return shell

    def _packaged(self, template: str) -> bool:
        """Whether `template` and what it builds on are the checked ones (`CHECKED`), by
        content, not by folder (asked once a template)."""
        found = self._packaged_templates.get(template)
        if found is None:
            found = self._packaged_templates[template] = all(
                _digest(self.template(name).filename) == CHECKED.get(name)
                for name in (template, *TEMPLATES_SEEN))
        return found


def _digest(template_file: str | None) -> str | None:
    return hashlib.sha256(Path(template_file).read_bytes()).hexdigest() \
        if template_file else None


def _shell_key(template: str, url: str, context: dict[str, Any], count: int,
               timeline: object, markers: object) -> tuple | None:
    """What a numbered page shows besides its entries, number and neighbours' addresses
    (None: not a page a shell can make: a first screen, page 1, a list not laid out as
    `base/page/N/`). Pages of one list with the same key differ only in those."""
    pager = context.get("pager")
    if timeline is not None or not isinstance(pager, dict) or pager.get("first"):
        return None
    number = pager.get("number")
    if not isinstance(number, int) or number < 2 or not url.endswith(_numbered(number)):
        return None
    base = url[:-len(_numbered(number))]
    if not all(isinstance(pager.get(side), str) and pager[side].startswith(base)
               for side in ("previous", "next")):
        return None
    shown = repr(sorted((name, value) for name, value in context.items() if name != "pager"))
    paged = repr(sorted((name, value) for name, value in pager.items() if name not in OWN))
    return template, base, count, shown, paged, repr(markers)


def _fill(shell: list[bytes], pager: dict[str, Any], fragments: list[bytes], url: str,
          base: str) -> bytes:
    """A page from its list's shell, its pager and its entries' stored fragments."""
    root = _root(url).encode("utf-8")
    mark = ROOT_MARK.encode("utf-8")
    own = [(NUMBER.encode(), str(pager["number"]).encode()),
           (NEWER.encode(), pager["previous"][len(base):].encode("utf-8")),
           (OLDER.encode(), pager["next"][len(base):].encode("utf-8"))]
    parts = []
    for part in shell:
        for marked, value in own:
            part = part.replace(marked, value)
        parts.append(part)
    out = [parts[0]]
    for fragment, part in zip(fragments, parts[1:], strict=True):
        out += (fragment.replace(mark, root), part)
    return b"".join(out)


def _fill_root(fragment: bytes, url: str) -> str:
    """A stored fragment with the page at `url`'s way up to the site root put in."""
    return fragment.decode("utf-8").replace(ROOT_MARK, _root(url))


def _numbered(number: object) -> str:
    """A numbered page's address below its list's first screen (urls.py's lists)."""
    return f"page/{number}/"


def _root(url: str) -> str:
    """A page's way up to the site root, as list entries' links start ("" at the root)."""
    root = urls.relative_link(url, "") if url else ""
    return "" if root == "./" else root
