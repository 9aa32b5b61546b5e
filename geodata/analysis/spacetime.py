"""Space-time lookup: which of many timed points lie near a place within a period.

Points are sorted once by (cell, time) into one int64 key, so a question touches only the
cells around the place and, in each, one binary-searched run of times. A year of a district's
incidents or sensor readings answers in milliseconds instead of a scan of every row.
Distances are true ground distances on the WGS84 ellipsoid (pyproj.Geod), not map metres.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Geod

GEOD = Geod(ellps="WGS84")
CELL_M = 250.0        # the index's cell: a few cells cover a typical radius of 100–500 m
SCALE_MARGIN = 1.01   # a map metre is within 1 % of a ground metre in any metric CRS we choose


@dataclass(frozen=True)
class Place:
    """Where a question is asked: a circle (``lon``, ``lat``, ``radius_m``) or an ``area``
    (a shapely polygon in lon/lat). ``metric`` is the same place in the district's metric CRS:
    a buffer of the centre for a circle (only used to choose cells), the area itself otherwise."""

    lon: float
    lat: float
    radius_m: float
    area: shapely.Geometry | None
    metric: shapely.Geometry

    @classmethod
    def circle(cls, district, lon: float, lat: float, radius_m: float) -> "Place":
        if not (np.isfinite(lon) and np.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(f"the point {lon},{lat} is not a longitude,latitude in degrees")
        if not (np.isfinite(radius_m) and radius_m >= 0):
            raise ValueError(f"the radius {radius_m!r} must be a distance in metres, 0 or more")
        x, y = district.from_lonlat(lon, lat)
        return cls(float(lon), float(lat), float(radius_m), None,
                   shapely.Point(float(x), float(y)).buffer(radius_m * SCALE_MARGIN + 1.0, 32))

    @classmethod
    def polygon(cls, district, area_lonlat: shapely.Geometry) -> "Place":
        if area_lonlat is None or area_lonlat.is_empty or area_lonlat.geom_type not in ("Polygon", "MultiPolygon"):
            raise ValueError("the area must be a polygon")
        area_lonlat = shapely.make_valid(area_lonlat) if not area_lonlat.is_valid else area_lonlat
        metric = shapely.transform(area_lonlat, lambda xy: np.column_stack(district.from_lonlat(xy[:, 0], xy[:, 1])))
        c = area_lonlat.centroid
        return cls(float(c.x), float(c.y), 0.0, area_lonlat, metric)

    @property
    def is_circle(self) -> bool:
        return self.area is None

    def shape(self, district, at_least_m: float = 0.01, segments: int = 32) -> shapely.Geometry:
        """The place itself in metric coordinates: the drawn area, or the circle of its radius
        (at least ``at_least_m``, so a point still has an outline to intersect or draw)."""
        if not self.is_circle:
            return self.metric
        x, y = district.from_lonlat(self.lon, self.lat)
        return shapely.Point(float(x), float(y)).buffer(max(self.radius_m, at_least_m), segments)

    def contains(self, lon: np.ndarray, lat: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Which of the points are in the place: ground distance for a circle, inside for an area."""
        if len(lon) == 0:
            return np.zeros(0, dtype=bool)
        if self.is_circle:
            return ground_distance(self.lon, self.lat, lon, lat) <= self.radius_m
        return shapely.contains_xy(self.metric, x, y) | shapely.intersects_xy(self.metric, x, y)

    def distances(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Ground metres from the place's centre (the circle's centre, or the area's centroid)."""
        return ground_distance(self.lon, self.lat, lon, lat)


def ground_distance(lon0: float, lat0: float, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Geodesic metres from one point to many, on the WGS84 ellipsoid."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    if len(lon) == 0:
        return np.zeros(0)
    _, _, d = GEOD.inv(np.full(len(lon), lon0), np.full(len(lat), lat0), lon, lat)
    return np.asarray(d)


class SpaceTimeIndex:
    """Timed points (metric ``x``, ``y``; ``t`` epoch seconds), found by place and period.

    ``lon``/``lat`` give the exact test its ground distances. Positions returned are the
    caller's row positions, so the index can sit over the incident book or a readings table.
    """

    def __init__(self, x, y, t, lon, lat, cell_m: float = CELL_M) -> None:
        self.x, self.y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self.t = np.asarray(t, dtype=float)
        self.lon, self.lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        self.cell = float(cell_m)
        n = len(self.t)
        ok = np.isfinite(self.x) & np.isfinite(self.y) & np.isfinite(self.t)
        if n and ok.any():
            self.x0, self.y0 = float(self.x[ok].min()), float(self.y[ok].min())
            self.t0 = float(np.floor(self.t[ok].min()))
            self.nx = int((self.x[ok].max() - self.x0) // self.cell) + 1
            self.ny = int((self.y[ok].max() - self.y0) // self.cell) + 1
            self.span = int(np.floor(self.t[ok].max()) - self.t0) + 2
        else:
            self.x0 = self.y0 = self.t0 = 0.0
            self.nx = self.ny = 1
            self.span = 2
        rows = np.flatnonzero(ok)
        key = self._cells(self.x[rows], self.y[rows]) * self.span + (np.floor(self.t[rows]) - self.t0).astype(np.int64)
        order = np.argsort(key, kind="stable")
        self.keys = key[order]
        self.rows = rows[order]

    def __len__(self) -> int:
        return len(self.t)

    def _cells(self, x, y) -> np.ndarray:
        cx = np.clip(((x - self.x0) // self.cell).astype(np.int64), 0, self.nx - 1)
        cy = np.clip(((y - self.y0) // self.cell).astype(np.int64), 0, self.ny - 1)
        return cx * self.ny + cy

    def candidates(self, bounds, t1: float, t2: float) -> np.ndarray:
        """Rows whose cell meets ``bounds`` (metric minx, miny, maxx, maxy) and whose whole
        second lies in [t1, t2]: a superset the exact test then narrows."""
        if len(self.keys) == 0 or t2 < t1:
            return np.zeros(0, dtype=np.int64)
        minx, miny, maxx, maxy = bounds
        ix = np.arange(max(int((minx - self.x0) // self.cell), 0), min(int((maxx - self.x0) // self.cell), self.nx - 1) + 1)
        iy = np.arange(max(int((miny - self.y0) // self.cell), 0), min(int((maxy - self.y0) // self.cell), self.ny - 1) + 1)
        if len(ix) == 0 or len(iy) == 0:
            return np.zeros(0, dtype=np.int64)
        cells = (ix[:, None] * self.ny + iy[None, :]).ravel()
        a = int(np.clip(np.floor(t1) - self.t0, 0, self.span - 1))
        b = int(np.clip(np.floor(t2) - self.t0, -1, self.span - 1))
        if b < a:
            return np.zeros(0, dtype=np.int64)
        lo = np.searchsorted(self.keys, cells * self.span + a, side="left")
        hi = np.searchsorted(self.keys, cells * self.span + b, side="right")
        return _ranges(self.rows, lo, hi)

    def query(self, place: Place, t1: float, t2: float) -> np.ndarray:
        """Rows in ``place`` with ``t1 <= t <= t2``, nearest the centre first."""
        rows = self.candidates(place.metric.bounds, t1, t2)
        rows = rows[(self.t[rows] >= t1) & (self.t[rows] <= t2)]
        rows = rows[place.contains(self.lon[rows], self.lat[rows], self.x[rows], self.y[rows])]
        d = place.distances(self.lon[rows], self.lat[rows])
        return rows[np.lexsort((self.t[rows], d))]


def brute_force(place: Place, t1: float, t2: float, x, y, t, lon, lat) -> np.ndarray:
    """The same answer by testing every row: what the index is checked and measured against."""
    t = np.asarray(t, dtype=float)
    rows = np.flatnonzero((t >= t1) & (t <= t2))
    rows = rows[place.contains(np.asarray(lon)[rows], np.asarray(lat)[rows], np.asarray(x)[rows], np.asarray(y)[rows])]
    return np.sort(rows)


def _ranges(rows: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """``rows[lo[i]:hi[i]]`` for every i, concatenated, without a Python loop."""
    lengths = hi - lo
    keep = lengths > 0
    lo, lengths = lo[keep], lengths[keep]
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.repeat(lo - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
    return rows[starts + np.arange(total)]
