"""Emergency command in the console: declare, stand down to the same layout, resume after a
restart, and the scriptable drill."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from PySide6.QtCore import QSettings

from console import i18n
from console.main_window import MainWindow
from geodata import load_district
from geodata.emergency.record import EmergencyStore
from geodata.modes import Mode
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


def test_declare_then_stand_down_restores_the_layout(qtbot, tmp_path, demo_path):
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
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


def test_a_console_that_stops_in_an_emergency_reopens_in_it(qtbot, tmp_path, demo_path):
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
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
                          "--audit", str(tmp_path / "a.sqlite")], cwd=ROOT, env=env, capture_output=True, text=True,
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
