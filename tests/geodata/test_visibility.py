"""What a camera sees in a hand-made street canyon: its cone cut by the facades, its own wall
not in the way, a point behind a building hidden, and the grid's public space it covers."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import box

from geodata.analysis.query import cameras_covering
from geodata.analysis.spacetime import Place
from geodata.analysis.visibility import coverage, sees, visible_cones
from geodata.emergency.picture import cameras_seeing
from geodata.loader import load_district
from tests import handmade


@pytest.fixture
def canyon(tmp_path):
    """A 10 m street running east between two 35 m deep blocks; camera 0 stands in the street
    looking east along it, camera 1 is mounted on the north block's wall looking south."""
    d = load_district(handmade.write(tmp_path / "h.gpkg", handmade.layers()))
    x0, y0 = (float(v) for v in d.grids.geometry.iloc[0].centroid.coords[0])
    d.context["buildings"] = gpd.GeoDataFrame(
        {"floors": [6, 6]}, geometry=[box(x0 - 50, y0 + 5, x0 + 300, y0 + 40), box(x0 - 50, y0 - 40, x0 + 300, y0 - 5)],
        crs=d.metric_crs)
    d.cameras = gpd.GeoDataFrame(
        {"camera_id": ["street", "wall"], "heading_deg": [90.0, 180.0], "fov_deg": [90.0, 90.0],
         "range_m": [200.0, 60.0], "status": ["online", "online"]},
        geometry=gpd.points_from_xy([x0, x0], [y0, y0 + 6]), crs=d.metric_crs)
    return d, x0, y0


def test_the_cone_is_cut_by_the_facades(canyon):
    d, x0, y0 = canyon
    cone = visible_cones(d, [0])[0]
    wedge = np.pi * 200 ** 2 / 4
    assert cone.area < 0.2 * wedge, "the blocks hide most of the wedge"
    assert cone.contains(shapely.Point(x0 + 150, y0)), "down the street"
    assert not cone.contains(shapely.Point(x0 + 100, y0 + 60)), "behind the north block"
    assert sees(d, [0], x0 + 150, y0 + 1).tolist() == [True]
    assert sees(d, [0], x0 + 100, y0 + 60).tolist() == [False]


def test_a_camera_on_a_wall_sees_past_its_own_building(canyon):
    d, x0, y0 = canyon
    cone = visible_cones(d, [1])[0]
    assert cone.contains(shapely.Point(x0 + 2, y0 - 2)), "the street below"
    assert not cone.contains(shapely.Point(x0 + 2, y0 - 50)), "behind the south block"
    assert sees(d, [1], x0 + 2, y0 - 2).tolist() == [True]
    assert sees(d, [1], x0 + 2, y0 - 50).tolist() == [False]


def test_who_can_see_a_place_takes_the_buildings_into_account(canyon):
    d, x0, y0 = canyon
    behind = (float(v) for v in d.to_lonlat(x0 + 100, y0 + 60))
    street = (float(v) for v in d.to_lonlat(x0 + 150, y0))
    assert cameras_covering(d, Place.circle(d, *behind, 0)) == []
    assert [c["camera_id"] for c in cameras_covering(d, Place.circle(d, *street, 0))] == ["street"]
    lon, lat = (float(v) for v in d.to_lonlat(x0 + 100, y0 + 60))
    assert cameras_seeing(d, lon, lat) == [], "the emergency picture's cameras too"
    lon, lat = (float(v) for v in d.to_lonlat(x0 + 150, y0))
    assert [c for c, _ in cameras_seeing(d, lon, lat)] == ["street"]


def test_coverage_is_the_share_of_public_space_seen(canyon):
    d, x0, y0 = canyon
    cov = coverage(d)
    g = 0
    public = d.grids.geometry.iloc[g].difference(shapely.union_all(d.layer("buildings").geometry.values))
    assert cov.public_m2[g] == pytest.approx(public.area)
    seen = public.intersection(shapely.union_all(visible_cones(d, [0, 1]))).area
    assert cov.seen_m2[g] == pytest.approx(seen, rel=1e-6)
    assert 0 < cov.share[g] < 0.05
    assert cov.blind[g].area == pytest.approx(public.area - seen, rel=1e-6)
    assert np.all(cov.seen_m2[1:] == 0), "no camera reaches the other grids"


def test_the_quick_sight_test_agrees_with_casting_every_cone(demo_district):
    """cameras_covering tries sight lines first and casts rays only across the place; the
    reference casts each candidate's whole visible cone. On the demo they name the same cameras
    (rays are 2° apart, so a place grazed by one ray may differ: at most a few in a hundred)."""
    from geodata.analysis.query import cones_of
    d = demo_district
    rng = np.random.default_rng(11)
    cx, cy = d.point_xy("cameras")
    agree = total = 0
    for k in rng.integers(len(cx), size=15):
        lon, lat = (float(v) for v in d.to_lonlat(cx[k] + 40, cy[k] + 25))
        place = Place.circle(d, lon, lat, 120)
        got = {c["position"] for c in cameras_covering(d, place)}
        x, y = d.from_lonlat(lon, lat)
        target = shapely.Point(float(x), float(y)).buffer(120, 32)
        cand = np.flatnonzero(shapely.intersects(cones_of(d, np.arange(len(cx))), target))
        want = set(cand[shapely.intersects(visible_cones(d, cand), target)].tolist())
        agree += len(got & want)
        total += len(got | want)
    assert total > 20 and agree / total >= 0.95
