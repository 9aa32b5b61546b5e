"""What is under the cursor: answered by the spatial index, not by per-item hit tests."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from geodata.schema import OPEN_INCIDENT_STATUSES
from geodata.spatial_index import NO_GRID, CityIndex


@dataclass(frozen=True)
class Pick:
    """A picked feature: its layer and its row position in that layer."""

    layer: str
    position: int


NEAREST_CANDIDATES = 32  # nearest points looked at when only some of a layer are drawn


def pick(index: CityIndex, x: float, y: float, tolerance_m: float,
         point_layers: Sequence[str] = ("incidents", "sensors", "cameras"),
         grids: bool = True, drawn: dict | None = None) -> Pick | None:
    """The feature at metric (x, y): the nearest point within ``tolerance_m`` of the first
    layer in ``point_layers`` that has one (so incidents win over sensors over cameras),
    else the grid covering the point. ``drawn``: per layer, the positions drawn as symbols
    at this scale; a point hidden in a density or a cluster is not picked."""
    for layer in point_layers:
        if layer not in index.points:
            continue
        only = None if drawn is None else drawn.get(layer)
        k = 1 if only is None else NEAREST_CANDIDATES
        hit = index.points[layer].nearest(x, y, k=k, max_distance=tolerance_m)
        if only is not None:
            hit = hit[np.isin(hit, only)]
        if len(hit):
            return Pick(layer, int(hit[0]))
    if grids:
        pos = index.grid_of(x, y)
        if pos != NO_GRID:
            return Pick("grids", pos)
    return None


def grid_summary(district, index: CityIndex, position: int, incident_open: np.ndarray | None = None) -> dict:
    """Counts a grid is judged by: population, sensors (and in alarm), cameras, open incidents.
    ``incident_open`` gives the live open state of every indexed incident (default: as loaded)."""
    open_mask = (np.isin(district.incidents["status"].to_numpy(), OPEN_INCIDENT_STATUSES)
                 if incident_open is None else np.asarray(incident_open, dtype=bool))
    alarm_mask = district.sensors["status"].to_numpy() == "alarm"
    a = index.assignment
    return {
        "population": int(district.grids["population"].iloc[position]) if position < len(district.grids) else 0,
        "sensors": int((a["sensors"] == position).sum()),
        "sensors_in_alarm": int((a["sensors"][alarm_mask] == position).sum()),
        "cameras": int((a["cameras"] == position).sum()),
        "open_incidents": int((a["incidents"][: len(open_mask)][open_mask] == position).sum()),
        "area_km2": round(float(index.grids.geometries[position].area) / 1e6, 3),
    }
