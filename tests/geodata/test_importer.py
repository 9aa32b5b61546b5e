"""Importing what a city already has: files written by other tools (ogr2ogr), other schemas and
CRSs, GBK Shapefiles, CSV tables, GCJ-02 and BD-09 points, and real public data a package ships."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from geodata import load_district
from geodata.crs import (
    bd09_to_gcj02,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    parse_coordinate_spec,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)
from geodata.importer import import_district
from tests.conftest import ROOT

NATURAL_EARTH = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"
OGR2OGR = shutil.which("ogr2ogr")
needs_ogr2ogr = pytest.mark.skipif(OGR2OGR is None and not __import__("os").environ.get("CI"),
                                   reason="ogr2ogr (gdal-bin) is installed by ./gridtwin test")


def importer(*args):
    return subprocess.run([sys.executable, "-m", "geodata.importer", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def survey_grids(demo_path) -> gpd.GeoDataFrame:
    """The demo's grids as a survey bureau would hand them over: Chinese field names, CGCS2000."""
    g = gpd.read_file(demo_path, layer="grids")
    out = g.rename(columns={"grid_id": "网格编码", "name": "网格名称", "community": "所属社区", "street": "所属街道",
                            "population": "常住人口"}).drop(columns=["district", "grid_worker"])
    out["备注"] = "survey 2026"
    return out.set_crs(4490, allow_override=True)


# ---------------------------------------------------------------------- reference points
def test_gcj02_and_bd09_match_the_published_reference_points():
    # wandergis/coordtransform's published results for (116.404, 39.915)
    assert np.allclose(wgs84_to_gcj02(116.404, 39.915), (116.41024449916938, 39.91640428150164), atol=1e-9)
    assert np.allclose(gcj02_to_bd09(116.404, 39.915), (116.41036949371029, 39.92133699351021), atol=1e-9)
    assert np.allclose(bd09_to_gcj02(116.404, 39.915), (116.39762729119315, 39.90865673957631), atol=2e-6)
    # its GCJ-02 -> WGS84 is a one-step approximation; ours iterates to the exact inverse
    assert np.allclose(gcj02_to_wgs84(116.404, 39.915), (116.39775550083061, 39.91359571849836), atol=5e-5)
    lon, lat = 114.0302, 22.6805
    assert np.allclose(gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat)), (lon, lat), atol=1e-8)
    assert np.allclose(gcj02_to_wgs84(*bd09_to_gcj02(*wgs84_to_bd09(lon, lat))), (lon, lat), atol=1e-7)


@pytest.mark.parametrize("text, label", [("gcj02", "GCJ-02"), ("BD-09", "BD-09"), ("4490", "EPSG:4490"),
                                         ("EPSG:4547", "EPSG:4547")])
def test_coordinate_specs(text, label):
    assert parse_coordinate_spec(text).label == label


def test_a_spec_that_is_no_crs_is_refused_by_name():
    with pytest.raises(ValueError, match="'mars' is not a CRS"):
        parse_coordinate_spec("mars")


# ---------------------------------------------------------------------- other tools' files
@needs_ogr2ogr
def test_real_public_data_written_by_ogr2ogr_imports_and_plan_check_reports_its_faults(tmp_path):
    """Natural Earth's African countries (shipped with pyogrio), renamed by ogr2ogr into the
    field names a Chinese survey file uses: not a tidy coverage, so plan check has work to do."""
    src = tmp_path / "countries.gpkg"
    subprocess.run([OGR2OGR, "-f", "GPKG", str(src), str(NATURAL_EARTH), "-nln", "countries", "-sql",
                    'SELECT name AS "网格名称", iso_a3 AS "网格编码", pop_est AS "人口" FROM naturalearth_lowres'
                    " WHERE continent='Africa'"], check=True, capture_output=True)
    out = tmp_path / "africa.gpkg"
    res = importer(out, "--grids", src)
    assert res.returncode == 0, res.stderr
    assert "51 grids" in res.stdout and "not 15-digit unit-grid codes" in res.stderr
    d = load_district(out)
    assert set(d.grids["grid_id"]) >= {"EGY", "NGA", "ZAF"} and d.grids.set_index("grid_id").loc["EGY", "name"] == "Egypt"
    check = subprocess.run([sys.executable, "-m", "geodata.plan", "check", str(out)], cwd=ROOT, capture_output=True,
                           text=True, timeout=300)
    assert check.returncode == 1, check.stderr
    kinds = {p["kind"] for p in json.loads(check.stdout)["problems"]}
    assert {"invalid", "overlap", "gap"} <= kinds
    saved = json.loads((tmp_path / "africa.gpkg.mapping.json").read_text(encoding="utf-8"))
    assert saved["layers"]["grids"] == {"grid_id": "网格编码", "name": "网格名称", "population": "人口"}


def test_a_gbk_shapefile_without_a_code_page_reads_in_chinese(tmp_path, demo_path):
    grids = survey_grids(demo_path)
    shp = tmp_path / "网格.shp"
    pyogrio.write_dataframe(grids, shp, encoding="GB18030")
    shp.with_suffix(".cpg").unlink()
    dbf = bytearray(shp.with_suffix(".dbf").read_bytes())
    dbf[29] = 0  # no language driver id either: as many Chinese tools write them
    shp.with_suffix(".dbf").write_bytes(bytes(dbf))
    res = importer(tmp_path / "d.gpkg", "--grids", shp)
    assert res.returncode == 0, res.stderr
    assert "read as GB18030" in res.stderr
    d = load_district(tmp_path / "d.gpkg")
    assert list(d.grids["community"][:3]) == list(grids["所属社区"][:3])
    assert d.grids["community"].str.contains("社区").any() and "备注" in d.grids.columns
    assert d.storage_crs.to_epsg() == 4490  # stored in the CRS the grids came in


def test_a_shapefile_with_a_cpg_is_read_as_it_says(tmp_path, demo_path):
    grids = survey_grids(demo_path)
    shp = tmp_path / "grids.shp"
    pyogrio.write_dataframe(grids, shp, encoding="GBK")
    assert shp.with_suffix(".cpg").exists()
    res = importer(tmp_path / "d.gpkg", "--grids", shp)
    assert res.returncode == 0, res.stderr
    assert load_district(tmp_path / "d.gpkg").grids["street"].iloc[0] == grids["所属街道"].iloc[0]


def test_grids_in_a_gauss_kruger_zone_land_where_they_belong(tmp_path, demo_path):
    grids = survey_grids(demo_path).to_crs(4547)  # CGCS2000 / 3-degree Gauss-Kruger CM 114E
    src = tmp_path / "gk.gpkg"
    pyogrio.write_dataframe(grids, src, layer="单元网格")
    res = importer(tmp_path / "d.gpkg", "--grids", src)
    assert res.returncode == 0, res.stderr
    d = load_district(tmp_path / "d.gpkg")
    ref = load_district(demo_path)
    assert abs(d.grids.geometry.area.sum() - ref.grids.geometry.area.sum()) / ref.grids.geometry.area.sum() < 1e-6
    assert "EPSG:4490" in res.stdout


def test_sensors_from_a_gbk_csv_in_gcj02_fall_in_their_own_grids(tmp_path, demo_path):
    ref = load_district(demo_path)
    s = ref.sensors.iloc[:200]
    lon, lat = ref.to_lonlat(s.geometry.x.to_numpy(), s.geometry.y.to_numpy())
    glon, glat = wgs84_to_gcj02(lon, lat)
    table = pd.DataFrame({"设备编号": s["sensor_id"], "设备类型": s["kind"], "经度": glon, "纬度": glat,
                          "安装单位": "某某物联"})
    csv = tmp_path / "iot.csv"
    table.to_csv(csv, index=False, encoding="gbk")
    grids = tmp_path / "grids.gpkg"
    pyogrio.write_dataframe(gpd.read_file(demo_path, layer="grids"), grids, layer="grids")
    out = tmp_path / "d.gpkg"
    res = importer(out, "--grids", grids, "--sensors", csv, "--crs", "sensors=gcj02")
    assert res.returncode == 0, res.stderr
    assert "read as GB18030" in res.stderr
    d = load_district(out)
    moved = shapely.distance(d.sensors.geometry.values, ref.sensors.geometry.values[:200])
    assert moved.max() < 0.05  # metres: the offset is undone, not a few hundred metres off
    from geodata.spatial_index import GridIndex
    before = GridIndex(ref.grids.geometry.values, ref.grids["grid_id"].to_numpy()).locate(
        ref.sensors.geometry.x.to_numpy()[:200], ref.sensors.geometry.y.to_numpy()[:200])
    after = GridIndex(d.grids.geometry.values, d.grids["grid_id"].to_numpy()).locate(
        d.sensors.geometry.x.to_numpy(), d.sensors.geometry.y.to_numpy())
    assert (before == after).all()
    unconverted = importer(tmp_path / "raw.gpkg", "--grids", grids, "--sensors", csv)
    assert unconverted.returncode == 0
    raw = load_district(tmp_path / "raw.gpkg")
    assert shapely.distance(raw.sensors.geometry.values, ref.sensors.geometry.values[:200]).min() > 100


def test_the_saved_mapping_is_reused_by_the_next_import(tmp_path, demo_path):
    grids = survey_grids(demo_path).rename(columns={"网格名称": "格子"})
    src = tmp_path / "g.geojson"
    grids.to_file(src)
    out = tmp_path / "d.gpkg"
    assert importer(out, "--grids", src, "--map", "grids.name=格子").returncode == 0
    assert importer(out, "--grids", src).returncode == 0  # the mapping next to OUT is read again
    assert load_district(out).grids["name"].iloc[0] == grids["格子"].iloc[0]


def test_the_real_longhua_outline_in_gcj02_becomes_the_district_boundary(tmp_path, demo_path):
    outline = ROOT / "resources" / "data" / "longhua_outline.geojson"
    grids = tmp_path / "grids.gpkg"
    pyogrio.write_dataframe(gpd.read_file(demo_path, layer="grids"), grids, layer="grids")
    out = tmp_path / "d.gpkg"
    res = importer(out, "--grids", grids, "--boundary", outline, "--crs", "district_boundary=gcj02")
    assert res.returncode == 0, res.stderr
    d = load_district(out)
    raw = gpd.read_file(outline).to_crs(d.metric_crs)
    shift = shapely.hausdorff_distance(d.context["district_boundary"].geometry.iloc[0], raw.geometry.iloc[0])
    assert 200 < shift < 800  # GCJ-02 is a few hundred metres off WGS84 in Shenzhen


@pytest.mark.parametrize("make, says", [
    ("missing", "no such file"),
    ("no_ids", "has no column for the grid ids"),
    ("duplicate_ids", "has duplicate ids"),
    ("metres_as_degrees", "metres, not degrees"),
    ("text", "cannot be read as a GIS file"),
])
def test_what_cannot_make_a_district_is_refused_in_one_line_and_nothing_is_written(tmp_path, demo_path, make, says):
    src = tmp_path / "in.gpkg"
    grids = gpd.read_file(demo_path, layer="grids")
    if make == "no_ids":
        pyogrio.write_dataframe(grids.drop(columns=["grid_id"]).rename(columns={"name": "label"}), src)
    elif make == "duplicate_ids":
        grids["grid_id"] = "G1"
        pyogrio.write_dataframe(grids, src)
    elif make == "metres_as_degrees":
        pyogrio.write_dataframe(grids.to_crs(32650).set_crs(4326, allow_override=True), src)
    elif make == "text":
        src.write_text("not a map")
    out = tmp_path / "out.gpkg"
    res = importer(out, "--grids", src)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and "Traceback" not in res.stderr
    assert not out.exists() and not list(tmp_path.glob(".*partial*"))


def test_a_cancelled_import_leaves_nothing_behind(tmp_path, demo_path):
    from geodata.importer import ImportCancelled
    grids = tmp_path / "grids.gpkg"
    pyogrio.write_dataframe(gpd.read_file(demo_path, layer="grids"), grids, layer="grids")
    steps = []

    def cancel_when_writing():
        return any(m.startswith("writing") for _, m in steps)

    with pytest.raises(ImportCancelled):
        import_district(tmp_path / "d.gpkg", {"grids": str(grids), "sensors": f"{demo_path}:sensors"},
                        progress=lambda f, m: steps.append((f, m)), cancelled=cancel_when_writing)
    assert not (tmp_path / "d.gpkg").exists() and not list(tmp_path.glob(".*partial*"))


def test_cameras_from_a_spreadsheet_with_wkt(tmp_path, demo_path):
    ref = load_district(demo_path)
    cams = ref.cameras.to_crs(4326).iloc[:50]
    table = gpd.GeoDataFrame({"国标编码": cams["camera_id"].to_numpy(), "方向角": cams["heading_deg"].to_numpy(),
                              "WKT": shapely.to_wkt(cams.geometry.values, rounding_precision=12)}, geometry=None)
    xlsx = tmp_path / "video.xlsx"
    pyogrio.write_dataframe(pd.DataFrame(table), xlsx, driver="XLSX")
    grids = tmp_path / "grids.gpkg"
    pyogrio.write_dataframe(gpd.read_file(demo_path, layer="grids"), grids, layer="grids")
    res = importer(tmp_path / "d.gpkg", "--grids", grids, "--cameras", xlsx)
    assert res.returncode == 0, res.stderr
    d = load_district(tmp_path / "d.gpkg")
    assert list(d.cameras["camera_id"]) == list(cams["camera_id"])
    assert np.allclose(d.cameras["heading_deg"], cams["heading_deg"])
    assert "column 'fov_deg' is missing" in res.stderr  # defaults, said
    assert shapely.distance(d.cameras.geometry.values, ref.cameras.geometry.values[:50]).max() < 0.01
