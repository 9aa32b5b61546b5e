"""Plan versions: save a plan (draft or active) with a note; list, compare, activate, export versions."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from geodata.plan.versions import PlanStore, PlanStoreError, diff_versions
from widgets.clock import with_zone, zoned
from widgets.plain_text import PlainLabel


def saved_at(text: str) -> str:
    """A version's stored time (ISO, UTC) as the wall shows times."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return text
    return zoned(when if when.tzinfo else when.replace(tzinfo=timezone.utc), "%Y-%m-%d %H:%M")


class SavePlanDialog(QDialog):
    """Asks for the note; 'make active' is only offered for a plan without coverage problems."""

    def __init__(self, problems: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Save plan as a new version"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("What changed and why"))
        self.activate = QCheckBox(self.tr("Make this the active plan"))
        self.activate.setChecked(problems == 0)
        self.activate.setEnabled(problems == 0)
        info = PlainLabel(self.tr("Coverage valid.") if problems == 0 else
                      self.tr("%1 coverage problem(s): this version will be a draft.").replace("%1", str(problems)))
        info.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (info, PlainLabel(self.tr("Note")), self.note, self.activate, buttons):
            layout.addWidget(w)


class PlanVersionsDialog(QDialog):
    """Every saved version; select one to activate or export, two to compare."""

    activated = Signal(int)

    def __init__(self, store: PlanStore, district, parent=None, refusal: str | None = None,
                 preview=None) -> None:
        """``refusal``: why this user may not make a version active here (the history is then
        read-only: listed, compared and exported). ``preview(version) -> (summary, detail)``:
        what activating would move, shown for the planner to confirm."""
        super().__init__(parent)
        self.store, self.district = store, district
        self.refusal = refusal
        self.preview = preview
        self.confirm = self._ask  # replaced in tests: (summary, detail) -> bool
        self.setWindowTitle(self.tr("Plan versions") if refusal is None else self.tr("Plan versions (read-only)"))
        self.table = QTableWidget(0, 6)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.diff = QTableWidget(0, 6)
        self.diff.verticalHeader().setVisible(False)
        self.diff.setEditTriggers(QTableWidget.NoEditTriggers)
        self.diff.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.message = PlainLabel()
        self.message.setWordWrap(True)
        self.btn_activate = QPushButton(self.tr("Make active"))
        self.btn_compare = QPushButton(self.tr("Compare two"))
        self.btn_export = QPushButton(self.tr("Export GeoJSON…"))
        self.btn_activate.clicked.connect(self.activate_selected)
        self.btn_compare.clicked.connect(self.compare_selected)
        self.btn_export.clicked.connect(lambda: self.export_selected())
        if refusal is not None:
            self.btn_activate.setEnabled(False)
            self.btn_activate.setToolTip(refusal)
        row = QHBoxLayout()
        for b in (self.btn_activate, self.btn_compare, self.btn_export):
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.diff, 3)
        self.resize(1100, 700)
        self.refresh()

    def refresh(self) -> None:
        versions = self.store.versions()
        self.table.setHorizontalHeaderLabels([self.tr("Version"), with_zone(self.tr("Saved")), self.tr("Author"),
                                              self.tr("State"), self.tr("Grids"), self.tr("Note")])
        self.table.setRowCount(len(versions))
        for r, v in enumerate(versions):
            state = self.tr("active") if v.active else (self.tr("draft (%1 problems)").replace("%1", str(v.problems))
                                                        if v.is_draft else self.tr("valid"))
            for c, text in enumerate((str(v.version), saved_at(v.created_at), v.author, state,
                                      str(v.grids), v.note)):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, v.version)
                self.table.setItem(r, c, item)

    def selected_versions(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [int(self.table.item(r, 0).data(Qt.UserRole)) for r in rows]

    def activate_selected(self) -> None:
        if self.refusal is not None:
            self.message.setText(self.refusal)
            return
        chosen = self.selected_versions()
        if len(chosen) != 1:
            self.message.setText(self.tr("Select one version to make active."))
            return
        if self.preview is not None:
            try:
                summary, detail = self.preview(chosen[0])
            except PlanStoreError as exc:
                self.message.setText(str(exc))
                return
            if not self.confirm(summary, detail):
                self.message.setText(self.tr("Not made active."))
                return
        try:
            self.store.activate(chosen[0])
        except PlanStoreError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.tr("Version %1 is now the active plan.").replace("%1", str(chosen[0])))
        self.refresh()
        self.activated.emit(chosen[0])

    def _ask(self, summary: str, detail: str) -> bool:
        box = QMessageBox(QMessageBox.Question, self.tr("Make this plan active?"), summary,
                          QMessageBox.Yes | QMessageBox.Cancel, self)
        box.setTextFormat(Qt.PlainText)  # grid and worker names are data, never markup
        box.setDetailedText(detail)
        box.setDefaultButton(QMessageBox.Cancel)
        return box.exec() == QMessageBox.Yes

    def compare_selected(self) -> None:
        chosen = self.selected_versions()
        if len(chosen) != 2:
            self.message.setText(self.tr("Select two versions to compare."))
            return
        rows = [r for r in diff_versions(self.store, chosen[0], chosen[1], self.district) if r.change != "unchanged"]
        self.diff.setHorizontalHeaderLabels([self.tr("Grid"), self.tr("Change"), self.tr("Area km²"),
                                             self.tr("Population"), self.tr("Incidents"), self.tr("Sensors")])
        self.diff.setRowCount(len(rows))
        for r, d in enumerate(rows):
            b, a = d.counts_before, d.counts_after
            inc = lambda c: c.get("open_incidents", 0) + c.get("past_incidents", 0) if c else 0  # noqa: E731
            cells = (d.grid_id, d.change, f"{d.area_before_km2:.3f} → {d.area_after_km2:.3f}",
                     f"{b.get('population', 0):,} → {a.get('population', 0):,}", f"{inc(b)} → {inc(a)}",
                     f"{b.get('sensors', 0)} → {a.get('sensors', 0)}")
            for c, text in enumerate(cells):
                self.diff.setItem(r, c, QTableWidgetItem(text))
        self.message.setText(self.tr("%1 grid(s) differ between version %2 and %3.")
                             .replace("%1", str(len(rows))).replace("%2", str(chosen[0])).replace("%3", str(chosen[1])))

    def export_selected(self, out: str | Path | None = None) -> Path | None:
        chosen = self.selected_versions()
        if len(chosen) != 1:
            self.message.setText(self.tr("Select one version to export."))
            return None
        if out is None:
            out, _ = QFileDialog.getSaveFileName(self, self.tr("Export plan"), f"plan_v{chosen[0]}.geojson",
                                                 "GeoJSON (*.geojson)")
            if not out:
                return None
        try:
            path = self.store.export_geojson(chosen[0], out)
        except (OSError, PlanStoreError) as exc:
            QMessageBox.warning(self, self.tr("Export failed"), str(exc))
            return None
        self.message.setText(self.tr("Exported to %1").replace("%1", str(path)))
        return path
