"""Screen-space clusters: where too many points stand for one symbol each (2,400 cameras at
the district view), a circle with the count for each cell of a fixed grid. The grid is
aligned to the district, not to the view, so a pan moves the clusters without reshuffling
them; a cell with one point shows that point's own symbol instead."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsItem

from layers.style import qcolor, text_on


def cluster_cells(x: np.ndarray, y: np.ndarray, x0: float, y0: float, cell: float):
    """Group points by square cells of ``cell`` metres from (x0, y0). Returns (cell key of
    each point, unique keys, member counts, mean x, mean y) — one entry per occupied cell."""
    ix = np.floor((x - x0) / cell).astype(np.int64)
    iy = np.floor((y - y0) / cell).astype(np.int64)
    key = ix * 1_000_003 + iy
    keys, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    mx = np.bincount(inverse, weights=x, minlength=len(keys)) / counts
    my = np.bincount(inverse, weights=y, minlength=len(keys)) / counts
    return inverse, keys, counts, mx, my


class ClusterItem(QGraphicsItem):
    """All clusters of a layer in one item: circles sized by count, the count inside."""

    def __init__(self, bounds: QRectF, parent=None) -> None:
        super().__init__(parent)
        self._bounds = QRectF(bounds)
        self.x = self.y = np.empty(0)
        self.counts = np.empty(0, dtype=np.int64)
        self.color = QColor("#5b3fb8")
        self.outline = QColor("#ffffff")
        self.font_px = 14

    def boundingRect(self) -> QRectF:
        return self._bounds

    def set_clusters(self, x, y, counts, color: str, outline: str, font_px: int) -> None:
        self.prepareGeometryChange()
        self.x, self.y, self.counts = np.asarray(x, float), np.asarray(y, float), np.asarray(counts, np.int64)
        self.color, self.outline, self.font_px = qcolor(color, 215), qcolor(outline), font_px
        self.update()

    def clear(self) -> None:
        self.set_clusters([], [], [], self.color.name(), self.outline.name(), self.font_px)

    def radius_px(self, count: int) -> float:
        """Grows with the number of digits a person reads, not with the count itself."""
        return self.font_px * (0.9 + 0.35 * len(str(int(count))))

    def paint(self, painter, option, widget=None) -> None:
        if not len(self.counts):
            return
        world = painter.transform()
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        font = QFont(painter.font())
        font.setPixelSize(self.font_px)
        font.setBold(True)
        painter.setFont(font)
        pen = QPen(self.outline)
        pen.setWidthF(max(1.5, self.font_px / 8))
        text = QColor(text_on(self.color.name()))
        for x, y, n in zip(self.x, self.y, self.counts):
            c = world.map(QPointF(x, y))
            r = self.radius_px(n)
            painter.setPen(pen)
            painter.setBrush(self.color)
            painter.drawEllipse(c, r, r)
            painter.setPen(text)
            painter.drawText(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), Qt.AlignCenter, f"{int(n):,}")
        painter.restore()
