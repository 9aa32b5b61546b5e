"""Help: every keyboard shortcut the console has (read from its actions, so the list is never
out of date) and About (version, data, store, the zone of every time shown)."""
from __future__ import annotations

from importlib import metadata

import PySide6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout

from geodata.store import redact
from widgets.plain_text import PlainLabel


def version() -> str:
    try:
        return metadata.version("gridtwin")
    except metadata.PackageNotFoundError:
        return "development checkout"


def shortcuts(window) -> list[tuple[str, str]]:
    """(keys, what) for every action of the window with a shortcut, in the language shown."""
    rows = {}
    for act in window.findChildren(QAction):
        keys = [k.toString(QKeySequence.NativeText) for k in act.shortcuts() if not k.isEmpty()]
        text = act.text().replace("&", "").strip()
        if keys and text:
            for suffix in (f" ({k})" for k in keys):
                text = text.replace(suffix, "")
            rows.setdefault(" / ".join(keys), text)
    return sorted(rows.items(), key=lambda kv: (len(kv[0]), kv[0]))


class HelpMenu(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.menu = window.menuBar().addMenu("")
        self.act_shortcuts = QAction(window)
        self.act_shortcuts.setShortcut(QKeySequence.HelpContents)
        self.act_shortcuts.setShortcutContext(Qt.ApplicationShortcut)
        self.act_shortcuts.triggered.connect(self.show_shortcuts)
        self.act_about = QAction(window)
        self.act_about.triggered.connect(self.show_about)
        self.menu.addAction(self.act_shortcuts)
        self.menu.addAction(self.act_about)
        self.dialog: QDialog | None = None

    def _dialog(self, title: str, widgets) -> QDialog:
        d = QDialog(self.window)
        d.setWindowTitle(title)
        layout = QVBoxLayout(d)
        for w in widgets:
            layout.addWidget(w)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(d.reject)
        layout.addWidget(buttons)
        self.dialog = d
        return d

    def show_shortcuts(self, modal: bool = True) -> QDialog:
        rows = shortcuts(self.window)
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What it does")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.NoEditTriggers)
        for r, (keys, what) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(keys))
            table.setItem(r, 1, QTableWidgetItem(what))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        d = self._dialog(self.tr("Keyboard shortcuts"), [table])
        d.resize(round(900 * max(self.window.ui_scale, 0.7)), round(900 * max(self.window.ui_scale, 0.7)))
        d.exec() if modal else d.show()
        return d

    def show_about(self, modal: bool = True) -> QDialog:
        w = self.window
        d = w.district
        where = redact(d.store_url) if d.store_url else str(d.path)
        text = "\n".join([
            self.tr("GridTwin %1 — grid governance command console").replace("%1", version()),
            self.tr("District: %1 (%2 grids)").replace("%1", str(d.name)).replace("%2", f"{len(d.grids):,}"),
            self.tr("Data: %1").replace("%1", where),
            self.tr("Every time is shown in China Standard Time (UTC+8, Asia/Shanghai)."),
            self.tr("Qt %1, PySide6 %2").replace("%1", PySide6.QtCore.qVersion()).replace("%2", PySide6.__version__),
        ])
        label = PlainLabel(text)
        label.setWordWrap(True)
        dialog = self._dialog(self.tr("About GridTwin"), [label])
        dialog.exec() if modal else dialog.show()
        return dialog

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("Help"))
        self.act_shortcuts.setText(self.tr("Keyboard shortcuts (F1)"))
        self.act_about.setText(self.tr("About GridTwin"))
