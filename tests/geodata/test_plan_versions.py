"""Plan versions in the store (GeoPackage and PostGIS): append-only, drafts never active, crash-safe, diffable, exportable."""
from __future__ import annotations

import json

import pytest
import shapely

from geodata import load_district
from geodata.plan import edits
from geodata.plan.history import EditHistory
from geodata.plan.model import GridPlan
from geodata.plan.versions import PlanStore, PlanStoreError, diff_versions
from geodata.store import open_store
from tests.conftest import plain_sql


@pytest.fixture
def district_file(district_store):
    """The demo district on each back-end (a GeoPackage, a PostGIS database)."""
    return district_store


def moved_plan(path):
    """Load, then move the vertex four grids share near grid 0 by 40 m."""
    plan = GridPlan(load_district(path))
    history = EditHistory(plan)
    for x, y in shapely.get_coordinates(plan.geoms[0]):
        holders = [p for p in plan.grids_at((x, y, x, y)) if (shapely.get_coordinates(plan.geoms[p]) == (x, y)).all(1).any()]
        if len(holders) >= 3:
            break
    outcome = history.push(edits.move_vertex(plan, (x, y), (x + 40, y + 25)))
    return plan, history, outcome


def test_save_activate_reload_and_diff(district_file, demo_district):
    plan, _, outcome = moved_plan(district_file)
    store = PlanStore(district_file)
    v = store.save(plan.frame(), author="planner Li", note="move a corner", problems=len(plan.report.problems),
                   activate=True)
    versions = store.versions()
    assert [x.version for x in versions] == [1, 2]
    assert versions[0].author == "import" and not versions[0].active
    assert v.version == 2 and v.active and v.author == "planner Li" and v.grids == 300

    reloaded = load_district(district_file)
    changed_ids = {plan.grid_id(p) for p in outcome.changed}
    for gid in changed_ids:
        new = reloaded.grids.loc[reloaded.grids.grid_id == gid].geometry.iloc[0]
        assert new.equals_exact(plan.geoms[plan.position_of(gid)], tolerance=1e-3)

    rows = diff_versions(store, 1, 2, reloaded)
    reshaped = {r.grid_id for r in rows if r.change == "reshaped"}
    assert reshaped == changed_ids
    moved_sensors = sum(r.counts_after["sensors"] - r.counts_before["sensors"] for r in rows if r.grid_id in reshaped)
    assert moved_sensors == 0  # sensors move between the reshaped grids, none appear or vanish

    store.activate(1)  # back to the plan as loaded
    restored = load_district(district_file).grids.set_index("grid_id").geometry
    original = demo_district.grids.set_index("grid_id").geometry
    assert restored.loc[original.index].geom_equals_exact(original, 1e-6).all()
    assert store.active_version() == 1


def test_a_plan_with_problems_is_only_a_draft(district_file):
    plan = GridPlan(load_district(district_file))
    EditHistory(plan).push(edits.move_vertex(plan, tuple(shapely.get_coordinates(plan.geoms[0])[1]),
                                             (0.0, 0.0)))
    assert not plan.report.is_valid
    store = PlanStore(district_file)
    with pytest.raises(PlanStoreError, match="draft"):
        store.save(plan.frame(), author="Li", note="", problems=len(plan.report.problems), activate=True)
    draft = store.save(plan.frame(), author="Li", note="wip", problems=len(plan.report.problems))
    assert draft.is_draft and not draft.active
    with pytest.raises(PlanStoreError, match="draft"):
        store.activate(draft.version)
    assert store.active_version() == 1


def test_a_crash_mid_save_leaves_everything_as_it_was(district_file):
    plan, _, _ = moved_plan(district_file)
    store = PlanStore(district_file)
    store.save(plan.frame(), author="Li", note="first", problems=0, activate=True)
    before_grids = load_district(district_file).grids
    with pytest.raises(open_store(district_file).permanent):  # the database refuses grid 151, after 150 were written
        store.save(plan.frame(), author="Li", note="second", problems=0, activate=True, _fail_after=150)
    assert [v.note for v in store.versions()] == ["the plan as loaded, before any saved edit", "first"]
    after_grids = load_district(district_file).grids
    assert after_grids.geometry.geom_equals_exact(before_grids.geometry, 0).all()
    assert plain_sql(district_file, "SELECT COUNT(*) FROM gridtwin_plan_grids WHERE version = 3") == [(0,)]
    if not str(district_file).startswith("postgresql:"):
        assert plain_sql(district_file, "PRAGMA integrity_check") == [("ok",)]


def test_export_geojson_in_lon_lat(district_file, tmp_path):
    plan, _, _ = moved_plan(district_file)
    store = PlanStore(district_file)
    v = store.save(plan.frame(), author="Li", note="export me", problems=0)
    out = store.export_geojson(v.version, tmp_path / "plan.geojson")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["features"]) == 300
    lon, lat = doc["features"][0]["geometry"]["coordinates"][0][0]
    assert 113.9 < lon < 114.2 and 22.5 < lat < 22.8
    assert {"grid_id", "population", "grid_worker"} <= set(doc["features"][0]["properties"])
