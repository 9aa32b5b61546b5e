"""Export district data.

    python -m geodata.exporter FILE.gpkg OUT.{gpkg,geojson,shp,csv} [--layers grids,sensors,...]
        [--incidents [--from ISO8601] [--to ISO8601] [--status open|STATUS,...] [--area AREA.geojson]]
        [--plan-version N] [--gcj02] --audit AUDIT.sqlite [--who NAME]

Coordinates are WGS84 lon/lat, or GCJ-02 with ``--gcj02`` (Amap, Tencent). A Shapefile is written
in UTF-8 with its .cpg; CSV carries the geometry as WKT, and text that a spreadsheet would run
as a formula is neutralised. Several layers to a one-layer format become one file per layer
(OUT_layer.ext). Every export is recorded in the audit log. Exit 2 with one line on failure.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime
from pathlib import Path

import shapely

from geodata.audit import AuditLog
from geodata.errors import DistrictDataError
from geodata.exporter.writing import ExportRequest, export
from geodata.localtime import CST


def _time(text: str) -> datetime:
    try:
        t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 time") from None
    return t if t.tzinfo else t.replace(tzinfo=CST)  # a time without an offset is China Standard Time


def _district(text: str):
    return text if text.startswith(("postgresql://", "postgres://")) else Path(text)


class _TrailOf:
    """The district's own audit trail, opened only to record (after GDAL has read the file:
    no connection of ours may be open on a file GDAL opens in this process)."""

    def __init__(self, where) -> None:
        self.where = where

    def record(self, *args, **kwargs):
        from geodata.store import open_store
        store = open_store(self.where)
        try:
            return AuditLog(store).record(*args, **kwargs)
        finally:
            store.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m geodata.exporter", description="Export district data.")
    p.add_argument("file", type=_district, help="a district GeoPackage, or the shared store's postgresql:// URL")
    p.add_argument("out", type=Path)
    p.add_argument("--layers", default="", help="comma-separated district layers (grids,sensors,cameras,...)")
    p.add_argument("--incidents", action="store_true", help="the incidents, filtered by the options below")
    p.add_argument("--from", dest="since", type=_time, help="reported at or after (ISO 8601; no offset = UTC+8)")
    p.add_argument("--to", dest="until", type=_time, help="reported before")
    p.add_argument("--status", default="", help="'open', or comma-separated statuses")
    p.add_argument("--area", type=Path, help="a GeoJSON polygon (WGS84): only incidents inside it")
    p.add_argument("--plan-version", type=int, help="a saved plan version's grids")
    p.add_argument("--gcj02", action="store_true", help="write GCJ-02 coordinates for Chinese web maps")
    p.add_argument("--audit", type=Path, help="an audit file to record the export in (default: the district's own "
                                              "audit trail, in the district file or the shared store)")
    p.add_argument("--who", default=getpass.getuser(), help="who exports (recorded)")
    args = p.parse_args(argv)
    try:
        area = None
        if args.area is not None:
            import geopandas as gpd
            area = shapely.union_all(gpd.read_file(args.area).to_crs(4326).geometry.values)
        request = ExportRequest(layers=[s for s in args.layers.split(",") if s], incidents=args.incidents,
                                since=args.since, until=args.until, area_lonlat=area,
                                statuses=tuple(s for s in args.status.split(",") if s), plan_version=args.plan_version,
                                gcj02=args.gcj02)
        notes: list[str] = []
        trail = AuditLog(args.audit) if args.audit else _TrailOf(args.file)
        written = export(args.file, request, args.out, trail, args.who, notes)
    except (DistrictDataError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
