"""The governance index: a month's ranking of streets, communities or grids, the change since
the month before, a unit's trend, and the ranking exported as CSV or HTML."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QLocale, Signal
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from geodata.analysis import governance
from widgets.panel import Panel
from widgets.plain_text import PlainLabel
from widgets.tables import fill, number, payload, results_table

LEVEL_NAMES = ("street", "community", "grid")


class GovernancePanel(Panel):
    """``unitChosen(level, unit key)`` when a row is chosen (the console can zoom there)."""

    unitChosen = Signal(str, str)

    def __init__(self, config: governance.IndexConfig | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("governancePanel")
        self.config = config or governance.IndexConfig.load()
        self.table: pd.DataFrame | None = None
        self._first_row = False  # the ranking itself selects its first row: show its trend, move no map
        self.level = QComboBox()
        self.level.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.month = QComboBox()
        self.month.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.level.currentIndexChanged.connect(self._show_ranking)
        self.month.currentIndexChanged.connect(self._show_ranking)
        self.csv_button = QPushButton()
        self.csv_button.clicked.connect(lambda: self.export_dialog("csv"))
        self.html_button = QPushButton()
        self.html_button.clicked.connect(lambda: self.export_dialog("html"))
        self.ranking = results_table()
        self.ranking.itemSelectionChanged.connect(self._on_row)
        self.chart = pg.PlotWidget(background="#ffffff")
        self.chart.setMouseEnabled(x=False, y=False)
        self.chart.hideButtons()
        self.chart.setYRange(0, 100)
        self.chart.setMinimumHeight(160)
        for axis in ("left", "bottom"):
            self.chart.getAxis(axis).setPen(pg.mkPen("#101820"))
            self.chart.getAxis(axis).setTextPen(pg.mkPen("#101820"))
        self.line = self.chart.plot([], [], pen=pg.mkPen("#08519c", width=4), symbol="o", symbolSize=12,
                                    symbolBrush="#08519c")
        self.caption = PlainLabel()
        self.caption.setWordWrap(True)
        self.message = PlainLabel()
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.level)
        top.addWidget(self.month)
        top.addStretch(1)
        top.addWidget(self.csv_button)
        top.addWidget(self.html_button)
        lower = QWidget()
        box = QVBoxLayout(lower)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.caption)
        box.addWidget(self.chart, 1)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.ranking)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self.retranslate()

    @property
    def lang(self) -> str:
        """The language the indicator names are read in (the index file has zh_CN and en)."""
        return "zh_CN" if QLocale().language() == QLocale.Chinese else "en"

    def set_table(self, table: pd.DataFrame) -> None:
        """The whole index (``governance.governance_index``); shows the latest month."""
        self.table = table
        months = sorted(table["month"].unique(), reverse=True) if len(table) else []
        self.month.blockSignals(True)
        current = self.month.currentData()
        self.month.clear()
        for m in months:
            self.month.addItem(m, m)
        self.month.setCurrentIndex(max(0, self.month.findData(current)) if current in months else 0)
        self.month.blockSignals(False)
        self._show_ranking()

    def current(self) -> pd.DataFrame:
        if self.table is None or self.month.currentData() is None:
            return pd.DataFrame()
        return governance.ranking(self.table, self.level.currentData(), self.month.currentData())

    def _show_ranking(self, *_) -> None:
        rows = self.current()
        heads = [self.tr("Rank"), self.tr("Unit"), self.tr("Within"), self.tr("Index"), self.tr("Change"), self.tr("Rank change")] + \
            [i.label(self.lang) for i in self.config.indicators]
        pct = {"on_time_rate", "overdue_share", "escalated_share", "repeat_share"}
        cells = []
        for _, r in rows.iterrows():
            cells.append([number(r["rank"]), r["name"], r["parent"], number(r["index"], 1),
                          number(r["index_change"], 1, signed=True), number(r["rank_change"], signed=True)]
                         + [number(r[i.key], 0 if i.key in pct else 2, percent=i.key in pct)
                            for i in self.config.indicators])
        fill(self.ranking, heads, cells, list(rows["unit"]) if len(rows) else [])
        self.message.setText(self.tr("%1 units · weights from %2").replace("%1", str(len(rows)))
                             .replace("%2", governance.DEFAULT_PATH.name))
        if len(rows):
            # A ranking computed in the background (or a wall's panel) must not take the console's
            # map away from what the officer is looking at: only a row someone chooses moves it.
            self._first_row = True
            try:
                self.ranking.selectRow(0)
            finally:
                self._first_row = False
        else:
            self.line.setData([], [])

    def _on_row(self) -> None:
        row = self.ranking.currentRow()
        unit = payload(self.ranking, row) if row >= 0 else None
        if unit is None or self.table is None:
            return
        level = self.level.currentData()
        self.show_trend(level, unit)
        if not self._first_row:
            self.unitChosen.emit(level, unit)

    def show_trend(self, level: str, unit: str) -> None:
        t = governance.trend(self.table, level, unit)
        months = list(t["month"])
        self.line.setData(np.arange(len(months)), t["index"].to_numpy(dtype=float))
        self.chart.getAxis("bottom").setTicks([list(enumerate(months))])
        self.chart.setXRange(-0.5, max(len(months) - 0.5, 0.5))
        name = t["name"].iloc[0] if len(t) else unit
        self.caption.setText(self.tr("Index of %1, month by month (0–100, higher is better)").replace("%1", str(name)))

    def export_dialog(self, kind: str) -> None:
        name = f"governance-{self.level.currentData()}-{self.month.currentData()}.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the ranking"), name,
                                              "CSV (*.csv)" if kind == "csv" else "HTML (*.html)")
        if path:
            self.export(path)

    def export(self, path: str) -> None:
        rows = self.current()
        try:
            if str(path).lower().endswith(".html"):
                title = self.tr("Governance index · %1 · %2").replace("%1", self.level.currentText()) \
                    .replace("%2", str(self.month.currentData()))
                with open(path, "w", encoding="utf-8") as f:
                    f.write(governance.to_html(rows, title, self.config, self.lang))
            else:
                governance.to_csv(rows, path)
        except OSError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.tr("Exported to %1").replace("%1", str(path)))

    def retranslate(self) -> None:
        current = self.level.currentData() or "street"
        self.level.blockSignals(True)
        self.level.clear()
        for key, text in zip(LEVEL_NAMES, (self.tr("Streets"), self.tr("Communities"), self.tr("Grids"))):
            self.level.addItem(text, key)
        self.level.setCurrentIndex(self.level.findData(current))
        self.level.blockSignals(False)
        self.csv_button.setText(self.tr("Export CSV…"))
        self.html_button.setText(self.tr("Export HTML…"))
        self.chart.setLabel("left", self.tr("Index"))
        if self.table is not None:
            self._show_ranking()

    def _chart_fonts(self) -> None:
        """Axis text at the panel's own type size: pyqtgraph's default is too small for a wall."""
        font = QFont(self.font())
        for axis in ("left", "bottom"):
            self.chart.getAxis(axis).setStyle(tickFont=font)
            self.chart.getAxis(axis).label.setFont(font)

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self._chart_fonts()
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        self._chart_fonts()
        super().showEvent(event)


def main() -> int:
    from geodata.analysis.history import IncidentHistory
    from geodata.demo import HISTORY_END
    from widgets.standalone import run_alone

    def build(district, index):
        h = IncidentHistory.of(district, index)
        panel = GovernancePanel()
        panel.set_table(governance.governance_index(h, district.grids, panel.config, now=HISTORY_END))
        return panel

    return run_alone(build, "GridTwin — governance index", (1700, 1200))


if __name__ == "__main__":
    raise SystemExit(main())
