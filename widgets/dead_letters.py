"""Rejected messages (the dead-letter table): when, from where, why, and the message itself."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from geodata.localtime import CST
from widgets.clock import with_zone
from widgets.plain_text import PlainLabel, plain_tooltip


class DeadLetterDialog(QDialog):
    def __init__(self, rejections, total: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rejected messages"))
        self.resize(1400, 700)
        note = PlainLabel(self.tr("%1 messages rejected in all; the latest %2 are shown. Each is kept with its reason.")
                      .replace("%1", f"{total:,}").replace("%2", f"{len(rejections):,}"))
        self.table = QTableWidget(len(rejections), 4)
        self.table.setHorizontalHeaderLabels([with_zone(self.tr("Time")), self.tr("Channel"), self.tr("Reason"),
                                              self.tr("Message")])
        for r, rej in enumerate(rejections):
            cells = (rej.at.astimezone(CST).strftime("%m-%d %H:%M:%S"), f"{rej.channel} {rej.origin}", rej.reason,
                     rej.payload[:300])
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tooltip(rej.payload[:2000] if c == 3 else text))
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
