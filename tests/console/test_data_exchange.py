"""File → Import… and Export… as a planner uses them: the proposed mapping, the preview, the
import on its worker (and a cancelled one), the export and its audit entry."""
from __future__ import annotations

import shutil

import geopandas as gpd
import pyogrio
import pytest

from console import i18n
from console.data_exchange import ImportThread
from console.main_window import MainWindow
from geodata import load_district
from geodata.audit import AuditLog
from geodata.incidents.store import IncidentStore


@pytest.fixture
def window(qtbot, tmp_path, demo_path):
    i18n.install_language("en")
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    w = MainWindow(load_district(data), store=IncidentStore(data), audit=AuditLog(tmp_path / "audit.sqlite"),
                   operator="规划员")
    qtbot.addWidget(w)
    w.show()
    return w


def survey_file(tmp_path, demo_path):
    g = gpd.read_file(demo_path, layer="grids").rename(columns={"grid_id": "网格编码", "name": "网格名称",
                                                                 "community": "所属社区", "street": "所属街道"})
    path = tmp_path / "survey.geojson"
    g.to_file(path)
    return path


def test_the_file_menu_has_import_export_and_quit(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[0] == "File"
    names = [a.text() for a in window.data_exchange.menu.actions() if a.text() and a.isVisible()]  # as shown
    assert names == ["Import…", "Export…", "Quit"]
    window.data_exchange.act_quit.trigger()
    assert not window.isVisible()


def test_import_proposes_the_mapping_previews_and_writes_the_district(window, qtbot, tmp_path, demo_path):
    dialog = window.data_exchange.open_import()
    qtbot.addWidget(dialog)
    dialog.paths["grids"].setText(str(survey_file(tmp_path, demo_path)))
    dialog._source_changed("grids")
    proposed = {dialog.mapping.item(r, 0).text(): dialog.mapping.cellWidget(r, 1).currentText()
                for r in range(dialog.mapping.rowCount())}
    assert proposed["grid_id"] == "网格编码" and proposed["name"] == "网格名称" and proposed["community"] == "所属社区"
    dialog.paths["sensors"].setText(f"{demo_path}:sensors")
    dialog.show_preview()
    assert len(dialog.preview.getPlotItem().items) == 2  # grids outlines and sensor points, nothing written
    out = tmp_path / "new.gpkg"
    assert not out.exists()
    dialog.out.setText(str(out))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.data_exchange.thread is None, timeout=60_000)
    assert out.exists() and "written" in dialog.message.text()
    d = load_district(out)
    assert len(d.grids) == 300 and len(d.sensors) == 6000 and d.grids["community"].str.len().gt(0).all()
    assert window.audit.entries("import")[-1].who == "规划员"
    saved = (tmp_path / "new.gpkg.mapping.json").read_text(encoding="utf-8")
    assert "网格名称" in saved  # the next import, CLI or dialog, reuses the corrected mapping


def test_a_cancelled_import_says_so_and_leaves_nothing(window, qtbot, tmp_path, demo_path):
    dialog = window.data_exchange.open_import()
    qtbot.addWidget(dialog)
    out = tmp_path / "never.gpkg"
    thread = ImportThread({"out": out, "sources": {"grids": str(survey_file(tmp_path, demo_path))},
                           "mapping": {}, "crs": {}}, window.data_exchange)
    thread.cancelled = True  # the operator pressed Cancel before the first step
    window.data_exchange.thread = thread
    thread.finishedWith.connect(window.data_exchange._import_done)
    dialog.set_running(True)
    thread.start()
    qtbot.waitUntil(lambda: window.data_exchange.thread is None, timeout=30_000)
    assert "cancelled" in dialog.message.text() and not out.exists() and not list(tmp_path.glob(".*partial*"))
    assert dialog.import_button.isEnabled()


def test_export_writes_the_chosen_incidents_and_is_audited(window, tmp_path):
    from widgets.export_dialog import ExportDialog

    dialog = ExportDialog(window)
    dialog.layer_boxes["grids"].setChecked(False)
    dialog.incidents.setChecked(True)
    dialog.status.setCurrentIndex(1)  # open only
    dialog.gcj02.setChecked(True)
    out = tmp_path / "open.geojson"
    written = window.data_exchange.run_export(dialog.request(), out)
    assert written == [out]
    frame = pyogrio.read_dataframe(out)
    assert len(frame) == int(window.district.incidents["status"].isin(
        ["reported", "dispatched", "accepted", "in_progress", "returned", "escalated"]).sum())
    entry = window.audit.entries("export")[-1]
    assert entry.who == "规划员" and entry.detail["crs"] == "GCJ-02"
