"""Boundary edits as undoable commands: each builds a :class:`GridChange` from the plan.

All edits are topological: a vertex is moved, inserted or removed in every grid that
holds it, and any vertex an overlay creates on a shared boundary (a split line's ends,
a reassigned block's corners) is inserted into the neighbour as well, so the coverage
stays noded and valid. An edit that cannot be done raises :class:`EditError` with the
reason, and the plan is untouched.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from geodata.gridcode import next_in_community
from geodata.messages import CodedError
from geodata.plan import rings
from geodata.plan.model import GridChange, GridPlan, GridState


class EditError(CodedError, ValueError):
    """An edit that cannot be made as asked (the message says why, for the planner, in a code
    of :mod:`geodata.messages` the console translates)."""


@dataclass
class Edit:
    """One undoable step. ``merge_key`` lets consecutive drags of one vertex become one step."""

    label: str
    change: GridChange
    merge_key: tuple | None = None

    def merge_with(self, later: Edit) -> bool:
        """Absorb ``later`` into this step when both drag the same vertex; True if merged."""
        if self.merge_key is None or later.merge_key is None:
            return False
        kind, _start, end = self.merge_key
        lkind, lstart, lend = later.merge_key
        if kind != lkind or end != lstart:
            return False
        before = dict(later.change.before)
        before.update(self.change.before)
        after = dict(self.change.after)
        after.update(later.change.after)
        self.change = GridChange(before, after)
        self.merge_key = (kind, self.merge_key[1], lend)
        return True


def _change(plan: GridPlan, new_geoms: dict[int, object], new_attrs: dict[int, dict] | None = None,
            node: bool = True) -> GridChange:
    """The change that gives ``new_geoms`` (plus noding of their neighbours) to the plan."""
    new_attrs = new_attrs or {}
    geoms = dict(new_geoms)
    if node:
        geoms.update(_noded_neighbours(plan, geoms))
    before = {p: plan.state(p) for p in geoms}
    after = {}
    for p, g in geoms.items():
        if g is None:
            after[p] = None
        else:
            attrs = new_attrs.get(p) or dict(plan.attrs[p])
            after[p] = GridState(g, attrs)
    return GridChange(before, after)


def _noded_neighbours(plan: GridPlan, geoms: dict[int, object]) -> dict[int, object]:
    """Neighbours that must take in vertices the edit created on their shared boundary."""
    out: dict[int, object] = {}
    for pos, g in geoms.items():
        if g is None:
            continue
        old = plan.geoms[pos] if pos < len(plan.geoms) else None
        fresh = rings.new_vertices(old, g)
        if len(fresh) == 0:
            continue
        for q in plan.grids_at(shapely.bounds(g)):
            if q in geoms:
                continue
            current = out.get(q, plan.geoms[q])
            noded = rings.node_points(current, fresh)
            if not shapely.equals_exact(noded, current, tolerance=0):
                out[q] = noded
    return out


def vertex_holders(plan: GridPlan, x: float, y: float) -> list[int]:
    """Live grids that have a vertex exactly at (x, y): the ones a topological move changes."""
    return [p for p in plan.grids_at((x, y, x, y)) if rings.has_vertex(plan.geoms[p], x, y)]


def move_vertex(plan: GridPlan, at: tuple[float, float], to: tuple[float, float]) -> Edit:
    """Drag the vertex at ``at`` (exact coordinates) to ``to`` in every grid that holds it."""
    holders = vertex_holders(plan, *at)
    if not holders:
        raise EditError("edit.no_vertex", x=f"{at[0]:.2f}", y=f"{at[1]:.2f}")
    moves = {(float(at[0]), float(at[1])): (float(to[0]), float(to[1]))}
    geoms = {p: rings.move_vertices(plan.geoms[p], moves) for p in holders}
    return Edit("Move vertex", _change(plan, geoms, node=False),
                merge_key=("vertex", (float(at[0]), float(at[1])), (float(to[0]), float(to[1]))))


def move_shared_edge(plan: GridPlan, a: int, b: int, dx: float, dy: float) -> Edit:
    """Move the whole boundary grids ``a`` and ``b`` share by (dx, dy); every grid holding
    one of its vertices (the neighbours at its ends too) moves with it."""
    chain = rings.shared_chain(plan.geoms[a], plan.geoms[b])
    if len(chain) < 2:
        raise EditError("edit.not_neighbours", a=plan.grid_id(a), b=plan.grid_id(b))
    moves = {(float(x), float(y)): (float(x + dx), float(y + dy)) for x, y in chain}
    holders = set()
    for x, y in moves:
        holders.update(vertex_holders(plan, x, y))
    geoms = {p: rings.move_vertices(plan.geoms[p], moves) for p in sorted(holders)}
    first = (float(chain[0, 0]), float(chain[0, 1]))
    return Edit("Move shared boundary", _change(plan, geoms, node=False),
                merge_key=("edge", (a, b, first), (a, b, (first[0] + dx, first[1] + dy))))


def insert_vertex(plan: GridPlan, at: tuple[float, float], tol: float) -> Edit:
    """Add a vertex on the boundary nearest ``at`` (within ``tol`` m), in every grid along it."""
    near = plan.grids_at((at[0] - tol, at[1] - tol, at[0] + tol, at[1] + tol))
    point = rings.nearest_segment_point([plan.geoms[p] for p in near], at[0], at[1], tol)
    if point is None:
        raise EditError("edit.no_boundary_near")
    if rings.nearest_vertex([plan.geoms[p] for p in near], point[0], point[1], 1e-9) is not None:
        raise EditError("edit.vertex_exists")
    geoms = {}
    for p in near:
        g = rings.insert_vertex(plan.geoms[p], point[0], point[1], tol=rings.ON_SEGMENT_M * 1e3)
        if not shapely.equals_exact(g, plan.geoms[p], tolerance=0):
            geoms[p] = g
    if not geoms:
        raise EditError("edit.no_boundary_near")
    return Edit("Add vertex", _change(plan, geoms, node=False))


def remove_vertex(plan: GridPlan, at: tuple[float, float]) -> Edit:
    """Remove the vertex at ``at`` from every grid that holds it."""
    holders = vertex_holders(plan, *at)
    if not holders:
        raise EditError("edit.no_vertex", x=f"{at[0]:.2f}", y=f"{at[1]:.2f}")
    try:
        geoms = {p: rings.remove_vertex(plan.geoms[p], *at) for p in holders}
    except ValueError as exc:
        raise EditError("edit.invalid", why=exc) from exc
    return Edit("Remove vertex", _change(plan, geoms, node=False))


def split_grid(plan: GridPlan, position: int, line) -> Edit:
    """Cut grid ``position`` along ``line``; the largest piece keeps the id, the others get new ids."""
    from shapely.ops import split
    grid = plan.geoms[position]
    if grid is None:
        raise EditError("edit.grid_gone")
    line = shapely.LineString(line) if not isinstance(line, shapely.LineString) else line
    pieces = [p for p in shapely.get_parts(split(grid, line)) if shapely.area(p) > 0]
    if len(pieces) < 2:
        raise EditError("edit.split_line", grid=plan.grid_id(position))
    pieces.sort(key=lambda p: -shapely.area(p))
    geoms = {position: pieces[0]}
    attrs = {}
    taken = plan.known_ids()
    base = plan.grid_id(position)
    nxt = len(plan.geoms)
    for k, piece in enumerate(pieces[1:], start=1):
        new_id = _fresh_id(base, taken)
        taken.add(new_id)
        a = dict(plan.attrs[position])
        a.update(grid_id=new_id, name=f"{a.get('name', base)} ({k + 1})", grid_worker=None)
        geoms[nxt] = piece
        attrs[nxt] = a
        nxt += 1
    return Edit(f"Split grid {base}", _change(plan, geoms, attrs))


def merge_grids(plan: GridPlan, positions) -> Edit:
    """Join adjacent grids into one; the one whose id sorts first keeps its id and worker."""
    positions = sorted(set(int(p) for p in positions))
    if len(positions) < 2:
        raise EditError("edit.merge_two")
    geoms = [plan.geoms[p] for p in positions]
    if any(g is None for g in geoms):
        raise EditError("edit.selected_gone")
    merged = shapely.coverage_union_all(np.array(geoms, dtype=object))
    if shapely.get_num_geometries(merged) > 1 or not shapely.is_valid(merged):
        raise EditError("edit.merge_adjacent")
    keeper = min(positions, key=plan.grid_id)
    change = {keeper: merged}
    change.update({p: None for p in positions if p != keeper})
    ids = ", ".join(plan.grid_id(p) for p in positions)
    return Edit(f"Merge grids {ids}", _change(plan, change, node=False))


def reassign_area(plan: GridPlan, polygon, source: int | None = None, target: int | None = None) -> Edit:
    """Give the part of ``source`` inside ``polygon`` to its neighbour ``target``.

    By default the source is the grid the polygon covers most and the target the other
    grid it reaches into most: draw a shape over the block and into the receiving grid.
    """
    polygon = shapely.make_valid(shapely.Polygon(polygon) if not isinstance(polygon, shapely.Geometry) else polygon)
    cands = plan.grids_at(shapely.bounds(polygon))
    share = {p: float(shapely.area(shapely.intersection(plan.geoms[p], polygon))) for p in cands}
    share = {p: a for p, a in share.items() if a > 0}
    if source is None:
        if not share:
            raise EditError("edit.area_empty")
        source = max(share, key=share.get)
    if target is None:
        others = {p: a for p, a in share.items() if p != source}
        if not others:
            raise EditError("edit.area_reach")
        target = max(others, key=others.get)
    src, dst = plan.geoms[source], plan.geoms[target]
    block = shapely.intersection(src, polygon)
    if shapely.area(block) <= 0:
        raise EditError("edit.area_source", grid=plan.grid_id(source))
    contact = shapely.intersection(shapely.boundary(block), shapely.buffer(shapely.boundary(dst), 1e-3))
    if shapely.length(contact) <= 1e-2:
        raise EditError("edit.block_touch", grid=plan.grid_id(target))
    rest, grown = _hand_over(src, dst, polygon)
    if rest is None:
        raise EditError("edit.give_all", grid=plan.grid_id(source))
    return Edit(f"Reassign area {plan.grid_id(source)} → {plan.grid_id(target)}",
                _change(plan, {source: rest, target: grown}))


def _hand_over(src, dst, polygon):
    """New shapes of ``src`` and ``dst`` after the part of ``src`` in ``polygon`` moves to ``dst``.

    Both are assembled from the faces of one noded linework (the two boundaries plus the
    cut), so they share every vertex exactly; returns (None, None) if nothing of ``src``
    would remain.
    """
    # The whole drawn outline, so it truly crosses the boundaries and gets noded with them.
    cut = shapely.boundary(polygon)
    lines = shapely.union_all(np.array([shapely.boundary(src), shapely.boundary(dst), cut], dtype=object))
    faces = np.array(shapely.get_parts(shapely.polygonize(shapely.get_parts(lines))), dtype=object)
    reps = shapely.get_coordinates(shapely.point_on_surface(faces))
    in_src = shapely.contains_xy(src, reps[:, 0], reps[:, 1])
    in_dst = shapely.contains_xy(dst, reps[:, 0], reps[:, 1])
    moving = in_src & shapely.contains_xy(polygon, reps[:, 0], reps[:, 1])
    keep = in_src & ~moving
    if not keep.any():
        return None, None
    rest = _clean(shapely.coverage_union_all(faces[keep]))
    grown = _clean(shapely.coverage_union_all(faces[in_dst | moving]))
    return rest, grown


def _clean(geom):
    """One polygon where an overlay left a single-part collection."""
    parts = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) == 3 and shapely.area(p) > 0]
    if len(parts) == 1:
        return parts[0]
    return shapely.multipolygons(parts) if parts else geom


def _fresh_id(base: str, taken: set[str]) -> str:
    """A new grid's id: the next free unit-grid code of the community when ``base`` is one
    (GB/T 30428.1), else ``base-1``, ``base-2``, ..."""
    code = next_in_community(base, taken)
    if code is not None:
        return code
    k = 1
    while f"{base}-{k}" in taken:
        k += 1
    return f"{base}-{k}"
