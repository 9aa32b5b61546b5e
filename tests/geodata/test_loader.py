"""Loading: good files load in metres; what the console cannot work without gets one clear
error; everything else gets its documented default and a warning naming the features."""
from __future__ import annotations

import sqlite3

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Polygon

from geodata import DistrictDataError, load_district
from tests import handmade


def test_handmade_district_loads_in_metres(tmp_path):
    d = load_district(handmade.write(tmp_path / "d.gpkg", handmade.layers()))
    assert d.metric_crs.to_epsg() == 32650  # UTM 50N covers Shenzhen
    assert len(d.grids) == 4
    # ~1 km squares: areas in m² prove the reprojection
    assert d.grids.geometry.area.between(0.95e6, 1.2e6).all()
    assert str(d.incidents["reported_at"].dt.tz) == "UTC"
    assert d.incidents["reported_at"].iloc[0].isoformat() == "2026-05-01T00:30:00+00:00"


def test_projected_layers_are_reprojected(tmp_path):
    frames = {k: v.to_crs(32650) for k, v in handmade.layers().items()}
    d = load_district(handmade.write(tmp_path / "p.gpkg", frames))
    ref = load_district(handmade.write(tmp_path / "g.gpkg", handmade.layers()))
    assert d.grids.geometry.area.sum() == pytest.approx(ref.grids.geometry.area.sum(), rel=1e-6)


def test_empty_incident_layer_is_fine(tmp_path):
    frames = handmade.layers()
    frames["incidents"] = frames["incidents"].iloc[0:0]
    d = load_district(handmade.write(tmp_path / "e.gpkg", frames))
    assert len(d.incidents) == 0


def test_the_map_layers_come_before_the_points(demo_path):
    """A console draws the grids and the basemap while the points are read: the loader hands
    over the district without points first, then fills that same object."""
    seen = {}

    def base(d):
        seen.update(grids=len(d.grids), roads=len(d.layer("roads")), points=[len(d.sensors), len(d.cameras), len(d.incidents)],
                    sensor_columns=list(d.sensors.columns), crs=d.sensors.crs, district=d)

    d = load_district(demo_path, base_ready=base)
    assert seen["district"] is d
    assert seen["grids"] == len(d.grids) > 0 and seen["roads"] == len(d.layer("roads")) > 0
    assert seen["points"] == [0, 0, 0] and min(len(d.sensors), len(d.cameras), len(d.incidents)) > 0
    assert seen["sensor_columns"] == list(d.sensors.columns) and seen["crs"] == d.metric_crs == d.sensors.crs
    assert d.sensors.geometry.x.between(*d.grids.total_bounds[[0, 2]]).mean() > 0.9  # in metres, in the district


def _error(tmp_path, mutate, **kw) -> DistrictDataError:
    frames = handmade.layers()
    mutate(frames)
    path = handmade.write(tmp_path / "bad.gpkg", frames)
    with pytest.raises(DistrictDataError) as info:
        load_district(path, **kw)
    assert str(path) in str(info.value)
    return info.value


def test_missing_file(tmp_path):
    with pytest.raises(DistrictDataError, match="no such file"):
        load_district(tmp_path / "nope.gpkg")


def test_text_file_is_not_a_geopackage(tmp_path):
    p = tmp_path / "notes.gpkg"
    p.write_text("grid,population\n")
    with pytest.raises(DistrictDataError, match="not a GeoPackage"):
        load_district(p)


def test_plain_sqlite_is_not_a_geopackage(tmp_path):
    p = tmp_path / "plain.gpkg"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE t (x)")
    con.close()
    with pytest.raises(DistrictDataError, match="not a GeoPackage"):
        load_district(p)


def _warned(tmp_path, mutate):
    frames = handmade.layers()
    mutate(frames)
    path = handmade.write(tmp_path / "soft.gpkg", frames)
    d = load_district(path)
    assert all(str(path) in w for w in d.warnings)
    return d, " | ".join(d.warnings)


def test_a_missing_point_layer_starts_empty_with_a_warning(tmp_path):
    d, said = _warned(tmp_path, lambda f: f.pop("cameras"))
    assert len(d.cameras) == 0 and "no 'cameras' layer" in said


def test_a_missing_grids_layer_is_refused(tmp_path):
    err = _error(tmp_path, lambda f: f.pop("grids"))
    assert err.layer == "grids" and "missing" in str(err)


def test_a_missing_optional_column_takes_its_default(tmp_path):
    d, said = _warned(tmp_path, lambda f: f.__setitem__("sensors", f["sensors"].drop(columns=["threshold"])))
    assert d.sensors["threshold"].isna().all() and "column 'threshold' is missing" in said


def test_a_missing_id_column_is_refused(tmp_path):
    err = _error(tmp_path, lambda f: f.__setitem__("sensors", f["sensors"].drop(columns=["sensor_id"])))
    assert (err.layer, err.column) == ("sensors", "sensor_id")


def test_hierarchy_names_missing_in_a_few_grids_are_warned_about(tmp_path):
    d, said = _warned(tmp_path, lambda f: f["grids"].__setitem__("community", ["C1", "", None, "C2"]))
    assert list(d.grids["community"]) == ["C1", "", "", "C2"]
    assert "column 'community': has empty values (features: G01, G10)" in said


def test_extra_columns_are_kept(tmp_path):
    d, _ = _warned(tmp_path, lambda f: f["grids"].__setitem__("网格员电话", ["1", "2", "3", "4"]))
    assert "网格员电话" in d.grids.columns


def test_empty_grids(tmp_path):
    err = _error(tmp_path, lambda f: f.__setitem__("grids", f["grids"].iloc[0:0]))
    assert err.layer == "grids" and "empty" in str(err)


def test_wrong_geometry_type(tmp_path):
    def mutate(f):
        f["grids"] = gpd.GeoDataFrame(f["grids"].drop(columns="geometry"),
                                      geometry=[LineString([(114.03, 22.65), (114.04, 22.66)])] * 4, crs=4326)
    err = _error(tmp_path, mutate)
    assert "LineString geometry where Polygon is expected" in str(err)
    assert err.feature_ids == ["G00", "G01", "G10", "G11"]


def test_invalid_geometry_is_named_and_repairable(tmp_path):
    bowtie = Polygon([(114.03, 22.65), (114.04, 22.66), (114.04, 22.65), (114.03, 22.66)])
    def mutate(f):
        f["grids"].loc[1, "geometry"] = bowtie
    err = _error(tmp_path, mutate)
    assert err.feature_ids == ["G01"] and "Self-intersection" in str(err) and "repair" in str(err)
    d = load_district(tmp_path / "bad.gpkg", repair=True)
    assert d.grids.geometry.is_valid.all()
    assert any("G01" in w for w in d.warnings)
    assert len(d.grids) == 4  # nothing dropped


def test_missing_crs(tmp_path):
    frames = handmade.layers()
    frames["sensors"] = frames["sensors"].set_crs(None, allow_override=True)
    path = handmade.write(tmp_path / "nocrs.gpkg", frames)
    with pytest.raises(DistrictDataError) as info:
        load_district(path)
    assert info.value.layer == "sensors" and "no CRS" in str(info.value)


def test_unknown_status_value_takes_the_default_with_a_warning(tmp_path):
    d, said = _warned(tmp_path, lambda f: f["sensors"].__setitem__("status", ["normal", "on fire"]))
    assert list(d.sensors["status"]) == ["normal", "normal"]
    assert "column 'status': has unknown values ['on fire'] (features: S2)" in said


def test_severity_out_of_range_takes_the_default_with_a_warning(tmp_path):
    d, said = _warned(tmp_path, lambda f: f["incidents"].__setitem__("severity", [1, 7]))
    assert list(d.incidents["severity"]) == [1, 2] and "column 'severity'" in said and "E2" in said


def test_timestamp_without_zone(tmp_path):
    err = _error(tmp_path, lambda f: f["incidents"].__setitem__("reported_at", ["2026-05-01T08:30:00", "2026-05-01T08:30:00+08:00"]))
    assert err.column == "reported_at" and err.feature_ids == ["E1"]


def test_duplicate_ids(tmp_path):
    err = _error(tmp_path, lambda f: f["grids"].__setitem__("grid_id", ["G00", "G00", "G10", "G11"]))
    assert err.column == "grid_id" and err.feature_ids == ["G00"]


def test_population_not_a_number_is_reported_with_its_feature_and_counts_as_zero(tmp_path):
    d, said = _warned(tmp_path, lambda f: f["grids"].__setitem__("population", ["100", "many", "3", "4"]))
    assert list(d.grids["population"]) == [100, 0, 3, 4]
    assert "column 'population': has values that are not (finite) numbers (features: G01)" in said


def test_a_context_layer_the_console_cannot_use_is_left_out_with_a_warning(tmp_path):
    from shapely.geometry import Point

    def mutate(f):  # shelters without their id column: nothing can name them
        f["shelters"] = gpd.GeoDataFrame({"名称": ["小学"], "capacity": [300]},
                                         geometry=[Point(114.035, 22.655)], crs=4326)
    d, said = _warned(tmp_path, mutate)
    assert "shelters" not in d.context and "layer 'shelters', column 'shelter_id': is missing" in said
    assert "the layer is left out" in said and len(d.grids) == 4


@pytest.mark.parametrize("stamp", ["2026-05-01T08:30:00+08:00", "2026-05-01 08:30:00-05:00", "2026-05-01T08:30:00Z",
                                   "2026-05-01T08:30+0800", "2026-05-01T08:30:00.250+08:00"])
def test_every_iso_form_with_an_offset_loads(tmp_path, stamp):
    frames = handmade.layers()
    frames["incidents"]["reported_at"] = [stamp, "2026-05-01T08:30:00+08:00"]
    d = load_district(handmade.write(tmp_path / "t.gpkg", frames))
    assert str(d.incidents["reported_at"].dt.tz) == "UTC"


@pytest.mark.parametrize("stamp", ["2026-05-01T08:30:00", "2026-05-0108:30:00+08:00", "2026-05-01T08:30:00*08:00",
                                   "2026-05-01T08:30:00+08:0a", "yesterday at noon"])
def test_a_timestamp_without_a_usable_offset_is_named(tmp_path, stamp):
    err = _error(tmp_path, lambda f: f["incidents"].__setitem__("reported_at", ["2026-05-01T08:30:00+08:00", stamp]))
    assert err.column == "reported_at" and err.feature_ids == ["E2"]


def test_a_blank_category_takes_the_default_and_names_its_feature(tmp_path):
    d, said = _warned(tmp_path, lambda f: f["incidents"].__setitem__("category", ["sanitation", " \u3000 "]))
    assert "column 'category'" in said and "E2" in said and d.incidents["category"].iloc[0] == "sanitation"


def test_a_text_column_holds_one_string_per_distinct_value(demo_path):
    """580,000 points at Longhua: each status a pointer to one shared string, not a string per row."""
    d = load_district(demo_path)
    for name, column in (("incidents", "status"), ("incidents", "category"), ("sensors", "kind"),
                         ("sensors", "status"), ("incidents", "grid_id")):
        values = d.layer(name)[column]
        distinct = values.nunique(dropna=True)
        assert len(values) > 5 * distinct, (name, column)  # the test means something: values repeat
        assert len({id(v) for v in values}) == distinct, (name, column)
        assert all(type(v) is str for v in values)


def test_copies_of_a_text_column_share_its_strings_but_not_its_rows():
    import numpy as np
    import pandas as pd

    from geodata.shared_text import shared_text
    column = pd.Series(["reported", "closed", None, "reported", float("nan")], dtype=object)
    column[3] = "".join(["rep", "orted"])  # equal, but another object
    texts = shared_text(column)
    assert texts.tolist() == ["reported", "closed", None, "reported", None]
    assert texts[0] is texts[3]
    again = shared_text(pd.Series(texts[[0, 1, 3]], dtype=object))
    assert again[0] is texts[0]
    again[0] = "dispatched"  # a layer changes its own copy: the frame it came from keeps its value
    assert texts[0] == "reported"
    assert shared_text(pd.Series([1, 2.5], dtype=object)).tolist() == ["1", "2.5"]
    assert shared_text(np.array([], dtype=object)).tolist() == []
