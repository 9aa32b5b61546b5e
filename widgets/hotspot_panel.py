"""Hotspots (Getis-Ord Gi*) per category and period, and the early warnings: grids whose last
hours run above their own baseline beyond chance (geodata.analysis.warning says how)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QVBoxLayout

from geodata.analysis.hotspots import Hotspots
from geodata.analysis.warning import EarlyWarning
from geodata.schema import INCIDENT_CATEGORIES
from layers.labels import label
from widgets.clock import with_zone, zoned
from widgets.panel import Panel
from widgets.plain_text import PlainLabel
from widgets.tables import fill, number, payload, results_table

PERIODS_DAYS = (7, 30, 90, 180)


class HotspotPanel(Panel):
    """``computeRequested(category or "", days)`` asks the console for Gi*; ``checkRequested``
    for the warnings now; ``warningChosen(grid position)`` when a warning row is chosen."""

    computeRequested = Signal(str, int)
    checkRequested = Signal()
    clearRequested = Signal()
    warningChosen = Signal(int)

    def __init__(self, grid_names, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("hotspotPanel")
        self.grid_names = list(grid_names)
        self.category = QComboBox()
        self.period = QComboBox()
        self.compute = QPushButton()
        self.compute.setObjectName("hotspotButton")
        self.compute.clicked.connect(
            lambda: self.computeRequested.emit(self.category.currentData() or "", int(self.period.currentData())))
        self.clear = QPushButton()
        self.clear.clicked.connect(self.clearRequested)
        self.summary = PlainLabel()
        self.summary.setWordWrap(True)
        self.warn_title = PlainLabel()
        self.warn_title.setObjectName("panelHeading")
        self.check = QPushButton()
        self.check.clicked.connect(self.checkRequested)
        self.warnings = results_table()
        self.warnings.itemSelectionChanged.connect(self._on_row)
        self.method = PlainLabel()
        self.method.setWordWrap(True)
        self._hotspots: Hotspots | None = None
        self._warned: list[EarlyWarning] = []
        row = QHBoxLayout()
        row.addWidget(self.category, 2)
        row.addWidget(self.period, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compute, 1)
        buttons.addWidget(self.clear)
        warn_row = QHBoxLayout()
        warn_row.addWidget(self.warn_title, 1)
        warn_row.addWidget(self.check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addLayout(warn_row)
        layout.addWidget(self.warnings, 1)
        layout.addWidget(self.method)
        self.retranslate()

    def busy(self, text: str) -> None:
        self.summary.setText(text)

    def show_hotspots(self, hs: Hotspots | None) -> None:
        self._hotspots = hs
        if hs is None:
            self.summary.setText("")
            return
        what = label(hs.category) if hs.category else self.tr("all categories")
        self.summary.setText(
            self.tr("%1: %2 incidents; %3 grids hot, %4 cold at 95 % confidence (Gi*, %5 permutations)")
            .replace("%1", what).replace("%2", f"{int(hs.counts.sum()):,}").replace("%3", str(len(hs.hot(2))))
            .replace("%4", str(len(hs.cold(2)))).replace("%5", "999"))

    def show_warnings(self, warnings: list[EarlyWarning]) -> None:
        self._warned = list(warnings)
        fill(self.warnings,
             [self.tr("Grid"), with_zone(self.tr("Since")), self.tr("Window"), self.tr("Incidents"), self.tr("Expected"), self.tr("Times"),
              self.tr("Strength")],
             [[self.grid_names[w.grid] if 0 <= w.grid < len(self.grid_names) else str(w.grid),
               zoned(w.since if w.since == w.since else w.at, "%m-%d %H:%M"), self.tr("%1 h").replace("%1", str(w.window_h)), number(w.observed),
               number(w.expected, 2), number(w.ratio, 1), number(w.strength, 1)] for w in self._warned],
             [w.grid for w in self._warned])
        self._title()

    def _title(self) -> None:
        n = len(self._warned)
        self.warn_title.setText(self.tr("Early warnings (%1)").replace("%1", str(n)) if n else
                                self.tr("Early warnings: no grid is above its baseline"))

    def _on_row(self) -> None:
        row = self.warnings.currentRow()
        grid = payload(self.warnings, row) if row >= 0 else None
        if grid is not None:
            self.warningChosen.emit(int(grid))

    def retranslate(self) -> None:
        cat, days = self.category.currentData(), self.period.currentData() or 30
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(self.tr("All categories"), None)
        for c in INCIDENT_CATEGORIES:
            self.category.addItem(label(c), c)
        self.category.setCurrentIndex(max(0, self.category.findData(cat)))
        self.category.blockSignals(False)
        self.period.clear()
        for d in PERIODS_DAYS:
            self.period.addItem(self.tr("Last %1 days").replace("%1", str(d)), d)
        self.period.setCurrentIndex(max(0, self.period.findData(days)))
        self.compute.setText(self.tr("Find hotspots"))
        self.clear.setText(self.tr("Clear map"))
        self.check.setText(self.tr("Check now"))
        self._title()
        self.method.setText(self.tr("A warning: a grid's incidents in the last 3 to 24 hours are above its share of "
                                    "the district's, beyond chance (binomial test, at most one false warning in a "
                                    "hundred days across the district)."))
        self.show_hotspots(self._hotspots)
        if self._warned:
            self.show_warnings(self._warned)



def main() -> int:
    from geodata.analysis.history import IncidentHistory
    from geodata.analysis.hotspots import hotspots
    from geodata.analysis.warning import early_warnings
    from geodata.demo import HISTORY_END
    from widgets.standalone import run_alone

    def build(district, index):
        h = IncidentHistory.of(district, index)
        now = HISTORY_END.timestamp()
        panel = HotspotPanel(district.grids["name"].astype(str))
        panel.show_hotspots(hotspots(h, district.grids, since=now - 30 * 86400, until=now))
        panel.show_warnings(early_warnings(h, len(district.grids), now))
        return panel

    return run_alone(build, "GridTwin — hotspots and early warning", (1300, 1000))


if __name__ == "__main__":
    raise SystemExit(main())
