"""Read a layer from whatever a city hands over: anything GDAL reads through pyogrio
(GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML, ...) and tables (CSV, XLSX) with lon/lat or
WKT columns. The coordinates come back as the file declares them, with the CRS it declares;
converting is the caller's business (it knows what the user said).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geodata.errors import DistrictDataError
from geodata.importer.mapping import LAT_NAMES, LON_NAMES, WKT_NAMES, find_column

TABLES = {".csv", ".txt", ".tsv", ".xlsx", ".xls"}
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK and GB2312


@dataclass
class SourceFrame:
    """A layer as read: its rows, the CRS the file declares (None when it declares none) and
    what was noticed while reading (encoding guessed, rows without coordinates)."""

    frame: gpd.GeoDataFrame
    declared_crs: object | None
    notes: list[str] = field(default_factory=list)


def split_source(text: str) -> tuple[Path, str | None]:
    """``FILE`` or ``FILE:LAYER`` (a layer inside a GeoPackage or other multi-layer file)."""
    path = Path(text)
    if not path.exists() and ":" in text:
        head, _, layer = text.rpartition(":")
        if Path(head).exists():
            return Path(head), layer
    return path, None


def read_source(path: Path, layer: str | None = None, columns_hint: dict[str, str] | None = None) -> SourceFrame:
    """Read one layer of ``path``. Raises DistrictDataError naming the file when it cannot."""
    if not path.exists():
        raise DistrictDataError(path, "no such file")
    if path.is_dir() and path.suffix.lower() != ".gdb":
        raise DistrictDataError(path, "is a folder, not a GIS file")
    if path.suffix.lower() in TABLES:
        return _read_table(path, columns_hint or {})
    return _read_vector(path, layer)


def _read_vector(path: Path, layer: str | None) -> SourceFrame:
    notes: list[str] = []
    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:  # pyogrio's DataSourceError and kin
        raise DistrictDataError(path, f"cannot be read as a GIS file ({_first_line(exc)})") from exc
    if layer is None:
        spatial = [str(n) for n, g in layers if g is not None]
        if not spatial:
            raise DistrictDataError(path, "holds no layer with geometry")
        if len(spatial) > 1:
            notes.append(f"{path.name}: {len(spatial)} layers; read '{spatial[0]}' (name another as FILE:LAYER)")
        layer = spatial[0]
    kwargs = {}
    if path.suffix.lower() == ".shp":
        kwargs = _shapefile_encoding(path, notes)
    try:
        frame = pyogrio.read_dataframe(path, layer=layer, **kwargs)
    except Exception as exc:
        raise DistrictDataError(path, f"layer {layer!r} cannot be read ({_first_line(exc)})") from exc
    if not isinstance(frame, gpd.GeoDataFrame):
        raise DistrictDataError(path, f"layer {layer!r} has no geometry")
    return SourceFrame(frame.reset_index(drop=True), frame.crs, notes)


def _shapefile_encoding(path: Path, notes: list[str]) -> dict:
    """GDAL honours a .cpg file and the DBF's language driver byte. A DBF with neither is
    often GBK from Chinese tools: read it as UTF-8 when it decodes so, else as GB18030."""
    if path.with_suffix(".cpg").exists() or path.with_suffix(".CPG").exists():
        return {}
    dbf = next((p for p in (path.with_suffix(".dbf"), path.with_suffix(".DBF")) if p.exists()), None)
    if dbf is None:
        return {}
    data = dbf.read_bytes()
    if len(data) > 29 and data[29] != 0:
        return {}  # the language driver id says what it is; GDAL reads it
    try:
        data.decode("utf-8")
        return {"encoding": "UTF-8"}
    except UnicodeDecodeError:
        notes.append(f"{path.name}: no .cpg and no code page in the DBF; its text is not UTF-8, read as GB18030 (GBK)")
        return {"encoding": "GB18030"}


def _read_table(path: Path, hint: dict[str, str]) -> SourceFrame:
    notes: list[str] = []
    if path.suffix.lower() in (".xlsx", ".xls"):
        try:
            frame = pyogrio.read_dataframe(path, read_geometry=False)  # GDAL's XLSX driver, no extra package
        except Exception as exc:
            raise DistrictDataError(path, f"cannot be read as a spreadsheet ({_first_line(exc)})") from exc
        frame = pd.DataFrame(frame)
    else:
        frame = None
        for encoding in TEXT_ENCODINGS:
            try:
                frame = pd.read_csv(path, encoding=encoding, sep=None, engine="python", dtype=str,
                                    keep_default_na=False)
                if encoding != TEXT_ENCODINGS[0]:
                    notes.append(f"{path.name}: not UTF-8; read as {encoding.upper()}")
                break
            except UnicodeDecodeError:
                continue
            except (pd.errors.ParserError, ValueError) as exc:
                raise DistrictDataError(path, f"cannot be read as a table ({_first_line(exc)})") from exc
        if frame is None:
            raise DistrictDataError(path, "is neither UTF-8 nor GB18030 text")
    columns = list(frame.columns)
    wkt = hint.get("wkt") or find_column(columns, WKT_NAMES)
    lon = hint.get("lon") or find_column(columns, LON_NAMES)
    lat = hint.get("lat") or find_column(columns, LAT_NAMES)
    if wkt and wkt in frame.columns:
        texts = frame[wkt].astype(str).str.strip()
        geoms = shapely.from_wkt(texts.where(texts != "", None), on_invalid="ignore")
        bad = shapely.is_missing(geoms) & (texts != "").to_numpy()
        if bad.any():
            rows = (np.flatnonzero(bad) + 2).tolist()[:10]
            raise DistrictDataError(path, f"column {wkt!r} holds text that is not WKT (lines {rows})")
        frame = frame.drop(columns=[wkt])
    elif lon and lat and lon in frame.columns and lat in frame.columns:
        x = pd.to_numeric(frame[lon], errors="coerce").to_numpy(dtype=float)
        y = pd.to_numeric(frame[lat], errors="coerce").to_numpy(dtype=float)
        bad = ~(np.isfinite(x) & np.isfinite(y))
        if bad.all():
            raise DistrictDataError(path, f"columns {lon!r}/{lat!r} hold no numbers")
        geoms = shapely.points(x, y)
        geoms[bad] = None
        if bad.any():
            notes.append(f"{path.name}: {int(bad.sum())} rows without numeric {lon}/{lat} "
                         f"(lines {(np.flatnonzero(bad) + 2).tolist()[:10]}) have no geometry")
    else:
        raise DistrictDataError(path, "has neither lon/lat nor WKT columns",
                                hint=f"Columns: {', '.join(map(str, columns))}. Name them with --map LAYER.lon=COL "
                                     "--map LAYER.lat=COL, or LAYER.wkt=COL")
    return SourceFrame(gpd.GeoDataFrame(frame, geometry=geoms), None, notes)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
