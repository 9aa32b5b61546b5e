"""File → Export…: which layers, which incidents (status, time), plain WGS84 or GCJ-02 for web
maps, and where. The work itself is geodata.exporter's."""
from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from geodata.exporter import FORMATS, ExportRequest
from geodata.localtime import CST
from widgets.plain_text import PlainLabel

EXPORTABLE = ("grids", "sensors", "cameras", "roads", "buildings", "risk_sites", "shelters", "district_boundary")


class ExportDialog(QDialog):
    def __init__(self, parent=None, now=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self.layer_boxes = {name: QCheckBox(name) for name in EXPORTABLE}
        self.layer_boxes["grids"].setChecked(True)
        self.incidents = QCheckBox(self.tr("Incidents"))
        self.status = QComboBox()
        self.status.addItem(self.tr("all statuses"), "")
        self.status.addItem(self.tr("open only"), "open")
        self.use_time = QCheckBox(self.tr("reported between"))
        end = QDateTime.currentDateTime() if now is None else QDateTime(now)
        self.since = QDateTimeEdit(end.addDays(-30))
        self.until = QDateTimeEdit(end)
        for edit in (self.since, self.until):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
        self.gcj02 = QCheckBox(self.tr("GCJ-02 coordinates (Amap, Tencent web maps)"))
        self.out = QLineEdit()
        self.out.setPlaceholderText(self.tr("file to write: .gpkg, .geojson, .shp or .csv"))
        browse = QPushButton("…")
        browse.clicked.connect(self._browse)
        self.message = PlainLabel()
        grid = QGridLayout()
        for k, box in enumerate(self.layer_boxes.values()):
            grid.addWidget(box, k // 4, k % 4)
        incidents = QHBoxLayout()
        for w in (self.incidents, self.status, self.use_time, self.since, PlainLabel("–"), self.until):
            incidents.addWidget(w)
        outs = QHBoxLayout()
        outs.addWidget(self.out, 1)
        outs.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(incidents)
        layout.addWidget(self.gcj02)
        layout.addLayout(outs)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), "",
                                              "GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp);;CSV (*.csv)")
        if path:
            self.out.setText(path)

    def request(self) -> ExportRequest:
        def aware(edit):
            t = edit.dateTime().toPython()
            return t.replace(tzinfo=CST) if t.tzinfo is None else t

        timed = self.incidents.isChecked() and self.use_time.isChecked()
        return ExportRequest(layers=[n for n, b in self.layer_boxes.items() if b.isChecked()],
                             incidents=self.incidents.isChecked(),
                             since=aware(self.since) if timed else None,
                             until=aware(self.until) + timedelta(minutes=1) if timed else None,
                             statuses=(self.status.currentData(),) if self.status.currentData() else (),
                             gcj02=self.gcj02.isChecked())

    def _accept(self) -> None:
        out = self.out.text().strip()
        if not any(out.lower().endswith(s) for s in FORMATS):
            self.message.setText(self.tr("Name a file ending in .gpkg, .geojson, .shp or .csv."))
            return
        self.accept()


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    d = ExportDialog()
    d.setAttribute(Qt.WA_DeleteOnClose)
    d.exec()
