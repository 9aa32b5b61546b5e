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
from tests.conftest import ROOT, plain_sql


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


def _lying_versions(district_file):
    """Plans saved with problems=0 that are not fit to govern: an overlap, a gap, a duplicate
    id, a broken shape, a mixed id convention."""
    d = load_district(district_file)
    frame = d.grids.copy()
    a, b = 0, int(frame.geometry.touches(frame.geometry.iloc[0]).to_numpy().nonzero()[0][0])
    overlap = frame.copy()
    overlap.loc[overlap.index[a], "geometry"] = overlap.geometry.iloc[a].union(overlap.geometry.iloc[b].buffer(-5))
    gap = frame.copy()
    gap.loc[gap.index[a], "geometry"] = gap.geometry.iloc[a].buffer(-30)
    dupe = frame.copy()
    dupe.loc[dupe.index[a], "grid_id"] = str(dupe.grid_id.iloc[b])
    broken = frame.copy()
    c = shapely.get_coordinates(broken.geometry.iloc[a].exterior)
    broken.loc[broken.index[a], "geometry"] = shapely.Polygon([c[0], c[2], c[1], c[3], c[0]])  # a bow tie
    mixed = frame.copy()
    mixed.loc[mixed.index[a], "grid_id"] = "G-LOOSE-1"
    return {"overlap": overlap, "gap": gap, "not a valid polygon": broken, "not 15-digit unit-grid codes": mixed,
            "id used more than once": dupe}


def test_activation_checks_the_stored_plan_whatever_the_caller_claims(district_file):
    store = PlanStore(district_file)
    lying = _lying_versions(district_file)
    with pytest.raises(PlanStoreError, match="not saved"):  # the database keeps ids unique per version
        store.save(lying.pop("id used more than once"), author="Li", note="", problems=0)
    for why, frame in lying.items():
        v = store.save(frame, author="Li", note=f"claims to be fine: {why}", problems=0)
        with pytest.raises(PlanStoreError, match="cannot be made active"):
            store.activate(v.version)
        assert store.active_version() in (None, 1)
        with pytest.raises(PlanStoreError, match="cannot be made active"):  # nor in the same save
            store.save(frame, author="Li", note="and active at once", problems=0, activate=True)
    assert len(load_district(district_file).grids) == 300  # the district still loads, as it was
    refused = plain_sql(district_file, "SELECT detail FROM gridtwin_audit WHERE action = 'plan_activate_refused'")
    assert len(refused) == 8  # each of four, by activate and by save-and-activate
    reasons = " ".join(json.loads(r[0])["why"] for r in refused)
    for why in ("overlap", "gap", "not a valid polygon", "15-digit"):
        assert why in reasons, (why, reasons)


def test_the_cli_refuses_a_lying_plan_and_says_why(district_file, tmp_path):
    import subprocess
    import sys
    if "://" in str(district_file):
        pytest.skip("the CLI's file form")
    store = PlanStore(district_file)
    v = store.save(_lying_versions(district_file)["gap"], author="Li", note="", problems=0)
    run = subprocess.run([sys.executable, "-m", "geodata.plan", "activate", str(district_file), str(v.version)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2 and "cannot be made active" in run.stderr and "gap" in run.stderr
    assert store.active_version() in (None, 1)
