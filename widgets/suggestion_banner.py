"""The suggestion to declare an emergency: a bar across the top of the map that cannot be
missed, with the evidence in words, and the officer's three answers. It never declares."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton

from widgets.plain_text import PlainLabel


class SuggestionBanner(QFrame):
    showRequested = Signal(int)     # suggestion id
    declareRequested = Signal(int)
    dismissRequested = Signal(int)
    nextRequested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionBanner")
        self.text = PlainLabel()
        self.text.setObjectName("suggestionText")
        self.text.setWordWrap(True)
        self.show_button = QPushButton()
        self.declare_button = QPushButton()
        self.declare_button.setObjectName("suggestionDeclare")
        self.dismiss_button = QPushButton()
        self.next_button = QPushButton()
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        for b in (self.show_button, self.declare_button, self.dismiss_button, self.next_button):
            row.addWidget(b)
        self.show_button.clicked.connect(lambda: self.showRequested.emit(self.suggestion_id))
        self.declare_button.clicked.connect(lambda: self.declareRequested.emit(self.suggestion_id))
        self.dismiss_button.clicked.connect(lambda: self.dismissRequested.emit(self.suggestion_id))
        self.next_button.clicked.connect(self.nextRequested.emit)
        self.suggestion_id = 0
        self.setVisible(False)
        self.retranslate()

    def present(self, suggestion_id: int, text: str, position: int, total: int) -> None:
        """Show suggestion ``position`` (1-based) of ``total`` open ones."""
        self.suggestion_id = suggestion_id
        self.text.setText(text)
        self.next_button.setVisible(total > 1)
        self.next_button.setText(self.tr("Next (%1 of %2)").replace("%1", str(position)).replace("%2", str(total)))
        self.setVisible(True)

    def retranslate(self) -> None:
        self.show_button.setText(self.tr("Show on map"))
        self.declare_button.setText(self.tr("Declare emergency…"))
        self.dismiss_button.setText(self.tr("Dismiss"))
