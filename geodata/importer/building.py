"""Turn foreign layers into a district GeoPackage in our schema.

Each source is read as it is, its columns renamed by the mapping (extra columns kept), its
coordinates converted to the district's one storage CRS (CGCS2000 when the grids come in
CGCS2000 or one of its Gauss-Krüger zones, else WGS84; GCJ-02 and BD-09 are converted to
WGS84 first), then written to a temporary file that replaces ``out`` only when every layer is
written and the result loads: a failed or cancelled import leaves no half-written district.
The loader then supplies its documented defaults, and everything noticed comes back as warnings.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pyogrio

from geodata import gridcode
from geodata.crs import CGCS2000, WGS84, CoordinateSpec, offset_geometry_to_wgs84
from geodata.errors import DistrictDataError
from geodata.importer.mapping import SYNONYMS, propose
from geodata.importer.reading import read_source, split_source
from geodata.loader import load_district
from geodata.schema import LAYERS



class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""


@dataclass
class ImportResult:
    out: Path
    storage_crs: str
    counts: dict[str, int]
    mapping: dict[str, dict[str, str]]
    warnings: list[str] = field(default_factory=list)


def storage_crs_for(crs) -> object:
    """CGCS2000 when the grids are in it (geographic or projected on its datum), else WGS84."""
    if crs is not None:
        geodetic = crs.geodetic_crs
        if geodetic is not None and ("2000" in geodetic.name and "China" in geodetic.name
                                     or geodetic.to_epsg() == 4490):
            return CGCS2000
    return WGS84


def prepare_layer(layer: str, source: str, mapping: dict[str, str], spec: CoordinateSpec | None,
                  warnings: list[str]) -> tuple[gpd.GeoDataFrame, dict[str, str]]:
    """One source read, renamed and in lon/lat of its own datum (offset systems undone).
    Returns the frame and the mapping actually used (proposed, then overridden)."""
    path, inner = split_source(source)
    read = read_source(path, inner, columns_hint=mapping)
    warnings.extend(read.notes)
    frame = read.frame
    used = {**propose(layer, [c for c in frame.columns if c != frame.geometry.name]), **mapping}
    for target in ("lon", "lat", "wkt"):
        used.pop(target, None)
    absent = [c for c in used.values() if c not in frame.columns]
    if absent:
        raise DistrictDataError(path, f"has no column {absent[0]!r} to map",
                                hint=f"Columns: {', '.join(map(str, frame.columns))}")
    renamed = {src: target for target, src in used.items() if src != target}
    clash = [t for s, t in renamed.items() if t in frame.columns and t not in renamed]
    frame = frame.rename(columns={t: f"{t}_source" for t in clash}).rename(columns=renamed)
    empty = frame.geometry.isna() | frame.geometry.is_empty
    if empty.any():
        warnings.append(f"{path}: {int(empty.sum())} features of layer '{layer}' have no geometry and are left out")
        frame = frame[~empty]
    if spec is not None and spec.offset:
        frame = frame.set_crs(WGS84, allow_override=True)
        frame = frame.set_geometry(offset_geometry_to_wgs84(frame.geometry.values, spec.offset))
    elif spec is not None:
        frame = frame.set_crs(spec.crs, allow_override=True)
    elif frame.crs is None:
        warnings.append(f"{path}: declares no CRS; read as WGS84 longitude/latitude (say otherwise with "
                        f"--crs {layer}=SPEC)")
        frame = frame.set_crs(WGS84)
    _check_lonlat(frame, path, layer)
    return frame, used


def _check_lonlat(frame: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    if not len(frame) or not frame.crs.is_geographic:
        return
    minx, miny, maxx, maxy = frame.total_bounds
    if minx < -180.001 or maxx > 180.001 or miny < -90.001 or maxy > 90.001:  # edges of the world pass
        raise DistrictDataError(path, f"layer '{layer}' has coordinates up to {max(abs(minx), abs(maxx)):.0f}, "
                                      f"{max(abs(miny), abs(maxy)):.0f}: metres, not degrees",
                                hint=f"Say which projected CRS they are in: --crs {layer}=EPSG:4547 (for example)")


def grid_code_warnings(ids, path: Path) -> list[str]:
    bad = [str(i) for i in ids if gridcode.parse(str(i)) is None]
    if not bad:
        return []
    return [f"{path}: {len(bad)} of {len(ids)} grid ids are not 15-digit unit-grid codes (GB/T 30428.1), e.g. "
            f"{', '.join(bad[:3])}; kept as they are"]


def import_district(out: Path, sources: dict[str, str], mapping: dict[str, dict[str, str]] | None = None,
                    crs: dict[str, CoordinateSpec] | None = None,
                    progress: Callable[[float, str], None] | None = None,
                    cancelled: Callable[[], bool] = lambda: False) -> ImportResult:
    """Build the district ``out`` from ``sources`` ({layer: FILE[:LAYER]}); ``grids`` is required."""
    mapping, crs = mapping or {}, crs or {}
    report = progress or (lambda f, m: None)
    unknown = set(sources) - set(LAYERS)
    if unknown:
        raise ValueError(f"unknown layer {sorted(unknown)[0]!r} (layers: {', '.join(LAYERS)})")
    if "grids" not in sources:
        raise ValueError("a district needs --grids FILE")
    warnings: list[str] = []
    frames: dict[str, gpd.GeoDataFrame] = {}
    used: dict[str, dict[str, str]] = {}
    order = ["grids"] + [n for n in sources if n != "grids"]
    for k, layer in enumerate(order):
        if cancelled():
            raise ImportCancelled()
        report(0.7 * k / len(order), f"reading {layer}")
        frames[layer], used[layer] = prepare_layer(layer, sources[layer], mapping.get(layer, {}), crs.get(layer),
                                                   warnings)
    grids = frames["grids"]
    if "grid_id" not in grids.columns:
        path, _ = split_source(sources["grids"])
        raise DistrictDataError(path, "has no column for the grid ids",
                                hint=f"Name it: --map grids.grid_id=COLUMN (columns: "
                                     f"{', '.join(c for c in grids.columns if c != grids.geometry.name)})")
    storage = storage_crs_for(grids.crs)
    warnings += grid_code_warnings(grids["grid_id"].astype(str), split_source(sources["grids"])[0])
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.stem}.partial.gpkg")
    if partial.exists():
        partial.unlink()
    try:
        for k, (layer, frame) in enumerate(frames.items()):
            if cancelled():
                raise ImportCancelled()
            report(0.7 + 0.25 * k / len(frames), f"writing {layer}")
            frame = frame.to_crs(storage)
            frame = frame.rename_geometry("geom") if frame.geometry.name != "geom" else frame
            pyogrio.write_dataframe(_plain_columns(frame), partial, layer=layer, driver="GPKG",
                                    spatial_index=True)
        report(0.95, "checking")
        try:
            district = load_district(partial)
        except DistrictDataError as err:  # name the file the fault came from, not our scratch file
            source = split_source(sources[err.layer])[0] if err.layer in sources else out
            raise DistrictDataError(source, err.problem, layer=err.layer, column=err.column,
                                    feature_ids=err.feature_ids, hint=err.hint) from None
        warnings += [w.replace(str(partial), str(out)) for w in district.warnings]
        os.replace(partial, out)
    except BaseException:
        if partial.exists():
            partial.unlink()
        raise
    report(1.0, "imported")
    counts = {name: len(frames[name]) for name in frames}
    label = f"EPSG:{storage.to_epsg()} ({storage.name})"
    return ImportResult(out, label, counts, used, warnings)


def _plain_columns(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Column names GeoPackage and every GIS can hold: unique, non-empty, without the geometry's name."""
    seen: set[str] = set()
    names = []
    for col in frame.columns:
        name = str(col).strip() or "column"
        while name.lower() in seen:
            name += "_"
        seen.add(name.lower())
        names.append(name)
    frame = frame.copy()
    frame.columns = names
    return frame


def mapping_targets(layer: str) -> tuple[str, ...]:
    return tuple(SYNONYMS.get(layer, {}))
