"""Emergency command in the console: declare, stand down to the same layout, resume after a
restart, and the scriptable drill."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import timedelta

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QSettings, Qt

from console import i18n
from console.main_window import MainWindow
from geodata import load_district
from geodata.audit import AuditLog
from geodata.incidents.records import Batch, Reading, SensorChange
from geodata.incidents.store import IncidentStore
from geodata.emergency.record import EmergencyStore
from geodata.modes import Mode
from geodata.plan.tools import MapEvent
from tests.conftest import ROOT

FOCUS = (114.0302, 22.6805)


def make_window(qtbot, data, tmp_path):
    i18n.install_language("en")
    w = MainWindow(load_district(data), operator="duty", emergencies=EmergencyStore(data),
                   settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_declare_then_stand_down_restores_the_layout(qtbot, tmp_path, district_store):
    data = district_store  # the district file, and the shared PostGIS store
    w = make_window(qtbot, data, tmp_path)
    qtbot.wait(500)  # the first layout settles

    def layout():  # what the officer sees: each panel's visibility and place on the screen
        docks = list(w.docks.values()) + list(w.emergency.docks.values())
        return [(d.objectName(), d.isVisible()) for d in docks]

    before = layout()
    opacity = {k: layer.opacity() for k, layer in w.layers.items()}
    e = w.emergency.declare("gas_leak", 2, *FOCUS, source="test")
    assert w.machine.mode is Mode.EMERGENCY and w.emergency.docks["emergency"].isVisible()
    assert w.layers["grids"].opacity() < opacity["grids"] and w.layers["grids"].isVisible()  # faded, not hidden
    assert w.emergency.panel.zones.rowCount() == 3
    w.emergency.log("order", "close the valve at the square")
    w.emergency.stand_down("leak isolated")
    qtbot.wait(500)
    assert w.machine.mode is Mode.NORMAL
    assert layout() == before
    assert {k: layer.opacity() for k, layer in w.layers.items()} == opacity
    store = EmergencyStore(data)
    assert store.active() is None
    assert [x.kind for x in store.entries(e.id)] == ["declare", "order", "stand_down"]
    assert store.picture(e.id)["zones"][0]["radius_m"] == 300


def test_a_console_that_stops_in_an_emergency_reopens_in_it(qtbot, tmp_path, district_store):
    data = district_store  # the district file, and the shared PostGIS store
    w = make_window(qtbot, data, tmp_path)
    e = w.emergency.declare("flood", 1, *FOCUS)
    with qtbot.waitSignal(w.emergency.pictureReady, timeout=10000):
        pass  # the picture fills in after the switch
    w.close()
    w2 = make_window(qtbot, data, tmp_path)
    assert w2.emergency.resume()
    assert w2.machine.mode is Mode.EMERGENCY and w2.emergency.current.id == e.id
    assert (w2.emergency.current.lon, w2.emergency.current.lat) == FOCUS


def test_drill_writes_the_report_headless(tmp_path, demo_path):
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    out = tmp_path / "report"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    res = subprocess.run([sys.executable, "main.py", "--data", str(data), "--emergency", "fire",
                          "--at", f"{FOCUS[0]},{FOCUS[1]}", "--level", "3", "--report", str(out), "--size", "1280x720",
                          ], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["type"] == "fire" and summary["level"] == 3 and summary["point"] == list(FOCUS)
    assert [z["radius_m"] for z in summary["zones"]] == [200, 500, 1000]
    assert set(summary["zones"][0]) >= {"radius_m", "grid_ids", "population", "sensor_ids", "site_ids"}
    d = [c["distance_m"] for c in summary["cameras"]]
    assert d == sorted(d)
    assert (out / "map.html").stat().st_size > 10_000 and (out / "console.png").exists()
    assert EmergencyStore(data).active() is None  # the drill's record is kept, closed
    bad = subprocess.run([sys.executable, "main.py", "--emergency", "fire", "--report", str(out)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "--at" in bad.stderr


def gas_cluster(district, n=4, within_m=300.0):
    """Ids of ``n`` gas sensors within ``within_m`` of the first of them (a hand-picked leak),
    far from any gas sensor the demo already has in alarm, so the cluster is exactly these."""
    s = district.sensors
    alarming = s[(s["kind"] == "gas") & (s["status"] == "alarm")]
    ax, ay = alarming.geometry.x.to_numpy(), alarming.geometry.y.to_numpy()
    gas = s[(s["kind"] == "gas") & (s["status"] != "alarm")]
    x, y = gas.geometry.x.to_numpy(), gas.geometry.y.to_numpy()
    for k in range(len(gas)):
        d = np.hypot(x - x[k], y - y[k])
        near = np.argsort(d)[:n]
        clear = not len(ax) or np.hypot(ax - x[k], ay - y[k]).min() > 3 * within_m
        if d[near].max() <= within_m and clear:
            return [str(v) for v in gas["sensor_id"].to_numpy()[near]]
    raise AssertionError("no gas sensors close enough together in the demo")


def test_an_alarm_cluster_raises_a_suggestion_and_only_the_officer_declares(qtbot, tmp_path, demo_path):
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    i18n.install_language("en")
    audit = AuditLog(tmp_path / "audit.sqlite")
    w = MainWindow(load_district(data), operator="duty", emergencies=EmergencyStore(data), audit=audit,
                   settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    banner = w.suggestions.banner
    assert not banner.isVisible()
    ids = gas_cluster(w.district)
    now = w.clock()
    w.live.ingest(Batch(sensors=[SensorChange(i, "alarm", 80.0, now) for i in ids[:3]]))
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert "Gas leak" in banner.text.text() and "3 Gas sensors in alarm" in banner.text.text()
    assert w.machine.mode is Mode.NORMAL  # a suggestion, never a switch
    assert w.suggestions.layer.centre is not None and len(w.suggestions.layer.members) == 3  # evidence on the map

    qtbot.mouseClick(banner.dismiss_button, Qt.LeftButton)
    assert not banner.isVisible() and w.suggestions.layer.centre is None
    assert [e.detail["members"] for e in audit.entries("suggestion_dismissed")] == [sorted(ids[:3], key=ids.index)]
    w.suggestions.check()
    assert not banner.isVisible()  # dismissed stays dismissed...
    w.live.ingest(Batch(sensors=[SensorChange(ids[3], "alarm", 90.0, now)]))
    qtbot.waitUntil(banner.isVisible, timeout=5000)  # ...until the cluster grows
    assert "4 Gas sensors" in banner.text.text() and w.machine.mode is Mode.NORMAL

    sid = banner.suggestion_id
    assert w.suggestions.declare(sid, level=2)
    assert w.machine.mode is Mode.EMERGENCY and w.emergency.current.type == "gas_leak"
    assert w.emergency.current.source.startswith("suggestion gas_cluster: 4")
    assert not banner.isVisible()
    assert any("evidence" in e.text for e in EmergencyStore(data).entries(w.emergency.current.id))
    assert audit.entries("suggestion_declared")


def test_the_panel_charts_sensors_in_the_zones_live(qtbot, tmp_path, demo_path):
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    i18n.install_language("en")
    district = load_district(data)  # read by GDAL before the console's own connections open, as the app does
    store = IncidentStore(data)
    w = MainWindow(district, operator="duty", emergencies=EmergencyStore(data), store=store,
                   settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    w.emergency.declare("gas_leak", 3, *FOCUS)
    qtbot.waitUntil(lambda: w.emergency.picture is not None, timeout=10000)
    listed = w.emergency.picture.zones[-1].sensor_ids
    charts = w.emergency.panel.charts
    assert [c.sensor_id for c in charts] == listed[:3]  # alarms first, then nearest
    sid = listed[1]
    now = w.clock()
    store.commit(Batch(readings=[Reading(sid, v, now - timedelta(minutes=10 - k)) for k, v in enumerate((1, 2, 9))]))
    w.sensor_readings_arrived({sid})
    assert list(charts[1].line.getData()[1]) == [1, 2, 9]  # the chart follows the readings as they arrive
    item = w.emergency.panel.sensors.item(2)
    w.emergency.panel.sensors.itemClicked.emit(item)  # the officer picks a sensor: it takes the first chart
    assert charts[0].sensor_id == listed[2]


def test_declare_on_an_area_drawn_on_the_map(qtbot, tmp_path, demo_path, monkeypatch):
    from widgets.declare_dialog import DeclareDialog
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    w = make_window(qtbot, data, tmp_path)
    monkeypatch.setattr(DeclareDialog, "exec", lambda self: (self.type.setCurrentIndex(0), DeclareDialog.Accepted)[1])
    x, y = (float(v) for v in w.district.from_lonlat(*FOCUS))
    corners = [(x - 400, y - 300), (x + 500, y - 250), (x + 300, y + 450), (x - 350, y + 300)]
    w.emergency.draw_area()
    for cx, cy in corners[:2]:
        w.map.tool(MapEvent("press", cx, cy))
    w.map.tool(MapEvent("key", key="Enter"))  # two corners are not an area: nothing declared
    assert w.emergency.current is None and w.emergency.sketch.message
    for cx, cy in corners[2:]:
        w.map.tool(MapEvent("press", cx, cy))
    w.map.tool(MapEvent("double", *corners[-1]))
    assert w.emergency.current is not None and w.map.tool is None
    e = EmergencyStore(data).get(w.emergency.current.id)
    assert e.type == "flood" and e.area_wkt.startswith("POLYGON") and e.source.startswith("drawn area")
    picture = w.emergency.ensure_picture()
    area = shapely.Polygon(corners)
    assert [z.radius_m for z in picture.zones] == [0.0, 500.0, 1500.0, 3000.0]  # the area, then rings around it
    grids = w.district.grids
    assert set(picture.zones[0].grid_ids) == set(grids["grid_id"][grids.intersects(area)])
    sensors = w.district.sensors
    assert set(picture.zones[0].sensor_ids) == set(sensors["sensor_id"][sensors.within(area)])


def test_the_declaration_is_centred_at_the_maps_emergency_size_and_chosen_once(qtbot, tmp_path, demo_path):
    """The emergency layout (its panel, the theme's type) resizes the map; the rings are fitted
    to the size the map then has, and the point layers choose their detail once, for that view."""
    from PySide6.QtWidgets import QApplication

    from geodata.emergency.picture import zone_outlines
    data = tmp_path / "district.gpkg"
    shutil.copyfile(demo_path, data)  # a declaration is recorded in the file
    w = make_window(qtbot, data, tmp_path)
    qtbot.wait(300)
    generation = w.lod_frame.generation
    seen = []
    w.map.viewChanged.connect(seen.append)
    w.emergency.declare("gas_leak", 2, *FOCUS, source="test")
    QApplication.sendPostedEvents()  # the first frame's layout and polish (the picture fills the panel later)
    outer = zone_outlines("gas_leak", 2, *FOCUS, w.emergency.config, None)[-1][0]
    span_px = max(min(w.map.width(), w.map.height()), 300)
    assert w.map.view_state().metres_per_px == pytest.approx(outer * 2.3 / span_px, rel=0.01)
    assert len(seen) == 1 and seen[0].rect == w.map.view_state().rect  # told once, the view it shows
    assert w.lod_frame.generation == generation + 1
    assert all(w.layers[k].view.rect == seen[0].rect for k in ("incidents", "sensors", "cameras"))
