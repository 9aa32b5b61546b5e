"""What a duty officer expects is there: Quit, Help with every shortcut, About, go to a grid by
code or name, the plan history read-only outside editing, who is on duty."""
from __future__ import annotations

import shutil

import pytest
import shapely
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QTableWidget

from console import i18n
from console.help import shortcuts
from console.main_window import MainWindow
from geodata import load_district
from geodata.incidents.store import IncidentStore
from tests.conftest import DEMO


@pytest.fixture
def window(qtbot, demo_district, tmp_path):
    i18n.install_language("en")
    w = MainWindow(demo_district, operator="tester", settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(w)
    w.resize(1600, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_help_lists_every_shortcut_with_what_it_does(qtbot, window):
    rows = dict(shortcuts(window))
    for keys in ("F12", "Ctrl+D", "Ctrl+E", "Ctrl+K", "Ctrl+M", "Ctrl+G", "F1"):
        assert keys in rows, sorted(rows)
    assert "Emergency mode" in rows["F12"] and "(F12)" not in rows["F12"]
    assert any("Quit" in what for what in rows.values())
    dialog = window.help.show_shortcuts(modal=False)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and "shortcuts" in dialog.windowTitle().lower()
    assert dialog.findChild(QTableWidget).rowCount() == len(rows)
    about = window.help.show_about(modal=False)
    qtbot.addWidget(about)
    text = " ".join(label.text() for label in about.findChildren(type(window.duty_label)))
    assert window.district.name in text and "UTC+8" in text and "PySide6" in text


def test_go_to_grid_by_code_or_name(qtbot, window):
    grids = window.district.grids
    code, name = str(grids["grid_id"].iloc[17]), str(grids["name"].iloc[17])
    qtbot.keyClick(window, Qt.Key_G, Qt.ControlModifier)
    assert QApplication.focusWidget() is window.goto.field
    window.goto.field.setText(code)
    qtbot.keyClick(window.goto.field, Qt.Key_Return)
    assert window.selected is not None and (window.selected.layer, window.selected.position) == ("grids", 17)
    centre = window.map.box.viewRect().center()
    assert grids.geometry.iloc[17].buffer(1).contains(shapely.Point(centre.x(), centre.y()))
    assert window.goto.go(name) == 17
    assert window.goto.go(f"{code} · {name}") == 17  # as the completer offers it
    assert window.goto.go("no such grid") is None and "No grid matches" in window.statusBar().currentMessage()
    assert window.goto.go(code[:6]) is None and "grids match" in window.statusBar().currentMessage()


def test_the_plan_history_opens_read_only_outside_editing(qtbot, tmp_path, monkeypatch):
    i18n.install_language("en")
    data = tmp_path / "district.gpkg"
    shutil.copy(DEMO, data)
    w = MainWindow(load_district(data), operator="plan", role="planner", store=IncidentStore(data))
    qtbot.addWidget(w)
    w.show()
    plan = w.planning
    assert not plan.editing and plan.act_versions.isEnabled()
    opened = []
    monkeypatch.setattr("widgets.plan_versions.PlanVersionsDialog.exec", lambda self: opened.append(self))
    plan.versions_dialog()
    dialog = opened[-1]
    assert not dialog.btn_activate.isEnabled() and "Read-only" in dialog.btn_activate.toolTip()
    assert "read-only" in dialog.windowTitle()
    plan.set_editing(True)
    plan.versions_dialog()
    assert opened[-1].btn_activate.isEnabled()
    plan.set_editing(False)
    w.role = "viewer"
    plan.versions_dialog()
    assert "may not do this" in opened[-1].btn_activate.toolTip()
