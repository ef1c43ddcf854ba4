"""Relinking's last step: the events of the reports whose pairs changed, grouped again.

Each connected part of the kept pairs (by pairs scoring at least the model's `link`) that
holds a report whose pairs changed is grouped again by average linkage, ranks in linking
order, as a link from scratch groups it (events.average_linkage); then each pinned report
joins the event its front matter names. Split from relink.py, which works out the pairs.
"""
from __future__ import annotations

import sqlite3

from site_builder.events import NO_EVENT, average_linkage

Moved = dict[int, tuple["str | None", str]]     # article → (event before, event now)


def regroup(db: sqlite3.Connection, seeds: set[int], link: float) -> Moved:
    """Group again each connected part (by pairs scoring at least `link`) that holds a
    report whose pairs changed; then the pinned reports. The moved ids."""
    moved: Moved = {}
    done: set[int] = set()
    for seed in sorted(seeds):
        if seed in done or not _free(db, seed):
            continue
        part, pairs = _part(db, seed, link)
        done |= part
        _group(db, part, pairs, link, moved)
    _pins(db, moved)
    return moved


def _free(db: sqlite3.Connection, article: int) -> bool:
    row = db.execute("SELECT pin FROM link_reports WHERE id = ?", (article,)).fetchone()
    return row is not None and row[0] is None


def _part(db: sqlite3.Connection, seed: int, link: float
          ) -> tuple[set[int], dict[tuple[int, int], float]]:
    """The reports joined to `seed` by pairs scoring at least `link`, and every kept
    pair among them."""
    part, todo = {seed}, [seed]
    pairs: dict[tuple[int, int], float] = {}
    while todo:
        article = todo.pop()
        for a, b, score in db.execute(
                "SELECT a, b, score FROM link_pairs WHERE a = ? UNION ALL "
                "SELECT a, b, score FROM link_pairs WHERE b = ?", (article, article)):
            pairs[(a, b)] = score
            other = b if a == article else a
            if score >= link and other not in part:
                part.add(other)
                todo.append(other)
    return part, {q: s for q, s in pairs.items() if q[0] in part and q[1] in part}


def _group(db: sqlite3.Connection, part: set[int], pairs: dict[tuple[int, int], float],
           link: float, moved: Moved) -> None:
    """Average linkage over one part, ranks in linking order; each group's id is its
    first report's slug."""
    rows = db.execute(
        f"SELECT id, report_key, slug, event FROM articles WHERE id IN "
        f"({','.join('?' * len(part))}) ORDER BY report_key", sorted(part)).fetchall()
    rank = {row[0]: n for n, row in enumerate(rows)}
    scores = {(min(rank[a], rank[b]), max(rank[a], rank[b])): s for (a, b), s in pairs.items()}
    for group in average_linkage(list(range(len(rows))), scores, link):
        event = rows[min(group)][2]
        for n in group:
            _move(db, rows[n][0], rows[n][3], event, moved)


def _move(db: sqlite3.Connection, article: int, before: str | None, now: str,
          moved: Moved) -> None:
    if before != now:
        db.execute("UPDATE articles SET event = ? WHERE id = ?", (now, article))
        moved[article] = (moved.get(article, (before, now))[0], now)


def _pins(db: sqlite3.Connection, moved: Moved) -> None:
    """Each pinned report joins its event (as events.assign_ids decides): the event whose
    id it names, else the event of the report whose slug it names, else its own."""
    for article, pin, slug, before in db.execute(
            "SELECT l.id, l.pin, a.slug, a.event FROM link_reports l JOIN articles a "
            "USING (id) WHERE l.pin IS NOT NULL").fetchall():
        if pin == NO_EVENT:
            now = slug
        elif db.execute("SELECT 1 FROM articles a JOIN link_reports l USING (id) "
                             "WHERE a.event = ? AND l.pin IS NULL LIMIT 1",
                             (pin,)).fetchone():
            now = pin
        else:
            row = db.execute("SELECT a.event FROM articles a JOIN link_reports l "
                                  "USING (id) WHERE a.slug = ? AND l.pin IS NULL",
                                  (pin,)).fetchone()
            now = row[0] if row else pin
        _move(db, article, before, now, moved)
