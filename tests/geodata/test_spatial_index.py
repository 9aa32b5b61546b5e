"""The spatial index agrees with brute-force shapely on every question it answers."""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import box

from geodata.spatial_index import NO_GRID, CityIndex, GridIndex, PointIndex


def brute_locate(geoms, ids, x, y):
    """For each point, the covering grid with the smallest id (or NO_GRID)."""
    order = np.argsort(np.asarray(ids, dtype=str))
    out = np.full(len(x), NO_GRID)
    for k in range(len(x)):
        for pos in order:
            if geoms[pos].covers(shapely.Point(x[k], y[k])):
                out[k] = pos
                break
    return out


def test_assignment_matches_brute_force_on_demo(demo_district):
    d = demo_district
    idx = CityIndex.from_district(d)
    geoms = d.grids.geometry.values
    ids = d.grids["grid_id"].to_numpy()
    rng = np.random.default_rng(1)
    for layer in ("sensors", "cameras", "incidents"):
        frame = d.layer(layer)
        pick = rng.choice(len(frame), 300, replace=False)
        x, y = frame.geometry.x.to_numpy()[pick], frame.geometry.y.to_numpy()[pick]
        assert (idx.assignment[layer][pick] == brute_locate(geoms, ids, x, y)).all(), layer
        assert (idx.assignment[layer] != NO_GRID).all()


def test_demo_incident_grid_ids_agree_with_index(demo_district):
    idx = CityIndex.from_district(demo_district)
    assigned = demo_district.grids["grid_id"].to_numpy()[idx.assignment["incidents"]]
    assert (assigned == demo_district.incidents["grid_id"].to_numpy()).all()


def test_shared_boundary_goes_to_smallest_grid_id():
    # Two squares sharing the edge x=1; ids deliberately listed in reverse order.
    idx = GridIndex([box(1, 0, 2, 1), box(0, 0, 1, 1)], ["B", "A"])
    assert idx.locate([1.0], [0.5])[0] == 1  # "A"
    assert idx.locate([1.0], [1.0])[0] == 1  # shared corner too
    assert idx.locate([5.0], [5.0])[0] == NO_GRID


@pytest.mark.parametrize("live", [False, True], ids=["kd-tree", "rtree"])
def test_bbox_and_nearest_match_brute_force(live):
    rng = np.random.default_rng(3)
    # Whole metres, so that many points lie exactly on a box's edge (edges count as inside).
    x, y = rng.integers(0, 1000, 2000).astype(float), rng.integers(0, 1000, 2000).astype(float)
    pts = PointIndex(x, y, live=live)
    assert pts.live is live
    for bounds in [(200, 300, 450, 700), (0, 0, 1000, 5), (613, 0, 613, 1000), (-50, -50, -1, -1)]:
        x0, y0, x1, y1 = bounds
        expected = np.flatnonzero((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
        assert np.array_equal(pts.in_bbox(bounds), expected), bounds
    d = np.hypot(x - 500.5, y - 500.25)
    assert list(pts.nearest(500.5, 500.25, k=5)) == list(np.argsort(d)[:5])
    assert len(pts.nearest(500.5, 500.25, k=5, max_distance=0.001)) == 0
    assert list(pts.nearest(500.5, 500.25, k=1)) == [int(np.argmin(d))]


def test_a_layer_that_grows_moves_to_the_rtree_and_finds_its_new_points():
    pts = PointIndex([1.0, 2.0], [1.0, 2.0])
    assert not pts.live
    assert list(pts.extend([10.0, 11.0], [10.0, 11.0])) == [2, 3]
    assert pts.live
    assert list(pts.in_bbox((9, 9, 12, 12))) == [2, 3]
    assert list(pts.nearest(0, 0, k=2)) == [0, 1]
    index = CityIndex([box(0, 0, 20, 20)], ["A"], {"incidents": (np.array([1.0]), np.array([1.0])),
                                                   "sensors": (np.array([1.0]), np.array([1.0]))})
    assert index.points["incidents"].live and not index.points["sensors"].live


def test_points_arriving_are_assigned_incrementally():
    idx = CityIndex([box(0, 0, 1, 1), box(1, 0, 2, 1)], ["A", "B"], {"incidents": (np.array([]), np.array([]))})
    pos, grid = idx.add_point("incidents", 1.5, 0.5)
    assert (pos, grid) == (0, 1)
    assert idx.add_point("incidents", 9, 9) == (1, NO_GRID)
    assert list(idx.points["incidents"].in_bbox((1.2, 0, 2, 1))) == [0]
    assert list(idx.counts_per_grid("incidents")) == [0, 1]


def test_grid_edit_reassigns_only_changed_area_and_matches_brute_force():
    rng = np.random.default_rng(5)
    grids = [box(0, 0, 10, 10), box(10, 0, 20, 10), box(20, 0, 30, 10)]
    x, y = rng.uniform(0, 30, 3000), rng.uniform(0, 10, 3000)
    idx = CityIndex(grids, ["A", "B", "C"], {"sensors": (x, y)})
    # Move the A|B boundary from x=10 to x=13.
    moved = idx.replace_grids({0: box(0, 0, 13, 10), 1: box(13, 0, 20, 10)})
    expected_moved = np.flatnonzero((x > 10) & (x <= 13))
    assert np.array_equal(np.sort(moved["sensors"].points), expected_moved)
    assert set(moved["sensors"].old) == {1} and set(moved["sensors"].new) == {0}
    new = [box(0, 0, 13, 10), box(13, 0, 20, 10), grids[2]]
    assert (idx.assignment["sensors"] == brute_locate(new, ["A", "B", "C"], x, y)).all()


def test_retired_and_appended_grids_take_their_points():
    rng = np.random.default_rng(6)
    x, y = rng.uniform(0, 20, 2000), rng.uniform(0, 10, 2000)
    idx = CityIndex([box(0, 0, 10, 10), box(10, 0, 20, 10)], ["A", "B"], {"sensors": (x, y)})
    # Merge B into A, then split the result again at x=5 into A and a new grid "A-1".
    idx.replace_grids({0: box(0, 0, 20, 10), 1: None})
    assert (idx.assignment["sensors"] == 0).all()
    idx.replace_grids({0: box(0, 0, 5, 10), 2: box(5, 0, 20, 10)}, new_ids={2: "A-1"})
    assert list(idx.grid_ids) == ["A", "B", "A-1"]
    expected = np.where(x <= 5, 0, 2)
    assert (idx.assignment["sensors"] == expected).all()


def test_bursts_grow_the_index_in_place_and_it_still_agrees_with_brute_force():
    """A burst writes into the columns' spare room (no copy of every point already indexed),
    while what a reader took before the burst keeps the points it had."""
    rng = np.random.default_rng(11)
    grids = [box(0, 0, 500, 1000), box(500, 0, 1000, 1000)]
    x0, y0 = rng.uniform(0, 1000, 1000), rng.uniform(0, 1000, 1000)
    idx = CityIndex(grids, ["A", "B"], {"incidents": (x0, y0)})
    before_x, before_grids = idx.points["incidents"].x, idx.assignment["incidents"]
    xs, ys = [x0], [y0]
    for _ in range(5):
        x, y = rng.uniform(-100, 1100, 100), rng.uniform(0, 1000, 100)
        first_buffer = idx.points["incidents"].x.base
        positions, located = idx.add_points("incidents", x, y)
        xs.append(x)
        ys.append(y)
        assert list(positions) == list(range(len(np.concatenate(xs)) - 100, len(np.concatenate(xs))))
        assert np.array_equal(located, brute_locate(grids, ["A", "B"], x, y))
    assert first_buffer is not None and idx.points["incidents"].x.base is first_buffer  # the last burst copied nothing
    x, y = np.concatenate(xs), np.concatenate(ys)
    assert len(before_x) == 1000 and len(before_grids) == 1000
    assert np.array_equal(idx.points["incidents"].x, x) and np.array_equal(idx.points["incidents"].y, y)
    assert np.array_equal(idx.assignment["incidents"], brute_locate(grids, ["A", "B"], x, y))
    expected = np.flatnonzero((x >= 200) & (x <= 450) & (y >= 300) & (y <= 700))
    assert np.array_equal(idx.points["incidents"].in_bbox((200, 300, 450, 700)), expected)
