"""What making a plan version active would move, shown before the planner confirms: open
incidents, sensors and cameras that change grid, grid workers whose grid changes, grids
added and retired, and each grid's workload before and after (fair share = 1)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from geodata.plan.balance import WORKLOAD_WEIGHTS
from geodata.spatial_index import NO_GRID, GridIndex

EXAMPLES = 5


@dataclass
class ActivationPreview:
    version: int
    moved: dict[str, int] = field(default_factory=dict)           # layer -> how many change grid
    examples: dict[str, list[str]] = field(default_factory=dict)  # layer -> a few of their ids
    workers: list[tuple[str, str, str]] = field(default_factory=list)  # (grid, worker before, after)
    added: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    workload: list[tuple[str, float, float]] = field(default_factory=list)  # (grid, before, after), most changed first

    @property
    def changes_anything(self) -> bool:
        return bool(any(self.moved.values()) or self.workers or self.added or self.retired)


def _workload(counts: dict[str, np.ndarray]) -> np.ndarray:
    """Each grid's load relative to the district mean, weighted as the balance panel weighs it."""
    total = np.zeros(len(next(iter(counts.values()))))
    for term, weight in WORKLOAD_WEIGHTS.items():
        values = counts[term].astype(float)
        mean = values.mean() if len(values) else 0.0
        total += weight * (values / mean if mean > 0 else 0.0)
    return total


def activation_preview(version: int, district, index, open_mask: np.ndarray, incident_xy, new_grids) -> ActivationPreview:
    """``new_grids``: the version's grids (GeoDataFrame in the district's metric CRS);
    ``index``: the CityIndex now in force; ``open_mask``/``incident_xy``: the live incidents."""
    before_ids = np.asarray(district.grids["grid_id"].astype(str))
    after_ids = np.asarray(new_grids["grid_id"].astype(str))
    after = GridIndex(new_grids.geometry.values, after_ids)
    out = ActivationPreview(version)
    layers = {"open_incidents": (np.asarray(incident_xy[0])[open_mask], np.asarray(incident_xy[1])[open_mask],
                                 np.asarray(index.assignment["incidents"])[: len(open_mask)][open_mask],
                                 np.flatnonzero(open_mask)),
              "sensors": (*district.point_xy("sensors"), index.assignment["sensors"], None),
              "cameras": (*district.point_xy("cameras"), index.assignment["cameras"], None)}
    id_columns = {"sensors": "sensor_id", "cameras": "camera_id"}
    placed_after = {}
    for name, (x, y, was, positions) in layers.items():
        now = after.locate(np.atleast_1d(x), np.atleast_1d(y))
        was_id = np.where(was >= 0, before_ids[np.clip(was, 0, len(before_ids) - 1)], None)
        now_id = np.where(now != NO_GRID, after_ids[np.clip(now, 0, len(after_ids) - 1)], None)
        changed = np.flatnonzero(was_id != now_id)
        out.moved[name] = int(len(changed))
        if name in id_columns:
            ids = district.layer(name)[id_columns[name]].astype(str).to_numpy()
            out.examples[name] = [str(ids[k]) for k in changed[:EXAMPLES]]
        else:
            out.examples[name] = [f"#{int(positions[k])}" for k in changed[:EXAMPLES]]
        placed_after[name] = (was, now)
    workers_before = dict(zip(before_ids, district.grids.get("grid_worker", [""] * len(before_ids)).astype(str)))
    workers_after = dict(zip(after_ids, new_grids.get("grid_worker", [""] * len(after_ids)).astype(str)))
    out.added = sorted(set(after_ids) - set(before_ids))
    out.retired = sorted(set(before_ids) - set(after_ids))
    out.workers = [(g, workers_before[g], workers_after[g]) for g in sorted(set(before_ids) & set(after_ids))
                   if workers_before[g] != workers_after[g]]

    def counts(ids, which: int, population) -> dict[str, np.ndarray]:
        n = len(ids)
        per = {name: np.bincount(pair[which][pair[which] >= 0], minlength=n)[:n] for name, pair in placed_after.items()}
        past_assign = index.assignment["incidents"][: len(open_mask)][~open_mask]
        past = np.bincount(past_assign[past_assign >= 0], minlength=len(before_ids))[: len(before_ids)]
        if which == 1:  # past incidents by the new grids
            px, py = np.asarray(incident_xy[0])[~open_mask], np.asarray(incident_xy[1])[~open_mask]
            where = after.locate(np.atleast_1d(px), np.atleast_1d(py))
            past = np.bincount(where[where >= 0], minlength=n)[:n]
        return {"population": np.asarray(population, dtype=float), "past_incidents": past,
                "open_incidents": per["open_incidents"], "devices": per["sensors"] + per["cameras"]}

    load_before = _workload(counts(before_ids, 0, district.grids["population"].to_numpy(dtype=float)))
    load_after = _workload(counts(after_ids, 1, new_grids["population"].fillna(0).to_numpy(dtype=float)))
    before_by_id = dict(zip(before_ids, load_before))
    rows = [(g, float(before_by_id.get(g, np.nan)), float(v)) for g, v in zip(after_ids, load_after)]
    rows.sort(key=lambda r: -abs(r[2] - (r[1] if np.isfinite(r[1]) else 0.0)))
    out.workload = rows
    return out
