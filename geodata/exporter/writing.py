"""What an export selects and how it is written (see the package docstring)."""
from __future__ import annotations

import os
import warnings
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from geodata import eventclass
from geodata.audit import AuditLog
from geodata.crs import WGS84, wgs84_geometry_to_gcj02
from geodata.errors import DistrictDataError
from geodata.loader import load_district
from geodata.schema import LAYERS, OPEN_INCIDENT_STATUSES
from geodata.store.sqlite import snapshot_copy
from geodata.textsafe import csv_cell

FORMATS = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON", ".shp": "ESRI Shapefile", ".csv": "CSV"}


@dataclass
class ExportRequest:
    """``layers``: district layer names; ``incidents``: True to add the filtered incidents (time
    bounds with their offset, an area in WGS84, statuses or "open"); ``plan_version``: a saved
    version's grids; ``gcj02``: convert lon/lat for Chinese web maps."""

    layers: list[str] = field(default_factory=list)
    incidents: bool = False
    since: datetime | None = None
    until: datetime | None = None
    area_lonlat: object | None = None
    statuses: tuple[str, ...] = ()
    plan_version: int | None = None
    gcj02: bool = False


def select(district_path: Path | str, request: ExportRequest) -> dict[str, gpd.GeoDataFrame]:
    """The frames to write, in WGS84 lon/lat (GCJ-02 when asked), by output layer name."""
    out: dict[str, gpd.GeoDataFrame] = {}
    district = load_district(district_path) if (request.layers or request.incidents) else None
    for name in request.layers:
        if name not in LAYERS:
            raise ValueError(f"unknown layer {name!r} (layers: {', '.join(LAYERS)})")
        out[name] = district.layer(name)
    if request.incidents:
        inc = district.incidents
        keep = pd.Series(True, index=inc.index)
        if request.since is not None:
            keep &= inc["reported_at"] >= pd.Timestamp(request.since)
        if request.until is not None:
            keep &= inc["reported_at"] < pd.Timestamp(request.until)
        if request.statuses:
            wanted = set(OPEN_INCIDENT_STATUSES) if request.statuses == ("open",) else set(request.statuses)
            keep &= inc["status"].isin(wanted)
        if request.area_lonlat is not None:
            area = gpd.GeoSeries([request.area_lonlat], crs=WGS84).to_crs(inc.crs).iloc[0]
            keep &= shapely.contains_xy(area, inc.geometry.x.to_numpy(), inc.geometry.y.to_numpy())
        chosen = inc[keep.to_numpy()].copy()
        classes = [eventclass.of(c) for c in chosen["category"]]  # GB/T 30428.2, code and name
        chosen["class_code"] = [c.code if c else None for c in classes]
        chosen["class_name"] = [c.name if c else None for c in classes]
        out["incidents"] = chosen
    if request.plan_version is not None:
        from geodata.plan.versions import PlanStore
        store = PlanStore(district_path, writable=False)
        if request.plan_version not in {v.version for v in store.versions()}:
            raise ValueError(f"{district_path} has no plan version {request.plan_version}")
        out[f"plan_v{request.plan_version}"] = store.grids(request.plan_version, WGS84)
    result = {}
    for name, frame in out.items():
        frame = frame.to_crs(WGS84)
        if request.gcj02:
            frame = frame.set_geometry(wgs84_geometry_to_gcj02(frame.geometry.values))
        result[name] = frame
    return result


def _for_writing(frame: gpd.GeoDataFrame, driver: str) -> gpd.GeoDataFrame:
    frame = frame.copy()
    for col in frame.columns:
        if col == frame.geometry.name:
            continue
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = frame[col].map(lambda t: None if pd.isna(t) else t.isoformat())
        elif driver == "CSV" and (frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col])):
            frame[col] = frame[col].map(csv_cell)  # a spreadsheet must not run a grid name
    return frame


def write(frames: dict[str, gpd.GeoDataFrame], out: Path, notes: list[str] | None = None) -> list[Path]:
    """Write ``frames`` to ``out`` (one file, or for one-layer formats one file per layer beside
    it); each written to a scratch folder and moved into place when complete."""
    driver = FORMATS.get(out.suffix.lower())
    if driver is None:
        raise ValueError(f"{out}: unknown format (use {', '.join(FORMATS)})")
    if not frames:
        raise ValueError("nothing to export: name layers, --incidents or --plan-version")
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".export-", dir=out.parent))
    written: list[Path] = []
    try:
        single = driver == "GPKG" or len(frames) == 1
        for name, frame in frames.items():
            target = scratch / (out.name if single else f"{out.stem}_{name}{out.suffix}")
            options = {"layer": name} if driver == "GPKG" else {}
            if driver == "ESRI Shapefile":
                options["encoding"] = "UTF-8"  # writes the .cpg that says so
            if driver == "CSV":
                options["layer_options"] = {"GEOMETRY": "AS_WKT"}
            with warnings.catch_warnings(record=True) as said:
                warnings.simplefilter("always")
                pyogrio.write_dataframe(_for_writing(frame, driver), target, driver=driver,
                                        append=driver == "GPKG" and target.exists(), **options)
            if notes is not None:  # e.g. a Shapefile cuts field names to 10 characters
                notes += [f"{target.name}: {w.message}" for w in said if issubclass(w.category, RuntimeWarning)]
        for path in sorted(scratch.iterdir()):
            final = out.parent / path.name
            os.replace(path, final)
            if final.suffix.lower() in (".gpkg", ".geojson", ".json", ".shp", ".csv"):
                written.append(final)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return written


def export(district_path: Path | str, request: ExportRequest, out: Path, audit: AuditLog | None, who: str,
           notes: list[str] | None = None, live: bool = False) -> list[Path]:
    """Select, write and audit one export. Raises DistrictDataError or ValueError naming the fault.

    ``district_path``: a district GeoPackage, or the URL of the shared store (read as one
    consistent snapshot by PostgreSQL itself). ``live``: the GeoPackage is open in this process
    (the console), so it is read from a backup snapshot, never opened by GDAL itself (see
    :func:`geodata.store.sqlite.snapshot_copy`)."""
    from geodata.store import is_url, redact
    out = Path(out)
    if is_url(district_path):
        frames = select(district_path, request)
        written = write(frames, out, notes)
        _audit(audit, who, redact(district_path), written, frames, request)
        return written
    district_path = Path(district_path)
    if not district_path.is_file():
        raise DistrictDataError(district_path, "no such file")
    if live:
        with tempfile.TemporaryDirectory(prefix="gridtwin-export-") as tmp:
            frames = select(snapshot_copy(district_path, Path(tmp) / "snapshot.gpkg"), request)
    else:
        frames = select(district_path, request)
    written = write(frames, out, notes)
    _audit(audit, who, str(district_path), written, frames, request)
    return written


def _audit(audit: AuditLog | None, who: str, source: str, written, frames, request) -> None:
    if audit is not None:
        audit.record(who, "export", {"district": source, "files": [str(p) for p in written],
                                     "layers": {k: len(v) for k, v in frames.items()},
                                     "crs": "GCJ-02" if request.gcj02 else "EPSG:4326",
                                     "filters": {"since": request.since and request.since.isoformat(),
                                                 "until": request.until and request.until.isoformat(),
                                                 "statuses": list(request.statuses),
                                                 "area": request.area_lonlat is not None}})
