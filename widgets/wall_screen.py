"""One screen of the video wall: a window split into 1, 1+2 or 2×2 framed views.

The window knows nothing of what the views show: the console puts a map or a panel into each
frame and gives each frame its menu. Titles are plain text (a panel's title may carry a
place name from the data).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QMenu, QSizePolicy, QStackedLayout, QToolButton,
                               QVBoxLayout, QWidget)

from widgets.plain_text import PlainLabel

#: grid cells (row, column, row span, column span) of each split's views, in order
CELLS = {
    "1": [(0, 0, 1, 1)],
    "1+2": [(0, 0, 2, 1), (0, 1, 1, 1), (1, 1, 1, 1)],
    "2x2": [(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1)],
}


class ViewFrame(QFrame):
    """A view's title strip (what it shows, and a menu to change it) over its content."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallView")
        self.setFrameShape(QFrame.StyledPanel)
        self.title = PlainLabel()
        self.title.setObjectName("wallViewTitle")
        # a long title is cut at the frame's edge; it never widens the view past its screen
        self.title.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.title.setMinimumWidth(1)
        self.menu_button = QToolButton()
        self.menu_button.setObjectName("wallViewMenu")
        self.menu_button.setText("⋯")
        self.menu_button.setPopupMode(QToolButton.InstantPopup)
        strip = QHBoxLayout()
        strip.setContentsMargins(8, 2, 4, 2)
        strip.addWidget(self.title, 1)
        strip.addWidget(self.menu_button)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(2, 2, 2, 2)
        self.box.setSpacing(0)
        self.box.addLayout(strip)
        self.content: QWidget | None = None

    def set_content(self, widget: QWidget | None) -> None:
        """Show ``widget`` here; the one shown before is taken out, not destroyed (its owner
        keeps it: a cached map, or a panel going back to its dock)."""
        if self.content is widget and (widget is None or widget.parentWidget() is self):
            return
        if self.content is not None and self.content.parentWidget() is self:
            self.box.removeWidget(self.content)
            self.content.hide()
            self.content.setParent(None)
        self.content = widget
        if widget is not None:  # taken from the frame it was in before (a panel moving)
            self.box.addWidget(widget, 1)
            widget.show()

    def set_menu(self, menu: QMenu) -> None:
        self.menu_button.setMenu(menu)


class WallPage(QWidget):
    """One layout of one screen: its frames, laid out once and kept (a switch only shows it)."""

    def __init__(self, split: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.split = split
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        self.frames = [ViewFrame(self) for _ in CELLS[split]]
        for frame, (r, c, rs, cs) in zip(self.frames, CELLS[split]):
            grid.addWidget(frame, r, c, rs, cs)
        for i in range(2):
            grid.setRowStretch(i, 1)
        grid.setColumnStretch(0, 2 if split == "1+2" else 1)
        grid.setColumnStretch(1, 1 if split != "1" else 0)


class WallScreen(QWidget):
    """A top-level window for one wall screen, showing one of its pages at a time."""

    closed = Signal()
    resized = Signal()

    def __init__(self, number: int) -> None:
        super().__init__(None, Qt.Window)
        self.setObjectName("wallScreen")
        self.number = number
        self.stack = QStackedLayout(self)
        self.pages: dict[object, WallPage] = {}

    def page(self, key, split: str) -> tuple[WallPage, bool]:
        """The page for ``key`` (a layout), and whether it was made just now."""
        page = self.pages.get(key)
        if page is not None:
            return page, False
        page = self.pages[key] = WallPage(split, self)
        self.stack.addWidget(page)
        return page, True

    def show_page(self, page: WallPage) -> None:
        self.stack.setCurrentWidget(page)

    def drop_page(self, key) -> None:
        page = self.pages.pop(key)
        for frame in page.frames:
            frame.set_content(None)
        self.stack.removeWidget(page)
        page.deleteLater()

    @property
    def current(self) -> WallPage | None:
        return self.stack.currentWidget()

    @property
    def frames(self) -> list[ViewFrame]:
        return self.current.frames if self.current is not None else []

    @property
    def split(self) -> str:
        return self.current.split if self.current is not None else ""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def closeEvent(self, event) -> None:
        self.closed.emit()
        super().closeEvent(event)
