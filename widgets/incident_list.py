"""Incident list: newest first, open ones by default; choosing one tells the console which."""
from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from geodata.schema import OPEN_INCIDENT_STATUSES
from layers.labels import label

LOCAL_TZ = "Asia/Shanghai"


class IncidentModel(QAbstractTableModel):
    COLUMNS = ("reported_at", "severity", "category", "status", "grid_id")

    def __init__(self, incidents: pd.DataFrame, severity_colors: dict) -> None:
        super().__init__()
        self.frame = incidents
        self.times = incidents["reported_at"].dt.tz_convert(LOCAL_TZ).dt.strftime("%m-%d %H:%M").to_numpy()
        self.epoch = incidents["reported_at"].astype("int64").to_numpy()
        self.severity_colors = severity_colors

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.frame)

    def columnCount(self, parent=QModelIndex()) -> int:
        return len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            names = (self.tr("Time"), self.tr("Sev."), self.tr("Category"), self.tr("Status"), self.tr("Grid"))
            return names[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        row, col = index.row(), self.COLUMNS[index.column()]
        if role == Qt.DisplayRole:
            if col == "reported_at":
                return self.times[row]
            value = self.frame[col].iat[row]
            return label(value) if col in ("category", "status") else ("" if value is None else str(value))
        if role == Qt.UserRole:  # sort key
            if col == "reported_at":
                return int(self.epoch[row])
            value = self.frame[col].iat[row]
            return int(value) if col == "severity" else str(value)
        if role == Qt.BackgroundRole and col == "severity":
            return QColor(self.severity_colors.get(int(self.frame["severity"].iat[row]), "#888888"))
        if role == Qt.ForegroundRole and col == "severity":
            return QColor("#000000")
        return None

    def set_colors(self, severity_colors: dict) -> None:
        """New severity colours (a theme change). Views repaint; no dataChanged, which would
        make the sorting proxy re-sort every row for a change of colour."""
        self.severity_colors = severity_colors


class OpenFilter(QSortFilterProxyModel):
    def __init__(self, open_mask: np.ndarray) -> None:
        super().__init__()
        self.open_mask = open_mask
        self.open_only = True
        self.setSortRole(Qt.UserRole)

    def filterAcceptsRow(self, row, parent) -> bool:
        return not self.open_only or bool(self.open_mask[row])


class IncidentList(QWidget):
    incidentChosen = Signal(int)  # row position in the district's incidents

    def __init__(self, incidents: pd.DataFrame, severity_colors: dict, parent=None) -> None:
        super().__init__(parent)
        self.model = IncidentModel(incidents, severity_colors)
        self.proxy = OpenFilter(np.isin(incidents["status"].to_numpy(), OPEN_INCIDENT_STATUSES))
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.DescendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setResizeContentsPrecision(300)  # sample rows, not 250,000
        self.table.horizontalHeader().setStretchLastSection(True)
        self.open_only = QCheckBox()
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(self._set_open_only)
        self.count = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.open_only)
        layout.addWidget(self.count)
        layout.addWidget(self.table)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        self.retranslate()

    def set_colors(self, severity_colors: dict) -> None:
        self.model.set_colors(severity_colors)
        self.table.viewport().update()

    def retranslate(self) -> None:
        self.open_only.setText(self.tr("Open incidents only"))
        self.count.setText(self.tr("%1 of %2 incidents").replace("%1", f"{self.proxy.rowCount():,}")
                           .replace("%2", f"{self.model.rowCount():,}"))
        self.model.headerDataChanged.emit(Qt.Horizontal, 0, len(IncidentModel.COLUMNS) - 1)

    def _set_open_only(self, on: bool) -> None:
        self.proxy.open_only = on
        self.proxy.invalidateFilter()
        self.retranslate()

    def _on_row(self, current, previous) -> None:
        if current.isValid():
            self.incidentChosen.emit(self.proxy.mapToSource(current).row())

    def row_of(self, position: int) -> int:
        """The visible row showing incident ``position`` (-1 if filtered out)."""
        return self.proxy.mapFromSource(self.model.index(position, 0)).row()

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
