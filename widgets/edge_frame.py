"""A coloured edge around a window, drawn over its content: the emergency mode's red frame,
seen across the room.

The edge is a child widget masked to a ring on top of the window, not contents margins: a
margin change lays the whole window out again and resizes the map (about 20 ms at 4K, in
the mode switch the duty officer waits for)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QRegion
from PySide6.QtWidgets import QWidget


class EdgeFrame(QWidget):
    """A ring of ``width`` pixels over the edge of ``window``; clicks go through it."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("edgeFrame")
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.NoFocus)
        self.colour = QColor("#ff1f1f")
        self.edge = 0
        window.installEventFilter(self)
        self.hide()

    def show_edge(self, colour: str | None, width: int) -> None:
        """``colour`` around the window, ``width`` pixels wide; None hides it."""
        if colour is None or width <= 0:
            self.hide()
            return
        if QColor(colour) != self.colour:
            self.colour = QColor(colour)
            self.update()
        if width != self.edge or self.geometry() != self.parentWidget().rect():
            self.edge = width
            self._fit()  # the ring and its mask change only with the window size or the width
        self.show()
        self.raise_()

    def _fit(self) -> None:
        parent = self.parentWidget()
        outer = QRect(0, 0, parent.width(), parent.height())
        self.setGeometry(outer)
        self.setMask(QRegion(outer).subtracted(QRegion(outer.adjusted(self.edge, self.edge, -self.edge, -self.edge))))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Resize and self.isVisible():
            self._fit()
        elif event.type() == QEvent.ChildAdded and self.isVisible():
            self.raise_()  # a dock or bar added later stays under the edge
        return False

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.colour)
        painter.end()
