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


def pick(index: CityIndex, x: float, y: float, tolerance_m: float,
         point_layers: Sequence[str] = ("incidents", "sensors", "cameras"),
         grids: bool = True) -> Pick | None:
    """The feature at metric (x, y): the nearest point within ``tolerance_m`` of the first
    layer in ``point_layers`` that has one (so incidents win over sensors over cameras),
    else the grid covering the point."""
    for layer in point_layers:
        if layer in index.points:
            hit = index.points[layer].nearest(x, y, k=1, max_distance=tolerance_m)
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
