#!/usr/bin/env python3
"""Metamorphic evaluation of source, wire and dateline: eval-dev with its outlets and towns
swapped for ones the rules have never seen.

    python bench/swap_eval.py [--seed N] [--site-builder PATH] [--keep DIR] [--json FILE]

eval-dev's real articles score near 1.0 on source and dateline, but the rules were tuned on
them: held-back copies from outlets we never saw score far lower. This makes unseen names out
of the labelled ones. For each article, one variant a name shape (SHAPES): the labelled outlet,
in every surface form the text gives it ("Gatra.com", "GATRA", "gatra.com": the label and its
domain's stem, case-insensitively, glued to a word before it where the label is a lower-case
brand), is replaced by a made-up outlet of that shape, in the case each form was written in;
and the labelled dateline town, wherever the text names it, by another town of the same country
from the gazetteer (one it reads as a dateline town, unambiguously), in the case as written.
The labels follow. An outlet that is a news agency (ANTARA: its name is also a wire's) is
kept. Names come from word lists by `--seed`; a name that is an agency, a known outlet of
eval-dev or eval-events, or a place is drawn again.

The variants are extracted with `site-builder extract` from an empty folder (the repo's
site.toml would set a reference date) and scored with ../shared/tools/score_extraction.py.
Printed: one line a shape (source split by where the outlet is named: in the opening lines,
`head`, or only further down, `body`), then every miss: article, shape, field, expected, got,
and the line the dateline was looked for in.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.extract.agencies import agency_named  # noqa: E402
from site_builder.extract.gazetteer import Entry, Gazetteer, name_key  # noqa: E402
from site_builder.extract.place_words import COMMON_WORDS  # noqa: E402
from site_builder.extract.places import place_kind  # noqa: E402

SHARED = ROOT.parent / "shared"
EVAL_DEV = SHARED / "eval-dev"
SCORER = SHARED / "tools" / "score_extraction.py"
KNOWN_OUTLET_LISTS = (EVAL_DEV / "SOURCES.tsv", SHARED / "eval-events" / "SOURCES.tsv")
FIELDS = ("source", "wire", "dateline")
HEAD_LINES = 3                  # an outlet named in these first lines is named in the head
TOWN_POPULATION = 50_000        # replacement towns: big enough to be read as a dateline town

ID_FIRST = ("Kabar", "Warta", "Suara", "Radar", "Berita", "Lensa", "Sorot", "Jejak", "Gema",
            "Pelita", "Sinar", "Detak", "Fakta", "Corong", "Kilas", "Bingkai", "Tapak",
            "Cermin", "Lintas", "Denyut", "Gerbang", "Serambi", "Bara", "Teropong")
ID_SECOND = ("Priangan", "Nusa", "Borneo", "Sumbar", "Pesisir", "Bahari", "Andalas", "Celebes",
             "Khatulistiwa", "Kapuas", "Mahakam", "Rinjani", "Sriwijaya", "Parahyangan",
             "Tapanuli", "Cendrawasih", "Serayu", "Bengawan", "Musi", "Halmahera", "Samudra",
             "Selatan", "Timur", "Lembah", "Utara", "Pantura", "Swarna", "Dwipa")
EN_FIRST = ("Riverside", "Valley", "Harbour", "Lakeside", "Northern", "Highland", "Prairie",
            "Midland", "Summit", "Bayside", "Granite", "Cedar", "Pinewood", "Meadow", "Ironbridge")
EN_SECOND = ("Courier", "Sentinel", "Ledger", "Dispatch", "Examiner", "Bulletin", "Record",
             "Beacon", "Monitor", "Clarion", "Messenger", "Citizen", "Advocate", "Bugle")
TLDS = (".id", ".com", ".co.id", ".net", ".news")
DIGITS = ("7", "8", "21", "24", "62", "99", "360", "1")


def _domain_lower(rng: random.Random) -> str:
    return (rng.choice(ID_FIRST) + rng.choice(ID_SECOND)).lower() + rng.choice(TLDS)


def _domain_camel(rng: random.Random) -> str:
    return rng.choice(ID_FIRST) + rng.choice(ID_SECOND) + rng.choice((".com", ".id"))


def _upper_two(rng: random.Random) -> str:
    return f"{rng.choice(ID_FIRST)} {rng.choice(ID_SECOND)}".upper()


def _glued(rng: random.Random) -> str:
    return rng.choice(ID_FIRST) + rng.choice(ID_SECOND)


def _plain_two(rng: random.Random) -> str:
    return f"{rng.choice(ID_FIRST)} {rng.choice(ID_SECOND)}"


def _english(rng: random.Random) -> str:
    return f"The {rng.choice(EN_FIRST)} {rng.choice(EN_SECOND)}"


def _digit(rng: random.Random) -> str:
    return rng.choice(ID_FIRST) + rng.choice(DIGITS)


SHAPES = {"domain": _domain_lower, "Domain": _domain_camel, "UPPER TWO": _upper_two,
          "Glued": _glued, "Plain Two": _plain_two, "english": _english, "digit24": _digit}


def known_outlets() -> set[str]:
    """Outlets of the labelled sets (their SOURCES.tsv and labels), as keys: never drawn."""
    names: set[str] = set()
    for path in KNOWN_OUTLET_LISTS:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines()[1:]:
                cells = line.split("\t")
                if len(cells) > 1:
                    names.add(cells[1])
    for label in read_labels(EVAL_DEV / "labels.jsonl"):
        names.add(label.get("source") or "")
    return {_outlet_key(n) for n in names if n}


def _outlet_key(name: str) -> str:
    stem = re.sub(r"\.(?:co\.id|[a-z]{2,4})$", "", name.strip(), flags=re.IGNORECASE)
    return re.sub(r"[^0-9a-z]+", "", stem.casefold())


def read_labels(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def draw_outlet(rng: random.Random, shape: str, avoid: set[str], is_place) -> str:
    """A made-up outlet of a shape: no agency, no known outlet, no place, nothing in `avoid`."""
    for _ in range(200):
        name = SHAPES[shape](rng)
        stem = re.sub(r"\.[\w.]+$", "", name)
        if (not agency_named(name) and _outlet_key(name) not in avoid
                and not is_place(stem) and not is_place(name)):
            return name
    raise RuntimeError(f"no {shape} name left to draw")


def _domain_stem(label: str) -> str | None:
    match = re.match(r"^(.+?)\.(?:co\.id|[a-z]{2,4})$", label, re.IGNORECASE)
    return match.group(1) if match else None


def _as_written(found: str, new: str) -> str:
    """`new` in the case `found` was written in: all capitals, all lower case, or as drawn."""
    letters = [c for c in found if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return new.upper()
    if letters and all(c.islower() for c in letters):
        return new.lower()
    return new


def outlet_forms(label: str) -> list[tuple[re.Pattern[str], bool]]:
    """Patterns of the label's surface forms, longest first, each with whether it is the
    domain's stem (replaced by the new name's stem)."""
    glued = r"(?<![A-Z0-9.@])" if label[:1].islower() else r"(?<![\w.@])"
    forms = [(re.compile(glued + re.escape(label) + r"(?![\w])", re.IGNORECASE), False)]
    stem = _domain_stem(label)
    if stem and len(stem) >= 3:
        forms.append((re.compile(glued + re.escape(stem) + r"(?![\w]|\.\w)", re.IGNORECASE),
                      True))
    return forms


def swap_outlet(text: str, label: str, new: str) -> tuple[str, int]:
    """The text with every form of the outlet replaced; how many were."""
    new_stem = _domain_stem(new) or new
    total = 0
    for pattern, is_stem in outlet_forms(label):
        replacement = new_stem if is_stem else new
        text, n = pattern.subn(lambda m, r=replacement: _as_written(m.group(), r), text)
        total += n
    return text, total


def town_pattern(town: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])" + re.escape(town) + r"(?![\w])", re.IGNORECASE)


class Towns:
    """Towns of a country that the gazetteer reads as a dateline town and as nothing else
    bigger: what a swapped dateline may name."""

    def __init__(self) -> None:
        self.gazetteer = Gazetteer.load()
        self.kind = place_kind(self.gazetteer)
        self._by_country: dict[str, list[Entry]] | None = None

    def country_of(self, name: str) -> str | None:
        """The country of a labelled dateline that names a town (None: a country or a province,
        kept): the name's first town ("Gaza", "Jakarta": also regions), or an Indonesian
        regency ("Karimun", a second-level area)."""
        for entry in self.gazetteer.candidates(name_key(name)):
            if entry.kind == "city" or (entry.kind == "region" and "." in entry.admin):
                return entry.country
        return None

    def pick(self, country: str, language: str, rng: random.Random, avoid: str) -> str | None:
        towns = [e for e in self._towns().get(country, ())
                 if name_key(self._name(e, language)) not in avoid]
        if not towns:
            return None
        return self._name(rng.choice(sorted(towns, key=lambda e: e.id)), language)

    @staticmethod
    def _name(entry: Entry, language: str) -> str:
        return entry.name_id if language == "id" else entry.name_en

    def _towns(self) -> dict[str, list[Entry]]:
        if self._by_country is None:
            self._by_country = defaultdict(list)
            tables = self.gazetteer._tables     # the whole index in memory (a bench script)
            for position in range(len(tables.rows)):
                entry = Entry(*tables.row(position))
                if entry.kind == "city" and entry.population >= TOWN_POPULATION \
                        and entry.country and self._plain(entry):
                    self._by_country[entry.country].append(entry)
        return self._by_country

    def _plain(self, entry: Entry) -> bool:
        """A name of one or two letter-only words that names this town first and foremost."""
        for name in {entry.name_en, entry.name_id}:
            if not re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", name or ""):
                return False
            key = name_key(name)
            best = self.gazetteer.candidates(key)
            if key in COMMON_WORDS or not best or best[0].id != entry.id \
                    or self.kind(name) != "city" or agency_named(name):
                return False
        return True


def make_variants(seed: int, folder: Path, towns: Towns) -> tuple[list[dict], dict[str, dict]]:
    """Variant articles (with their sidecars) in `folder`, their labels, and per variant what
    was swapped (shape, where the outlet was named)."""
    avoid = known_outlets()
    labels, info = [], {}
    for label in read_labels(EVAL_DEV / "labels.jsonl"):
        path = EVAL_DEV / "articles" / label["file"]
        text = path.read_text(encoding="utf-8", errors="replace")
        language = "id" if _looks_indonesian(text) else "en"
        for shape in SHAPES:
            rng = random.Random(f"{seed}:{label['file']}:{shape}")
            variant = _variant(label, text, shape, rng, avoid, towns, language)
            if variant is None:
                continue
            new_text, new_label, where = variant
            name = f"{path.stem}-{shape.replace(' ', '_')}.txt"
            (folder / name).write_text(new_text, encoding="utf-8")
            sidecar = path.with_suffix(".meta.yaml")
            if sidecar.is_file():
                shutil.copy(sidecar, folder / name.replace(".txt", ".meta.yaml"))
            labels.append({**new_label, "file": name})
            info[name] = {"shape": shape, "where": where, "article": label["file"]}
    return labels, info


def _looks_indonesian(text: str) -> bool:
    words = re.findall(r"[a-z]+", text[:3000].casefold())
    return sum(w in ("yang", "dan", "di", "itu", "dengan") for w in words) > \
        sum(w in ("the", "and", "of", "to", "in") for w in words)


def _variant(label: dict, text: str, shape: str, rng: random.Random, avoid: set[str],
             towns: Towns, language: str) -> tuple[str, dict, str] | None:
    """One article with its outlet and town swapped (None: nothing to swap)."""
    new_label = {k: v for k, v in label.items() if k != "notes"}
    where = "-"
    source = label.get("source")
    if source and not agency_named(source):
        new = draw_outlet(rng, shape, avoid, towns.kind)
        swapped, n = swap_outlet(text, source, new)
        if n:
            head = "\n".join(text.split("\n")[:HEAD_LINES + 1])
            where = "head" if swap_outlet(head, source, new)[1] else "body"
            text = swapped
            new_label["source"] = _as_written(source, new)
    town = label.get("dateline")
    country = towns.country_of(town) if town else None
    moved = False
    if country and town_pattern(town).search(text):
        new_town = towns.pick(country, language, rng, avoid=name_key(text))
        if new_town:
            text = town_pattern(town).sub(lambda m: _as_written(m.group(), new_town), text)
            new_label["dateline"] = new_town
            moved = True
    if where == "-" and not moved:
        return None
    return text, new_label, where


def extract(site_builder: str, articles: Path, content: Path) -> None:
    with tempfile.TemporaryDirectory() as empty:
        subprocess.run([site_builder, "extract", str(articles), "--content", str(content)],
                       cwd=empty, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)


def _scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def report(labels: list[dict], info: dict[str, dict], content: Path, articles: Path,
           show_failures: bool) -> dict:
    """Per-shape figures (printed) and the misses."""
    scorer = _scorer()
    preds = scorer.load_predictions(content)
    tally: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    failures = []
    for label in labels:
        meta = info[label["file"]]
        pred = preds.get(label["file"], {})
        for field in FIELDS:
            want, got = scorer.norm(label.get(field)), scorer.norm(pred.get(field))
            want = scorer.WIRE_ALIASES.get(want, want)
            got = scorer.WIRE_ALIASES.get(got, got)
            ok = want == got
            keys = [field] + ([f"source@{meta['where']}"] if field == "source"
                              and meta["where"] != "-" else [])
            for shape in (meta["shape"], "all"):
                for key in keys:
                    tally[shape][key][0] += ok
                    tally[shape][key][1] += 1
            if not ok:
                failures.append((meta["article"], meta["shape"], field, label.get(field),
                                 pred.get(field), _opening(articles / label["file"])))
    columns = ("source", "source@head", "source@body", "wire", "dateline")
    print(f"{'shape':<10} {'n':>4}  " + "  ".join(f"{c:>15}" for c in columns))
    figures = {}
    for shape in [*SHAPES, "all"]:
        row = tally[shape]
        figures[shape] = {c: {"correct": row[c][0], "total": row[c][1]} for c in columns}
        cells = [f"{row[c][0]:>4}/{row[c][1]:<4} {row[c][0] / row[c][1]:.3f}" if row[c][1]
                 else f"{'-':>15}" for c in columns]
        print(f"{shape:<10} {row['wire'][1]:>4}  " + "  ".join(cells))
    if show_failures:
        print(f"\n{len(failures)} misses (article, shape, field, expected, got, opening line):")
        for article, shape, field, want, got, line in sorted(failures):
            print(f"{article} {shape:<9} {field:<8} {want!r} != {got!r}\n    | {line}")
    return {"figures": figures, "misses": len(failures)}


def _opening(path: Path) -> str:
    """The first line after the title: where a dateline is looked for first."""
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip()]
    lines = [ln for ln in lines if not ln.startswith("TITLE:")]
    return (lines[0] if lines else "")[:140]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1, help="picks the made-up names")
    parser.add_argument("--site-builder", default=str(Path(sys.executable).parent /
                                                      "site-builder"),
                        help="the site-builder command to run (another checkout's, to compare)")
    parser.add_argument("--keep", type=Path, help="write the variants and pages here")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--no-failures", action="store_true", help="print the figures only")
    args = parser.parse_args()
    for needed in (EVAL_DEV / "labels.jsonl", SCORER):
        if not needed.is_file():
            print(f"{needed}: not found (run from a checkout with ../shared beside it)",
                  file=sys.stderr)
            return 1
    work = args.keep or Path(tempfile.mkdtemp(prefix="swap-eval-"))
    try:
        return _run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, work: Path) -> int:
    """Make the variants in `work`, extract them, print (and write) the figures."""
    articles, content = work / "articles", work / "content"
    for folder in (articles, content):
        shutil.rmtree(folder, ignore_errors=True)
    articles.mkdir(parents=True)
    labels, info = make_variants(args.seed, articles, Towns())
    (work / "labels.jsonl").write_text(
        "".join(json.dumps(label, ensure_ascii=False) + "\n" for label in labels), "utf-8")
    extract(args.site_builder, articles, content)
    articles_n = len({i["article"] for i in info.values()})
    print(f"seed {args.seed}: {len(labels)} variants of {articles_n} articles,"
          f" extracted by {args.site_builder}")
    result = report(labels, info, content, articles, not args.no_failures)
    if args.json:
        args.json.write_text(json.dumps({"seed": args.seed, **result}, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
