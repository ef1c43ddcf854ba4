"""The gazetteer's index as shipped in the package (`site_builder/data/gazetteer-index.br`), so
that a new machine's first build reads it in well under a second instead of building it from
GeoNames, Indonesia's register and ISO 3166-2 (seconds of CPU: gazetteer_build.py).

The file is made by `python tools/pack_gazetteer.py` from the index that gazetteer_build.py
builds, never by hand, and it is used only when the digest it was made for is the running
code's and data's (`index_digest`: the data packages' versions, pinned in pyproject.toml, the
supplement and the index's code); otherwise the index is built as before. It holds what a build
needs of the index: the rows, the name keys, the deliberate aliases and every place's page slug
in both site languages (gazetteer_slugs: the same for every build of this version).

To stay a few MB in git it is stored by column (a column of similar values compresses far
better than rows): strings joined by newlines (none holds one: `pack` refuses it), numbers as
arrays, and the Indonesian names and English slugs only where they differ from the English names
and Indonesian slugs (a few hundred of 327,000 places). Compressed by Brotli (at its densest:
6.4 MB, a minute to pack), which unpacks the 30 MB in 0.13 CPU s here; LZMA's 5.9 MB took 0.43.
"""
from __future__ import annotations

import hashlib
import pickle
import sys
from array import array
from itertools import islice, repeat
from operator import truediv
from pathlib import Path

import brotli

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "gazetteer-index.br"
MAGIC = b"site-builder gazetteer index "
# The header: MAGIC, the digest, the body's sha256 (Brotli has no checksum: a flipped bit can
# unpack into other coordinates), the data packages' versions it was made from, a newline; then
# the Brotli stream.
_SLUG_LANGUAGES = ("id", "en")               # gazetteer_slugs.SLUG_LANGUAGES

Rows = list[tuple]
Index = dict[str, tuple[int, ...]]
Slugs = dict[str, dict[str, str]]            # language → place id → slug


def pack(rows: Rows, index: Index, preferred: frozenset[str], slugs: Slugs,
         digest: str, versions: str) -> bytes:
    """The file's bytes (see the module docstring)."""
    ids, kinds, countries, lats, lons, pops, en, idn, admin = zip(*rows, strict=True)
    single = [key for key, positions in index.items() if len(positions) == 1]
    several = [key for key, positions in index.items() if len(positions) > 1]
    columns = {
        "ids": _lines(ids), "kinds": _codes(kinds), "countries": _codes(countries),
        "lats": _coordinates(lats), "lons": _coordinates(lons),
        "pops": array("q", pops).tobytes(), "en": _lines(en), "idn": _differing(idn, en),
        "admin": _differing(admin, [""] * len(admin)),
        "single": (_lines(single), array("I", [index[key][0] for key in single]).tobytes()),
        "several": (_lines(several), array("I", [len(index[key]) for key in several]).tobytes(),
                    array("I", [p for key in several for p in index[key]]).tobytes()),
        "preferred": _lines(sorted(preferred)),
    }
    by_row = {language: [slugs[language][place_id] for place_id in ids]
              for language in _SLUG_LANGUAGES}
    columns["slug_id"] = _lines(by_row["id"])
    columns["slug_en"] = _differing(by_row["en"], by_row["id"])
    body = brotli.compress(pickle.dumps(columns, protocol=pickle.HIGHEST_PROTOCOL), quality=11,
                           lgwin=24)
    head = b" ".join([digest.encode(), hashlib.sha256(body).hexdigest().encode(),
                      versions.encode()])
    return MAGIC + head + b"\n" + body


class Damaged(ValueError):
    """The shipped file is not one this code can read whole (its reason: the message)."""


def _header(path: Path) -> list[str]:
    """The header's fields after MAGIC: digest, checksum, versions (Damaged: not ours)."""
    with path.open("rb") as fh:
        head = fh.readline(400)
    if not head.startswith(MAGIC) or not head.endswith(b"\n"):
        raise Damaged("not a gazetteer index (bad header)")
    try:
        fields = head[len(MAGIC):].decode("ascii").split()
    except UnicodeDecodeError:
        raise Damaged("damaged header") from None
    if len(fields) != 3:
        raise Damaged("damaged header")
    return fields


def shipped_digest(path: Path = SHIPPED) -> str | None:
    """The digest the shipped file was made for (None: no file, or not one of ours)."""
    try:
        return _header(path)[0]
    except (OSError, Damaged):
        return None


def shipped_versions(path: Path = SHIPPED) -> str | None:
    """The data packages' versions the shipped file was made from ("name=version,...")."""
    try:
        return _header(path)[2]
    except (OSError, Damaged):
        return None


def unpack_shipped(digest: str, path: Path = SHIPPED
                   ) -> tuple[Rows, Index, frozenset[str], Slugs] | None:
    """The shipped index when it was made for `digest`, else None (then it is built). A file
    that cannot be read whole is one line on stderr, never a traceback nor other data."""
    if not path.is_file():
        return None
    try:
        if _header(path)[0] != digest:
            return None          # made for other code or data: not a fault, built instead
        return decode(path.read_bytes())
    except Exception as err:     # (whatever a damaged file makes the unpacking raise)
        problem = err if isinstance(err, Damaged) else f"damaged ({type(err).__name__})"
        print(f"{path}: {problem}; building the gazetteer index from its sources",
              file=sys.stderr)
        return None


def decode(data: bytes) -> tuple[Rows, Index, frozenset[str], Slugs]:
    """What a shipped file's bytes hold, its checksum verified (Damaged: it differs)."""
    end = data.index(b"\n")
    fields = data[len(MAGIC):end].decode("ascii").split()
    body = data[end + 1:]
    if len(fields) != 3 or hashlib.sha256(body).hexdigest() != fields[1]:
        raise Damaged("damaged (checksum mismatch)")
    columns = pickle.loads(brotli.decompress(body))
    if not isinstance(columns, dict):
        raise Damaged("damaged (not the index's columns)")
    return unpack(columns)


def unpack(columns: dict) -> tuple[Rows, Index, frozenset[str], Slugs]:
    """The rows, name index, aliases and slugs, equal to what `pack` was given."""
    ids = columns["ids"].split("\n")
    en = columns["en"].split("\n")
    rows = list(zip(ids, _uncodes(columns["kinds"]), _uncodes(columns["countries"]),
                    _uncoordinates(columns["lats"]), _uncoordinates(columns["lons"]),
                    array("q", columns["pops"]).tolist(), en, _undiffer(columns["idn"], en),
                    _undiffer(columns["admin"], [""] * len(ids)), strict=True))
    keys, firsts = columns["single"]
    index: Index = dict(zip(keys.split("\n"), zip(array("I", firsts)), strict=True))
    keys, counts, positions = columns["several"]
    flat = iter(array("I", positions).tolist())
    index.update((key, tuple(islice(flat, count)))
                 for key, count in zip(keys.split("\n"), array("I", counts), strict=True))
    slug_id = columns["slug_id"].split("\n")
    slugs = {"id": dict(zip(ids, slug_id, strict=True)),
             "en": dict(zip(ids, _undiffer(columns["slug_en"], slug_id), strict=True))}
    return rows, index, frozenset(columns["preferred"].split("\n")), slugs


def _lines(values) -> str:
    """Strings joined by newlines."""
    if any(not isinstance(v, str) or "\n" in v for v in values):
        raise ValueError("a value the shipped index cannot hold as a line")
    return "\n".join(values)


def _codes(values) -> tuple[list, bytes]:
    """A column of few distinct values (kinds, country codes): the values, and each row's."""
    distinct = list(dict.fromkeys(values))
    number = {value: n for n, value in enumerate(distinct)}
    return distinct, array("H", [number[v] for v in values]).tobytes()


def _uncodes(column: tuple[list, bytes]) -> list:
    distinct, codes = column
    return [distinct[n] for n in array("H", codes)]


def _coordinates(values) -> tuple[bytes, dict[int, object]]:
    """Degrees in ten-thousandths (what the index rounds them to), and the values that are not
    exactly such a float (None, an int, a finer one) as they are."""
    scaled, odd = array("i"), {}
    for n, value in enumerate(values):
        whole = round(value * 10_000) if isinstance(value, float) else 0
        if not isinstance(value, float) or whole / 10_000 != value:
            odd[n] = value
        scaled.append(whole)
    return scaled.tobytes(), odd


def _uncoordinates(column: tuple[bytes, dict[int, object]]) -> list:
    scaled, odd = column
    values: list = list(map(truediv, array("i", scaled), repeat(10_000)))
    for n, value in odd.items():
        values[n] = value
    return values


def _differing(values, base) -> dict[int, str]:
    """{position: value} where the value is not the base column's."""
    return {n: v for n, (v, b) in enumerate(zip(values, base, strict=True)) if v != b}


def _undiffer(changes: dict[int, str], base: list[str]) -> list[str]:
    values = list(base)
    for n, value in changes.items():
        values[n] = value
    return values
