"""A web page's publication day: htmldate's, unless the page shows its reader another one that
the page itself states.

htmldate (extensive search, the original date, the capture URL given) is right on 0.904 of
its 1,000 hand-checked evaluation pages (bench/web_bench.py dates). Many of its misses are a
date the page holds but does not show: a CMS's `<meta name="date">` written when the page was
last saved, a day taken from a UTC timestamp where the page shows the local day, a date in
the URL where the page shows another. The hand-checked date is the one a reader sees. So when
htmldate's day is written nowhere in the page's visible text, the first date the page states
in its markup (JSON-LD, meta tags, `<time>`, `itemprop` elements; published before modified;
not an element beside the page's own text, a sidebar's or a comment's) that *is* written
there wins. A page that shows no date, or no stated one, keeps htmldate's.
A January 1st written nowhere (not in the text, the markup or the address) is a year alone
that htmldate's last-resort search found (a copyright line's): no date (2 pages of the 1,000
that have none, one in each half, are then right; none lost). Together: 0.904 → 0.922 on the
whole set; the choices made on half A of the domains, 0.933 on the held-apart half B; made
on B, 0.913 on A (bench/web_date_rules.py).

Every day is the local calendar day as written (a timestamp's offset is not converted to UTC:
on the same pages the day as written is right more often than the UTC day for every source).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date

# meta tags (name, property or itemprop, lower case) that state a publication or a change
_PUBLISHED_META = frozenset({
    "article:published_time", "og:article:published_time", "article:published",
    "og:published_time", "datepublished", "pubdate", "og:pubdate", "publishdate",
    "publish-date", "publish_date", "dc.date.issued", "dcterms.issued", "sailthru.date",
    "parsely-pub-date", "dc.date", "dcterms.date", "date", "dc.date.created",
    "dcterms.created", "datecreated", "citation_publication_date", "citation_date",
    "publication_date"})
_MODIFIED_META = frozenset({
    "article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified",
    "dc.date.modified", "dcterms.modified", "last-modified", "lastmod", "modified"})
_LD_PUBLISHED, _LD_KEYS = ("datePublished", "dateCreated", "uploadDate"), \
    ("datePublished", "dateCreated", "uploadDate", "dateModified")
_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
# days written as numbers: 2020-02-19, 2020/02/19, 19.02.2020, 19/02/20, 2020年2月19日
_NUMERIC_DAY = re.compile(
    r"(?<!\d)(?:(?P<y1>\d{4})[-/.]\s?(?P<m1>\d{1,2})[-/.]\s?(?P<d1>\d{1,2})(?!\d)"
    r"|(?P<d2>\d{1,2})[./-]\s?(?P<m2>\d{1,2})[./-]\s?(?P<y2>\d{4}|\d{2})(?!\d)"
    r"|(?P<y3>\d{4})\s?年\s?(?P<m3>\d{1,2})\s?月\s?(?P<d3>\d{1,2}))")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DAY_AND_MONTH = 40                     # characters before a year: "Mittwoch, 01. November "
# a JSON-LD block (web/page.py reads its objects' types with it)
LD_JSON = re.compile(r"<script[^>]{0,200}application/ld\+json[^>]*>(.*?)</script>",
                     re.IGNORECASE | re.DOTALL)
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template"})
_ITEMPROP = ('.//*[@itemprop="datePublished" or @itemprop="dateCreated" or '
             '@itemprop="dateModified"][not(self::meta)][not(self::time)]')
# a class or id naming a reader's comment, or a list of them: comment, comments, comment-meta,
# comment-96, commentaire, comentarios ("commentary" is not one)
_COMMENT = re.compile(r"^(?:comment(?:s|aire)?(?:[-_]|$)|comentarios?$)", re.IGNORECASE)


def page_date(html: str, url: str | None) -> date | None:
    """The page's publication day (see the module's docstring), or None."""
    from htmldate import find_date
    found = iso_day(find_date(html, url=url, extensive_search=True, original_date=True))
    if found is None:
        return None
    tree = page_tree(html)
    if tree is None:
        return found
    shown = shown_days(tree)
    if found in shown:
        return found
    days = list(stated_days(html, tree))
    found = next((day for day in days if day in shown), found)
    return None if year_alone(found, shown, days, url or _canonical(tree)) else found


def year_alone(day: date, shown: set[date], markup: list[date], url: str | None) -> bool:
    """Whether `day` is a January 1st written nowhere (not in the text, the markup or the
    address): a year alone that htmldate's last-resort search found (a copyright line's)."""
    return (day.month, day.day) == (1, 1) and day not in shown and day not in markup \
        and not in_address(day, url)


def _canonical(tree) -> str | None:
    """The page's canonical address (htmldate reads it when no URL is given)."""
    link = tree.find('.//link[@rel="canonical"]')
    return link.get("href") if link is not None else None


def in_address(day: date, url: str | None) -> bool:
    """Whether the address holds the day as year, month and day (/2020/01/01/, 2020-1-1)."""
    return bool(url and re.search(rf"(?<!\d){day.year}[/_-]0?{day.month}[/_-]0?{day.day}(?!\d)",
                                  url))


def stated_days(html: str, tree) -> Iterator[date]:
    """The days the page states in its markup, those of publication first, then those of a
    change (each in the order of `stated`)."""
    every = stated(html, tree)
    yield from (day for published, _, day in every if published)
    yield from (day for published, _, day in every if not published)


def stated(html: str, tree) -> list[tuple[bool, str, date]]:
    """(of publication?, where: "ld", "meta" or "element", day) of every date the page
    states: JSON-LD, meta tags, `<time>` and `itemprop` elements, each in document order."""
    return [*((published, "ld", day) for published, day in _ld_days(html)),
            *((published, "meta", day) for published, day in _meta_days(tree)),
            *((published, "element", day) for published, day in _element_days(tree))]


def _ld_days(html: str) -> Iterator[tuple[bool, date]]:
    for block in LD_JSON.finditer(html):
        try:
            data = json.loads(block.group(1))
        except (ValueError, RecursionError):
            continue
        yield from _ld_walk(data, 0)


def _ld_walk(data: object, depth: int) -> Iterator[tuple[bool, date]]:
    """The dates of every object of a JSON-LD block, nested ones too (an article in a
    WebPage's mainEntity, a Yoast @graph), in the order written."""
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_walk(item, depth + 1)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in _LD_KEYS and isinstance(value, str):
                if (day := iso_day(value)) is not None:
                    yield key in _LD_PUBLISHED, day
            elif key != "@context":
                yield from _ld_walk(value, depth + 1)


def _meta_days(tree) -> Iterator[tuple[bool, date]]:
    for meta in tree.iter("meta"):
        key = next((meta.get(a) for a in ("property", "name", "itemprop", "http-equiv")
                    if meta.get(a)), "").lower()
        value = meta.get("content") or meta.get("datetime")
        if (key in _PUBLISHED_META or key in _MODIFIED_META) and \
                (day := iso_day(value)) is not None:
            yield key in _PUBLISHED_META, day


def _element_days(tree) -> Iterator[tuple[bool, date]]:
    """`<time>` elements (their datetime, else their text), then other elements marked
    with a date's itemprop (their content or datetime, else their text); those beside the
    page's own text left out (`_beside`)."""
    for element in tree.iter("time"):
        day = iso_day(element.get("datetime")) or _first_written(element.text_content())
        if day is not None and not _beside(element):
            yield element.get("itemprop") != "dateModified", day
    for element in tree.xpath(_ITEMPROP):
        day = iso_day(element.get("content") or element.get("datetime")) or \
            _first_written(element.text_content())
        if day is not None and not _beside(element):
            yield element.get("itemprop") != "dateModified", day


def _beside(element) -> bool:
    """Whether a date element is another text's, not the page's: in a `<nav>` or a
    `<footer>` (a teaser's, the site's), in a reader's comment (an element whose class or id
    names one), or in an `<aside>` that is not in an `<article>` or `<main>` (a sidebar's
    related articles; an aside in the article can be its own date line). On htmldate's
    1,000 pages: 920 → 923 right (bench/web_date_rules.py), none lost: a comment's date
    twice, a sidebar teaser's footer once, all three on half B."""
    aside = False
    for ancestor in element.iterancestors():
        tag = ancestor.tag
        if tag in ("nav", "footer"):
            return True
        if tag == "aside":
            aside = True
        elif tag in ("article", "main"):
            aside = False
        if any(_COMMENT.match(name) for name in
               (*(ancestor.get("class") or "").split(), ancestor.get("id") or "")):
            return True
    return aside


def shown_days(tree) -> set[date]:
    """The days written in the page's visible text (scripts and styles left out): as
    numbers, or with a month's name in one of htmldate's languages."""
    body = tree.find(".//body")
    text = " ".join(_visible_pieces(body if body is not None else tree))
    return {day for _, day in written_days(text)}


def _visible_pieces(root) -> Iterator[str]:
    """The texts of `root` and its descendants in document order, those inside a script,
    style, noscript or template left out (their tails kept); the tree is not changed."""
    from lxml import etree
    inside = 0                          # how many hidden elements the walk is in
    for event, element in etree.iterwalk(root, events=("start", "end")):
        hidden = element.tag in _HIDDEN_TAGS
        if event == "start":
            inside += hidden
            if not inside and isinstance(element.tag, str) and element.text:
                yield element.text
        else:
            inside -= hidden
            if not inside and element is not root and element.tail:
                yield element.tail


def written_days(text: str) -> list[tuple[int, date]]:
    """The days written in `text` and where, in the order written. A day/month/year with
    slashes is read both ways (19/02/2020 and 02/19/2020): a page may be American or not."""
    from htmldate.extractors import LONG_TEXT_PATTERN, MONTH_NUMBERS
    found = []
    for match in _NUMERIC_DAY.finditer(text):
        if match["y1"]:
            found += _valid(match.start(), match["y1"], match["m1"], match["d1"])
        elif match["y2"]:
            if "/" in match[0]:
                found += _valid(match.start(), match["y2"], match["d2"], match["m2"])
            found += _valid(match.start(), match["y2"], match["m2"], match["d2"])
        else:
            found += _valid(match.start(), match["y3"], match["m3"], match["d3"])
    for window in _year_windows(text):
        start = window.start
        while match := LONG_TEXT_PATTERN.search(text, start, window.stop):
            month = MONTH_NUMBERS.get((match["month"] or match["month2"]).replace("ı", "i")
                                      .replace("İ", "i").lower())
            if month is None:           # not a month's name: matches can overlap
                start = match.start() + 1
                continue
            found += _valid(match.start(), match["year"] or match["year2"], str(month),
                            match["day"] or match["day2"])
            start = match.end()
    return sorted(found, key=lambda found: found[0])


def _year_windows(text: str) -> Iterator[range]:
    """Stretches of `text` ending with a year (1900-2099), where a day with a month's name
    can be: the month pattern is tried there only, not at every word (4 ms a page saved)."""
    stop = 0
    for year in _YEAR.finditer(text):
        if year.end() > stop:
            stop = year.end()
            yield range(max(0, year.start() - _DAY_AND_MONTH), stop)


def _first_written(text: str | None) -> date | None:
    found = written_days(text) if text else []
    return found[0][1] if found else None


def _valid(where: int, year: str, month: str, day: str) -> list[tuple[int, date]]:
    number = int(year)
    try:
        return [(where, date(number + 2000 if number < 100 else number, int(month), int(day)))]
    except ValueError:
        return []


def iso_day(value: str | None) -> date | None:
    """The calendar day of 'YYYY-MM-DD...' as written (a timestamp's offset kept)."""
    match = _ISO_DAY.match(value) if value else None
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def page_tree(html: str):
    """The page parsed by lxml (bytes: a string with an XML declaration is refused)."""
    import lxml.html
    try:
        return lxml.html.fromstring(html.encode("utf-8", "replace"),
                                    parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None
