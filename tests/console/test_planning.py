"""Boundary editing in the console, driven as a planner drives it: mouse drags, keys, panels, saving."""
from __future__ import annotations


import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtTest import QTest

from console import i18n
from console.main_window import MainWindow
from geodata import load_district
from geodata.audit import AuditLog
from geodata.plan.versions import PlanStore


@pytest.fixture
def district(district_store):
    """The demo district, from its file and from the shared PostGIS store."""
    return load_district(district_store)


def make_window(qtbot, district, tmp_path, role):
    i18n.install_language("en")
    w = MainWindow(district, operator="planner Li", role=role, audit=AuditLog(tmp_path / "audit.sqlite"),
                   settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(w)
    w.resize(1600, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def planner(qtbot, district, tmp_path):
    w = make_window(qtbot, district, tmp_path, "planner")
    w.planning.act_edit.trigger()
    assert w.planning.editing
    return w


def screen(w, x, y):
    return w.map.graphics.mapFromScene(w.map.box.mapViewToScene(QPointF(x, y)))


def drag(qtbot, w, start, end, steps=6, modifier=Qt.NoModifier):
    vp = w.map.graphics.viewport()
    QTest.mousePress(vp, Qt.LeftButton, modifier, screen(w, *start))
    for k in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * k / steps
        y = start[1] + (end[1] - start[1]) * k / steps
        QTest.mouseMove(vp, screen(w, x, y))
        qtbot.wait(5)
    QTest.mouseRelease(vp, Qt.LeftButton, modifier, screen(w, *end))


def shared_vertex(plan):
    from geodata.plan.edits import vertex_holders
    for pos in plan.live_positions():
        for x, y in shapely.get_coordinates(plan.geoms[pos])[:-1]:
            if len(vertex_holders(plan, x, y)) >= 3:
                return float(x), float(y)
    raise AssertionError("no shared vertex")


def test_only_planners_edit_and_never_in_emergency(qtbot, district, tmp_path):
    officer = make_window(qtbot, district, tmp_path, "duty_officer")
    assert not officer.planning.act_edit.isEnabled()
    officer.planning.act_edit.trigger()
    assert not officer.planning.editing and officer.map.tool is None

    w = make_window(qtbot, district, tmp_path / "p", "planner") if (tmp_path / "p").mkdir() is None else None
    w.planning.act_edit.trigger()
    assert w.planning.editing and w.planning.docks["coverage"].isVisible()
    w.machine.toggle("duty")  # F12: emergency
    assert not w.planning.editing and not w.planning.act_edit.isEnabled()
    assert w.map.tool is None and not w.planning.layer.isVisible()
    w.machine.toggle("duty")
    assert w.planning.act_edit.isEnabled()


def test_dragging_a_vertex_with_the_mouse_is_one_undo_step(qtbot, planner):
    w, plan = planner, planner.planning.plan
    v = shared_vertex(plan)
    original = list(plan.geoms)
    w.map.centre_on(*v, metres_per_px=1.0)
    drag(qtbot, w, v, (v[0] + 60, v[1] + 40))
    assert w.planning.stack.count() == 1
    assert w.planning.stack.undoText() == "Move vertex"
    moved = [p for p in range(len(original)) if plan.geoms[p] is not original[p]]
    assert len(moved) >= 3  # every grid holding the vertex followed
    assert plan.report.is_valid
    assert "valid" in w.planning.coverage_panel.verdict.text()
    # before/after of the edit, once the drag settles
    qtbot.waitUntil(lambda: w.planning.balance_panel.changes.rowCount() == len(moved), timeout=3000)
    QTest.keyClick(w, Qt.Key_Z, Qt.ControlModifier)
    assert all(a is b for a, b in zip(original, plan.geoms))
    QTest.keyClick(w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert plan.geoms[moved[0]] is not original[moved[0]]


def test_problems_are_listed_and_block_an_active_save(qtbot, planner):
    w, plan = planner, planner.planning.plan
    v = shared_vertex(plan)
    w.map.centre_on(*v, metres_per_px=4.0)
    drag(qtbot, w, v, (v[0] + 1500, v[1]), steps=3)   # far over the neighbours
    assert not plan.report.is_valid
    panel = w.planning.coverage_panel
    assert panel.list.count() == len(plan.report.problems) > 0
    assert "draft" in panel.verdict.text()
    panel.list.itemClicked.emit(panel.list.item(0))  # go to the problem
    problem = plan.report.problems[0].geometry
    centre = w.map.view_state().rect.center()
    assert shapely.distance(problem, shapely.Point(centre.x(), centre.y())) < 5

    from geodata.plan.versions import PlanStoreError
    with pytest.raises(PlanStoreError):
        w.planning.save("bad plan", activate=True)
    version = w.planning.save("work in progress", activate=False)
    store = PlanStore(w.district.store_url or w.district.path)
    assert [v.version for v in store.versions()] == [1, version]
    assert store.versions()[-1].is_draft and store.active_version() == 1
    assert w.audit.entries("plan_saved")[-1].detail["version"] == version


def test_split_by_drawing_then_merge_the_chosen_grids(qtbot, planner):
    w, plan = planner, planner.planning.plan
    pos = 40
    g = plan.geoms[pos]
    minx, miny, maxx, maxy = g.bounds
    cy = g.centroid.y
    w.map.centre_on(g.centroid.x, cy, metres_per_px=(maxx - minx) / 500)
    QTest.keyClick(w, Qt.Key_X)
    assert w.planning.tool.name == "split"
    vp = w.map.graphics.viewport()
    QTest.mouseClick(vp, Qt.LeftButton, Qt.NoModifier, screen(w, minx - 30, cy))
    QTest.mouseClick(vp, Qt.LeftButton, Qt.NoModifier, screen(w, maxx + 30, cy + 10))
    w.map.setFocus()
    QTest.keyClick(w.map, Qt.Key_Return)
    from geodata.gridcode import next_in_community
    new_id = next_in_community(plan.grid_id(pos), set(w.district.grids["grid_id"]))  # GB/T 30428.1 numbering
    assert new_id in plan.known_ids(), w.statusBar().currentMessage()
    assert plan.report.is_valid
    assert w.planning.stack.undoText().startswith("Split grid")

    QTest.keyClick(w, Qt.Key_V)
    for p in (pos, plan.position_of(new_id)):
        inner = plan.geoms[p].point_on_surface()
        QTest.mouseClick(vp, Qt.LeftButton, Qt.NoModifier, screen(w, inner.x, inner.y))
    assert sorted(w.planning.chosen) == sorted([pos, plan.position_of(new_id)])
    # The inspector shows the new grid with its live figures.
    values = w.inspector.values()
    assert values["Grid id"] == new_id
    pp = plan.balance.compactness[plan.position_of(new_id)]
    assert values["Compactness (Polsby–Popper)"] == f"{pp:.2f}" and 0 < pp < 1
    QTest.keyClick(w, Qt.Key_M)
    assert new_id not in {plan.grid_id(p) for p in plan.live_positions()}
    assert plan.geoms[pos].area == pytest.approx(g.area, rel=1e-9)
    assert plan.report.is_valid
    # The map's grid layer follows: a retired grid draws nothing.
    _coords, owner, _connect = w.layers["grids"]._rings
    assert len(owner) and not (owner == len(plan.geoms) - 1).any()


def test_a_window_closed_while_editing_reopens_out_of_edit_mode(qtbot, district, tmp_path):
    w = make_window(qtbot, district, tmp_path, "planner")
    w.planning.act_edit.trigger()
    assert w.planning.docks["balance"].isVisible()
    w.save_settings()
    again = make_window(qtbot, district, tmp_path, "planner")  # same settings file
    assert not again.planning.editing
    assert not again.planning.docks["balance"].isVisible() and not again.planning.toolbar.isVisible()


def test_the_balance_follows_every_step_of_a_drag_before_the_release(qtbot, planner):
    w, plan = planner, planner.planning.plan
    panel = w.planning.balance_panel
    v = shared_vertex(plan)
    w.map.centre_on(*v, metres_per_px=1.0)
    vp = w.map.graphics.viewport()
    QTest.mousePress(vp, Qt.LeftButton, Qt.NoModifier, screen(w, *v))
    seen = []
    for k in range(1, 5):
        QTest.mouseMove(vp, screen(w, v[0] + 25 * k, v[1] + 15 * k))
        # no wait for a settle timer: the panel already shows this step's workloads
        edited = set(panel._edit[1])
        shown = panel.bands["over"].yData + panel.bands["fair"].yData + panel.bands["under"].yData
        live = np.flatnonzero(plan.balance.alive)
        assert np.allclose(shown, np.sort(plan.balance.deviation[live])[::-1]), k  # this step's profile
        seen.append((frozenset(edited), panel.changes.rowCount()))
    QTest.mouseRelease(vp, Qt.LeftButton, Qt.NoModifier, screen(w, v[0] + 100, v[1] + 60))
    assert all(edited and rows == len(edited) for edited, rows in seen), seen  # the edit's grids, mid-drag


def test_a_planner_asks_for_balanced_proposals_and_takes_one_into_a_draft(qtbot, planner):
    w = planner
    assert w.planning.act_propose.isEnabled()
    dialog = w.planning.propose_dialog()
    qtbot.addWidget(dialog)
    communities = [k for k in range(dialog.area.count()) if dialog.area.itemData(k)[0] == "community"]
    sizes = [int((w.district.grids["community"].astype(str) == dialog.area.itemData(k)[1]).sum()) for k in communities]
    dialog.area.setCurrentIndex(communities[int(np.argmax(sizes))])
    dialog.tolerance.setValue(15)
    dialog.steps.setValue(40)
    dialog.count.setValue(2)
    qtbot.mouseClick(dialog.run_button, Qt.LeftButton)
    assert not dialog.run_button.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.result is not None or "No proposal" in dialog.message.text(), timeout=60000)
    assert dialog.result is not None, dialog.message.text()
    assert dialog.table.rowCount() == 3 and dialog.progress.value() == 100
    now = float(dialog.table.item(0, 1).text().rstrip(" %"))
    best = float(dialog.table.item(1, 1).text().rstrip(" %"))
    assert best < now
    assert all(len(p.items) > 0 for p in dialog.previews[:3])  # side by side: the plan in force and two proposals
    assert dialog.draft_button.isEnabled()
    before = len(w.planning.store().versions())
    qtbot.mouseClick(dialog.draft_button, Qt.LeftButton)
    assert "draft version" in dialog.message.text(), dialog.message.text()
    versions = w.planning.store().versions()
    assert len(versions) == before + (2 if before == 0 else 1) and not versions[-1].active
    assert "ReCom proposal" in versions[-1].note


def test_a_running_proposal_can_be_cancelled(qtbot, planner):
    dialog = planner.planning.propose_dialog()
    qtbot.addWidget(dialog)
    dialog.steps.setValue(5000)
    dialog.keep.setChecked(False)
    dialog.start()
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60000)
    assert "cancelled" in dialog.message.text() and dialog.result is None
