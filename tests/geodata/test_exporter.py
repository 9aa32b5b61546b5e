"""Handing data back: every format read back by GDAL, filters against a brute-force answer,
GCJ-02 for web maps, formulas neutralised, and every export in the audit log."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from geodata import load_district
from geodata.audit import AuditLog
from geodata.crs import wgs84_to_gcj02
from tests.conftest import BACKENDS, ROOT, fresh_pg_store, plain_sql


def exporter(*args):
    return subprocess.run([sys.executable, "-m", "geodata.exporter", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(params=BACKENDS)
def district(request, tmp_path, demo_path):
    """The demo district with a formula and a Chinese name among its grid names, in a
    GeoPackage or in the shared PostGIS store (exported by its URL)."""
    if request.param == "postgis":
        url = fresh_pg_store(request.getfixturevalue("pg_cluster"))
        first = "(SELECT MIN(fid) FROM grids)"
        plain_sql(url, f"UPDATE grids SET name = ? WHERE fid = {first}", ("=HYPERLINK(\"http://x\")",))
        plain_sql(url, f"UPDATE grids SET name = ? WHERE fid = {first} + 1", ("龙华网格",))
        return url
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    grids = gpd.read_file(data, layer="grids")
    grids.loc[0, "name"] = "=HYPERLINK(\"http://x\")"
    grids.loc[1, "name"] = "龙华网格"
    pyogrio.write_dataframe(grids, data, layer="grids")
    return data


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".shp", ".csv"])
def test_each_format_is_read_back_by_gdal_with_its_chinese_text(tmp_path, district, suffix):
    out = tmp_path / "out" / f"grids{suffix}"
    res = exporter(district, out, "--layers", "grids", "--audit", tmp_path / "a.sqlite")
    assert res.returncode == 0, res.stderr
    back = pyogrio.read_dataframe(out, layer="grids" if suffix == ".gpkg" else None)
    assert len(back) == len(load_district(district).grids)
    name = "name" if "name" in back.columns else next(c for c in back.columns if c.lower().startswith("name"))
    assert "龙华网格" in set(back[name])
    if suffix == ".shp":
        assert out.with_suffix(".cpg").read_text().strip().upper() in ("UTF-8", "UTF8")
    if suffix == ".csv":
        assert "'=HYPERLINK(\"http://x\")" in set(back[name])  # a spreadsheet shows it, never runs it
    else:
        assert "=HYPERLINK(\"http://x\")" in set(back[name])


def test_incidents_are_filtered_by_time_status_and_area_as_a_brute_force_scan_says(tmp_path, district):
    d = load_district(district)
    inc = d.incidents.to_crs(4326)
    area = shapely.Point(114.03, 22.68).buffer(0.02)
    (tmp_path / "area.geojson").write_text(json.dumps({"type": "Feature", "properties": {},
                                                       "geometry": shapely.geometry.mapping(area)}))
    since, until = "2026-11-10T00:00:00+08:00", "2026-11-20T00:00:00+08:00"
    out = tmp_path / "inc.geojson"
    res = exporter(district, out, "--incidents", "--from", since, "--to", until, "--status", "open", "--area",
                   tmp_path / "area.geojson", "--audit", tmp_path / "a.sqlite")
    assert res.returncode == 0, res.stderr
    t = inc["reported_at"]
    brute = inc[(t >= pd.Timestamp(since)) & (t < pd.Timestamp(until))
                & inc["status"].isin(["reported", "dispatched", "accepted", "in_progress", "returned", "escalated"])
                & np.array([area.contains(p) for p in inc.geometry])]
    back = pyogrio.read_dataframe(out)
    assert len(brute) > 0 and sorted(back["incident_id"]) == sorted(brute["incident_id"])


def test_gcj02_export_shifts_every_point_by_the_published_formula(tmp_path, district):
    res = exporter(district, tmp_path / "s.geojson", "--layers", "sensors", "--gcj02", "--audit", tmp_path / "a.sqlite")
    assert res.returncode == 0, res.stderr
    back = pyogrio.read_dataframe(tmp_path / "s.geojson")
    ref = load_district(district).sensors.to_crs(4326)
    lon, lat = wgs84_to_gcj02(ref.geometry.x.to_numpy(), ref.geometry.y.to_numpy())
    assert np.allclose(back.geometry.x, lon, atol=1e-9) and np.allclose(back.geometry.y, lat, atol=1e-9)


def test_every_export_is_audited_and_a_bad_one_writes_nothing(tmp_path, district):
    audit = tmp_path / "a.sqlite"
    assert exporter(district, tmp_path / "x.csv", "--layers", "cameras", "--audit", audit, "--who", "王工").returncode == 0
    entries = AuditLog(audit).entries("export")
    assert entries[-1].who == "王工" and entries[-1].detail["layers"] == {"cameras": 2400}
    for args in (["--layers", "nonsense"], ["--plan-version", "99"], []):
        res = exporter(district, tmp_path / "bad" / "y.geojson", *args, "--audit", audit)
        assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1, res.stderr
    res = exporter(district, tmp_path / "z.kmz", "--layers", "grids", "--audit", audit)
    assert res.returncode == 2 and "unknown format" in res.stderr
    assert not (tmp_path / "bad").exists() or not list((tmp_path / "bad").iterdir())
    assert len(AuditLog(audit).entries("export")) == 1


def test_a_plan_version_is_exported(tmp_path, district):
    from geodata.plan.versions import PlanStore

    d = load_district(district)
    PlanStore(district).save(d.grids, author="t", note="n", problems=0)
    res = exporter(district, tmp_path / "v.csv", "--plan-version", "2", "--audit", tmp_path / "a.sqlite")
    assert res.returncode == 0, res.stderr
    with open(tmp_path / "v.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(d.grids) and rows[0]["WKT"].startswith(("POLYGON", "MULTIPOLYGON"))


def test_exported_incidents_carry_their_national_class_code_and_name(tmp_path, district):
    from geodata import eventclass

    res = exporter(district, tmp_path / "i.csv", "--incidents", "--audit", tmp_path / "a.sqlite")
    assert res.returncode == 0, res.stderr
    with open(tmp_path / "i.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    table = eventclass.load()
    assert rows and all(r["class_code"] == table[r["category"]].code for r in rows)
    assert {r["class_name"].split("/")[0] for r in rows} <= {"事件", "部件"}


def test_the_class_table_covers_every_category_and_names_a_broken_entry(tmp_path):
    from geodata import eventclass
    from geodata.schema import INCIDENT_CATEGORIES

    assert set(eventclass.load()) >= set(INCIDENT_CATEGORIES)
    assert eventclass.of("gas_leak").code == "E0403" and eventclass.of("road_damage").kind == "部件"
    bad = tmp_path / "classes.toml"
    bad.write_text(eventclass.CONFIG.read_text(encoding="utf-8").replace('major = "02"\nminor = ["01", "道路破损"]',
                                                                         'major = "77"\nminor = ["01", "道路破损"]'),
                   encoding="utf-8")
    with pytest.raises(eventclass.EventClassError, match="road_damage"):
        eventclass.load(bad)
