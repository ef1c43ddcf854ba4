"""Groups of reports from scored pairs, and their ids.

Average linkage: two groups merge when their pairs, on average, are likely enough one incident
(a pair never scored counts 0), so one loose pair cannot chain two incidents together. An
event's id is the slug of its first report in linking order, so it stays put when a later
report joins; a person's `event:` in front matter decides over the linker.
"""
from __future__ import annotations

NO_EVENT = "none"              # front matter `event: none`


def average_linkage(members: list[int], scores: dict[tuple[int, int], float],
                    link: float) -> list[list[int]]:
    """Merge groups, best pair first, while the average score over all pairs across the two
    groups (a pair never scored counts 0) is at least `link`."""
    group_of = {i: i for i in members}
    groups: dict[int, list[int]] = {i: [i] for i in members}
    for i, j in _best_first(scores):
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        a, b = groups[gi], groups[gj]
        total = sum(scores.get((min(x, y), max(x, y)), 0.0) for x in a for y in b)
        if total / (len(a) * len(b)) < link:
            continue
        keep, gone = min(gi, gj), max(gi, gj)
        groups[keep] = sorted(a + b)
        for x in groups.pop(gone):
            group_of[x] = keep
    return [groups[g] for g in sorted(groups)]


def _best_first(scores: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """The pairs by score, highest first, ties in pair order: sorted by pair, then stably by
    score (a list of the pairs, not a key tuple and a float made for each: 60 MB fewer at
    the end of a 100,000-report link)."""
    pairs = sorted(scores)
    pairs.sort(key=scores.__getitem__, reverse=True)
    return pairs


def assign_ids(slugs: list[str], pins: list[str | None], groups: list[list[int]]) -> list[str]:
    """Each group's id is its founder's slug (its first member in linking order); then each
    pinned article joins its event (the event whose id it is, else the event of the article
    whose slug it is, else a new event of that id); `none` keeps it alone."""
    ids: list[str] = list(slugs)
    for group in groups:
        founder = min(group)
        for i in group:
            ids[i] = slugs[founder]
    event_of_slug = {slug: ids[i] for i, slug in enumerate(slugs) if pins[i] is None}
    known = set(event_of_slug.values())
    for i, pin in enumerate(pins):
        if pin is not None and pin != NO_EVENT:
            ids[i] = pin if pin in known else event_of_slug.get(pin, pin)
        elif pin == NO_EVENT:
            ids[i] = slugs[i]
    return ids
