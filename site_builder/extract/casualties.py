"""Casualty figures: every killed / injured / missing figure with its clause, and the main
event's toll.

Trigger words come first (tewas, meninggal, korban jiwa, killed, dead, luka, injured, hilang,
missing ...), found in one pass over the lower-cased text; only a bounded window around a trigger
is searched for a quantity, so work stays linear in the text. A quantity counts when it stands
next to its trigger: before it ("17 warga Palestina tewas", "90 injured") or after it
("menewaskan 45 warga", "killed five people", "korban meninggal ... mencapai 63 jiwa"). A lone
person in the lede counts as one ("MN (77) meninggal dunia", "Umar tewas"). Quantities of
things that are not victims (houses, evacuees, money, ages, years, victims' families, attackers)
and subsets ("including nine children") are passed over.

The main figure (DESIGN.md) is the toll of the event the article reports: the first figure of
its kind, made more informative by a later figure of the same event (an exact 110 over "at least
110", "rose to 37", "more than 380" over "hundreds"); the title's figure when the body has none.
Figures of earlier events ("pada 2017", "previously") never are; cumulative totals ("since the
war began", "so far", "sejauh ini") are only when the article gives no other figure. An
explicit "tidak ada korban jiwa" / "no one was killed" gives {0, 0}.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from site_builder.extract.dateline import MONTHS
from site_builder.extract.literals import Literals
from site_builder.extract.numbers import Quantity, find_quantities, fold
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

_NONE_KILLED = re.compile(
    r"(?<![a-z])(?:tidak ada|tak ada|nihil|belum ada|tanpa)\s+(?:laporan\s+)?korban"
    r"(?:\s+\w+){0,3}?\s+(?P<what>jiwa|tewas|meninggal|luka)|nihil korban(?: jiwa)?|"
    r"no (?:one|deaths|casualties|fatalities|injuries)"
    r"(?: (?:was|were) (?P<en>killed|injured|hurt))?")
_ZERO_ANCHORS = Literals(("korban", "no one", "no death", "no casualt", "no fatalit",
                          "no injur"))
_NONE_BOTH = re.compile(r"(?<![a-z])tidak ada korban luka (?:ataupun|maupun|atau|dan) "
                        r"(?:korban )?jiwa")

WINDOW_BEFORE = 75         # characters between a quantity and a trigger after it
WINDOW_AFTER = 80          # characters between a trigger and a quantity after it
LEDE_CHARS = 1500          # where a lone named victim ("Umar tewas") is taken as the toll
_MONTHS = (r"januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|"
           r"desember|january|february|march|may|june|july|august|october|december")
_NOT_PEOPLE = re.compile(
    r"^\W{0,2}(?:%|(?:persen|percent|per cent|rumah|unit|bangunan|km|kilometer|meter|m\b|"
    r"hektare|hektar|ha\b|tahun|years?|bulan|months?|hari|days?|jam|hours?|menit|minutes?|kali|"
    r"times|kk\b|kepala keluarga|keluarga|ahli waris|families|family|relatives|pengungsi|"
    r"evacuees|displaced|kendaraan|mobil|cars?|vehicles?|ton|kg|liter|rupiah|dollars?|dolar|"
    r"miles?|feet|kapal|ships?|pesawat|rudal|missiles?|drone|roket|rockets?|peluru|tank|desa|"
    r"villages?|kecamatan|provinsi|negara|countries|wib|wita|wit|am|pm|pukul|o'clock|sekolah|"
    rf"schools?|{_MONTHS})\b|a\.m\.|p\.m\.)")
_MONEY_BEFORE = re.compile(r"(?:rp\.?|us\$|\$|usd|idr|€|£|nomor|no\.|pukul|tahun|year|"
                           r"usia|berusia|aged|age|rt|rw|km|pasal|keluarga|"
                           r"in (?:his|her|their))\s*$")
# A vehicle's plate ("bernopol P 8360 UR", "B-1234-XYZ") holds a number that counts nothing.
_PLATE = re.compile(r"(?<![A-Za-z])[A-Z]{1,2}[ -]\d{1,4}[ -][A-Z]{1,3}(?![A-Za-z])")
_SUBSET_BEFORE = re.compile(r"(?:termasuk|di antaranya|diantaranya|including|among them|"
                            r"of whom|of them)\s*$")
_SUBSET_AFTER = re.compile(r"^\s*(?:orang\s+)?(?:di antaranya|diantaranya|of them|of whom)\b")
# Between a quantity and its trigger: "38 ahli waris korban", "satu orang keluarga korban".
_NOT_VICTIMS_BETWEEN = re.compile(r"\b(?:keluarga|ahli waris|famil(?:y|ies)|relatives)\b")
# Attackers killed are a figure of their own, never the victims' toll.
_PERPETRATOR_AFTER = re.compile(r"^\W{0,2}(?:(?:of the|orang|dari)\s+)?(?:attackers|gunmen|"
                                r"assailants|bombers|suicide bombers|pelaku|penyerang)\b")
_BLOCKER = re.compile(r"[;:!?\n]|\.(?!\d)|\b(?:dan|and|but|sementara|while)\b\s+\d")
# Triggers that may take their count after them ("menewaskan 45 warga", "killed five people",
# "death toll stood at 110"); adjectives ("tewas", "injured") take it before ("17 orang tewas").
_COUNT_AFTER = re.compile(r"menewaskan|membunuh|mengeksekusi|melukai|korban.*|killed|killing|"
                          r"kills|injuring|wounding|wounded|death toll|deaths|executed|tewaskan|"
                          r"meninggal dunia|(?:me)?renggut (?:nyawa|jiwa)|merenggut(?:kan)? nyawa")
_NEGATED = re.compile(r"\b(?:tidak ada|tak ada|nihil|tanpa|belum ada|no|not|tidak)\s+"
                      r"(?:\w+\s+){0,2}$")
_WEAK_VAGUE = re.compile(r"several|beberapa|sejumlah", re.IGNORECASE)
_PERSON_NOUN = re.compile(
    r"^\W{0,2}(?:orang|warga|korban|jiwa|penumpang|anak|people|persons?|civilians?|men|women|"
    r"children|residents|soldiers|troops|militants|lainnya|others|pekerja|tentara|polisi|"
    r"personel|santri|siswa|pendaki|wisatawan|nelayan|petani|pasien|pengunjuk rasa)\b")
_BACKGROUND = re.compile(r"\b(?:sebelumnya|previously|earlier this year|last year|tahun lalu|"
                         r"(?:pada|in|tahun) (?:19|20)\d\d)\b")
_CUMULATIVE = re.compile(
    r"\b(?:so far|to date|sejauh ini|hingga kini|secara keseluruhan|already this month|"
    r"this year|tahun ini|bulan ini|this month|"
    r"(?:over|in|during) the (?:last|past) (?:\w+ )?(?:weeks|months|years)|"
    r"(?:selama|dalam) (?:\w+ )?(?:pekan|minggu|bulan|tahun) terakhir|"
    r"(?:sejak|since) (?:saat itu|then|awal|the start|the beginning|the outbreak|perang|"
    r"the war|konflik|the conflict|pertempuran|the fighting|dimulai|\d|" + _MONTHS + r"))\b")
_LINK = re.compile(r"\b(?:mencapai|sebanyak|menjadi|bertambah|berjumlah|tercatat|yakni|"
                   r"sudah|total)\b")
_UPDATE = re.compile(r"bertambah|menjadi|mencapai|rose to|risen to|climbed to|raising|"
                     r"stood at|naik|reached")
# A lone victim right before an intransitive trigger: an age in brackets ("MN (77) meninggal"),
# or a capitalised name after a clause start ("..., Umar tewas", "Alanis died").
_LONE_TRIGGER = re.compile(r"tewas|meninggal(?: dunia)?|terbunuh|died|luka(?:-luka)?|terluka|"
                           r"injured")
_AGE_BEFORE = re.compile(r"\(\d{1,3}\)\s*(?:(?:juga|pun|was|mengalami|dilaporkan)\s+)?$")
_NAME_BEFORE = re.compile(r"(?:^|[,.;:]\s|\b(?:bahwa|said|kata|says)\s)\s*"
                          r"(?P<name>[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,}){0,2}) "
                          r"(?:(?:juga|pun|was|dilaporkan|mengalami)\s+)?$")


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
    for line in _HEADLINE_LINE.finditer(body, first_end + 1):
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
        if _NEGATED.search(low[max(0, trigger.start() - 24):trigger.start()]):
            continue
        quantity, perpetrator, implicit = _quantity_for(text, low, trigger, language, used)
        if quantity is None:
            continue
        used.add(quantity.end)
        found.append(replace(_found(text, low, kind, trigger, quantity, perpetrator),
                             implicit=implicit))
    return found


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
           perpetrator: bool) -> _Found:
    start, end = min(quantity.start, trigger.start()), max(quantity.end, trigger.end())
    clause_start, clause_end = _clause(low, start, end)
    clause = low[clause_start:clause_end]
    sentence = low[_sentence_start(low, start):clause_end]
    count = Count(min=quantity.min, max=quantity.max, text=text[clause_start:clause_end])
    return _Found(
        mention=CasualtyMention(kind=kind, count=count),
        update=bool(_UPDATE.search(low[max(0, quantity.start - 30):quantity.start])),
        background=perpetrator or bool(_BACKGROUND.search(clause)),
        cumulative=bool(_CUMULATIVE.search(sentence)),
        exact=quantity.exact or quantity.min is None or quantity.max is None,
    )


def _quantity_for(text: str, low: str, trigger: re.Match, language: str,
                  used: set[int]) -> tuple[Quantity | None, bool, bool]:
    """The quantity this trigger counts (the nearest one before it in the same clause, else
    the first one after it, else a lone named victim), whether it counts attackers, and whether
    it was read from the bare word "korban" alone (weaker than any number)."""
    before_start = max(0, trigger.start() - WINDOW_BEFORE)
    before_text = low[before_start:trigger.start()]
    cut = _last_blocker(before_text)
    for quantity in reversed(find_quantities(before_text[cut:], language)):
        absolute = _shift(quantity, before_start + cut)
        between = low[absolute.end:trigger.start()]
        if absolute.end not in used and _counts_people(text, low, absolute) \
                and not _NOT_VICTIMS_BETWEEN.search(between):
            return absolute, False, False
    if _COUNT_AFTER.fullmatch(trigger.group(0)):
        after_text = low[trigger.end():trigger.end() + WINDOW_AFTER]
        stop = _first_blocker(after_text)
        for quantity in find_quantities(after_text[:stop], language):
            absolute = _shift(quantity, trigger.end())
            if absolute.end not in used and _counts_people(text, low, absolute) \
                    and _linked(trigger.group(0), low[trigger.end():absolute.start]):
                after = low[absolute.end:absolute.end + 30]
                return absolute, bool(_PERPETRATOR_AFTER.match(after)), False
    if trigger.start() > LEDE_CHARS:
        return None, False, False
    lone = _lone_victim(text, low, trigger)
    if lone is not None:
        return lone, False, False
    return _victims_named(text, trigger) or _victim_subject(low, trigger), False, True


def _linked(trigger: str, gap: str) -> bool:
    """A noun trigger ("korban tewas") takes a count only close by or through a linking verb
    ("korban meninggal ... mencapai 63 jiwa"); verbs ("menewaskan") take the next count."""
    return not trigger.startswith("korban") or len(gap.split()) <= 2 or bool(_LINK.search(gap))


def _lone_victim(text: str, low: str, trigger: re.Match) -> Quantity | None:
    """One person, named or aged, right before an intransitive trigger in the lede."""
    if not _LONE_TRIGGER.fullmatch(trigger.group(0)):
        return None
    before = text[max(0, trigger.start() - 40):trigger.start()]
    if _AGE_BEFORE.search(before):
        return Quantity(trigger.start(), trigger.start(), 1, 1, True)
    name = _NAME_BEFORE.search(before)
    if name is None:
        return None
    first = name.group("name").split()[0].lower()
    if first in _PLURAL_PRONOUNS:
        return None                   # "Mereka meninggal dunia": they, not one person
    if re.search(rf"(?<![a-z]){re.escape(first)}(?![a-z])", text[:LEDE_CHARS * 4]):
        return None                   # also written in lower case: a common noun, not a name
    offset = max(0, trigger.start() - 40)
    return Quantity(offset + name.start("name"), offset + name.end("name"), 1, 1, True)


_PLURAL_PRONOUNS = frozenset({"mereka", "they", "kami", "kita", "we", "keduanya", "semuanya"})
# "Korban pria berumur 51 tahun itu tewas", "Korban tewas terjebak dalam rumah": the victim as
# the subject, with no number, is one person; a number anywhere in the clause says otherwise.
_VICTIM_SUBJECT = re.compile(r"^[\"“‘']?korban\b[^.;,!?\n\d]{0,50}$")
_SENTENCE_OPEN = re.compile(r"(?:[.;!?][\"”’']?\s+|\n)[\"“‘']?(?=\S)")
_AGE_WORDS = re.compile(r"\b(?:berumur|berusia|usia|umur|aged)\s+\d{1,3}(?:\s+tahun)?")
_VICTIM_TRIGGER = re.compile(r"korban (?:tewas|meninggal(?: dunia)?)")
_NO_COUNT_AFTER = re.compile(r"(?![^.;\n]{0,40}\d)\s+(?!(?:mencapai|sebanyak|menjadi|bertambah|"
                             r"berjumlah|tercatat|yakni|ada|dua|tiga|empat|lima|puluhan|"
                             r"ratusan|ribuan|belasan|sejumlah|beberapa)\b)[a-z]")


# Victims listed by name or initials after the trigger: "Korban meninggal dunia atas nama Iyus
# dan Saadah", "korban tewas yakni APW (25), MN (77) dan Umar".
_NAME_ITEM = r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}(?: ?\(\d{1,3}\))?"
_NAMED_VICTIMS = re.compile(
    rf"\s+(?:atas nama|bernama|yakni|yaitu|masing-masing|identified as)\s+"
    rf"(?P<names>{_NAME_ITEM}(?:,\s+{_NAME_ITEM})*(?:,?\s+(?:dan|and)\s+{_NAME_ITEM})?)")
_NAME_SEPARATOR = re.compile(r",\s+(?:(?:dan|and)\s+)?|\s+(?:dan|and)\s+")
# Or right after a verb that kills, each name with its age: "merenggut nyawa Rachel Nazwa (19)".
_KILLING_VERB = re.compile(r"merenggut(?:kan)? (?:nyawa|jiwa)|renggut (?:nyawa|jiwa)|menewaskan|"
                           r"killing|killed")
_AGED_ITEM = r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3} ?\(\d{1,3}\)"
_AGED_VICTIMS = re.compile(rf"\s+(?P<names>{_AGED_ITEM}(?:,\s+{_AGED_ITEM})*"
                           rf"(?:,?\s+(?:dan|and)\s+{_AGED_ITEM})?)")


# Or after a verb that kills, each victim by a police or military rank and a name, in the same
# clause: "menewaskan Kasubsektor Oksamol, Briptu Mario Sanoi" (one), "killing Sgt. ...".
_RANKS = (r"bripda|briptu|brigadir|bripka|aipda|aiptu|ipda|iptu|akp|kompol|akbp|kombes|prada|"
          r"pratu|praka|kopda|koptu|kopka|serda|sertu|serka|serma|pelda|peltu|letda|lettu|"
          r"kapten|mayor|letkol|kolonel|sgt|sergeant|cpl|corporal|pvt|private|lt|lieutenant|"
          r"capt|captain|major")
_RANKED = re.compile(rf"(?<![\w])(?i:{_RANKS})\.?\s+[A-Z]")
_LOWER_WORD = re.compile(r"(?<![\w])[a-z]")
_CLAUSE = re.compile(r"[^.;\n\d]{1,80}")


def _victims_ranked(text: str, trigger: re.Match) -> Quantity | None:
    """The victims a killing verb names by rank in its clause (see above); None with a number
    in the clause (the figure is then read as such) or no rank."""
    clause = _CLAUSE.match(text, trigger.end())
    if clause is None or (clause.end() < len(text) and text[clause.end()].isdigit()):
        return None
    ranks = [m for m in _RANKED.finditer(clause.group(0)) if m.group(0)[0].isupper()]
    if not ranks or _LOWER_WORD.search(clause.group(0)[:ranks[0].start()]):
        return None       # "menewaskan anggota keluarga Mayor Ali": the victim is not the officer
    count = len(ranks)
    return Quantity(clause.start(), clause.end(), count, count, True)


def _victims_named(text: str, trigger: re.Match) -> Quantity | None:
    """The number of victims a list of names after the trigger gives (see above)."""
    match = _NAMED_VICTIMS.match(text, trigger.end())
    if match is None and _KILLING_VERB.fullmatch(trigger.group(0)):
        match = _AGED_VICTIMS.match(text, trigger.end())
        if match is None:
            return _victims_ranked(text, trigger)
    if match is None:
        return None
    count = len(_NAME_SEPARATOR.split(match.group("names")))
    return Quantity(match.start("names"), match.end("names"), count, count, True)


def _victim_subject(low: str, trigger: re.Match) -> Quantity | None:
    """One victim named only as "korban" at the start of its sentence (see above)."""
    sentence = _sentence_before(low, trigger.start())
    if _VICTIM_TRIGGER.fullmatch(trigger.group(0)):
        if sentence.strip(" \"“‘'") == "" and _NO_COUNT_AFTER.match(low, trigger.end()):
            return Quantity(trigger.start(), trigger.start(), 1, 1, True)
        return None
    if _VICTIM_SUBJECT.match(_AGE_WORDS.sub("", sentence)):
        return Quantity(trigger.start(), trigger.start(), 1, 1, True)
    return None


def _sentence_before(low: str, end: int) -> str:
    """The text from the start of the sentence holding `end` up to it (at most 80 chars)."""
    left = max(0, end - 80)
    opens = list(_SENTENCE_OPEN.finditer(low, left, end))
    if opens:
        return low[opens[-1].end():end]
    return low[left:end] if left == 0 else "…"


def _shift(quantity: Quantity, offset: int) -> Quantity:
    return Quantity(quantity.start + offset, quantity.end + offset, quantity.min, quantity.max,
                    quantity.exact)


# A capitalised name and a comma right before a figure: "Miguel Uribe, 39," gives an age.
_NAME_COMMA_BEFORE = re.compile(r"\b[A-Z][a-z'’-]+,\s*$")
# A day of the month: "on Jan 18", "pada 18 Januari".
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s+$")
_MONTH_AFTER = re.compile(rf"\s+(?:{MONTHS})\b")


def _counts_people(text: str, low: str, quantity: Quantity) -> bool:
    """False for quantities of things, money, ages, years, plates, or a subset of a larger
    count ("tiga di antaranya", "two of them")."""
    after = low[quantity.end:quantity.end + 24]
    before = low[max(0, quantity.start - 16):quantity.start]
    if _NOT_PEOPLE.match(after) or _MONEY_BEFORE.search(before) or _SUBSET_BEFORE.search(before) \
            or _SUBSET_AFTER.match(after):
        return False
    if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
        return False                  # a day of the month
    plate = _PLATE.search(text, max(0, quantity.start - 3), quantity.end + 4)
    if plate and plate.start() <= quantity.start and quantity.end <= plate.end():
        return False
    if low[quantity.start - 1:quantity.start] == "(" and after[:1] == ")":
        return False                  # "(25)": an age after a name
    if after[:1] == "," and quantity.min is not None and quantity.min == quantity.max < 130 \
            and _NAME_COMMA_BEFORE.search(text, max(0, quantity.start - 40), quantity.start):
        return False                  # "Miguel Uribe, 39, was ...": an age after a name
    if _WEAK_VAGUE.fullmatch(low[quantity.start:quantity.end]) and not _PERSON_NOUN.match(after):
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
    match = _AFTER_STOP.search(text)
    return match.start() if match else len(text)


_AFTER_STOP = re.compile(r"[;:!?\n\"“”]|\.(?!\d)")
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
