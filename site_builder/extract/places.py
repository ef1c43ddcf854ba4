"""Places named in an article: capitalised word n-grams looked up in the gazetteer, plus context.

How it decides, in one pass over the tokens (linear time, dict look-ups only; lower-case words
are kept only when a rule reads them):
- Only capitalised whole words start a name; the longest gazetteer name wins ("Jalur Gaza" over
  "Gaza", "Jakarta Selatan" over "Jakarta").
- A generic prefix (Kota, Kabupaten, Desa, Kecamatan, Provinsi, Negara Bagian, "village of" ...)
  marks the capitalised words after it, and a list after it ("Kecamatan Panga, Teunom dan
  Jaya"), as places even when the gazetteer lacks them; the prefix is dropped from the name.
  Feature words (Jalan, Gunung, Selat, Pulau, Danau ...) also mark a place and stay in its name.
- Indonesian addresses run from small to large ("Jalan X, Bukit Duri Timur, Tebet, Jakarta
  Selatan"): unknown names between known places of one comma chain are places too.
- Names inside organisations and facilities (Polda Papua, BPBD DKI Jakarta, ISIS Afrika Barat,
  Bandara ..., New York Stock Exchange) are skipped; so are adjectives ("U.S. officials").
- A country or region always counts. A town counts when it is big, or when a cue backs it: a
  prefix, a locative word before it ("di", "in"), or its country named in the same article.
  Common words that are also towns somewhere (Kota, Para, Luka, Bukan, Baru ...) never count
  alone; nor do title words, or names the article uses for people ("George Zimmerman").
Places the gazetteer lacks get the id "name:<key>" and no coordinates.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from site_builder.extract.gazetteer import Entry, Gazetteer, name_key
from site_builder.model import Place

MAX_NGRAM = 5
BIG_TOWN = 100_000      # towns this big count without a cue (capitalised, whole word)
CONTEXT_TOWN = 1_000    # towns this big count when their country is named in the article

# Dotted abbreviations (U.S.), then words with inner hyphens/apostrophes (Nagorno-Karabakh).
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:[-'\u2019][^\W_]+)*")
_SPACE_GAP = re.compile(r"[ \t\u00a0]{1,3}")
_SENTENCE_END = frozenset(".!?\"“”:;\n")

DROPPED_PREFIXES = {
    "kota": "city", "kabupaten": "region", "kab": "region", "provinsi": "region",
    "prov": "region", "desa": "other", "kelurahan": "other", "kecamatan": "other",
    "kampung": "other", "dusun": "other", "distrik": "other", "nagari": "other",
    "gampong": "other", "kel": "other", "kec": "other",
}
# Units only Indonesia has: the name after them is an Indonesian place or a local one.
INDONESIAN_UNITS = {"desa", "kelurahan", "kecamatan", "kabupaten", "kab", "kampung", "dusun",
                    "nagari", "gampong", "kel", "kec"}
TWO_WORD_PREFIXES = {
    ("negara", "bagian"): "region", ("city", "of"): "city", ("town", "of"): "city",
    ("village", "of"): "other", ("district", "of"): "other", ("region", "of"): "region",
    ("regions", "of"): "region", ("province", "of"): "region", ("state", "of"): "region",
    ("island", "of"): "region", ("suburb", "of"): "other", ("neighborhood", "of"): "other",
    ("neighbourhood", "of"): "other", ("area", "of"): "other", ("port", "of"): "city",
}
NATURAL_FEATURES = {"sungai", "gunung", "pulau", "danau", "selat", "teluk", "pantai", "lembah"}
KEPT_PREFIXES = {
    "jalan", "jl", "jln", "gunung", "selat", "pulau", "pantai", "lembah", "danau", "teluk",
    "laut", "sungai", "lapangan", "taman", "gletser", "pegunungan", "mount", "lake", "mt",
    "tanjung", "samudra", "samudera", "alun",
}
ORG_HEADS = {
    "polda", "polres", "polresta", "polrestabes", "polsek", "kapolda", "kapolres", "kapolsek",
    "kapolresta", "kapolrestabes", "kodam", "kodim", "korem", "koramil", "pangdam", "dandim",
    "danrem", "bpbd", "basarnas", "pemkab", "pemkot", "pemprov", "dprd", "kpu", "kpud", "bnpb",
    "universitas", "univ", "bandara", "stasiun", "rs", "rsud", "rsup", "hotel", "pelabuhan",
    "pengadilan", "kejaksaan", "kejari", "kejati", "bank", "isis", "pt", "institut", "museum",
    "masjid", "gereja", "sekolah", "sd", "smp", "sma", "smk", "mts", "kantor", "dinas", "puskesmas",
    "rumah", "perumahan", "stadion", "terminal", "lapas", "rutan", "vts", "kedutaan",
    "kedubes", "konsulat", "polairud", "satpolairud", "pn", "pa", "bmkg", "pdam", "pln", "bpjs",
    "cnn", "bbc", "kompas", "detik", "metro", "tvri", "antara",
    "university", "airport", "hospital", "embassy", "port", "station", "college",
    "school", "stadium", "perjanjian", "kesepakatan", "deklarasi", "pomdam", "rsia",
    "unit", "satuan", "brigade", "batalyon", "yonif", "armed", "kostrad", "kopassus", "lanud",
    "lantamal", "lanal", "danlanud", "polisi", "pos", "posko", "pasar", "mal", "mall", "plaza",
    "bandar", "tol", "pasukan", "korps", "badai", "topan", "siklon", "hurricane", "storm",
    "typhoon", "cyclone", "operasi", "bbmkg", "balai", "dw", "voa", "nbc", "abc", "cbs",
    "istana", "gedung",
}
ORG_TAILS = {
    "stock", "exchange", "university", "airport", "hospital", "times", "post", "police",
    "department", "club", "journal", "herald", "tribune", "institute", "bank", "hotel",
    "stadium", "station", "council", "party", "army", "airlines", "airways", "fc", "united",
    "city", "tv", "news", "daily", "gazette", "college", "school", "museum", "zoo", "court",
    "agreement", "accord", "convention", "declaration", "summit", "marathon", "international",
    "reuters", "commuter",
}
PERSON_TITLES = {
    "pak", "bu", "bapak", "ibu", "mr", "mrs", "ms", "dr", "akbp", "kompol", "akp", "iptu", "ipda",
    "aiptu", "aipda", "bripka", "brigadir", "briptu", "bripda", "kombes", "brigjen", "irjen",
    "jenderal", "kapten", "letkol", "kolonel", "mayor", "serka", "sertu", "praka", "pratu",
    "kopda", "serda", "sir", "saint", "st", "haji", "hj", "h", "ustaz", "kiai", "kh", "nyonya",
    "tuan", "adik", "kakak", "anak", "putra", "putri", "bin", "binti", "kata", "ujar", "ucap",
    "tutur", "ungkap", "jelas", "bernama", "said", "says", "told", "named",
}
_AGE_AFTER = re.compile(r" ?\(\d{1,3}\)")    # "Erwin (45)": a person, never a place
LOCATIVE_CUES = {
    "di", "ke", "dari", "in", "at", "near", "from", "to", "kawasan", "wilayah", "daerah",
    "sekitar", "menuju", "arah", "dekat", "around", "outside", "across", "into", "towards",
    "toward", "asal", "kota", "desa", "kampung", "dusun", "kecamatan", "kelurahan", "kabupaten",
    "provinsi", "distrik", "terjadidi", "lokasi", "bupati", "gubernur", "walikota", "camat",
    "lurah", "kades", "warga", "penduduk", "kapal", "pesisir", "perairan", "pedalaman",
}
CONNECTORS = {"al", "el", "ad", "ar", "as", "ash", "de", "del", "da", "du", "of", "and", "dan",
              "la", "le", "bin", "ibn", "on", "upon", "am", "an", "der", "den"}
# Lower-case words that may sit inside a name no gazetteer knows (after Desa, Jalan ...).
NAME_CONNECTORS = {"al", "el", "ad", "ar", "ash", "de", "del", "da", "du", "la", "le", "bin"}
DIRECTIONS = {"utara", "selatan", "barat", "timur", "tengah", "baru", "lama", "raya", "jaya",
              "wetan", "kulon", "lor", "kidul", "hilir", "hulu", "ilir", "ulu", "atas", "bawah",
              "besar", "kecil", "dalam", "luar", "indah", "makmur", "sari", "mulia", "asri"}
STRONG_CUES = {"wilayah", "kawasan", "daerah", "perairan", "pesisir", "pedalaman"}
FACILITY_NOUNS = {"perumahan", "hotel", "bandara", "stasiun", "pelabuhan", "kompleks", "gedung",
                  "masjid", "pasar", "terminal", "sekolah", "kampus", "penjara", "markas"}
NOT_PLACES = {"white house", "pentagon", "kremlin", "capitol", "vatican city"}
# detik's regional channels are written glued ("detikJabar"): an outlet, not a place.
_NO_SPLIT_BEFORE = ("detik",)
# Capitalised at a sentence start or in titles, and also a town somewhere: never a place alone.
COMMON_WORDS = frozenset({
    "para", "luka", "bukan", "selatan", "utara", "barat", "timur", "tengah", "negara",
    "sumber", "baru", "kota", "desa", "pada", "dari", "dalam", "untuk", "dengan", "yang",
    "ini", "itu", "saat", "setelah", "sebelum", "namun", "tetapi", "menurut", "kata", "ujar",
    "polisi", "warga", "korban", "tim", "pihak", "hingga", "sejak", "kini", "masih", "akan",
    "sudah", "telah", "juga", "bahkan", "selain", "sementara", "adapun", "sedangkan",
    "kemudian", "lalu", "karena", "sehingga", "jika", "kalau", "bila", "meski", "walau",
    "agar", "supaya", "semua", "seluruh", "banyak", "beberapa", "sebagian", "satu", "dua",
    "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "ratusan",
    "ribuan", "puluhan", "sekitar", "hampir", "lebih", "kurang", "tidak", "belum", "ada",
    "bagi", "oleh", "atas", "bawah", "antara", "tentang", "serta", "atau", "dan", "tapi",
    "hanya", "baik", "besar", "kecil", "jalan", "rumah", "pasar", "kantor", "gedung", "laut",
    "sungai", "gunung", "pulau", "danau", "selat", "teluk", "pantai", "lembah", "hutan",
    "taman", "presiden", "menteri", "gubernur", "bupati", "wali", "kepala", "ketua", "camat",
    "lurah", "raja", "ratu", "tentara", "pasukan", "militer", "kelompok", "kami", "kita",
    "mereka", "dia", "ia", "saya", "aku", "anda", "bapak", "ibu", "pak", "bu", "senin",
    "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "islam", "muslim", "kristen",
    "allah", "tuhan", "masjid", "gereja", "sekolah", "agama", "hari", "bulan", "tahun", "jam",
    "pukul", "waktu", "malam", "pagi", "siang", "sore", "bagian", "lokasi", "tempat", "daerah",
    "wilayah", "kawasan", "provinsi", "kabupaten", "kecamatan", "kelurahan", "dusun",
    "kampung", "distrik", "januari", "februari", "maret", "april", "mei", "juni", "juli",
    "agustus", "september", "oktober", "november", "desember", "the", "a", "an", "in", "on",
    "at", "of", "for", "to", "by", "with", "from", "as", "but", "and", "or", "he", "she", "it",
    "they", "we", "this", "that", "these", "those", "there", "here", "police", "president",
    "minister", "officials", "said", "also", "after", "before", "when", "while", "more",
    "most", "some", "many", "all", "one", "two", "three", "no", "not", "mayor", "governor",
    "king", "general", "army", "state", "city", "north", "south", "east", "west", "central",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "may", "june", "july", "august", "october", "december", "news",
    "reuters", "times", "post", "media", "pers", "berita", "jaya", "raya", "merdeka", "damai",
    "sentosa", "indah", "makmur", "mulia", "sejahtera", "harapan", "bahagia", "sari", "mekar",
    "jati", "asri", "permai", "tunggal", "mandiri", "bersama", "bersatu", "kasih", "cinta",
    "suka", "duka", "mati", "hidup", "tanah", "air", "api", "angin", "hujan", "banjir",
    "longsor", "gempa", "badai", "pantura", "darat", "udara", "kapal", "perahu", "bus",
    "mobil", "motor", "truk", "kereta", "pesawat", "tol", "dinas", "badan", "lembaga",
    "komisi", "dewan", "partai", "ormas", "satgas", "tni", "polri", "kpk", "bnpb", "bpbd",
    "sar", "sekda", "kades", "kadis", "ayah", "anaknya", "adiknya", "ibunya", "ayahnya",
    "istri", "suami", "orang", "ketika", "kala", "tiba", "siapa", "apa", "mengapa",
    "bagaimana", "dimana", "kapan", "benar", "salah", "betul", "ya", "tak", "jangan", "mari",
    "ayo", "terima", "selamat", "semoga", "mohon", "tolong", "baca", "simak", "lihat", "foto",
    "video", "editor", "penulis", "reporter", "nov", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "dec", "agu", "okt", "des", "hamas", "hizbullah", "hezbollah",
    "taliban", "houthi", "isis", "perdana",
})


_ARTICLE_PREFIXES = ("al-", "el-", "ad-", "as-", "ar-", "an-", "ash-", "at-", "az-")


class _Token:
    """A word with its offsets, lookup key and case, computed once."""

    __slots__ = ("all_caps", "capitalised", "end", "key", "start", "text")

    def __init__(self, text: str, start: int, end: int, key: str) -> None:
        self.text, self.start, self.end, self.key = text, start, end, key
        self.capitalised = text[:1].isupper() or _arabic_capitalised(text)
        self.all_caps = len(text) >= 2 and text.isupper() and text.isalpha()


def _arabic_capitalised(text: str) -> bool:
    """Arabic names such as "al-Zor" count as capitalised."""
    head, dash, rest = text.partition("-")
    return bool(dash) and f"{head}-" in _ARTICLE_PREFIXES and rest[:1].isupper()


@dataclass
class _Hit:
    """A gazetteer name at tokens [i, i + length): its candidates and what backs it."""

    i: int
    length: int
    cands: list[Entry]
    cued: bool
    prefixed: bool = False


@dataclass
class _Found:
    """One place mention: where it is, what it denotes (entry) or its own name (local places)."""

    start: int
    surface: str
    entry: Entry | None
    local_name: str | None = None
    local_kind: str = "other"
    end: int = 0


def find_places(body: str, title: str | None, language: str, gazetteer: Gazetteer,
                dateline: str | None) -> list[Place]:
    """Every place the title and body name, deduplicated by id, in order of first appearance."""
    try:
        text = f"{title}\n{body}" if title else body
        title_end = len(title) + 1 if title else 0
        found = _scan(text, title_end, language, gazetteer)
        if dateline:
            found = _with_dateline(found, dateline, gazetteer)
        return _merge(found, language, gazetteer)
    except Exception:
        return []


DATELINE_TOWN = 1_000    # a dateline names a town at least this big (or any admin area)


def place_kind(gazetteer: Gazetteer) -> Callable[[str], str | None]:
    """A test for dateline parts: the kind of place a whole name denotes, or None when it is no
    place (or a common word that is also a hamlet somewhere)."""
    def kind(name: str) -> str | None:
        key = name_key(name)
        if not key or key in COMMON_WORDS:
            return None
        for entry in gazetteer.candidates(key):
            if entry.kind != "city" or entry.population >= DATELINE_TOWN:
                return entry.kind
        return None
    return kind


_NOUN_FOLLOWERS = frozenset({
    "and", "or", "to", "in", "on", "has", "had", "is", "was", "will", "would", "said", "for",
    "from", "with", "at", "by", "as", "but", "says", "have", "are", "were",
})
_NEXT_WORD = re.compile(r" ([a-z]+)")
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


_KEYS: dict[str, str] = {}     # word → name_key, shared across articles (bounded below)


def _key(word: str) -> str:
    key = _KEYS.get(word)
    if key is None:
        if len(_KEYS) > 500_000:
            _KEYS.clear()
        key = _KEYS[word] = name_key(word)
    return key


def _tokens(text: str) -> list[_Token]:
    """Words with offsets; words glued by scrapers ("diJalur") split at the case change."""
    tokens = []
    for m in _TOKEN.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if word[-2:] in ("'s", "\u2019s") and len(word) > 3:   # possessive: "Uganda's"
            word, end = word[:-2], end - 2
        if word.islower():
            if word in _KEPT_LOWER:     # other lower-case words only separate names
                tokens.append(_Token(word, start, end, word))
            continue
        if word[1:].islower() or word.isupper():
            tokens.append(_Token(word, start, end, _key(word)))
            continue
        for piece, offset in _unglue(word):
            tokens.append(_Token(piece, start + offset, start + offset + len(piece), _key(piece)))
    return tokens


def _unglue(word: str) -> list[tuple[str, int]]:
    cuts = [m.start() for m in _GLUE.finditer(word)]
    if not cuts or not word[:cuts[0]].islower() or word[:cuts[0]].endswith(_NO_SPLIT_BEFORE):
        return [(word, 0)]
    bounds = [0, *cuts, len(word)]
    return [(word[a:b], a) for a, b in pairwise(bounds)]


class _Scanner:
    """One article's tokens and where the gaps between them allow a multi-word name."""

    def __init__(self, text: str, title_end: int, language: str, gazetteer: Gazetteer) -> None:
        self.text = text
        self.title_end = title_end
        self.language = language
        self.gaz = gazetteer
        self.tokens = _tokens(text)
        self.joined = [self._joined(i) for i in range(len(self.tokens))]
        self.local_keys: set[str] = set()
        self.local_seen = 0
        self._run_starts: list[int] | None = None
        self._run_ends: list[int] | None = None

    def _joined(self, i: int) -> bool:
        """True when token i follows token i-1 with only spaces between (one name possible)."""
        if i == 0:
            return False
        gap = self.text[self.tokens[i - 1].end:self.tokens[i].start]
        if _SPACE_GAP.fullmatch(gap):
            return True
        return gap in (". ", ".") and self.tokens[i - 1].key in {"st", "mt", "ft", "jl", "jln"}

    def gap_before(self, i: int) -> str:
        return self.text[self.tokens[i - 1].end:self.tokens[i].start] if i > 0 else "\n"

    def weak(self, i: int) -> bool:
        """Title words and sentence starts are capitalised anyway: weak evidence of a name."""
        start = self.tokens[i].start
        if start < self.title_end:
            return True
        before = self.text[max(0, start - 12):start].rstrip(" \t\u00a0(\u2018'")
        return not before or before[-1] in _SENTENCE_END

    def namey(self, i: int) -> bool:
        """Capitalised and not a function word capitalised by position ("In Paris")."""
        tok = self.tokens[i]
        return tok.capitalised and (tok.key not in COMMON_WORDS or tok.all_caps)

    def run_start(self, i: int) -> int:
        """First token of the capitalised run that contains token i."""
        if self._run_starts is None:       # computed once: a walk per call is quadratic
            starts = self._run_starts = list(range(len(self.tokens)))
            for j in range(1, len(starts)):
                if self.joined[j] and self.namey(j - 1):
                    starts[j] = starts[j - 1]
        return self._run_starts[i]

    def run_end(self, i: int) -> int:
        """One past the last token of the capitalised run that contains token i (a function word
        may open a run, "In Paris", but a capitalised word after a name extends it)."""
        if self._run_ends is None:
            n = len(self.tokens)
            ends = self._run_ends = list(range(1, n + 1))
            for j in range(n - 2, -1, -1):
                if self.joined[j + 1] and self.tokens[j + 1].capitalised:
                    ends[j] = ends[j + 1]
        return self._run_ends[i]

    def longest(self, i: int, limit: int) -> tuple[int, list[Entry]]:
        """The longest gazetteer name starting at token i (at most `limit` tokens)."""
        best: tuple[int, list[Entry]] = (0, [])
        parts: list[str] = []
        for j in range(i, min(i + MAX_NGRAM, limit)):
            tok = self.tokens[j]
            if j > i and not self.joined[j]:
                break
            if not tok.capitalised and (j == i or tok.key not in CONNECTORS):
                break
            parts.append(tok.key)
            if tok.capitalised:
                cands = self.gaz.candidates(" ".join(parts))
                if cands:
                    best = (j - i + 1, cands)
        return best

    def surface(self, i: int, end: int) -> str:
        return self.text[self.tokens[i].start:self.tokens[end - 1].end]


def _scan(text: str, title_end: int, language: str, gaz: Gazetteer) -> list[_Found]:
    sc = _Scanner(text, title_end, language, gaz)
    hits: list[_Hit] = []
    local: list[_Found] = []
    toks = sc.tokens
    i = 0
    while i < len(toks):
        step = _prefixed(sc, i, hits, local)
        if step:
            i += step
            continue
        if toks[i].capitalised and not _in_organisation(sc, i):
            length, cands = sc.longest(i, len(toks))
            known = _known_local(sc, i, local)
            if known > length:
                local.append(_local(sc, i, i + known, "other"))
                i += known
                continue
            unknown = _unknown_name(sc, i, length, cands)
            if unknown:
                local.append(_local(sc, unknown[0], unknown[1], "other"))
                i = unknown[1]
                continue
            if length:
                hits.append(_Hit(i, length, cands, _cued(sc, i)))
                i += length
                continue
        i += 1
    countries = _context_countries(hits, language)
    persons = _person_words(sc, hits)
    found = [f for f in (_resolve(sc, h, countries, persons) for h in hits) if f]
    found = sorted(found + local, key=lambda f: f.start)
    if language == "id":
        found = sorted(found + _address_chains(sc, found), key=lambda f: f.start)
    return found


def _unknown_name(sc: _Scanner, i: int, length: int,
                  cands: list[Entry]) -> tuple[int, int] | None:
    """Length of a name the gazetteer lacks but the text marks as a place (0 when none):
    a known town plus a direction ("Purwokerto Timur", "Grogol Utara") in Indonesian text, or
    any plain capitalised name right after "wilayah", "kawasan" ... ("di wilayah Cilebut")."""
    if sc.language != "id" or (length and cands[0].kind not in ("city", "region")):
        return None
    end = sc.run_end(i)
    after = i + length
    if length and after < len(sc.tokens) and sc.joined[after] \
            and sc.tokens[after].key in DIRECTIONS and sc.tokens[after].capitalised:
        start = sc.run_start(i)
        if any(t.key in ORG_HEADS or t.all_caps for t in sc.tokens[start:i]) or i - start > 2:
            start = i
        return start, after + 1
    cue = sc.tokens[i - 1] if i > 0 and sc.joined[i] else None
    if cue and cue.key in STRONG_CUES and not cue.capitalised and not sc.weak(i) \
            and end - i <= 3 and not any(t.all_caps for t in sc.tokens[i:end]):
        words = [t.key for t in sc.tokens[i:end]]
        if not any(w in COMMON_WORDS or w in ORG_HEADS for w in words):
            return i, end
    return None


def _local(sc: _Scanner, start: int, end: int, kind: str) -> _Found:
    """A place the gazetteer lacks, named by the text itself (no coordinates)."""
    surface = sc.surface(start, end)
    return _Found(sc.tokens[start].start, surface, None, surface, kind, end)


def _known_local(sc: _Scanner, i: int, local: list[_Found]) -> int:
    """Length of the longest name at token i that an earlier prefix introduced ("Kabupaten
    Padang Lawas" makes a later bare "Padang Lawas" one place, not the city of Padang)."""
    if not local:
        return 0
    for f in local[sc.local_seen:]:            # index names that prefixes added since
        sc.local_keys.add(_key(f.local_name or ""))
    sc.local_seen = len(local)
    names = sc.local_keys
    best, parts = 0, []
    for j in range(i, min(i + MAX_NGRAM, len(sc.tokens))):
        if j > i and not sc.joined[j]:
            break
        parts.append(sc.tokens[j].key)
        if " ".join(parts) in names:
            best = j - i + 1
    return best


def _prefix_at(sc: _Scanner, i: int) -> tuple[str | None, int, bool]:
    """(kind, width, kept) of a generic or feature prefix at token i; kind None when none."""
    toks = sc.tokens
    key = toks[i].key
    if i + 1 < len(toks) and (key, toks[i + 1].key) in TWO_WORD_PREFIXES and sc.joined[i + 1]:
        return TWO_WORD_PREFIXES[(key, toks[i + 1].key)], 2, False
    if key in DROPPED_PREFIXES:
        return DROPPED_PREFIXES[key], 1, False
    if key in KEPT_PREFIXES and toks[i].capitalised:
        return "other", 1, True
    if key in NATURAL_FEATURES:    # "Sungai Batang Anai" keeps its word; "sungai Cibening" not
        return "other", 1, False
    return None, 0, False


def _prefixed(sc: _Scanner, i: int, hits: list[_Hit], local: list[_Found]) -> int:
    """Handle a generic or feature prefix at token i; return the tokens consumed (0: none).
    A dropped prefix may head a list ("Kecamatan Panga, Teunom dan Jaya"): each item counts."""
    kind, width, kept = _prefix_at(sc, i)
    if kind is None or _in_organisation(sc, i):
        return 0
    if i > 0 and sc.joined[i] and sc.tokens[i - 1].key == "wali":
        return 0      # "Wali kota" is a mayor
    first = _skip_numbers(sc, i + width)
    if first >= len(sc.tokens) or not sc.joined[i + width] or not sc.tokens[first].capitalised:
        return 0
    head = sc.tokens[first]
    if head.key in COMMON_WORDS and not head.all_caps and \
            (head.key in DIRECTIONS or sc.tokens[i].key in NATURAL_FEATURES):
        return 0      # "angkatan laut Barat" is the West, not a sea
    in_title = sc.tokens[i].start < sc.title_end
    if in_title and sc.longest(first, len(sc.tokens))[0] == 0:
        return 0      # titles capitalise every word: "Sejumlah Desa Banjir" names no village
    if _prefix_at(sc, first)[0] is not None and first + 1 < len(sc.tokens) \
            and sc.joined[first + 1] and sc.tokens[first + 1].capitalised:
        return 0
    length, cands = sc.longest(first, len(sc.tokens))
    if length and cands[0].kind == "country":
        return 0
    start = i if kept else i + width
    indonesian = sc.tokens[i].key in INDONESIAN_UNITS
    if in_title and indonesian and not any(c.country == "ID" for c in cands):
        return 0
    end = _take_name(sc, start, _name_end(sc, first, kept), kept, kind, hits, local,
                     indonesian)
    if kept or kind not in ("other", "region"):
        return end - i
    while end < len(sc.tokens):
        nxt = _list_item(sc, end)
        if nxt is None:
            break
        end = _take_name(sc, nxt, _name_end(sc, nxt), False, kind, hits, local, indonesian)
    return end - i


def _skip_numbers(sc: _Scanner, j: int) -> int:
    """Village names may start with numbers ("Kelurahan 9/10 Ulu", "35 Ilir")."""
    toks = sc.tokens
    while j < len(toks) - 1 and toks[j].text.isdigit() and \
            sc.text[toks[j].end:toks[j + 1].start] in ("/", " "):
        j += 1
    return j


def _take_name(sc: _Scanner, start: int, last: int, kept: bool, kind: str,
               hits: list[_Hit], local: list[_Found], indonesian: bool = False) -> int:
    """Record the name at tokens [start, last): a gazetteer place when the gazetteer knows the
    whole of it (in Indonesia after "Desa", "Kecamatan" ...), else a local place. Returns the
    index after it."""
    length, cands = sc.longest(start, last)
    if indonesian:
        cands = [c for c in cands if c.country == "ID"]
    if length and cands and length == last - start:
        hits.append(_Hit(start, length, cands, True, prefixed=True))
    else:
        local.append(_local(sc, start, last, kind))
    return last


def _list_item(sc: _Scanner, j: int) -> int | None:
    """Start of the next item of a place list after token j-1 (", X" / " dan X"), or None."""
    toks = sc.tokens
    gap = sc.text[toks[j - 1].end:toks[j].start]
    if gap in (" ", ", ") and toks[j].key in ("dan", "and", "serta") and j + 1 < len(toks):
        j += 1
        gap = sc.text[toks[j - 1].end:toks[j].start]
    elif gap != ", ":
        return None
    if gap not in (" ", ", ") or not toks[j].capitalised:
        return None
    if not sc.namey(j) and toks[j].key not in DIRECTIONS:
        return None
    if _prefix_at(sc, j)[0] is not None or toks[j].key in ORG_HEADS:
        return None
    end = _name_end(sc, j)
    if any((t.key in COMMON_WORDS and t.key not in DIRECTIONS) or t.key in ORG_HEADS
           for t in toks[j:end]):
        return None
    after = sc.text[toks[end - 1].end:toks[end].start] if end < len(toks) else ""
    if after.strip(" ") == "" and end < len(toks) and toks[end].key not in ("dan", "and", "serta"):
        return None     # "Desa X, Andri mengatakan": a name followed by a verb is a person
    return j


def _name_end(sc: _Scanner, first: int, kept: bool = False) -> int:
    """One past the last token of the name after a prefix: capitalised words and numerals,
    stopping where a known country or region begins ("Churu Rajasthan" is two places)."""
    toks = sc.tokens
    j = first + 1
    while j < len(toks) and j - first < 5 and sc.joined[j]:
        tok = toks[j]
        if _prefix_at(sc, j)[0] is not None or tok.key in ("rt", "rw"):
            break
        if tok.key in ORG_HEADS and not kept:
            break
        if not (tok.capitalised or tok.text.isdigit() or tok.key in NAME_CONNECTORS):
            break
        if tok.key in COMMON_WORDS and not tok.all_caps and tok.key not in DIRECTIONS:
            break
        length, cands = sc.longest(j, len(toks))
        if length and cands[0].kind in ("country", "region") and sc.longest(first, j)[0] != 0:
            break
        j += 1
    while j > first + 1 and toks[j - 1].key in NAME_CONNECTORS and not toks[j - 1].capitalised:
        j -= 1
    return j


def _in_organisation(sc: _Scanner, i: int) -> bool:
    """True when token i sits in a capitalised run headed by an organisation or facility word."""
    k = i
    while k > 0 and i - k < 4 and sc.joined[k] and sc.tokens[k - 1].capitalised:
        k -= 1
        if sc.tokens[k].key in ORG_HEADS:
            return True
    if i > 0 and sc.joined[i] and sc.tokens[i - 1].key in FACILITY_NOUNS:
        return True
    return i > 0 and sc.tokens[i - 1].key in ("rumah", "sakit") and sc.joined[i]


def _org_tail(sc: _Scanner, end: int) -> bool:
    return end < len(sc.tokens) and sc.joined[end] and sc.tokens[end].key in ORG_TAILS


def _cued(sc: _Scanner, i: int) -> bool:
    return i > 0 and sc.joined[i] and sc.tokens[i - 1].key in LOCATIVE_CUES


def _context_countries(hits: list[_Hit], language: str) -> set[str]:
    """Countries the article names, plus Indonesia for Indonesian text (its default setting)."""
    countries = {"ID"} if language == "id" else set()
    for h in hits:
        if h.cands[0].kind in ("country", "region") and h.cands[0].country:
            countries.add(h.cands[0].country)
    return countries


def _person_words(sc: _Scanner, hits: list[_Hit]) -> set[str]:
    """Town names seen inside longer capitalised runs without a cue ("George Zimmerman"): the
    article uses them as personal names, so their bare mentions are names too."""
    words = set()
    for h in hits:
        if h.length != 1 or h.cued or h.prefixed or h.cands[0].kind != "city":
            continue
        if h.cands[0].population >= BIG_TOWN:
            continue
        if sc.run_start(h.i) != h.i or sc.run_end(h.i) != h.i + 1 or _initial_before(sc, h.i) \
                or _personal(sc, h.i, h.i + 1):
            words.add(sc.tokens[h.i].key)
    return words


def _resolve(sc: _Scanner, hit: _Hit, countries: set[str], persons: set[str]) -> _Found | None:
    """Pick the entry a matched name denotes, or None when the match is not a place here."""
    toks = sc.tokens
    i, end = hit.i, hit.i + hit.length
    first, surface = toks[i], sc.surface(i, end)
    if _org_tail(sc, end):
        return None
    if first.key in ("us", "u s") and hit.length == 1 and not _us_as_noun(sc, end):
        return None
    if hit.length == 1 and first.key in COMMON_WORDS and not hit.prefixed and not first.all_caps:
        return None
    if name_key(surface) in NOT_PLACES:
        return None
    top = hit.cands[0]
    if top.kind != "city":
        if first.all_caps and hit.length == 1 and len(first.key) > 3 and top.country is None:
            return None
        return _Found(first.start, surface, top, end=end)
    if first.all_caps and not hit.cued:
        return None
    best = _pick_town(sc, hit, countries, persons)
    return _Found(first.start, surface, best, end=end) if best else None


def _pick_town(sc: _Scanner, hit: _Hit, countries: set[str], persons: set[str]) -> Entry | None:
    """Among same-named towns prefer one in a country the article names; demand more proof of
    small towns, alternate spellings, and names in titles, sentence starts and personal names."""
    key = " ".join(t.key for t in sc.tokens[hit.i:hit.i + hit.length])
    own = [c for c in hit.cands if not sc.gaz.is_alternate(key, c)]
    local = [c for c in hit.cands if c.country in countries]
    best = local[0] if local else (own or hit.cands)[0]
    if hit.prefixed:
        return best
    i, end = hit.i, hit.i + hit.length
    if _personal(sc, i, end):
        return None
    if _initial_before(sc, i):
        return None
    big = best.population >= BIG_TOWN
    if hit.length == 1 and sc.tokens[i].key in persons and not big:
        return None
    alone = sc.run_start(i) == i and sc.run_end(end - 1) == end
    if not alone and not (hit.length > 1 and (sc.run_start(i) == i or big)):
        return None
    if sc.gaz.is_alternate(key, best) and best.country not in countries:
        return None
    in_title = sc.tokens[i].start < sc.title_end
    if in_title and not hit.cued:
        return None
    if sc.weak(i) and not hit.cued:
        return best if big and (best.country in countries or best.population >= 1_000_000) \
            else None
    if big:
        return best
    if best.country in countries and (hit.cued or sc.language == "id"):
        return best
    return None


def _personal(sc: _Scanner, i: int, end: int) -> bool:
    """True for a name after a title or speech verb ("Bapak X", "kata X") or before an age."""
    if i and sc.joined[i] and sc.tokens[i - 1].key in PERSON_TITLES:
        return True
    stop = sc.tokens[end - 1].end
    return _AGE_AFTER.match(sc.text, stop, stop + 6) is not None


def _initial_before(sc: _Scanner, i: int) -> bool:
    """True after a personal initial ("John F. Kennedy")."""
    return i > 0 and sc.gap_before(i) == ". " and len(sc.tokens[i - 1].text) == 1 \
        and sc.tokens[i - 1].text.isupper()


def _us_as_noun(sc: _Scanner, end: int) -> bool:
    """"U.S."/"US" is a place as a noun ("the US and Japan"), not as an adjective or "US$"."""
    after = sc.text[sc.tokens[end - 1].end:sc.tokens[end - 1].end + 12]
    if after[:1] in ("$", "-"):
        return False
    if sc.language == "id" or not after.strip(" ") or after.lstrip(" ")[0] in ",.;:)\n":
        return True
    following = _NEXT_WORD.match(after)
    return following is not None and following.group(1) in _NOUN_FOLLOWERS


def _address_chains(sc: _Scanner, found: list[_Found]) -> list[_Found]:
    """Indonesian addresses list places from small to large ("Jalan Meliwis, Bukit Duri Timur,
    Tebet, Jakarta Selatan"): unknown capitalised names between two known places of one
    comma-separated chain are places too (villages and districts the gazetteer lacks)."""
    toks = sc.tokens
    starts = {f.start: f for f in found}
    runs: list[tuple[int, int, bool]] = []         # token start, end, is a known place
    i = 0
    while i < len(toks):
        if toks[i].capitalised:
            end = sc.run_end(i)
            f = starts.get(toks[i].start)
            runs.append((i, end, bool(f and f.end in (end, 0))))
            i = end
        else:
            i += 1
    extra: list[_Found] = []
    chain: list[tuple[int, int, bool]] = []
    for run in [*runs, (-1, -1, False)]:
        if chain and run[0] > 0 and sc.gap_before(run[0]) == ", " and chain[-1][1] == run[0]:
            chain.append(run)
            continue
        extra += _chain_places(sc, chain)
        chain = [run]
    return extra


def _chain_places(sc: _Scanner, chain: list[tuple[int, int, bool]]) -> list[_Found]:
    known = [n for n, run in enumerate(chain) if run[2]]
    if known and known[0] != 0 and _cued(sc, chain[0][0]):
        known.insert(0, -1)      # "di Yugukoak, Puncak, Papua Tengah": the cue opens the chain
    if len(known) < 2:
        return []
    out = []
    for start, end, is_place in chain[known[0] + 1:known[-1]]:
        words = [t.key for t in sc.tokens[start:end]]
        if is_place or end - start > 3 or any(w in COMMON_WORDS or w in ORG_HEADS for w in words):
            continue
        surface = sc.surface(start, end)
        out.append(_Found(sc.tokens[start].start, surface, None, surface, "other", end))
    return out


def _with_dateline(found: list[_Found], dateline: str, gaz: Gazetteer) -> list[_Found]:
    """Make sure the dateline place is present; it comes first when the text never names it."""
    key = name_key(dateline)
    for f in found:
        if name_key(f.surface) == key:
            return found
    if not any(c.isalpha() for c in dateline) or len(dateline) > 40:
        return found
    cands = gaz.candidates(key)
    if cands:
        return [_Found(-1, dateline, cands[0]), *found]
    return [_Found(-1, dateline, None, dateline, "city"), *found]


def _merge(found: list[_Found], language: str, gaz: Gazetteer) -> list[Place]:
    """One Place per id, mentions in order, named in the article's language."""
    places: dict[str, Place] = {}
    for f in found:
        surface = f.surface.title() if f.surface.isupper() and len(f.surface) > 3 else f.surface
        pid = f.entry.id if f.entry else _local_id(f.local_name or surface)
        place = places.get(pid)
        if place is None:
            places[pid] = _new_place(pid, f, surface, language, gaz)
        elif surface not in place.mentions:
            place.mentions.append(surface)
    return list(places.values())


def _local_id(name: str) -> str:
    """Id of a place the gazetteer lacks: "name:" + its key, so spellings that differ only in
    case or punctuation meet; such places carry no coordinates."""
    return "name:" + name_key(name).replace(" ", "-")


def _new_place(pid: str, f: _Found, surface: str, language: str, gaz: Gazetteer) -> Place:
    e = f.entry
    if e is None:
        return Place(name=surface, id=pid, mentions=[surface], country=None,
                     kind=f.local_kind, lat=None, lon=None)   # type: ignore[arg-type]
    name = surface if e.kind == "city" else (gaz.place_name(e.id, language) or surface)
    return Place(name=name, id=e.id, mentions=[surface], country=e.country,
                 kind=e.kind, lat=e.lat, lon=e.lon)   # type: ignore[arg-type]


# Lower-case words the rules look at; the tokenizer keeps only these and capitalised words.
_KEPT_LOWER = frozenset(
    set(DROPPED_PREFIXES) | {w for pair in TWO_WORD_PREFIXES for w in pair} | KEPT_PREFIXES
    | LOCATIVE_CUES | CONNECTORS | NAME_CONNECTORS | STRONG_CUES | FACILITY_NOUNS | PERSON_TITLES
    | {"dan", "and", "serta", "rumah", "sakit", "rt", "rw"}
)
