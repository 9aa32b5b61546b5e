"""Boundary editing in the console: edit mode, tools, undo stack, coverage and balance panels, versions.

The geodata plan does the work; this module mirrors its edits onto a QUndoStack, turns
map events into tool calls, and keeps the map and panels in step with each change.
Only planners may edit, and never in emergency mode.
"""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QActionGroup, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMessageBox, QToolBar

from console.actions import window_action
from geodata.modes import Mode
from geodata.plan import edits
from console.messages import tr_message
from geodata.plan.edits import Edit, EditError
from geodata.plan.model import EditOutcome, GridChange, GridPlan, GridState
from geodata.plan.snapping import Snapper
from geodata.plan.tools import TOOLS, MapEvent
from geodata.plan.versions import PlanStore, PlanStoreError
from geodata.access import may
from geodata.store import StoreError
from geodata.store.base import PLAN_ATTRS
from layers.plan_edit import PlanEditLayer
from widgets.balance_panel import BalancePanel
from widgets.coverage_panel import CoveragePanel
from widgets.plan_versions import PlanVersionsDialog, SavePlanDialog
from geodata.plan.preview import activation_preview
from geodata.plan.propose import proposal_frame
from geodata.plan.coverage import check_coverage
from widgets.propose_dialog import ProposeDialog

PLANNER = "planner"
ROLES = ("duty_officer", "planner", "viewer")
Z_PLAN = 90
SNAP_TOLERANCE_PX = 14


def edit_label(label: str) -> str:
    """The undo-step name in the UI language (geodata names steps in English)."""
    for english, context_text in (
            ("Move vertex", QCoreApplication.translate("Edits", "Move vertex")),
            ("Move shared boundary", QCoreApplication.translate("Edits", "Move shared boundary")),
            ("Add vertex", QCoreApplication.translate("Edits", "Add vertex")),
            ("Remove vertex", QCoreApplication.translate("Edits", "Remove vertex")),
            ("Split grid", QCoreApplication.translate("Edits", "Split grid")),
            ("Merge grids", QCoreApplication.translate("Edits", "Merge grids")),
            ("Reassign area", QCoreApplication.translate("Edits", "Reassign area"))):
        if label.startswith(english):
            return context_text + label[len(english):]
    return label


class PlanCommand(QUndoCommand):
    """A geodata edit on the Qt undo stack; consecutive drags of one vertex merge."""

    def __init__(self, plan: GridPlan, edit: Edit) -> None:
        super().__init__(edit_label(edit.label))
        self.plan, self.edit = plan, edit

    def redo(self) -> None:
        self.plan.apply(self.edit.change)

    def undo(self) -> None:
        self.plan.apply(self.edit.change.inverse())

    def id(self) -> int:
        return 1 if self.edit.merge_key is not None else -1

    def mergeWith(self, other) -> bool:
        return isinstance(other, PlanCommand) and self.edit.merge_with(other.edit)


class Planning(QObject):
    """The planner's side of the console, attached to the main window."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.plan: GridPlan | None = None
        self.snapper: Snapper | None = None
        self.tools = {}
        self.tool = None
        self.chosen: list[int] = []   # grids picked for merging
        self._last_outcome: EditOutcome | None = None
        self.stack = QUndoStack(self)
        self.layer = PlanEditLayer(window.district.bounds)
        self.layer.setVisible(False)
        window.map.add_layer(self.layer, Z_PLAN)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(250)
        self._settle.timeout.connect(self._refresh_boundaries)
        self._build_docks()
        self._build_actions()
        window.map.clicked.connect(self._on_map_click)
        window.machine.subscribe(lambda change: self.update_enabled())
        window.map.viewChanged.connect(lambda _s: self._refresh_handles())
        self.update_enabled()

    # ------------------------------------------------------------------ building
    def _build_docks(self) -> None:
        w = self.window
        self.coverage_panel = CoveragePanel()
        self.balance_panel = BalancePanel()
        self.coverage_panel.problemChosen.connect(self.show_problem)
        self.balance_panel.gridChosen.connect(self.show_grid)
        self.docks = {}
        for name, widget in (("coverage", self.coverage_panel), ("balance", self.balance_panel)):
            dock = QDockWidget()
            dock.setObjectName(f"dock_{name}")
            dock.setWidget(widget)
            dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable)
            w.addDockWidget(Qt.RightDockWidgetArea, dock)
            dock.setVisible(False)
            self.docks[name] = dock

    def _build_actions(self) -> None:
        w = self.window

        def action(shortcut, slot, checkable=False):
            return window_action(w, shortcut, slot, checkable)

        self.act_edit = action("Ctrl+E", self.set_editing, checkable=True)
        self.act_undo = self.stack.createUndoAction(w)
        self.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.act_redo = self.stack.createRedoAction(w)
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        w.addAction(self.act_undo)
        w.addAction(self.act_redo)
        self.tool_group = QActionGroup(w)
        self.act_tools = {}
        for name, key in (("vertex", "V"), ("split", "X"), ("reassign", "R")):
            a = action(key, lambda _=False, n=name: self.use_tool(n), checkable=True)
            self.tool_group.addAction(a)
            self.act_tools[name] = a
        self.act_merge = action("M", self.merge_chosen)
        self.act_save = action("Ctrl+S", self.save_dialog)
        self.act_versions = action("Ctrl+Shift+V", self.versions_dialog)
        self.act_propose = action("Ctrl+Shift+P", self.propose_dialog)
        bar = QToolBar()
        bar.setObjectName("planToolbar")
        bar.setMovable(False)
        for a in (self.act_undo, self.act_redo):
            bar.addAction(a)
        bar.addSeparator()
        for a in self.act_tools.values():
            bar.addAction(a)
        for a in (self.act_merge, self.act_save, self.act_versions):
            bar.addAction(a)
        w.addToolBar(Qt.TopToolBarArea, bar)
        bar.setVisible(False)
        self.toolbar = bar
        w.toolbar.addSeparator()
        w.toolbar.addAction(self.act_edit)
        self.menu = w.menuBar().addMenu("")
        for a in (self.act_edit, self.act_undo, self.act_redo, *self.act_tools.values(), self.act_merge,
                  self.act_save, self.act_versions, self.act_propose):
            self.menu.addAction(a)
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("Plan"))
        self.act_edit.setText(self.tr("Edit grid boundaries (Ctrl+E)"))
        self.act_tools["vertex"].setText(self.tr("Vertices (V)"))
        self.act_tools["split"].setText(self.tr("Split grid (X)"))
        self.act_tools["reassign"].setText(self.tr("Reassign area (R)"))
        self.act_merge.setText(self.tr("Merge chosen grids (M)"))
        self.act_save.setText(self.tr("Save plan…"))
        self.act_versions.setText(self.tr("Plan versions…"))
        self.act_propose.setText(self.tr("Propose balanced redraw…"))
        self.act_undo.setToolTip(self.tr("Undo (Ctrl+Z)"))
        self.act_redo.setToolTip(self.tr("Redo (Ctrl+Shift+Z)"))
        self.docks["coverage"].setWindowTitle(self.tr("Coverage check"))
        self.docks["balance"].setWindowTitle(self.tr("Workload balance"))
        self.layer.snap_labels = {"vertex": self.tr("vertex"), "edge": self.tr("boundary"), "road": self.tr("road"),
                                  "river": self.tr("river")}
        self.coverage_panel.retranslate()
        self.balance_panel.retranslate()
        self.update_enabled()  # its tooltip says why, in the language now chosen

    # ------------------------------------------------------------------ mode
    @property
    def allowed(self) -> bool:
        return may(self.window.role, "plan_edit") and self.window.machine.mode is Mode.NORMAL

    @property
    def editing(self) -> bool:
        return self.act_edit.isChecked()

    def update_enabled(self) -> None:
        self.act_edit.setEnabled(self.allowed)
        if not may(self.window.role, "plan_edit"):
            self.act_edit.setToolTip(self.window.refusal("plan_edit"))
        elif self.window.machine.mode is not Mode.NORMAL:
            self.act_edit.setToolTip(self.tr("Boundary editing is off in emergency mode"))
        else:
            self.act_edit.setToolTip("")
        if self.editing and not self.allowed:
            self.set_editing(False)

    def ensure_plan(self) -> GridPlan:
        if self.plan is None:
            self.plan = GridPlan(self.window.district, self.window.index, self.window.book.open_mask())
            self.snapper = Snapper.for_plan(self.plan)
            self.tools = {name: cls(self.plan, self.snapper, self.push) for name, cls in TOOLS.items()}
            self.plan.listeners.append(self._on_plan_change)
            self._show_report()
            self._show_balance(None)
        return self.plan

    def set_editing(self, on: bool) -> None:
        on = bool(on) and self.allowed
        self.act_edit.setChecked(on)
        if on:
            self.ensure_plan()
            self.use_tool(self.tool.name if self.tool else "vertex")
        else:
            self.window.map.set_tool(None)
            self.tool = None
            self.chosen = []
            self.layer.set_chosen([])
        self.layer.setVisible(on)
        self.toolbar.setVisible(on)
        for dock in self.docks.values():
            dock.setVisible(on)
        for a in (*self.act_tools.values(), self.act_merge, self.act_save, self.act_undo, self.act_redo,
                  self.act_propose):
            a.setEnabled(on)
        self.act_versions.setEnabled(True)  # the history is there to read outside editing too
        self._refresh_handles()
        self.window.refresh_legend()

    def use_tool(self, name: str) -> None:
        if not self.editing:
            return
        if self.tool is not None:
            self.tool.cancel()
        self.tool = self.tools[name]
        self.act_tools[name].setChecked(True)
        self.window.map.set_tool(self.handle_map_event)
        self.layer.set_tool_state(self.tool.state)

    # ------------------------------------------------------------------ events
    def handle_map_event(self, event: MapEvent) -> bool:
        """Give a map event to the active tool; True when the tool used it (no panning)."""
        tool = self.tool
        if tool is None:
            return False
        tool.tolerance_m = SNAP_TOLERANCE_PX * self.window.ui_scale * self.window.map.view_state().metres_per_px
        if tool.name == "vertex" and event.kind == "press":
            near = tool.vertex_near(event.x, event.y)
            if near is None and not event.shift:
                return False  # not on a vertex: let the map pan (and a click choose a grid)
        state = tool.handle(event)
        self.layer.set_tool_state(state)
        if state.message:
            self.window.statusBar().showMessage(tr_message(state.message), 8000)
        if event.kind == "release":
            self._settle.start()
        return True

    def push(self, edit: Edit) -> None:
        self.stack.push(PlanCommand(self.plan, edit))

    def _on_map_click(self, x: float, y: float) -> None:
        if not self.editing or self.plan is None or (self.tool and self.tool.name != "vertex"):
            return
        pos = self.plan.grid_at(x, y)
        if pos is None:
            return
        if pos in self.chosen:
            self.chosen.remove(pos)
        else:
            self.chosen.append(pos)
        self.layer.set_chosen([self.plan.geoms[p] for p in self.chosen])

    def merge_chosen(self) -> None:
        if self.plan is None:
            return
        try:
            self.push(edits.merge_grids(self.plan, self.chosen))
        except EditError as exc:
            self.window.statusBar().showMessage(tr_message(exc), 8000)
            return
        self.chosen = []
        self.layer.set_chosen([])
        self._settle.start()

    # ------------------------------------------------------------------ following the plan
    def _on_plan_change(self, outcome: EditOutcome) -> None:
        plan = self.plan
        names = [a["name"] if a else "" for a in plan.attrs]
        self.window.layers["grids"].update_grids(plan.geoms, names, outcome.changed)
        self.chosen = [p for p in self.chosen if plan.geoms[p] is not None]
        self.layer.set_chosen([plan.geoms[p] for p in self.chosen])
        self._show_report()
        self._last_outcome = outcome
        self._refresh_handles()
        # The balance chart and the worst-balanced outlines follow every step of a drag (the
        # planner watches workloads while moving a boundary); the choropleth and the
        # community/street lines, which redraw the whole map, follow once the edit settles.
        self._show_balance(outcome)
        self._settle.start()

    def _show_report(self) -> None:
        plan = self.plan
        report = plan.report
        self.layer.set_report([p.geometry for p in report.problems], list(report.invalid_edges.values()))
        rows = [(p.kind, [plan.grid_id(g) for g in p.grids], p.area_m2) for p in report.problems]
        self.coverage_panel.show_problems(rows)

    def _show_balance(self, outcome: EditOutcome | None) -> None:
        plan = self.plan
        ids = [a["grid_id"] if a else "" for a in plan.attrs]
        if outcome is None:
            self.balance_panel.show_balance(plan.balance, ids)
        else:
            self.balance_panel.show_balance(plan.balance, ids, outcome.before, outcome.after)
        self.layer.set_worst([plan.geoms[p] for p in plan.balance.worst(10)])

    def _refresh_handles(self) -> None:
        if self.plan is None or not self.editing:
            self.layer.set_vertices([])
            return
        r = self.window.map.view_state().rect
        near = self.plan.grids_at((r.left(), r.top(), r.right(), r.bottom()))
        self.layer.set_vertices([self.plan.geoms[p] for p in near[:600]])

    def _refresh_boundaries(self) -> None:
        """Balance chart, grid fill and community/street/district lines once an edit settles."""
        if self.plan is None:
            return
        plan = self.plan
        self._show_balance(self._last_outcome)
        self.window.refill_grids()
        live = plan.live_positions()
        geoms = np.array([plan.geoms[p] for p in live], dtype=object)
        lines = {}
        for level in ("community", "street"):
            keys = np.array([plan.attrs[p][level] for p in live], dtype=object)
            lines[level] = [_dissolve(geoms[keys == k]) for k in np.unique(keys.astype(str))]
        self.window.layers["grids"].set_boundaries(lines["community"], lines["street"], [_dissolve(geoms)])

    # ------------------------------------------------------------------ going to things
    def show_problem(self, index: int) -> None:
        if self.plan is None or index >= len(self.plan.report.problems):
            return
        p = self.plan.report.problems[index]
        c = shapely.get_coordinates(shapely.point_on_surface(p.geometry))
        if len(c):
            self.window.map.centre_on(c[0, 0], c[0, 1], metres_per_px=min(self.window.map.view_state().metres_per_px,
                                                                          2.0))

    def show_grid(self, position: int) -> None:
        g = self.plan.geoms[position] if self.plan else None
        if g is not None:
            c = shapely.get_coordinates(shapely.point_on_surface(g))[0]
            self.window.map.centre_on(c[0], c[1])
            self.window.selection.select(g)

    # ------------------------------------------------------------------ saving
    def store(self) -> PlanStore:
        """The plan versions where this console keeps its district: the shared store, or the file."""
        live, d = self.window.live.store, self.window.district
        return PlanStore(live.store if live is not None else (d.store_url or d.path))

    def save(self, note: str, activate: bool) -> int:
        """Save the plan as a new version; returns its number (raises PlanStoreError)."""
        sync = self.window.sync
        if sync is not None and sync.refusal():
            raise PlanStoreError(sync.refusal())
        plan = self.ensure_plan()
        version = self.store().save(plan.frame(), author=self.window.operator, note=note,
                                    problems=len(plan.report.problems), activate=activate)
        self.stack.setClean()
        if self.window.audit is not None:
            self.window.audit.record(self.window.operator, "plan_saved",
                                     {"version": version.version, "active": version.active, "note": note,
                                      "problems": version.problems})
        self.window.statusBar().showMessage(
            self.tr("Saved plan version %1").replace("%1", str(version.version))
            + (self.tr(" (active)") if version.active else self.tr(" (draft)") if version.is_draft else ""), 10000)
        return version.version

    def save_dialog(self) -> None:
        plan = self.ensure_plan()
        dialog = SavePlanDialog(len(plan.report.problems), self.window)
        if dialog.exec() != SavePlanDialog.Accepted:
            return
        try:
            self.save(dialog.note.text().strip(), dialog.activate.isChecked())
        except (PlanStoreError, StoreError, OSError) as exc:
            QMessageBox.warning(self.window, self.tr("Plan not saved"), str(exc))

    def follow_activation(self, version: int, here: bool = False) -> None:
        """Plan ``version`` was made active (``here``, or at another console): new incidents are
        placed by it at once, and the grids are redrawn to it through the same path an edit
        takes (index, coverage, balance, map, incident list). Unsaved edits here are kept and
        the officer is told instead."""
        w = self.window
        try:
            frame = self.store().grids(version, w.district.metric_crs)
        except (PlanStoreError, StoreError) as exc:
            w.statusBar().showMessage(str(exc), 15000)
            return
        if w.live.thread is not None:  # the feeds place by the plan in force, whatever is on screen
            w.live.thread.use_grids(frame.geometry.values, frame["grid_id"].to_numpy())
        if not self.stack.isClean() and not here:
            w.statusBar().showMessage(self.tr("Plan version %1 was made active at another console; save or undo "
                                              "your edits to see it").replace("%1", str(version)), 20000)
            return
        plan = self.ensure_plan()
        incoming = {str(row["grid_id"]): row for _, row in frame.iterrows()}
        before, after = {}, {}
        for pos in plan.live_positions():
            row = incoming.pop(plan.grid_id(pos), None)
            state = plan.state(pos)
            if row is None:
                before[pos], after[pos] = state, None
                continue
            attrs = dict(state.attrs, **{a: row[a] for a in PLAN_ATTRS if a in row})
            if not shapely.equals_exact(state.geometry, row.geometry, tolerance=1e-6) or attrs != state.attrs:
                before[pos], after[pos] = state, GridState(row.geometry, attrs)
        template = next((plan.attrs[p] for p in plan.live_positions()), {})
        for k, (gid, row) in enumerate(incoming.items()):
            attrs = dict({key: None for key in template}, **{a: row[a] for a in PLAN_ATTRS if a in row})
            before[len(plan.geoms) + k], after[len(plan.geoms) + k] = None, GridState(row.geometry, attrs)
        if after:
            plan.apply(GridChange(before, after))
            self.stack.clear()  # edits made before the change no longer undo onto what is shown
            self._refresh_boundaries()
        w.incident_list.refresh()
        w.refill_grids()
        w.statusBar().showMessage((self.tr("Plan version %1 is now active") if here else
                                   self.tr("Plan version %1 is now active (made active at another console)"))
                                  .replace("%1", str(version)), 20000)

    def versions_dialog(self) -> None:
        """The plan history: always to read; a version is made active only while editing, by a
        role that may (the store refuses it anyway)."""
        refusal = None
        if not may(self.window.role, "plan_activate"):
            refusal = self.window.refusal("plan_activate")
        elif not self.editing:
            refusal = self.tr("Read-only outside boundary editing: start editing (Ctrl+E) to make a version active")
        dialog = PlanVersionsDialog(self.store(), self.window.district, self.window, refusal=refusal,
                                    preview=self.preview_text)
        dialog.activated.connect(lambda version: self.follow_activation(version, here=True))
        self.dialog = dialog
        dialog.exec()

    def propose_dialog(self) -> ProposeDialog:
        """Plan → Propose balanced redraw…: ReCom for a street or community, into a draft."""
        w = self.window
        edited = self.plan.geoms if self.plan is not None and not self.stack.isClean() else None
        dialog = ProposeDialog(w.district, w.index, draft=self.draft_proposal, parent=w, geoms=edited)
        self.proposals = dialog
        dialog.show()
        return dialog

    def draft_proposal(self, units, positions, proposal, note: str) -> str:
        """Save ``proposal`` (for the grids at ``positions``) as a draft version; says what was saved."""
        w = self.window
        frame = proposal_frame(w.district.grids, positions, units, proposal)
        problems = len(check_coverage(frame.geometry.values).problems)
        try:
            v = self.store().save(frame, author=w.operator, note=note, problems=problems)
        except (PlanStoreError, StoreError, PermissionError) as exc:
            return self.tr("Not saved: %1").replace("%1", str(exc))
        return self.tr("Saved as draft version %1 (%2 coverage problems); open Plan versions to compare or "
                       "activate it").replace("%1", str(v.version)).replace("%2", str(problems))

    def preview(self, version: int):
        """What making ``version`` active would move (geodata.plan.preview)."""
        w = self.window
        frame = self.store().grids(version, w.district.metric_crs)
        b = w.book
        return activation_preview(version, w.district, w.index, b.open_mask(), (b.x, b.y), frame)

    def preview_text(self, version: int) -> tuple[str, str]:
        p = self.preview(version)
        names = {"open_incidents": self.tr("open incidents"), "sensors": self.tr("sensors"),
                 "cameras": self.tr("cameras")}
        lines = [self.tr("Making version %1 active moves:").replace("%1", str(version))]
        for key, n in p.moved.items():
            lines.append(f"  {names[key]}: {n:,}" + (f"  ({', '.join(p.examples[key])}…)" if n else ""))
        lines.append(self.tr("grid workers with another grid: %1").replace("%1", f"{len(p.workers):,}"))
        lines.append(self.tr("grids added: %1 · retired: %2").replace("%1", f"{len(p.added):,}")
                     .replace("%2", f"{len(p.retired):,}"))
        worst = max((abs(a - 1) for _, _, a in p.workload), default=0.0)
        lines.append(self.tr("largest deviation from the fair share after: %1 %").replace("%1", f"{worst * 100:.0f}"))
        detail = [self.tr("grid · workload before → after (fair share 1.00)")]
        detail += [f"{g}  {b:.2f} → {a:.2f}" for g, b, a in p.workload[:200]]
        detail += [self.tr("grid worker changes:")] + [f"{g}: {b} → {a}" for g, b, a in p.workers[:200]]
        return "\n".join(lines), "\n".join(detail)


def _dissolve(geoms):
    geoms = np.asarray(geoms, dtype=object)
    try:
        return shapely.coverage_union_all(geoms)
    except shapely.errors.GEOSException:
        return shapely.union_all(shapely.make_valid(geoms))
