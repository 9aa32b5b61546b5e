"""A console restarted in the middle of an emergency: it resumes with the emergency's real start
time, and after stand-down the normal layout is back exactly as the officer left it — through
this start and every later one."""
from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QSettings

from console import i18n
from console.main_window import MainWindow
from geodata import load_district
from geodata.emergency.record import EmergencyStore
from geodata.incidents.store import IncidentStore
from geodata.localtime import utc_now
from geodata.modes import Mode


def start(qtbot, data, ini):
    i18n.install_language("en")
    store = IncidentStore(data)
    w = MainWindow(load_district(data), operator="duty", store=store, emergencies=EmergencyStore(store.store),
                   settings=QSettings(str(ini), QSettings.IniFormat))
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    return w


def layout(w):
    docks = list(w.docks.values()) + list(w.emergency.docks.values())
    return {d.objectName(): d.isVisible() for d in docks}, {k: round(layer.opacity(), 3) for k, layer in w.layers.items()}


def test_a_restart_mid_emergency_keeps_the_normal_layout_and_the_real_start(qtbot, district_store, tmp_path):
    ini = tmp_path / "settings.ini"
    first = start(qtbot, district_store, ini)
    first.docks["inspector"].hide()  # the officer's own normal layout
    first.layer_panel.sliders["grids"].setValue(80)
    qtbot.wait(200)
    normal = layout(first)
    declared = utc_now() - timedelta(minutes=42)
    e = first.emergency.store.declare("flood", 3, 114.03, 22.68, "duty", at=declared)
    first.emergency.resume()
    qtbot.wait(200)
    assert first.machine.mode is Mode.EMERGENCY and layout(first) != normal
    first.close()  # saves the settings, in the middle of the emergency
    first.live.store.close()  # the process ends (and GDAL must find no connection of ours on the file)

    second = start(qtbot, district_store, ini)
    assert not any(d.isVisible() for d in second.emergency.docks.values())  # before the resume: none
    assert second.emergency.resume() and second.emergency.current.id == e.id
    assert second.machine.elapsed() >= timedelta(minutes=42)  # the real start, not the restart
    second._tick_banner()
    assert "00:4" in second.banner.text()
    second.emergency.stand_down("water receded")
    qtbot.wait(600)
    assert second.machine.mode is Mode.NORMAL
    assert layout(second) == normal
    second.close()
    second.live.store.close()

    third = start(qtbot, district_store, ini)  # and at every later start
    qtbot.wait(200)
    assert layout(third) == normal
    assert not third.emergency.ask_stand_down()  # nothing open: nothing to stand down, no dialog


def test_the_status_bar_shows_who_is_on_duty_and_the_time_with_its_zone(qtbot, district_store, tmp_path):
    from datetime import datetime, timezone
    i18n.install_language("en")
    w = MainWindow(load_district(district_store), operator="duty Chen", role="duty_officer",
                   clock=lambda: datetime(2026, 12, 1, 6, 30, 5, tzinfo=timezone.utc))
    qtbot.addWidget(w)
    w._show_duty()
    assert w.duty_label.text() == "On duty: duty Chen (Duty officer) · 2026-12-01 14:30:05 CST (UTC+8)"
    i18n.install_language("zh_CN")
    qtbot.waitUntil(lambda: "值班" in w.duty_label.text(), timeout=3000)
    assert "北京时间 2026-12-01 14:30:05" in w.duty_label.text()
    i18n.install_language("en")
