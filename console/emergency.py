"""Emergency command in the console: declare (on an incident, a sensor, a point or a drawn area), show the
picture, log orders and notes, write the situation report, stand down to the layout as it
was — every step recorded in the GeoPackage, so a restart reopens the same emergency."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import shapely
from PySide6.QtCore import QByteArray, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDockWidget, QInputDialog

from console.paths import data_home
from console.sketch import sketch_area
from geodata.emergency.picture import LEVELS, EmergencyConfig, Picture, compute, zone_outlines
from geodata.emergency.record import Emergency, EmergencyStore
from geodata.emergency.report import report_folder, write_report
from geodata.access import may
from geodata.modes import Mode
from layers.emergency import EmergencyLayer
from layers.labels import label
from widgets.clock import zoned
from widgets.declare_dialog import DeclareDialog
from widgets.emergency_panel import CameraWall, EmergencyPanel

Z_EMERGENCY_OVERLAY = 90
FADE = 0.35  # everything not in the emergency picture stays visible, faded


class EmergencyCommand(QObject):
    changed = Signal()
    pictureReady = Signal()  # the picture of the current emergency is computed and shown

    def __init__(self, window, store: EmergencyStore | None, config: EmergencyConfig | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.config = config or EmergencyConfig.load()
        self.current: Emergency | None = None
        self._outer = None  # the current emergency's outer zone, metric (what suggestions leave alone)
        self.picture: Picture | None = None
        self.layer = EmergencyLayer(window.district.bounds)
        window.map.add_layer(self.layer, Z_EMERGENCY_OVERLAY)
        self.panel = EmergencyPanel()
        self.wall = CameraWall()
        self.docks = {}
        for name, widget, area in (("emergency", self.panel, Qt.LeftDockWidgetArea),
                                   ("camera_wall", self.wall, Qt.BottomDockWidgetArea)):
            dock = QDockWidget()
            dock.setObjectName(f"dock_{name}")
            dock.setWidget(widget)
            window.addDockWidget(area, dock)
            dock.hide()
            self.docks[name] = dock
        self.panel.cameraPinned.connect(self.pin_camera)
        self.panel.featureChosen.connect(self._chosen)
        self.charted: list[str] = []  # sensors charted in the panel, in chart order
        self.panel.logRequested.connect(lambda kind, text: self.log(kind, text))
        self.panel.reportRequested.connect(self._report_to_default)
        self.panel.standDownRequested.connect(self.ask_stand_down)
        self._normal_state: QByteArray | None = None
        self._opacity: dict[str, float] = {}
        self.report_dir = None
        self._fill_timer = QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self._fill)
        self.retranslate()

    # ------------------------------------------------------------------ declaring
    def declare(self, etype: str, level: int, lon: float, lat: float, source: str = "",
                area_lonlat=None) -> Emergency | None:
        """Enter emergency mode focused on a new emergency (recorded before it is shown).

        The switch is shown at once — theme, rings, focus, panel title — and the picture of
        what lies inside the rings (grids, people, sensors, cameras…) fills in on the next
        turn of the event loop, so the officer is not kept waiting for the counting."""
        w = self.window
        outlines = zone_outlines(etype, level, lon, lat, self.config, area_lonlat)  # checks type and level
        refusal = w.sync.refusal() if w.sync is not None else None
        if not may(w.role, "declare"):
            refusal = w.refusal("declare")
        if refusal:  # offline, or not this role's: refused, not kept for later (see console/sync.py)
            w.statusBar().showMessage(refusal, 15000)
            return None
        wkt = shapely.to_wkt(area_lonlat, rounding_precision=7) if area_lonlat is not None else None
        if self.store is not None:
            emergency = self.store.declare(etype, level, lon, lat, w.operator, source=source, area_wkt=wkt)
        else:
            emergency = Emergency(0, etype, level, lon, lat, wkt, source, datetime.now().astimezone(), w.operator)
        self._enter(emergency, outlines)
        return emergency

    def resume(self) -> bool:
        """After a restart: reopen the active emergency, if there is one."""
        active = self.store.active() if self.store is not None else None
        if active is None:
            return False
        self._enter(active, zone_outlines(active.type, active.level, active.lon, active.lat, self.config,
                                          self._area(active)))
        if not self.store.store.readonly:  # a snapshot only looks
            self.log("state", "console restarted; emergency resumed")
        return True

    @staticmethod
    def _area(emergency: Emergency):
        return shapely.from_wkt(emergency.area_wkt) if emergency.area_wkt else None

    def _enter(self, emergency: Emergency, outlines) -> None:
        w = self.window
        if self.current is None:
            self._normal_state = w.saveState()
            self._opacity = {k: layer.opacity() for k, layer in w.layers.items()}
        self.current, self.picture = emergency, None
        self._outer = shapely.transform(outlines[-1][1], lambda xy: np.column_stack(
            w.district.from_lonlat(xy[:, 0], xy[:, 1]))) if outlines else None
        self.layer.show_rings(w.district, outlines, (emergency.lon, emergency.lat))
        for key in ("basemap", "grids", "cameras"):
            w.layers[key].setOpacity(self._opacity.get(key, 1.0) * FADE)
        x, y = w.district.from_lonlat(emergency.lon, emergency.lat)
        outer = outlines[-1][0] if outlines else 1000
        # The emergency layout first (docks, theme, type), laid out at once, then the map centred
        # at the size it now has: the layers are told the view once and choose their detail for
        # it, and their density images are composed once, in the new colours.
        with w.restyling(), w.map.held():
            self.docks["emergency"].show()
            w.docks["layers"].hide()  # the emergency panel takes its place; stand-down restores the layout
            w.resizeDocks([self.docks["emergency"]], [round(w.height() * 0.55)], Qt.Vertical)
            self.panel.show_pending(self._title(), [r for r, _ in outlines])
            if w.machine.mode is not Mode.EMERGENCY:
                w.machine.switch(Mode.EMERGENCY, w.operator, since=emergency.declared_at)
            w.settle_layout()
            span_px = max(min(w.map.width(), w.map.height()), 300)
            w.map.centre_on(float(x), float(y), metres_per_px=outer * 2.3 / span_px)
        self._fill_timer.start()
        self.changed.emit()

    # ------------------------------------------------------------------ drawing an area
    def draw_area(self) -> None:
        """Ctrl+Shift+D: draw the emergency's area on the map, then declare on it."""
        w = self.window
        if w.planning.editing:
            w.statusBar().showMessage(self.tr("Leave boundary editing to draw an emergency area"), 8000)
            return
        self.sketch = sketch_area(w, self.layer, self._area_drawn, self._area_cancelled)

    def _area_cancelled(self) -> None:
        self.window.map.set_tool(None)
        self.layer.show_sketch([])

    def _area_drawn(self, area) -> None:
        """A closed area: the officer chooses type and level; the focus is the area's centre."""
        w = self.window
        self._area_cancelled()
        area_lonlat = shapely.transform(area, lambda xy: np.column_stack(w.district.to_lonlat(xy[:, 0], xy[:, 1])))
        c = area.representative_point() if not area.centroid.within(area) else area.centroid
        lon, lat = (float(v) for v in w.district.to_lonlat(c.x, c.y))
        source = self.tr("drawn area, %1 km²").replace("%1", f"{area.area / 1e6:,.2f}")
        self.choose_and_declare(lon, lat, source, area_lonlat=area_lonlat)

    def choose_and_declare(self, lon: float, lat: float, source: str, etype: str | None = None,
                           area_lonlat=None) -> Emergency | None:
        """The declare dialog (type proposed by the caller, if any); declares what the officer
        confirms. None when the officer cancels."""
        dialog = DeclareDialog(self.type_name, lon, lat, source, self.window, etype=etype)
        if dialog.exec() != QDialog.Accepted:
            return None
        etype, level = dialog.choice()
        return self.declare(etype, level, lon, lat, source=source, area_lonlat=area_lonlat)

    def covers(self, x: float, y: float) -> bool:
        """Whether metric point (x, y) lies inside the current emergency's outer zone."""
        return self._outer is not None and bool(shapely.contains_xy(self._outer, x, y))

    def ensure_picture(self) -> Picture | None:
        """The current emergency's picture, computed now if it is still pending."""
        if self.current is not None and self.picture is None:
            self._fill_timer.stop()
            self._fill()
        return self.picture

    def _fill(self) -> None:
        """Compute the picture of the current emergency and show it (the second half of a switch)."""
        e, w = self.current, self.window
        if e is None or self.picture is not None:
            return
        picture = compute(w.district, e.type, e.level, e.lon, e.lat, self.config, self._area(e))
        self.picture = picture
        if self.store is not None and not self.store.store.readonly:
            self.store.save_picture(e.id, picture.summary())
        grids = w.district.grids
        hit = grids["grid_id"].isin(picture.affected_grid_ids()).to_numpy()
        self.layer.show_grids(grids.geometry.values[hit])
        self._show_panel()
        self.pictureReady.emit()
        self.changed.emit()

    def _title(self) -> str:
        e = self.current
        return self.tr("%1 · level %2 · declared %3 by %4").replace("%1", self.type_name(e.type)) \
            .replace("%2", LEVELS[e.level]).replace("%3", zoned(e.declared_at, "%m-%d %H:%M")) \
            .replace("%4", e.declared_by)

    def _show_panel(self) -> None:
        e, p = self.current, self.picture
        if p is None:
            self.panel.show_pending(self._title(), [])
            return
        listed = p.zones[-1].sensor_ids[: self.panel.MAX_SENSORS] if p.zones else []
        where = self.window.live.sensor_positions
        statuses = self.window.district.sensors["status"].to_numpy()
        status = {s: str(statuses[where[s]]) for s in listed if s in where}
        sites = self.window.district.layer("risk_sites")
        kinds = dict(zip(sites["site_id"].astype(str), (label(k) for k in sites["kind"]))) if len(sites) else {}
        self.panel.show_picture(self._title(), p, status, kinds)
        self.charted = listed[: len(self.panel.charts)]
        self.chart_sensors(set(self.charted))
        self.panel.show_log(self.store.entries(e.id) if self.store is not None else [])

    # ------------------------------------------------------------------ commanding
    def log(self, kind: str, text: str) -> None:
        if self.current is None:
            return
        refusal = self.window.sync.refusal() if self.window.sync is not None else None
        if not may(self.window.role, "declare"):
            refusal = self.window.refusal("declare")
        if refusal:
            self.window.statusBar().showMessage(refusal, 15000)
            return
        if self.store is not None:
            self.store.log(self.current.id, self.window.operator, kind, text)
            self.panel.show_log(self.store.entries(self.current.id))

    def _chosen(self, layer: str, fid: str) -> None:
        if layer == "sensors":  # the chosen sensor takes the first chart
            self.charted = [fid] + [s for s in self.charted if s != fid][: len(self.panel.charts) - 1]
            self.chart_sensors(set(self.charted))

    def chart_sensors(self, sensor_ids: set[str]) -> None:
        """Chart the recent readings of those charted sensors that are in ``sensor_ids``
        (called again whenever readings arrive, so the charts are live)."""
        w = self.window
        frame = w.district.sensors
        for chart, sid in zip(self.panel.charts, self.charted + [None] * len(self.panel.charts)):
            if sid is None:
                chart.setVisible(False)
                continue
            chart.setVisible(True)
            if sid not in sensor_ids or sid not in w.live.sensor_positions:
                continue
            row = frame.iloc[w.live.sensor_positions[sid]]
            readings = w.live.read(lambda st, sid=sid: st.readings_of(sid), [])
            chart.show_readings(sid, np.array([r.at.timestamp() for r in readings]),
                                np.array([r.value for r in readings]), float(row["threshold"]),
                                str(row["unit"] or ""),
                                title=f"{sid} · {label(str(row['kind']))} · {label(str(row['status']))} — ")

    def pin_camera(self, camera_id: str, distance_m: float | None = None) -> None:
        """Put the camera's video on the wall (from the emergency panel, or the map in any mode)."""
        w = self.window
        cams = w.district.cameras
        hit = np.flatnonzero(cams["camera_id"].astype(str).to_numpy() == camera_id)
        if not len(hit):
            return
        k = int(hit[0])
        if distance_m is None and self.picture is not None:
            distance_m = dict(self.picture.cameras).get(camera_id)
        x, y = w.district.point_xy("cameras")
        g = w.index.grid_of(float(x[k]), float(y[k]))
        grid = str(w.district.grids["name"].iloc[g]) if 0 <= g < len(w.district.grids) else ""
        url = cams["stream_url"].iloc[k] if "stream_url" in cams else None
        self.wall.pin(camera_id, str(cams["status"].iloc[k]), distance_m, url if isinstance(url, str) else None, grid)
        self.docks["camera_wall"].show()
        self.docks["camera_wall"].raise_()
        self.log("order", f"camera {camera_id} pinned to the wall")  # in an emergency, into its command log

    def write_report(self, base, dated: bool = True) -> dict:
        """Situation report: map.html, summary.json, command_log.csv and console.png, into a
        dated folder under ``base`` (or into ``base`` itself). Returns the paths."""
        e, p = self.current, self.ensure_picture()
        folder = report_folder(base, p, datetime.now().astimezone()) if dated else Path(base)
        self.log("report", f"situation report written to {folder}")
        entries = self.store.entries(e.id) if self.store is not None else []
        title = f"{self.type_name(e.type)} · {LEVELS[e.level]} · {e.lon:.5f}, {e.lat:.5f}"
        paths = write_report(folder, p, self.window.district, entries, title)
        png = folder / "console.png"
        self.window.static.flush()  # the real map, not a stand-in, goes into the report
        self.window.grab().toImage().save(str(png), "PNG")
        paths["png"] = png
        return paths

    def _report_to_default(self) -> None:
        if self.current is None:
            return
        paths = self.write_report(self.report_dir or data_home() / "reports")
        self.window.statusBar().showMessage(self.tr("Situation report written to %1").replace(
            "%1", str(paths["map"].parent)), 15000)

    # ------------------------------------------------------------------ standing down
    def normal_layout(self) -> tuple[QByteArray | None, dict[str, float]]:
        """The layout and layer opacities the officer had before the emergency (what settings
        keep: a restart must never make the emergency's layout the normal one)."""
        return self._normal_state, dict(self._opacity)

    def ask_stand_down(self) -> bool:
        if self.current is None:  # nothing to stand down (a key pressed twice, a stale button)
            return False
        note, ok = QInputDialog.getMultiLineText(self.window, self.tr("Stand down"),
                                                 self.tr("Closing note (what happened, what remains):"))
        if not ok or not note.strip():
            return False
        self.stand_down(note.strip())
        return True

    def stand_down(self, note: str) -> None:
        """Close the emergency with ``note`` and restore the normal layout exactly as it was."""
        w = self.window
        refusal = w.sync.refusal() if w.sync is not None else None
        if not may(w.role, "declare"):
            refusal = w.refusal("declare")
        if refusal:
            w.statusBar().showMessage(refusal, 15000)
            return
        if self.current is not None and self.store is not None:
            self.store.save_picture(self.current.id, self.ensure_picture().summary())
            self.store.stand_down(self.current.id, w.operator, note)
        self._leave()

    def follow(self, active: Emergency | None, entries) -> None:
        """Another console declared, commanded or stood down: show it here too (nothing is
        written: the store already holds it)."""
        if active is None:
            if self.current is not None:
                self._leave()
                self.window.statusBar().showMessage(self.tr("The emergency was stood down at another console"),
                                                    15000)
            return
        if self.current is None or self.current.id != active.id:
            self._enter(active, zone_outlines(active.type, active.level, active.lon, active.lat, self.config,
                                              self._area(active)))
        self.panel.show_log(list(entries))

    def _leave(self) -> None:
        w = self.window
        self.current, self.picture, self._outer = None, None, None
        self.charted = []
        self.layer.clear()
        self.wall.clear()
        for key, opacity in self._opacity.items():
            w.layers[key].setOpacity(opacity)
        with w.restyling(), w.map.held():  # as on entering: the layers see the restored map once
            for dock in self.docks.values():
                dock.hide()
            if w.machine.mode is Mode.EMERGENCY:
                w.machine.switch(Mode.NORMAL, w.operator)
            if self._normal_state is not None:
                w.restoreState(self._normal_state)
            w.settle_layout()
        if self._normal_state is not None:
            state = self._normal_state
            # Font and style changes of the mode switch settle on the next turn of the event
            # loop and nudge dock sizes; restore once more after them, so the layout is exact.
            QTimer.singleShot(250, lambda: w.restoreState(state))
        self.changed.emit()

    # ------------------------------------------------------------------ text
    def type_name(self, etype: str) -> str:
        names = {"flood": self.tr("Flood"), "fire": self.tr("Fire"), "gas_leak": self.tr("Gas leak"),
                 "geological": self.tr("Geological hazard"), "public_safety": self.tr("Public safety"),
                 "epidemic": self.tr("Epidemic")}
        return names.get(etype, etype)

    def retranslate(self) -> None:
        self.docks["emergency"].setWindowTitle(self.tr("Emergency command"))
        self.docks["camera_wall"].setWindowTitle(self.tr("Camera wall"))
        self.panel.retranslate()
        if self.current is not None:
            self._show_panel()
