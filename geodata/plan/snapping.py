"""Snapping for the boundary editor: grid vertices first, then grid edges, roads, rivers.

Grids are redrawn along things on the ground, so a dragged vertex or a drawn line
snaps to the nearest existing vertex, boundary, road or river within a screen-sized
tolerance (metres, given by the caller from the current zoom).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from geodata.plan import rings

SNAP_KINDS = ("vertex", "edge", "road", "river")


@dataclass(frozen=True)
class Snap:
    """Where a point snapped to, and to what kind of thing."""

    kind: str
    x: float
    y: float


class Snapper:
    """Snap targets of one plan plus the district's roads and water."""

    def __init__(self, plan, roads=(), water=()) -> None:
        self.plan = plan
        self._roads = np.asarray([g for g in roads if g is not None], dtype=object)
        water_lines = [shapely.boundary(g) if shapely.get_type_id(g) in (3, 6) else g
                       for g in water if g is not None]
        self._water = np.asarray(water_lines, dtype=object)
        self._road_tree = shapely.STRtree(self._roads) if len(self._roads) else None
        self._water_tree = shapely.STRtree(self._water) if len(self._water) else None
        self.enabled = {kind: True for kind in SNAP_KINDS}

    @classmethod
    def for_plan(cls, plan) -> Snapper:
        d = plan.district
        return cls(plan, d.layer("roads").geometry.values, d.layer("water").geometry.values)

    def snap(self, x: float, y: float, tol: float, dragging: tuple[float, float] | None = None) -> Snap | None:
        """The snap target for (x, y) within ``tol`` metres; None when nothing is near.

        ``dragging`` is the vertex being moved: it and the segments attached to it are
        not targets.
        """
        near = [self.plan.geoms[p] for p in self.plan.grids_at((x - tol, y - tol, x + tol, y + tol))]
        if self.enabled["vertex"]:
            best = None
            for g in near:
                c = shapely.get_coordinates(g)
                if dragging is not None:
                    c = c[~((c[:, 0] == dragging[0]) & (c[:, 1] == dragging[1]))]
                if len(c) == 0:
                    continue
                d = np.hypot(c[:, 0] - x, c[:, 1] - y)
                k = int(np.argmin(d))
                if d[k] <= tol and (best is None or d[k] < best[0]):
                    best = (d[k], float(c[k, 0]), float(c[k, 1]))
            if best is not None:
                return Snap("vertex", best[1], best[2])
        if self.enabled["edge"]:
            p = rings.nearest_segment_point(near, x, y, tol, skip_vertex=dragging)
            if p is not None:
                return Snap("edge", *p)
        for kind, tree, geoms in (("road", self._road_tree, self._roads), ("river", self._water_tree, self._water)):
            if tree is None or not self.enabled[kind]:
                continue
            point = shapely.Point(x, y)
            hits = tree.query(point, predicate="dwithin", distance=tol)
            if len(hits) == 0:
                continue
            d = shapely.distance(geoms[hits], point)
            line = geoms[hits[int(np.argmin(d))]]
            c = shapely.get_coordinates(shapely.shortest_line(line, point))[0]
            return Snap(kind, float(c[0]), float(c[1]))
        return None
