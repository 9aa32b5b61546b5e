"""A redraw that takes effect safely: the planner sees what moves before confirming, and after
activation the running console places new incidents, draws and lists by the new grids at once
(its own feed included); the store refuses a plan unfit to govern, and audits both."""
from __future__ import annotations

import json
import shutil
import socket

import numpy as np
import pytest
import shapely

from console import i18n
from console.feed_worker import FeedPlan
from console.main_window import MainWindow
from geodata import load_district
from geodata.incidents.store import IncidentStore
from geodata.plan import edits
from geodata.plan.history import EditHistory
from geodata.plan.model import GridPlan
from geodata.plan.preview import activation_preview
from geodata.plan.versions import PlanStore
from tests.conftest import DEMO, plain_sql, refuse_in_database


def moved_version(path):
    """Save a version that moves a corner four grids share by 120 m; returns (version, the
    point that changes grid, its grid before, after)."""
    plan = GridPlan(load_district(path))
    history = EditHistory(plan)
    for x, y in shapely.get_coordinates(plan.geoms[0]):
        holders = [p for p in plan.grids_at((x, y, x, y))
                   if (shapely.get_coordinates(plan.geoms[p]) == (x, y)).all(1).any()]
        if len(holders) >= 3:
            break
    before = {p: plan.geoms[p] for p in holders}
    history.push(edits.move_vertex(plan, (x, y), (x + 120, y + 80)))
    assert plan.report.is_valid
    # a point that left one grid for another
    for p in holders:
        gained = plan.geoms[p].difference(before[p])
        if gained.area > 100:
            point = gained.representative_point()
            old = next(q for q in holders if before[q].contains(point))
            v = PlanStore(path).save(plan.frame(), author="planner", note="move a corner", problems=0)
            return v.version, point, plan.grid_id(old), plan.grid_id(p)
    raise AssertionError("the move changed no area")


def test_the_preview_counts_what_moves_as_a_brute_force_count_does(tmp_path, demo_district):
    data = tmp_path / "d.gpkg"
    shutil.copy(DEMO, data)
    version, *_ = moved_version(data)
    d = load_district(data)
    from geodata.spatial_index import CityIndex
    index = CityIndex.from_district(d)
    frame = PlanStore(data).grids(version, d.metric_crs)
    status = d.incidents["status"].to_numpy()
    open_mask = np.isin(status, ("reported", "dispatched", "accepted", "in_progress", "returned", "escalated"))
    xy = (d.incidents.geometry.x.to_numpy(), d.incidents.geometry.y.to_numpy())
    p = activation_preview(version, d, index, open_mask, xy, frame)

    sx, sy = d.point_xy("sensors")
    points = shapely.points(sx, sy)

    def owners(frame_) -> np.ndarray:
        """Each sensor's grid by testing it against every grid (the lowest id where two touch)."""
        out = np.full(len(points), "", dtype=object)
        for gid, geom in sorted(zip(frame_.grid_id.astype(str), frame_.geometry.values), reverse=True):
            out[shapely.covers(geom, points)] = gid
        return out
    brute = int((owners(d.grids) != owners(frame)).sum())
    assert brute > 0 and p.moved["sensors"] == brute
    assert not p.added and not p.retired
    assert len(p.workload) == len(frame) and all(np.isfinite(a) for _, _, a in p.workload)


def test_activation_in_a_running_console_takes_effect_at_once(qtbot, tmp_path, monkeypatch):
    i18n.install_language("en")
    data = tmp_path / "d.gpkg"
    shutil.copy(DEMO, data)
    version, point, old_grid, new_grid = moved_version(data)
    district = load_district(data)
    w = MainWindow(district, operator="planner Li", role="planner", store=IncidentStore(data))
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(20)
    w.role = "admin"  # the feed needs a role that stores incidents; the planner's rights are checked below
    w.live.start(FeedPlan(tcp=f"tcp://127.0.0.1:{server.getsockname()[1]}"))
    conn, _ = server.accept()
    w.role = "planner"
    try:
        assert w.index.grid_id_of(point.x, point.y) == old_grid
        asked = []
        plan = w.planning
        plan.set_editing(True)

        def run_dialog(dialog):
            dialog.confirm = lambda summary, detail: asked.append((summary, detail)) or True
            row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == str(version))
            dialog.table.selectRow(row)
            dialog.activate_selected()
        monkeypatch.setattr("widgets.plan_versions.PlanVersionsDialog.exec", run_dialog)
        plan.versions_dialog()
        assert asked and "moves" in asked[0][0] and "sensors" in asked[0][0]
        assert PlanStore(data).active_version() == version
        # the map, the index and the list follow at once
        assert w.index.grid_id_of(point.x, point.y) == new_grid
        # and the console's own feed places a new incident by the new grids
        lon, lat = (float(v) for v in district.to_lonlat(point.x, point.y))
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                   "properties": {"incident_id": "AFTER-1", "category": "sanitation", "severity": 2}}
        conn.sendall((json.dumps(feature) + "\n").encode())
        qtbot.waitUntil(lambda: "AFTER-1" in w.book.positions, timeout=15000)
        stored = plain_sql(data, "SELECT grid_id FROM incidents WHERE incident_id = 'AFTER-1'")
        assert stored == [(new_grid,)]
        audit = plain_sql(data, "SELECT who, detail FROM gridtwin_audit WHERE action = 'plan_activate'")
        assert audit and json.loads(audit[-1][1])["version"] == version
    finally:
        conn.close()
        server.close()
        w.live.stop()


def test_activation_moves_open_incidents_to_the_grid_now_covering_them(district_store):
    d = load_district(district_store)
    version, point, old_grid, new_grid = moved_version(district_store)
    lon, lat = (float(v) for v in d.to_lonlat(point.x, point.y))
    from datetime import timedelta
    from geodata.incidents.records import Batch, IncidentRecord
    from geodata.localtime import utc_now
    from geodata.store import open_store
    t = utc_now()
    open_store(district_store).commit(Batch(incidents=[IncidentRecord(
        "MOVES-1", "sanitation", 2, "reported", "hotline", t, lon, lat, old_grid, 0, t + timedelta(hours=2), "tcp")]))
    PlanStore(district_store).activate(version)
    assert plain_sql(district_store, "SELECT grid_id FROM incidents WHERE incident_id = 'MOVES-1'") == [(new_grid,)]


def test_a_viewer_cannot_activate_through_the_console(qtbot, tmp_path, monkeypatch):
    i18n.install_language("en")
    data = tmp_path / "d.gpkg"
    shutil.copy(DEMO, data)
    version, *_ = moved_version(data)
    w = MainWindow(load_district(data), operator="viewer", role="viewer", store=IncidentStore(data))
    qtbot.addWidget(w)
    seen = []
    monkeypatch.setattr("widgets.plan_versions.PlanVersionsDialog.exec", lambda dialog: seen.append(dialog))
    w.planning.versions_dialog()
    dialog = seen[-1]
    dialog.table.selectRow(0)
    dialog.activate_selected()
    assert "may not" in dialog.message.text()
    assert PlanStore(data).active_version() in (None, 1)


@pytest.mark.parametrize("claimed", [0])
def test_the_store_refuses_a_broken_plan_even_from_the_console_path(tmp_path, claimed):
    data = tmp_path / "d.gpkg"
    shutil.copy(DEMO, data)
    frame = load_district(data).grids.copy()
    frame.loc[frame.index[0], "geometry"] = frame.geometry.iloc[0].buffer(-40)  # a gap around grid 0
    store = PlanStore(data)
    v = store.save(frame, author="Li", note="", problems=claimed)
    from geodata.plan.versions import PlanStoreError
    with pytest.raises(PlanStoreError, match="gap"):
        store.activate(v.version)
    assert len(load_district(data).grids) == 300


def _open_incident_at(where, point, grid_id, district, ident="MOVES-1"):
    from datetime import timedelta
    from geodata.incidents.records import Batch, IncidentRecord
    from geodata.localtime import utc_now
    from geodata.store import open_store
    lon, lat = (float(v) for v in district.to_lonlat(point.x, point.y))
    t = utc_now()
    open_store(where).commit(Batch(incidents=[IncidentRecord(
        ident, "sanitation", 2, "reported", "hotline", t, lon, lat, grid_id, 0, t + timedelta(hours=2), "tcp")]))


def test_activation_happens_entirely_or_not_at_all(district_store):
    d = load_district(district_store)
    version, point, old_grid, new_grid = moved_version(district_store)
    _open_incident_at(district_store, point, old_grid, d)
    before = plain_sql(district_store, "SELECT COUNT(*) FROM gridtwin_changes WHERE kind = 'plan'")
    grids_before = load_district(district_store).grids.set_index("grid_id").geometry
    refuse_in_database(district_store, "incidents", "grid_id", new_grid, event="UPDATE")
    with pytest.raises(Exception, match="refused by a test trigger"):
        PlanStore(district_store).activate(version)
    assert PlanStore(district_store).active_version() in (None, 1)
    assert plain_sql(district_store, "SELECT grid_id FROM incidents WHERE incident_id = 'MOVES-1'") == [(old_grid,)]
    assert plain_sql(district_store, "SELECT COUNT(*) FROM gridtwin_changes WHERE kind = 'plan'") == before
    after = load_district(district_store).grids.set_index("grid_id").geometry
    assert after.loc[grids_before.index].geom_equals_exact(grids_before, 1e-6).all()


def test_the_headless_intake_places_by_a_plan_made_active_elsewhere(tmp_path):
    from geodata.feeds.intake import Intake, SensorTable
    from geodata.feeds.messages import RawMessage
    from geodata.feeds.serve import PlanWatch
    from geodata.incidents.deadlines import DeadlineTable
    from geodata.store import open_store
    data = tmp_path / "d.gpkg"
    shutil.copy(DEMO, data)
    version, point, old_grid, new_grid = moved_version(data)
    d = load_district(data)
    store = open_store(data)
    intake = Intake(d.grids.geometry.values, d.grids["grid_id"].to_numpy(), d.metric_crs, DeadlineTable.load(),
                    SensorTable.from_district(d), set())
    watch = PlanWatch(store, d.metric_crs, intake, every_s=0.0)
    lon, lat = (float(v) for v in d.to_lonlat(point.x, point.y))

    def place(ident):
        line = json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                           "properties": {"incident_id": ident, "category": "sanitation", "severity": 2}})
        return intake.take([RawMessage("tcp", line)]).incidents[0].grid_id
    assert place("BEFORE-1") == old_grid
    assert watch.poll() is None  # nothing changed
    PlanStore(data).activate(version)  # at another console
    assert watch.poll() == version
    assert place("AFTER-1") == new_grid


def test_watching_the_plan_never_stops_the_intake_when_the_store_is_away(tmp_path):
    from geodata.feeds.serve import PlanWatch
    from geodata.store import StoreUnavailable

    class Away:
        def last_change(self):
            return 7

        def changes_since(self, seq):
            raise StoreUnavailable("the server went away")
    watch = PlanWatch(Away(), None, intake=None, every_s=0.0)
    assert watch.poll() is None and "went away" in watch.error
