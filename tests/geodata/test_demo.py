"""The demo district looks like a city and tiles it exactly."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import shapely

from geodata import load_district
from geodata.crs import WGS84
from geodata.demo import generate
from tests.conftest import ROOT


def test_demo_cli_is_deterministic(tmp_path):
    outs = []
    for name in ("a.gpkg", "b.gpkg"):
        res = subprocess.run([sys.executable, "-m", "geodata.demo", str(tmp_path / name), "--scale", "small", "--seed", "11"],
                             cwd=ROOT, capture_output=True, text=True, check=True)
        outs.append(json.loads(res.stdout.strip().splitlines()[-1]))
    assert outs[0]["grids"] == 300
    a, b = load_district(tmp_path / "a.gpkg"), load_district(tmp_path / "b.gpkg")
    assert a.grids.geometry.geom_equals_exact(b.grids.geometry, 0).all()
    assert (a.incidents["incident_id"] == b.incidents["incident_id"]).all()
    assert np.allclose(a.sensors.geometry.x, b.sensors.geometry.x)


def test_other_seed_gives_other_city():
    a = generate("small", seed=1)["grids"]
    b = generate("small", seed=2)["grids"]
    assert not a.geometry.geom_equals_exact(b.geometry, 0).all()


def test_grids_tile_the_outline_with_no_gaps_or_overlaps(demo_district):
    g = demo_district.grids.geometry.values
    assert shapely.coverage_is_valid(g)
    assert (demo_district.grids.geom_type == "Polygon").all()
    outline = demo_district.outline
    assert outline.geom_type == "Polygon" and len(outline.interiors) == 0  # no holes = no gaps
    assert abs(shapely.area(g).sum() - outline.area) < 1.0  # m²: no overlaps
    assert 160e6 < outline.area < 190e6  # Longhua is ~175 km²


def test_demo_lies_in_longhua_converted_from_gcj02(demo_district):
    lon, lat = demo_district.to_lonlat(*demo_district.outline.centroid.xy)
    assert 114.0 < lon[0] < 114.1 and 22.6 < lat[0] < 22.75
    assert demo_district.storage_crs == WGS84


def test_hierarchy_nests_and_is_contiguous(demo_district):
    grids = demo_district.grids
    assert grids.groupby("community")["street"].nunique().max() == 1  # a community lies in one street
    assert grids["street"].nunique() == 6
    assert (demo_district.communities.geom_type == "Polygon").all()
    assert (demo_district.streets.geom_type == "Polygon").all()


def test_population_and_incidents_vary_like_a_city(demo_district):
    d = demo_district
    pop = d.grids["population"].to_numpy()
    assert 2.7e6 < pop.sum() < 2.9e6
    density = pop / (d.grids.geometry.area.to_numpy() / 1e6)
    assert np.percentile(density, 90) > 5 * np.percentile(density, 10)  # dense villages vs. hills
    per_grid = d.incidents.groupby("grid_id").size().reindex(d.grids["grid_id"], fill_value=0).to_numpy()
    assert np.corrcoef(per_grid, pop)[0, 1] > 0.6  # incidents follow population
    hours = d.incidents["reported_at"].dt.tz_convert("Asia/Shanghai").dt.hour
    assert (hours.between(9, 11)).mean() > 3 * (hours.between(2, 4)).mean()  # and the time of day


def test_points_are_where_they_belong(demo_district):
    d = demo_district
    water = shapely.union_all(d.layer("water").geometry.values)
    level = d.sensors[d.sensors["kind"] == "water_level"]
    assert level.distance(water).median() < 100  # on the riverbank
    assert set(d.sensors["kind"]) == {"gas", "smoke", "water_level", "noise", "slope", "manhole"}
    assert (d.sensors["status"] == "alarm").sum() > 0
    roads = d.layer("roads")
    assert set(roads["road_class"]) == {"trunk", "arterial", "local"}
