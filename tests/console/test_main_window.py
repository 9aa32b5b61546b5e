"""The console as a user drives it: layers, clicks, F12, languages, settings."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QPalette

from console import i18n
from console.main_window import MainWindow
from geodata.audit import AuditLog
from geodata.modes import Mode


@pytest.fixture
def window(qtbot, demo_district, tmp_path):
    i18n.install_language("en")
    w = MainWindow(demo_district, operator="tester", audit=AuditLog(tmp_path / "audit.sqlite"),
                   settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(w)
    w.resize(1600, 900)
    w.show()
    qtbot.waitExposed(w)
    w.map.whole_district()
    return w


def click_map(qtbot, w, x: float, y: float) -> None:
    scene = w.map.box.mapViewToScene(QPointF(x, y))
    pos = w.map.graphics.mapFromScene(scene)
    qtbot.mouseClick(w.map.graphics.viewport(), Qt.LeftButton, pos=pos)


def test_all_layers_drawn_and_toggle_from_the_panel(window):
    w = window
    for key in ("basemap", "grids", "cameras", "sensors", "incidents"):
        assert w.layers[key].isVisible(), key
    assert not w.layers["risk"].isVisible()  # an emergency layer
    assert "sensors" in w.legend.layer_keys()
    w.layer_panel.items["sensors"].setCheckState(0, Qt.Unchecked)
    assert not w.layers["sensors"].isVisible()
    assert "sensors" not in w.legend.layer_keys()  # the legend follows what is visible
    w.layer_panel.sliders["grids"].setValue(40)
    assert w.layers["grids"].opacity() == pytest.approx(0.4)


def test_clicking_a_grid_selects_it(qtbot, window):
    w = window
    grids = w.district.grids
    # A grid's inner point, with no point feature within a few metres of it.
    for pos in range(len(grids)):
        p = grids.geometry.iloc[pos].point_on_surface()
        if all(len(w.index.points[k].nearest(p.x, p.y, 1, max_distance=30)) == 0 for k in w.index.points):
            break
    w.map.centre_on(p.x, p.y, metres_per_px=1.0)
    click_map(qtbot, w, p.x, p.y)
    truth = [g for g, geom in zip(grids["grid_id"], grids.geometry) if geom.covers(p)]
    assert w.selected is not None and w.selected.layer == "grids"
    assert grids["grid_id"].iloc[w.selected.position] == truth[0]
    values = w.inspector.values()
    assert values["Grid id"] == truth[0]
    assert int(values["Population"].replace(",", "")) == int(grids["population"].iloc[w.selected.position])
    assert int(values["Sensors"].replace(",", "")) == int((w.index.assignment["sensors"] == w.selected.position).sum())


def test_clicking_an_incident_selects_it_not_the_grid(qtbot, window):
    w = window
    pos = int(w.layers["incidents"].shown[-1])  # an open incident drawn on the map
    g = w.district.incidents.geometry.iloc[pos]
    w.map.centre_on(g.x + 3, g.y, metres_per_px=1.0)
    click_map(qtbot, w, g.x + 3, g.y)  # 3 m off: within the click tolerance
    assert (w.selected.layer, w.selected.position) == ("incidents", pos)
    assert w.district.incidents["incident_id"].iloc[pos] in w.inspector.title.text()
    assert w.selection.geometry.equals(g)


def test_f12_switches_to_emergency_and_back_and_is_audited(qtbot, window):
    w = window
    w.activateWindow()
    sheet = w.styleSheet()
    qtbot.keyClick(w, Qt.Key_F12)
    assert w.machine.mode is Mode.EMERGENCY
    assert w.banner.isVisible() and "EMERGENCY" in w.banner.text()
    qtbot.waitUntil(lambda: w.palette().color(QPalette.Window).name() == "#07090c")  # dark, as a palette...
    assert w.styleSheet() == sheet  # ...so nothing is polished again
    assert w.grab().toImage().pixelColor(1, w.height() // 2).name() == "#ff1f1f"  # the red edge
    assert w.layers["risk"].isVisible()  # emergency layers shown...
    assert w.layers["incidents"].zValue() > w.layers["grids"].zValue() + 50  # ...and to the front
    assert w.font().pixelSize() > 0
    emergency_px = w.font().pixelSize()
    qtbot.keyClick(w, Qt.Key_F12)
    assert w.machine.mode is Mode.NORMAL
    assert not w.banner.isVisible() and not w.layers["risk"].isVisible()
    assert not w.edge_frame.isVisible() and w.contentsMargins().left() == 0  # the edge laid nothing out
    assert w.grab().toImage().pixelColor(1, w.height() // 2).name() != "#ff1f1f"
    assert w.font().pixelSize() < emergency_px  # emergency type is larger
    log = [(e.who, e.detail["from"], e.detail["to"]) for e in w.audit.entries("mode_switch")]
    assert log == [("tester", "normal", "emergency"), ("tester", "emergency", "normal")]


def test_toolbar_button_switches_mode(window):
    window.act_emergency.trigger()
    assert window.machine.mode is Mode.EMERGENCY and window.act_emergency.isChecked()


def test_language_switch_retranslates_everything(window):
    w = window
    w.set_language("zh_CN")
    try:
        assert w.docks["layers"].windowTitle() == "图层"
        assert w.act_home.text() == "全区视图"
        assert w.layer_panel.items["sensors"].text(0) == "传感器"
        assert "网格" in w.counts_label.text()
        assert w.legend.topLevelItem(0).text(0) == "事件"
    finally:
        w.set_language("en")
    assert w.docks["layers"].windowTitle() == "Layers"


def test_level_of_detail_follows_zoom(qtbot, window):
    w = window
    sensors, cameras = w.layers["sensors"], w.layers["cameras"]
    w.map.whole_district()
    assert sensors.mode == "density"
    alarms = np.flatnonzero(sensors.status == "alarm")
    assert set(alarms) <= set(sensors.shown.tolist())  # nothing urgent disappears
    assert not cameras.cones_shown
    c = w.district.cameras.geometry.iloc[0]
    w.map.centre_on(c.x, c.y, metres_per_px=0.5)
    assert sensors.mode == "points" and cameras.mode == "points"
    assert cameras.cones_shown and not cameras.cones.path().isEmpty()
    assert w.layers["grids"].labels_shown()


def test_view_cones_kept_for_the_cameras_in_view_drawn_by_tile(monkeypatch, window):
    """With more cameras in the frame than cones it may hold, the cones kept are those nearest
    the view (not the first by number), and a frame draws only the tiles near the view."""
    import layers.cameras as cam_mod
    w = window
    cameras = w.layers["cameras"]
    online = np.flatnonzero(cameras.status == "online")
    c = cameras
    mid = online[len(online) // 2]
    w.map.centre_on(float(c.x[mid]), float(c.y[mid]), metres_per_px=1.0)
    framed = c.cones.cameras.copy()  # every online camera of the frame: under the cap
    rect = w.map.view_state().rect
    centre = rect.center()
    reach = np.hypot(rect.width(), rect.height()) / 2
    dist = np.hypot(c.x[framed] - centre.x(), c.y[framed] - centre.y())
    cap = int((dist <= reach).sum())
    assert 0 < cap < len(framed)
    in_view = [i for i in framed if rect.contains(float(c.x[i]), float(c.y[i]))]
    assert in_view and not set(in_view) <= set(framed[:cap].tolist())  # what the first by number would miss
    monkeypatch.setattr(cam_mod, "CONE_MAX_COUNT", cap)
    w.map.pan_by(4.0, 0.0)
    w.map.pan_by(-4.0, 0.0)  # out of the frame and back: its cones are chosen again, under the cap
    kept = set(c.cones.cameras.tolist())
    assert c.cones_shown and len(kept) == cap and set(in_view) <= kept
    whole = c.cones.path()
    near = c.cones.tiles_for(rect)
    assert near and sum(p.elementCount() for p in near) < whole.elementCount()


def test_new_incident_pulses_and_is_drawn(window):
    layer = window.layers["incidents"]
    g = window.district.grids.geometry.iloc[0].point_on_surface()
    pos = layer.add(g.x, g.y, severity=4)
    assert layer.pulse.pulses and layer.pulse.timer.isActive()
    assert pos in set(layer.shown.tolist())


def test_incident_list_centres_map_on_choice(qtbot, window):
    w = window
    w.incident_list.table.selectRow(0)
    pos = w.selected.position
    g = w.district.incidents.geometry.iloc[pos]
    centre = w.map.box.viewRect().center()
    assert w.selected.layer == "incidents"
    assert abs(centre.x() - g.x) < 5 and abs(centre.y() - g.y) < 5
    assert w.book.status[pos] != "closed"


def test_layout_and_layers_persist(qtbot, demo_district, tmp_path):
    ini = str(tmp_path / "s.ini")
    w = MainWindow(demo_district, settings=QSettings(ini, QSettings.IniFormat))
    qtbot.addWidget(w)
    w.layer_panel.items["cameras"].setCheckState(0, Qt.Unchecked)
    w.layer_panel.sliders["grids"].setValue(55)
    w.close()
    again = MainWindow(demo_district, settings=QSettings(ini, QSettings.IniFormat))
    qtbot.addWidget(again)
    assert not again.layers["cameras"].isVisible() and not again.layer_panel.is_checked("cameras")
    assert again.layers["grids"].opacity() == pytest.approx(0.55)


def test_scale_bar_is_a_round_length_matching_the_view(window):
    metres, px = window.map.overlay.scale_bar()
    assert metres in {m * 10 ** k for m in (1, 2, 5) for k in range(0, 6)}
    assert px * window.map.view_state().metres_per_px == pytest.approx(metres)


def test_a_dialog_opened_in_emergency_mode_takes_its_colours(qtbot, window):
    """The window's panels change palette at once; dialogs and menus opened later take the
    application's, which follows a turn later."""
    from PySide6.QtWidgets import QApplication, QDialog, QLabel
    window.machine.switch(Mode.EMERGENCY, "tester")
    assert window.incident_list.palette().color(QPalette.Window).name() == "#07090c"  # no turn needed
    qtbot.waitUntil(lambda: QApplication.palette().color(QPalette.Window).name() == "#07090c")
    dialog = QDialog(window)
    label = QLabel("Stand down?", dialog)
    assert label.palette().color(QPalette.WindowText).name() == "#f5f7fa"
    assert label.font().pixelSize() >= 12  # the console's type, not Qt's default points
    window.machine.switch(Mode.NORMAL, "tester")
    qtbot.waitUntil(lambda: QApplication.palette().color(QPalette.Window).name() == "#eef2f6")
    dialog.deleteLater()
