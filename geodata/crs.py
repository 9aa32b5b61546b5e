"""Coordinate reference systems: storage, the metric working CRS, and GCJ-02 import.

Data is stored in a geographic CRS (WGS84, EPSG:4326, or CGCS2000, EPSG:4490; the two
agree to centimetres). Measuring, indexing and drawing happen in a metric projected
CRS chosen by pyproj for the district (UTM zone), so distances and areas are metres.

GCJ-02 is the offset "datum" mandated for Chinese web maps (Amap, Tencent). It is an
obfuscation, not a geodetic datum, so PROJ has no definition for it; the conversion
below is the published forward formula and its fixed-point inverse, accurate to
about 1e-7 degrees (~1 cm).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import CRS, Transformer

WGS84 = CRS.from_epsg(4326)
CGCS2000 = CRS.from_epsg(4490)
STORAGE_CRS = WGS84

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323


def metric_crs_for(bounds: tuple[float, float, float, float]) -> CRS:
    """Return the UTM CRS (WGS84 datum) covering lon/lat ``bounds`` (minx, miny, maxx, maxy):
    the zone holding the centre, by the UTM rule (6° zones eastward from 180° W), north or
    south by the centre's latitude. Its EPSG code is 326zz or 327zz, the entry pyproj's
    database lists for "WGS 84 / UTM zone zzN|S"; asking the database took 0.17 s of a start."""
    minx, miny, maxx, maxy = bounds
    if not (-180 <= minx <= maxx <= 180 and -80 <= miny <= maxy <= 84):
        raise ValueError(f"no UTM zone covers lon/lat bounds {bounds}")
    lon, lat = (minx + maxx) / 2, (miny + maxy) / 2
    zone = min(int((lon + 180) // 6) + 1, 60)
    return CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)


def transformer(src: CRS, dst: CRS) -> Transformer:
    """An always-x/y (lon/lat order) transformer between two CRSs."""
    return Transformer.from_crs(src, dst, always_xy=True)


def _outside_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = lon - 105.0
    y = lat - 35.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
            + (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
            + (20.0 * np.sin(y * math.pi) + 40.0 * np.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
            + (160.0 * np.sin(y / 12.0 * math.pi) + 320 * np.sin(y * math.pi / 30.0)) * 2.0 / 3.0)
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
            + (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
            + (20.0 * np.sin(x * math.pi) + 40.0 * np.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
            + (150.0 * np.sin(x / 12.0 * math.pi) + 300.0 * np.sin(x / 30.0 * math.pi)) * 2.0 / 3.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * math.pi)
    outside = _outside_china(lon, lat)
    return np.where(outside, 0.0, dlon), np.where(outside, 0.0, dlat)


def wgs84_to_gcj02(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Forward GCJ-02 offset (arrays of degrees in, arrays out); identity outside China."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    dlon, dlat = _delta(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon, lat, tolerance: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`wgs84_to_gcj02` by fixed-point iteration (converges in a few steps)."""
    glon = np.asarray(lon, dtype=float)
    glat = np.asarray(lat, dtype=float)
    wlon, wlat = glon.copy(), glat.copy()
    for _ in range(30):
        flon, flat = wgs84_to_gcj02(wlon, wlat)
        elon, elat = flon - glon, flat - glat
        wlon, wlat = wlon - elon, wlat - elat
        if np.all(np.abs(elon) < tolerance) and np.all(np.abs(elat) < tolerance):
            break
    return wlon, wlat


def gcj02_geometry_to_wgs84(geometry):
    """Convert any shapely geometry (or array of them) from GCJ-02 to WGS84 lon/lat."""
    return offset_geometry_to_wgs84(geometry, "gcj02")


# ---------------------------------------------------------------------- BD-09 (Baidu)
_BD_PI = math.pi * 3000.0 / 180.0


def gcj02_to_bd09(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Baidu's BD-09 offset on top of GCJ-02 (the published formula)."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    z = np.sqrt(lon * lon + lat * lat) + 0.00002 * np.sin(lat * _BD_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _BD_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def bd09_to_gcj02(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`gcj02_to_bd09` (the published closed form, ~1e-6 degrees)."""
    x = np.asarray(lon, dtype=float) - 0.0065
    y = np.asarray(lat, dtype=float) - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _BD_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _BD_PI)
    glon, glat = z * np.cos(theta), z * np.sin(theta)
    # refine by fixed point, so that a round trip agrees to centimetres
    for _ in range(5):
        blon, blat = gcj02_to_bd09(glon, glat)
        glon, glat = glon - (blon - lon), glat - (blat - lat)
    return glon, glat


def bd09_to_wgs84(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


def wgs84_to_bd09(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


OFFSET_SYSTEMS = {  # name -> (to WGS84, from WGS84); lon/lat degrees, no EPSG code exists
    "gcj02": (gcj02_to_wgs84, wgs84_to_gcj02),
    "bd09": (bd09_to_wgs84, wgs84_to_bd09),
}


@dataclass(frozen=True)
class CoordinateSpec:
    """What a file's coordinates are in: a pyproj CRS, or one of the Chinese offset systems
    (lon/lat degrees shifted from WGS84 by a published formula)."""

    crs: CRS
    offset: str | None = None  # "gcj02" or "bd09"

    @property
    def label(self) -> str:
        return self.offset.upper().replace("GCJ02", "GCJ-02").replace("BD09", "BD-09") if self.offset else \
            (f"EPSG:{self.crs.to_epsg()}" if self.crs.to_epsg() else self.crs.name)


def parse_coordinate_spec(text: str) -> CoordinateSpec:
    """``gcj02``, ``bd09``, an EPSG code (``4490`` or ``EPSG:4490``) or anything pyproj reads.
    Raises ValueError naming the spec when it is none of these."""
    key = text.strip().lower().replace("-", "").replace("_", "")
    if key in OFFSET_SYSTEMS:
        return CoordinateSpec(WGS84, key)
    try:
        return CoordinateSpec(CRS.from_epsg(int(key)) if key.isdigit() else CRS.from_user_input(text.strip()))
    except Exception as exc:  # pyproj raises CRSError and others
        raise ValueError(f"{text!r} is not a CRS: give an EPSG code (4490, EPSG:4547), gcj02 or bd09 ({exc})") from None


def _transform_lonlat(geometry, convert):
    """Apply a lon/lat array function to every coordinate of a geometry (or array of them)."""
    def _each(coords: np.ndarray) -> np.ndarray:
        lon, lat = convert(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(geometry, _each)


def offset_geometry_to_wgs84(geometry, offset: str):
    """Shapely geometry (or array) from GCJ-02 or BD-09 lon/lat to WGS84."""
    return _transform_lonlat(geometry, OFFSET_SYSTEMS[offset][0])


def wgs84_geometry_to_gcj02(geometry):
    """Shapely geometry (or array) from WGS84 to GCJ-02, for web-map platforms."""
    return _transform_lonlat(geometry, wgs84_to_gcj02)
