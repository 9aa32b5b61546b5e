"""Balanced redraw proposals for a street or a community: ReCom (GerryChain) on a fine unit graph.

A grid is what one grid worker carries, so a proposal keeps the number of grids and redraws
where their boundaries run. The area is cut into units finer than grids (a square lattice
over the area, each cell cut by the current grid boundaries), each unit weighted by the
workload of what lies in it, by the same terms and weights as the balance panel
(geodata.plan.balance.WORKLOAD_WEIGHTS), so the units of a grid add up to its workload.

ReCom then walks through plans of that many contiguous grids, each within ±tolerance of
the area's fair share: it merges two neighbouring grids and splits them again along a random
spanning tree. Constraints: contiguity, workload tolerance, community boundaries kept (one
chain per community) unless the planner allows otherwise, and compactness (cut edges at most
``compactness`` times those of the balanced seed). The best distinct plans seen are the
proposals; every plan visited is the ensemble that places any plan (the current one, a
hand-drawn one) by percentile of balance and compactness.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import shapely

from geodata.plan.balance import WORKLOAD_WEIGHTS, polsby_popper
from geodata.schema import OPEN_INCIDENT_STATUSES
from geodata.spatial_index import NO_GRID, GridIndex

CELLS_PER_GRID = 30      # lattice cells per grid: finer units give ReCom more ways to balance (bench/propose.py)
MIN_SHARED_EDGE_M = 0.5  # units touching along less than this are not neighbours


class ProposalError(ValueError):
    """No balanced plan could be found as asked (the message says why)."""


@dataclass
class Units:
    """The fine cells of an area: geometry (metric), the grid and community each lies in now,
    and the workload it carries."""

    geoms: np.ndarray
    grid: np.ndarray        # positions into ``grid_ids``
    community: np.ndarray
    workload: np.ndarray
    edges: np.ndarray       # (m, 2) neighbouring units
    grid_ids: list
    grid_attrs: list        # one dict per grid of the area (its id, name, community, worker …)

    def __len__(self) -> int:
        return len(self.geoms)


@dataclass
class Proposal:
    assignment: np.ndarray  # unit -> index into ``grid_ids`` of the grid it would belong to
    geometry: list          # one per grid of the area, in the order of ``Units.grid_ids``
    workload: np.ndarray    # per grid, in fair shares of the area (1 = exactly fair)
    compactness: np.ndarray  # Polsby-Popper per grid
    cut_edges: int

    @property
    def max_deviation_pct(self) -> float:
        return float(np.max(np.abs(self.workload - 1.0)) * 100)

    @property
    def mean_compactness(self) -> float:
        return float(np.mean(self.compactness))


@dataclass
class Ensemble:
    """Every plan the chains visited: its worst deviation (%) and mean compactness."""

    max_deviation_pct: list = field(default_factory=list)
    mean_compactness: list = field(default_factory=list)

    def percentile(self, max_deviation_pct: float, mean_compactness: float) -> tuple[float, float]:
        """Where a plan falls: the share of the ensemble (0-100) better balanced than it, and
        the share more compact than it. High numbers mark an unusual plan."""
        dev = np.asarray(self.max_deviation_pct)
        comp = np.asarray(self.mean_compactness)
        if not len(dev):
            return float("nan"), float("nan")
        return float((dev < max_deviation_pct).mean() * 100), float((comp > mean_compactness).mean() * 100)


# ---------------------------------------------------------------------- units
def area_units(district, index, positions, geoms=None, cells_per_grid: int = CELLS_PER_GRID) -> Units:
    """Units for the grids at ``positions`` (of ``district.grids``; ``geoms`` overrides their
    geometry, e.g. a plan being edited)."""
    grids = district.grids
    positions = [int(p) for p in positions]
    if len(positions) < 2:
        raise ProposalError("a proposal needs at least two grids to redraw between")
    shapes = np.asarray([(geoms[p] if geoms is not None else grids.geometry.iloc[p]) for p in positions], dtype=object)
    area = float(shapely.area(shapes).sum())
    side = np.sqrt(area / (cells_per_grid * len(positions)))
    minx, miny, maxx, maxy = shapely.total_bounds(shapes)
    xs = np.arange(minx, maxx + side, side)
    ys = np.arange(miny, maxy + side, side)
    gx, gy = np.meshgrid(xs[:-1], ys[:-1])
    boxes = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + side, gy.ravel() + side)
    tree = shapely.STRtree(boxes)
    grid_of, box_of = tree.query(shapes, predicate="intersects")
    pieces = shapely.intersection(shapes[grid_of], boxes[box_of])
    parts, which = shapely.get_parts(pieces, return_index=True)
    keep = (shapely.get_type_id(parts) == 3) & (shapely.area(parts) > 1e-6)
    parts, owner = _absorb_crumbs(parts[keep], grid_of[which[keep]], 0.15 * side * side)
    communities = grids["community"].astype(str).to_numpy() if "community" in grids else np.full(len(grids), "")
    unit_workload = _unit_workload(district, index, parts, np.asarray(positions)[owner], shapes[owner])
    edges = _rook_edges(parts)
    attrs = [{c: grids[c].iloc[p] for c in grids.columns if c != "geometry"} for p in positions]
    return Units(parts, owner.astype(np.int64), communities[np.asarray(positions)][owner], unit_workload, edges,
                 [str(grids["grid_id"].iloc[p]) for p in positions], attrs)


def _absorb_crumbs(parts: np.ndarray, owner: np.ndarray, min_area: float) -> tuple[np.ndarray, np.ndarray]:
    """Merge each piece smaller than ``min_area`` (where a grid boundary clips a cell's corner)
    into the piece of the same grid it shares the longest edge with: a grid made of a crumb
    and its neighbour's cells would be a sliver."""
    parts = parts.copy()
    alive = np.ones(len(parts), dtype=bool)
    tree = shapely.STRtree(parts)
    for i in np.argsort(shapely.area(parts)):
        if not alive[i] or shapely.area(parts[i]) >= min_area:
            continue
        near = tree.query(parts[i], predicate="intersects")
        near = [j for j in near if j != i and alive[j] and owner[j] == owner[i]]
        if not near:
            continue
        shared = shapely.length(shapely.intersection(shapely.boundary(parts[i]), shapely.boundary(parts[near])))
        j = near[int(np.argmax(shared))]
        if shared.max() <= 0:
            continue
        parts[j] = shapely.union(parts[j], parts[i])
        alive[i] = False
    merged = parts[alive]
    one = shapely.get_type_id(merged) == 3
    return merged[one], owner[alive][one]


def _unit_population(district, units: np.ndarray, grid_pos: np.ndarray, grid_shapes: np.ndarray,
                     unit_index: GridIndex) -> np.ndarray:
    """People in each unit: a grid's people follow its buildings' floor area (as the balance
    counts them); in a grid without buildings they are spread by area, not put at one point,
    which would make one unit too heavy to balance."""
    pop = district.grids["population"].to_numpy(dtype=float)
    out = np.zeros(len(units))
    buildings = district.layer("buildings")
    housed = np.zeros(len(units), dtype=bool)
    if len(buildings):
        centre = shapely.get_coordinates(shapely.point_on_surface(buildings.geometry.values))
        floors = buildings["floors"].fillna(1).to_numpy(dtype=float) if "floors" in buildings else 1.0
        floor_area = shapely.area(buildings.geometry.values) * np.maximum(floors, 1.0)
        where = unit_index.locate(centre[:, 0], centre[:, 1])
        inside = where != NO_GRID
        per_unit = np.bincount(where[inside], weights=floor_area[inside], minlength=len(units))
        per_grid = {}
        for u, g in enumerate(grid_pos):
            per_grid[g] = per_grid.get(g, 0.0) + per_unit[u]
        for u, g in enumerate(grid_pos):
            if per_grid[g] > 0:
                out[u] = pop[g] * per_unit[u] / per_grid[g]
                housed[u] = True
    grid_area = shapely.area(grid_shapes)
    bare = np.array([not any(housed[grid_pos == g]) for g in grid_pos])
    out[bare] = pop[grid_pos[bare]] * shapely.area(units[bare]) / np.maximum(grid_area[bare], 1e-9)
    return out


def _unit_workload(district, index, units: np.ndarray, grid_pos: np.ndarray, grid_shapes: np.ndarray) -> np.ndarray:
    """Workload carried by each unit, each term relative to the district's mean per grid."""
    unit_index = GridIndex(units, np.arange(len(units)).astype(str))
    n_grids = max(len(district.grids), 1)

    def per_unit(x, y, weights=None) -> tuple[np.ndarray, float]:
        where = unit_index.locate(np.atleast_1d(x), np.atleast_1d(y))
        inside = where != NO_GRID
        w = np.ones(len(where)) if weights is None else np.asarray(weights, dtype=float)
        counts = np.bincount(where[inside], weights=w[inside], minlength=len(units))
        return counts, float(w.sum()) / n_grids  # the district's mean per grid
    people = _unit_population(district, units, grid_pos, grid_shapes, unit_index)
    incidents = district.incidents
    open_ = np.isin(incidents["status"].astype(str).to_numpy(), OPEN_INCIDENT_STATUSES)
    ix, iy = incidents.geometry.x.to_numpy(), incidents.geometry.y.to_numpy()
    sx, sy = district.point_xy("sensors")
    cx, cy = district.point_xy("cameras")
    terms = {"population": (people, float(district.grids["population"].sum()) / n_grids),
             "past_incidents": per_unit(ix[~open_], iy[~open_]),
             "open_incidents": per_unit(ix[open_], iy[open_]),
             "devices": per_unit(np.r_[sx, cx], np.r_[sy, cy])}
    out = np.zeros(len(units))
    for term, weight in WORKLOAD_WEIGHTS.items():
        counts, mean = terms[term]
        if mean > 0:
            out += weight * counts / mean
    return out


def _rook_edges(units: np.ndarray) -> np.ndarray:
    tree = shapely.STRtree(units)
    a, b = tree.query(units, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    shared = shapely.length(shapely.intersection(shapely.boundary(units[a]), shapely.boundary(units[b])))
    keep = shared > MIN_SHARED_EDGE_M
    return np.column_stack([a[keep], b[keep]])


# ---------------------------------------------------------------------- the chains
def propose(units: Units, *, tolerance: float = 0.10, keep_communities: bool = True, proposals: int = 3,
            steps: int = 300, compactness: float = 1.5, seed: int = 0, progress=None,
            cancelled=None) -> tuple[list[Proposal], Ensemble]:
    """Up to ``proposals`` balanced plans (best first: smallest worst deviation, then most
    compact) and the ensemble. ``progress(share)`` is told how far it is; ``cancelled()``
    stops it between steps (ProposalError)."""
    import networkx as nx
    from gerrychain import Graph, MarkovChain, Partition
    from gerrychain.accept import always_accept
    from gerrychain.constraints import UpperBound, contiguous
    from gerrychain.proposals import recom
    from gerrychain.partition import recursive_tree_part
    from gerrychain.tree import bipartition_tree
    from gerrychain.updaters import Tally, cut_edges

    rng = random.Random(seed)
    regions = (sorted(set(units.community)) if keep_communities else [None])
    fair = np.zeros(len(units.grid_ids))  # each grid's fair share: its region's workload / its grids
    per_region: list[list[dict]] = []
    ensemble_parts: list[list[tuple[float, dict]]] = []
    done_steps, total = 0, steps * len(regions)
    for region in regions:
        nodes = np.flatnonzero(units.community == region) if region is not None else np.arange(len(units))
        grids_here = sorted(set(units.grid[nodes].tolist()))
        k = len(grids_here)
        if k < 2:  # one grid: nothing to redraw between
            for g_ in grids_here:
                fair[g_] = float(units.workload[nodes].sum())
            per_region.append([{int(n): int(units.grid[n]) for n in nodes}])
            ensemble_parts.append([])
            done_steps += steps
            continue
        g = nx.Graph()
        for n in nodes:
            g.add_node(int(n), w=float(units.workload[n]))
        mine = set(int(n) for n in nodes)
        g.add_edges_from((int(a), int(b)) for a, b in units.edges if int(a) in mine and int(b) in mine)
        if not nx.is_connected(g):
            raise ProposalError(f"the units of {region or 'the area'} are not connected: no contiguous plan exists")
        graph = Graph.from_networkx(g)
        ideal = sum(nx.get_node_attributes(g, "w").values()) / k
        if ideal <= 0:
            raise ProposalError(f"{region or 'the area'} carries no workload to balance")
        for g_ in grids_here:
            fair[g_] = ideal
        # A unit cannot be split (one tower block, one street market): no plan balances better
        # than about half the heaviest unit, so the chain walks within what can be reached.
        lump = float(units.workload[nodes].max()) / ideal
        eps = min(0.95, max(tolerance, 0.6 * lump))
        start = None
        while start is None:
            try:
                start = recursive_tree_part(graph, list(range(k)), ideal, "w", eps, rng=rng,
                                            bipartition_tree_fn=partial(bipartition_tree, max_attempts=20_000,
                                                                        warn_attempts=10 ** 9))
            except RuntimeError:
                if eps >= 0.95:
                    raise ProposalError(f"no plan of {k} contiguous grids balances {region or 'the area'}")
                eps = min(0.95, eps * 1.4)
        updaters = {"work": Tally("w", alias="work"), "cut_edges": cut_edges}
        initial = Partition(graph, assignment=start, updaters=updaters)
        inner = initial.graph  # the chain's own numbering of the units
        unit_of = {i: int(inner.original_nx_node_id_for_internal_node_id(i)) for i in inner.node_indices}
        bound = UpperBound(lambda p: len(p["cut_edges"]), compactness * len(initial["cut_edges"]))
        step = partial(recom, pop_col="w", pop_target=ideal, epsilon=eps,
                       bipartition_tree_fn=partial(bipartition_tree, allow_pair_reselection=True,
                                                   max_attempts=5_000, warn_attempts=10 ** 9))
        chain = MarkovChain(proposal_fn=step, constraints=[contiguous, bound], acceptance_fn=always_accept,
                            initial_partition=initial, total_steps=steps, rng=rng)
        seen: list[tuple[float, dict]] = []
        walk = iter(chain)
        for _ in range(steps):
            if cancelled is not None and cancelled():
                raise ProposalError("cancelled")
            try:
                partition = next(walk)
            except (StopIteration, RuntimeError):  # no more balanced splits to be found: stop here
                break
            worst = max(abs(v - ideal) / ideal for v in partition["work"].values())
            seen.append((worst, {unit_of[i]: d for i, d in partition.assignment.items()}))
            done_steps += 1
            if progress is not None and done_steps % 10 == 0:
                progress(done_steps / total)
        ensemble_parts.append(seen)
        seen_sorted = sorted(seen, key=lambda s: s[0])
        distinct, keys = [], set()
        for worst, assignment in seen_sorted:
            key = tuple(sorted(assignment.items()))
            if key in keys:
                continue
            keys.add(key)
            distinct.append(_matched(assignment, units, grids_here))
            if len(distinct) == proposals:
                break
        per_region.append(distinct)
    out = []
    for i in range(proposals):
        assignment = np.array(units.grid, copy=True)
        for choices in per_region:
            chosen = choices[min(i, len(choices) - 1)]
            for n, gpos in chosen.items():
                assignment[n] = gpos
        out.append(_proposal(units, assignment, fair))
    out.sort(key=lambda p: (round(p.max_deviation_pct, 1), -p.mean_compactness))
    ensemble = Ensemble()  # the t-th plan of every region's chain, taken together, about 100 of them
    walked = [seen for seen in ensemble_parts if seen]
    length = min((len(seen) for seen in walked), default=0)
    for t in range(0, length, max(1, length // 100)):
        full = np.array(units.grid, copy=True)
        for r, seen in enumerate(walked):
            for n, d in seen[t][1].items():
                full[n] = d + (r + 1) * 1_000_000  # each region's chain labels apart from the others
        p = _proposal(units, _relabel(full), None)
        ensemble.max_deviation_pct.append(p.max_deviation_pct)
        ensemble.mean_compactness.append(p.mean_compactness)
    if progress is not None:
        progress(1.0)
    return out, ensemble


def _matched(assignment: dict, units: Units, grids_here: list[int]) -> dict[int, int]:
    """The chain's district labels as grids of the area: each new part takes the id (and the
    worker) of the current grid it overlaps most, one to one (linear assignment on area)."""
    from scipy.optimize import linear_sum_assignment
    labels = sorted(set(assignment.values()))
    area = np.zeros((len(labels), len(grids_here)))
    col = {g: j for j, g in enumerate(grids_here)}
    row = {d: i for i, d in enumerate(labels)}
    for n, d in assignment.items():
        area[row[d], col[int(units.grid[n])]] += shapely.area(units.geoms[n])
    r, c = linear_sum_assignment(-area)
    to_grid = {labels[i]: grids_here[j] for i, j in zip(r, c)}
    return {int(n): int(to_grid[d]) for n, d in assignment.items()}


def _relabel(assignment: np.ndarray) -> np.ndarray:
    """Chain labels of several regions may repeat: number the (region, label) parts 0..k-1."""
    _, out = np.unique(assignment, return_inverse=True)
    return out


def _proposal(units: Units, assignment: np.ndarray, fair: np.ndarray | None) -> Proposal:
    """``fair``: each grid's fair share (None: the area's workload over its grids)."""
    k = len(units.grid_ids)
    geometry = []
    for g in range(k):
        members = units.geoms[assignment == g]
        geometry.append(shapely.coverage_union_all(members) if len(members) else None)
    work = np.bincount(assignment, weights=units.workload, minlength=k)
    if fair is None or not np.all(fair > 0):
        fair = np.full(k, work.sum() / k if work.sum() > 0 else 1.0)
    cut = int((assignment[units.edges[:, 0]] != assignment[units.edges[:, 1]]).sum()) if len(units.edges) else 0
    return Proposal(assignment, geometry, work / fair, polsby_popper(np.asarray(geometry, dtype=object)), cut)


def current_plan(units: Units, keep_communities: bool = True) -> Proposal:
    """The plan in force, measured as the proposals are (for the outlier test)."""
    k = len(units.grid_ids)
    fair = np.zeros(k)
    regions = units.community if keep_communities else np.zeros(len(units), dtype=object)
    for region in set(regions.tolist()):
        here = regions == region
        grids_here = sorted(set(units.grid[here].tolist()))
        fair[grids_here] = units.workload[here].sum() / len(grids_here)
    return _proposal(units, np.array(units.grid, copy=True), fair)


def proposal_frame(grids, positions, units: Units, proposal: Proposal):
    """The whole plan with the area's grids redrawn as ``proposal`` (ids, names, workers and
    every other attribute kept; only the geometry changes), for a draft version. The new
    boundaries are noded into every grid they touch, inside the area and around it, so the
    plan stays one valid coverage (edges that match vertex for vertex)."""
    from geodata.plan.rings import node_points
    frame = grids.copy()
    positions = [int(p) for p in positions]
    new = []
    for k in range(len(positions)):
        geom = proposal.geometry[k]
        if geom is not None and shapely.get_type_id(geom) == 6 and len(shapely.get_parts(geom)) == 1:
            geom = shapely.get_parts(geom)[0]
        new.append(geom)
    geoms = np.array(list(frame.geometry.values), dtype=object)
    for k, pos in enumerate(positions):
        geoms[pos] = new[k]
    points = np.unique(np.vstack([shapely.get_coordinates(g) for g in new if g is not None]), axis=0)
    area = shapely.union_all([g for g in new if g is not None])
    tree = shapely.STRtree(geoms)
    touching = tree.query(shapely.buffer(area, 0.01), predicate="intersects")
    for pos in touching:
        box = shapely.bounds(geoms[pos])
        near = points[(points[:, 0] >= box[0] - 0.01) & (points[:, 0] <= box[2] + 0.01)
                      & (points[:, 1] >= box[1] - 0.01) & (points[:, 1] <= box[3] + 0.01)]
        geoms[pos] = node_points(geoms[pos], near)
    frame["geometry"] = geoms
    return frame
