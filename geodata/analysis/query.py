"""Who and what was at a place at a time (流调): the incidents, sensor readings and alarms
within a circle or a drawn area over a period, the cameras whose field of view covers the
place, and the grid workers responsible for it. One answer for the map, the CLI and export.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np
import shapely

from geodata.analysis.history import IncidentHistory
from geodata.analysis.spacetime import GEOD, Place, SpaceTimeIndex, ground_distance
from geodata.analysis.visibility import sees, sees_into
from geodata.shared_text import shared_text
from geodata.textsafe import csv_cell

CONE_STEPS = 24


@dataclass(frozen=True)
class ReadingHits:
    """Readings found: sensor positions (rows of ``district.sensors``), times (epoch s), values."""

    sensor: np.ndarray
    t: np.ndarray
    value: np.ndarray

    @classmethod
    def empty(cls) -> "ReadingHits":
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0))


class IndexedReadings:
    """Readings held in memory (a bench, a test, a replayed archive), indexed by place and time."""

    def __init__(self, district, sensor: np.ndarray, t: np.ndarray, value: np.ndarray) -> None:
        self.sensor = np.asarray(sensor, dtype=np.int64)
        self.t = np.asarray(t, dtype=float)
        self.value = np.asarray(value, dtype=float)
        sx, sy = district.point_xy("sensors")
        slon, slat = district.to_lonlat(sx, sy) if len(sx) else (np.zeros(0), np.zeros(0))
        self.index = SpaceTimeIndex(sx[self.sensor], sy[self.sensor], self.t,
                                    np.asarray(slon)[self.sensor], np.asarray(slat)[self.sensor])

    def find(self, place: Place, t1: float, t2: float) -> ReadingHits:
        rows = self.index.query(place, t1, t2)
        return ReadingHits(self.sensor[rows], self.t[rows], self.value[rows])


class StoreReadings:
    """Readings asked of the store: the sensors in the place first, then their readings through
    the store's (sensor, time) index. What a console and the CLI use."""

    def __init__(self, district, store) -> None:
        self.district = district
        self.store = store  # a geodata.store.Store
        x, y = district.point_xy("sensors")
        self.x, self.y = x, y
        self.lon, self.lat = (np.asarray(v) for v in (district.to_lonlat(x, y) if len(x) else (np.zeros(0),) * 2))
        self.positions = {sid: k for k, sid in enumerate(shared_text(district.sensors["sensor_id"]))}

    def find(self, place: Place, t1: float, t2: float) -> ReadingHits:
        minx, miny, maxx, maxy = place.metric.bounds
        near = np.flatnonzero((self.x >= minx) & (self.x <= maxx) & (self.y >= miny) & (self.y <= maxy))
        near = near[place.contains(self.lon[near], self.lat[near], self.x[near], self.y[near])]
        if not len(near):
            return ReadingHits.empty()
        ids = self.district.sensors["sensor_id"].astype(str).to_numpy()[near]
        rows = self.store.readings_between(ids, _utc(t1), _utc(t2))
        return ReadingHits(np.array([self.positions[r.sensor_id] for r in rows], dtype=np.int64),
                           np.array([r.at.timestamp() for r in rows], dtype=float),
                           np.array([r.value for r in rows], dtype=float))


@dataclass
class QueryResult:
    """The answer. ``incidents`` are history rows (= book positions), nearest first."""

    place: Place
    since: datetime
    until: datetime
    incidents: np.ndarray
    incident_ids: list[str]
    incident_distance_m: np.ndarray
    readings: ReadingHits
    alarms: list[dict] = field(default_factory=list)
    cameras: list[dict] = field(default_factory=list)
    workers: list[dict] = field(default_factory=list)

    def as_json(self, district, history: IncidentHistory) -> dict:
        """Everything found as plain JSON types (ids, ISO times with offset, metres)."""
        s = district.sensors
        sid = s["sensor_id"].astype(str).to_numpy()
        kind = s["kind"].astype(str).to_numpy()
        h = history
        return {
            "query": {"lon": self.place.lon, "lat": self.place.lat, "radius_m": self.place.radius_m,
                      "area": shapely.to_geojson(self.place.area) if self.place.area is not None else None,
                      "from": self.since.isoformat(), "to": self.until.isoformat()},
            "incidents": list(self.incident_ids),
            "incident_details": [
                {"incident_id": str(h.ids[p]), "category": str(h.category[p]), "severity": int(h.severity[p]),
                 "status": str(h.status[p]), "reported_at": _iso(h.reported[p]), "distance_m": round(float(d), 1),
                 "grid_id": _grid_id(district, h.grid[p]), "lon": round(float(h.lon[p]), 7),
                 "lat": round(float(h.lat[p]), 7)}
                for p, d in zip(self.incidents, self.incident_distance_m)],
            "readings": [{"sensor_id": str(sid[k]), "kind": str(kind[k]), "at": _iso(t), "value": float(v)}
                         for k, t, v in zip(self.readings.sensor, self.readings.t, self.readings.value)],
            "alarms": self.alarms,
            "cameras": self.cameras,
            "workers": self.workers,
        }


class SpaceTimeQuery:
    """Questions about one district's history. Build once (the index sorts every incident),
    then ask as often as the officer clicks."""

    def __init__(self, district, history: IncidentHistory, readings=None) -> None:
        self.district = district
        self.history = history
        self.readings = readings
        self.incidents = SpaceTimeIndex(history.x, history.y, history.reported, history.lon, history.lat)

    def ask(self, place: Place, since: datetime, until: datetime) -> QueryResult:
        if since.tzinfo is None or until.tzinfo is None:
            raise ValueError("times must carry their zone (an offset such as +08:00, or Z)")
        if until < since:
            raise ValueError(f"the period ends ({until.isoformat()}) before it begins ({since.isoformat()})")
        t1, t2 = since.timestamp(), until.timestamp()
        rows = self.incidents.query(place, t1, t2)
        dist = place.distances(self.history.lon[rows], self.history.lat[rows])
        found = self.readings.find(place, t1, t2) if self.readings is not None else ReadingHits.empty()
        return QueryResult(place, since, until, rows, [str(i) for i in self.history.ids[rows]], dist, found,
                           alarms_in(self.district, found), cameras_covering(self.district, place),
                           workers_for(self.district, place))


def alarms_in(district, found: ReadingHits) -> list[dict]:
    """Readings at or past their sensor's threshold, one entry per sensor: first and last time,
    peak and count. The same rule the intake raises an alarm by."""
    if not len(found.sensor):
        return []
    thr = district.sensors["threshold"].to_numpy(dtype=float, na_value=np.nan)[found.sensor]
    over = np.isfinite(thr) & (thr > 0) & (found.value >= thr)
    if not over.any():
        return []
    s = district.sensors
    out = []
    for k in np.unique(found.sensor[over]):
        m = over & (found.sensor == k)
        out.append({"sensor_id": str(s["sensor_id"].iloc[k]), "kind": str(s["kind"].iloc[k]),
                    "first_at": _iso(found.t[m].min()), "last_at": _iso(found.t[m].max()),
                    "peak": float(found.value[m].max()), "threshold": float(s["threshold"].iloc[k]),
                    "readings": int(m.sum())})
    return sorted(out, key=lambda a: a["first_at"])


def camera_cones(x, y, heading_deg, fov_deg, range_m, steps: int = CONE_STEPS) -> np.ndarray:
    """Each camera's view as a metric polygon: a wedge around its heading (degrees clockwise
    from north); a camera that sees all round gets the whole disc. Built as one array."""
    x, y = np.atleast_1d(x).astype(float), np.atleast_1d(y).astype(float)
    heading, fov, rng = (np.atleast_1d(v).astype(float) for v in (heading_deg, fov_deg, range_m))
    fov = np.clip(fov, 0.0, 360.0)
    rng = np.maximum(rng, 0.01)
    t = np.linspace(-0.5, 0.5, steps)
    ang = np.radians(heading[:, None] + fov[:, None] * t[None, :])
    rx, ry = x[:, None] + rng[:, None] * np.sin(ang), y[:, None] + rng[:, None] * np.cos(ang)
    full = fov >= 360  # all round: the arc alone is the ring, without the apex
    apex_x = np.where(full, rx[:, 0], x)[:, None]
    apex_y = np.where(full, ry[:, 0], y)[:, None]
    ring = np.stack([np.concatenate([apex_x, rx, apex_x], axis=1), np.concatenate([apex_y, ry, apex_y], axis=1)],
                    axis=2)
    return shapely.polygons(ring)


def cones_of(district, positions) -> np.ndarray:
    """The view cones of the cameras at ``positions`` (rows of ``district.cameras``)."""
    positions = np.asarray(positions, dtype=np.int64)
    if not len(positions):
        return np.empty(0, dtype=object)
    cams = district.cameras
    x, y = district.point_xy("cameras")
    return camera_cones(x[positions], y[positions], cams["heading_deg"].to_numpy(float)[positions],
                        cams["fov_deg"].to_numpy(float)[positions], cams["range_m"].to_numpy(float)[positions])


def cameras_covering(district, place: Place) -> list[dict]:
    """Cameras whose view reaches into the place past the buildings in the way, nearest first
    (online or not: for a past period the officer asks which recordings to pull)."""
    cams = district.cameras
    if not len(cams):
        return []
    x, y = district.point_xy("cameras")
    reach = float(np.nanmax(cams["range_m"].to_numpy(dtype=float))) * 1.01 + 1.0
    minx, miny, maxx, maxy = place.metric.bounds
    near = np.flatnonzero((x >= minx - reach) & (x <= maxx + reach) & (y >= miny - reach) & (y <= maxy + reach))
    if not len(near):
        return []
    cones = cones_of(district, near)
    if place.is_circle:
        cx, cy = district.from_lonlat(place.lon, place.lat)
        target = shapely.Point(float(cx), float(cy)).buffer(place.radius_m, 32) if place.radius_m > 0 \
            else shapely.Point(float(cx), float(cy))
    else:
        target = place.metric
    hit = shapely.intersects(cones, target)
    near, cones = near[hit], cones[hit]
    # buildings in the way: a point must be in plain sight; for an area, the nearest part of it in
    # the cone is tried first (one sight line each), and only a camera blocked there has its
    # whole visible cone cast
    if place.is_circle and place.radius_m == 0:
        near = near[sees(district, near, target.x, target.y)]
    elif len(near):
        part = shapely.intersection(cones, target)
        nearest = shapely.get_point(shapely.shortest_line(shapely.points(x[near], y[near]), part), 1)
        clear = np.zeros(len(near), dtype=bool)
        for there in (nearest, shapely.point_on_surface(part)):  # two sight lines before a whole cast
            todo = ~clear
            if not todo.any():
                break
            clear[todo] = sees(district, near[todo], shapely.get_x(there[todo]), shapely.get_y(there[todo]))
        if (~clear).any():
            clear[~clear] = sees_into(district, near[~clear], part[~clear])
        near = near[clear]
    clon, clat = district.to_lonlat(x[near], y[near])
    dist = ground_distance(place.lon, place.lat, np.atleast_1d(clon), np.atleast_1d(clat))
    order = np.argsort(dist, kind="stable")
    ids, status = _column(district, "cameras", "camera_id"), _column(district, "cameras", "status")
    return [{"camera_id": str(ids[k]), "distance_m": round(float(d), 1), "status": str(status[k]), "position": int(k)}
            for k, d in zip(near[order], dist[order])]


def workers_for(district, place: Place) -> list[dict]:
    """The grids the place touches and the worker of each (the grid holding the centre first)."""
    g = district.grids
    target = place.shape(district)
    tree = district._once("tree", "grids", lambda f: shapely.STRtree(f.geometry.values))
    hit = np.sort(tree.query(target, predicate="intersects"))
    centre = shapely.Point(*(float(v) for v in district.from_lonlat(place.lon, place.lat)))
    first = shapely.intersects(g.geometry.values[hit], centre) if len(hit) else np.zeros(0, dtype=bool)
    hit = np.r_[hit[first], hit[~first]]
    col = {c: _column(district, "grids", c) for c in ("grid_id", "name", "community", "street", "grid_worker")}
    return [{"grid_id": str(col["grid_id"][k]), "grid": str(col["name"][k]), "community": str(col["community"][k]),
             "street": str(col["street"][k]), "grid_worker": str(col["grid_worker"][k] or "")} for k in hit]


def _column(district, layer: str, name: str) -> np.ndarray:
    """A layer's column as a numpy array, read once (a pandas lookup per row costs ~40 µs)."""
    return district._once(f"col:{name}", layer, lambda f: f[name].to_numpy(dtype=object))


def _utc(t: float) -> datetime:
    return datetime.fromtimestamp(float(t), timezone.utc)


def _iso(t: float) -> str | None:
    return _utc(t).isoformat() if np.isfinite(t) else None


def _grid_id(district, position) -> str | None:
    p = int(position)
    ids = district.grids["grid_id"]
    return str(ids.iloc[p]) if 0 <= p < len(ids) else None


__all__ = ["Place", "SpaceTimeQuery", "QueryResult", "IndexedReadings", "StoreReadings", "GEOD"]


def export_result(payload: dict, path) -> None:
    """Write a result (``QueryResult.as_json``) as JSON, as CSV of the incidents (formulas
    neutralised) or as GeoJSON (the incidents as points, the place as a polygon)."""
    import csv
    import json
    from pathlib import Path

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    elif suffix == ".csv":
        cols = ["incident_id", "category", "severity", "status", "reported_at", "distance_m", "grid_id", "lon", "lat"]
        with path.open("w", newline="", encoding="utf-8-sig") as f:
            out = csv.writer(f)
            out.writerow(cols)
            for row in payload["incident_details"]:
                out.writerow([csv_cell("" if row.get(c) is None else row.get(c)) for c in cols])
    elif suffix != ".geojson":
        raise ValueError(f"{path.name}: export as .json, .csv or .geojson")
    if suffix == ".geojson":
        q = payload["query"]
        feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                  "properties": {k: v for k, v in r.items() if k not in ("lon", "lat")}}
                 for r in payload["incident_details"]]
        if q["area"] is not None:
            place = json.loads(q["area"])
        else:
            az = np.linspace(0, 360, 65)
            lon, lat, _ = GEOD.fwd(np.full(65, q["lon"]), np.full(65, q["lat"]), az, np.full(65, max(q["radius_m"], 0.5)))
            place = {"type": "Polygon", "coordinates": [[[float(a), float(b)] for a, b in zip(lon, lat)]]}
        feats.insert(0, {"type": "Feature", "geometry": place,
                         "properties": {"query_from": q["from"], "query_to": q["to"], "radius_m": q["radius_m"]}})
        path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False),
                        encoding="utf-8")

