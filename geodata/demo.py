"""Generate a demo district inside Longhua's real outline: ``python -m geodata.demo OUT.gpkg``.

The city is laid out so that it reads like one: a river and trunk/arterial roads cut the
district; grids are Voronoi cells of population-weighted seeds, re-noded with the roads
and the river so that grid boundaries follow them; grids group into communities and
streets (contiguous, nested); population, sensors, cameras and incidents follow a density
field with dense centres and urban villages and empty hills. Deterministic for a seed.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, MultiPoint, Polygon, box, shape

from geodata import gridcode
from geodata.crs import WGS84, gcj02_geometry_to_wgs84, metric_crs_for
from geodata.schema import SENSOR_KINDS
from geodata.spatial_index import GridIndex

OUTLINE_PATH = Path(__file__).resolve().parent.parent / "resources" / "data" / "longhua_outline.geojson"
CST = timezone(timedelta(hours=8))
HISTORY_END = datetime(2026, 11, 20, 18, 0, tzinfo=CST)  # fixed so the output is deterministic
HISTORY_DAYS = 182
POPULATION = 2_800_000


@dataclass(frozen=True)
class Scale:
    grids: int
    communities: int
    cameras: int
    sensors: int
    incidents: int
    buildings: int
    risk_sites: int
    shelters: int
    pop_samples: int
    arterial_spacing_m: float


SCALES = {
    "small": Scale(grids=300, communities=24, cameras=2400, sensors=6000, incidents=5000, buildings=3000,
                   risk_sites=60, shelters=24, pop_samples=40_000, arterial_spacing_m=2600),
    "longhua": Scale(grids=2991, communities=54, cameras=71_000, sensors=260_000, incidents=250_000, buildings=40_000,
                     risk_sites=320, shelters=120, pop_samples=400_000, arterial_spacing_m=1500),
}

# Longhua's six streets, placed roughly where they lie (fractions of the bounding box).
DIVISION_CODE = "440309"  # Longhua District, Shenzhen (GB/T 2260)
STREETS = (("观湖街道", 0.45, 0.78), ("民治街道", 0.55, 0.15), ("龙华街道", 0.50, 0.45),
           ("大浪街道", 0.22, 0.55), ("福城街道", 0.82, 0.62), ("观澜街道", 0.66, 0.90))
COMMUNITY_NAMES = (
    "白石龙", "上塘", "樟坑", "民治", "龙塘", "北站", "新牛", "民泰", "大岭", "民强", "民乐", "民康",
    "景龙", "富康", "松和", "清湖", "油松", "三联", "龙园", "玉翠", "华联", "和平", "新石", "浪口",
    "同胜", "高峰", "陶元", "大浪", "横朗", "水围", "赖屋山", "上横朗", "新田", "松元厦", "大和", "鹭湖",
    "樟溪", "君子布", "观城", "桂花", "库坑", "牛湖", "大水坑", "新澜", "福民", "章阁", "桔塘", "茜坑",
    "大水田", "红山", "龙胜", "下围", "东明", "横坑", "富坑", "松轩", "虎地排", "福城", "竹村", "茜坑新村",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺顾毛郝龚邵万覃武钱戴严莫孔向常汤康易乔赖文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志梅海波辉鹏燕宇浩俊凯文斌晨欣佳嘉琳雪婷丹峰亮健林"

# Incident categories: base weight and severity weights (1..4).
CATEGORY_WEIGHTS = {
    "sanitation": 22, "illegal_construction": 7, "road_damage": 8, "illegal_parking": 14,
    "noise_nuisance": 10, "fire_hazard": 4, "water_drainage": 6, "street_vending": 10,
    "public_facility": 8, "safety_hazard": 5, "neighbour_dispute": 4, "gas_leak": 1, "flooding": 1,
}
SEVERE = {"fire_hazard", "gas_leak", "flooding", "safety_hazard"}
STORM_CATEGORIES = ("flooding", "water_drainage", "road_damage", "safety_hazard")
HOUR_PROFILE = np.array([0.4, 0.25, 0.2, 0.15, 0.15, 0.3, 0.7, 1.3, 2.0, 2.4, 2.5, 2.2,
                         1.6, 1.7, 2.2, 2.3, 2.2, 2.0, 1.8, 1.7, 1.6, 1.3, 0.9, 0.6])

# Sensor kinds: (share, unit, threshold, normal range, warning range, alarm range)
SENSOR_SPECS = {
    "gas": (0.40, "%LEL", 20.0, (0, 5), (12, 20), (20, 60)),
    "smoke": (0.30, "%obs/m", 4.0, (0, 1), (2.5, 4), (4, 12)),
    "water_level": (0.04, "m", 2.5, (0.3, 1.5), (2.0, 2.5), (2.5, 4.0)),
    "noise": (0.08, "dB(A)", 70.0, (45, 65), (65, 70), (70, 90)),
    "slope": (0.04, "mm", 30.0, (0, 10), (20, 30), (30, 80)),
    "manhole": (0.14, "deg", 10.0, (0, 2), (5, 10), (10, 45)),
}
assert tuple(SENSOR_SPECS) == SENSOR_KINDS


# ----------------------------------------------------------------------------- outline & field
def load_outline() -> tuple[Polygon, object]:
    """Longhua's outline converted GCJ-02 -> WGS84, projected to its metric CRS."""
    with OUTLINE_PATH.open(encoding="utf-8") as fh:
        feature = json.load(fh)["features"][0]
    geom = gcj02_geometry_to_wgs84(shape(feature["geometry"]))
    metric = metric_crs_for(geom.bounds)
    projected = gpd.GeoSeries([geom], crs=WGS84).to_crs(metric).iloc[0]
    if projected.geom_type == "MultiPolygon":  # keep the main body; islands would be single-cell exclaves
        projected = max(projected.geoms, key=lambda g: g.area)
    return shapely.set_precision(projected, 0.01), metric


class DensityField:
    """Residents per km² as a smooth field: urban centres, urban villages, hills that are empty."""

    def __init__(self, bounds, rng: np.random.Generator) -> None:
        minx, miny, maxx, maxy = bounds
        w, h = maxx - minx, maxy - miny
        frac = lambda fx, fy: (minx + fx * w, miny + fy * h)  # noqa: E731
        self.centres = [(*frac(fx, fy), amp, sig) for fx, fy, amp, sig in (
            (0.55, 0.18, 42000, 1800), (0.50, 0.45, 38000, 1700), (0.25, 0.55, 30000, 1500),
            (0.68, 0.88, 26000, 1400), (0.80, 0.60, 18000, 1500), (0.45, 0.78, 16000, 1600))]
        vx = rng.uniform(minx + 0.1 * w, maxx - 0.1 * w, 40)
        vy = rng.uniform(miny + 0.1 * h, maxy - 0.1 * h, 40)
        self.villages = [(x, y, rng.uniform(40000, 90000), rng.uniform(180, 380)) for x, y in zip(vx, vy)]
        # Hills and parks (Yangtai Mountain in the west, Guanlan hills in the east, a central park).
        self.hills = [(*frac(fx, fy), sig) for fx, fy, sig in (
            (0.10, 0.32, 2200), (0.92, 0.35, 1800), (0.36, 0.30, 700), (0.88, 0.85, 1300), (0.30, 0.92, 1100))]

    def __call__(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        d = np.full(np.shape(x), 2500.0)
        for cx, cy, amp, sig in self.centres + self.villages:
            d += amp * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * sig**2))
        return d * (1 - self.hilliness(x, y))

    def hilliness(self, x, y) -> np.ndarray:
        """0 on the plain, towards 1 on the hills (where slopes and retaining walls are)."""
        keep = np.ones(np.shape(x))
        for cx, cy, sig in self.hills:
            keep *= 1 - 0.97 * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * sig**2))
        return 1 - keep


def sample_points(n: int, polygon, weight, rng: np.random.Generator) -> np.ndarray:
    """``n`` points inside ``polygon`` with probability proportional to ``weight(x, y)``."""
    shapely.prepare(polygon)
    minx, miny, maxx, maxy = polygon.bounds
    out = []
    got = 0
    probe = rng.uniform([minx, miny], [maxx, maxy], (20000, 2))
    wmax = float(np.max(weight(probe[:, 0], probe[:, 1]))) * 1.2
    while got < n:
        m = max(4 * (n - got), 10000)
        pts = rng.uniform([minx, miny], [maxx, maxy], (m, 2))
        keep = rng.uniform(0, wmax, m) < weight(pts[:, 0], pts[:, 1])
        pts = pts[keep]
        pts = pts[shapely.contains_xy(polygon, pts[:, 0], pts[:, 1])]
        out.append(pts)
        got += len(pts)
    return np.vstack(out)[:n]


# ----------------------------------------------------------------------------- linework
def wobbly_line(p0, p1, rng, amplitude: float, waves: float = 1.5, steps: int = 60) -> LineString:
    t = np.linspace(0, 1, steps)
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    d = p1 - p0
    normal = np.array([-d[1], d[0]]) / np.hypot(*d)
    phase = rng.uniform(0, 2 * np.pi, 2)
    off = amplitude * (np.sin(2 * np.pi * waves * t + phase[0]) + 0.35 * np.sin(2 * np.pi * 3.1 * waves * t + phase[1]))
    pts = p0 + np.outer(t, d) + np.outer(off, normal)
    return LineString(pts)


def make_river(outline, rng) -> LineString:
    minx, miny, maxx, maxy = outline.bounds
    w = maxx - minx
    river = wobbly_line((minx + 0.56 * w, miny - 1000), (minx + 0.62 * w, maxy + 1000), rng, 0.05 * w, waves=1.3, steps=200)
    return shapely.line_merge(shapely.intersection(river, outline))


def make_roads(outline, rng, spacing: float) -> tuple[list, list]:
    """Trunk roads (two expressways crossing the district) and a wobbly arterial lattice."""
    minx, miny, maxx, maxy = outline.bounds
    w, h = maxx - minx, maxy - miny
    c = np.array([(minx + maxx) / 2, (miny + maxy) / 2])
    trunks = [wobbly_line((minx + 0.40 * w, miny - 500), (minx + 0.47 * w, maxy + 500), rng, 300, 0.8),
              wobbly_line((minx - 500, miny + 0.52 * h), (maxx + 500, miny + 0.47 * h), rng, 250, 0.7)]
    angle = math.radians(rng.uniform(8, 16))
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    half = 0.75 * max(w, h)
    arterials = []
    for axis in (0, 1):
        for off in np.arange(-half, half, spacing) + rng.uniform(0, spacing):
            a = np.array([off, -half]) if axis == 0 else np.array([-half, off])
            b = np.array([off, half]) if axis == 0 else np.array([half, off])
            line = wobbly_line(c + rot @ a, c + rot @ b, rng, spacing * 0.08, waves=1.1, steps=80)
            arterials.append(line)
    clip = lambda lines: [g for g in shapely.intersection(lines, outline) if not g.is_empty]  # noqa: E731
    return clip(trunks), clip(arterials)


# ----------------------------------------------------------------------------- grids
def polygonize_cells(outline, seeds: np.ndarray, cut_lines: list) -> np.ndarray:
    """Voronoi cells of ``seeds`` re-noded with ``cut_lines`` and the outline: an exact coverage."""
    cells = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=box(*outline.buffer(2000).bounds))
    edges = shapely.boundary(np.array(cells.geoms))
    lines = shapely.union_all(np.concatenate([edges, [outline.boundary], np.array(cut_lines, dtype=object)]))
    lines = shapely.set_precision(lines, 0.01)
    faces = np.array(shapely.get_parts(shapely.polygonize(shapely.get_parts(lines))))
    inside = shapely.contains_xy(outline, *shapely.get_coordinates(shapely.point_on_surface(faces)).T)
    return faces[inside]


def adjacency(geoms: np.ndarray) -> dict[int, dict[int, float]]:
    """Neighbours of each polygon in a coverage, with the length of the shared boundary."""
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    shared = shapely.length(shapely.intersection(shapely.boundary(geoms[a]), shapely.boundary(geoms[b])))
    adj: dict[int, dict[int, float]] = defaultdict(dict)
    for i, j, length in zip(a.tolist(), b.tolist(), shared.tolist()):
        if length > 0:
            adj[i][j] = length
            adj[j][i] = length
    return adj


def merge_down(faces: np.ndarray, target: int, block_of: np.ndarray) -> np.ndarray:
    """Merge the smallest faces into a neighbour until ``target`` remain.

    A face prefers the neighbour in its own road block (so grids keep following roads)
    with the longest shared boundary. Merges use ``coverage_union`` so shared vertices
    with other neighbours stay exactly as they are.
    """
    geoms = {i: g for i, g in enumerate(faces)}
    adj = adjacency(faces)
    areas = {i: g.area for i, g in geoms.items()}
    block = dict(enumerate(block_of.tolist()))
    while len(geoms) > target:
        small = min(areas, key=areas.get)
        nbrs = adj.get(small, {})
        if not nbrs:  # an island face with no neighbour: cannot merge, drop from consideration
            areas.pop(small)
            continue
        same = {j: l for j, l in nbrs.items() if block[j] == block[small]}
        pool = same or nbrs
        into = max(pool, key=pool.get)
        geoms[into] = shapely.coverage_union(geoms[into], geoms.pop(small))
        areas[into] = geoms[into].area
        areas.pop(small)
        for j, length in adj.pop(small).items():
            adj[j].pop(small, None)
            if j != into:
                adj[into][j] = adj[into].get(j, 0) + length
                adj[j][into] = adj[into][j]
        adj[into].pop(into, None)
    return np.array([geoms[k] for k in sorted(geoms)], dtype=object)


def make_contiguous(geoms: np.ndarray, labels: np.ndarray, adj, fixed_groups: np.ndarray | None = None) -> np.ndarray:
    """Relabel stray pieces so every label is one connected group of cells.

    A label's largest connected piece keeps it; each smaller piece joins the neighbouring
    label it shares most boundary with (within the same ``fixed_groups`` value, if given).
    """
    labels = labels.copy()
    for _ in range(10):
        changed = False
        for lab in np.unique(labels):
            members = set(np.flatnonzero(labels == lab).tolist())
            pieces = []
            while members:
                stack = [members.pop()]
                piece = set(stack)
                while stack:
                    for j in adj.get(stack.pop(), {}):
                        if j in members:
                            members.remove(j)
                            piece.add(j)
                            stack.append(j)
                pieces.append(piece)
            pieces.sort(key=lambda p: sum(geoms[i].area for i in p), reverse=True)
            for piece in pieces[1:]:
                score: dict = defaultdict(float)
                for i in piece:
                    for j, length in adj.get(i, {}).items():
                        if labels[j] != lab and (fixed_groups is None or fixed_groups[j] == fixed_groups[i]):
                            score[labels[j]] += length
                if score:
                    labels[list(piece)] = max(score, key=score.get)
                    changed = True
        if not changed:
            break
    return labels


def kmeans_labels(points: np.ndarray, weights: np.ndarray, k: int, rng, iterations: int = 12) -> np.ndarray:
    """Weighted k-means (Lloyd) labels: balanced, compact groups."""
    k = max(1, min(k, len(points)))
    centres = points[rng.choice(len(points), k, replace=False, p=weights / weights.sum())]
    for _ in range(iterations):
        d = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(-1)
        lab = d.argmin(1)
        for c in range(k):
            m = lab == c
            if m.any():
                centres[c] = np.average(points[m], axis=0, weights=weights[m] + 1e-9)
    return lab


# ----------------------------------------------------------------------------- the generator
def generate(scale: str = "small", seed: int = 7, log=lambda msg: None) -> dict[str, gpd.GeoDataFrame]:
    """Build every layer of the demo district (in WGS84 lon/lat), deterministic for ``seed``."""
    sc = SCALES[scale]
    rng = np.random.default_rng(seed)
    outline, metric = load_outline()
    field = DensityField(outline.bounds, rng)

    t0 = time.perf_counter()
    river = make_river(outline, rng)
    trunks, arterials = make_roads(outline, rng, sc.arterial_spacing_m)
    majors = trunks + arterials + list(shapely.get_parts(river))
    blocks = np.array(shapely.get_parts(shapely.polygonize(shapely.get_parts(
        shapely.union_all(majors + [outline.boundary])))))
    blocks = blocks[shapely.contains_xy(outline, *shapely.get_coordinates(shapely.point_on_surface(blocks)).T)]

    seeds = sample_points(int(sc.grids * 0.9), outline, lambda x, y: field(x, y) + 1500, rng)
    faces = polygonize_cells(outline, seeds, majors)
    block_tree = shapely.STRtree(blocks)
    face_pts = shapely.point_on_surface(faces)
    pidx, bidx = block_tree.query(face_pts, predicate="within")
    block_of = np.full(len(faces), -1)
    block_of[pidx] = bidx
    grids = merge_down(faces, sc.grids, block_of)
    log(f"grids: {len(grids)} from {len(faces)} faces in {time.perf_counter() - t0:.1f}s")

    # Population: density-weighted samples counted per grid.
    pop_pts = sample_points(sc.pop_samples, outline, field, rng)
    gindex = GridIndex(grids, [f"{i:05d}" for i in range(len(grids))])
    pop_grid = gindex.locate(pop_pts[:, 0], pop_pts[:, 1])
    counts = np.bincount(pop_grid[pop_grid >= 0], minlength=len(grids))
    population = np.round(counts * POPULATION / max(counts.sum(), 1)).astype(int)

    # Streets, then communities within each street; both contiguous.
    adj = adjacency(grids)
    cent = shapely.get_coordinates(shapely.centroid(grids))
    minx, miny, maxx, maxy = outline.bounds
    street_xy = np.array([(minx + fx * (maxx - minx), miny + fy * (maxy - miny)) for _, fx, fy in STREETS])
    street_lab = ((cent[:, None, :] - street_xy[None]) ** 2).sum(-1).argmin(1)
    street_lab = make_contiguous(grids, street_lab, adj)
    n_comm = sc.communities
    comm_lab = np.zeros(len(grids), dtype=int)
    next_comm = 0
    for s in range(len(STREETS)):
        m = np.flatnonzero(street_lab == s)
        if len(m) == 0:
            continue
        k = max(1, round(n_comm * population[m].sum() / max(population.sum(), 1)))
        sub = kmeans_labels(cent[m], population[m].astype(float) + 50, k, rng)
        comm_lab[m] = sub + next_comm
        next_comm += sub.max() + 1
    comm_lab = make_contiguous(grids, comm_lab, adj, fixed_groups=street_lab)
    _, comm_lab = np.unique(comm_lab, return_inverse=True)

    # Ids: the 15-digit unit-grid code (GB/T 30428.1): Longhua's division code, the street, the
    # community within its street, and the grid numbered west to east in rows north to south.
    band = float(np.median(np.sqrt(shapely.area(grids))))
    order = np.lexsort((cent[:, 0], -np.floor(cent[:, 1] / band), comm_lab))
    comm_street = {int(c): int(street_lab[np.flatnonzero(comm_lab == c)[0]]) for c in np.unique(comm_lab)}
    comm_no = {}
    for s_ in range(len(STREETS)):
        for k, c in enumerate(sorted(c for c, st in comm_street.items() if st == s_), start=1):
            comm_no[c] = k
    grid_rows = []
    per_comm: dict[int, int] = defaultdict(int)
    comm_names = {}
    for c in np.unique(comm_lab):
        comm_names[c] = COMMUNITY_NAMES[c % len(COMMUNITY_NAMES)] + ("" if c < len(COMMUNITY_NAMES) else str(c))
    for pos in order:
        c = comm_lab[pos]
        per_comm[c] += 1
        s = street_lab[pos]
        grid_rows.append({
            "grid_id": gridcode.make(DIVISION_CODE, s + 1, comm_no[int(c)], per_comm[c]),
            "name": f"{comm_names[c]}社区第{per_comm[c]:02d}网格",
            "community": f"{comm_names[c]}社区",
            "street": STREETS[s][0],
            "district": "龙华区",
            "population": int(population[pos]),
            "grid_worker": _person_name(rng),
            "geometry": grids[pos],
        })
    grid_gdf = gpd.GeoDataFrame(grid_rows, geometry="geometry", crs=metric)
    grid_geoms = grid_gdf.geometry.values
    gindex = GridIndex(grid_geoms, grid_gdf["grid_id"].to_numpy())

    water = _water(river, outline, field, rng)
    roads = _roads(trunks, arterials, grid_gdf, majors, outline)
    buildings = _buildings(sc.buildings, pop_pts, water, rng, field, angle_of(arterials))
    cameras = _cameras(sc.cameras, grid_geoms, trunks + arterials, pop_pts, outline, rng, metric)
    sensors = _sensors(sc.sensors, roads, river, pop_pts, outline, field, rng, metric)
    incidents = _incidents(sc.incidents, pop_pts, outline, gindex, grid_gdf, rng, metric)
    risk = _risk_sites(sc.risk_sites, outline, river, field, rng, metric)
    shelters = _shelters(sc.shelters, pop_pts, rng, metric)
    log(f"all layers in {time.perf_counter() - t0:.1f}s")

    layers = {"grids": grid_gdf, "sensors": sensors, "cameras": cameras, "incidents": incidents,
              "roads": roads, "water": water, "buildings": buildings, "risk_sites": risk, "shelters": shelters,
              # The boundary the grids must cover, for coverage checks (exactly their outer edge).
              "district_boundary": gpd.GeoDataFrame({"name": ["龙华区"]}, geometry=[
                  shapely.coverage_union_all(grid_geoms)], crs=metric)}
    return {name: frame.set_crs(metric, allow_override=True).to_crs(WGS84) for name, frame in layers.items()}


def _person_name(rng) -> str:
    return SURNAMES[rng.integers(len(SURNAMES))] + "".join(GIVEN[i] for i in rng.integers(len(GIVEN), size=rng.integers(1, 3)))


def angle_of(lines: list) -> float:
    if not lines:
        return 0.0
    c = shapely.get_coordinates(lines[0])
    return math.degrees(math.atan2(c[-1, 1] - c[0, 1], c[-1, 0] - c[0, 0]))


def _water(river, outline, field, rng) -> gpd.GeoDataFrame:
    geoms = [shapely.intersection(river.buffer(32, cap_style="flat"), outline)]
    names = ["观澜河"]
    for cx, cy, sig in field.hills[:3]:  # reservoirs in the hills
        p = shapely.Point(cx + rng.normal(0, 200), cy + rng.normal(0, 200))
        lake = shapely.affinity.scale(p.buffer(rng.uniform(180, 320), 24), rng.uniform(1.0, 1.8), 1.0)
        lake = shapely.intersection(lake, outline)
        if not lake.is_empty:
            geoms.append(lake)
            names.append("水库")
    return gpd.GeoDataFrame({"name": names}, geometry=geoms, crs=None)


def _roads(trunks, arterials, grid_gdf, majors, outline) -> gpd.GeoDataFrame:
    """Trunk and arterial lines as drawn, plus local roads along the other grid boundaries."""
    geoms = grid_gdf.geometry.values
    adj = adjacency(geoms)
    pairs = [(i, j) for i, nb in adj.items() for j in nb if i < j]
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    shared = shapely.line_merge(shapely.intersection(shapely.boundary(geoms[a]), shapely.boundary(geoms[b])))
    major_zone = shapely.union_all(shapely.buffer(np.array(majors, dtype=object), 1.0))
    shapely.prepare(major_zone)
    local = [g for g in shared if not g.is_empty and shapely.length(shapely.difference(g, major_zone)) > 0.5 * g.length]
    local = [shapely.difference(g, major_zone) for g in local]
    rows = ([("trunk", f"{n}号快速路", g) for n, g in enumerate(trunks, 1)]
            + [("arterial", None, g) for g in arterials]
            + [("local", None, g) for g in local])
    frame = gpd.GeoDataFrame({"road_class": [r[0] for r in rows], "name": [r[1] for r in rows]},
                             geometry=[r[2] for r in rows])
    frame = frame.explode(index_parts=False).reset_index(drop=True)
    return frame[frame.geometry.geom_type == "LineString"].reset_index(drop=True)


def _buildings(n, pop_pts, water, rng, field, angle) -> gpd.GeoDataFrame:
    pick = pop_pts[rng.choice(len(pop_pts), n, replace=len(pop_pts) < n)] + rng.normal(0, 25, (n, 2))
    w = rng.uniform(10, 30, n)
    h = w * rng.uniform(1.0, 2.5, n)
    theta = np.radians(angle + rng.choice([0, 90], n) + rng.normal(0, 3, n))
    corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]]) / 2
    cos, sin = np.cos(theta)[:, None], np.sin(theta)[:, None]
    cx = corners[None, :, 0] * w[:, None]
    cy = corners[None, :, 1] * h[:, None]
    xs = pick[:, 0:1] + cx * cos - cy * sin
    ys = pick[:, 1:2] + cx * sin + cy * cos
    polys = shapely.polygons(np.stack([xs, ys], axis=-1))
    wet = shapely.union_all(water.geometry.values)
    shapely.prepare(wet)
    keep = ~shapely.intersects(wet, polys)
    dens = field(pick[:, 0], pick[:, 1])
    floors = np.clip(np.round(rng.gamma(2.0, 1.5 + dens / 15000)), 1, 60).astype(int)
    return gpd.GeoDataFrame({"floors": floors[keep]}, geometry=polys[keep])


def _cameras(n, grid_geoms, main_roads, pop_pts, outline, rng, metric) -> gpd.GeoDataFrame:
    """Cameras at road junctions (several per junction), along main roads, and in dense blocks."""
    coords = shapely.get_coordinates(shapely.boundary(grid_geoms))
    key, counts = np.unique(np.round(coords, 1), axis=0, return_counts=True)
    junctions = key[counts >= 4]  # a vertex shared by 3+ grids appears in 3+ rings (+ closing repeats)
    n_junction = min(len(junctions) * 3, int(n * 0.3))
    j = junctions[rng.integers(len(junctions), size=n_junction)] + rng.normal(0, 6, (n_junction, 2))
    j_head = (rng.integers(0, 4, n_junction) * 90 + rng.normal(0, 10, n_junction)) % 360
    n_road = int(n * 0.2)
    lens = np.array([g.length for g in main_roads])
    which = rng.choice(len(main_roads), n_road, p=lens / lens.sum())
    dist = rng.uniform(0, lens[which])
    pts = shapely.line_interpolate_point(np.array(main_roads, dtype=object)[which], dist)
    ahead = shapely.line_interpolate_point(np.array(main_roads, dtype=object)[which], dist + 5)
    r = shapely.get_coordinates(pts)
    a = shapely.get_coordinates(ahead)
    r_head = (np.degrees(np.arctan2(a[:, 0] - r[:, 0], a[:, 1] - r[:, 1])) + rng.choice([0, 180], n_road)) % 360
    n_block = n - n_junction - n_road
    b = pop_pts[rng.integers(len(pop_pts), size=n_block)] + rng.normal(0, 15, (n_block, 2))
    b_head = rng.uniform(0, 360, n_block)
    xy = _inside(np.vstack([j, r, b]), outline, pop_pts, rng)
    heading = np.concatenate([j_head, r_head, b_head])
    kind = np.r_[np.zeros(n_junction), np.ones(n_road), np.full(n_block, 2)].astype(int)
    fov = np.where(rng.random(n) < 0.05, 360.0, rng.choice([60.0, 75.0, 90.0, 110.0], n))
    rng_m = np.where(kind == 1, rng.uniform(80, 200, n), rng.uniform(30, 120, n)).round(0)
    status = np.where(rng.random(n) < 0.04, "offline", "online")
    return gpd.GeoDataFrame({
        "camera_id": [f"C{i:06d}" for i in range(1, n + 1)],
        "heading_deg": np.round(heading, 1), "fov_deg": fov, "range_m": rng_m, "status": status,
    }, geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=metric)


def _inside(xy: np.ndarray, outline, pop_pts, rng) -> np.ndarray:
    """Points jittered out of the district are moved to a random populated place inside."""
    out = ~shapely.contains_xy(outline, xy[:, 0], xy[:, 1])
    xy[out] = pop_pts[rng.integers(len(pop_pts), size=int(out.sum()))]
    return xy


def _sensors(n, roads, river, pop_pts, outline, field, rng, metric) -> gpd.GeoDataFrame:
    """Sensors by kind where they belong: gas and manholes along roads, smoke in buildings,
    water level on the riverbank, noise on main roads, slope movement in the hills."""
    shares = np.array([s[0] for s in SENSOR_SPECS.values()])
    counts = np.floor(shares / shares.sum() * n).astype(int)
    counts[0] += n - counts.sum()
    all_roads = roads.geometry.values
    main = roads.geometry.values[roads["road_class"].isin(["trunk", "arterial"]).to_numpy()]
    xy_parts, kinds = [], []

    def along(lines, m, offset):
        lens = shapely.length(lines)
        which = rng.choice(len(lines), m, p=lens / lens.sum())
        p = shapely.get_coordinates(shapely.line_interpolate_point(lines[which], rng.uniform(0, lens[which])))
        return p + rng.normal(0, offset, (m, 2))

    for k, (kind, c) in enumerate(zip(SENSOR_KINDS, counts)):
        if kind == "gas":
            m = c * 3 // 4
            p = np.vstack([along(all_roads, m, 4), pop_pts[rng.integers(len(pop_pts), size=c - m)] + rng.normal(0, 10, (c - m, 2))])
        elif kind == "smoke":
            p = pop_pts[rng.integers(len(pop_pts), size=c)] + rng.normal(0, 12, (c, 2))
        elif kind == "water_level":
            p = along(np.array(shapely.get_parts(river)), c, 40)
        elif kind == "noise":
            p = along(main, c, 8)
        elif kind == "slope":
            p = sample_points(c, outline, lambda x, y: field.hilliness(x, y) ** 2 + 1e-3, rng)
        else:
            p = along(all_roads, c, 2)
        xy_parts.append(p)
        kinds += [kind] * c
    xy = _inside(np.vstack(xy_parts), outline, pop_pts, rng)
    kinds = np.array(kinds)
    status = rng.choice(["normal", "warning", "alarm", "offline"], n, p=[0.963, 0.02, 0.004, 0.013])
    value = np.empty(n)
    unit = np.empty(n, dtype=object)
    thr = np.empty(n)
    for kind, (_, u, t, normal, warn, alarm) in SENSOR_SPECS.items():
        m = kinds == kind
        unit[m], thr[m] = u, t
        for st, (lo, hi) in (("normal", normal), ("warning", warn), ("alarm", alarm), ("offline", normal)):
            mm = m & (status == st)
            value[mm] = rng.uniform(lo, hi, mm.sum())
    value = np.round(value, 2)
    value_col = pd.Series(value).where(status != "offline", None)
    return gpd.GeoDataFrame({
        "sensor_id": [f"S{i:06d}" for i in range(1, n + 1)], "kind": kinds, "status": status,
        "value": value_col.astype(float), "unit": unit, "threshold": thr,
    }, geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=metric)


def _incidents(n, pop_pts, outline, gindex, grid_gdf, rng, metric) -> gpd.GeoDataFrame:
    """Half a year of incidents: rate follows population and time of day, with storm bursts."""
    days = np.arange(HISTORY_DAYS)
    start = (HISTORY_END - timedelta(days=HISTORY_DAYS)).replace(hour=0, minute=0, second=0)
    weekday = np.array([(start + timedelta(days=int(d))).weekday() for d in days])
    day_w = np.where(weekday >= 5, 0.85, 1.0) * rng.uniform(0.85, 1.15, HISTORY_DAYS)
    storm_days = rng.choice(HISTORY_DAYS - 10, 4, replace=False)
    day_w[storm_days] *= 3.0
    day = rng.choice(HISTORY_DAYS, n, p=day_w / day_w.sum())
    hour = rng.choice(24, n, p=HOUR_PROFILE / HOUR_PROFILE.sum())
    seconds = rng.integers(0, 3600, n)
    when = np.array([start + timedelta(days=int(d), hours=int(h), seconds=int(s)) for d, h, s in zip(day, hour, seconds)])
    when = np.minimum(when, HISTORY_END)
    order = np.argsort(when, kind="stable")
    when, day = when[order], day[order]
    cats = np.array(list(CATEGORY_WEIGHTS))
    base = np.array(list(CATEGORY_WEIGHTS.values()), float)
    storm = np.isin(day, storm_days)
    storm_w = base * np.where(np.isin(cats, STORM_CATEGORIES), 8.0, 1.0)
    category = np.where(storm, rng.choice(cats, n, p=storm_w / storm_w.sum()), rng.choice(cats, n, p=base / base.sum()))
    severe = np.isin(category, list(SEVERE))
    severity = np.where(severe, rng.choice([1, 2, 3, 4], n, p=[0.15, 0.35, 0.35, 0.15]),
                        rng.choice([1, 2, 3, 4], n, p=[0.6, 0.3, 0.09, 0.01]))
    source = rng.choice(["hotline", "grid_worker", "citizen", "sensor"], n, p=[0.45, 0.35, 0.15, 0.05])
    source = np.where(np.isin(category, ["gas_leak", "flooding"]) & (rng.random(n) < 0.4), "sensor", source)
    age_h = np.array([(HISTORY_END - w).total_seconds() / 3600 for w in when])
    old_status = rng.choice(["closed", "resolved", "escalated", "returned"], n, p=[0.994, 0.004, 0.001, 0.001])
    new_status = rng.choice(["reported", "dispatched", "accepted", "in_progress", "resolved", "escalated", "returned"],
                            n, p=[0.2, 0.2, 0.15, 0.25, 0.12, 0.05, 0.03])
    status = np.where(age_h > 72, old_status, new_status)
    xy = pop_pts[rng.integers(len(pop_pts), size=n)] + rng.normal(0, 40, (n, 2))
    grid = gindex.locate(xy[:, 0], xy[:, 1])
    while (grid < 0).any():
        bad = grid < 0
        xy[bad] = pop_pts[rng.integers(len(pop_pts), size=int(bad.sum()))]
        grid[bad] = gindex.locate(xy[bad, 0], xy[bad, 1])
    ids = grid_gdf["grid_id"].to_numpy()
    closed_at, satisfaction = _outcomes(when, category, severity, status, source, grid, len(grid_gdf))
    return gpd.GeoDataFrame({
        "incident_id": [f"E{i:07d}" for i in range(1, n + 1)], "category": category,
        "severity": severity.astype(int), "status": status, "source": source,
        "reported_at": [w.isoformat(timespec="seconds") for w in when], "grid_id": ids[grid],
        "closed_at": closed_at, "satisfaction": satisfaction,
    }, geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=metric)


def _outcomes(when, category, severity, status, source, grid, n_grids):
    """When each finished incident was closed, and the caller's satisfaction (hotline and
    citizen reports only). Grids differ in how well they are run, so the governance index has
    something to find. Drawn from their own generator: the other columns stay as they were."""
    from geodata.incidents.deadlines import DeadlineTable
    rng = np.random.default_rng(len(when) * 31 + n_grids)
    table = DeadlineTable.load()
    limit_s = np.array([table.seconds(c, int(s)) for c, s in zip(category, severity)])
    quality = rng.lognormal(0.0, 0.35, n_grids)  # > 1: slower than the rest
    took = limit_s * 0.55 * quality[grid] * rng.lognormal(0.0, 0.45, len(when))
    done = np.isin(status, ["closed", "resolved"])
    closed_at = [(w + timedelta(seconds=float(t))).isoformat(timespec="seconds") if d else None
                 for w, t, d in zip(when, took, done)]
    asked = done & np.isin(source, ["hotline", "citizen"]) & (rng.random(len(when)) < 0.6)
    late = took > limit_s
    score = np.clip(np.round(rng.normal(np.where(late, 3.1, 4.4), 0.7)), 1, 5)
    return closed_at, np.where(asked, score, np.nan)


def _risk_sites(n, outline, river, field, rng, metric) -> gpd.GeoDataFrame:
    n_flood = n // 4
    hills = sample_points(n - n_flood, outline, lambda x, y: field.hilliness(x, y) ** 3 + 1e-4, rng)
    parts = np.array(shapely.get_parts(river))
    lens = shapely.length(parts)
    which = rng.choice(len(parts), n_flood, p=lens / lens.sum())
    flood = shapely.get_coordinates(shapely.line_interpolate_point(parts[which], rng.uniform(0, lens[which])))
    flood += rng.normal(0, 150, flood.shape)
    xy = np.vstack([hills, flood])
    inside = shapely.contains_xy(outline, xy[:, 0], xy[:, 1])
    xy, kind = xy[inside], np.r_[rng.choice(["slope", "retaining_wall"], n - n_flood, p=[0.6, 0.4]),
                                 np.full(n_flood, "flood_point")][inside]
    level = rng.choice(["high", "medium", "low"], len(xy), p=[0.15, 0.35, 0.5])
    return gpd.GeoDataFrame({"site_id": [f"R{i:04d}" for i in range(1, len(xy) + 1)], "kind": kind, "level": level},
                            geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=metric)


def _shelters(n, pop_pts, rng, metric) -> gpd.GeoDataFrame:
    xy = pop_pts[rng.choice(len(pop_pts), n, replace=False)]
    kinds = ["小学", "中学", "公园", "体育馆", "社区广场"]
    names = [f"{COMMUNITY_NAMES[i % len(COMMUNITY_NAMES)]}{kinds[i % len(kinds)]}应急避难场所" for i in range(n)]
    return gpd.GeoDataFrame({"shelter_id": [f"H{i:03d}" for i in range(1, n + 1)], "name": names,
                             "capacity": (rng.integers(5, 60, n) * 100).astype(int)},
                            geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=metric)


# ----------------------------------------------------------------------------- writing
def write_geopackage(layers: dict[str, gpd.GeoDataFrame], out: str | Path) -> Path:
    """Write all layers to ``out`` atomically: a crash leaves any previous file intact."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".gpkg", dir=out.parent)
    os.close(fd)
    os.unlink(tmp)
    try:
        for name, frame in layers.items():
            frame.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")
        # Rollback journal, not WAL (which GDAL may leave set): reading a WAL file writes -wal and
        # -shm beside it, and a bundled or read-only district must be readable without a trace.
        import sqlite3
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode=DELETE")
        finally:
            con.close()
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geodata.demo", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="GeoPackage to write")
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    layers = generate(args.scale, args.seed, log=lambda m: print(m, file=sys.stderr))
    write_geopackage(layers, args.out)
    summary = {name: len(frame) for name, frame in layers.items()}
    print(json.dumps({"out": str(args.out), "scale": args.scale, "seed": args.seed,
                      "seconds": round(time.perf_counter() - t0, 1), **summary}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
