"""Vertex-level operations on polygon rings, the building blocks of topological editing.

Neighbouring grids in a valid coverage share their boundary vertices *exactly*
(same coordinates, bit for bit). Topological editing keeps it that way: a vertex is
identified by its coordinates, and every grid holding it is changed together.
Coordinates are metres; ``tol`` is the search radius in metres.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shapely

ON_SEGMENT_M = 1e-6  # a point this close to a segment lies on it (overlay round-off is ~1e-9 m)


def map_rings(geom, fn: Callable[[np.ndarray], np.ndarray | None]):
    """Rebuild a (Multi)Polygon with ``fn`` applied to each closed ring's (n, 2) coordinates.

    ``fn`` returns the new closed ring, or ``None`` to keep the ring as it is.
    """
    if geom is None:
        return None
    if shapely.get_type_id(geom) == 6:
        return shapely.multipolygons([map_rings(p, fn) for p in shapely.get_parts(geom)])
    rings = [shapely.get_coordinates(geom.exterior)] + [shapely.get_coordinates(r) for r in geom.interiors]
    out = []
    for ring in rings:
        new = fn(ring)
        out.append(ring if new is None else new)
    return shapely.Polygon(out[0], out[1:])


def has_vertex(geom, x: float, y: float) -> bool:
    c = shapely.get_coordinates(geom)
    return bool(np.any((c[:, 0] == x) & (c[:, 1] == y)))


def nearest_vertex(geoms, x: float, y: float, tol: float) -> tuple[float, float] | None:
    """The vertex of any of ``geoms`` nearest to (x, y) within ``tol``, or None."""
    best, best_d = None, tol
    for g in geoms:
        if g is None:
            continue
        c = shapely.get_coordinates(g)
        d = np.hypot(c[:, 0] - x, c[:, 1] - y)
        k = int(np.argmin(d))
        if d[k] <= best_d:
            best, best_d = (float(c[k, 0]), float(c[k, 1])), d[k]
    return best


def move_vertices(geom, moves: dict[tuple[float, float], tuple[float, float]]):
    """Replace every vertex whose coordinates are a key of ``moves`` by its value."""
    def shift(coords: np.ndarray) -> np.ndarray:
        out = coords.copy()
        for (fx, fy), (tx, ty) in moves.items():
            hit = (coords[:, 0] == fx) & (coords[:, 1] == fy)
            out[hit] = (tx, ty)
        return out
    return shapely.transform(geom, shift)


def insert_vertex(geom, x: float, y: float, tol: float = ON_SEGMENT_M):
    """Insert (x, y) into every segment of ``geom`` it lies on (within ``tol``); unchanged if none."""
    def insert(ring: np.ndarray) -> np.ndarray | None:
        if np.any((ring[:, 0] == x) & (ring[:, 1] == y)):
            return None
        a, b = ring[:-1], ring[1:]
        d = segment_distance(a, b, x, y)
        at = np.flatnonzero(d <= tol)
        if len(at) == 0:
            return None
        return np.insert(ring, at + 1, (x, y), axis=0)
    return map_rings(geom, insert)


def remove_vertex(geom, x: float, y: float):
    """Remove (x, y) from ``geom``'s rings; a ring left with fewer than three corners is refused."""
    def remove(ring: np.ndarray) -> np.ndarray | None:
        hit = (ring[:, 0] == x) & (ring[:, 1] == y)
        if not hit.any():
            return None
        body = ring[:-1][~hit[:-1]]
        if len(body) < 3:
            raise ValueError("removing this vertex would leave a ring with fewer than three corners")
        return np.vstack([body, body[:1]])
    return map_rings(geom, remove)


def node_points(geom, points: np.ndarray, tol: float = ON_SEGMENT_M):
    """Make ``geom`` take in each of ``points`` lying on (or a hair from) its boundary.

    GEOS snapping inserts a point into the segment it lies on and moves a vertex that
    sits a rounding error away onto it, so two overlay results become exactly noded.
    """
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    if len(points) == 0:
        return geom
    return shapely.snap(geom, shapely.multipoints(points), tol)


def new_vertices(before, after) -> np.ndarray:
    """Vertices of ``after`` that ``before`` did not have (the points neighbours must take in)."""
    a = shapely.get_coordinates(after)
    if before is None:
        return np.unique(a, axis=0)
    b = shapely.get_coordinates(before)
    known = {(float(x), float(y)) for x, y in b}
    fresh = [(x, y) for x, y in a if (float(x), float(y)) not in known]
    return np.unique(np.array(fresh, dtype=float).reshape(-1, 2), axis=0)


def shared_chain(a, b) -> np.ndarray:
    """The vertices on the boundary two grids share (both grids hold every one of them)."""
    ca = {(float(x), float(y)) for x, y in shapely.get_coordinates(a)}
    cb = shapely.get_coordinates(b)
    common = [(x, y) for x, y in cb if (float(x), float(y)) in ca]
    return np.unique(np.array(common, dtype=float).reshape(-1, 2), axis=0)


def nearest_segment_point(geoms, x: float, y: float, tol: float,
                          skip_vertex: tuple[float, float] | None = None) -> tuple[float, float] | None:
    """The point on any ring of ``geoms`` nearest to (x, y), within ``tol``.

    Segments ending at ``skip_vertex`` are ignored (they move with a dragged vertex).
    """
    segs = []
    for g in geoms:
        if g is None:
            continue
        for ring in _rings(g):
            segs.append(np.hstack([ring[:-1], ring[1:]]))
    if not segs:
        return None
    s = np.vstack(segs)
    if skip_vertex is not None:
        sx, sy = skip_vertex
        touch = ((s[:, 0] == sx) & (s[:, 1] == sy)) | ((s[:, 2] == sx) & (s[:, 3] == sy))
        s = s[~touch]
    if len(s) == 0:
        return None
    a, b = s[:, :2], s[:, 2:]
    d = segment_distance(a, b, x, y)
    k = int(np.argmin(d))
    if d[k] > tol:
        return None
    ab = b[k] - a[k]
    denom = float((ab ** 2).sum())
    t = 0.0 if denom == 0 else float(np.clip(((np.array([x, y]) - a[k]) * ab).sum() / denom, 0, 1))
    p = a[k] + t * ab
    return float(p[0]), float(p[1])


def _rings(geom) -> list[np.ndarray]:
    out = []
    for part in shapely.get_parts(geom):
        out.append(shapely.get_coordinates(part.exterior))
        out.extend(shapely.get_coordinates(r) for r in part.interiors)
    return out


def segment_distance(a: np.ndarray, b: np.ndarray, x: float, y: float) -> np.ndarray:
    ab = b - a
    ap = np.array([x, y]) - a
    denom = (ab ** 2).sum(1)
    t = np.where(denom > 0, (ap * ab).sum(1) / np.where(denom > 0, denom, 1), 0.0)
    t = np.clip(t, 0, 1)
    proj = a + t[:, None] * ab
    return np.hypot(proj[:, 0] - x, proj[:, 1] - y)
