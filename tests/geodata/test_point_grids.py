"""The points' grids kept in the store under the plan and the points they were computed for: a
second start trusts them, anything changed computes them again, and only a planner (or the
service account) may write them, which the shared store's database enforces itself."""
from __future__ import annotations

import shutil

import psycopg
import pytest
import shapely

from geodata import load_district
from geodata.access import Jurisdiction, User
from geodata.point_grids import POINT_LAYERS, index_district
from geodata.spatial_index import CityIndex
from geodata.store import open_store, postgis
from tests.conftest import DEMO, fresh_pg_store, plain_sql


@pytest.fixture
def district_file(tmp_path):
    path = tmp_path / "district.gpkg"
    shutil.copy(DEMO, path)
    return path


@pytest.fixture
def opened(district_file):
    """The district file loaded, then its store open for writing (closed after the test): GDAL
    must have finished with the file before a connection of ours holds it."""
    district = load_district(district_file)
    store = open_store(district_file)
    yield district, store
    store.close()


def fresh(district):
    return CityIndex.from_district(district).assignment


def test_a_second_start_trusts_the_stored_grids_and_they_are_the_computed_ones(district_store):
    district = load_district(district_store)
    store = open_store(district_store)
    try:
        index, how = index_district(district, store)
        assert how == {name: "computed and stored" for name in POINT_LAYERS}
        again, how = index_district(district, store)
        assert how == {name: "stored" for name in POINT_LAYERS}
    finally:
        store.close()
    expected = fresh(district)
    for name in POINT_LAYERS:
        assert (again.assignment[name] == expected[name]).all()
        assert (index.assignment[name] == expected[name]).all()


def test_a_moved_boundary_or_a_moved_point_is_computed_again(district_store):
    district = load_district(district_store)
    store = open_store(district_store)
    try:
        index_district(district, store)
        moved = district.sensors.geometry.values.copy()
        moved[0] = shapely.Point(moved[0].x + 400.0, moved[0].y)
        district.sensors = district.sensors.set_geometry(moved)
        _, how = index_district(district, store, write=False)
        assert how["sensors"] == "computed" and how["cameras"] == how["incidents"] == "stored"
        grids = district.grids.geometry.values.copy()
        grids[0] = shapely.affinity.translate(grids[0], 1.0, 0.0)
        district.grids = district.grids.set_geometry(grids)
        _, how = index_district(district, store, write=False)
        assert set(how.values()) == {"computed"}  # another plan: nothing stored is trusted
    finally:
        store.close()


def test_a_corrupt_stored_copy_is_not_trusted(district_file, opened):
    district, store = opened
    index_district(district, store)
    plain_sql(district_file, "UPDATE gridtwin_point_grids SET grids = substr(grids, 1, 40) WHERE layer = 'sensors'")
    plain_sql(district_file, "UPDATE gridtwin_point_grids SET grids = 'not grids' WHERE layer = 'cameras'")
    rows = plain_sql(district_file, "SELECT key FROM gridtwin_point_grids WHERE layer = 'incidents'")
    huge = (10 ** 6).to_bytes(4, "little") * len(district.incidents)  # grid positions that do not exist
    plain_sql(district_file, "UPDATE gridtwin_point_grids SET grids = ? WHERE layer = 'incidents'", (huge,))
    index, how = index_district(district, store, write=False)
    assert rows and how["sensors"] == "computed"
    expected = fresh(district)
    for name in POINT_LAYERS:
        assert (index.assignment[name] == expected[name]).all(), name


def test_only_a_planner_keeps_the_grids_of_a_district_file(district_file, opened):
    district, store = opened
    store.user = User("wu", "viewer", Jurisdiction("district"))
    _, how = index_district(district, store)
    assert all(h.startswith("computed (not kept:") and "plan" in h for h in how.values()), how
    assert plain_sql(district_file, "SELECT COUNT(*) FROM gridtwin_point_grids") == [(0,)]
    store.user = User("zhao", "planner", Jurisdiction("district"))
    _, how = index_district(district, store)
    assert set(how.values()) == {"computed and stored"}
    store.close()
    readonly = open_store(district_file, readonly=True)
    try:
        _, how = index_district(district, readonly)
        assert set(how.values()) == {"stored"}
    finally:
        readonly.close()


def test_the_shared_store_refuses_the_grids_from_anyone_but_a_planner(pg_cluster):
    url = fresh_pg_store(pg_cluster)
    postgis.add_user(url, "li", "dispatcher", Jurisdiction("district"), "li-pw")
    postgis.add_user(url, "zhao", "planner", Jurisdiction("district"), "zhao-pw")
    district = load_district(url)
    assert len(district.incidents)  # the demo, as the store holds it
    dispatcher = postgis.PostGISStore(url, user="li", password="li-pw")
    try:
        dispatcher.user = None  # a client that skips the check: the database refuses all the same
        _, how = index_district(district, dispatcher)
        assert all("InsufficientPrivilege" in h for h in how.values()), how
    finally:
        dispatcher.close()
    sql = url.replace("user=gridtwin", "user=li") + "&password=li-pw"
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        plain_sql(sql, "INSERT INTO gridtwin_point_grids (layer, key, grids, at) VALUES ('sensors', 'k', '\\x00', now())")
    planner = postgis.PostGISStore(url, user="zhao", password="zhao-pw")
    try:
        _, how = index_district(district, planner)
        assert set(how.values()) == {"computed and stored"}
    finally:
        planner.close()
    dispatcher = postgis.PostGISStore(url, user="li", password="li-pw")
    try:
        index, how = index_district(district, dispatcher)
        assert set(how.values()) == {"stored"}  # everyone reads what the planner kept
    finally:
        dispatcher.close()
    expected = fresh(district)
    assert all((index.assignment[n] == expected[n]).all() for n in POINT_LAYERS)
