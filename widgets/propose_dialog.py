"""Plan → Propose balanced redraw…: choose a street or community and the constraints, run
ReCom in the background (progress, cancel), compare the proposals with the plan in force side
by side, and take one into a draft version. Runs alone on the demo:

    python -m widgets.propose_dialog
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGraphicsPathItem,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from geodata.plan.propose import ProposalError, area_units, current_plan, propose
from layers.base import rings_path
from widgets.plain_text import PlainLabel

BAND = 0.2
PREVIEWS = 4  # the plan in force and three proposals


class ProposalWorker(QThread):
    progressed = Signal(float)
    finishedWith = Signal(object, str)  # (units, current, proposals, ensemble) or None, and the error

    def __init__(self, district, index, positions, options: dict, parent=None, geoms=None) -> None:
        super().__init__(parent)
        self.district, self.index, self.positions, self.options = district, index, positions, options
        self.geoms = geoms
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    def run(self) -> None:
        try:
            units = area_units(self.district, self.index, self.positions, geoms=self.geoms)
            keep = self.options["keep_communities"]
            now = current_plan(units, keep)
            proposals, ensemble = propose(units, tolerance=self.options["tolerance"], keep_communities=keep,
                                          proposals=self.options["proposals"], steps=self.options["steps"],
                                          progress=self.progressed.emit, cancelled=lambda: self._cancel)
            self.finishedWith.emit((units, now, proposals, ensemble), "")
        except ProposalError as exc:
            self.finishedWith.emit(None, str(exc))
        except Exception as exc:  # noqa: BLE001 — said in the dialog, never a crash of the console
            self.finishedWith.emit(None, f"{type(exc).__name__}: {exc}")


class PlanPreview(pg.PlotWidget):
    """One plan of the area: each grid filled by its deviation from the fair share."""

    def __init__(self, title: str = "") -> None:
        super().__init__(background="#ffffff")
        self.setAspectLocked(True)
        self.hideAxis("bottom")
        self.hideAxis("left")
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setTitle(title, color="#101820")
        self.setMinimumSize(260, 260)
        self.items: list[QGraphicsPathItem] = []

    def show_plan(self, geometry, workload, title: str) -> None:
        for item in self.items:
            self.removeItem(item)
        self.items = []
        for geom, w in zip(geometry, workload):
            if geom is None:
                continue
            item = QGraphicsPathItem(rings_path([geom]))
            colour = "#e0161b" if w > 1 + BAND else "#3182bd" if w < 1 - BAND else "#c9d3dd"
            item.setBrush(QBrush(QColor(colour)))
            pen = QPen(QColor("#101820"))
            pen.setCosmetic(True)
            item.setPen(pen)
            self.addItem(item)
            self.items.append(item)
        self.setTitle(title, color="#101820")
        self.autoRange()


class ProposeDialog(QDialog):
    """``draft(frame_builder, note)``: saves the chosen proposal as a draft version and says how
    (the console passes its plan store)."""

    def __init__(self, district, index, draft=None, parent=None, geoms=None) -> None:
        """``geoms``: the grids of a plan being edited (by position), to measure that plan
        against the ensemble instead of the plan in force."""
        super().__init__(parent)
        self.district, self.index, self.draft, self.geoms = district, index, draft, geoms
        self.worker: ProposalWorker | None = None
        self.result = None
        self.area = QComboBox()
        grids = district.grids
        for level in ("street", "community"):
            if level in grids:
                for name, n in grids[level].astype(str).value_counts().sort_index().items():
                    self.area.addItem(self._area_text(level, name, n), (level, name))
        self.tolerance = QSpinBox()
        self.tolerance.setRange(2, 60)
        self.tolerance.setValue(10)
        self.tolerance.setSuffix(" %")
        self.keep = QCheckBox()
        self.keep.setChecked(True)
        self.count = QSpinBox()
        self.count.setRange(1, PREVIEWS - 1)
        self.count.setValue(3)
        self.steps = QSpinBox()
        self.steps.setRange(20, 5000)
        self.steps.setValue(300)
        form = QFormLayout()
        self.labels = [PlainLabel() for _ in range(5)]
        for label, field in zip(self.labels, (self.area, self.tolerance, self.keep, self.count, self.steps)):
            form.addRow(label, field)
        self.run_button = QPushButton()
        self.run_button.clicked.connect(self.start)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.draft_button = QPushButton()
        self.draft_button.clicked.connect(self.take_draft)
        self.draft_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.message = PlainLabel()
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._chosen)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.key = PlainLabel()  # what the colours of the previews mean
        self.previews = [PlanPreview() for _ in range(PREVIEWS)]
        buttons = QHBoxLayout()
        for b in (self.run_button, self.cancel_button, self.draft_button):
            buttons.addWidget(b)
        buttons.addWidget(self.progress, 1)
        maps = QHBoxLayout()
        for p in self.previews:
            maps.addWidget(p)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addLayout(maps, 3)
        layout.addWidget(self.key)
        layout.addWidget(self.table, 1)
        self.resize(1400, 1000)
        self.retranslate()

    def _area_text(self, level: str, name: str, n: int) -> str:
        kind = self.tr("Street") if level == "street" else self.tr("Community")
        return self.tr("%1 %2 (%3 grids)").replace("%1", kind).replace("%2", name).replace("%3", str(n))

    # ------------------------------------------------------------------ running
    def positions(self) -> np.ndarray:
        level, name = self.area.currentData()
        return np.flatnonzero(self.district.grids[level].astype(str).to_numpy() == name)

    def options(self) -> dict:
        return {"tolerance": self.tolerance.value() / 100, "keep_communities": self.keep.isChecked(),
                "proposals": self.count.value(), "steps": self.steps.value()}

    def start(self) -> None:
        if self.worker is not None:
            return
        self.result = None
        self.draft_button.setEnabled(False)
        self.progress.setValue(0)
        self.message.setText(self.tr("Looking for balanced plans…"))
        self.worker = ProposalWorker(self.district, self.index, self.positions(), self.options(), self, self.geoms)
        self.worker.progressed.connect(lambda share: self.progress.setValue(round(share * 100)), Qt.QueuedConnection)
        self.worker.finishedWith.connect(self._finished, Qt.QueuedConnection)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.worker.start()

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _finished(self, result, error: str) -> None:
        if self.worker is not None:
            self.worker.wait()
        self.worker = None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if result is None:
            self.message.setText(self.tr("No proposal: %1").replace("%1", error))
            return
        self.result = result
        units, now, proposals, ensemble = result
        worse, _ = ensemble.percentile(now.max_deviation_pct, now.mean_compactness)
        self.message.setText(self.tr("The plan in force is worse balanced than %1 % of the %2 plans the chain "
                                     "visited.").replace("%1", f"{worse:.0f}")
                             .replace("%2", f"{len(ensemble.max_deviation_pct):,}"))
        rows = [(self.tr("Plan in force") if self.geoms is None else self.tr("Plan being edited"), now)] + [(self.tr("Proposal %1").replace("%1", str(k)), p)
                                                    for k, p in enumerate(proposals, 1)]
        self.table.setRowCount(len(rows))
        for r, (name, plan) in enumerate(rows):
            cells = (name, f"{plan.max_deviation_pct:.1f} %", f"{plan.mean_compactness:.3f}", f"{plan.cut_edges:,}")
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        for preview, (name, plan) in zip(self.previews, rows):
            preview.show_plan(plan.geometry, plan.workload,
                              f"{name}: ±{plan.max_deviation_pct:.0f} %")
        self.progress.setValue(100)
        if len(rows) > 1:
            self.table.selectRow(1)

    def _chosen(self) -> None:
        self.draft_button.setEnabled(self.result is not None and self.draft is not None and self.chosen() is not None)

    def chosen(self):
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        if self.result is None or not rows or rows[0] == 0:
            return None
        return self.result[2][rows[0] - 1]

    def take_draft(self) -> None:
        proposal = self.chosen()
        if proposal is None or self.draft is None:
            return
        level, name = self.area.currentData()
        note = (f"ReCom proposal for {level} {name}: worst deviation {proposal.max_deviation_pct:.1f} %, "
                f"mean compactness {proposal.mean_compactness:.3f}")
        self.message.setText(self.draft(self.result[0], self.positions(), proposal, note))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Propose a balanced redraw"))
        for label, text in zip(self.labels, (self.tr("Street or community"), self.tr("Workload within ± of the fair share"),
                                             self.tr("Keep community boundaries"), self.tr("Proposals"),
                                             self.tr("Chain steps per community"))):
            label.setText(text)
        self.key.setText(self.tr("Red: more than 20 % over the fair share · blue: more than 20 % under · grey: within"))
        self.run_button.setText(self.tr("Propose"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.draft_button.setText(self.tr("Take into a draft version"))
        self.table.setHorizontalHeaderLabels([self.tr("Plan"), self.tr("Worst deviation"),
                                              self.tr("Mean compactness"), self.tr("Cut edges")])


def main() -> int:
    import sys
    from PySide6.QtWidgets import QApplication
    from pathlib import Path
    from geodata import load_district
    from geodata.spatial_index import CityIndex
    app = QApplication(sys.argv)
    d = load_district(Path(__file__).resolve().parent.parent / "resources" / "data" / "demo_small.gpkg")
    dialog = ProposeDialog(d, CityIndex.from_district(d))
    dialog.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
