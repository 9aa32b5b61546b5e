"""The emergency picture: rings around the focus, and what lies in each — grids and their
people, buildings, risk sites, sensors — plus the cameras that can see the focus, shelters
and the grid workers of the affected grids.

Distances and bearings are measured on the ellipsoid, not in the district's UTM working
CRS (whose scale is off by up to 0.08 % in Longhua — 2 m at 3 km, enough to move a sensor
across a ring): everything near the focus is projected into an azimuthal equidistant
projection centred on it, where distance from the centre is exact, and camera bearings
come from the geodesic azimuth.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer

from geodata.analysis.visibility import sees
from geodata.crs import WGS84

CONFIG_PATH = Path(__file__).resolve().parents[2] / "resources" / "config" / "emergency.toml"
EMERGENCY_TYPES = ("flood", "fire", "gas_leak", "geological", "public_safety", "epidemic")
LEVELS = {1: "I", 2: "II", 3: "III", 4: "IV"}
GEOD = Geod(ellps="WGS84")
RING_VERTICES = 128  # as many as a 32-segments-per-quadrant buffer


class EmergencyConfigError(ValueError):
    """The emergency configuration cannot be used; names the file and the entry."""


@dataclass(frozen=True)
class TypeConfig:
    rings_m: tuple[float, ...]
    sensor_kinds: tuple[str, ...] = ()
    site_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class EmergencyConfig:
    types: dict[str, TypeConfig]
    suggest: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path = CONFIG_PATH) -> "EmergencyConfig":
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise EmergencyConfigError(f"{path}: {exc}") from None
        types = {}
        for name in EMERGENCY_TYPES:
            t = (data.get("types") or {}).get(name)
            if t is None:
                raise EmergencyConfigError(f"{path}: [types.{name}] is missing")
            rings = t.get("rings_m")
            if not rings or any(not isinstance(r, (int, float)) or r <= 0 for r in rings) or list(rings) != sorted(rings):
                raise EmergencyConfigError(f"{path}: [types.{name}] rings_m must be increasing positive metres, not {rings!r}")
            types[name] = TypeConfig(tuple(float(r) for r in rings), tuple(t.get("sensor_kinds", ())),
                                     tuple(t.get("site_kinds", ())))
        return cls(types, dict(data.get("suggest") or {}))


@dataclass
class Zone:
    radius_m: float
    grid_ids: list[str]
    population: int
    sensor_ids: list[str]      # alarms first, then nearest
    site_ids: list[str]
    buildings: int
    geometry_lonlat: object = None  # the ring's disc (or the drawn area) in WGS84, for maps


@dataclass
class Picture:
    """Everything the emergency view lists and the report writes."""

    type: str
    level: int
    point: tuple[float, float]        # lon, lat of the focus
    zones: list[Zone]
    cameras: list[tuple[str, float]]  # (camera_id, distance_m), nearest first
    shelters: list[dict]
    workers: list[dict]
    area_lonlat: object = None        # a drawn area, if the emergency was declared on one

    def summary(self) -> dict:
        """The drill's summary.json."""
        return {
            "type": self.type, "level": self.level, "level_name": LEVELS[self.level],
            "point": [round(self.point[0], 7), round(self.point[1], 7)],
            "zones": [{"radius_m": z.radius_m, "grid_ids": z.grid_ids, "population": z.population,
                       "sensor_ids": z.sensor_ids, "site_ids": z.site_ids, "buildings": z.buildings} for z in self.zones],
            "cameras": [{"camera_id": c, "distance_m": round(d, 1)} for c, d in self.cameras],
            "shelters": self.shelters,
            "grid_workers": self.workers,
        }

    def affected_grid_ids(self) -> list[str]:
        return self.zones[-1].grid_ids if self.zones else []


def _local(lon: float, lat: float):
    aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    return Transformer.from_crs(WGS84, aeqd, always_xy=True), Transformer.from_crs(aeqd, WGS84, always_xy=True)


def _check(etype: str, level: int, config: EmergencyConfig) -> None:
    if etype not in config.types:
        raise ValueError(f"unknown emergency type {etype!r} (one of {', '.join(EMERGENCY_TYPES)})")
    if level not in LEVELS:
        raise ValueError(f"level must be 1-4 (I-IV), not {level!r}")


def zone_outlines(etype: str, level: int, lon: float, lat: float, config: EmergencyConfig,
                  area_lonlat=None) -> list[tuple[float, object]]:
    """(radius_m, WGS84 outline) of each ring: what the map shows the moment an emergency is
    declared, before the picture of what lies inside is computed."""
    _check(etype, level, config)
    if area_lonlat is None:
        # A disc of geodesic radius r is the points r away in every direction: no projection
        # to build (two of them cost ~13 ms, a tenth of the switch's budget).
        azimuths = np.linspace(0.0, 360.0, RING_VERTICES, endpoint=False)
        rings = []
        for r in _radii(etype, config, None):
            rlon, rlat, _ = GEOD.fwd(np.full(RING_VERTICES, lon), np.full(RING_VERTICES, lat), azimuths,
                                     np.full(RING_VERTICES, float(r)))
            rings.append((float(r), shapely.Polygon(np.column_stack([rlon, rlat]))))
        return rings
    to_local, to_lonlat = _local(lon, lat)
    centre = shapely.transform(area_lonlat, lambda xy: np.column_stack(to_local.transform(xy[:, 0], xy[:, 1])))
    return [(float(r), shapely.transform(shapely.buffer(centre, r, quad_segs=32),
                                         lambda xy: np.column_stack(to_lonlat.transform(xy[:, 0], xy[:, 1]))))
            for r in _radii(etype, config, area_lonlat)]


def _radii(etype: str, config: EmergencyConfig, area_lonlat) -> tuple[float, ...]:
    """The zones' distances: the type's rings, and for a drawn area the area itself (0 m) first."""
    rings = config.types[etype].rings_m
    return rings if area_lonlat is None else (0.0,) + rings


def compute(district, etype: str, level: int, lon: float, lat: float, config: EmergencyConfig,
            area_lonlat=None) -> Picture:
    """The picture of an emergency of ``etype`` at (lon, lat) (or on a drawn WGS84 area)."""
    _check(etype, level, config)
    to_local, to_lonlat = _local(lon, lat)
    # Metric working CRS straight to the local projection: one transformation, not two.
    metric_to_local = Transformer.from_crs(district.metric_crs, to_local.target_crs, always_xy=True)
    rings = _radii(etype, config, area_lonlat)
    outer = rings[-1]
    cx, cy = district.from_lonlat(lon, lat)
    reach = outer * 1.01 + 50  # UTM scale is within 0.1 %: a box this big holds everything within `outer`
    if area_lonlat is None:
        box = (float(cx) - reach, float(cy) - reach, float(cx) + reach, float(cy) + reach)
    else:  # everything within `outer` of the drawn area
        a = shapely.transform(area_lonlat, lambda xy: np.column_stack(district.from_lonlat(xy[:, 0], xy[:, 1])))
        x0, y0, x1, y1 = shapely.bounds(a)
        box = (x0 - reach, y0 - reach, x1 + reach, y1 + reach)

    def in_box(name):
        x, y = district.point_xy(name)
        return np.flatnonzero((x >= box[0]) & (x <= box[2]) & (y >= box[1]) & (y <= box[3])), x, y

    def local_points(name):
        """Positions of the layer's points near the focus and their distance from it (or from
        the drawn area), in metres on the ellipsoid."""
        idx, x, y = in_box(name)
        lx, ly = metric_to_local.transform(x[idx], y[idx])
        if area_local is not None:
            return idx, distance(shapely.points(np.asarray(lx), np.asarray(ly)))
        return idx, np.hypot(np.asarray(lx), np.asarray(ly))

    def to_local_geom(geoms):
        def fn(xy):
            return np.column_stack(metric_to_local.transform(xy[:, 0], xy[:, 1]))
        return shapely.transform(geoms, fn)

    area_local = None
    if area_lonlat is not None:
        area_local = shapely.transform(area_lonlat, lambda xy: np.column_stack(to_local.transform(xy[:, 0], xy[:, 1])))

    def distance(geoms_local):
        if area_local is not None:
            return shapely.distance(area_local, geoms_local)
        return shapely.distance(shapely.Point(0, 0), geoms_local)

    grids = district.grids
    gidx = np.asarray(shapely.STRtree(grids.geometry.values).query(shapely.box(*box)), dtype=np.int64)
    gidx.sort()
    gdist = distance(to_local_geom(grids.geometry.values[gidx]))
    sens = district.sensors
    s_idx, s_dist = local_points("sensors")
    sites = district.layer("risk_sites")
    r_idx, r_dist = local_points("risk_sites") if len(sites) else (np.empty(0, int), np.empty(0))
    buildings = district.layer("buildings")
    if len(buildings):
        bidx = np.asarray(district.context_tree("buildings").query(shapely.box(*box)), dtype=np.int64)
        bdist = distance(to_local_geom(buildings.geometry.values[bidx]))
    else:
        bdist = np.empty(0)
    alarm = sens["status"].to_numpy()[s_idx] == "alarm"

    zones = []
    for r in rings:
        g_in = gidx[gdist <= r]
        s_in = np.flatnonzero(s_dist <= r)
        s_in = s_in[np.lexsort((s_dist[s_in], ~alarm[s_in]))]  # alarms first, then nearest
        r_in = np.flatnonzero(r_dist <= r)
        r_in = r_in[np.argsort(r_dist[r_in], kind="stable")]
        disc = shapely.buffer(area_local if area_local is not None else shapely.Point(0, 0), r, quad_segs=32)
        zones.append(Zone(float(r), [str(v) for v in grids["grid_id"].to_numpy()[g_in]],
                          int(grids["population"].to_numpy()[g_in].sum()),
                          [str(v) for v in sens["sensor_id"].to_numpy()[s_idx[s_in]]],
                          [str(v) for v in sites["site_id"].to_numpy()[r_idx[r_in]]] if len(sites) else [],
                          int((bdist <= r).sum()),
                          shapely.transform(disc, lambda xy: np.column_stack(to_lonlat.transform(xy[:, 0], xy[:, 1])))))

    cameras = cameras_seeing(district, lon, lat)
    shelters = _shelters(district, to_local, lon, lat, outer)
    hit = grids["grid_id"].isin(zones[-1].grid_ids).to_numpy()
    workers = [{"grid_id": str(g), "grid": str(n), "grid_worker": str(w or "")}
               for g, n, w in zip(grids["grid_id"][hit], grids["name"][hit], grids["grid_worker"][hit])]
    return Picture(etype, level, (float(lon), float(lat)), zones, cameras, shelters, workers, area_lonlat)


def cameras_seeing(district, lon: float, lat: float) -> list[tuple[str, float]]:
    """Online cameras that can see (lon, lat): within ``range_m``, with the point inside the
    field of view around ``heading_deg`` (degrees clockwise from true north), and no building
    between them and it (geodata.analysis.visibility). Nearest first."""
    cams = district.cameras
    if not len(cams):
        return []
    cx, cy = district.from_lonlat(lon, lat)
    reach = float(cams["range_m"].max()) * 1.01 + 50
    x, y = district.point_xy("cameras")
    near = np.flatnonzero((np.abs(x - cx) <= reach) & (np.abs(y - cy) <= reach)
                          & (cams["status"].to_numpy() == "online"))
    if not len(near):
        return []
    clon, clat = district.to_lonlat(x[near], y[near])
    az, _, dist = GEOD.inv(np.asarray(clon), np.asarray(clat), np.full(len(near), lon), np.full(len(near), lat))
    heading = cams["heading_deg"].to_numpy(float)[near]
    fov = cams["fov_deg"].to_numpy(float)[near]
    off = np.abs((np.asarray(az) - heading + 180.0) % 360.0 - 180.0)
    ok = (np.asarray(dist) <= cams["range_m"].to_numpy(float)[near]) & ((off <= fov / 2) | (fov >= 360) | (dist < 0.5))
    ok[ok] = sees(district, near[ok], float(cx), float(cy))  # and no building in the way
    order = np.argsort(np.asarray(dist)[ok], kind="stable")
    ids = cams["camera_id"].to_numpy()[near][ok][order]
    return [(str(i), float(d)) for i, d in zip(ids, np.asarray(dist)[ok][order])]


def _shelters(district, to_local, lon: float, lat: float, outer: float, nearest: int = 5) -> list[dict]:
    """Shelters within the outer ring, or at least the ``nearest`` few, with capacity and distance."""
    sh = district.layer("shelters")
    if not len(sh):
        return []
    slon, slat = district.to_lonlat(*district.point_xy("shelters"))
    _, _, dist = GEOD.inv(np.full(len(sh), lon), np.full(len(sh), lat), np.asarray(slon), np.asarray(slat))
    dist = np.asarray(dist)
    order = np.argsort(dist, kind="stable")
    keep = order[(dist[order] <= outer) | (np.arange(len(order)) < nearest)]
    return [{"shelter_id": str(sh["shelter_id"].iloc[i]), "name": str(sh["name"].iloc[i]),
             "capacity": int(sh["capacity"].iloc[i]), "distance_m": round(float(dist[i]), 1),
             "lon": round(float(slon[i]), 7), "lat": round(float(slat[i]), 7)} for i in keep]
