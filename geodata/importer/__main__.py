"""Import a district from other tools' files.

    python -m geodata.importer OUT.gpkg --grids FILE [--sensors FILE] [--cameras FILE]
        [--incidents FILE] [--roads FILE] [--water FILE] [--buildings FILE] [--risk-sites FILE]
        [--shelters FILE] [--boundary FILE] [--map LAYER.FIELD=COLUMN ...] [--crs LAYER=SPEC ...]
        [--mapping FILE.json]

FILE is anything GDAL reads (FILE:LAYER for one layer of a multi-layer file) or a CSV/XLSX
table with lon/lat or WKT columns. SPEC is an EPSG code, ``gcj02`` or ``bd09``; without it the
file's own CRS is used, else WGS84. The mapping used is saved next to OUT as
``OUT.mapping.json`` and read again by ``--mapping``. Exit 0 with the warnings printed; exit 2
with one line when the data cannot make a district.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geodata.crs import parse_coordinate_spec
from geodata.errors import DistrictDataError
from geodata.importer.building import import_district
from geodata.importer.mapping import load_mapping, parse_map_option, save_mapping

LAYER_OPTIONS = {"grids": "grids", "sensors": "sensors", "cameras": "cameras", "incidents": "incidents",
                 "roads": "roads", "water": "water", "buildings": "buildings", "risk_sites": "risk-sites",
                 "shelters": "shelters", "district_boundary": "boundary"}


def mapping_path(out: Path) -> Path:
    return out.with_name(out.name + ".mapping.json")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m geodata.importer", description="Import a district from GIS files.")
    p.add_argument("out", type=Path, help="the district GeoPackage to write")
    for layer, option in LAYER_OPTIONS.items():
        p.add_argument(f"--{option}", dest=layer, metavar="FILE", help=f"the {layer} layer"
                       + (" (required)" if layer == "grids" else ""))
    p.add_argument("--map", action="append", default=[], metavar="LAYER.FIELD=COLUMN",
                   help="which source column fills a field, e.g. grids.name=网格名称 (also .lon/.lat/.wkt)")
    p.add_argument("--crs", action="append", default=[], metavar="LAYER=SPEC",
                   help="what a layer's coordinates are in: EPSG code, gcj02 or bd09")
    p.add_argument("--mapping", type=Path, help="a mapping saved by an earlier import (default: OUT.mapping.json if present)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        saved = args.mapping or (mapping_path(args.out) if mapping_path(args.out).exists() else None)
        mapping = load_mapping(saved) if saved else {}
        for text in args.map:
            layer, target, column = parse_map_option(text)
            mapping.setdefault(layer, {})[target] = column
        crs = {}
        for text in args.crs:
            layer, sep, spec = text.partition("=")
            if not sep or layer not in LAYER_OPTIONS:
                raise ValueError(f"--crs {text!r} must look like grids=4490 or incidents=gcj02")
            crs[layer] = parse_coordinate_spec(spec)
        sources = {layer: getattr(args, layer) for layer in LAYER_OPTIONS if getattr(args, layer)}
        if "grids" not in sources:
            raise ValueError("a district needs --grids FILE")
        result = import_district(args.out, sources, mapping, crs)
    except (DistrictDataError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    save_mapping(mapping_path(result.out), result.mapping, {k: v.label for k, v in crs.items()})
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    counts = ", ".join(f"{n} {layer}" for layer, n in result.counts.items())
    print(f"{result.out}: {counts}; stored in {result.storage_crs}; mapping saved to {mapping_path(result.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
