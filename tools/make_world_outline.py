"""Regenerate site_builder/data/world-outline.json.gz, the country outlines the place maps draw.

Source: Natural Earth 1:110m Admin 0 countries (public domain, naturalearthdata.com), as shipped
inside the geopandas 0.14.4 wheel on PyPI (geopandas/datasets/naturalearth_lowres/*.shp; later
geopandas releases dropped the data). Run once by hand; the site build only reads the result:

    pip download geopandas==0.14.4 --no-deps -d /tmp/geo && cd /tmp/geo && unzip -o -q \\
        geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/naturalearth_lowres/*'
    pip install --target /tmp/geo/lib pyshp shapely
    PYTHONPATH=/tmp/geo/lib python tools/make_world_outline.py \\
        /tmp/geo/geopandas/datasets/naturalearth_lowres/naturalearth_lowres

Each country's polygons are simplified (Douglas-Peucker, 0.25°) and stored as rings of integer
tenths of a degree, [lon, lat] pairs flattened: about 4,000 points, a few dozen kilobytes.
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import shapefile  # pyshp; needed only here, not by the site builder
from shapely.geometry import shape

TOLERANCE = 0.25                      # degrees
OUT = Path(__file__).resolve().parent.parent / "site_builder" / "data" / "world-outline.json.gz"


def rings(geometry) -> list[list[int]]:
    """Exterior rings of a (multi)polygon, simplified, as flat [lon10, lat10, ...] lists."""
    polygons = getattr(geometry, "geoms", [geometry])
    out = []
    for polygon in polygons:
        simple = polygon.simplify(TOLERANCE, preserve_topology=True)
        flat: list[int] = []
        for lon, lat in simple.exterior.coords[:-1]:
            point = [round(lon * 10), round(lat * 10)]
            if flat[-2:] != point:
                flat.extend(point)
        if len(flat) >= 6:
            out.append(flat)
    return out


def main(shp: str) -> None:
    reader = shapefile.Reader(shp)
    countries = []
    for record, shp_shape in zip(reader.records(), reader.shapes(), strict=True):
        countries.append({"iso_a3": record["iso_a3"], "name": record["name"],
                          "rings": rings(shape(shp_shape.__geo_interface__))})
    countries.sort(key=lambda c: c["name"])
    data = {"source": "Natural Earth 1:110m Admin 0 countries (public domain), via the "
                      "geopandas 0.14.4 wheel; simplified 0.25°; units: tenths of a degree",
            "countries": countries}
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    points = sum(len(r) // 2 for c in countries for r in c["rings"])
    print(f"{OUT}: {len(countries)} countries, {points} points, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
