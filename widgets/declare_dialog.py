"""Declare an emergency: its type and level (I most severe … IV), at the chosen focus."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout

from geodata.emergency.picture import EMERGENCY_TYPES, LEVELS
from widgets.plain_text import PlainLabel


class DeclareDialog(QDialog):
    def __init__(self, type_name, lon: float, lat: float, source: str, parent=None, etype: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Declare emergency"))
        self.type = QComboBox()
        for t in EMERGENCY_TYPES:
            self.type.addItem(type_name(t), t)
        if etype in EMERGENCY_TYPES:  # a suggestion proposes its type; the officer may change it
            self.type.setCurrentIndex(EMERGENCY_TYPES.index(etype))
        self.level = QComboBox()
        for n, name in LEVELS.items():
            self.level.addItem(self.tr("Level %1").replace("%1", name), n)
        self.level.setCurrentIndex(3)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        focus = PlainLabel(f"{source} · {lon:.5f}°E {lat:.5f}°N")
        focus.setWordWrap(True)
        form.addRow(self.tr("Focus"), focus)
        form.addRow(self.tr("Type"), self.type)
        form.addRow(self.tr("Level"), self.level)
        form.addRow(buttons)

    def choice(self) -> tuple[str, int]:
        return self.type.currentData(), int(self.level.currentData())
