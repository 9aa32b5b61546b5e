"""GeoPackage geometry blobs (GPKG spec §2.1.3) and the SQL functions GDAL's triggers call.

Plan versions are written with the standard library's sqlite3 so that a whole save is
one SQLite transaction. GDAL-created feature tables carry R-tree triggers that call
``ST_IsEmpty``/``ST_MinX``/...; :func:`register_functions` provides them.
"""
from __future__ import annotations

import sqlite3
import struct

import shapely

_EMPTY_FLAG = 0b10000
_ENVELOPE_SIZES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def to_blob(geom, srs_id: int) -> bytes:
    """Standard GeoPackage binary: header with an xy envelope, then little-endian WKB."""
    if geom is None or shapely.is_empty(geom):
        flags = 0b1 | _EMPTY_FLAG
        return b"GP" + bytes([0, flags]) + struct.pack("<i", srs_id) + shapely.to_wkb(
            shapely.Polygon(), byte_order=1)
    minx, miny, maxx, maxy = shapely.bounds(geom)
    flags = 0b1 | (1 << 1)  # little endian, envelope [minx, maxx, miny, maxy]
    header = b"GP" + bytes([0, flags]) + struct.pack("<i", srs_id) + struct.pack("<4d", minx, maxx, miny, maxy)
    return header + shapely.to_wkb(geom, byte_order=1)


def from_blob(blob: bytes):
    """The shapely geometry of a GeoPackage blob (None for NULL)."""
    if blob is None:
        return None
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob (missing 'GP' magic)")
    flags = blob[3]
    size = _ENVELOPE_SIZES.get((flags >> 1) & 0b111)
    if size is None:
        raise ValueError(f"GeoPackage blob with an invalid envelope code in flags {flags:#04x}")
    return shapely.from_wkb(blob[8 + size:])


def _envelope(blob):
    if blob is None:
        return None
    flags = blob[3]
    if flags & _EMPTY_FLAG:
        return None
    endian = "<" if flags & 1 else ">"
    if (flags >> 1) & 0b111:
        minx, maxx, miny, maxy = struct.unpack(endian + "4d", blob[8:40])
        return minx, maxx, miny, maxy
    b = shapely.bounds(from_blob(blob))
    return b[0], b[2], b[1], b[3]


def register_functions(con: sqlite3.Connection) -> None:
    """The spatial SQL functions GDAL's GeoPackage R-tree triggers need."""
    con.create_function("ST_IsEmpty", 1, lambda b: None if b is None else int(_envelope(b) is None),
                        deterministic=True)
    for name, k in (("ST_MinX", 0), ("ST_MaxX", 1), ("ST_MinY", 2), ("ST_MaxY", 3)):
        con.create_function(name, 1, lambda b, k=k: (None if _envelope(b) is None else _envelope(b)[k]),
                            deterministic=True)
