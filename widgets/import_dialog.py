"""File → Import…: choose a city's files per layer and what their coordinates are in, check the
column mapping the importer proposes, preview the layers on a map, then import with progress
(and cancel) into a new district GeoPackage. The work itself is geodata.importer's."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from geodata.crs import WGS84, parse_coordinate_spec
from geodata.importer.building import prepare_layer
from geodata.importer.mapping import SYNONYMS, propose
from geodata.importer.reading import read_source, split_source
from widgets.plain_text import PlainLabel

LAYERS = ("grids", "sensors", "cameras", "incidents", "roads", "buildings", "shelters", "district_boundary")
CRS_CHOICES = ("", "gcj02", "bd09", "EPSG:4490", "EPSG:4326", "EPSG:4547")  # "": as the file says
PREVIEW_COLOURS = {"grids": "#1b2838", "district_boundary": "#d50000", "roads": "#8d6e63", "buildings": "#9e9e9e",
                   "sensors": "#2e7d32", "cameras": "#0d47a1", "incidents": "#ef6c00", "shelters": "#00695c"}


class ImportDialog(QDialog):
    importRequested = Signal(object)  # dict(out=Path, sources=..., mapping=..., crs=...)
    cancelRequested = Signal()

    def __init__(self, parent=None, start_dir: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import a district"))
        self.resize(1500, 950)
        self.start_dir = start_dir
        self.paths: dict[str, QLineEdit] = {}
        self.crs: dict[str, QComboBox] = {}
        names = {"grids": self.tr("Grids"), "sensors": self.tr("Sensors"), "cameras": self.tr("Cameras"),
                 "incidents": self.tr("Incidents"), "roads": self.tr("Roads"), "buildings": self.tr("Buildings"),
                 "shelters": self.tr("Shelters"), "district_boundary": self.tr("District boundary")}
        grid = QGridLayout()
        grid.setColumnMinimumWidth(3, 220)
        for row, layer in enumerate(LAYERS):
            edit, browse, combo = QLineEdit(), QPushButton("…"), QComboBox()
            edit.setPlaceholderText(self.tr("file (GeoPackage, Shapefile, GeoJSON, KML, CSV, XLSX …)"))
            edit.editingFinished.connect(lambda layer=layer: self._source_changed(layer))
            browse.clicked.connect(lambda _=False, layer=layer: self._browse(layer))
            combo.setEditable(True)
            combo.addItems([self.tr("as the file says") if not c else c for c in CRS_CHOICES])
            self.paths[layer], self.crs[layer] = edit, combo
            grid.addWidget(PlainLabel(names[layer]), row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(browse, row, 2)
            grid.addWidget(combo, row, 3)
        self.mapping = QTableWidget(0, 2)
        self.mapping.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Column in the grids file")])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.preview = pg.PlotWidget(background="w")
        self.preview.setAspectLocked(True)
        self.preview.hideAxis("left")
        self.preview.hideAxis("bottom")
        self.message = PlainLabel()
        self.message.setWordWrap(True)
        self.out = QLineEdit()
        self.out.setPlaceholderText(self.tr("the district file to write (.gpkg)"))
        out_browse = QPushButton("…")
        out_browse.clicked.connect(self._browse_out)
        self.preview_button = QPushButton(self.tr("Preview"))
        self.preview_button.clicked.connect(self.show_preview)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.clicked.connect(self._request)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        outs = QHBoxLayout()
        outs.addWidget(PlainLabel(self.tr("Write to")))
        outs.addWidget(self.out, 1)
        outs.addWidget(out_browse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        for b in (self.preview_button, self.import_button, self.cancel_button):
            buttons.addWidget(b)
        side = QHBoxLayout()
        side.addWidget(self.mapping, 1)
        side.addWidget(self.preview, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(side, 1)
        layout.addWidget(self.message)
        layout.addLayout(outs)
        layout.addLayout(buttons)
        self.running = False

    # ------------------------------------------------------------------ what the user chose
    def sources(self) -> dict[str, str]:
        return {layer: e.text().strip() for layer, e in self.paths.items() if e.text().strip()}

    def crs_specs(self) -> dict:
        out = {}
        for layer, combo in self.crs.items():
            text = combo.currentText().strip()
            if text and text != combo.itemText(0):  # item 0: as the file says
                out[layer] = parse_coordinate_spec(text)
        return out

    def chosen_mapping(self) -> dict[str, dict[str, str]]:
        fields = {}
        for row in range(self.mapping.rowCount()):
            target = self.mapping.item(row, 0).text()
            column = self.mapping.cellWidget(row, 1).currentText()
            if column:
                fields[target] = column
        return {"grids": fields} if fields else {}

    # ------------------------------------------------------------------ reacting
    def _browse(self, layer: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, layer, self.start_dir,
                                              "GIS (*.gpkg *.shp *.geojson *.json *.fgb *.kml *.csv *.xlsx);;* (*)")
        if path:
            self.paths[layer].setText(path)
            self._source_changed(layer)

    def _browse_out(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Write to"), self.start_dir, "GeoPackage (*.gpkg)")
        if path:
            self.out.setText(path if path.endswith(".gpkg") else path + ".gpkg")

    def _source_changed(self, layer: str) -> None:
        if layer != "grids" or not self.paths["grids"].text().strip():
            return
        try:
            path, inner = split_source(self.paths["grids"].text().strip())
            frame = read_source(path, inner).frame
        except Exception as exc:  # noqa: BLE001 — shown as the message, the dialog stays
            self.say(str(exc))
            return
        columns = [str(c) for c in frame.columns if c != frame.geometry.name]
        proposed = propose("grids", columns)
        self.mapping.setRowCount(0)
        for target in SYNONYMS["grids"]:
            row = self.mapping.rowCount()
            self.mapping.insertRow(row)
            item = QTableWidgetItem(target)
            item.setFlags(item.flags() & ~Qt.ItemIsEditable)
            self.mapping.setItem(row, 0, item)
            combo = QComboBox()
            combo.addItems([""] + columns)
            combo.setCurrentText(proposed.get(target, ""))
            self.mapping.setCellWidget(row, 1, combo)
        self.say(self.tr("%1 grids with the columns %2").replace("%1", f"{len(frame):,}")
                 .replace("%2", ", ".join(columns)))

    def say(self, text: str) -> None:
        self.message.setText(text)

    def show_preview(self) -> None:
        """Each chosen layer, read and converted as the import will, drawn in lon/lat."""
        self.preview.clear()
        notes: list[str] = []
        try:
            crs = self.crs_specs()
            for layer, source in self.sources().items():
                frame, _ = prepare_layer(layer, source, self.chosen_mapping().get(layer, {}), crs.get(layer), notes)
                self._draw(layer, frame.to_crs(WGS84).geometry.values)
        except Exception as exc:  # noqa: BLE001
            self.say(str(exc))
            return
        self.preview.autoRange()
        self.say("\n".join(notes) or self.tr("Preview: nothing is written yet."))

    def _draw(self, layer: str, geoms) -> None:
        colour = PREVIEW_COLOURS.get(layer, "#000000")
        kinds = shapely.get_type_id(geoms)
        if len(geoms) and np.all(kinds == 0):
            xy = shapely.get_coordinates(geoms)
            self.preview.addItem(pg.ScatterPlotItem(xy[:, 0], xy[:, 1], size=4, pen=None, brush=colour))
            return
        lines = shapely.boundary(geoms[np.isin(kinds, (3, 6))]) if np.isin(kinds, (3, 6)).any() else geoms
        xs, ys = [], []
        for part in shapely.get_parts(shapely.get_parts(lines)):
            c = shapely.get_coordinates(part)
            xs += [*c[:, 0], np.nan]
            ys += [*c[:, 1], np.nan]
        self.preview.addItem(pg.PlotDataItem(np.array(xs), np.array(ys), connect="finite", pen=pg.mkPen(colour)))

    def _request(self) -> None:
        out = self.out.text().strip()
        if not out or "grids" not in self.sources():
            self.say(self.tr("Choose the grids file and the district file to write."))
            return
        try:
            request = {"out": Path(out), "sources": self.sources(), "mapping": self.chosen_mapping(),
                       "crs": self.crs_specs()}
        except ValueError as exc:
            self.say(str(exc))
            return
        self.set_running(True)
        self.importRequested.emit(request)

    def _cancel(self) -> None:
        if self.running:
            self.cancelRequested.emit()
        else:
            self.reject()

    def set_running(self, running: bool) -> None:
        self.running = running
        self.progress.setVisible(running)
        self.progress.setValue(0)
        self.import_button.setEnabled(not running)
        self.preview_button.setEnabled(not running)

    def show_progress(self, fraction: float, step: str) -> None:
        self.progress.setValue(round(100 * fraction))
        self.progress.setFormat(f"{step} %p%")


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    dialog = ImportDialog()
    dialog.paths["grids"].setText("resources/data/demo_small.gpkg:grids")
    dialog._source_changed("grids")
    dialog.show_preview()
    dialog.exec()
