"""Building the console's QActions the same way everywhere: shortcut, slot, window-wide."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence


def window_action(window, shortcut, slot, checkable: bool = False) -> QAction:
    """An action owned by ``window`` whose shortcut works anywhere in it; text is set on retranslate."""
    action = QAction(window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    window.addAction(action)
    return action
