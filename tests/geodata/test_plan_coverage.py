"""Coverage checks: each kind of planted problem is found, named and located; shapely agrees."""
from __future__ import annotations

import json
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from geodata.plan.coverage import check_coverage, reference_outline
from tests import handmade
from tests.conftest import ROOT

SQUARES = [box(0, 0, 100, 100), box(100, 0, 200, 100), box(0, 100, 100, 200), box(100, 100, 200, 200)]
OUTLINE = box(0, 0, 200, 200)


def kinds(report) -> list[str]:
    return sorted(p.kind for p in report.problems)


def test_clean_coverage_has_no_problems_and_shapely_agrees():
    report = check_coverage(SQUARES, OUTLINE)
    assert report.is_valid and report.problems == []
    assert shapely.coverage_is_valid(np.array(SQUARES, dtype=object))


def test_gap_is_found_with_its_area_and_place():
    grids = [box(0, 0, 90, 100)] + SQUARES[1:]  # 10 m strip left empty between grid 0 and 1
    report = check_coverage(grids, OUTLINE)
    (gap,) = report.problems
    assert gap.kind == "gap" and gap.grids == ()
    assert gap.area_m2 == pytest.approx(1000)
    assert gap.geometry.equals(box(90, 0, 100, 100))


def test_overlap_names_both_grids():
    grids = [box(0, 0, 120, 100)] + SQUARES[1:]
    report = check_coverage(grids, OUTLINE)
    (overlap,) = [p for p in report.problems if p.kind == "overlap"]
    assert overlap.grids == (0, 1) and overlap.area_m2 == pytest.approx(2000)
    assert not shapely.coverage_is_valid(np.array(grids, dtype=object))


def test_thin_gaps_and_overlaps_are_slivers():
    grids = [box(0, 0, 99.5, 100), box(100, 0, 200, 100), box(0, 100, 100.4, 200), box(100, 100, 200, 200)]
    report = check_coverage(grids, OUTLINE)
    assert kinds(report) == ["sliver", "sliver"]


def test_invalid_multipart_and_outside_grids():
    bowtie = Polygon([(0, 0), (100, 100), (100, 0), (0, 100)])
    two_parts = MultiPolygon([box(100, 0, 150, 100), box(160, 0, 200, 100)])
    beyond = box(0, 100, 100, 260)
    report = check_coverage([bowtie, two_parts, beyond, SQUARES[3]], OUTLINE)
    found = kinds(report)
    assert "invalid" in found and "multipart" in found and "outside" in found
    outside = next(p for p in report.problems if p.kind == "outside")
    assert outside.grids == (2,) and outside.area_m2 == pytest.approx(6000)


def test_unmatched_vertices_are_reported_like_shapely():
    # Grid 1 has an extra vertex on the shared edge that grid 0 lacks: no gap, no overlap,
    # but not a valid coverage.
    left = box(0, 0, 100, 100)
    right = Polygon([(100, 0), (200, 0), (200, 100), (100, 100), (100, 50)])
    report = check_coverage([left, right], box(0, 0, 200, 100))
    assert not shapely.coverage_is_valid(np.array([left, right], dtype=object))
    assert kinds(report) == ["unmatched_edges", "unmatched_edges"]


def test_reference_defaults_to_the_filled_outer_edge():
    grids = SQUARES[:3]  # a notch at the corner is not a gap without a boundary layer
    assert check_coverage(grids).is_valid
    # A ring of four noded grids around an empty middle.
    ring = [Polygon([(0, 0), (300, 0), (300, 100), (200, 100), (100, 100), (0, 100)]),
            Polygon([(0, 200), (100, 200), (200, 200), (300, 200), (300, 300), (0, 300)]),
            box(0, 100, 100, 200), box(200, 100, 300, 200)]
    report = check_coverage(ring)  # the hole in the middle is a gap
    assert kinds(report) == ["gap"] and report.problems[0].area_m2 == pytest.approx(10000)
    assert reference_outline(ring).area == pytest.approx(90000)


def run_plan(*args):
    return subprocess.run([sys.executable, "-m", "geodata.plan", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_plan_check_cli_exit_codes_and_json(tmp_path):
    layers = handmade.layers(3, 3)
    good = handmade.write(tmp_path / "good.gpkg", layers)
    result = run_plan("check", good)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["valid"] is True

    grids = layers["grids"].copy()
    grids.loc[4, "geometry"] = grids.loc[4, "geometry"].buffer(-0.001)   # a gap around the middle grid G11
    grids.loc[3, "geometry"] = grids.loc[3, "geometry"].buffer(0.0005)   # G10 spills over its neighbours
    bad = handmade.write(tmp_path / "bad.gpkg", {**layers, "grids": grids})
    result = run_plan("check", bad)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["counts"]["gap"] >= 1 and report["counts"]["overlap"] >= 1
    overlap = next(p for p in report["problems"] if p["kind"] == "overlap")
    assert "G10" in overlap["grid_ids"]
    lon, lat = overlap["at"]
    assert 114.0 < lon < 114.1 and 22.6 < lat < 22.7

    missing = run_plan("check", tmp_path / "nope.gpkg")
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_plan_stats_cli_prints_one_row_per_grid(demo_path):
    result = run_plan("stats", demo_path)
    assert result.returncode == 0, result.stderr
    rows = result.stdout.strip().splitlines()
    header = rows[0].split(",")
    assert header[:2] == ["grid_id", "name"] and "deviation" in header and "compactness" in header
    assert len(rows) == 1 + 300
    pop = sum(int(r.split(",")[header.index("population")]) for r in rows[1:])
    district = gpd.read_file(demo_path, layer="grids")
    assert abs(pop - district["population"].sum()) <= 300  # rounding per grid only
