"""Casualty figures: every killed / injured / missing figure with its clause, and the main
event's toll.

Trigger words come first (tewas, meninggal, korban jiwa, killed, dead, luka, injured, hilang,
missing ...), found in one pass over the lower-cased text; only a bounded window around a trigger
is searched for a quantity, so work stays linear in the text. A quantity counts when it stands
next to its trigger: before it ("17 warga Palestina tewas", "90 injured") or after it
("menewaskan 45 warga", "killed five people", "korban meninggal ... mencapai 63 jiwa"). A lone
person in the lede counts as one ("MN (77) meninggal dunia", "Umar tewas"). Quantities of
things that are not victims (houses, evacuees, money, ages, years, victims' families, attackers)
and subsets ("including nine children") are passed over (casualty_counts.py reads which
quantity a trigger counts).

The main figure (DESIGN.md) is the toll of the event the article reports: the first figure of
its kind, made more informative by a later figure of the same event (an exact 110 over "at least
110", "rose to 37", "more than 380" over "hundreds"); the title's figure when the body has none.
Figures of earlier events ("pada 2017", "previously") never are; cumulative totals ("since the
war began", "so far", "sejauh ini") are only when the article gives no other figure. An
explicit "tidak ada korban jiwa" / "no one was killed" gives {0, 0}.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.extract.casualty_counts import MONTH_NAMES, quantity_for
from site_builder.extract.lines import line_matches
from site_builder.extract.literals import Literals
from site_builder.extract.numbers import Quantity, fold
from site_builder.model import Casualties, CasualtyKind, CasualtyMention, Count

# Matched on lower-cased text. Each kind's words; the left boundary is checked separately so
# that triggers glued to the previous word by scrapers ("palestinatewas") are still found.
TRIGGERS: dict[CasualtyKind, str] = {
    "killed": (r"korban (?:jiwa|tewas|meninggal(?: dunia)?)|tewas(?:nya|kan)?|menewaskan|"
               r"meninggal(?: dunia)?|kematian|mati|terbunuh|membunuh|dibunuh|mengeksekusi|"
               r"dieksekusi|mayat|jenazah|jasad|gugur|death toll|killed|killing|kills|dead|died|"
               r"die|deaths?|bodies|slain|perished|executed|drowned|lives|"
               r"merenggut(?:kan)? (?:nyawa|jiwa)|renggut (?:nyawa|jiwa)"),
    "injured": (r"korban luka(?:-luka)?|luka(?:-luka)?|terluka|melukai|cedera|injured|injuring|"
                r"injuries|wounded|wounding|hurt|critical condition"),
    "missing": r"hilang|missing|unaccounted",
}
# The look-behind first makes the scan skip the inside of words quickly.
_TRIGGER = re.compile(r"(?<![a-z])(?:" + "|".join(f"(?P<{kind}>(?:{pattern})(?![a-z]))"
                                                for kind, pattern in TRIGGERS.items()) + ")")
_TRIGGER_GLUED = re.compile("|".join(f"(?P<{kind}>(?:{pattern})(?![a-z]))"
                                     for kind, pattern in TRIGGERS.items()))


def mentions_kind(text: str, kind: CasualtyKind) -> bool:
    """Whether a trigger word of this kind occurs in the text ("tewas", "merenggut nyawa")."""
    return any(match.lastgroup == kind for match in _word_triggers(text.lower()))


def _stems(patterns: dict[CasualtyKind, str]) -> tuple[str, ...]:
    """The literal first letters of every trigger alternative ("korban ", "tewas", "death
    toll"): the scan looks for these with str.find and tries the pattern only there, which is
    far cheaper than trying an alternation at every position of the text."""
    stems = set()
    for pattern in patterns.values():
        depth, start = 0, 0
        for i, char in enumerate(pattern + "|"):
            depth += char == "("
            depth -= char == ")"
            if char == "|" and depth == 0:
                stem = re.match(r"[a-z -]*", pattern[start:i]).group(0)
                if len(stem) < 3:
                    raise ValueError(f"trigger {pattern[start:i]!r} needs a literal start")
                stems.add(stem.rstrip())
                start = i + 1
    return tuple(sorted(stems))


_TRIGGER_STEMS = Literals(_stems(TRIGGERS))
# Words that never end another word, so one glued to the previous word is still a trigger.
_GLUED = Literals(("tewas", "terluka", "menewaskan", "meninggal"))

# "No casualties among the workers" is a zero too ("among the 180 passengers and crew"); said
# of one group in a report that gives a toll elsewhere, it is a subset: any figure of the kind
# found in the article comes first (find_casualties reads the zero only when there is none).
_NONE_KILLED = re.compile(
    r"(?<![a-z])(?:tidak ada|tak ada|nihil|belum ada|tanpa)\s+(?:laporan\s+)?korban"
    r"(?:\s+\w+){0,3}?\s+(?P<what>jiwa|tewas|meninggal|luka)|nihil korban(?: jiwa)?|"
    r"no (?:one|deaths|casualties|fatalities|injuries)"
    r"(?: (?:was|were) (?P<en>killed|injured|hurt))?")
_ZERO_ANCHORS = Literals(("korban", "no one", "no death", "no casualt", "no fatalit",
                          "no injur"))
_NONE_BOTH = re.compile(r"(?<![a-z])tidak ada korban luka (?:ataupun|maupun|atau|dan) "
                        r"(?:korban )?jiwa")

_NEGATED = re.compile(r"\b(?:tidak ada|tak ada|nihil|tanpa|belum ada|no|not|tidak)\s+"
                      r"(?:\w+\s+){0,2}$")
_BACKGROUND = re.compile(r"\b(?:sebelumnya|previously|earlier this year|last year|tahun lalu|"
                         r"(?:pada|in|tahun) (?:19|20)\d\d)\b")
_CUMULATIVE = re.compile(
    r"\b(?:so far|to date|sejauh ini|hingga kini|secara keseluruhan|already this month|"
    r"this year|tahun ini|bulan ini|this month|"
    r"(?:over|in|during) the (?:last|past) (?:\w+ )?(?:weeks|months|years)|"
    r"(?:selama|dalam) (?:\w+ )?(?:pekan|minggu|bulan|tahun) terakhir|"
    r"(?:sejak|since) (?:saat itu|then|awal|the start|the beginning|the outbreak|perang|"
    r"the war|konflik|the conflict|pertempuran|the fighting|dimulai|\d|" + MONTH_NAMES + r"))\b")
# Every match of `_BACKGROUND` or `_CUMULATIVE` holds one of these words: without one, the
# pattern is not tried (a clause's scan at every word cost more than these str searches).
_BACKGROUND_WORDS = ("sebelumnya", "previously", "earlier this year", "last year", "tahun lalu",
                     "pada 19", "pada 20", "in 19", "in 20", "tahun 19", "tahun 20")
_CUMULATIVE_WORDS = ("so far", "to date", "sejauh ini", "hingga kini", "secara keseluruhan",
                     "this month", "this year", "tahun ini", "bulan ini", "the last", "the past",
                     "terakhir", "sejak ", "since ")


def _said(pattern: re.Pattern, words: tuple[str, ...], text: str) -> bool:
    """Whether `pattern` matches in `text`, tried only when one of `words` (which every match
    holds) is there."""
    return any(word in text for word in words) and pattern.search(text) is not None


_UPDATE = re.compile(r"bertambah|menjadi|mencapai|rose to|risen to|climbed to|raising|"
                     r"stood at|naik|reached")
@dataclass(frozen=True)
class _Found:
    """A mention plus what the main-figure rule needs to know about it."""

    mention: CasualtyMention
    update: bool          # "rose to", "mencapai": a later toll of the same event
    background: bool      # an earlier or other event: never the main figure
    cumulative: bool      # a running total: main only when nothing else is given
    exact: bool           # a plain number, not a vague word
    implicit: bool = False  # one victim read from a bare "korban ... tewas": no number given


def find_casualties(body: str, title: str | None, language: str) -> Casualties:
    """Every casualty figure, and the main event's killed / injured / missing toll."""
    body_found = _mentions(_without_headlines(body), language)
    title_found = _mentions(title or "", language)
    result = Casualties(mentions=[f.mention for f in body_found])
    for kind in ("killed", "injured", "missing"):
        count = _as_titled(_main(kind, title_found), body_found, kind) \
            or _main(kind, body_found) or _main(kind, title_found)
        setattr(result, kind, count)
    zero_killed, zero_injured = _explicit_zero(fold(body))
    if result.killed is None and zero_killed:
        result.killed = _original(body, zero_killed)
    if result.injured is None and zero_injured:
        result.injured = _original(body, zero_injured)
    return result


def _as_titled(title: Count | None, found: list[_Found], kind: str) -> Count | None:
    """The body's figure that says what the title says, when the title gives an exact toll
    ("2 Penghuni Luka Parah" and later "Ada dua penghuni ... mengalami luka bakar"): the
    headline names the main figure, the body's sentence is quoted for it."""
    if title is None or title.min is None or title.min != title.max:
        return None
    for f in found:
        count = f.mention.count
        if f.mention.kind == kind and not f.background and (count.min, count.max) == \
                (title.min, title.max):
            return count
    return None


# A related story's headline set inside the body ("Warga Vs Ormas Bentrok di Pancoran, 10
# Orang Luka-luka"): a short line in title case with no closing stop. Its figures are another
# event's, so the line is blanked (same length: offsets stay) before figures are read.
_HEADLINE_LINE = re.compile(r"(?m)^(?=[^\n]{12,140}$)(?![^\n]*[.!?:\"”]\s*$)[^\n]+$")
_TITLE_WORD = re.compile(r"(?<![\w'’-])[A-Z0-9][\w'’-]*")
_ANY_WORD = re.compile(r"(?<![\w'’-])[^\W_][\w'’-]*")


def _without_headlines(body: str) -> str:
    if "\n" not in body:
        return body
    first_end = body.find("\n")
    parts = [body[:first_end]]
    last = first_end
    for line in line_matches(_HEADLINE_LINE, body, first_end + 1):
        words = len(_ANY_WORD.findall(line.group()))
        if words >= 3 and len(_TITLE_WORD.findall(line.group())) >= 0.7 * words:
            parts += [body[last:line.start()], " " * (line.end() - line.start())]
            last = line.end()
    parts.append(body[last:])
    return "".join(parts)


def _mentions(text: str, language: str) -> list[_Found]:
    """Every quantity tied to a trigger, in text order, with what the main rule needs."""
    low = fold(text)
    found: list[_Found] = []
    used: set[int] = set()
    for trigger in _triggers(low):
        kind: CasualtyKind = trigger.lastgroup  # type: ignore[assignment]
        if _negated(low[max(0, trigger.start() - 24):trigger.start()]):
            continue
        quantity, perpetrator, implicit = quantity_for(text, low, trigger, language, used)
        if quantity is None:
            continue
        used.add(quantity.end)
        found.append(_found(text, low, kind, trigger, quantity, perpetrator, implicit))
    return found


# Every negation `_NEGATED` reads holds one of these: without them it is not tried.
_NEGATION_STEMS = ("no", "tidak", "tak ada", "nihil", "tanpa", "belum ada")


def _negated(before: str) -> bool:
    """A negation right before a trigger ("tidak ada korban", "no one was killed")."""
    return any(stem in before for stem in _NEGATION_STEMS) and _NEGATED.search(before) is not None


def _word_triggers(low: str) -> list[re.Match]:
    """`_TRIGGER.finditer(low)`'s matches, tried only where a trigger's literal start is."""
    found: list[re.Match] = []
    for at in sorted(set(_TRIGGER_STEMS.starts(low))):
        if found and at < found[-1].end():
            continue
        match = _TRIGGER.match(low, at)
        if match is not None:
            found.append(match)
    return found


def _triggers(low: str) -> list[re.Match]:
    """Trigger words in text order, including those glued to the word before them."""
    found = _word_triggers(low)
    glued_at = [i for i in _GLUED.by_word(low) if i and low[i - 1].isalpha()]
    if not glued_at:
        return found
    for start in glued_at:
        match = _TRIGGER_GLUED.match(low, start)     # bounded: no trigger word ends in \w*
        if match is not None:
            found.append(match)
    found.sort(key=lambda m: m.start())
    return [m for i, m in enumerate(found) if i == 0 or m.start() >= found[i - 1].end()]


def _found(text: str, low: str, kind: CasualtyKind, trigger: re.Match, quantity: Quantity,
           perpetrator: bool, implicit: bool) -> _Found:
    start, end = min(quantity.start, trigger.start()), max(quantity.end, trigger.end())
    clause_start, clause_end = _clause(low, start, end)
    clause = low[clause_start:clause_end]
    sentence = low[_sentence_start(low, start):clause_end]
    count = Count(min=quantity.min, max=quantity.max, text=text[clause_start:clause_end])
    return _Found(
        mention=CasualtyMention(kind=kind, count=count),
        update=bool(_UPDATE.search(low[max(0, quantity.start - 30):quantity.start])),
        background=perpetrator or _said(_BACKGROUND, _BACKGROUND_WORDS, clause),
        cumulative=_said(_CUMULATIVE, _CUMULATIVE_WORDS, sentence),
        exact=quantity.exact or quantity.min is None or quantity.max is None,
        implicit=implicit,
    )


_CLAUSE_END = re.compile(r"[.!?;\n]")
_SENTENCE_END = re.compile(r"[.!?\n]")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause holding the figure, trimmed of spaces and quotes."""
    left = max(0, start - 120)
    head = text[left:start]
    cuts = [m.end() for m in _CLAUSE_END.finditer(head) if not _is_decimal_point(head, m)]
    clause_start = left + (cuts[-1] if cuts else 0)
    tail = text[end:end + 160]
    stop = next((m.start() for m in _CLAUSE_END.finditer(tail)
                 if not _is_decimal_point(tail, m)), len(tail))
    clause_end = end + stop
    while clause_start < clause_end and text[clause_start] in " ,\"“”\t":
        clause_start += 1
    while clause_end > clause_start and text[clause_end - 1] in " ,\"“”\t":
        clause_end -= 1
    return clause_start, clause_end


def _sentence_start(text: str, start: int) -> int:
    left = max(0, start - 300)
    head = text[left:start]
    cuts = [m.end() for m in _SENTENCE_END.finditer(head) if not _is_decimal_point(head, m)]
    return left + (cuts[-1] if cuts else 0)


def _is_decimal_point(text: str, match: re.Match) -> bool:
    """A point inside a figure ("1.200", "4.8") or a domain ("Liputan6.com"), not a full stop
    (a point glued to a capital, "tewas.Korban", is scraper damage: a full stop)."""
    i = match.start()
    if match.group(0) != "." or not 0 < i < len(text) - 1:
        return False
    return (text[i - 1].isdigit() and text[i + 1].isdigit()) or \
        (text[i - 1].isalnum() and text[i + 1].islower())


def _main(kind: str, found: list[_Found]) -> Count | None:
    """The first figure of this kind, replaced by a later figure of the same event that says
    more. Background figures never count; running totals only when nothing else is given."""
    of_kind = [f for f in found if f.mention.kind == kind and not f.background]
    if any(not f.implicit for f in of_kind):
        of_kind = [f for f in of_kind if not f.implicit]     # a number over a reading
    current = [f for f in of_kind if not f.cumulative]
    candidates = current if current or _has_current(found) else of_kind
    if not candidates:
        return None
    main = candidates[0]
    for later in candidates[1:]:
        if _says_more(main, later):
            main = later
    return main.mention.count


def _has_current(found: list[_Found]) -> bool:
    """Whether the article gives any figure of the reported event itself."""
    return any(not f.background and not f.cumulative for f in found)


def _says_more(main: _Found, later: _Found) -> bool:
    """An exact figure equal to an open lower bound, an update that does not go down, or a
    figure that narrows a vague word ("more than 380" after "hundreds")."""
    old, new = main.mention.count, later.mention.count
    exact_new = new.min is not None and new.min == new.max
    if exact_new and old.max is None and old.min == new.min:
        return True
    if later.update and new.min is not None and (old.min is None or new.min >= old.min):
        return True
    return not main.exact and later.exact and new.min is not None and old.min is not None \
        and new.min >= old.min


def _explicit_zero(low: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Spans of an explicit "no one died" / "no one injured", looked for only around the
    words such a statement must contain (a scan of the whole text would cost more)."""
    killed = injured = None
    for left, right in _windows(low, _ZERO_ANCHORS, before=40, after=80):
        window = low[left:right]
        both = _NONE_BOTH.search(window)
        if both:
            span = (left + both.start(), left + both.end())
            return span, span
        for match in _NONE_KILLED.finditer(window):
            what = (match.group("what") or match.group("en") or "")
            span = (left + match.start(), left + match.end())
            if what in ("luka", "injured", "hurt") or "injuries" in match.group(0):
                injured = injured or span
            else:
                killed = killed or span
    return killed, injured


def _windows(low: str, anchors: Literals, before: int, after: int) -> list[tuple[int, int]]:
    """Spans around every anchor word, overlapping ones merged so no text is read twice."""
    starts = anchors.starts(low)
    spans: list[tuple[int, int]] = []
    for i in starts:
        left, right = max(0, i - before), min(len(low), i + after)
        if spans and left <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], right))
        else:
            spans.append((left, right))
    return spans


def _original(text: str, span: tuple[int, int]) -> Count:
    return Count(min=0, max=0, text=text[span[0]:span[1]])
