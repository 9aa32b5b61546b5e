"""What every panel shares: it says itself again when the language changes."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget


class Panel(QWidget):
    """A panel whose ``retranslate`` runs on every language change (Qt posts the event)."""

    def retranslate(self) -> None:  # subclasses set their texts
        pass

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
