"""Make N realistic seed articles for benchmarks, deterministically from a seed number.

    python bench/make_corpus.py N OUT_DIR [--seed S] [--sources DIR]

Articles are recombined from the real sentences of the labelled development articles
(../shared/eval-dev/articles, read at run time, never copied into the repository), with
varied datelines, outlets, dates and casualty figures, so extraction does real work: about 440
words each, three quarters Indonesian and one quarter English, as in the development set.
Files are streamed to disk one at a time, so 100,000 articles need little memory.
"""
from __future__ import annotations

import argparse
import random
import re
from datetime import date, timedelta
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = REPO.parent / "shared" / "eval-dev" / "articles"
WORDS_PER_ARTICLE = 440
INDONESIAN_SHARE = 0.75
PLACES = ["Jakarta", "Surabaya", "Bandung", "Medan", "Makassar", "Gaza", "Beirut", "Baku",
          "Kabul", "Manila", "Bangkok", "Kairo", "Moskow", "Ankara", "Teheran", "Sanaa",
          "Khartoum", "Mogadishu", "Baghdad", "New Delhi", "Dhaka", "Yogyakarta", "Padang",
          "Ambon", "Jayapura", "Kupang", "Palu", "Semarang", "Denpasar", "Kuala Lumpur"]
OUTLETS_ID = ["KOMPAS.com", "Liputan6.com", "CNN Indonesia", "Gatra.com"]
WIRES = ["AFP", "Reuters", "AP", "Anadolu", "Antara"]
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def load_sentences(sources: Path) -> dict[str, list[str]]:
    """Real sentences by language (told by function words), without datelines or titles."""
    by_language: dict[str, list[str]] = {"id": [], "en": []}
    for path in sorted(sources.glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("TITLE:")]
        text = " ".join(lines)
        words = set(text.lower().split())
        language = "en" if len(words & {"the", "and", "of", "was"}) > \
            len(words & {"yang", "dan", "di", "itu"}) else "id"
        for sentence in _SENTENCE.split(text):
            if 6 <= len(sentence.split()) <= 60 and " - " not in sentence[:40]:
                by_language[language].append(sentence.strip())
    return by_language


def article(rng: random.Random, sentences: dict[str, list[str]], number: int) -> str:
    language = "id" if rng.random() < INDONESIAN_SHARE else "en"
    place = rng.choice(PLACES)
    day = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    killed = rng.choice([rng.randint(1, 30), rng.randint(31, 400), rng.randint(1000, 5000)])
    injured = rng.randint(0, 200)
    if language == "id":
        weekday = Locale("id").days["format"]["wide"][day.weekday()]
        when = f"{weekday} ({day.day}/{day.month}/{day.year})" if rng.random() < 0.7 \
            else f"{weekday} ({day.day}/{day.month})"
        outlet = rng.choice(OUTLETS_ID)
        title = f"TITLE: {killed} Orang Tewas dalam Insiden di {place} #{number}"
        lede = (f"{place.upper()}, {outlet} - Sedikitnya {format_decimal(killed, locale='id')} "
                f"orang tewas dan {injured} lainnya terluka dalam insiden di {place} pada "
                f"{when}, seperti dikutip {rng.choice(WIRES)}.")
    else:
        weekday = Locale("en").days["format"]["wide"][day.weekday()]
        title = f"TITLE: {killed} killed in {place} incident #{number}"
        lede = (f"{place.upper()} ({rng.choice(WIRES)}) - At least {killed:,} people were "
                f"killed and {injured} injured in {place} on {weekday}, "
                f"{day:%B} {day.day}, {day.year}, officials said.")
    paragraphs = [lede]
    words = len(lede.split())
    pool = sentences[language]
    while words < WORDS_PER_ARTICLE:
        paragraph = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return "\n".join([title, *paragraphs]) + "\n"


def make_corpus(count: int, out_dir: Path, seed: int = 1, sources: Path = DEFAULT_SOURCES) -> int:
    sentences = load_sentences(sources)
    if not sentences["id"] or not sentences["en"]:
        raise SystemExit(f"{sources}: no article texts to draw sentences from")
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for number in range(count):
        (out_dir / f"{number:06d}.txt").write_text(article(rng, sentences, number),
                                                   encoding="utf-8")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    args = parser.parse_args()
    made = make_corpus(args.count, args.out_dir, args.seed, args.sources)
    print(f"make_corpus: {made} articles → {args.out_dir}")


if __name__ == "__main__":
    main()
