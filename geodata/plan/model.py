"""The editable grid plan: geometries by stable position, the live index, problems and balance.

A grid keeps its *position* for the whole session: a merge retires positions (geometry
``None``) and a split appends new ones, so the spatial index, the map layer and the
undo history can all address grids by position without renumbering. Every change goes
through :meth:`GridPlan.apply`, which updates the index (only points in the changed
area), the coverage report (only the region touched) and the balance (only the moved
counts), and tells listeners what changed.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely

from geodata.plan.balance import BalanceRow, WorkloadBalance
from geodata.plan.coverage import CoverageReport, check_coverage, reference_outline
from geodata.spatial_index import CityIndex, Reassignment


@dataclass(frozen=True)
class GridState:
    """A grid as an edit sees it: its shape and its attributes (grid_id, name, ...)."""

    geometry: object
    attrs: dict


@dataclass(frozen=True)
class GridChange:
    """Grids before and after an edit, by position (``None`` = not there)."""

    before: dict[int, GridState | None]
    after: dict[int, GridState | None]

    def inverse(self) -> GridChange:
        return GridChange(self.after, self.before)

    @property
    def positions(self) -> list[int]:
        return sorted(set(self.before) | set(self.after))


@dataclass
class EditOutcome:
    """What one applied change did: grids touched, points moved, balance before and after."""

    changed: list[int]
    moved: dict[str, Reassignment]
    before: dict[int, BalanceRow] = field(default_factory=dict)
    after: dict[int, BalanceRow] = field(default_factory=dict)

    def moved_count(self) -> int:
        return sum(len(r) for r in self.moved.values())


class GridPlan:
    """The grids of a district being planned (metres, the district's metric CRS)."""

    def __init__(self, district, index: CityIndex | None = None, incident_open=None) -> None:
        self.district = district
        grids = district.grids
        self.geoms: list = list(grids.geometry.values)
        self.attrs: list[dict | None] = grids.drop(columns=grids.geometry.name).to_dict("records")
        self.index = index if index is not None else CityIndex.from_district(district)
        boundary = district.layer("district_boundary").geometry.values
        self.reference = reference_outline(self.geoms, boundary if len(boundary) else None)
        shapely.prepare(self.reference)
        self.report: CoverageReport = check_coverage(self.geoms, self.reference)
        self.balance = WorkloadBalance.for_district(district, self.geoms, self.index, incident_open)
        self.listeners: list[Callable[[EditOutcome], None]] = []
        self.last: EditOutcome | None = None

    # -- reading
    def __len__(self) -> int:
        return len(self.geoms)

    @property
    def alive(self) -> np.ndarray:
        return np.array([g is not None for g in self.geoms], dtype=bool)

    def live_positions(self) -> list[int]:
        return [i for i, g in enumerate(self.geoms) if g is not None]

    def grid_id(self, position: int) -> str:
        return str(self.attrs[position]["grid_id"])

    def position_of(self, grid_id: str) -> int:
        for i, a in enumerate(self.attrs):
            if a is not None and self.geoms[i] is not None and str(a["grid_id"]) == grid_id:
                return i
        raise KeyError(f"no live grid {grid_id!r}")

    def state(self, position: int) -> GridState | None:
        if position >= len(self.geoms) or self.geoms[position] is None:
            return None
        return GridState(self.geoms[position], dict(self.attrs[position]))

    def grids_at(self, bounds) -> list[int]:
        """Live grid positions whose bounding boxes meet ``bounds``."""
        return [int(i) for i in self.index.grids.in_bbox(tuple(bounds)) if self.geoms[int(i)] is not None]

    def grid_at(self, x: float, y: float) -> int | None:
        pos = self.index.grid_of(x, y)
        return None if pos < 0 else pos

    def known_ids(self) -> set[str]:
        return {str(a["grid_id"]) for a in self.attrs if a is not None}

    def frame(self):
        """The live grids as a GeoDataFrame (metric CRS), in position order."""
        live = self.live_positions()
        rows = [dict(self.attrs[i], geometry=self.geoms[i]) for i in live]
        frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=self.district.metric_crs)
        frame["population"] = np.round(self.balance.population[live]).astype("int64")
        return frame

    # -- changing
    def apply(self, change: GridChange) -> EditOutcome:
        """Bring the grids to ``change.after``; update index, coverage report and balance."""
        positions = change.positions
        before = {p: self.balance.row(p) for p in positions if p < len(self.balance.alive)}
        geom_changes, new_ids = {}, {}
        for pos in positions:
            state = change.after.get(pos)
            while pos >= len(self.geoms):
                self.geoms.append(None)
                self.attrs.append(None)
            if state is None:
                self.geoms[pos] = None
                geom_changes[pos] = None
            else:
                self.geoms[pos] = state.geometry
                self.attrs[pos] = dict(state.attrs)
                geom_changes[pos] = state.geometry
            if pos >= len(self.index.grid_ids):
                new_ids[pos] = str(self.attrs[pos]["grid_id"])
        moved = self.index.replace_grids(geom_changes, new_ids)
        self.report = self.report.recheck(np.array(self.geoms, dtype=object), positions, self.reference,
                                          _LiveTree(self))
        self.balance.update(self.geoms, positions, moved)
        after = {p: self.balance.row(p) for p in positions}
        outcome = EditOutcome(positions, moved, before, after)
        self.last = outcome
        for listener in list(self.listeners):
            listener(outcome)
        return outcome

    def full_recheck(self) -> CoverageReport:
        """Check the whole plan from scratch (the batch check; the benchmark's baseline)."""
        self.report = check_coverage(self.geoms, self.reference)
        return self.report


class _LiveTree:
    """The plan's grid index as the coverage check wants it: live positions in a box."""

    def __init__(self, plan: GridPlan) -> None:
        self._plan = plan

    def in_bbox(self, bounds):
        return np.asarray(self._plan.grids_at(bounds), dtype=np.int64)
