"""Casualty figures: every killed / injured / missing figure with its sentence, and the main
event's toll.

Trigger words come first (tewas, meninggal, korban jiwa, killed, dead, luka, injured, hilang,
missing ...); only the clause around a trigger is searched for a quantity, so work stays linear
in the text. A quantity counts when it stands next to its trigger: before it ("17 warga
Palestina tewas", "90 injured") or after it ("menewaskan 45 warga", "killed five people",
"death toll rose to seven"). Quantities of things that are not people (houses, evacuees, money,
ages, years, distances) and subsets ("including nine children") are passed over.

The main figure (DESIGN.md) is the toll of the event the article reports: the first figure of
its kind in the lede, made more informative by a later figure of the same event (an exact 110
over "at least 110", "rose to 37"); the title's figure when the body has none. An explicit
"tidak ada korban jiwa" / "no one was killed" gives {0, 0}.
"""
from __future__ import annotations

import re

from site_builder.extract.numbers import Quantity, find_quantities
from site_builder.model import Casualties, CasualtyKind, CasualtyMention, Count

TRIGGERS: dict[CasualtyKind, str] = {
    "killed": (r"tewas\w*|menewaskan|meninggal(?: dunia)?|korban jiwa|korban meninggal|"
               r"kematian|mati|terbunuh|membunuh|dibunuh|mengeksekusi|dieksekusi|mayat|jenazah|"
               r"death toll|killed|killing|kills|dead|died|die|deaths?|bodies|slain|perished|"
               r"executed|lives"),
    "injured": (r"luka(?:-luka)?|terluka|melukai|cedera|korban luka|injured|injuring|injuries|"
                r"wounded|wounding|hurt|critical condition"),
    "missing": r"hilang|missing|unaccounted",
}
_TRIGGER = re.compile("|".join(f"(?P<{kind}>(?<![A-Za-z])(?:{pattern})(?![a-z]))"
                               for kind, pattern in TRIGGERS.items()), re.IGNORECASE)
_NONE_KILLED = re.compile(
    r"(?:tidak ada|tak ada|nihil|belum ada|tanpa)\s+(?:laporan\s+)?korban(?:\s+\w+){0,3}?\s+"
    r"(?P<what>jiwa|tewas|meninggal|luka)|no (?:one|deaths|casualties|fatalities|injuries)"
    r"(?: (?:was|were) (?P<en>killed|injured|hurt))?", re.IGNORECASE)
_NONE_BOTH = re.compile(r"tidak ada korban luka (?:ataupun|maupun|atau|dan) (?:korban )?jiwa",
                        re.IGNORECASE)

WINDOW_BEFORE = 60         # characters between a quantity and a trigger after it
WINDOW_AFTER = 80          # characters between a trigger and a quantity after it
_NOT_PEOPLE = re.compile(
    r"^\W{0,2}(?:%|(?:persen|percent|per cent|rumah|unit|bangunan|km|kilometer|meter|m\b|"
    r"hektare|ha\b|tahun|years?|bulan|months?|hari|days?|jam|hours?|menit|minutes?|kali|times|"
    r"kk\b|kepala keluarga|keluarga|ahli waris|families|family|pengungsi|evacuees|displaced|"
    r"kendaraan|mobil|cars?|vehicles?|"
    r"ton|kg|liter|rupiah|dollars?|dolar|miles?|feet|kapal|ships?|pesawat|rudal|missiles?|"
    r"drone|roket|rockets?|peluru|tank|desa|villages?|kecamatan|provinsi|negara|countries|"
    r"wib|wita|wit|am|pm|pukul|o'clock|sekolah|schools?)\b|a\.m\.|p\.m\.)", re.IGNORECASE)
_MONEY_BEFORE = re.compile(r"(?:rp\.?|us\$|\$|usd|idr|€|£|nomor|no\.|pukul|tahun|year|"
                           r"usia|berusia|aged|age|rt|rw|km|pasal)\s*$", re.IGNORECASE)
_SUBSET_BEFORE = re.compile(r"(?:termasuk|di antaranya|diantaranya|including|among them|"
                            r"of whom|of them)\s*$", re.IGNORECASE)
_BLOCKER = re.compile(r"[;:!?\n]|\.(?!\d)|\b(?:dan|and|but|sementara|while)\b\s+\d", re.IGNORECASE)
# Triggers that may take their count after them ("menewaskan 45 warga", "killed five people",
# "death toll stood at 110"); adjectives ("tewas", "injured") take it before ("17 orang tewas").
_COUNT_AFTER = re.compile(r"menewaskan|membunuh|mengeksekusi|melukai|korban|killed|killing|kills|"
                          r"injuring|wounding|wounded|death toll|deaths|executed|tewaskan|"
                          r"meninggal dunia",
                          re.IGNORECASE)
_NEGATED = re.compile(r"(?:tidak ada|tak ada|nihil|tanpa|belum ada|no|not|tidak)\s+(?:\w+\s+)?$",
                      re.IGNORECASE)
_WEAK_VAGUE = re.compile(r"several|beberapa|sejumlah", re.IGNORECASE)
_PERSON_NOUN = re.compile(
    r"^\W{0,2}(?:orang|warga|korban|jiwa|penumpang|anak|people|persons?|civilians?|men|women|"
    r"children|residents|soldiers|troops|militants|lainnya|others|pekerja|tentara|polisi|"
    r"personel|santri|siswa|pendaki|wisatawan|nelayan|petani|pasien|pengunjuk rasa)\b",
    re.IGNORECASE)
_BACKGROUND = re.compile(r"\b(?:sebelumnya|previously|earlier this year|last year|tahun lalu|"
                         r"(?:pada|in|tahun) (?:19|20)\d\d)\b", re.IGNORECASE)
_UPDATE = re.compile(r"bertambah|menjadi|mencapai|rose to|risen to|climbed to|raising|"
                     r"stood at|naik|reached", re.IGNORECASE)


def find_casualties(body: str, title: str | None, language: str) -> Casualties:
    """Every casualty figure, and the main event's killed / injured / missing toll."""
    body_mentions = _mentions(body, language)
    title_mentions = _mentions(title or "", language)
    result = Casualties(mentions=[m for m, _, _ in body_mentions])
    for kind in ("killed", "injured", "missing"):
        count = _main(kind, body_mentions) or _main(kind, title_mentions)
        setattr(result, kind, count)
    zero_killed, zero_injured = _explicit_zero(body)
    if result.killed is None and zero_killed:
        result.killed = zero_killed
    if result.injured is None and zero_injured:
        result.injured = zero_injured
    return result


Found = tuple[CasualtyMention, bool, bool]      # (mention, is an update, is background)


def _mentions(text: str, language: str) -> list[Found]:
    """Every quantity tied to a trigger, in text order, flagged as an update or background."""
    found: list[Found] = []
    used: set[int] = set()
    for trigger in _TRIGGER.finditer(text):
        kind: CasualtyKind = trigger.lastgroup  # type: ignore[assignment]
        if _NEGATED.search(text[max(0, trigger.start() - 24):trigger.start()]):
            continue
        quantity = _quantity_for(text, trigger, language, used)
        if quantity is None:
            continue
        used.add(quantity.start)
        start, end = min(quantity.start, trigger.start()), max(quantity.end, trigger.end())
        sentence = _clause(text, start, end)
        count = Count(min=quantity.min, max=quantity.max, text=sentence)
        is_update = bool(_UPDATE.search(text[max(0, quantity.start - 30):quantity.start]))
        background = bool(_BACKGROUND.search(sentence))
        found.append((CasualtyMention(kind=kind, count=count), is_update, background))
    return found


def _quantity_for(text: str, trigger: re.Match, language: str,
                  used: set[int]) -> Quantity | None:
    """The quantity this trigger counts: the nearest one before it in the same clause, else
    the first one after it."""
    before_start = max(0, trigger.start() - WINDOW_BEFORE)
    before_text = text[before_start:trigger.start()]
    cut = _last_blocker(before_text)
    before = [q for q in find_quantities(before_text[cut:], language)]
    for quantity in reversed(before):
        absolute = _shift(quantity, before_start + cut)
        if absolute.start not in used and _counts_people(text, absolute):
            return absolute
    if not _COUNT_AFTER.fullmatch(trigger.group(0)):
        return None
    after_text = text[trigger.end():trigger.end() + WINDOW_AFTER]
    stop = _first_blocker(after_text)
    for quantity in find_quantities(after_text[:stop], language):
        absolute = _shift(quantity, trigger.end())
        if absolute.start not in used and _counts_people(text, absolute):
            return absolute
    return None


def _shift(quantity: Quantity, offset: int) -> Quantity:
    return Quantity(quantity.start + offset, quantity.end + offset, quantity.min, quantity.max,
                    quantity.exact)


def _counts_people(text: str, quantity: Quantity) -> bool:
    """False for quantities of things, money, ages, years, or a subset of a larger count."""
    after = text[quantity.end:quantity.end + 24]
    before = text[max(0, quantity.start - 16):quantity.start]
    if _NOT_PEOPLE.match(after) or _MONEY_BEFORE.search(before) or _SUBSET_BEFORE.search(before):
        return False
    if text[quantity.start - 1:quantity.start] == "(" and after[:1] == ")":
        return False                  # "(25)": an age after a name
    if _WEAK_VAGUE.fullmatch(text[quantity.start:quantity.end]) and not _PERSON_NOUN.match(after):
        return False                  # "several European countries", "sejumlah pemimpin"
    if quantity.min is not None and quantity.min == quantity.max and 1900 <= quantity.min <= 2100 \
            and not _PERSON_NOUN.match(after):
        return False                  # a year
    return quantity.max is None or quantity.max < 5_000_000


def _last_blocker(text: str) -> int:
    end = 0
    for match in _BLOCKER.finditer(text):
        end = match.end() if not match.group(0)[-1:].isdigit() else match.end() - 1
    return end


def _first_blocker(text: str) -> int:
    match = re.search(r"[;:!?\n]|\.(?!\d)", text)
    return match.start() if match else len(text)


_CLAUSE_END = re.compile(r"[.!?;\n]")


def _clause(text: str, start: int, end: int) -> str:
    """The exact text of the clause holding the figure (a substring of the article)."""
    left = max(0, start - 120)
    head = text[left:start]
    cuts = [m.end() for m in _CLAUSE_END.finditer(head) if not _is_decimal_point(head, m)]
    clause_start = left + (cuts[-1] if cuts else 0)
    tail = text[end:end + 160]
    stop = next((m.start() for m in _CLAUSE_END.finditer(tail)
                 if not _is_decimal_point(tail, m)), len(tail))
    return text[clause_start:end + stop].strip(" ,\"“”")


def _is_decimal_point(text: str, match: re.Match) -> bool:
    i = match.start()
    return match.group(0) == "." and 0 < i < len(text) - 1 and text[i - 1].isdigit() \
        and text[i + 1].isdigit()


def _main(kind: str, mentions: list[Found]) -> Count | None:
    """The first figure of this kind, replaced by a later figure of the same event that says
    more: an exact number equal to its open lower bound, or an update ("rose to 37").
    Figures of earlier events ("pada 2017", "previously") are never the main figure."""
    of_kind = [(m.count, update) for m, update, background in mentions
               if m.kind == kind and not background]
    if not of_kind:
        return None
    main = of_kind[0][0]
    for count, update in of_kind[1:]:
        if _refines(main, count) or (update and _at_least(count, main)):
            main = count
    return main


def _refines(main: Count, later: Count) -> bool:
    exact_later = later.min is not None and later.min == later.max
    return exact_later and main.max is None and main.min == later.min


def _at_least(later: Count, main: Count) -> bool:
    return later.min is not None and (main.min is None or later.min >= main.min)


def _explicit_zero(body: str) -> tuple[Count | None, Count | None]:
    """{0, 0} for an explicit "no one died" / "no one injured"."""
    killed = injured = None
    both = _NONE_BOTH.search(body)
    if both:
        zero = Count(min=0, max=0, text=both.group(0))
        return zero, zero
    for match in _NONE_KILLED.finditer(body):
        what = (match.group("what") or match.group("en") or "").lower()
        zero = Count(min=0, max=0, text=match.group(0))
        if what in ("luka", "injured", "hurt") or "injuries" in match.group(0).lower():
            injured = injured or zero
        else:
            killed = killed or zero
    return killed, injured
