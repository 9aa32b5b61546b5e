"""Panels of closed docks wait outside the window.

The mode switch re-applies the window's style sheet, and Qt re-polishes every widget under
the window, shown or not: the analysis and planning panels, closed nearly all the time, were
over half of the switch's styling work. A parked panel sits in a hidden widget of its own,
outside the window; it joins its dock when the dock is shown (and is polished then, once),
and leaves it when the dock is closed. Its state, signals and timers are untouched.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget, QVBoxLayout, QWidget


class DockParking(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.lot = QWidget()  # never shown; no parent, so outside the window's style sheet
        self.lot.setObjectName("dockParking")
        window.destroyed.connect(self.lot.deleteLater)
        self.panels: dict[QDockWidget, tuple[QWidget, QWidget]] = {}

    def park(self, dock: QDockWidget) -> None:
        """From now on ``dock``'s panel is in the window only while the dock is shown."""
        panel = dock.widget()
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        dock.setWidget(holder)
        self.panels[dock] = (holder, panel)
        if dock.isVisible():
            box.addWidget(panel)
        else:
            panel.setParent(self.lot)
        dock.visibilityChanged.connect(lambda _shown, d=dock: self._follow(d))

    def _follow(self, dock: QDockWidget) -> None:
        holder, panel = self.panels[dock]
        shown = not dock.isHidden()  # closed, not merely behind another tab or a minimised window
        if shown and panel.parentWidget() is not holder:
            holder.layout().addWidget(panel)
            panel.show()
        elif not shown and panel.parentWidget() is holder:
            panel.setParent(self.lot)
