"""District → street → community → grid, with each unit's totals. Choosing a unit is what
the console follows: the map zooms there and fills that level, the incident list narrows."""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from geodata.analysis.hierarchy import Node
from widgets.panel import Panel
from widgets.plain_text import PlainLabel

COLUMNS = ("population", "incidents", "open", "overdue", "escalated", "alarms", "on_time_rate")
NODE = Qt.UserRole + 1


class _Item(QTreeWidgetItem):
    def __lt__(self, other) -> bool:  # numbers sort as numbers
        col = self.treeWidget().sortColumn() if self.treeWidget() else 0
        a, b = self.data(col, Qt.UserRole), other.data(col, Qt.UserRole)
        if isinstance(a, float) and isinstance(b, float):
            return (math.inf if a != a else a) < (math.inf if b != b else b)
        return super().__lt__(other)


class HierarchyPanel(Panel):
    """``nodeChosen`` carries the chosen :class:`Node` (its level, key, label and grids)."""

    nodeChosen = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("hierarchyPanel")
        self.root: Node | None = None
        self.items: dict[tuple, QTreeWidgetItem] = {}
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS) + 1)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSortingEnabled(False)
        self.tree.header().setSectionResizeMode(QHeaderView.Interactive)
        self.tree.header().setStretchLastSection(False)
        self.tree.itemSelectionChanged.connect(self._on_choice)
        self.note = PlainLabel()
        self.note.setWordWrap(True)
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self._fit_columns)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        self.retranslate()

    def set_tree(self, root: Node) -> None:
        """Show ``root`` (its totals filled); a tree of the same units keeps what is open."""
        same = self.root is not None and [n.path for n in self.root.walk()] == [n.path for n in root.walk()]
        self.root = root
        if same:
            for node in root.walk():
                self._set_values(self.items[node.path], node)
            return
        self.tree.clear()
        self.items = {}

        def add(node: Node, parent_item) -> None:
            item = _Item(parent_item)
            item.setText(0, node.label or "–")
            item.setData(0, NODE, node.path)
            self._set_values(item, node)
            self.items[node.path] = item
            for child in node.children:
                add(child, item)

        add(root, self.tree)
        self.tree.topLevelItem(0).setExpanded(True)
        self._fit.start()

    def _set_values(self, item: QTreeWidgetItem, node: Node) -> None:
        t = node.totals
        for c, key in enumerate(COLUMNS, 1):
            v = float(t.get(key, math.nan))
            if key == "on_time_rate":
                text = "–" if not math.isfinite(v) else f"{v * 100:.0f} %"
            else:
                text = "–" if not math.isfinite(v) else f"{v:,.0f}"
            item.setText(c, text)
            item.setData(c, Qt.UserRole, v)
            item.setTextAlignment(c, Qt.AlignRight | Qt.AlignVCenter)

    def node_at(self, path: tuple) -> Node | None:
        return next((n for n in self.root.walk() if n.path == path), None) if self.root else None

    def choose(self, path: tuple) -> None:
        item = self.items.get(path)
        if item is not None:
            self.tree.setCurrentItem(item)

    def _on_choice(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        node = self.node_at(item.data(0, NODE))
        if node is not None:
            self.nodeChosen.emit(node)

    def _fit_columns(self) -> None:
        for c in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(c)

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([self.tr("Unit"), self.tr("Population"), self.tr("Incidents, 30 days"),
                                   self.tr("Open"), self.tr("Overdue"), self.tr("Escalated"), self.tr("Alarms"),
                                   self.tr("On time, 30 days")])
        self.note.setText(self.tr("Choose a street, community or grid: the map zooms there and the incident "
                                  "list follows it."))
        self._fit.start()

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self._fit.start()
        super().changeEvent(event)


def main() -> int:
    from datetime import datetime

    from geodata.analysis.hierarchy import add_totals, build_tree, grid_figures
    from geodata.analysis.history import IncidentHistory
    from geodata.demo import HISTORY_END
    from widgets.standalone import run_alone

    def build(district, index):
        h = IncidentHistory.of(district, index)
        now: datetime = HISTORY_END
        root = build_tree(district.grids, district.name)
        add_totals(root, grid_figures(len(district.grids), district.grids["population"], h, h.open,
                                      h.open & (h.deadline < now.timestamp()), index.assignment["sensors"],
                                      district.sensors["status"].to_numpy() == "alarm", now))
        panel = HierarchyPanel()
        panel.set_tree(root)
        for item in list(panel.items.values())[:8]:
            item.setExpanded(True)
        return panel

    return run_alone(build, "GridTwin — district hierarchy", (1500, 1100))


if __name__ == "__main__":
    raise SystemExit(main())
