"""Space-time query panel (流调): where (a point picked on the map and a radius, or a drawn
area), when (from, to, in the district's zone), and what was there: incidents, sensor readings,
alarms, the cameras whose view covers the place, and the grid workers responsible."""
from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, QTimeZone, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
)

from geodata.analysis.query import QueryResult, SpaceTimeQuery, export_result
from geodata.analysis.spacetime import Place
from geodata.localtime import CST
from layers.labels import label
from widgets.clock import with_zone, zoned
from widgets.panel import Panel
from widgets.plain_text import PlainLabel
from widgets.tables import fill, number, payload, results_table

CST_ZONE = QTimeZone(8 * 3600)


def zoned_edit(t: datetime) -> QDateTimeEdit:
    """A date-time field in the district's zone (CST), to the minute."""
    e = QDateTimeEdit()
    e.setCalendarPopup(True)
    e.setTimeZone(CST_ZONE)
    e.setDisplayFormat("yyyy-MM-dd HH:mm")
    e.setDateTime(QDateTime.fromSecsSinceEpoch(int(t.timestamp()), CST_ZONE))
    return e


def _value(e: QDateTimeEdit) -> datetime:
    return datetime.fromtimestamp(e.dateTime().toSecsSinceEpoch(), CST)


class QueryPanel(Panel):
    """Ask, list, export. ``pickRequested``/``drawRequested`` ask the map for a place; the
    console answers with :meth:`set_centre` or :meth:`set_area`. ``answered`` carries the result
    for the map to draw; ``chosen(kind, position)`` a row the officer picked (incident: a
    history row; camera: a camera position)."""

    pickRequested = Signal()
    drawRequested = Signal()
    answered = Signal(object)
    chosen = Signal(str, int)

    def __init__(self, district, query_source, now: datetime | None = None, parent=None) -> None:
        """``query_source()`` returns the :class:`SpaceTimeQuery` to ask (built lazily: the
        history grows while the console runs)."""
        super().__init__(parent)
        self.setObjectName("queryPanel")
        self.district = district
        self.query_source = query_source
        self.centre: tuple[float, float] | None = None
        self.area_lonlat = None
        self.result: QueryResult | None = None
        self.payload: dict | None = None
        now = now or datetime.now(CST)
        self.where = PlainLabel()
        self.where.setWordWrap(True)
        self.pick = QPushButton()
        self.pick.clicked.connect(self.pickRequested)
        self.draw = QPushButton()
        self.draw.clicked.connect(self.drawRequested)
        self.radius = QSpinBox()
        self.radius.setRange(0, 5000)
        self.radius.setSingleStep(50)
        self.radius.setValue(200)
        self.since = zoned_edit(now - timedelta(days=7))
        self.until = zoned_edit(now)
        self.ask_button = QPushButton()
        self.ask_button.setObjectName("askButton")
        self.ask_button.clicked.connect(self.ask)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_dialog)
        self.export_button.setEnabled(False)
        self.message = PlainLabel()
        self.message.setObjectName("queryMessage")
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tables = {k: results_table() for k in ("incidents", "readings", "alarms", "cameras", "workers")}
        for key, table in self.tables.items():
            self.tabs.addTab(table, "")
            table.cellDoubleClicked.connect(lambda row, _c, k=key: self._choose(k, row))
            table.itemSelectionChanged.connect(lambda k=key: self._choose(k, self.tables[k].currentRow()))

        form = QFormLayout()
        self.labels = {k: PlainLabel() for k in ("place", "radius", "from", "to")}
        buttons = QHBoxLayout()
        buttons.addWidget(self.pick)
        buttons.addWidget(self.draw)
        form.addRow(self.labels["place"], self.where)
        form.addRow("", buttons)
        form.addRow(self.labels["radius"], self.radius)
        form.addRow(self.labels["from"], self.since)
        form.addRow(self.labels["to"], self.until)
        actions = QHBoxLayout()
        actions.addWidget(self.ask_button, 1)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    # ------------------------------------------------------------------ the place
    def set_centre(self, lon: float, lat: float) -> None:
        self.centre, self.area_lonlat = (float(lon), float(lat)), None
        self.radius.setEnabled(True)
        self._show_where()

    def set_area(self, area_lonlat) -> None:
        self.area_lonlat = area_lonlat
        self.radius.setEnabled(False)
        self._show_where()

    def set_period(self, since: datetime, until: datetime) -> None:
        self.since.setDateTime(QDateTime.fromSecsSinceEpoch(int(since.timestamp()), CST_ZONE))
        self.until.setDateTime(QDateTime.fromSecsSinceEpoch(int(until.timestamp()), CST_ZONE))

    def _show_where(self) -> None:
        if self.area_lonlat is not None:
            c = self.area_lonlat.centroid
            self.where.setText(self.tr("Drawn area around %1, %2").replace("%1", f"{c.x:.5f}").replace("%2", f"{c.y:.5f}"))
        elif self.centre is not None:
            self.where.setText(f"{self.centre[0]:.5f}, {self.centre[1]:.5f}")
        else:
            self.where.setText(self.tr("Not chosen: pick a point or draw an area on the map"))

    # ------------------------------------------------------------------ asking
    def ask(self) -> QueryResult | None:
        if self.centre is None and self.area_lonlat is None:
            self.message.setText(self.tr("Choose a place first: pick a point or draw an area on the map"))
            return None
        try:
            if self.area_lonlat is not None:
                place = Place.polygon(self.district, self.area_lonlat)
            else:
                place = Place.circle(self.district, *self.centre, float(self.radius.value()))
            query: SpaceTimeQuery = self.query_source()
            result = query.ask(place, _value(self.since), _value(self.until))
        except ValueError as exc:
            self.message.setText(str(exc))
            return None
        self.result = result
        self.payload = result.as_json(self.district, query.history)
        self._show(self.payload)
        self.export_button.setEnabled(True)
        self.answered.emit(result)
        return result

    def _show(self, p: dict) -> None:
        self.message.setText(self.tr("%1 incidents, %2 readings, %3 alarms, %4 cameras, %5 grids")
                             .replace("%1", str(len(p["incidents"]))).replace("%2", str(len(p["readings"])))
                             .replace("%3", str(len(p["alarms"]))).replace("%4", str(len(p["cameras"])))
                             .replace("%5", str(len(p["workers"]))))
        when = lambda iso: zoned(datetime.fromisoformat(iso), "%m-%d %H:%M") if iso else "–"  # noqa: E731
        fill(self.tables["incidents"],
             [self.tr("Incident"), self.tr("Category"), self.tr("Severity"), self.tr("Status"), with_zone(self.tr("Reported")),
              self.tr("Distance (m)"), self.tr("Grid")],
             [[r["incident_id"], label(r["category"]), number(r["severity"]), label(r["status"]),
               when(r["reported_at"]), number(r["distance_m"]), r["grid_id"] or "–"] for r in p["incident_details"]],
             [int(k) for k in self.result.incidents])
        fill(self.tables["readings"], [self.tr("Sensor"), self.tr("Kind"), with_zone(self.tr("Time")), self.tr("Value")],
             [[r["sensor_id"], label(r["kind"]), when(r["at"]), number(r["value"], 2)] for r in p["readings"][:5000]])
        fill(self.tables["alarms"],
             [self.tr("Sensor"), self.tr("Kind"), with_zone(self.tr("First")), with_zone(self.tr("Last")), self.tr("Peak"), self.tr("Threshold"),
              self.tr("Readings")],
             [[a["sensor_id"], label(a["kind"]), when(a["first_at"]), when(a["last_at"]), number(a["peak"], 2),
               number(a["threshold"], 2), number(a["readings"])] for a in p["alarms"]])
        fill(self.tables["cameras"], [self.tr("Camera"), self.tr("Distance (m)"), self.tr("Status")],
             [[c["camera_id"], number(c["distance_m"]), label(c["status"])] for c in p["cameras"]],
             [c["position"] for c in p["cameras"]])
        fill(self.tables["workers"], [self.tr("Grid"), self.tr("Name"), self.tr("Community"), self.tr("Grid worker")],
             [[w["grid_id"], w["grid"], w["community"], w["grid_worker"] or "–"] for w in p["workers"]])
        self._tab_titles()

    def _choose(self, kind: str, row: int) -> None:
        if row < 0 or kind not in ("incidents", "cameras"):
            return
        value = payload(self.tables[kind], row)
        if value is not None:
            self.chosen.emit(kind, int(value))

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the answer"), "query.geojson",
                                              self.tr("GeoJSON (*.geojson);;CSV (*.csv);;JSON (*.json)"))
        if path:
            self.export(path)

    def export(self, path) -> None:
        if self.payload is None:
            return
        try:
            export_result(self.payload, path)
        except (OSError, ValueError) as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.tr("Exported to %1").replace("%1", str(path)))

    # ------------------------------------------------------------------ text
    def _tab_titles(self) -> None:
        names = {"incidents": self.tr("Incidents"), "readings": self.tr("Readings"), "alarms": self.tr("Alarms"),
                 "cameras": self.tr("Cameras"), "workers": self.tr("Grid workers")}
        for k, (key, table) in enumerate(self.tables.items()):
            n = table.rowCount()
            self.tabs.setTabText(k, f"{names[key]} ({n})" if self.payload is not None else names[key])

    def retranslate(self) -> None:
        self.labels["place"].setText(self.tr("Place"))
        self.labels["radius"].setText(self.tr("Radius (m)"))
        self.labels["from"].setText(with_zone(self.tr("From")))
        self.labels["to"].setText(with_zone(self.tr("To")))
        self.pick.setText(self.tr("Pick a point on the map"))
        self.draw.setText(self.tr("Draw an area"))
        self.ask_button.setText(self.tr("Ask"))
        self.export_button.setText(self.tr("Export…"))
        self._show_where()
        self._tab_titles()
        if self.payload is not None:
            self._show(self.payload)



def main() -> int:
    from geodata.analysis.history import IncidentHistory
    from geodata.demo import HISTORY_END
    from widgets.standalone import run_alone

    def build(district, index):
        history = IncidentHistory.of(district, index)
        query = SpaceTimeQuery(district, history)
        panel = QueryPanel(district, lambda: query, now=HISTORY_END)
        g = district.grids.geometry.iloc[len(district.grids) // 2].representative_point()
        panel.set_centre(*(float(v) for v in district.to_lonlat(g.x, g.y)))
        panel.radius.setValue(500)
        panel.set_period(HISTORY_END - timedelta(days=60), HISTORY_END)
        panel.ask()
        return panel

    return run_alone(build, "GridTwin — space-time query", (1400, 1200))


if __name__ == "__main__":
    raise SystemExit(main())
