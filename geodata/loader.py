"""Open a district GeoPackage and validate it against the schema.

Every problem raises :class:`DistrictDataError` naming the file, layer, column or
feature ids and what to do. Nothing is silently dropped: an invalid geometry is
refused (or, with ``repair=True``, repaired and reported in ``District.warnings``).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geodata.crs import WGS84, metric_crs_for
from geodata.district import District
from geodata.errors import DistrictDataError
from geodata.schema import ALL_LAYERS, LAYERS, POINT_LAYERS, REQUIRED, SAME_AS_ID, LayerSpec
from geodata.shared_text import shared_text

_FAMILIES = {
    "Polygon": ("Polygon", "MultiPolygon"),
    "Point": ("Point",),
    "LineString": ("LineString", "MultiLineString"),
}
_ISO_WITH_OFFSET = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$"


def load_grids(path: str | Path, *, keep_invalid: bool = True) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame | None, list[str]]:
    """Only the grids and the optional district boundary, in the metric CRS, for plan checks.

    With ``keep_invalid`` an invalid grid is kept (and listed in the returned warnings)
    so a coverage check can report it rather than refuse the file.
    """
    path = Path(path)
    check_is_geopackage(path)
    present = {name for name, _ in pyogrio.list_layers(path)}
    if "grids" not in present:
        raise DistrictDataError(path, "this required layer is missing", layer="grids")
    warnings: list[str] = []
    grids = _read_layer(path, LAYERS["grids"], False, warnings, keep_invalid=keep_invalid)
    metric = _working_crs(grids)
    boundary = None
    if "district_boundary" in present:
        boundary = _read_layer(path, LAYERS["district_boundary"], False, warnings).to_crs(metric)
    return _finite_in(grids.to_crs(metric), path, metric), boundary, warnings


def load_district(source, *, repair: bool = False,
                  progress: Callable[[float, str], None] | None = None,
                  base_ready: Callable[[District], None] | None = None) -> District:
    """Load and validate the district in ``source``: a GeoPackage path, or a store
    (:mod:`geodata.store`) that holds one, e.g. the shared PostGIS store.

    Layers come back in a metric UTM CRS chosen for the district. Raises
    :class:`DistrictDataError` for a missing or foreign file, a missing layer or column,
    a wrong geometry type, null or invalid geometry, a missing CRS, an empty ``grids``
    layer, bad attribute values or duplicate ids.

    The grids and the context layers (basemap, risk sites) are read first, the point
    layers last: ``base_ready(district)`` is called in between with the district as it
    will be returned, its point layers still empty, so a console can draw the map while
    the 580,000 points of a Longhua are read. The same object is then filled and returned.
    """
    from geodata.store import Store, is_url, open_store
    if is_url(source):
        store = open_store(source, readonly=True)
        try:
            return load_district(store, repair=repair, progress=progress, base_ready=base_ready)
        finally:
            store.close()
    store = source if isinstance(source, Store) and source.kind == "postgis" else None
    if store is not None:
        path = store.where
        present = store.layer_names()
        read = lambda name: store.read_layer(LAYERS[name])  # noqa: E731
    else:
        path = Path(source.path if isinstance(source, Store) else source)
        check_is_geopackage(path)
        try:
            present = {name: gtype for name, gtype in pyogrio.list_layers(path)}
        except Exception as exc:  # pyogrio raises several DataSourceError flavours
            raise DistrictDataError(path, f"cannot be read as a GeoPackage ({exc})",
                                    hint="Check the file is a complete .gpkg written by GDAL/QGIS") from exc
        read = None

    frames: dict[str, gpd.GeoDataFrame] = {}
    warnings: list[str] = []
    report = progress or (lambda fraction, message: None)
    order = [spec for spec in ALL_LAYERS if spec.name not in POINT_LAYERS] + \
            [spec for spec in ALL_LAYERS if spec.name in POINT_LAYERS]
    district = None
    metric = None
    for k, spec in enumerate(order):
        if spec.name == POINT_LAYERS[0]:
            district = _base_district(frames, path, store, warnings)
            metric = district.metric_crs
            if base_ready is not None:
                base_ready(district)
        report(0.8 * k / len(order), f"reading {spec.name}")
        if spec.name not in present:
            if spec.name in POINT_LAYERS:  # a district may come with grids alone
                frames[spec.name] = _empty_layer(spec, grids_crs=None)
                warnings.append(f"{path}: no '{spec.name}' layer; the district starts with none")
                continue
            if spec.required:
                raise DistrictDataError(
                    path, f"this required layer is missing (layers present: "
                    f"{', '.join(sorted(present)) or 'none'})", layer=spec.name,
                    hint=f"Add a {spec.geometry} layer named '{spec.name}' (see docs/DATA.md)")
            continue
        if spec.required:
            frames[spec.name] = _read_layer(path, spec, repair, warnings, read=read)
            continue
        try:  # a context layer the console cannot use is left out, not the district refused
            frames[spec.name] = _read_layer(path, spec, repair, warnings, read=read)
        except DistrictDataError as exc:
            warnings.append(f"{exc}; the layer is left out")

    report(0.8, "reprojecting to metres")
    for name in POINT_LAYERS:
        frame = frames[name] if frames[name].crs is not None else frames[name].set_crs(frames["grids"].crs)
        setattr(district, name, frame.to_crs(metric))
    report(1.0, "loaded")
    return district


def _base_district(frames: dict[str, gpd.GeoDataFrame], path: Path, store, warnings: list[str]) -> District:
    """The district of the layers read so far (grids and context), in metres, without points."""
    grids = frames["grids"]
    metric = _working_crs(grids)
    storage = grids.crs if grids.crs.is_geographic else WGS84
    layers = {name: frame.to_crs(metric) for name, frame in frames.items()}
    grids = _finite_in(layers.pop("grids"), path, metric)
    empty = {name: _empty_layer(LAYERS[name], grids.crs).to_crs(metric) for name in POINT_LAYERS}
    return District(grids=grids, **empty, context=layers, metric_crs=metric, storage_crs=storage,
                    path=path if store is None else None, warnings=warnings,
                    store_url=store.url if store is not None else None)


def _finite_in(grids: gpd.GeoDataFrame, path: Path, metric) -> gpd.GeoDataFrame:
    """Grids that one metric CRS cannot hold (a continent, the world) come out as inf: say so."""
    coords, where = shapely.get_coordinates(grids.geometry.values, return_index=True)
    bad = np.unique(where[~np.isfinite(coords).all(axis=1)])
    if len(bad):
        ids = grids["grid_id"].astype(str).to_numpy()[bad] if "grid_id" in grids else bad.astype(str)
        raise DistrictDataError(path, f"reaches too far to be measured in metres in {metric.name}: a district spans"
                                      " a few dozen kilometres", layer="grids", feature_ids=list(ids))
    return grids


def _empty_layer(spec: LayerSpec, grids_crs) -> gpd.GeoDataFrame:
    """An empty layer of ``spec`` with its columns typed as the loader would type them."""
    kinds = {"str": object, "int": "int64", "float": float, "datetime": "datetime64[ns, UTC]"}
    data = {c.name: pd.Series([], dtype=kinds[c.kind]) for c in spec.columns}
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs=grids_crs), crs=grids_crs)


def _working_crs(grids: gpd.GeoDataFrame):
    """The metric CRS the district is worked in, chosen from where its grids lie."""
    lonlat = grids if grids.crs.is_geographic else grids.to_crs(WGS84)
    return metric_crs_for(tuple(lonlat.total_bounds))


def check_is_geopackage(path: Path) -> None:
    """Refuse, with one clear message, a path that is not a GeoPackage; never creates it."""
    if not path.exists():
        raise DistrictDataError(path, "no such file", hint="Give the path of a district .gpkg")
    if not path.is_file():
        raise DistrictDataError(path, "is a directory, not a GeoPackage file")
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        raise DistrictDataError(path, "is not a GeoPackage (not an SQLite database)",
                                hint="Export the district from QGIS/GDAL as GeoPackage (.gpkg)")
    from contextlib import closing

    from geodata.store.sqlite import connect_readonly
    try:
        # closed here, not left to the garbage collector (a Python 3.11 connection sits in a
        # reference cycle): GDAL reads this file next, and must find no connection of ours open
        with closing(connect_readonly(path)) as con:
            con.execute("SELECT table_name FROM gpkg_contents LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        raise DistrictDataError(path, f"is an SQLite database but not a GeoPackage ({exc})",
                                hint="A GeoPackage has a gpkg_contents table; export it from QGIS/GDAL") from exc


def _read_layer(path: Path, spec: LayerSpec, repair: bool, warnings: list[str],
                keep_invalid: bool = False, read=None) -> gpd.GeoDataFrame:
    try:
        # Through Arrow: GDAL hands over whole columns (a Longhua incident layer in 0.4 s, not 1.6 s).
        frame = read(spec.name) if read is not None else pyogrio.read_dataframe(path, layer=spec.name, use_arrow=True)
    except Exception as exc:
        raise DistrictDataError(path, f"cannot be read ({exc})", layer=spec.name) from exc
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name is None:
        raise DistrictDataError(path, "has no geometry column", layer=spec.name,
                                hint=f"'{spec.name}' must be a {spec.geometry} layer")
    frame = frame.reset_index(drop=True)
    if frame.crs is None:
        raise DistrictDataError(path, "has no CRS", layer=spec.name,
                                hint="Assign the CRS the coordinates are in (EPSG:4326 or EPSG:4490)")
    if len(frame) == 0 and not spec.may_be_empty:
        raise DistrictDataError(path, "is empty: a district needs at least one grid", layer=spec.name)

    ids = _feature_ids(frame, spec)
    for col in spec.columns:
        if col.name not in frame.columns:
            if col.default is REQUIRED:
                raise DistrictDataError(path, "is missing", layer=spec.name, column=col.name,
                                        hint=f"Add the column (type {col.kind}; see docs/DATA.md)")
            frame[col.name] = pd.Series(_defaults(col, ids, np.ones(len(frame), dtype=bool)), dtype=object)
            if col.optional:  # history the file does not keep: not a fault
                frame[col.name] = _coerce_column(path, spec, col, frame[col.name], ids, empty_ok=True)
                continue
            warnings.append(f"{path}, layer '{spec.name}': column '{col.name}' is missing; "
                            f"every feature takes the default {_shown_default(col)}")
            frame[col.name] = _coerce_column(path, spec, col, frame[col.name], ids, empty_ok=True)
            continue
        frame[col.name] = _lenient_column(path, spec, col, frame[col.name], ids, warnings)

    if spec.id_column:
        dup = frame[spec.id_column].duplicated(keep=False)
        if dup.any():
            raise DistrictDataError(path, "has duplicate ids", layer=spec.name, column=spec.id_column,
                                    feature_ids=sorted(set(frame.loc[dup, spec.id_column])),
                                    hint="Every feature needs its own id")
    _check_geometry(path, spec, frame, ids, repair, warnings, keep_invalid)
    return frame


def _feature_ids(frame: gpd.GeoDataFrame, spec: LayerSpec) -> np.ndarray:
    """Ids to name features in messages: the id column when present, else the row number."""
    if spec.id_column and spec.id_column in frame.columns:
        return frame[spec.id_column].astype(str).to_numpy()
    return np.array([f"row {i}" for i in range(len(frame))], dtype=object)


def _defaults(col, ids: np.ndarray, rows: np.ndarray) -> list:
    return [str(i) if col.default == SAME_AS_ID else col.default for i in ids[rows]]


def _shown_default(col) -> str:
    return "its id" if col.default == SAME_AS_ID else ("empty" if col.default in (None, "") else repr(col.default))


def _lenient_column(path, spec: LayerSpec, col, series: pd.Series, ids: np.ndarray,
                    warnings: list[str]) -> pd.Series:
    """Check a column strictly; where it has a documented default, the features whose values
    are empty or unusable take the default instead, each fault named in a warning."""
    empty_ok = False
    for _ in range(6):  # empty, not a number, not whole, out of range, unknown: one pass each
        try:
            return _coerce_column(path, spec, col, series, ids, empty_ok)
        except DistrictDataError as err:
            if col.default is REQUIRED or not err.feature_ids:
                raise
            rows = np.isin(ids, [str(f) for f in err.feature_ids])
            series = series.astype(object).copy()
            series[rows] = _defaults(col, ids, rows)
            empty_ok = True  # an empty default stands as given
            warnings.append(f"{err}; these take the default {_shown_default(col)}")
    return _coerce_column(path, spec, col, series, ids, empty_ok)


def _coerce_column(path, spec: LayerSpec, col, series: pd.Series, ids: np.ndarray,
                   empty_ok: bool = False) -> pd.Series:
    missing = series.isna().to_numpy().copy()
    if col.kind == "str" and not col.nullable and col.default is not REQUIRED and not empty_ok:
        missing |= _blank(series)
    if missing.any() and not col.nullable:
        raise DistrictDataError(path, "has empty values", layer=spec.name, column=col.name,
                                feature_ids=list(ids[missing]), hint="Fill in the value for these features")
    if col.kind == "str":
        # One str object per distinct value (geodata.shared_text); a missing value is None.
        out = pd.Series(shared_text(series), index=series.index, dtype=object)
    elif col.kind in ("int", "float"):
        out = pd.to_numeric(series, errors="coerce")
        bad = (out.isna().to_numpy() | ~np.isfinite(out.to_numpy(dtype=float, na_value=0.0))) & ~missing
        if bad.any():
            raise DistrictDataError(path, "has values that are not (finite) numbers", layer=spec.name,
                                    column=col.name, feature_ids=list(ids[bad]))
        if col.kind == "int":
            frac = ~missing & (out.fillna(0) % 1 != 0).to_numpy()
            if frac.any():
                raise DistrictDataError(path, "has values that are not whole numbers", layer=spec.name,
                                        column=col.name, feature_ids=list(ids[frac]))
            out = out.astype("Int64") if col.nullable else out.astype("int64")
        else:
            out = out.astype(float)
        outside = np.zeros(len(out), dtype=bool)
        if col.minimum is not None:
            outside |= (out < col.minimum).fillna(False).to_numpy(dtype=bool)
        if col.maximum is not None:
            outside |= (out > col.maximum).fillna(False).to_numpy(dtype=bool)
        if outside.any():
            raise DistrictDataError(path, f"has values outside {col.minimum if col.minimum is not None else '-inf'}..{col.maximum if col.maximum is not None else 'inf'}",
                                    layer=spec.name, column=col.name, feature_ids=list(ids[outside]))
    elif col.kind == "datetime":
        out = _coerce_datetime(path, spec, col, series, ids, missing)
    else:  # pragma: no cover - schema typo
        raise AssertionError(col.kind)
    if col.choices:
        bad = ~missing & ~pd.Series(out).isin(col.choices).to_numpy()
        if bad.any():
            values = sorted({str(v) for v in pd.Series(out)[bad]})
            raise DistrictDataError(path, f"has unknown values {values}", layer=spec.name, column=col.name,
                                    feature_ids=list(ids[bad]), hint=f"Allowed: {', '.join(col.choices)}")
    return out


def _blank(series: pd.Series) -> np.ndarray:
    """Which values are empty or only spaces, asking each distinct value once (a category
    column of 250,000 rows has a dozen)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if not len(uniques):
        return np.zeros(len(series), dtype=bool)
    blank = np.fromiter((str(u).strip() == "" for u in uniques), dtype=bool, count=len(uniques))
    return (codes >= 0) & blank[np.maximum(codes, 0)]


# "YYYY-MM-DDTHH:MM:SS+hh:mm", what GDAL and the console write: checked a character column at a
# time for all rows at once; any other form goes through the full pattern.
_USUAL = "dddd-dd-ddTdd:dd:dd+dd:dd"


def _iso_with_offset(text: pd.Series) -> np.ndarray:
    """Which values match _ISO_WITH_OFFSET (missing ones do not)."""
    ok = np.zeros(len(text), dtype=bool)
    present = ~text.isna().to_numpy()
    if not present.any():
        return ok
    values = text[present].to_numpy(dtype=object)
    codes = np.asarray(values.astype(f"U{len(_USUAL)}"))  # longer values are cut: they fail the length test
    lengths = np.fromiter((len(v) for v in values), dtype=np.int64, count=len(values))
    chars = codes.view(np.uint32).reshape(len(values), len(_USUAL))
    usual = lengths == len(_USUAL)
    for k, want in enumerate(_USUAL):
        c = chars[:, k]
        if want == "d":
            usual &= (c >= ord("0")) & (c <= ord("9"))
        elif want == "T":
            usual &= (c == ord("T")) | (c == ord(" "))
        elif want == "+":
            usual &= (c == ord("+")) | (c == ord("-"))
        else:
            usual &= c == ord(want)
    others = np.flatnonzero(~usual)
    if len(others):
        usual[others] = pd.Series(values[others], dtype="string").str.match(_ISO_WITH_OFFSET).fillna(False).to_numpy()
    ok[present] = usual
    return ok


def _coerce_datetime(path, spec, col, series, ids, missing) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        if series.dt.tz is None:
            raise DistrictDataError(path, "has timestamps without a time zone", layer=spec.name,
                                    column=col.name, hint="Store ISO 8601 with an offset, e.g. 2026-05-01T08:30:00+08:00")
        return series.dt.tz_convert("UTC")
    text = series.astype("string")
    no_tz = ~missing & ~_iso_with_offset(text)
    if no_tz.any():
        raise DistrictDataError(path, "has timestamps that are not ISO 8601 with a time zone offset",
                                layer=spec.name, column=col.name, feature_ids=list(ids[no_tz]),
                                hint="Write e.g. 2026-05-01T08:30:00+08:00")
    return pd.to_datetime(text, format="ISO8601", utc=True)


def _check_geometry(path, spec: LayerSpec, frame: gpd.GeoDataFrame, ids, repair: bool, warnings: list[str],
                    keep_invalid: bool = False) -> None:
    geoms = frame.geometry.values
    null = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if null.any():
        raise DistrictDataError(path, "has features without geometry", layer=spec.name,
                                feature_ids=list(ids[null]), hint="Draw or delete these features")
    types = np.asarray(shapely.get_type_id(geoms))
    names = np.array(["Point", "LineString", "LinearRing", "Polygon", "MultiPoint", "MultiLineString",
                      "MultiPolygon", "GeometryCollection"])[types]
    wrong = ~np.isin(names, _FAMILIES[spec.geometry])
    if wrong.any():
        found = sorted(set(names[wrong]))
        raise DistrictDataError(path, f"has {', '.join(found)} geometry where {spec.geometry} is expected",
                                layer=spec.name, feature_ids=list(ids[wrong]))
    coords, where = shapely.get_coordinates(geoms, return_index=True)
    unbounded = np.zeros(len(geoms), dtype=bool)
    unbounded[where[~np.isfinite(coords).all(axis=1)]] = True
    if unbounded.any():  # no repair helps, and a coverage check cannot measure them
        raise DistrictDataError(path, "has coordinates that are not finite numbers (inf or NaN)", layer=spec.name,
                                feature_ids=list(ids[unbounded]), hint="Fix or delete these features")
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        reasons = [f"{fid}: {shapely.is_valid_reason(g)}" for fid, g in zip(ids[invalid], geoms[invalid])]
        if keep_invalid:
            warnings.append(f"{path}: layer '{spec.name}': invalid geometry kept for checking: " + "; ".join(reasons))
            return
        if not repair:
            raise DistrictDataError(
                path, "has invalid geometry: " + "; ".join(reasons[:5]), layer=spec.name,
                feature_ids=list(ids[invalid]),
                hint="These can be repaired (shapely make_valid): fix them in the editor, or load with repair=True")
        repaired = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
        frame.loc[invalid, frame.geometry.name] = repaired
        warnings.append(f"{path}: layer '{spec.name}': repaired invalid geometry of " + "; ".join(reasons))
