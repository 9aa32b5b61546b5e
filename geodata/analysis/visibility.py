"""What a camera really sees: its view cone (heading, field of view, range) cut by the
buildings in the way, and how much of each grid's public space the cameras see.

A cone is cast as rays (one every ``RAY_STEP_DEG``); each ray stops at the first building it
meets, so a street canyon shows as the strip between the facades, not the whole wedge. The
building a camera is mounted on (the camera stands inside or on its footprint) does not block
its own view. Public space is the grid minus its buildings.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

RAY_STEP_DEG = 2.0
MIN_RAYS = 8


def _buildings(district):
    b = district.layer("buildings")
    geoms = np.asarray(b.geometry.values, dtype=object) if len(b) else np.empty(0, dtype=object)
    return geoms, (district.context_tree("buildings") if len(geoms) else None)


def _mounts(district, x: np.ndarray, y: np.ndarray) -> dict[int, set[int]]:
    """For each camera (by index in x/y), the buildings it stands in or on."""
    geoms, tree = _buildings(district)
    if tree is None or not len(x):
        return {}
    pts = shapely.points(x, y)
    cam, bld = tree.query(pts, predicate="intersects")
    out: dict[int, set[int]] = {}
    for c, b in zip(cam, bld):
        out.setdefault(int(c), set()).add(int(b))
    return out


def _cast(district, x, y, cam, ang, reach) -> np.ndarray:
    """How far each ray (from camera ``cam`` at bearing ``ang``, up to ``reach``) gets before the
    first building that is not the camera's own: all rays in one query and one intersection."""
    dist = np.asarray(reach, dtype=float).copy()
    geoms, tree = _buildings(district)
    if tree is None or not len(cam):
        return dist
    ex, ey = x[cam] + dist * np.sin(ang), y[cam] + dist * np.cos(ang)
    rays = shapely.linestrings(np.stack([np.column_stack([x[cam], y[cam]]), np.column_stack([ex, ey])], axis=1))
    ray, bld = tree.query(rays, predicate="intersects")
    if len(ray):
        mounts = _mounts(district, x, y)
        own = np.array([int(b) in mounts.get(int(c), ()) for c, b in zip(cam[ray], bld)], dtype=bool)
        ray, bld = ray[~own], bld[~own]
    if len(ray):
        hit = shapely.intersection(rays[ray], geoms[bld])
        d = shapely.distance(shapely.points(x[cam[ray]], y[cam[ray]]), hit)
        np.minimum.at(dist, ray, np.where(np.isfinite(d), d, dist[ray]))
    return dist


def sees_into(district, positions, parts, step_deg: float = RAY_STEP_DEG) -> np.ndarray:
    """Whether each camera (``positions``) sees any of its ``parts`` (metric geometries inside
    its cone): rays are cast only across the angle the part spans as seen from the camera."""
    positions = np.asarray(positions, dtype=np.int64)
    parts = np.asarray(parts, dtype=object)
    if not len(positions):
        return np.zeros(0, dtype=bool)
    ax, ay = district.point_xy("cameras")
    x, y = ax[positions], ay[positions]
    reach = np.maximum(district.cameras["range_m"].to_numpy(float)[positions], 0.01)
    coords, which = shapely.get_coordinates(parts, return_index=True)
    bearing = np.degrees(np.arctan2(coords[:, 0] - x[which], coords[:, 1] - y[which]))
    lo, hi = np.full(len(x), np.inf), np.full(len(x), -np.inf)
    ref = np.full(len(x), np.nan)  # unwrap each part's bearings around its first one
    first = np.unique(which, return_index=True)
    ref[first[0]] = bearing[first[1]]
    rel = (bearing - ref[which] + 180.0) % 360.0 - 180.0
    np.minimum.at(lo, which, rel)
    np.maximum.at(hi, which, rel)
    ok = np.isfinite(lo)
    span = np.where(ok, hi - lo, 0.0)
    n = np.where(ok, np.maximum(2, np.ceil(span / step_deg).astype(np.int64) + 1), 0)
    cam = np.repeat(np.arange(len(x)), n)
    k = np.arange(len(cam)) - np.repeat(np.r_[0, np.cumsum(n)[:-1]], n)
    ang = np.radians(ref[cam] + lo[cam] + span[cam] * k / np.maximum(n[cam] - 1, 1))
    dist = _cast(district, x, y, cam, ang, reach[cam])
    seen_rays = shapely.linestrings(np.stack([np.column_stack([x[cam], y[cam]]),
                                              np.column_stack([x[cam] + dist * np.sin(ang),
                                                               y[cam] + dist * np.cos(ang)])], axis=1))
    hit = shapely.intersects(seen_rays, parts[cam])
    out = np.zeros(len(x), dtype=bool)
    np.logical_or.at(out, cam, hit)
    inside = shapely.intersects_xy(parts, x, y)  # a camera standing in the place sees it
    return out | inside


def visible_cones(district, positions, step_deg: float = RAY_STEP_DEG) -> np.ndarray:
    """The visible part of each camera's cone (rows ``positions`` of ``district.cameras``), as
    metric polygons; the whole cone where no building is in the way. Every ray of every camera
    is cast in one STRtree query and one intersection call."""
    positions = np.asarray(positions, dtype=np.int64)
    out = np.empty(len(positions), dtype=object)
    if not len(positions):
        return out
    cams = district.cameras
    ax, ay = district.point_xy("cameras")
    x, y = ax[positions], ay[positions]
    heading = cams["heading_deg"].to_numpy(float)[positions]
    fov = np.clip(cams["fov_deg"].to_numpy(float)[positions], 0.0, 360.0)
    reach = np.maximum(cams["range_m"].to_numpy(float)[positions], 0.01)
    full = fov >= 360
    n = np.maximum(MIN_RAYS, np.ceil(fov / step_deg).astype(np.int64) + 1)
    cam = np.repeat(np.arange(len(positions)), n)                    # the camera of each ray
    first = np.r_[0, np.cumsum(n)[:-1]]
    k = np.arange(len(cam)) - np.repeat(first, n)                    # the ray's number within its camera
    frac = np.where(full[cam], k / n[cam], k / np.maximum(n[cam] - 1, 1) - 0.5)
    ang = np.radians(heading[cam] + fov[cam] * frac)
    dist = _cast(district, x, y, cam, ang, reach[cam])
    px, py = x[cam] + dist * np.sin(ang), y[cam] + dist * np.cos(ang)
    for c in range(len(positions)):
        sl = slice(first[c], first[c] + n[c])
        ring = np.column_stack([px[sl], py[sl]]) if full[c] else \
            np.column_stack([np.r_[x[c], px[sl]], np.r_[y[c], py[sl]]])
        poly = shapely.Polygon(ring)
        out[c] = poly if poly.is_valid else shapely.make_valid(poly)
    return out


def sees(district, positions, tx, ty) -> np.ndarray:
    """Which of the cameras at ``positions`` (already within range and angle) have no building
    between them and their target: one metric point (tx, ty) for all, or one point each."""
    positions = np.asarray(positions, dtype=np.int64)
    if not len(positions):
        return np.zeros(0, dtype=bool)
    geoms, tree = _buildings(district)
    if tree is None:
        return np.ones(len(positions), dtype=bool)
    ax, ay = district.point_xy("cameras")
    x, y = ax[positions], ay[positions]
    tx = np.broadcast_to(np.asarray(tx, dtype=float), x.shape)
    ty = np.broadcast_to(np.asarray(ty, dtype=float), x.shape)
    sight = shapely.linestrings(np.stack([np.column_stack([x, y]), np.column_stack([tx, ty])], axis=1))
    line, bld = tree.query(sight, predicate="intersects")
    if not len(line):
        return np.ones(len(positions), dtype=bool)
    mounts = _mounts(district, x, y)
    t_idx, t_bld = tree.query(shapely.points(tx, ty), predicate="intersects")
    target = {(int(a), int(b)) for a, b in zip(t_idx, t_bld)}
    blocked = np.zeros(len(positions), dtype=bool)
    for s_, b in zip(line, bld):
        if int(b) in mounts.get(int(s_), ()) or (int(s_), int(b)) in target:
            continue  # its own wall, or the building its target stands in (seen from outside)
        blocked[s_] = True
    return ~blocked


@dataclass(frozen=True)
class Coverage:
    """Per grid: public area (m²), the part the cameras see, its share, and the blind spots."""

    public_m2: np.ndarray
    seen_m2: np.ndarray
    share: np.ndarray
    blind: np.ndarray  # metric geometry of each grid's unseen public space (None: nothing public)


def coverage(district, grid_geoms=None, cones=None) -> Coverage:
    """How much of each grid's public space (the grid minus its buildings) the online cameras
    see, buildings in the way taken into account. ``cones``: visible cones already computed
    for the online cameras, in their order."""
    grids = np.asarray(grid_geoms if grid_geoms is not None else district.grids.geometry.values, dtype=object)
    online = np.flatnonzero(district.cameras["status"].to_numpy() == "online")
    if cones is None:
        cones = visible_cones(district, online)
    geoms, tree = _buildings(district)
    cone_tree = shapely.STRtree(cones) if len(cones) else None
    n = len(grids)
    public = np.zeros(n)
    seen = np.zeros(n)
    blind = np.empty(n, dtype=object)
    for g in range(n):
        cell = grids[g]
        if cell is None or cell.is_empty:
            continue
        space = cell
        if tree is not None:
            inside = tree.query(cell, predicate="intersects")
            if len(inside):
                space = shapely.difference(cell, shapely.union_all(geoms[inside]))
        public[g] = space.area
        view = None
        if cone_tree is not None:
            near = cone_tree.query(space, predicate="intersects")
            if len(near):
                view = shapely.intersection(space, shapely.union_all(cones[near]))
        seen[g] = view.area if view is not None else 0.0
        blind[g] = shapely.difference(space, view) if view is not None else space
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(public > 0, seen / public, np.nan)
    return Coverage(public, seen, share, blind)


def cached_cones(district, positions) -> np.ndarray:
    """:func:`visible_cones`, each camera's computed once per loaded district (cameras and
    buildings are not edited in the console)."""
    positions = np.asarray(positions, dtype=np.int64)
    cache: dict = district._once("visible-cones", "cameras", lambda f: {})
    missing = np.array([p for p in np.unique(positions) if int(p) not in cache], dtype=np.int64)
    if len(missing):
        for p, cone in zip(missing, visible_cones(district, missing)):
            cache[int(p)] = cone
    return np.array([cache[int(p)] for p in positions], dtype=object)


def blind_spots(cov: Coverage, incidents_per_grid: np.ndarray, *, seen_below: float = 0.15,
                busiest: float = 0.75) -> np.ndarray:
    """Grids barely seen (under ``seen_below`` of their public space) among the busiest with
    incidents (at or above the ``busiest`` quantile of incidents per km² of public space)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        density = np.where(cov.public_m2 > 0, np.asarray(incidents_per_grid, float) / (cov.public_m2 / 1e6), np.nan)
    finite = density[np.isfinite(density)]
    if not len(finite):
        return np.zeros(0, dtype=np.int64)
    cut = np.quantile(finite, busiest)
    return np.flatnonzero(np.isfinite(density) & (density >= cut) & (density > 0) & (np.nan_to_num(cov.share) < seen_below))
