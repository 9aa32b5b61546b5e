"""Workload balance per grid: what one grid worker carries, and how far from the fair share.

Counts are kept per grid position and updated from the spatial index's reassignments,
so an edit costs what it moved, not what the district holds.

Population follows buildings: each grid's recorded population is spread over its
buildings by floor area (footprint x floors), and a grid without buildings keeps its
people at one interior point. When a boundary moves, people move with the buildings
(dasymetric mapping; the district total never changes).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from geodata.schema import OPEN_INCIDENT_STATUSES
from geodata.spatial_index import NO_GRID, CityIndex, Reassignment

# How a grid worker's load is made up; each term is relative to the district mean.
WORKLOAD_WEIGHTS = {"population": 0.4, "past_incidents": 0.35, "open_incidents": 0.1, "devices": 0.15}
METRICS = ("population", "open_incidents", "past_incidents", "sensors", "cameras", "area_km2", "compactness",
           "workload", "deviation")
PEOPLE = "people"  # the index layer of population points


def population_points(district, index: CityIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points (x, y) and their share of people, from buildings and grid populations."""
    grids = district.grids
    pop = grids["population"].to_numpy(dtype=float)
    buildings = district.layer("buildings")
    if len(buildings):
        centre = shapely.get_coordinates(shapely.point_on_surface(buildings.geometry.values))
        floors = buildings["floors"].fillna(1).to_numpy(dtype=float) if "floors" in buildings else 1.0
        floor_area = shapely.area(buildings.geometry.values) * np.maximum(floors, 1.0)
        owner = index.grids.locate(centre[:, 0], centre[:, 1])
        inside = owner != NO_GRID
        centre, floor_area, owner = centre[inside], floor_area[inside], owner[inside]
        per_grid = np.bincount(owner, weights=floor_area, minlength=len(grids))
        weight = pop[owner] * floor_area / per_grid[owner]
    else:
        centre, weight, owner = np.empty((0, 2)), np.empty(0), np.empty(0, dtype=np.int64)
    empty = np.setdiff1d(np.arange(len(grids)), owner)
    anchor = shapely.get_coordinates(shapely.point_on_surface(grids.geometry.values[empty])).reshape(-1, 2)
    x = np.r_[centre[:, 0], anchor[:, 0]]
    y = np.r_[centre[:, 1], anchor[:, 1]]
    return x, y, np.r_[weight, pop[empty]]


def polsby_popper(geoms) -> np.ndarray:
    """Compactness 4πA/P²: 1 for a disc, ~0.785 for a square, near 0 for a strip."""
    geoms = np.asarray(geoms, dtype=object)
    out = np.zeros(len(geoms))
    alive = ~shapely.is_missing(geoms)
    per = shapely.length(geoms[alive])
    out[alive] = np.where(per > 0, 4 * np.pi * shapely.area(geoms[alive]) / np.maximum(per, 1e-12) ** 2, 0)
    return out


@dataclass
class BalanceRow:
    """One grid's figures (a view for panels and the CSV)."""

    position: int
    population: float
    open_incidents: int
    past_incidents: int
    sensors: int
    cameras: int
    area_km2: float
    compactness: float
    workload: float
    deviation: float


class WorkloadBalance:
    """Per-grid counts and workload, updated incrementally as grids change.

    ``workload`` is the weighted sum of each term over its district mean, so the fair
    share (the target per grid worker) is 1.0 and ``deviation`` is ``workload - 1``.
    """

    def __init__(self, geoms, index: CityIndex, people_weight: np.ndarray, incident_open: np.ndarray) -> None:
        self._index = index
        self._people_weight = np.asarray(people_weight, dtype=float)
        self._incident_open = np.asarray(incident_open, dtype=bool)
        self.alive = ~shapely.is_missing(np.asarray(geoms, dtype=object))
        n = len(self.alive)
        a = index.assignment
        self.population = _bincount(a[PEOPLE], self._people_weight, n)
        inc = a["incidents"]
        self.open_incidents = _bincount(inc[self._incident_open], None, n)
        self.past_incidents = _bincount(inc[~self._incident_open], None, n)
        self.sensors = _bincount(a["sensors"], None, n)
        self.cameras = _bincount(a["cameras"], None, n)
        self.area_km2 = np.zeros(n)
        self.compactness = np.zeros(n)
        self._shape(np.arange(n), geoms)
        self._score()

    @classmethod
    def for_district(cls, district, geoms, index: CityIndex, incident_open: np.ndarray | None = None) -> "WorkloadBalance":
        """``incident_open``: which indexed incidents are open now (live states); by default
        the loaded statuses, with incidents that arrived since counted as closed."""
        if PEOPLE not in index.points:
            x, y, w = population_points(district, index)
            index.add_layer(PEOPLE, x, y, weights=w)
        if incident_open is None:
            incident_open = np.isin(district.incidents["status"].to_numpy(), OPEN_INCIDENT_STATUSES)
        n = len(index.assignment["incidents"])
        is_open = np.zeros(n, dtype=bool)
        is_open[: min(n, len(incident_open))] = np.asarray(incident_open, dtype=bool)[:n]
        return cls(geoms, index, index.weights[PEOPLE], is_open)

    def _shape(self, positions, geoms) -> None:
        g = np.array([geoms[p] for p in positions], dtype=object)
        alive = ~shapely.is_missing(g)
        self.area_km2[positions] = np.where(alive, shapely.area(g) / 1e6 if len(g) else 0, 0)
        self.compactness[positions] = polsby_popper(g)

    def _score(self) -> None:
        alive = self.alive
        terms = {"population": self.population, "past_incidents": self.past_incidents,
                 "open_incidents": self.open_incidents, "devices": self.sensors + self.cameras}
        score, used = np.zeros(len(alive)), 0.0
        for name, values in terms.items():
            mean = values[alive].mean() if alive.any() else 0.0
            if mean > 0:  # a term the district has none of does not count
                score += WORKLOAD_WEIGHTS[name] * values / mean
                used += WORKLOAD_WEIGHTS[name]
        self.workload = np.where(alive, score / used if used else 1.0, 0.0)
        self.deviation = np.where(alive, self.workload - 1.0, 0.0)

    def update(self, geoms, changed, moved: dict[str, Reassignment]) -> None:
        """Apply an edit: new shapes for ``changed`` positions, points that changed grid."""
        n = len(geoms)
        if n > len(self.alive):
            grow = n - len(self.alive)
            for name in ("population", "open_incidents", "past_incidents", "sensors", "cameras",
                         "area_km2", "compactness"):
                setattr(self, name, np.r_[getattr(self, name), np.zeros(grow, dtype=getattr(self, name).dtype)])
            self.alive = np.r_[self.alive, np.zeros(grow, dtype=bool)]
        changed = np.asarray(sorted(changed), dtype=np.int64)
        self.alive[changed] = [geoms[p] is not None for p in changed]
        self._shape(changed, geoms)
        for layer, r in moved.items():
            if not len(r):
                continue
            if layer == PEOPLE:
                _shift(self.population, r, self._people_weight[r.points])
            elif layer == "incidents":
                is_open = self._incident_open[r.points] if len(self._incident_open) else np.ones(len(r), bool)
                _shift(self.open_incidents, _subset(r, is_open), None)
                _shift(self.past_incidents, _subset(r, ~is_open), None)
            elif layer in ("sensors", "cameras"):
                _shift(getattr(self, layer), r, None)
        self._score()

    def row(self, position: int) -> BalanceRow:
        return BalanceRow(position, float(self.population[position]), int(self.open_incidents[position]),
                          int(self.past_incidents[position]), int(self.sensors[position]),
                          int(self.cameras[position]), float(self.area_km2[position]),
                          float(self.compactness[position]), float(self.workload[position]),
                          float(self.deviation[position]))

    def worst(self, k: int = 10) -> np.ndarray:
        """Positions of the ``k`` live grids furthest from the fair share, worst first."""
        live = np.flatnonzero(self.alive)
        order = np.argsort(-np.abs(self.deviation[live]), kind="stable")
        return live[order[:k]]

    def note_incident(self, grid: int, is_open: bool) -> None:
        """A live incident arrived in ``grid`` (keeps the table current between edits)."""
        self._incident_open = np.r_[self._incident_open, is_open]
        if grid != NO_GRID:
            (self.open_incidents if is_open else self.past_incidents)[grid] += 1
            self._score()


def _bincount(assign: np.ndarray, weights, n: int) -> np.ndarray:
    ok = assign != NO_GRID
    w = None if weights is None else weights[ok]
    out = np.bincount(assign[ok], weights=w, minlength=n)
    return out.astype(float) if weights is not None else out.astype(np.int64)


def _subset(r: Reassignment, mask: np.ndarray) -> Reassignment:
    return Reassignment(r.points[mask], r.old[mask], r.new[mask])


def _shift(counts: np.ndarray, r: Reassignment, weights) -> None:
    w = np.ones(len(r), dtype=counts.dtype) if weights is None else weights
    old_ok, new_ok = r.old != NO_GRID, r.new != NO_GRID
    np.subtract.at(counts, r.old[old_ok], w[old_ok])
    np.add.at(counts, r.new[new_ok], w[new_ok])
