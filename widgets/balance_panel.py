"""Workload balance panel: every grid's deviation from the fair share, the edit's before/after,
and the worst-balanced grids (choosing one shows it on the map)."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.plain_text import PlainLabel

BAND = 0.2  # within ±20 % of the fair share counts as balanced
COLUMNS = ("grid_id", "population", "incidents", "workload")


class BalancePanel(QWidget):
    gridChosen = Signal(int)  # grid position

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.summary = PlainLabel()
        self.summary.setWordWrap(True)
        self.plot = pg.PlotWidget(background="#ffffff")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        # No grid and no rank axis: pyqtgraph redraws its grid lines through a QPicture on every
        # change (15 ms a step at Longhua scale); the fair-share line and the ±20 % band say more.
        self.plot.hideAxis("bottom")
        self.plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen("#101820", width=1)))
        # The profile as three filled step curves (over, within, under the band): one path each,
        # not a rectangle per grid, so a drag step redraws 3,000 grids within a frame.
        self.bands = {name: pg.PlotCurveItem(x=[-0.5, 0.5], y=[0.0], stepMode="center", fillLevel=0, pen=None,
                                             brush=pg.mkBrush(colour))
                      for name, colour in (("over", "#e0161b"), ("fair", "#9aa3ad"), ("under", "#3182bd"))}
        for curve in self.bands.values():
            self.plot.addItem(curve)
        self.edited = pg.BarGraphItem(x=[], height=[], width=1.0, brush="#00b8d4")
        self.plot.addItem(self.edited)
        for y in (-BAND, BAND):
            self.plot.addItem(pg.InfiniteLine(pos=y, angle=0, pen=pg.mkPen("#7a8794", style=Qt.DashLine)))
        self.changes = QTableWidget(0, 4)
        self.worst = QTableWidget(0, 3)
        for table in (self.changes, self.worst):
            table.verticalHeader().setVisible(False)
            table.setEditTriggers(QTableWidget.NoEditTriggers)
            table.setSelectionBehavior(QTableWidget.SelectRows)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.worst.cellClicked.connect(lambda r, _c: self.gridChosen.emit(int(self.worst.item(r, 0).data(Qt.UserRole))))
        self.changes.cellClicked.connect(
            lambda r, _c: self.gridChosen.emit(int(self.changes.item(r, 0).data(Qt.UserRole))))
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.plot)
        split.addWidget(self.changes)
        split.addWidget(self.worst)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self._balance = None
        self._ids: list[str] = []
        self._edit: tuple[dict, dict] = ({}, {})
        self.retranslate()

    def show_balance(self, balance, grid_ids, before: dict | None = None, after: dict | None = None) -> None:
        """Draw the profile of ``balance`` (a WorkloadBalance); ``before``/``after`` are the
        last edit's rows by position (BalanceRow)."""
        self._balance, self._ids = balance, list(grid_ids)
        if before is not None:
            self._edit = (before, after or {})
        live = np.flatnonzero(balance.alive)
        dev = balance.deviation[live]
        order = np.argsort(-dev, kind="stable")
        x = np.arange(len(order))
        heights = dev[order]
        edges = np.arange(len(order) + 1) - 0.5
        for name, keep in (("over", heights > BAND), ("under", heights < -BAND),
                           ("fair", (heights >= -BAND) & (heights <= BAND))):
            self.bands[name].setData(edges, np.where(keep, heights, 0.0))
        edited = [p for p in self._edit[1] if p < len(balance.alive) and balance.alive[p]]
        rank = {int(p): i for i, p in enumerate(live[order])}
        ex = [rank[p] for p in edited if p in rank]
        self.edited.setOpts(x=ex, height=[balance.deviation[p] for p in edited if p in rank], width=max(1.0, len(x) / 150))
        self.plot.setXRange(-1, max(len(x), 1), padding=0)
        self._fill_tables()
        self.retranslate()

    def _fill_tables(self) -> None:
        before, after = self._edit
        self.changes.setRowCount(len(after))
        for r, (pos, row) in enumerate(sorted(after.items())):
            old = before.get(pos)
            gid = self._ids[pos] if pos < len(self._ids) else str(pos)
            cells = [gid,
                     _arrow(old.population if old else None, row.population, "{:,.0f}"),
                     _arrow(old.open_incidents + old.past_incidents if old else None,
                            row.open_incidents + row.past_incidents, "{:,.0f}"),
                     _arrow(old.workload if old else None, row.workload, "{:.2f}")]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, pos)
                self.changes.setItem(r, c, item)
        b = self._balance
        worst = b.worst(10) if b is not None else []
        self.worst.setRowCount(len(worst))
        for r, pos in enumerate(worst):
            for c, text in enumerate((self._ids[pos], f"{b.workload[pos]:.2f}", f"{b.deviation[pos]:+.0%}")):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, int(pos))
                self.worst.setItem(r, c, item)

    def retranslate(self) -> None:
        self.changes.setHorizontalHeaderLabels([self.tr("Edited grid"), self.tr("Population"),
                                                self.tr("Incidents"), self.tr("Workload")])
        self.worst.setHorizontalHeaderLabels([self.tr("Worst-balanced grid"), self.tr("Workload"),
                                              self.tr("Deviation")])
        self.plot.setLabel("left", self.tr("Deviation from fair share"))
        b = self._balance
        if b is None:
            self.summary.setText("")
            return
        live = b.alive
        within = int((np.abs(b.deviation[live]) <= BAND).sum())
        self.summary.setText(self.tr("Fair share per grid worker = 1.00 · %1 of %2 grids within ±20 % · "
                                     "worst %3").replace("%1", str(within)).replace("%2", str(int(live.sum())))
                             .replace("%3", f"{np.abs(b.deviation[live]).max():+.0%}" if live.any() else "–"))

    def _fit_axes_to_font(self) -> None:
        """Axis text at the panel's type size, so the chart reads from across the room too."""
        font = QFont(self.font())
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setStyle(tickFont=font)
            axis.label.setFont(font)

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        elif event.type() == event.Type.FontChange:
            self._fit_axes_to_font()
        super().changeEvent(event)


def _arrow(old, new, fmt: str) -> str:
    if old is None:
        return fmt.format(new)
    if abs(new - old) < 1e-9:
        return fmt.format(new)
    return f"{fmt.format(old)} → {fmt.format(new)}"
