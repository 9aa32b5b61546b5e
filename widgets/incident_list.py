"""Incident list: filter by status, category, severity, grid, time and overdue; counts per
status; sortable; choosing a row tells the console which incident (its book position).

The model is a view of the incident book through a numpy-computed order of positions,
so a refresh at 250,000 incidents costs a sort, not a Python call per row.
"""
from __future__ import annotations

import re

from datetime import datetime

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from geodata import eventclass
from geodata.incidents.book import IncidentBook
from geodata.incidents.lifecycle import LEVELS
from geodata.incidents.query import (
    SORT_COLUMNS,
    IncidentFilter,
    matching,
    open_status_counts,
    ordered,
)
from geodata.localtime import CST, utc_now
from geodata.schema import (
    INCIDENT_CATEGORIES,
    INCIDENT_STATUSES,
    OPEN_INCIDENT_STATUSES,
)
from layers.labels import label
from layers.style import text_on
from widgets.clock import with_zone
from widgets.plain_text import PlainLabel

TIME_RANGES = (("all", None), ("hour", 3600), ("day", 86400), ("week", 7 * 86400))


class IncidentModel(QAbstractTableModel):
    COLUMNS = SORT_COLUMNS

    def __init__(self, book: IncidentBook, severity_colors: dict, clock=utc_now) -> None:
        super().__init__()
        self.book = book
        self.severity_colors = severity_colors
        self.overdue_color = "#a100f2"
        self.clock = clock
        self.rows = np.empty(0, dtype=np.int64)
        self.filter = IncidentFilter()
        self.grid_names = None
        self.sort_column, self.descending = "reported", True
        self._now = clock().timestamp()
        # A view asks for the same cells many times per repaint (and a theme change repaints the
        # whole list): answers are kept until the rows, their states or the colours change.
        self._cells: dict[tuple[int, int, int], object] = {}

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            # the zone on a second line: the column is as wide as its times, not as its title
            time_title = re.sub(r"\s*([(（])", r"\n\1", with_zone(self.tr("Time")), count=1)
            names = {"reported": time_title, "severity": self.tr("Sev."), "category": self.tr("Category"),
                     "status": self.tr("Status"), "due": self.tr("Due"), "grid": self.tr("Grid"),
                     "level": self.tr("Level")}
            return names[self.COLUMNS[section]]
        return None

    _ROLES = (Qt.DisplayRole, Qt.BackgroundRole, Qt.ForegroundRole, Qt.UserRole, Qt.ToolTipRole)
    _COLOUR_ROLES = (int(Qt.BackgroundRole), int(Qt.ForegroundRole))

    def data(self, index, role=Qt.DisplayRole):
        if role not in self._ROLES:
            return None
        key = (index.row(), index.column(), int(role))
        try:
            return self._cells[key]
        except KeyError:
            value = self._cells[key] = self._data(index.row(), index.column(), role)
            return value

    def _data(self, row: int, column: int, role):
        p = int(self.rows[row])
        col = self.COLUMNS[column]
        b = self.book
        if role == Qt.DisplayRole:
            if col == "reported":
                return datetime.fromtimestamp(b.reported[p], CST).strftime("%m-%d %H:%M")
            if col == "severity":
                return str(b.severity[p])
            if col in ("category", "status"):
                return label(str(getattr(b, col)[p]))
            if col == "level":
                return label(LEVELS[int(b.level[p])])
            if col == "due":
                return self._due_text(p)
            g = int(b.grid[p])
            return str(b.grid_ids[g]) if g >= 0 else "—"
        if role == Qt.BackgroundRole:
            if col == "severity":
                return QColor(self.severity_colors.get(int(b.severity[p]), "#888888"))
            if col == "due" and self._overdue(p):
                return QColor(self.overdue_color)
        if role == Qt.ForegroundRole and (col == "severity" or (col == "due" and self._overdue(p))):
            fill = self.severity_colors.get(int(b.severity[p]), "#888888") if col == "severity" else self.overdue_color
            return QColor(text_on(fill))  # black or white, whichever reads on the fill
        if role == Qt.UserRole:
            return p
        if role == Qt.ToolTipRole and col == "category":  # the national class: code and name
            national = eventclass.of(str(b.category[p]))
            return f"{national.code} {national.name}" if national is not None else None
        return None

    def _overdue(self, p: int) -> bool:
        return bool(np.isfinite(self.book.due[p]) and self.book.due[p] < self._now
                    and self.book.status[p] in OPEN_INCIDENT_STATUSES)

    def _due_text(self, p: int) -> str:
        due = self.book.due[p]
        if not np.isfinite(due) or self.book.status[p] not in OPEN_INCIDENT_STATUSES:
            return "—"
        left = (due - self._now) / 60
        if left < 0:
            return self.tr("%1 min late").replace("%1", f"{-left:,.0f}") if left > -120 else \
                self.tr("%1 h late").replace("%1", f"{-left / 60:,.0f}")
        return self.tr("in %1 min").replace("%1", f"{left:,.0f}") if left < 120 else \
            self.tr("in %1 h").replace("%1", f"{left / 60:,.0f}")

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        self.sort_column, self.descending = self.COLUMNS[column], order == Qt.DescendingOrder
        self.refresh()

    def refresh(self) -> None:
        """Filter and sort again (new incidents, changed states, a new filter, time passing)."""
        now = self.clock()
        self._now = now.timestamp()
        mask = matching(self.book, self.filter, now, self.grid_names)
        self.layoutAboutToBeChanged.emit()
        self._cells = {}
        old_rows = self.rows
        self.rows = ordered(self.book, mask, self.sort_column, self.descending)
        # Keep the selection on the same incidents, wherever they moved.
        where = {int(p): r for r, p in enumerate(self.rows)}
        for idx in self.persistentIndexList():
            r = where.get(int(old_rows[idx.row()])) if idx.row() < len(old_rows) else None
            self.changePersistentIndex(idx, self.index(r, idx.column()) if r is not None else QModelIndex())
        self.layoutChanged.emit()

    def set_colors(self, severity_colors: dict, overdue: str) -> None:
        """New theme colours; views repaint. The texts stay: only the coloured cells are asked again
        (the emergency switch repaints the whole list)."""
        self.severity_colors, self.overdue_color = severity_colors, overdue
        self._cells = {k: v for k, v in self._cells.items() if k[2] not in self._COLOUR_ROLES}


class IncidentList(QWidget):
    incidentChosen = Signal(int)  # book position
    columnsSized = Signal(int)  # the width the list needs to show every column without scrolling

    def __init__(self, book: IncidentBook, severity_colors: dict, grid_names=None, clock=utc_now,
                 parent=None) -> None:
        super().__init__(parent)
        self.book = book
        self.clock = clock
        self.model = IncidentModel(book, severity_colors, clock)
        self.model.grid_names = grid_names
        self._counts: dict[str, int] | None = None
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.DescendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        # Columns are sized once (and on a language change), not on every refresh: sizing to
        # contents asks every sampled row for every role, which at 4 refreshes a second is the lag.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setResizeContentsPrecision(50)
        self.table.horizontalHeader().setStretchLastSection(True)
        # After a font or style change, once, after the frame that shows the change (a timer:
        # a zero-delay singleShot would run as a posted event before that frame is painted).
        self._resize_later = QTimer(self)
        self._resize_later.setSingleShot(True)
        self._resize_later.setInterval(0)
        self._resize_later.timeout.connect(self.size_columns)

        self.status = QComboBox()
        self.category = QComboBox()
        self.severity = QComboBox()
        self.since = QComboBox()
        self.grid = QLineEdit()
        self.grid.setClearButtonEnabled(True)
        self.overdue = QCheckBox()
        self.scope_label = PlainLabel()  # the street, community or grid the list follows
        self.scope_label.setObjectName("scopeLabel")
        self.scope_clear = QToolButton()
        self.scope_clear.setObjectName("scopeClear")
        self.scope_clear.clicked.connect(lambda: self.set_scope(None))
        self._scope: tuple[frozenset[int], str] | None = None
        self.counts = PlainLabel()
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.RichText)
        self.count = PlainLabel()
        filters = QGridLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for k, w in enumerate((self.status, self.category, self.severity)):
            filters.addWidget(w, 0, k)
        filters.addWidget(self.since, 1, 0)
        filters.addWidget(self.grid, 1, 1)
        filters.addWidget(self.overdue, 1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        scope = QHBoxLayout()
        scope.setContentsMargins(0, 0, 0, 0)
        scope.addWidget(self.scope_label, 1)
        scope.addWidget(self.scope_clear)
        layout.addLayout(scope)
        layout.addWidget(self.counts)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        self.retranslate()
        for combo in (self.status, self.category, self.severity, self.since):
            combo.currentIndexChanged.connect(self._apply_filter)
        self.grid.textChanged.connect(self._apply_filter)
        self.overdue.toggled.connect(self._apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        self._apply_filter()

    # ------------------------------------------------------------------ filters
    def current_filter(self) -> IncidentFilter:
        span = self.since.currentData()
        since = self.clock().timestamp() - span if span else None
        return IncidentFilter(status=self.status.currentData(), category=self.category.currentData(),
                              min_severity=int(self.severity.currentData() or 1), grid=self.grid.text(),
                              since=since, overdue_only=self.overdue.isChecked(),
                              grids=self._scope[0] if self._scope is not None else None)

    def set_scope(self, grids, name: str = "") -> None:
        """Show only incidents in the grid positions ``grids`` (a node of the hierarchy), or
        every incident again with None."""
        self._scope = (frozenset(int(g) for g in grids), name) if grids is not None else None
        self._show_scope()
        self._apply_filter()

    @property
    def scope(self) -> tuple[frozenset[int], str] | None:
        return self._scope

    def _show_scope(self) -> None:
        shown = self._scope is not None
        self.scope_label.setVisible(shown)
        self.scope_clear.setVisible(shown)
        if shown:
            self.scope_label.setText(self.tr("Within: %1").replace("%1", self._scope[1]))

    def set_filter(self, **changes) -> None:
        """Set filters by name (status, category, min_severity, grid, since_s, overdue_only)."""
        for key, value in changes.items():
            combo = {"status": self.status, "category": self.category, "min_severity": self.severity,
                     "since_s": self.since}.get(key)
            if combo is not None:
                combo.setCurrentIndex(max(0, combo.findData(value)))
            elif key == "grid":
                self.grid.setText(value)
            elif key == "overdue_only":
                self.overdue.setChecked(bool(value))
        self._apply_filter()

    def _apply_filter(self, *_) -> None:
        self.model.filter = self.current_filter()
        self.refresh()

    def refresh(self) -> None:
        empty = self.model.rowCount() == 0
        self.model.refresh()
        self._show_counts()
        if empty and self.model.rowCount():  # size the columns to real rows once there are some
            self.size_columns()

    def _show_counts(self, recount: bool = True) -> None:
        if recount or self._counts is None:
            self._counts = open_status_counts(self.book, self.clock())
        counts = self._counts
        # One cell per count, four to a row: Chinese text may break between any two characters,
        # and a break inside "已退回 7" parts the word from its number.
        cells = [f"<td nowrap style='padding-right:18px'>{label(s)} <b>{counts[s]:,}</b></td>"
                 for s in OPEN_INCIDENT_STATUSES + ("resolved",) if counts[s]]
        late = counts["overdue"]
        if late:
            cells.append(f"<td nowrap style='color:{self.model.overdue_color}'>{label('overdue')} <b>{late:,}</b></td>")
        rows = "".join(f"<tr>{''.join(cells[k:k + 4])}</tr>" for k in range(0, len(cells), 4))
        self.counts.setText(f"<table cellspacing='0' cellpadding='2'>{rows}</table>" if cells
                            else self.tr("No open incidents"))
        self.count.setText(self.tr("%1 of %2 incidents").replace("%1", f"{self.model.rowCount():,}")
                           .replace("%2", f"{len(self.book):,}"))

    def set_colors(self, severity_colors: dict, overdue: str = "#a100f2") -> None:
        self.model.set_colors(severity_colors, overdue)
        self.table.viewport().update()
        self._show_counts(recount=False)  # same counts, new colours

    def retranslate(self) -> None:
        def fill(combo, items):
            current = combo.currentData() if combo.count() else items[0][1]
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

        fill(self.status, [(self.tr("Open incidents"), "open"), (self.tr("All statuses"), None)]
             + [(label(s), s) for s in INCIDENT_STATUSES])
        fill(self.category, [(self.tr("All categories"), None)] + [(label(c), c) for c in INCIDENT_CATEGORIES])
        fill(self.severity, [(self.tr("Any severity"), 1)] + [(self.tr("Severity ≥ %1").replace("%1", str(s)), s)
                                                               for s in (2, 3, 4)])
        names = {"all": self.tr("Any time"), "hour": self.tr("Last hour"), "day": self.tr("Last 24 hours"),
                 "week": self.tr("Last 7 days")}
        fill(self.since, [(names[k], span) for k, span in TIME_RANGES])
        self.grid.setPlaceholderText(self.tr("Grid id or name"))
        self.overdue.setText(self.tr("Overdue only"))
        self.scope_clear.setText(self.tr("Whole district"))
        self._show_scope()
        self.model._cells = {}  # labels in the new language
        self.model.headerDataChanged.emit(Qt.Horizontal, 0, len(IncidentModel.COLUMNS) - 1)
        self._show_counts(recount=False)
        self.size_columns()

    def size_columns(self) -> None:
        """Columns as wide as their text, then say how wide the list must be to show them all
        (the window gives it that room on a wall)."""
        self.table.resizeColumnsToContents()
        self.columnsSized.emit(self.needed_width())

    def needed_width(self) -> int:
        """Every column, the vertical scroll bar, the frames and this widget's margins."""
        header = self.table.horizontalHeader()
        columns = sum(header.sectionSizeHint(i) if header.sectionSize(i) == 0 else header.sectionSize(i)
                      for i in range(header.count()))
        frame = self.table.frameWidth() * 2 + self.table.verticalScrollBar().sizeHint().width()
        margins = self.layout().contentsMargins()
        return columns + frame + margins.left() + margins.right() + 4

    # ------------------------------------------------------------------ selection
    def _on_row(self, current, previous) -> None:
        if current.isValid():
            self.incidentChosen.emit(int(self.model.rows[current.row()]))

    def row_of(self, position: int) -> int:
        """The visible row showing incident ``position`` (-1 if filtered out)."""
        hit = np.flatnonzero(self.model.rows == position)
        return int(hit[0]) if len(hit) else -1

    def select_position(self, position: int) -> None:
        """Show incident ``position`` as the current row without re-announcing it."""
        row = self.row_of(position)
        sm = self.table.selectionModel()
        sm.blockSignals(True)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            sm.clearSelection()
        sm.blockSignals(False)

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):  # a mode or screen change
            self._resize_later.start()
        super().changeEvent(event)
