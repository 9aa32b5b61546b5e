"""Boundary edits: topological, undoable to the exact original, reassigning like a full spatial join."""
from __future__ import annotations

import numpy as np
import pytest
import shapely

from geodata import load_district
from geodata.plan import edits
from geodata.plan.coverage import check_coverage
from geodata.plan.edits import EditError
from geodata.plan.history import EditHistory
from geodata.plan.model import GridPlan
from geodata.plan.snapping import Snapper
from geodata.plan.tools import MapEvent, ReassignTool, SplitTool, VertexTool
from geodata.spatial_index import GridIndex
from tests import handmade


@pytest.fixture
def plan(tmp_path):
    """A 3x3 district of ~1 km squares with points scattered over it."""
    layers = handmade.layers(3, 3)
    rng = np.random.default_rng(3)
    import geopandas as gpd
    lon = handmade.LON0 + rng.uniform(0, 3, 400) * handmade.STEP
    lat = handmade.LAT0 + rng.uniform(0, 3, 400) * handmade.STEP
    sensors = gpd.GeoDataFrame({"sensor_id": [f"S{i}" for i in range(400)], "kind": "gas", "status": "normal",
                                "value": 1.0, "unit": "%LEL", "threshold": 20.0},
                               geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    layers["sensors"] = sensors
    return GridPlan(load_district(handmade.write(tmp_path / "d.gpkg", layers)))


def centre_vertex(plan):
    """The vertex four grids share (lower-left corner of the middle grid G11)."""
    pos = plan.position_of("G11")
    minx, miny, _, _ = plan.geoms[pos].bounds
    c = shapely.get_coordinates(plan.geoms[pos])
    k = np.argmin(np.hypot(c[:, 0] - minx, c[:, 1] - miny))
    return float(c[k, 0]), float(c[k, 1])


def assert_consistent(plan):
    """Independent checks: shapely's coverage verdict, a full re-check, a brute-force spatial join."""
    live = np.array([g for g in plan.geoms if g is not None], dtype=object)
    assert shapely.coverage_is_valid(live) == plan.report.is_valid
    assert plan.report.counts() == check_coverage(plan.geoms, plan.reference).counts()
    ids = [a["grid_id"] if a else f"retired{i}" for i, a in enumerate(plan.attrs)]
    brute = GridIndex(plan.geoms, ids)
    for layer, pts in plan.index.points.items():
        assert (plan.index.assignment[layer] == brute.locate(pts.x, pts.y)).all(), layer
    counts = np.bincount(plan.index.assignment["sensors"][plan.index.assignment["sensors"] >= 0],
                         minlength=len(plan.geoms))
    assert (plan.balance.sensors == counts).all()


def test_moving_a_shared_vertex_moves_every_grid_that_holds_it(plan):
    history = EditHistory(plan)
    original = list(plan.geoms)
    v = centre_vertex(plan)
    outcome = history.push(edits.move_vertex(plan, v, (v[0] + 150, v[1] + 100)))
    assert sorted(plan.grid_id(p) for p in outcome.changed) == ["G00", "G01", "G10", "G11"]
    assert plan.report.is_valid
    assert outcome.moved["sensors"].points.size > 0  # some sensors changed grid
    assert_consistent(plan)
    # before/after balance rows for the touched grids
    assert set(outcome.before) == set(outcome.after) == set(outcome.changed)
    history.undo()
    assert all(a is b for a, b in zip(original, plan.geoms))
    assert_consistent(plan)


def test_consecutive_drags_merge_into_one_undo_step(plan):
    history = EditHistory(plan)
    original = list(plan.geoms)
    v = centre_vertex(plan)
    path = [(v[0] + 10 * k, v[1] + 5 * k) for k in range(1, 8)]
    at = v
    for to in path:
        history.push(edits.move_vertex(plan, at, to))
        at = to
    assert history.steps == ["Move vertex"]
    history.undo()
    assert not history.can_undo
    assert all(shapely.equals_exact(a, b, tolerance=0) for a, b in zip(original, plan.geoms))
    history.redo()
    assert shapely.get_coordinates(plan.geoms[plan.position_of("G11")]).tolist().count(list(path[-1])) >= 1


def test_a_bad_drag_is_reported_then_undone(plan):
    history = EditHistory(plan)
    v = centre_vertex(plan)
    history.push(edits.move_vertex(plan, v, (v[0] + 2500, v[1] + 100)))  # far across two grids
    assert not plan.report.is_valid
    assert {"overlap", "invalid"} & set(k for k, n in plan.report.counts().items() if n)
    assert_consistent(plan)
    history.undo()
    assert plan.report.is_valid


def test_split_merge_and_reassign_keep_a_valid_coverage(plan):
    history = EditHistory(plan)
    original = list(plan.geoms)
    total = plan.balance.population.sum()
    g = plan.position_of("G11")
    minx, miny, maxx, maxy = plan.geoms[g].bounds
    cy = (miny + maxy) / 2
    outcome = history.push(edits.split_grid(plan, g, [(minx - 50, cy), (maxx + 50, cy + 100)]))
    new = [p for p in outcome.changed if p >= 9]
    assert len(new) == 1 and plan.grid_id(new[0]) == "G11-1"
    assert plan.report.is_valid, plan.report.problems  # neighbours took in the cut's end vertices
    assert_consistent(plan)
    assert plan.balance.population.sum() == pytest.approx(total)

    history.push(edits.merge_grids(plan, [plan.position_of("G00"), plan.position_of("G01")]))
    assert plan.geoms[plan.position_of("G00")].area == pytest.approx(original[0].area + original[1].area, rel=1e-9)
    with pytest.raises(KeyError):
        plan.position_of("G01")
    assert plan.report.is_valid
    assert_consistent(plan)

    # Hand a 200 m wide block of G12 over to its neighbour G22 above it.
    g12 = plan.geoms[plan.position_of("G12")]
    minx, miny, maxx, maxy = g12.bounds
    block = shapely.box(minx + 300, maxy - 200, minx + 500, maxy + 100)
    before = plan.geoms[plan.position_of("G22")].area
    history.push(edits.reassign_area(plan, block))
    moved = shapely.intersection(g12, block).area
    assert moved > 150 * 150
    assert plan.geoms[plan.position_of("G22")].area == pytest.approx(before + moved, rel=1e-9)
    assert plan.report.is_valid, plan.report.problems
    assert_consistent(plan)

    history.undo_all()
    assert all(shapely.equals_exact(a, b, tolerance=0) for a, b in zip(original, plan.geoms[:9]))
    assert all(g is None for g in plan.geoms[9:])
    assert_consistent(plan)


def test_insert_and_remove_a_vertex_on_a_shared_edge(plan):
    history = EditHistory(plan)
    a, b = plan.geoms[plan.position_of("G00")], plan.geoms[plan.position_of("G01")]
    edge = shapely.line_merge(shapely.intersection(a.boundary, b.boundary))
    mid = shapely.line_interpolate_point(edge, 0.4, normalized=True)
    before = {tuple(c) for c in shapely.get_coordinates(a)}
    history.push(edits.insert_vertex(plan, (mid.x + 2, mid.y), tol=5))
    counts = [len(shapely.get_coordinates(plan.geoms[plan.position_of(g)])) for g in ("G00", "G01")]
    assert counts == [6, 6]
    (new,) = [tuple(c) for c in shapely.get_coordinates(plan.geoms[plan.position_of("G00")]) if tuple(c) not in before]
    assert np.hypot(new[0] - mid.x, new[1] - mid.y) < 0.1
    assert plan.report.is_valid
    history.push(edits.move_vertex(plan, new, (new[0] + 80, new[1])))
    assert plan.report.is_valid
    history.push(edits.remove_vertex(plan, (new[0] + 80, new[1])))
    assert plan.report.is_valid
    with pytest.raises(EditError):
        edits.insert_vertex(plan, (mid.x + 400, mid.y + 400), tol=5)  # nowhere near a boundary


def test_edits_that_cannot_be_made_say_why(plan):
    with pytest.raises(EditError, match="cross"):
        g = plan.geoms[plan.position_of("G11")]
        x, y = g.centroid.x, g.centroid.y
        edits.split_grid(plan, plan.position_of("G11"), [(x - 10, y), (x + 10, y)])
    with pytest.raises(EditError, match="not all adjacent"):
        edits.merge_grids(plan, [plan.position_of("G00"), plan.position_of("G22")])
    with pytest.raises(EditError, match="at least two"):
        edits.merge_grids(plan, [plan.position_of("G00")])


def test_tools_driven_by_map_events(plan):
    history = EditHistory(plan)
    snapper = Snapper(plan)
    tool = VertexTool(plan, snapper, history.push)
    tool.tolerance_m = 20
    v = centre_vertex(plan)
    tool.handle(MapEvent("press", v[0] + 3, v[1] - 2))
    for k in range(1, 6):
        tool.handle(MapEvent("move", v[0] + 20 * k, v[1] + 10 * k))
    tool.handle(MapEvent("release", v[0] + 100, v[1] + 50))
    assert history.steps == ["Move vertex"]
    # Dragging onto another grid's vertex snaps exactly onto it.
    g22 = plan.geoms[plan.position_of("G22")]
    corner = tuple(shapely.get_coordinates(g22)[0])
    at = (v[0] + 100, v[1] + 50)
    tool.handle(MapEvent("press", *at))
    state = tool.handle(MapEvent("move", corner[0] + 7, corner[1] - 6))
    assert state.snap is not None and state.snap.kind == "vertex" and (state.snap.x, state.snap.y) == corner
    tool.handle(MapEvent("release", *corner))
    history.undo()
    history.undo()
    assert plan.report.is_valid

    split = SplitTool(plan, snapper, history.push)
    g = plan.geoms[plan.position_of("G20")]
    minx, miny, maxx, maxy = g.bounds
    split.handle(MapEvent("press", minx - 30, (miny + maxy) / 2))
    split.handle(MapEvent("double", maxx + 30, (miny + maxy) / 2 + 40))
    assert "G20-1" in plan.known_ids() and plan.report.is_valid

    reassign = ReassignTool(plan, snapper, history.push)
    g = plan.geoms[plan.position_of("G02")]
    minx, miny, maxx, maxy = g.bounds
    for x, y in ((minx + 200, maxy - 300), (minx + 600, maxy - 300), (minx + 600, maxy + 200)):
        reassign.handle(MapEvent("press", x, y))
    state = reassign.handle(MapEvent("key", key="Enter"))
    assert state.message == "" and history.steps[-1] == "Reassign area G02 → G12"
    assert plan.report.is_valid
    bad = reassign.handle(MapEvent("key", key="Enter"))
    assert "at least 3 points" in bad.message


def test_a_split_in_a_district_of_unit_grid_codes_gives_the_next_free_code_of_its_community(demo_district):
    from geodata.gridcode import parse

    plan = GridPlan(demo_district)
    pos = 0
    code = parse(plan.grid_id(pos))
    assert code is not None and code.division == "440309"  # the demo numbers its grids by GB/T 30428.1
    minx, miny, maxx, maxy = shapely.bounds(plan.geoms[pos])
    cy = (miny + maxy) / 2
    outcome = EditHistory(plan).push(edits.split_grid(plan, pos, [(minx - 50, cy), (maxx + 50, cy)]))
    new = [plan.grid_id(p) for p in outcome.changed if p >= len(demo_district.grids)]
    assert len(new) == 1
    same = [parse(g) for g in demo_district.grids["grid_id"] if parse(g).community_prefix == code.community_prefix]
    assert parse(new[0]).community_prefix == code.community_prefix
    assert parse(new[0]).sequence == max(c.sequence for c in same) + 1
