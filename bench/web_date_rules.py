"""The web page date rule's choices, chosen on one half of htmldate's hand-checked pages and
scored on the other (site_builder/web/dates.py; issue 21).

    python bench/web_date_rules.py HTMLDATE_TESTS

When htmldate's day is not written in the page's visible text, a date the page states in its
markup that is written there wins. The choices: which stated dates, in which order
("published first" is the rule shipped), and whether htmldate's day is kept when the page's
address holds it. Each is scored on the two halves of the pages split by domain
(web_bench.held_half); the one best on a half (ties: the first listed) is reported on the
other. Dates only (no main text: a few pages trafilatura finds no text in count here, so the
whole-set figure can be a page above `web_bench.py dates`).
"""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

Stated = list[tuple[bool, str, object]]
ORDERS: dict[str, Callable[[Stated], list]] = {
    "published first": lambda s: [d for p, _, d in s if p] + [d for p, _, d in s if not p],
    "document order": lambda s: [d for _, _, d in s],
    "published only": lambda s: [d for p, _, d in s if p],
    "no modified meta tag": lambda s: [d for p, w, d in s if p or w != "meta"],
}


def read_pages(tests: Path) -> list[dict]:
    """What the rule reads of each page: htmldate's day, the days shown, the days stated."""
    from htmldate import find_date
    from web_bench import date_pages, held_half

    from site_builder.web import dates
    from site_builder.web.page import decode_html
    pages = []
    for _, url, truth, path in date_pages(tests):
        html = decode_html(path.read_bytes(), str(path))
        tree = dates.page_tree(html)
        found = dates.iso_day(find_date(html, url=url, extensive_search=True, original_date=True))
        pages.append({"half": held_half(url), "truth": truth, "found": found, "url": url,
                      "shown": dates.shown_days(tree) if tree is not None else set(),
                      "stated": dates.stated(html, tree) if tree is not None else []})
    return pages


def choose(page: dict, order: str, keep_address: bool) -> str | None:
    """The page's day under one choice (as page_date does for "published first", False)."""
    from site_builder.web.dates import in_address, year_alone
    found, shown = page["found"], page["shown"]
    if found is None or found in shown or (keep_address and in_address(found, page["url"])):
        return str(found) if found else None
    days = ORDERS[order](page["stated"])
    found = next((day for day in days if day in shown), found)
    alone = year_alone(found, shown, [d for _, _, d in page["stated"]], page["url"])
    return None if alone else str(found)


def main() -> None:
    pages = read_pages(Path(sys.argv[1]))
    score: Counter[tuple[str, bool, str]] = Counter()
    choices = [(order, keep) for order in ORDERS for keep in (False, True)]
    for page in pages:
        for order, keep in choices:
            right = choose(page, order, keep) == page["truth"]
            score[order, keep, page["half"]] += right
            score[order, keep, "all"] += right
    sizes = Counter(page["half"] for page in pages)
    for order, keep in choices:
        print(f"date rules: {order}, address day kept {keep}: A {score[order, keep, 'A']}, "
              f"B {score[order, keep, 'B']}, all {score[order, keep, 'all']} of {len(pages)}")
    for chosen_on, held in (("A", "B"), ("B", "A")):
        best = max(choices, key=lambda c: score[(*c, chosen_on)])   # ties: the first listed
        right = score[(*best, held)]
        print(f"date rules: chosen on half {chosen_on}: {best[0]}, address day kept "
              f"{best[1]}; held-apart half {held}: {right} of {sizes[held]} "
              f"({right / sizes[held]:.3f})")


if __name__ == "__main__":
    main()
