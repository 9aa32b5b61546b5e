"""Batch form of grid planning.

    python -m geodata.plan check FILE.gpkg      coverage report as JSON; exit 1 if it has problems
    python -m geodata.plan stats FILE.gpkg      per-grid workload table as CSV
    python -m geodata.plan versions FILE.gpkg   saved plan versions as JSON
    python -m geodata.plan diff FILE.gpkg A B   grids changed between versions A and B, as CSV
    python -m geodata.plan activate FILE.gpkg V make version V the active plan
    python -m geodata.plan export FILE.gpkg V OUT.geojson

Exit status 2 means the file could not be used (the message says why).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import sys
from pathlib import Path

import numpy as np

from geodata.errors import DistrictDataError
from geodata.textsafe import csv_cell


def finite(value):
    """The report with every NaN or infinity as null: JSON has no such numbers, and a reader
    such as ``jq`` or a browser refuses a file that holds them."""
    if isinstance(value, float):
        return value if np.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    if isinstance(value, np.generic):
        return finite(value.item())
    return value


def _check(args) -> int:
    from geodata.crs import WGS84, transformer
    from geodata.loader import load_grids
    from geodata.plan.coverage import check_coverage, reference_outline

    grids, boundary, warnings = load_grids(args.file)
    geoms = list(grids.geometry.values)
    ref = reference_outline(geoms, None if boundary is None else boundary.geometry.values)
    report = check_coverage(geoms, ref)
    back = transformer(grids.crs, WGS84)
    out = report.to_json(grids["grid_id"].to_numpy(), to_lonlat=back.transform)
    out = {"file": str(args.file), "grids": len(grids),
           "reference": "district_boundary layer" if boundary is not None else "outer edge of the grids",
           **out, "warnings": warnings}
    json.dump(finite(out), sys.stdout, ensure_ascii=False, indent=1, allow_nan=False)
    sys.stdout.write("\n")
    return 0 if report.is_valid else 1


def _stats(args) -> int:
    from geodata.loader import load_district
    from geodata.plan.model import GridPlan

    plan = GridPlan(load_district(args.file))
    b = plan.balance
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["grid_id", "name", "community", "street", "population", "open_incidents", "past_incidents",
                     "sensors", "cameras", "area_km2", "compactness", "workload", "deviation"])
    for pos in plan.live_positions():
        a = plan.attrs[pos]
        writer.writerow([*map(csv_cell, (a["grid_id"], a["name"], a["community"], a["street"])),
                         int(round(b.population[pos])),
                         int(b.open_incidents[pos]), int(b.past_incidents[pos]), int(b.sensors[pos]),
                         int(b.cameras[pos]), f"{b.area_km2[pos]:.4f}", f"{b.compactness[pos]:.3f}",
                         f"{b.workload[pos]:.3f}", f"{b.deviation[pos]:+.3f}"])
    return 0


def _versions(args) -> int:
    from geodata.plan.versions import PlanStore, versions_json
    print(versions_json(PlanStore(args.file, writable=False)))
    return 0


def _diff(args) -> int:
    from geodata.loader import load_district
    from geodata.plan.versions import PlanStore, diff_versions

    rows = diff_versions(PlanStore(args.file, writable=False), args.a, args.b, load_district(args.file))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    keys = ("population", "open_incidents", "past_incidents", "sensors", "cameras")
    writer.writerow(["grid_id", "change", "area_before_km2", "area_after_km2", "moved_m2"]
                    + [f"{k}_{w}" for k in keys for w in ("before", "after")])
    for r in rows:
        if r.change == "unchanged" and not args.all:
            continue
        writer.writerow([csv_cell(r.grid_id), r.change, f"{r.area_before_km2:.4f}", f"{r.area_after_km2:.4f}",
                         f"{r.moved_m2:.1f}"] + [r.counts_before.get(k, "") if w == "before" else
                                                 r.counts_after.get(k, "") for k in keys for w in ("before", "after")])
    return 0


def _activate(args) -> int:
    from geodata.plan.versions import PlanStore
    PlanStore(args.file).activate(args.version)
    print(json.dumps({"file": str(args.file), "active": args.version}))
    return 0


def _export(args) -> int:
    from geodata.plan.versions import PlanStore
    out = PlanStore(args.file, writable=False).export_geojson(args.version, args.out)
    print(json.dumps({"file": str(args.file), "version": args.version, "out": str(out)}))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geodata.plan", description="Grid plan checks and versions.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, fn, help_ in (("check", _check, "coverage report as JSON (exit 1 when it has problems)"),
                            ("stats", _stats, "per-grid workload table as CSV"),
                            ("versions", _versions, "saved plan versions as JSON")):
        p = sub.add_parser(name, help=help_)
        p.add_argument("file", type=Path)
        p.set_defaults(fn=fn)
    p = sub.add_parser("diff", help="grids changed between two versions, as CSV")
    p.add_argument("file", type=Path)
    p.add_argument("a", type=int)
    p.add_argument("b", type=int)
    p.add_argument("--all", action="store_true", help="list unchanged grids too")
    p.set_defaults(fn=_diff)
    p = sub.add_parser("activate", help="make a saved version the active plan")
    p.add_argument("file", type=Path)
    p.add_argument("version", type=int)
    p.set_defaults(fn=_activate)
    p = sub.add_parser("export", help="write a version as GeoJSON")
    p.add_argument("file", type=Path)
    p.add_argument("version", type=int)
    p.add_argument("out", type=Path)
    p.set_defaults(fn=_export)
    args = parser.parse_args(argv)
    try:
        return args.fn(args)
    except BrokenPipeError:  # the reader stopped early (| head): not an error of the data
        sys.stdout = open(os.devnull, "w")
        return 0
    except (DistrictDataError, ValueError, OSError, sqlite3.Error) as exc:
        print(f"error: {args.file}: {exc}" if str(args.file) not in str(exc) else f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
