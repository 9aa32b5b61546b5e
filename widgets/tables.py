"""Read-only tables of analysis results: text items (never markup), numbers right-aligned
and sortable as numbers, the row's payload kept for whoever reacts to a choice."""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

PAYLOAD = Qt.UserRole + 1


class _Number(QTableWidgetItem):
    def __lt__(self, other) -> bool:
        a, b = self.data(Qt.UserRole), other.data(Qt.UserRole)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return (math.inf if a != a else a) < (math.inf if b != b else b)
        return super().__lt__(other)


class ResultsTable(QTableWidget):
    """Columns sized to their contents again when the font or the style changes (a theme
    switch, a language, the wall's type size), once, after that change is laid out."""

    def __init__(self) -> None:
        super().__init__()
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self.resizeColumnsToContents)

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self._fit.start()
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        self._fit.start()
        super().showEvent(event)


def results_table() -> QTableWidget:
    table = ResultsTable()
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill(table: QTableWidget, headers: list[str], rows: list[list], payloads: list | None = None) -> None:
    """Replace the table's contents. A cell is text, or a number shown as given by ``(value, text)``."""
    table.setSortingEnabled(False)
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if isinstance(cell, tuple):
                value, text = cell
                item = _Number(text)
                item.setData(Qt.UserRole, value)
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            else:
                item = QTableWidgetItem("" if cell is None else str(cell))
            if payloads is not None and c == 0:
                item.setData(PAYLOAD, payloads[r])
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.setSortingEnabled(True)


def payload(table: QTableWidget, row: int):
    item = table.item(row, 0)
    return item.data(PAYLOAD) if item is not None else None


def number(value: float, digits: int = 0, percent: bool = False, signed: bool = False) -> tuple[float, str]:
    """A cell for a number: NaN shows as a dash and sorts last."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return (float("nan"), "–")
    v = float(value) * (100 if percent else 1)
    text = f"{v:+,.{digits}f}" if signed else f"{v:,.{digits}f}"
    return (float(value), text + (" %" if percent else ""))
