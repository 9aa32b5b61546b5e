"""The emergency panel: zones and what is in them, cameras that see the focus (pin to the
wall), sensors (alarms first), shelters and grid workers, and the command log."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from layers.labels import label
from widgets.clock import zoned
from widgets.symbols import symbol_icon
from widgets.plain_text import PlainLabel
from widgets.video_tile import VideoTile
from widgets.sensor_chart import SensorChart

CHARTS = 3  # sensors charted live in the panel: the first listed (alarms first), or the chosen one


class EmergencyPanel(QWidget):
    MAX_SENSORS = 500  # listed; the zone table counts them all
    icon_px = 32       # the symbols beside listed cameras, alarms, shelters and grid workers
    cameraPinned = Signal(str)
    featureChosen = Signal(str, str)   # layer, id
    logRequested = Signal(str, str)    # kind ("order" or "note"), text
    reportRequested = Signal()
    standDownRequested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = PlainLabel()
        self.title.setObjectName("emergencyTitle")
        self.title.setWordWrap(True)
        self.zones = QTableWidget(0, 6)
        self.zones.verticalHeader().setVisible(False)
        self.zones.setEditTriggers(QTableWidget.NoEditTriggers)
        self.tabs = QTabWidget()
        self.cameras = QListWidget()
        self.sensors = QListWidget()
        self.sites = QListWidget()
        self.resources = QListWidget()
        self.charts = [SensorChart(height_px=150) for _ in range(CHARTS)]
        sensor_tab = QSplitter(Qt.Vertical)
        sensor_tab.addWidget(self.sensors)
        chart_box = QWidget()
        charts = QVBoxLayout(chart_box)
        charts.setContentsMargins(0, 0, 0, 0)
        for chart in self.charts:
            charts.addWidget(chart)
        sensor_tab.addWidget(chart_box)
        sensor_tab.setStretchFactor(1, 3)
        for w in (self.cameras, sensor_tab, self.sites, self.resources):
            self.tabs.addTab(w, "")
        self.cameras.itemDoubleClicked.connect(lambda it: self.cameraPinned.emit(it.data(Qt.UserRole)))
        self.sensors.itemClicked.connect(lambda it: self.featureChosen.emit("sensors", it.data(Qt.UserRole)))
        self.sites.itemClicked.connect(lambda it: self.featureChosen.emit("risk_sites", it.data(Qt.UserRole)))
        self.pin = QPushButton()
        self.pin.clicked.connect(self._pin_selected)
        self.log = QListWidget()
        self.log.setWordWrap(True)
        self.entry = QLineEdit()
        self.order = QPushButton()
        self.note = QPushButton()
        self.order.clicked.connect(lambda: self._log("order"))
        self.note.clicked.connect(lambda: self._log("note"))
        self.entry.returnPressed.connect(lambda: self._log("order"))
        self.report = QPushButton()
        self.report.clicked.connect(self.reportRequested.emit)
        self.stand_down = QPushButton()
        self.stand_down.setObjectName("standDown")
        self.stand_down.clicked.connect(self.standDownRequested.emit)
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(self.order)
        entry_row.addWidget(self.note)
        end_row = QHBoxLayout()
        end_row.addWidget(self.report)
        end_row.addWidget(self.stand_down)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.zones)
        layout.addWidget(self.tabs, 2)
        layout.addWidget(self.pin)
        self.log_label = PlainLabel()
        layout.addWidget(self.log_label)
        layout.addWidget(self.log, 1)
        layout.addLayout(entry_row)
        layout.addLayout(end_row)
        self._picture = None
        self.retranslate()

    def _pin_selected(self) -> None:
        item = self.cameras.currentItem()
        if item is not None:
            self.cameraPinned.emit(item.data(Qt.UserRole))

    def _log(self, kind: str) -> None:
        text = self.entry.text().strip()
        if text:
            self.logRequested.emit(kind, text)
            self.entry.clear()

    def _fit_zones(self) -> None:
        """Every ring's row in view, without a scroll bar: the zone counts are the headline."""
        self.zones.resizeRowsToContents()
        rows = sum(self.zones.rowHeight(r) for r in range(self.zones.rowCount()))
        self.zones.setFixedHeight(self.zones.horizontalHeader().height() + rows + 2 * self.zones.frameWidth() + 2)

    def _zone_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.zones.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.zones.setItem(r, c, item)

    def show_pending(self, title: str, radii: list[float]) -> None:
        """The moment of declaring: title and rings, their contents still being counted."""
        self._picture = None
        self.title.setText(title)
        if radii:
            self._zone_rows([(f"{radius:,.0f} m",) + ("…",) * 5 for radius in radii])
        for w in (self.cameras, self.sensors, self.sites, self.resources):
            w.clear()
        self.tabs.setCurrentIndex(0)  # not the previous emergency's sensor charts
        self.retranslate()
        self._fit_zones()

    def show_picture(self, title: str, picture, sensor_status: dict[str, str], site_kinds: dict[str, str]) -> None:
        self._picture = picture
        self.title.setText(title)
        self._zone_rows([(f"{z.radius_m:,.0f} m", f"{len(z.grid_ids):,}", f"{z.population:,}", f"{z.buildings:,}",
                          f"{len(z.sensor_ids):,}", f"{len(z.site_ids):,}") for z in picture.zones])
        self.zones.resizeColumnsToContents()
        self._fit_zones()
        self.cameras.clear()
        for cid, d in picture.cameras:
            it = QListWidgetItem(symbol_icon("camera", self.icon_px), f"{cid} · {d:,.0f} m")
            it.setData(Qt.UserRole, cid)
            self.cameras.addItem(it)
        self.sensors.clear()
        outer = picture.zones[-1] if picture.zones else None
        for sid in (outer.sensor_ids if outer else [])[: self.MAX_SENSORS]:
            status = sensor_status.get(sid, "")
            it = QListWidgetItem(f"{sid} · {label(status)}" if status else sid)
            if status == "alarm":
                it.setIcon(symbol_icon("alarm", self.icon_px, "#d50000"))
            it.setData(Qt.UserRole, sid)
            self.sensors.addItem(it)
        self.sites.clear()
        for sid in (outer.site_ids if outer else []):
            it = QListWidgetItem(f"{sid} · {label(site_kinds.get(sid, ''))}")
            it.setData(Qt.UserRole, sid)
            self.sites.addItem(it)
        self.resources.clear()
        for s in picture.shelters:
            self.resources.addItem(QListWidgetItem(symbol_icon("shelter", self.icon_px, "#00897b"),
                                                   f"{s['name']} · {s['capacity']:,} · {s['distance_m']:,.0f} m"))
        for w in picture.workers:
            self.resources.addItem(QListWidgetItem(symbol_icon("person", self.icon_px, "#1565c0"),
                                                   f"{w['grid_worker']} · {w['grid']} ({w['grid_id']})"))
        self.tabs.setCurrentIndex(0 if picture.cameras else 1)  # no camera sees it: the sensors first
        self.retranslate()

    def show_log(self, entries) -> None:
        self.log.clear()
        for e in entries:
            self.log.addItem(f"{zoned(e.at, '%H:%M:%S')}  {e.who}  [{label(e.kind)}]  {e.text}")
        self.log.scrollToBottom()

    def retranslate(self) -> None:
        self.zones.setHorizontalHeaderLabels([self.tr("Ring"), self.tr("Grids"), self.tr("Population"),
                                              self.tr("Buildings"), self.tr("Sensors"), self.tr("Risk sites")])
        p = self._picture
        counts = (len(p.cameras), len(p.zones[-1].sensor_ids), len(p.zones[-1].site_ids),
                  len(p.shelters) + len(p.workers)) if p is not None and p.zones else (0, 0, 0, 0)
        for k, (name, n) in enumerate(zip((self.tr("Cameras seeing the focus"), self.tr("Sensors"),
                                           self.tr("Risk sites"), self.tr("Shelters & grid workers")), counts)):
            self.tabs.setTabText(k, f"{name} ({n:,})")
        self.pin.setText(self.tr("Pin camera to the wall"))
        self.log_label.setText(self.tr("Command log"))
        self.entry.setPlaceholderText(self.tr("Order or note (Enter logs an order)"))
        self.order.setText(self.tr("Log order"))
        self.note.setText(self.tr("Log note"))
        self.report.setText(self.tr("Situation report"))
        self.stand_down.setText(self.tr("Stand down…"))

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):  # the emergency theme's type
            QTimer.singleShot(0, self, self._fit_zones)  # not after the panel is gone
        super().changeEvent(event)


class CameraWall(QWidget):
    """Tiles of pinned cameras, two abreast: each plays its camera's stream (widgets.video_tile)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.tiles: dict[str, QFrame] = {}
        self.empty = PlainLabel()  # what to do while nothing is pinned
        self.empty.setObjectName("cameraWallEmpty")
        self.empty.setWordWrap(True)
        self.grid.addWidget(self.empty, 0, 0, 1, 2)
        self.retranslate()

    def retranslate(self) -> None:
        self.empty.setText(self.tr("No camera is pinned. Pin one from the map (choose a camera, Ctrl+Shift+T) "
                                   "or from the emergency picture's camera list."))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def pin(self, camera_id: str, status: str, distance_m: float | None, stream_url: str | None = None,
            grid: str = "") -> VideoTile:
        """A tile for the camera (once): its live video when it has a stream, else it says so."""
        if camera_id in self.tiles:
            return self.tiles[camera_id]
        tile = VideoTile(camera_id, stream_url, grid=grid if status == "online" else f"{grid} · {label(status)}",
                         distance_m=distance_m)
        n = len(self.tiles)
        self.empty.hide()
        self.grid.addWidget(tile, n // 2 + 1, n % 2)
        self.tiles[camera_id] = tile
        return tile

    def clear(self) -> None:
        for tile in self.tiles.values():
            tile.stop()
            tile.setParent(None)
        self.tiles = {}
        self.empty.show()
