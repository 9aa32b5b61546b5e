"""Go to grid: a search field on the toolbar (Ctrl+G) that finds a grid by its national code
or its name, as typed or from the completer, and shows it: centred, framed and selected."""
from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCompleter, QLineEdit

from geodata.picking import Pick

SEP = " · "


class GoToGrid(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        grids = window.district.grids
        self.ids = [str(v) for v in grids["grid_id"]]
        self.names = [str(v) for v in grids["name"]] if "name" in grids else [""] * len(self.ids)
        self.field = QLineEdit()
        self.field.setObjectName("goToGrid")
        self.field.setClearButtonEnabled(True)
        self.field.setFixedWidth(round(520 * max(window.ui_scale, 0.5)))
        completer = QCompleter([f"{i}{SEP}{n}" for i, n in zip(self.ids, self.names)], self.field)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        completer.setFilterMode(Qt.MatchContains)
        completer.setMaxVisibleItems(12)
        completer.activated.connect(self.go)
        self.field.setCompleter(completer)
        self.field.returnPressed.connect(lambda: self.go(self.field.text()))
        self.act_focus = QAction(window)
        self.act_focus.setShortcut(QKeySequence("Ctrl+G"))
        self.act_focus.setShortcutContext(Qt.ApplicationShortcut)
        self.act_focus.triggered.connect(lambda: (self.field.setFocus(), self.field.selectAll()))
        window.addAction(self.act_focus)

    def find(self, text: str) -> list[int]:
        """Grid positions that ``text`` names: an exact code or name first, else every grid
        whose code or name contains it (case aside)."""
        text = text.strip()
        if SEP in text:
            text = text.split(SEP, 1)[0].strip()
        if not text:
            return []
        exact = [k for k, (i, n) in enumerate(zip(self.ids, self.names)) if text in (i, n)]
        if exact:
            return exact
        low = text.casefold()
        return [k for k, (i, n) in enumerate(zip(self.ids, self.names)) if low in i.casefold() or low in n.casefold()]

    def go(self, text: str) -> int | None:
        """Show the grid ``text`` names; returns its position, or None (the status bar says why)."""
        w = self.window
        found = [k for k in self.find(text) if w.index.grids.geometries[k] is not None]
        if len(found) != 1:
            message = self.tr("No grid matches “%1”") if not found else \
                self.tr("%2 grids match “%1”: type more of the code or the name")
            w.statusBar().showMessage(message.replace("%1", text.strip()).replace("%2", str(len(found))), 10000)
            return None
        k = found[0]
        minx, miny, maxx, maxy = w.index.grids.geometries[k].bounds
        pad = max(maxx - minx, maxy - miny) * 0.6 + 50
        w.map.box.setRange(rect=QRectF(minx - pad, miny - pad, maxx - minx + 2 * pad, maxy - miny + 2 * pad),
                           padding=0)
        w.select(Pick("grids", k))
        return k

    def retranslate(self) -> None:
        self.act_focus.setText(self.tr("Go to grid"))
        self.field.setPlaceholderText(self.tr("Go to grid: code or name (Ctrl+G)"))
        self.field.setToolTip(self.tr("Find a grid by its code or name and show it"))
