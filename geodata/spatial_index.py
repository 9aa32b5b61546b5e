"""The live spatial index (rtree): which grid holds each point, what lies in a box, what is nearest.

Positions, not ids: grids and points are addressed by their row position in the
district's GeoDataFrames; callers map positions to ids. All coordinates are metres in
the district's metric CRS.

A point on a boundary shared by several grids goes to the one whose ``grid_id`` sorts
first, so the answer does not depend on file order or on which grid was edited last.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from rtree import index as rindex

from geodata.growing import grown

NO_GRID = -1
SMALL_QUERY = 64  # below this many points, query the rtree point by point
BULK_QUERY = 20_000  # from this many points, join in bulk with shapely's STRtree


def _new_index(ids: np.ndarray, mins: np.ndarray, maxs: np.ndarray) -> rindex.Index:
    if len(ids) == 0:
        return rindex.Index()
    return rindex.Index((ids.astype(np.int64), mins.astype(float), maxs.astype(float)))


class GridIndex:
    """rtree over grid polygons with exact point-in-polygon refinement."""

    def __init__(self, geometries: Sequence, grid_ids: Sequence[str]) -> None:
        self._geoms = np.array(geometries, dtype=object)
        shapely.prepare(self._geoms)
        ids = np.asarray(grid_ids, dtype=object)
        self._ids = ids.copy()
        # rank[pos] orders positions by grid_id: the boundary tie-break.
        self._rank = np.empty(len(ids), dtype=np.int64)
        self._rank[np.argsort(ids.astype(str), kind="stable")] = np.arange(len(ids))
        b = shapely.bounds(self._geoms)
        self._tree = _new_index(np.arange(len(ids)), b[:, :2], b[:, 2:])

    def __len__(self) -> int:
        return len(self._geoms)

    @property
    def geometries(self) -> np.ndarray:
        return self._geoms

    def locate(self, x, y) -> np.ndarray:
        """Grid position of each point (``NO_GRID`` where no grid covers it)."""
        x = np.atleast_1d(np.asarray(x, dtype=float))
        y = np.atleast_1d(np.asarray(y, dtype=float))
        out = np.full(len(x), NO_GRID, dtype=np.int64)
        if len(x) == 0 or len(self._geoms) == 0:
            return out
        if len(x) <= SMALL_QUERY:
            # A few points (an edit, a live incident): per-point queries beat the bulk call's set-up.
            hits = [np.fromiter(self._tree.intersection((px, py, px, py)), dtype=np.int64) for px, py in zip(x, y)]
            cand = np.concatenate(hits) if hits else np.empty(0, dtype=np.int64)
            counts = np.array([len(h) for h in hits], dtype=np.int64)
        elif len(x) >= BULK_QUERY:
            # Bulk assignment (loading a district): shapely's STRtree answers the whole
            # point-in-polygon join in C; the rtree stays the live, editable index.
            return self._locate_bulk(x, y, out)
        else:
            pts = np.column_stack([x, y])
            cand, counts = self._tree.intersection_v(pts, pts)
            cand, counts = cand.astype(np.int64), counts.astype(np.int64)
        owner = np.repeat(np.arange(len(x)), counts)
        geoms = self._geoms[cand]
        alive = ~shapely.is_missing(geoms)
        hit = np.zeros(len(cand), dtype=bool)
        hit[alive] = shapely.intersects_xy(geoms[alive], x[owner[alive]], y[owner[alive]])
        return self._first_by_rank(owner[hit], cand[hit], out)

    def _locate_bulk(self, x: np.ndarray, y: np.ndarray, out: np.ndarray) -> np.ndarray:
        alive = np.flatnonzero(~shapely.is_missing(self._geoms))
        if len(alive) == 0:
            return out
        tree = shapely.STRtree(self._geoms[alive])
        owner, cand = tree.query(shapely.points(x, y), predicate="intersects")
        return self._first_by_rank(owner, alive[cand], out)

    def _first_by_rank(self, owner: np.ndarray, cand: np.ndarray, out: np.ndarray) -> np.ndarray:
        """For each point (``owner``) with covering grids ``cand``, keep the grid whose id sorts first."""
        if len(cand) == 0:
            return out
        order = np.lexsort((self._rank[cand], owner))
        owner, cand = owner[order], cand[order]
        first = np.r_[True, owner[1:] != owner[:-1]]
        out[owner[first]] = cand[first]
        return out

    def in_bbox(self, bounds: tuple[float, float, float, float]) -> np.ndarray:
        """Positions of grids whose bounding boxes meet ``bounds``."""
        return np.fromiter(self._tree.intersection(bounds), dtype=np.int64)

    def replace(self, position: int, geometry, grid_id: str | None = None) -> None:
        """Give grid ``position`` a new geometry (a boundary edit).

        ``None`` retires the grid (a merge); ``position == len(self)`` appends a new grid
        (a split), which needs its ``grid_id`` for the boundary tie-break.
        """
        if position == len(self._geoms):
            self._geoms = np.append(self._geoms, np.array([None], dtype=object))
            self._ids = np.append(self._ids, np.array([grid_id], dtype=object))
            self._rank = np.empty(len(self._ids), dtype=np.int64)
            self._rank[np.argsort(self._ids.astype(str), kind="stable")] = np.arange(len(self._ids))
        old = self._geoms[position]
        if old is not None:
            self._tree.delete(position, shapely.bounds(old))
        self._geoms[position] = geometry
        if geometry is not None:
            shapely.prepare(geometry)
            self._tree.insert(position, shapely.bounds(geometry))


# Point layers that grow while the console runs: indexed in the rtree from the start.
LIVE_LAYERS = frozenset({"incidents"})


class PointIndex:
    """One point layer's index: what lies in a box, what is nearest.

    A layer that grows (``live``: incidents arrive all day) is held in the rtree, which takes
    new points as they come. A layer whose points stay as loaded (sensors, cameras, population
    points) is held in a KD-tree of its coordinates (scipy's cKDTree): about 30 bytes a point
    where the rtree takes about 170 (a heap rectangle per entry), 36 MB less for Longhua's
    260,000 sensors, and built five times faster. Should such a layer grow after all, it
    moves to the rtree then.
    """

    def __init__(self, x, y, live: bool = False) -> None:
        self.x = np.asarray(x, dtype=float).copy()
        self.y = np.asarray(y, dtype=float).copy()
        self._tree: rindex.Index | None = None
        self._kd = None
        if live:
            self._to_rtree()
        elif len(self.x):
            from scipy.spatial import cKDTree  # here, not at import: geodata imports stay light
            self._kd = cKDTree(np.column_stack([self.x, self.y]))

    @property
    def live(self) -> bool:
        """Held in the rtree (takes new points one by one)."""
        return self._tree is not None

    def _to_rtree(self) -> None:
        pts = np.column_stack([self.x, self.y])
        self._tree = _new_index(np.arange(len(self.x)), pts, pts)
        self._kd = None

    def __len__(self) -> int:
        return len(self.x)

    def extend(self, x, y) -> np.ndarray:
        """Index new points; returns their positions."""
        x = np.atleast_1d(np.asarray(x, dtype=float))
        y = np.atleast_1d(np.asarray(y, dtype=float))
        if self._tree is None:
            self._to_rtree()
        first = len(self.x)
        self.x = grown(self.x, x)
        self.y = grown(self.y, y)
        for k, (px, py) in enumerate(zip(x, y)):
            self._tree.insert(first + k, (px, py, px, py))
        return np.arange(first, first + len(x))

    def add(self, x: float, y: float) -> int:
        """Index a new point; returns its position."""
        return int(self.extend(x, y)[0])

    def in_bbox(self, bounds: tuple[float, float, float, float]) -> np.ndarray:
        """Positions of points inside ``bounds`` (minx, miny, maxx, maxy), edges included, ascending."""
        if len(self.x) == 0:
            return np.empty(0, dtype=np.int64)
        if self._tree is not None:
            return np.sort(np.fromiter(self._tree.intersection(tuple(bounds)), dtype=np.int64))
        minx, miny, maxx, maxy = (float(b) for b in bounds)
        if maxx < minx or maxy < miny:
            return np.empty(0, dtype=np.int64)
        # The square around the box (Chebyshev distance), then the box itself.
        found = np.asarray(self._kd.query_ball_point(((minx + maxx) / 2, (miny + maxy) / 2),
                                                     max(maxx - minx, maxy - miny) / 2, p=np.inf), dtype=np.int64)
        px, py = self.x[found], self.y[found]
        return np.sort(found[(px >= minx) & (px <= maxx) & (py >= miny) & (py <= maxy)])

    def nearest(self, x: float, y: float, k: int = 1, max_distance: float | None = None) -> np.ndarray:
        """Up to ``k`` positions nearest to (x, y), nearest first, optionally within ``max_distance``."""
        if len(self.x) == 0:
            return np.empty(0, dtype=np.int64)
        if self._tree is not None:
            found = np.fromiter(self._tree.nearest((x, y, x, y), k), dtype=np.int64)
        else:
            _d, found = self._kd.query((x, y), k=list(range(1, min(k, len(self.x)) + 1)))  # always an array
            found = np.asarray(found, dtype=np.int64)
        d = np.hypot(self.x[found] - x, self.y[found] - y)
        order = np.argsort(d, kind="stable")
        found, d = found[order][:k], d[order][:k]
        if max_distance is not None:
            found = found[d <= max_distance]
        return found


@dataclass(frozen=True)
class Reassignment:
    """Points of one layer that changed grid: positions, old and new grid positions."""

    points: np.ndarray
    old: np.ndarray
    new: np.ndarray

    @classmethod
    def none(cls) -> "Reassignment":
        empty = np.empty(0, dtype=np.int64)
        return cls(empty, empty, empty)

    def __len__(self) -> int:
        return len(self.points)


class CityIndex:
    """Grids plus every point layer, with each point's grid kept up to date.

    ``assignment[layer][i]`` is the grid position of point ``i`` of ``layer``.
    """

    def __init__(self, grid_geometries: Sequence, grid_ids: Sequence[str],
                 points: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
        self.grids = GridIndex(grid_geometries, grid_ids)
        self.grid_ids = np.asarray(grid_ids, dtype=object)
        self.points = {name: PointIndex(x, y, live=name in LIVE_LAYERS) for name, (x, y) in points.items()}
        self.assignment = {name: self.grids.locate(p.x, p.y) for name, p in self.points.items()}
        self.weights: dict[str, np.ndarray] = {}
        self.grids_from: dict[str, str] = {}  # per layer: "stored" or "computed…" (geodata.point_grids)

    @classmethod
    def from_district(cls, district, layers: Sequence[str] = ("sensors", "cameras", "incidents"),
                      progress=None, known: dict[str, np.ndarray] | None = None) -> "CityIndex":
        """Index a district's grids and point layers; ``progress(fraction, message)`` follows along.
        ``known``: each point's grid position, per layer, already known (stored for this very
        plan and these points, see :mod:`geodata.point_grids`): trusted, not computed again."""
        report = progress or (lambda fraction, message: None)
        known = known or {}
        index = cls(district.grids.geometry.values, district.grids["grid_id"].to_numpy(), {})
        for k, name in enumerate(layers):
            report(k / len(layers), f"assigning {name} to grids")
            frame = district.layer(name)
            index.add_layer(name, frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy(), grids=known.get(name))
        report(1.0, "indexed")
        return index

    def add_point(self, layer: str, x: float, y: float) -> tuple[int, int]:
        """Index a new point of ``layer``; returns (point position, grid position or NO_GRID)."""
        positions, grids = self.add_points(layer, [x], [y])
        return int(positions[0]), int(grids[0])

    def add_points(self, layer: str, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Index a batch of new points of ``layer`` (a burst); returns (positions, grid positions)."""
        positions = self.points[layer].extend(x, y)
        x, y = self.points[layer].x[positions], self.points[layer].y[positions]
        grids = self.grids.locate(x, y)
        self.assignment[layer] = grown(self.assignment[layer], grids)
        return positions, grids

    def grid_of(self, x: float, y: float) -> int:
        return int(self.grids.locate([x], [y])[0])

    def grid_id_of(self, x: float, y: float) -> str | None:
        pos = self.grid_of(x, y)
        return None if pos == NO_GRID else str(self.grid_ids[pos])

    def add_layer(self, name: str, x, y, weights=None, grids: np.ndarray | None = None) -> None:
        """Index one more point layer (e.g. population points, ``weights`` people each).
        ``grids``: each point's grid position when already known (one per point, each a grid
        position or NO_GRID); otherwise each point is located."""
        self.points[name] = PointIndex(x, y, live=name in LIVE_LAYERS)
        if weights is not None:
            self.weights[name] = np.asarray(weights, dtype=float)
        n = len(self.points[name].x)
        if grids is not None and len(grids) == n and (n == 0 or (grids.min() >= NO_GRID and grids.max() < len(self.grids))):
            self.assignment[name] = np.array(grids, dtype=np.int64)
        else:
            self.assignment[name] = self.grids.locate(self.points[name].x, self.points[name].y)

    def replace_grids(self, changes: dict[int, object],
                      new_ids: dict[int, str] | None = None) -> dict[str, Reassignment]:
        """Apply new geometries to some grids and reassign only the points whose grid can change.

        ``changes`` maps grid position to its new geometry (``None`` retires it; the next
        free position appends a grid whose id is in ``new_ids``). A point can only change
        grid if it lies where some changed grid's old and new shapes differ, so only points
        in that symmetric difference are looked up again. Returns, per layer, the points
        whose grid changed with their old and new grid positions.
        """
        new_ids = new_ids or {}
        if not changes:
            return {name: Reassignment.none() for name in self.points}
        diffs = []
        for pos in sorted(changes):
            old = self.grids.geometries[pos] if pos < len(self.grids) else None
            new = changes[pos]
            if pos >= len(self.grids):
                self.grid_ids = np.append(self.grid_ids, np.array([new_ids[pos]], dtype=object))
            self.grids.replace(pos, new, new_ids.get(pos))
            diffs.append(_changed_area(old, new))
        area = shapely.union_all(diffs)
        if shapely.is_empty(area):
            return {name: Reassignment.none() for name in self.points}
        shapely.prepare(area)
        bounds = tuple(shapely.bounds(area))
        moved = {}
        for name, pts in self.points.items():
            cand = pts.in_bbox(bounds)
            # Boundary points count as inside: they may be tie-broken to another grid now.
            cand = cand[shapely.intersects_xy(area, pts.x[cand], pts.y[cand])]
            new = self.grids.locate(pts.x[cand], pts.y[cand])
            old = self.assignment[name][cand]
            diff = new != old
            self.assignment[name][cand[diff]] = new[diff]
            moved[name] = Reassignment(cand[diff], old[diff], new[diff])
        return moved

    def counts_per_grid(self, layer: str, mask: np.ndarray | None = None) -> np.ndarray:
        """How many points of ``layer`` (optionally only where ``mask``) each grid holds."""
        a = self.assignment[layer]
        if mask is not None:
            a = a[mask]
        a = a[a != NO_GRID]
        return np.bincount(a, minlength=len(self.grids))


def _changed_area(old, new):
    """Where a point's membership of this grid can differ between ``old`` and ``new``.

    The symmetric difference when both shapes are valid; otherwise (a self-crossing
    boundary mid-edit) the box around both, which is larger but always right.
    """
    shapes = [g for g in (old, new) if g is not None]
    if len(shapes) == 2 and all(shapely.is_valid(shapes)):
        return shapely.symmetric_difference(old, new)
    if len(shapes) == 1 and shapely.is_valid(shapes[0]):
        return shapes[0]
    b = shapely.bounds(np.array(shapes, dtype=object))
    return shapely.box(b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max())
