"""Inspector: the attributes of the selected feature (and a sensor's recent readings)."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.plain_text import PlainLabel
from widgets.sensor_chart import SensorChart


class Inspector(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = PlainLabel()
        self.title.setObjectName("inspectorTitle")
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        self.chart = SensorChart()
        self.chart.hide()
        layout.addWidget(self.chart)
        self.retranslate()
        self.show_feature("", {})

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Attribute"), self.tr("Value")])
        if not self.table.rowCount():
            self.title.setText(self.tr("Click the map to inspect a grid, sensor, camera or incident"))

    def show_feature(self, title: str, rows: dict[str, str]) -> None:
        self.chart.hide()
        if title:
            self.title.setText(title)
        self.table.setRowCount(len(rows))
        for r, (k, v) in enumerate(rows.items()):
            self.table.setItem(r, 0, QTableWidgetItem(str(k)))
            self.table.setItem(r, 1, QTableWidgetItem(str(v)))
        if not rows:
            self.retranslate()

    def show_readings(self, sensor_id: str, times, values, threshold: float, unit: str) -> None:
        """Chart the selected sensor's recent readings under its attributes."""
        self.chart.show_readings(sensor_id, times, values, threshold, unit)
        self.chart.show()

    def values(self) -> dict[str, str]:
        return {self.table.item(r, 0).text(): self.table.item(r, 1).text() for r in range(self.table.rowCount())}

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
