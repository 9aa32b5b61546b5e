"""The emergency banner: unmistakable, with the time since the emergency began."""
from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def format_elapsed(delta: timedelta) -> str:
    total = max(0, int(delta.total_seconds()))
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


class ModeBanner(QLabel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("modeBanner")
        self.setAlignment(Qt.AlignCenter)
        self.setWordWrap(True)  # it wraps rather than hold the map (and the panels beside it) wide
        self.setVisible(False)

    def show_emergency(self, elapsed: timedelta) -> None:
        self.setText(self.tr("⚠ EMERGENCY COMMAND MODE   ·   elapsed %1").replace("%1", format_elapsed(elapsed)))
        self.setVisible(True)
