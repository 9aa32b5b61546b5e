"""The analysis the duty officers and the leadership run every day, attached to the main window:
the space-time query, the hierarchy tree, the governance index, hotspots with the early
warning, and replay with plan comparison. Each is a dock and a menu action; what they
compute is in geodata.analysis, what they draw in layers.analysis."""
from __future__ import annotations

import time
from datetime import datetime, timedelta
import numpy as np
import shapely
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget

from console.actions import window_action
from console.sketch import sketch_area
from geodata.analysis import governance, hierarchy, replay
from geodata.analysis.history import IncidentHistory
from geodata.analysis.hotspots import grid_weights, hotspots
from geodata.analysis.query import SpaceTimeQuery, StoreReadings
from geodata.analysis.visibility import blind_spots, cached_cones, coverage
from geodata.analysis.warning import WarningRule, early_warnings, evidence
from geodata.emergency.suggest import Rule
from geodata.localtime import CST
from geodata.picking import Pick
from geodata.plan.versions import PlanStore, PlanStoreError
from geodata.store import StoreError
from layers.analysis import CoverageLayer, HotspotLayer, QueryLayer, ReplayLayer
from layers.labels import label
from widgets.background import run_job
from widgets.governance_panel import GovernancePanel
from widgets.hierarchy_panel import HierarchyPanel
from widgets.hotspot_panel import HotspotPanel
from widgets.query_panel import QueryPanel
from widgets.replay_panel import ReplayPanel

Z_HOTSPOTS = 12   # over the grid fills, under the density and every symbol
Z_COVERAGE = 13
Z_REPLAY = 85     # over the live incidents (which a replay hides)
Z_QUERY = 95      # under the selection only
HISTORY_MAX_AGE_S = 60.0     # the history is rebuilt when the book has grown, at most this stale
WARNING_EVERY_MS = 5 * 60 * 1000
HIERARCHY_EVERY_MS = 15 * 1000
WARNING_RULE = "early_warning"
FILL_BELOW = {"district": "street", "street": "community", "community": "grid", "grid": "grid"}


class Analysis(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        w = window
        d = w.district
        self._history: IncidentHistory | None = None
        self._history_key: tuple = ()
        self._query: SpaceTimeQuery | None = None
        self._weights = None
        self._jobs: list = []
        self.warnings: list = []
        self.query_layer = QueryLayer(d.bounds)
        self.hotspot_layer = HotspotLayer(d.bounds, d.grids.geometry.values)
        self.replay_layer = ReplayLayer(d.bounds)
        self.coverage_layer = CoverageLayer(d.bounds, d.grids.geometry.values)
        self.coverage = None  # the last computed Coverage
        for layer, z in ((self.query_layer, Z_QUERY), (self.hotspot_layer, Z_HOTSPOTS), (self.replay_layer, Z_REPLAY),
                         (self.coverage_layer, Z_COVERAGE)):
            w.map.add_layer(layer, z)
        now = w.clock().astimezone(CST)
        self.query_panel = QueryPanel(d, self.query, now=now)
        self.hierarchy_panel = HierarchyPanel()
        self.governance_panel = GovernancePanel()
        self.hotspot_panel = HotspotPanel(d.grids["name"].astype(str))
        self.replay_panel = ReplayPanel(self.history, now=now)
        self.docks: dict[str, QDockWidget] = {}
        for name, widget in (("query", self.query_panel), ("hierarchy", self.hierarchy_panel),
                             ("governance", self.governance_panel), ("hotspots", self.hotspot_panel),
                             ("replay", self.replay_panel)):
            dock = QDockWidget()
            dock.setObjectName(f"dock_{name}")
            dock.setWidget(widget)
            dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                             | QDockWidget.DockWidgetClosable)
            w.addDockWidget(Qt.RightDockWidgetArea, dock)
            w.tabifyDockWidget(w.docks["inspector"], dock)  # a tab beside the inspector: the map keeps its room
            dock.setVisible(False)
            self.docks[name] = dock
        self.query_panel.pickRequested.connect(self.pick_place)
        self.query_panel.drawRequested.connect(self.draw_place)
        self.query_panel.answered.connect(self.show_answer)
        self.query_panel.chosen.connect(self._on_query_row)
        self.hierarchy_panel.nodeChosen.connect(self.follow_node)
        self.governance_panel.unitChosen.connect(self.show_unit)
        self.hotspot_panel.computeRequested.connect(self.find_hotspots)
        self.hotspot_panel.checkRequested.connect(self.check_warnings)
        self.hotspot_panel.clearRequested.connect(self.clear_hotspots)
        self.hotspot_panel.warningChosen.connect(self.show_grid)
        self.replay_panel.frameShown.connect(self._show_replay)
        self.replay_panel.stopped.connect(self._end_replay)
        self.replay_panel.compareRequested.connect(self.compare_plans)
        self.docks["hierarchy"].visibilityChanged.connect(lambda shown: shown and self.refresh_hierarchy())
        self.docks["governance"].visibilityChanged.connect(lambda shown: shown and self.refresh_index())
        self.docks["replay"].visibilityChanged.connect(lambda shown: shown and self._list_versions())
        self.docks["query"].visibilityChanged.connect(self._on_query_dock)
        self._replaying = False
        self._incidents_were_visible = True
        self.sketch = None  # the area being drawn, if any
        self._build_actions()
        self.first_check = QTimer(self)  # owned, so closing the window stops it too
        self.first_check.setSingleShot(True)
        self.first_check.setInterval(3000)
        self.first_check.timeout.connect(self.check_warnings)
        self.warning_timer = QTimer(self)
        self.warning_timer.setInterval(WARNING_EVERY_MS)
        self.warning_timer.timeout.connect(self.check_warnings)
        self.hierarchy_timer = QTimer(self)
        self.hierarchy_timer.setInterval(HIERARCHY_EVERY_MS)
        self.hierarchy_timer.timeout.connect(lambda: self.docks["hierarchy"].isVisible() and self.refresh_hierarchy())
        self.hierarchy_timer.start()
        self.warning_rule = Rule(WARNING_RULE, "public_safety", "incidents", WarningRule().min_count, 300.0, 86400.0)
        self.retranslate()

    # ------------------------------------------------------------------ building
    def _build_actions(self) -> None:
        w = self.window

        def action(shortcut, name):
            return window_action(w, shortcut, lambda: self.open(name))

        self.actions = {"query": action("Ctrl+Shift+F", "query"), "hierarchy": action("Ctrl+Shift+H", "hierarchy"),
                        "governance": action("Ctrl+Shift+I", "governance"),
                        "hotspots": action("Ctrl+Shift+W", "hotspots"), "replay": action("Ctrl+Shift+R", "replay")}
        self.act_seeing = window_action(w, "Ctrl+Shift+C", self.cameras_seeing)
        self.act_pin = window_action(w, "Ctrl+Shift+T", self.pin_chosen_camera)
        self.act_coverage = window_action(w, "Ctrl+Shift+O", self.toggle_coverage, checkable=True)
        self.menu = w.menuBar().addMenu("")
        for a in self.actions.values():
            self.menu.addAction(a)
        self.menu.addSeparator()
        self.menu.addAction(self.act_seeing)
        self.menu.addAction(self.act_pin)
        self.menu.addAction(self.act_coverage)

    def start(self) -> None:
        """After the window is up: the first warning check soon, then every few minutes."""
        self.first_check.start()
        self.warning_timer.start()

    def open(self, name: str) -> None:
        dock = self.docks[name]
        w = self.window
        dock.show()
        dock.raise_()
        if not dock.isFloating():  # results need rows to read: the panel takes most of its column
            w.resizeDocks([dock, w.docks["incidents"]], [round(w.height() * 0.55), round(w.height() * 0.35)],
                          Qt.Vertical)
        if name == "query" and self.query_panel.centre is None and self.query_panel.area_lonlat is None:
            self.pick_place()

    # ------------------------------------------------------------------ the history
    def history(self) -> IncidentHistory:
        """The incident history as the book holds it now (rebuilt when the book has changed)."""
        w = self.window
        key = (len(w.book), int(time.monotonic() // HISTORY_MAX_AGE_S), id(w.index.assignment["incidents"]))
        if self._history is None or key != self._history_key:
            outcomes = None
            store = w.live.store
            if store is not None:
                try:
                    outcomes = store.store.incident_outcomes()
                except StoreError:
                    outcomes = None  # offline: the file's outcomes and the book's states still count
            self._history = IncidentHistory.from_book(w.book, w.district, outcomes)
            self._history_key = key
            self._query = None
        return self._history

    def query(self) -> SpaceTimeQuery:
        history = self.history()
        if self._query is None:
            store = self.window.live.store
            readings = StoreReadings(self.window.district, store.store) if store is not None else None
            self._query = SpaceTimeQuery(self.window.district, history, readings)
        return self._query

    # ------------------------------------------------------------------ space-time query
    def pick_place(self) -> None:
        w = self.window

        def tool(event) -> bool:
            if event.kind != "press":
                return event.kind == "release"
            lon, lat = (float(v) for v in w.district.to_lonlat(event.x, event.y))
            w.map.set_tool(None)
            self.query_panel.set_centre(lon, lat)
            self.query_panel.ask()
            return True

        w.map.set_tool(tool)
        w.statusBar().showMessage(self.tr("Click the place to ask about"), 10000)

    def draw_place(self) -> None:
        self.sketch = sketch_area(self.window, self.query_layer, self._area_drawn, self._area_cancelled)

    def _area_cancelled(self) -> None:
        self.window.map.set_tool(None)
        self.query_layer.show_sketch([])

    def _area_drawn(self, area) -> None:
        d = self.window.district
        self._area_cancelled()
        self.query_panel.set_area(shapely.transform(area, lambda xy: np.column_stack(d.to_lonlat(xy[:, 0], xy[:, 1]))))
        self.query_panel.ask()

    def show_answer(self, result) -> None:
        """Draw a query's place, the cones of the cameras that see it and what was found."""
        d = self.window.district
        geom = result.place.shape(d, at_least_m=3.0, segments=64)  # a point shows as a small ring
        cones = cached_cones(d, [c["position"] for c in result.cameras])  # what each really sees
        h = self.query().history
        sx, sy = d.point_xy("sensors")
        sensors = np.unique(result.readings.sensor)
        self.query_layer.show_result(geom, list(cones), (h.x[result.incidents], h.y[result.incidents]),
                                     (sx[sensors], sy[sensors]))
        self.window.refresh_legend()
        b = geom.bounds
        r = self.window.map.view_state().rect
        inside = r.left() <= b[0] and r.right() >= b[2] and r.top() <= b[1] and r.bottom() >= b[3]
        if not inside or (b[2] - b[0]) < 0.15 * r.width():  # off screen, or too small to read: go there
            self.window.map.show_bounds(b, padding=0.8)

    def cameras_seeing(self) -> None:
        """Which cameras see the chosen incident (or, with none chosen, the point clicked next),
        in any mode: the query at that point, radius 0, around the time it was reported."""
        w = self.window
        self.open("query")
        self.query_panel.radius.setValue(0)
        sel = w.selected
        if sel is not None and sel.layer == "incidents":
            w.map.set_tool(None)
            t = datetime.fromtimestamp(float(w.book.reported[sel.position]), CST)
            self.query_panel.set_centre(float(w.book.lon[sel.position]), float(w.book.lat[sel.position]))
            self.query_panel.set_period(t - timedelta(hours=1), max(t + timedelta(hours=1), w.clock().astimezone(CST)))
            self.query_panel.ask()
        elif self.window.map.tool is None:
            self.pick_place()
        self.query_panel.tabs.setCurrentWidget(self.query_panel.tables["cameras"])

    def pin_chosen_camera(self) -> None:
        """The camera chosen on the map (or in the query's camera list) onto the camera wall."""
        w = self.window
        sel = w.selected
        if sel is None or sel.layer != "cameras":
            w.statusBar().showMessage(self.tr("Choose a camera on the map first"), 8000)
            return
        cid = str(w.district.cameras["camera_id"].iloc[sel.position])
        listed = {c["camera_id"]: c["distance_m"] for c in (self.query_panel.payload or {}).get("cameras", [])}
        w.emergency.pin_camera(cid, listed.get(cid))

    def toggle_coverage(self, on: bool) -> None:
        """Camera coverage per grid: the share of public space seen past the buildings, and
        the blind spots among the grids busiest with incidents (computed in the background)."""
        w = self.window
        if not on:
            self.coverage_layer.show_coverage(None)
            w.refresh_legend()
            return
        d, geoms = w.district, (w.planning.plan.geoms if w.planning.plan is not None else w.district.grids.geometry.values)
        counts = np.bincount(w.book.grid[w.book.grid >= 0], minlength=len(geoms))[: len(geoms)]
        w.statusBar().showMessage(self.tr("Computing camera coverage…"), 10000)

        def done(cov) -> None:
            self.coverage = cov
            blind = blind_spots(cov, counts)
            self.coverage_layer.set_grids(geoms)
            self.coverage_layer.show_coverage(cov.share, blind)
            w.refresh_legend()
            total = float(np.nansum(cov.seen_m2) / max(np.nansum(cov.public_m2), 1.0))
            w.statusBar().showMessage(self.tr("Cameras see %1 % of the district's public space; %2 busy grids are "
                                              "blind spots").replace("%1", f"{total * 100:.1f}")
                                      .replace("%2", str(len(blind))), 20000)

        self._run(lambda: coverage(d, geoms), done, lambda msg: w.statusBar().showMessage(msg, 10000))

    def _on_query_row(self, kind: str, position: int) -> None:
        w = self.window
        if kind == "incidents" and 0 <= position < len(w.book):
            w.focus_incident(position)
        elif kind == "cameras":
            x, y = w.district.point_xy("cameras")
            w.map.centre_on(float(x[position]), float(y[position]), metres_per_px=min(w.map.view_state().metres_per_px, 1.5))
            w.select(Pick("cameras", position))

    def _on_query_dock(self, shown: bool) -> None:
        if not shown:
            self.query_layer.show_result(None, None, None, None)
            self._area_cancelled()
            self.window.refresh_legend()

    # ------------------------------------------------------------------ hierarchy
    def refresh_hierarchy(self) -> hierarchy.Node:
        w = self.window
        h = self.history()
        now = w.clock()
        grids = w.district.grids
        n = len(grids)
        status = w.layers["sensors"].status  # the live status, as the map draws it
        figures = hierarchy.grid_figures(n, grids["population"], h, w.book.open_mask(), w.book.overdue_mask(now),
                                         w.index.assignment["sensors"], np.asarray(status) == "alarm", now)
        root = hierarchy.add_totals(hierarchy.build_tree(grids, w.district.name), figures)
        self.hierarchy_panel.set_tree(root)
        return root

    def follow_node(self, node: hierarchy.Node) -> None:
        """Zoom to the unit, fill the level it is made of (the district by streets, a street by
        communities, a community by grids), and let the incident list follow it."""
        w = self.window
        geoms = w.district.grids.geometry.values[node.grids]
        if len(geoms):
            w.map.show_bounds(tuple(shapely.total_bounds(geoms)))
        w.set_fill_level(FILL_BELOW[node.level])
        w.incident_list.set_scope(None if node.level == "district" else node.grids, node.label)
        if node.level == "grid":
            w.select(Pick("grids", int(node.grids[0])))

    # ------------------------------------------------------------------ governance index
    def refresh_index(self) -> None:
        w = self.window
        history, grids, config, now = self.history(), w.district.grids, self.governance_panel.config, w.clock()
        self.governance_panel.message.setText(self.tr("Computing the index…"))
        self._run(lambda: governance.governance_index(history, grids, config, now=now),
                  self.governance_panel.set_table,
                  lambda msg: self.governance_panel.message.setText(msg))

    def show_unit(self, level: str, unit: str) -> None:
        g = self.window.district.grids
        if level == "grid":
            mask = g["grid_id"].astype(str).to_numpy() == unit
        elif level == "community":
            mask = (g["street"].fillna("").astype(str) + "/" + g["community"].fillna("").astype(str)).to_numpy() == unit
        else:
            mask = g["street"].fillna("").astype(str).to_numpy() == unit
        if mask.any():
            self.window.map.show_bounds(tuple(shapely.total_bounds(g.geometry.values[mask])))

    # ------------------------------------------------------------------ hotspots and warnings
    def find_hotspots(self, category: str, days: int) -> None:
        w = self.window
        history, grids = self.history(), w.district.grids
        now = w.clock().timestamp()
        self.hotspot_panel.busy(self.tr("Computing Gi* hotspots…"))
        weights = self._weights

        def work():
            wts = weights if weights is not None else grid_weights(grids)
            return wts, hotspots(history, grids, since=now - days * 86400, until=now, category=category or None,
                                 weights=wts)

        def done(result) -> None:
            self._weights, hs = result
            self.hotspot_layer.set_grids(w.district.grids.geometry.values)
            what = label(category) if category else self.tr("All categories")
            self.hotspot_layer.show_classes(hs.classes, f"{what}, {self.tr('%1 days').replace('%1', str(days))}")
            self.hotspot_panel.show_hotspots(hs)
            w.refresh_legend()

        self._run(work, done, self.hotspot_panel.busy)

    def clear_hotspots(self) -> None:
        self.hotspot_layer.show_classes(None)
        self.hotspot_panel.show_hotspots(None)
        self.window.refresh_legend()

    def check_warnings(self) -> None:
        w = self.window
        history, n, now = self.history(), len(w.district.grids), w.clock().timestamp()
        self._run(lambda: early_warnings(history, n, now), lambda found: self._take_warnings(found, history),
                  lambda msg: w.statusBar().showMessage(msg, 10000))

    def _take_warnings(self, found, history) -> None:
        w = self.window
        self.warnings = found
        self.hotspot_panel.show_warnings(found)
        self.hotspot_layer.show_warnings(np.array([x.grid for x in found], dtype=np.int64))
        w.refresh_legend()
        strong = [x for x in found if x.strength >= WarningRule().strong_log10p]
        offers = []
        for x in strong:
            etype, rows = evidence(x, history)
            if not len(rows):
                continue
            rule = Rule(f"{WARNING_RULE}:{etype}", etype, "incidents", self.warning_rule.min_count,
                        self.warning_rule.radius_m, x.window_h * 3600.0)
            offers.append((rule, [str(i) for i in history.ids[rows]], history.x[rows], history.y[rows],
                           history.reported[rows]))
        tracker = w.suggestions.tracker
        covered = {s.rule.name for s in tracker.suggestions.values() if s.rule.name.startswith(WARNING_RULE)}
        covered |= {o[0].name for o in offers}
        raised = tracker.absorb(offers, inside=w.emergency.covers, rules=covered)
        for s in raised:
            w.suggestions.raised.emit(s)
        if offers or covered:
            w.suggestions._present(prefer=raised[0].id if raised else None)

    def show_grid(self, position: int) -> None:
        w = self.window
        geom = w.district.grids.geometry.iloc[position]
        w.map.show_bounds(geom.bounds, padding=0.6)
        w.select(Pick("grids", position))

    # ------------------------------------------------------------------ replay
    def _show_replay(self, rows, fresh) -> None:
        w = self.window
        if not self._replaying:
            self._replaying = True
            self._incidents_were_visible = w.layers["incidents"].isVisible()
            w.layers["incidents"].setVisible(False)
        h = self.replay_panel.history
        self.replay_layer.show_points(h.x[rows], h.y[rows], h.severity[rows], fresh)
        w.refresh_legend()

    def _end_replay(self) -> None:
        w = self.window
        self.replay_layer.show_points([], [], [], [])
        if self._replaying:
            w.layers["incidents"].setVisible(self._incidents_were_visible)
        self._replaying = False
        w.refresh_legend()

    def _plans(self) -> PlanStore:
        """The plan versions, read only: looking at them must never give a district file tables."""
        live, d = self.window.live.store, self.window.district
        return PlanStore(live.store if live is not None else (d.store_url or d.path), writable=False)

    def _list_versions(self) -> None:
        try:
            versions = self._plans().versions()
        except (PlanStoreError, StoreError, OSError):
            versions = []
        self.replay_panel.set_versions([(v.version, self.tr("Plan version %1 · %2").replace("%1", str(v.version))
                                         .replace("%2", v.note or v.author)) for v in versions])

    def compare_plans(self, version: int) -> None:
        w = self.window
        try:
            proposed = self._plans().grids(version, crs=w.district.metric_crs)
        except (PlanStoreError, StoreError, OSError) as exc:
            self.replay_panel.message.setText(str(exc))
            return
        if self.replay_panel.history is None and not self.replay_panel.start():
            return
        start, end = self.replay_panel.period()
        a, b, s = replay.compare(self.replay_panel.history, start, end, w.district.grids, proposed)
        self.replay_panel.show_comparison(a, b, s, (self.tr("Active plan"),
                                                    self.tr("Plan version %1").replace("%1", str(version))))

    # ------------------------------------------------------------------ plumbing
    def _run(self, fn, done, failed) -> None:
        job = run_job(self, fn, done, failed)
        self._jobs.append(job)
        job.finished.connect(lambda j=job: j in self._jobs and self._jobs.remove(j))

    def wait(self, timeout_s: float = 30.0) -> None:
        """Until every background job has finished and delivered (tests; closing)."""
        from PySide6.QtCore import QCoreApplication
        deadline = time.monotonic() + timeout_s
        while self._jobs and time.monotonic() < deadline:
            for job in list(self._jobs):
                job.wait(50)
            QCoreApplication.processEvents()

    def legends(self) -> list:
        return [(layer.key, layer.legend()) for layer in (self.query_layer, self.hotspot_layer, self.replay_layer,
                                                          self.coverage_layer) if layer.legend()]

    def stop(self) -> None:
        self.first_check.stop()
        self.warning_timer.stop()
        self.hierarchy_timer.stop()
        self.replay_panel.close_replay()
        self.wait(10.0)

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("Analysis"))
        names = {"query": self.tr("Who and what was here… (space-time query)"),
                 "hierarchy": self.tr("District hierarchy"), "governance": self.tr("Governance index"),
                 "hotspots": self.tr("Hotspots and early warning"), "replay": self.tr("Replay and plan comparison")}
        titles = {"query": self.tr("Space-time query"), "hierarchy": self.tr("District hierarchy"),
                  "governance": self.tr("Governance index"), "hotspots": self.tr("Hotspots and early warning"),
                  "replay": self.tr("Replay")}
        self.act_seeing.setText(self.tr("Cameras that see the chosen incident or a point (Ctrl+Shift+C)"))
        self.act_coverage.setText(self.tr("Camera coverage and blind spots (Ctrl+Shift+O)"))
        self.act_pin.setText(self.tr("Pin the chosen camera to the camera wall (Ctrl+Shift+T)"))
        for key, a in self.actions.items():
            a.setText(names[key])
            self.docks[key].setWindowTitle(titles[key])
        for panel in (self.query_panel, self.hierarchy_panel, self.governance_panel, self.hotspot_panel,
                      self.replay_panel):
            panel.retranslate()
