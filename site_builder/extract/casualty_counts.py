"""Which quantity a casualty trigger counts (casualties.py finds the triggers).

The nearest quantity before the trigger in the same clause ("17 warga Palestina tewas", "90
injured"), else the first after a trigger that takes its count after it ("menewaskan 45 warga",
"killed five people", "korban meninggal ... mencapai 63 jiwa"), else, in the lede, a lone victim:
a person named or aged right before the trigger ("MN (77) meninggal dunia", "Umar tewas"),
victims listed by name or rank after it, or "korban" as the subject of its sentence. Quantities
of things that are not victims (houses, evacuees, money, ages, years, plates, victims'
families, attackers) and subsets ("including nine children") are passed over.
"""
from __future__ import annotations

import re

from site_builder.extract.dateline_words import MONTHS
from site_builder.extract.numbers import Quantity, find_quantities

WINDOW_BEFORE = 75         # characters between a quantity and a trigger after it
WINDOW_AFTER = 80          # characters between a trigger and a quantity after it
LEDE_CHARS = 1500          # where a lone named victim ("Umar tewas") is taken as the toll
MONTH_NAMES = (r"januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|"
           r"desember|january|february|march|may|june|july|august|october|december")
_NOT_PEOPLE = re.compile(
    r"^\W{0,2}(?:%|(?:persen|percent|per cent|rumah|unit|bangunan|km|kilometer|meter|m\b|"
    r"hektare|hektar|ha\b|tahun|years?|bulan|months?|hari|days?|jam|hours?|menit|minutes?|kali|"
    r"times|kk\b|kepala keluarga|keluarga|ahli waris|families|family|relatives|pengungsi|"
    r"evacuees|displaced|kendaraan|mobil|cars?|vehicles?|ton|kg|liter|rupiah|dollars?|dolar|"
    r"miles?|feet|kapal|ships?|pesawat|rudal|missiles?|drone|roket|rockets?|peluru|tank|desa|"
    r"villages?|kecamatan|provinsi|negara|countries|wib|wita|wit|am|pm|pukul|o'clock|sekolah|"
    rf"schools?|{MONTH_NAMES})\b|a\.m\.|p\.m\.)")
# Units of time that _NOT_PEOPLE leaves out, counted only right after the number (spaces or a
# hyphen between, never ",", "." or "("): "2 menit 44 detik", "dua pekan", "3 weeks", "four
# centuries"; not "killed 3, second attack", "detik.com", "Detik-detik", "three second-graders".
# "Second" is also an ordinal ("two second graders were killed"): time only as a duration, plural
# or "a second later/after/ago/long/clip/video" (or after minutes: _AFTER_MINUTES).
_TIME_AFTER = re.compile(r"(?:\s+|\s*-\s*)(?:pekan\b|weeks?\b|detik(?!\.\w|[\w-])|"
                         r"seconds(?![\w-])|second\s+(?:later|after|ago|long|clip|video)\b|"
                         r"decades?\b|dekade\b|centur(?:y|ies)\b|abad\b)")
_SECOND_AFTER = re.compile(r"(?:\s+|\s*-\s*)second(?![\w-])")
_AFTER_MINUTES = re.compile(r"\b(?:minutes?|menit)\s+$")
# "minggu" is a week ("satu minggu") or Sunday ("menjadi 5 Minggu malam", "5, Minggu (1/11)").
_MINGGU_AFTER = re.compile(r"(?:\s+|\s*-\s*)(?=minggu\b)")
# Sunday: capitalised and followed by punctuation (a comma only before a date), a digit, "(", a
# lower-case word, a time of day ("12 Minggu Pagi" in a title-cased headline) or the end; not
# "Dirawat 3 Minggu, Korban ..." (three weeks).
_SUNDAY = re.compile(r"M(?:inggu|INGGU)(?:[^\w\s,]|\s*,\s*[\d(]|\s*[\d(]|\s+[a-z]|"
                     r"\s+(?:Pagi|Siang|Sore|Malam|Dini Hari|PAGI|SIANG|SORE|MALAM)\b|\s*$)")
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
_WEAK_VAGUE = re.compile(r"several|beberapa|sejumlah", re.IGNORECASE)
_PERSON_NOUN = re.compile(
    r"^\W{0,2}(?:orang|warga|korban|jiwa|penumpang|anak|people|persons?|civilians?|men|women|"
    r"children|residents|soldiers|troops|militants|lainnya|others|pekerja|tentara|polisi|"
    r"personel|santri|siswa|pendaki|wisatawan|nelayan|petani|pasien|pengunjuk rasa)\b")
_LINK = re.compile(r"\b(?:mencapai|sebanyak|menjadi|bertambah|berjumlah|tercatat|yakni|"
                   r"sudah|total)\b")
# A lone victim right before an intransitive trigger: an age in brackets ("MN (77) meninggal"),
# or a capitalised name after a clause start ("..., Umar tewas", "Alanis died").
_LONE_TRIGGER = re.compile(r"tewas|meninggal(?: dunia)?|terbunuh|died|luka(?:-luka)?|terluka|"
                           r"injured")
_AGE_BEFORE = re.compile(r"\(\d{1,3}\)\s*(?:(?:juga|pun|was|mengalami|dilaporkan)\s+)?$")
_NAME_BEFORE = re.compile(r"(?:^|[,.;:]\s|\b(?:bahwa|said|kata|says)\s)\s*"
                          r"(?P<name>[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,}){0,2}) "
                          r"(?:(?:juga|pun|was|dilaporkan|mengalami)\s+)?$")


def quantity_for(text: str, low: str, trigger: re.Match, language: str,
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
            or _SUBSET_AFTER.match(after) or _time_after(text, low, quantity.start, quantity.end):
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


def _time_after(text: str, low: str, start: int, end: int) -> bool:
    """Whether a unit of time follows the number at `start:end` (seconds, weeks, centuries; see
    _TIME_AFTER): "minggu" only where it does not read as Sunday, which needs the original
    case ("Minggu malam" is a day, "satu minggu" a week)."""
    if _TIME_AFTER.match(low, end):
        return True
    if _SECOND_AFTER.match(low, end):     # "3 minutes 1 second"
        return bool(_AFTER_MINUTES.search(low, max(0, start - 12), start))
    gap = _MINGGU_AFTER.match(low, end)
    return gap is not None and not _SUNDAY.match(text, gap.end())


def _last_blocker(text: str) -> int:
    end = 0
    for match in _BLOCKER.finditer(text):
        end = match.end() if not match.group(0)[-1:].isdigit() else match.end() - 1
    return end


def _first_blocker(text: str) -> int:
    match = _AFTER_STOP.search(text)
    return match.start() if match else len(text)


_AFTER_STOP = re.compile(r"[;:!?\n\"“”]|\.(?!\d)")
