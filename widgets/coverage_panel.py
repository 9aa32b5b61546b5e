"""Coverage panel: the plan's verdict and its problems; choosing one shows it on the map."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from widgets.plain_text import PlainLabel


def kind_name(kind: str) -> str:
    names = {
        "gap": QCoreApplication.translate("CoveragePanel", "Gap"),
        "overlap": QCoreApplication.translate("CoveragePanel", "Overlap"),
        "sliver": QCoreApplication.translate("CoveragePanel", "Sliver"),
        "outside": QCoreApplication.translate("CoveragePanel", "Outside the district"),
        "invalid": QCoreApplication.translate("CoveragePanel", "Invalid shape"),
        "multipart": QCoreApplication.translate("CoveragePanel", "Several parts"),
        "unmatched_edges": QCoreApplication.translate("CoveragePanel", "Unmatched boundary"),
    }
    return names.get(kind, kind)


class CoveragePanel(QWidget):
    """Lists problems as '<kind> · <grids> · <area>'; ``problemChosen`` gives its index."""

    problemChosen = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.verdict = PlainLabel()
        self.verdict.setObjectName("coverageVerdict")
        self.verdict.setWordWrap(True)
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda item: self.problemChosen.emit(item.data(Qt.UserRole)))
        self.list.itemClicked.connect(lambda item: self.problemChosen.emit(item.data(Qt.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.verdict)
        layout.addWidget(self.list, 1)
        self._rows: list[tuple[str, list[str], float]] = []
        self.show_problems([])

    def show_problems(self, rows: list[tuple[str, list[str], float]]) -> None:
        """``rows``: (kind, grid ids, area m²) per problem, in report order."""
        self._rows = list(rows)
        self.list.clear()
        for i, (kind, ids, area) in enumerate(self._rows):
            where = ", ".join(ids[:3]) + ("…" if len(ids) > 3 else "")
            text = kind_name(kind) + (f" · {where}" if where else "") + (f" · {area:,.0f} m²" if area >= 1 else "")
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, i)
            self.list.addItem(item)
        self.retranslate()

    def retranslate(self) -> None:
        n = len(self._rows)
        if n == 0:
            self.verdict.setText(self.tr("Coverage valid: no gaps, overlaps or slivers."))
            self.verdict.setProperty("state", "ok")
        else:
            self.verdict.setText(self.tr("%1 coverage problem(s): the plan can only be saved as a draft.")
                                 .replace("%1", str(n)))
            self.verdict.setProperty("state", "bad")
        self.verdict.setStyleSheet("color: #1e8e3e; font-weight: bold;" if n == 0 else
                                   "color: #e0161b; font-weight: bold;")

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.show_problems(self._rows)
        super().changeEvent(event)
