"""Make N realistic seed articles for benchmarks, deterministically from a seed number.

    python bench/make_corpus.py N OUT_DIR [--seed S] [--sources DIR]

Articles recombine the real sentences of the labelled development articles (`--sources`,
default ../shared/eval-dev/articles; read at run time, never copied into the repository), so
extraction does real work on real prose. Each article gets a real title and lede and about 440
words of real sentences of its language, with its figures, places and dates varied:

- every number's digits are redrawn ("1.200" → "7.045"), years move with the article's year;
- place names are swapped among the places of those texts (labels.jsonl's `places` and
  `dateline`, beside the articles, when present; the texts' datelines otherwise);
- dates written "Minggu (1/11)", "Minggu (1/11/2020)", "1 November 2020", "November 1, 2020" and
  bare weekday names are rewritten to the article's own (weekday-consistent) date, in one
  article in five without its year; a lede that names no date gets one;
- the lede opens with a dateline and an outlet or wire ("Baku, Gatra.com - ...",
  "BAKU (AFP) - ...").

Indonesian and English articles come in the development set's proportion. Each text is parsed
into a template once; articles are then written one at a time, so 100,000 need little memory.
Only `NNNNNN.txt` seed files are written (no sidecars).
"""
from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = REPO.parent / "shared" / "eval-dev" / "articles"
WORDS_PER_ARTICLE = 440
# Article dates: the 115 days up to LAST_DAY, the benchmark's `[extract] reference_date`. The
# extractor takes a date more than 120 days before the reference date for background, not the
# report's, and a corpus without `collected:` sidecars has one reference date for all.
LAST_DAY, SPAN_DAYS = date(2025, 12, 31), 115
OUTLETS = {"id": ["KOMPAS.com", "Liputan6.com", "Gatra.com", "CNN Indonesia", "ANTARA"],
           "en": ["AFP", "Reuters", "AP", "Anadolu"]}
WEEKDAYS = {"id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
            "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]}
MONTHS = {"id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                 "September", "Oktober", "November", "Desember"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"]}
_ID_DAY, _EN_DAY = "|".join(WEEKDAYS["id"]) + "|Jum'at", "|".join(WEEKDAYS["en"])
_ID_MONTH, _EN_MONTH = "|".join(MONTHS["id"]), "|".join(MONTHS["en"])
# Slots of a sentence template, tried in this order (every pattern is bounded: linear time).
_SLOTS = [
    ("daymonth", re.compile(rf"\b(?:{_ID_DAY}) ?\(\d{{1,2}}/\d{{1,2}}(?P<y>/\d{{2,4}})?\)")),
    ("id_date", re.compile(rf"\b\d{{1,2}} (?:{_ID_MONTH})(?P<y> \d{{4}})?\b")),
    ("en_date", re.compile(rf"\b(?:{_EN_MONTH}) \d{{1,2}}(?P<y>, \d{{4}})?\b")),
    ("weekday", re.compile(rf"\b(?:{_ID_DAY}|{_EN_DAY})\b")),
    ("year", re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")),
    ("number", re.compile(r"\d+(?:[.,]\d+)*")),
]
_FUNCTION_WORDS = {"en": {"the", "and", "of", "was", "were", "said"},
                   "id": {"yang", "dan", "di", "itu", "dengan", "tersebut"}}
_SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z\"“])")
# A dateline opening to strip from a real lede: "GAZA, KOMPAS.com - ", "Liputan6.com, Gaza -",
# "NEW YORK (Reuters) - ", "BOGOR- ", or a bare upper-case "BEIRUT " before the sentence.
_DATELINE = re.compile(r"^(?:[A-Z][\w.]{0,30}(?:[ ,]{1,3}[A-Z][\w.]{0,30}){0,3} ?"
                       r"(?:\([^)\n]{1,30}\) ?)?(?:-{1,2}|—|–)|[A-Z]{3,20}(?: [A-Z]{3,20}){0,2},?"
                       r"(?= [A-Z]))\s*")
_UPPER_DATELINE = re.compile(r"^([A-Z]{3,20}(?: [A-Z]{3,20}){0,2})(?=[ ,—-])")

Part = str | tuple[str, str]           # literal text, or (slot kind, original text)
_DATE_SLOTS = ("daymonth", "id_date", "en_date", "en_full")


@dataclass
class Source:
    """The sentence templates of one language, parsed once from the development texts."""

    language: str
    titles: list[list[Part]] = field(default_factory=list)
    ledes: list[list[Part]] = field(default_factory=list)
    sentences: list[list[Part]] = field(default_factory=list)
    articles: int = 0


@dataclass
class Corpus:
    """What articles are recombined from: templates by language, places, the language mix."""

    by_language: dict[str, Source]
    places: list[str]
    datelines: list[str]

    @property
    def indonesian_share(self) -> float:
        total = sum(s.articles for s in self.by_language.values())
        return self.by_language["id"].articles / total


def language_of(text: str) -> str:
    """'en' or 'id', by which language's function words the text uses more."""
    words = text.lower().split()
    counts = {lang: sum(w in marks for w in words) for lang, marks in _FUNCTION_WORDS.items()}
    return "en" if counts["en"] > counts["id"] else "id"


def load_corpus(sources: Path) -> Corpus:
    """Parse every `*.txt` under `sources` into templates; collect the places they name."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(sources.glob("*.txt"))]
    places, datelines = _places(sources, texts)
    place_pattern = _place_pattern(places)
    by_language = {"id": Source("id"), "en": Source("en")}
    for text in texts:
        _add_text(by_language[language_of(text)], text, place_pattern)
    missing = [lang for lang, s in by_language.items() if not (s.ledes and s.sentences)]
    if missing or not places:
        raise SystemExit(f"{sources}: too few article texts to draw from ({missing or 'places'})")
    return Corpus(by_language, places, datelines or places)


def _add_text(source: Source, text: str, place_pattern: re.Pattern[str]) -> None:
    """Add one real article's title, lede (dateline stripped) and sentences as templates."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines.pop(0)[6:].strip() if lines and lines[0].startswith("TITLE:") else None
    if not lines:
        return
    source.articles += 1
    base_year = max((int(y) for y in _SLOTS[4][1].findall(text)), default=2020)
    if title:
        source.titles.append(_template(title, place_pattern, base_year))
    first = _SENTENCE_END.split(_DATELINE.sub("", lines[0], count=1))
    lede_length = 2 if len(first[0].split()) < 25 else 1     # a short first sentence: take two
    lede = " ".join(first[:lede_length])
    if 12 <= len(lede.split()) <= 120:
        source.ledes.append(_dated(_template(lede, place_pattern, base_year), source.language))
    rest = [*first[lede_length:], *(s for line in lines[1:] for s in _SENTENCE_END.split(line))]
    for sentence in rest:
        if 5 <= len(sentence.split()) <= 80 and sentence.count('"') % 2 == 0:
            source.sentences.append(_template(sentence, place_pattern, base_year))


def _dated(parts: list[Part], language: str) -> list[Part]:
    """A lede that names no date gets one before its full stop, as most real ledes have."""
    if any(isinstance(p, tuple) and p[0] in _DATE_SLOTS for p in parts):
        return parts
    last = parts[-1] if isinstance(parts[-1], str) else ""
    stop = len(last.rstrip()) - 1 if last.rstrip().endswith((".", "!", "?")) else len(last)
    head = [*parts[:-1], last[:stop]] if last else parts
    slot: list[Part] = [", ", ("daymonth", "")] if language == "id" else [" on ", ("en_full", "")]
    return [p for p in [*head, *slot, last[stop:]] if p != ""]


def _places(sources: Path, texts: list[str]) -> tuple[list[str], list[str]]:
    """Place names the texts use (labelled places and datelines), and the dateline places."""
    labels = sources.parent / "labels.jsonl"
    places: set[str] = set()
    datelines: set[str] = set()
    if labels.exists():
        for line in labels.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            places.update(p for p in record.get("places") or [] if isinstance(p, str))
            if isinstance(record.get("dateline"), str):
                datelines.add(record["dateline"])
    for text in texts:
        body = text.split("\n", 1)[1] if text.startswith("TITLE:") else text
        if match := _UPPER_DATELINE.match(body):
            datelines.add(match.group(1).title())
    joined = "\n".join(texts)
    places = {p for p in places | datelines if len(p) >= 3 and p in joined}
    return sorted(places), sorted(d for d in datelines if d in places)


def _place_pattern(places: list[str]) -> re.Pattern[str]:
    names = sorted(places, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")


def _template(text: str, place_pattern: re.Pattern[str], base_year: int) -> list[Part]:
    """Split a sentence into literal text and slots; a year slot keeps its offset from the
    newest year of its article, so an article's years move together."""
    spans: list[tuple[int, int, str, str]] = []
    taken = [False] * (len(text) + 1)
    for kind, pattern in [("place", place_pattern), *_SLOTS]:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            value = match.group(0)
            if kind == "year":
                value = str(int(value) - base_year)
            elif kind in ("daymonth", "id_date", "en_date"):
                value = "y" if match.group("y") else ""
            spans.append((start, end, kind, value))
    parts: list[Part] = []
    at = 0
    for start, end, kind, value in sorted(spans):
        parts += [text[at:start], (kind, value)]
        at = end
    parts.append(text[at:])
    return [p for p in parts if p != ""]


class Filler:
    """Fills one article's slots: its date, a consistent place swap, fresh figures."""

    def __init__(self, rng: random.Random, corpus: Corpus, language: str, day: date) -> None:
        self.rng, self.corpus, self.language, self.day = rng, corpus, language, day
        self.swaps: dict[str, str] = {}
        self.with_year = rng.random() < 0.8

    def fill(self, parts: list[Part]) -> str:
        return "".join(p if isinstance(p, str) else self.slot(*p) for p in parts)

    def slot(self, kind: str, original: str) -> str:
        day, lang = self.day, self.language
        weekday = WEEKDAYS[lang][day.weekday()]
        if kind == "place":
            return self.place(original)
        if kind == "daymonth":             # "Minggu (1/11/2020)", or "Minggu (1/11)" in 1 of 5
            year = f"/{day.year}" if self.with_year else ""
            return f"{WEEKDAYS['id'][day.weekday()]} ({day.day}/{day.month}{year})"
        if kind == "en_full":
            return f"{weekday}, {MONTHS['en'][day.month - 1]} {day.day}, {day.year}"
        if kind == "id_date":
            return f"{day.day} {MONTHS['id'][day.month - 1]}" + (f" {day.year}" * bool(original))
        if kind == "en_date":
            return f"{MONTHS['en'][day.month - 1]} {day.day}" + (f", {day.year}" * bool(original))
        if kind == "weekday":
            return weekday if original in WEEKDAYS[lang] else original
        if kind == "year":
            return str(day.year + int(original))
        return self.number(original)

    def place(self, original: str) -> str:
        """Half of the places an article names are swapped, each the same way throughout."""
        if original not in self.swaps:
            keep = self.rng.random() < 0.5
            self.swaps[original] = original if keep else self.rng.choice(self.corpus.places)
        return self.swaps[original]

    def number(self, original: str) -> str:
        """The same shape with new digits: a number's leading digit stays non-zero."""
        digits = []
        for index, char in enumerate(original):
            if not char.isdigit():
                digits.append(char)
            elif index == 0 and char != "0":
                digits.append(str(self.rng.randint(1, 9)))
            else:
                digits.append(str(self.rng.randint(0, 9)))
        return "".join(digits)


def article(rng: random.Random, corpus: Corpus, day: date | None = None) -> str:
    """One seed text: TITLE line, a dateline lede, then real sentences up to ~440 words; dated
    `day`, else a day of the corpus's span."""
    language = "id" if rng.random() < corpus.indonesian_share else "en"
    source = corpus.by_language[language]
    offset = rng.randrange(SPAN_DAYS)
    day = day or LAST_DAY - timedelta(days=offset)
    filler = Filler(rng, corpus, language, day)
    title = filler.fill(rng.choice(source.titles)) if source.titles else None
    lede = f"{_dateline(rng, language, filler)}{filler.fill(rng.choice(source.ledes))}"
    paragraphs = [lede]
    words = len(lede.split())
    while words < WORDS_PER_ARTICLE - 30:      # the last paragraph brings it to ~440 on average
        sentences = [filler.fill(rng.choice(source.sentences)) for _ in range(rng.randint(1, 3))]
        paragraph = " ".join(sentences)
        if words + len(paragraph.split()) - WORDS_PER_ARTICLE > WORDS_PER_ARTICLE - words:
            paragraph = sentences[0]          # nearer 440 words with one sentence than three
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    head = [f"TITLE: {title}"] if title else []
    return "\n".join([*head, *paragraphs]) + "\n"


def _dateline(rng: random.Random, language: str, filler: Filler) -> str:
    place = filler.place(rng.choice(filler.corpus.datelines))
    outlet = rng.choice(OUTLETS[language])
    if language == "en":
        return rng.choice([f"{place.upper()} ({outlet}) - ", f"{place.upper()} — "])
    return rng.choice([f"{place.upper()}, {outlet} - ", f"{place}, {outlet} - ",
                       f"{outlet}, {place} - "])


def make_corpus(count: int, out_dir: Path, seed: int = 1, sources: Path = DEFAULT_SOURCES) -> int:
    """Write `count` seeds `000000.txt`... into `out_dir`, one at a time; return the count."""
    corpus = load_corpus(sources)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    width = max(6, len(str(count - 1)))
    for number in range(count):
        (out_dir / f"{number:0{width}d}.txt").write_text(article(rng, corpus), encoding="utf-8")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, metavar="N")
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same bytes (default 1)")
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES,
                        help="folder of real articles to recombine (default: %(default)s)")
    args = parser.parse_args()
    made = make_corpus(args.count, args.out_dir, args.seed, args.sources)
    print(f"make_corpus: {made} articles → {args.out_dir}")


if __name__ == "__main__":
    main()
