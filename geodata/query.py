"""Who and what was at a place at a time.

    python -m geodata.query FILE --at LON,LAT --radius M --from ISO8601 --to ISO8601
        [--area AREA.geojson] [--json]

FILE is a district GeoPackage or the shared store's postgresql:// URL (whose row security
decides what the user may see). The place is a circle of true ground metres around LON,LAT
(WGS84), or a GeoJSON polygon. A time without an offset is China Standard Time. ``--json``
prints one JSON object: ``incidents`` lists the matching incident ids, nearest first; also
``incident_details``, ``readings``, ``alarms``, ``cameras`` and ``workers``. Exit 2 with one
line naming what is wrong.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from geodata.localtime import CST


def _time(text: str) -> datetime:
    try:
        t = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 time") from None
    return t if t.tzinfo else t.replace(tzinfo=CST)


def _lonlat(text: str) -> tuple[float, float]:
    try:
        lon, lat = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not LON,LAT in degrees (e.g. 114.03,22.65)") from None
    return lon, lat


def _metres(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a distance in metres") from None
    if not (value >= 0 and value < 1e6):
        raise argparse.ArgumentTypeError(f"the radius {text} must be between 0 and 1,000,000 metres")
    return value


def read_area(path: Path):
    """The union of the polygons in a GeoJSON file, in lon/lat."""
    import geopandas as gpd
    import shapely
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # GDAL's own words say what it could not read
        raise ValueError(f"{path}: cannot be read as GeoJSON ({exc})") from None
    if frame.crs is not None:
        frame = frame.to_crs(4326)
    polys = [g for g in frame.geometry.values if g is not None and g.geom_type in ("Polygon", "MultiPolygon")]
    if not polys:
        raise ValueError(f"{path}: holds no polygon to ask about")
    return shapely.union_all(polys)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m geodata.query", description="Who and what was at a place at a time.")
    p.add_argument("file", help="a district GeoPackage, or the shared store's postgresql:// URL")
    p.add_argument("--at", type=_lonlat, help="the centre, LON,LAT in WGS84 degrees")
    p.add_argument("--radius", type=_metres, default=0.0, help="ground metres around --at (default 0: the point)")
    p.add_argument("--from", dest="since", type=_time, required=True, help="start (ISO 8601; no offset = UTC+8)")
    p.add_argument("--to", dest="until", type=_time, required=True, help="end, inclusive")
    p.add_argument("--area", type=Path, help="a GeoJSON polygon instead of (or as well as the centre of) a circle")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    args = p.parse_args(argv)
    if args.at is None and args.area is None:
        p.error("say where: --at LON,LAT [--radius M], or --area FILE.geojson")
    try:
        result, payload = run(args.file, args.at, args.radius, args.since, args.until, args.area)
    except (ValueError, OSError) as exc:
        print(f"geodata.query: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a district the loader refuses says why
        print(f"geodata.query: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(payload, ensure_ascii=False))
    else:
        q = payload["query"]
        where = f"within {q['radius_m']:g} m of {q['lon']:.6f},{q['lat']:.6f}" if q["area"] is None else "inside the area"
        print(f"{where}, {q['from']} – {q['to']}")
        print(f"  incidents {len(payload['incidents'])}: {', '.join(payload['incidents'][:20])}"
              + (" …" if len(payload["incidents"]) > 20 else ""))
        print(f"  sensor readings {len(payload['readings'])}, alarms {len(payload['alarms'])}")
        print(f"  cameras {len(payload['cameras'])}: {', '.join(c['camera_id'] for c in payload['cameras'][:10])}")
        for w in payload["workers"]:
            print(f"  grid {w['grid_id']} {w['grid']} ({w['community']}): {w['grid_worker'] or '-'}")
    return 0


def run(file: str, at, radius: float, since: datetime, until: datetime, area_path: Path | None):
    """Load, index and ask once; returns the result and its JSON form."""
    from geodata.analysis.history import IncidentHistory
    from geodata.analysis.query import SpaceTimeQuery, StoreReadings
    from geodata.analysis.spacetime import Place
    from geodata.incidents.store import IncidentStore
    from geodata.loader import load_district
    from geodata.spatial_index import CityIndex

    remote = file.startswith(("postgresql://", "postgres://"))
    area = read_area(area_path) if area_path is not None else None  # GDAL reads before our store opens
    district = load_district(file if remote else Path(file))
    if area is not None:
        place = Place.polygon(district, area)
    else:
        place = Place.circle(district, at[0], at[1], radius)
    store = IncidentStore(file if remote else Path(file), readonly=not remote)
    try:
        index = CityIndex.from_district(district)
        history = IncidentHistory.of(district, index, store)
        query = SpaceTimeQuery(district, history, StoreReadings(district, store.store))
        result = query.ask(place, since, until)
        return result, result.as_json(district, history)
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
