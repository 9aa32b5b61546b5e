"""A built-in feed for demos and drills: incidents at a rate that follows population and the
time of day, realistic categories, occasional bursts; sensor readings that drift and now
and then cross their threshold. It speaks the same NDJSON GeoJSON as ``--feed tcp://``,
so everything it sends takes the path real messages take.
"""
from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import shapely

from geodata.demo import CATEGORY_WEIGHTS, HOUR_PROFILE, SEVERE  # the same city the history was made of
from geodata.feeds.messages import RawMessage
from geodata.localtime import CST
from geodata.localtime import utc_now

LONGHUA_PER_DAY = 1400.0       # incidents a day in Longhua (2.8 M people)
LONGHUA_POPULATION = 2_800_000
BURST_CATEGORIES = (("flooding", "water_drainage", "road_damage"), ("fire_hazard", "safety_hazard"),
                    ("gas_leak", "safety_hazard"))
SOURCES = (("hotline", 0.5), ("grid_worker", 0.35), ("citizen", 0.15))


@dataclass
class SimulatorSettings:
    speed: float = 30.0              # incident rate multiplier (1 = real Longhua-like rates)
    bursts_per_hour: float = 0.5     # at speed 1; scaled by speed like the rate
    active_sensors: int = 40         # sensors that report readings
    reading_every_s: float = 10.0
    excursion_every_s: float = 150.0  # how often one active sensor starts drifting past its threshold


class Simulator:
    """``poll()`` returns the messages due since the last poll, by the ``clock``."""

    def __init__(self, district, settings: SimulatorSettings | None = None, seed: int = 0,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.settings = settings or SimulatorSettings()
        self.rng = np.random.default_rng(seed)
        self.clock = clock
        self._last = clock()
        self._places(district)
        self._sensors(district)
        population = float(district.grids["population"].sum())
        self.per_second = LONGHUA_PER_DAY * population / LONGHUA_POPULATION / 86400.0
        cats = np.array(list(CATEGORY_WEIGHTS))
        w = np.array(list(CATEGORY_WEIGHTS.values()), float)
        self.categories, self.category_p = cats, w / w.sum()
        self._burst: tuple[float, float, tuple, int, float] | None = None  # lon, lat, categories, left, until

    def _places(self, district) -> None:
        """Candidate places weighted by the population density of the grid they fall in."""
        g = district.grids
        area = np.maximum(g.geometry.area.to_numpy(), 1.0)
        density = g["population"].to_numpy(float) / area
        minx, miny, maxx, maxy = district.bounds
        x = self.rng.uniform(minx, maxx, 40_000)
        y = self.rng.uniform(miny, maxy, 40_000)
        tree = shapely.STRtree(g.geometry.values)
        pts, grid = tree.query(shapely.points(x, y), predicate="within")
        keep_pts, first = np.unique(pts, return_index=True)
        grid = grid[first]
        w = density[grid] + 1e-12
        lon, lat = district.to_lonlat(x[keep_pts], y[keep_pts])
        self.place_lon, self.place_lat = np.asarray(lon), np.asarray(lat)
        self.place_p = w / w.sum()
        self.outline = shapely.transform(district.outline, lambda xy: np.column_stack(district.to_lonlat(xy[:, 0], xy[:, 1])))
        shapely.prepare(self.outline)

    def _inside(self, lon: float, lat: float, near: tuple[float, float]) -> tuple[float, float]:
        """A jittered place stays in the district (a simulator must not send what the intake rejects)."""
        return (lon, lat) if shapely.contains_xy(self.outline, lon, lat) else near

    def _sensors(self, district) -> None:
        s = district.sensors
        online = np.flatnonzero(s["status"].to_numpy() != "offline")
        k = min(self.settings.active_sensors, len(online))
        chosen = self.rng.choice(online, k, replace=False) if k else np.empty(0, int)
        self.sensor_ids = s["sensor_id"].to_numpy()[chosen].astype(str)
        self.thresholds = s["threshold"].to_numpy(float)[chosen]
        values = s["value"].to_numpy(float)[chosen]
        self.baseline = np.where(np.isfinite(values), np.minimum(values, 0.6 * self.thresholds), 0.4 * self.thresholds)
        self.values = self.baseline.copy()
        self.excursion = np.zeros(k)       # extra push towards and past the threshold, in thresholds
        self.next_reading = self.rng.uniform(0, self.settings.reading_every_s, k)
        self._t = 0.0
        self._next_excursion = self.settings.excursion_every_s * self.rng.uniform(0.2, 1.0)

    # ------------------------------------------------------------------ polling
    def poll(self, timeout: float = 0.0) -> list[RawMessage]:
        """Messages due since the last poll; waits ``timeout`` seconds first when it is the only source."""
        if timeout > 0:
            time.sleep(timeout)
        now = self.clock()
        dt = max(0.0, min((now - self._last).total_seconds(), 60.0))  # a stalled host does not flood
        self._last = now
        if dt == 0:
            return []
        out = [self._incident(now) for _ in range(self._count(now, dt))]
        out += self._burst_messages(now, dt)
        out += self._readings(now, dt)
        return out

    def _count(self, now: datetime, dt: float) -> int:
        hour = now.astimezone(CST).hour
        rate = self.per_second * self.settings.speed * HOUR_PROFILE[hour] / HOUR_PROFILE.mean()
        return int(self.rng.poisson(rate * dt))

    def _incident(self, now: datetime, lon=None, lat=None, categories=None) -> RawMessage:
        rng = self.rng
        if lon is None:
            k = rng.choice(len(self.place_p), p=self.place_p)
            # jitter inside a few tens of metres so two incidents do not share a point
            lon, lat = self._inside(self.place_lon[k] + rng.normal(0, 0.0002), self.place_lat[k] + rng.normal(0, 0.0002),
                                    (self.place_lon[k], self.place_lat[k]))
        category = str(rng.choice(categories)) if categories else str(rng.choice(self.categories, p=self.category_p))
        p = [0.15, 0.35, 0.35, 0.15] if category in SEVERE else [0.6, 0.3, 0.09, 0.01]
        severity = int(rng.choice([1, 2, 3, 4], p=p))
        source = str(rng.choice([s for s, _ in SOURCES], p=[w for _, w in SOURCES]))
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]},
                   "properties": {"category": category, "severity": severity, "source": source,
                                  "reported_at": now.isoformat(timespec="seconds")}}
        return RawMessage("simulator", json.dumps(feature), "simulator")

    def _burst_messages(self, now: datetime, dt: float) -> list[RawMessage]:
        s = self.settings
        if self._burst is None and self.rng.random() < s.bursts_per_hour * s.speed * dt / 3600.0:
            k = self.rng.choice(len(self.place_p), p=self.place_p)
            cats = BURST_CATEGORIES[self.rng.integers(len(BURST_CATEGORIES))]
            self._burst = (self.place_lon[k], self.place_lat[k], cats, int(self.rng.integers(6, 25)), 90.0)
        if self._burst is None:
            return []
        lon, lat, cats, left, seconds = self._burst
        n = min(left, int(self.rng.poisson(left / max(seconds, 1.0) * dt * 3)) + 1)
        out = []
        for _ in range(n):
            r, a = abs(self.rng.normal(0, 0.002)), self.rng.uniform(0, 2 * math.pi)  # within a few hundred metres
            out.append(self._incident(now, *self._inside(lon + r * math.cos(a), lat + r * math.sin(a), (lon, lat)), cats))
        left, seconds = left - n, seconds - dt
        self._burst = (lon, lat, cats, left, seconds) if left > 0 and seconds > 0 else None
        return out

    def _readings(self, now: datetime, dt: float) -> list[RawMessage]:
        if not len(self.sensor_ids):
            return []
        s = self.settings
        self._t += dt
        if self._t >= self._next_excursion:
            k = self.rng.integers(len(self.sensor_ids))
            self.excursion[k] = self.rng.uniform(0.8, 1.6)  # peaks past the threshold
            self._next_excursion = self._t + s.excursion_every_s * self.rng.uniform(0.5, 1.5)
        # Readings drift around their baseline; an excursion decays over a few minutes.
        self.values += self.rng.normal(0, 0.02, len(self.values)) * self.thresholds * math.sqrt(dt)
        self.values += (self.baseline - self.values) * min(1.0, 0.05 * dt)
        self.excursion *= math.exp(-dt / 240.0)
        self.next_reading -= dt
        due = np.flatnonzero(self.next_reading <= 0)
        self.next_reading[due] += s.reading_every_s
        out = []
        for k in due:
            value = max(0.0, self.values[k] + self.excursion[k] * self.thresholds[k])
            feature = {"type": "Feature", "geometry": None,
                       "properties": {"sensor_id": str(self.sensor_ids[k]), "value": round(float(value), 3),
                                      "observed_at": now.isoformat(timespec="seconds")}}
            out.append(RawMessage("simulator", json.dumps(feature), "simulator"))
        return out
