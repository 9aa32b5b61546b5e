"""Screen-space clusters: where too many points stand for one symbol each (2,400 cameras at
the district view), a circle with the count for each cell of a fixed grid. The grid is
aligned to the district, not to the view, so a pan moves the clusters without reshuffling
them; a cell with one point shows that point's own symbol instead."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem

from layers.style import qcolor, text_on

SPRITES_KEPT = 4000  # drawn clusters kept per layer (one per count and look)
GLYPH_PAD = 2  # px each side of a character's pixmap, for the ink a bold digit puts past its advance


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
        self._sprites: dict[tuple, QPixmap] = {}

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

    def sprite(self, count: int, dpr: float) -> QPixmap:
        """The circle with its count, made once per count and look: a wall shows hundreds of
        clusters, and an antialiased circle costs far more to draw than a pixmap to copy. A new
        count is put together from the circle of its width and one pixmap per character, so a
        zoom that re-clusters into a hundred new counts draws no circle and lays out no text."""
        key = (int(count), self.color.rgba(), self.outline.rgba(), self.font_px, dpr)
        pixmap = self._sprites.get(key)
        if pixmap is not None:
            return pixmap
        if len(self._sprites) > SPRITES_KEPT:
            self._sprites.clear()
        text = f"{int(count):,}"
        pixmap = self._circle(len(str(int(count))), dpr).copy()
        metrics = QFontMetricsF(self._font())
        advances = [metrics.horizontalAdvance(ch) for ch in text]
        side = pixmap.width() / dpr
        x, top = (side - sum(advances)) / 2, (side - metrics.height()) / 2
        p = QPainter(pixmap)
        for ch, advance in zip(text, advances):
            p.drawPixmap(QPointF(x - GLYPH_PAD, top), self._glyph(ch, dpr))
            x += advance
        p.end()
        self._sprites[key] = pixmap
        return pixmap

    def _font(self) -> QFont:
        font = QFont()
        font.setPixelSize(self.font_px)
        font.setBold(True)
        return font

    def _circle(self, digits: int, dpr: float) -> QPixmap:
        """The outlined circle for a count of ``digits`` digits, without the count."""
        key = ("circle", digits, self.color.rgba(), self.outline.rgba(), self.font_px, dpr)
        pixmap = self._sprites.get(key)
        if pixmap is not None:
            return pixmap
        r = self.radius_px(10 ** (digits - 1))
        pen_w = max(1.5, self.font_px / 8)
        side = int(np.ceil(2 * r + 2 * pen_w + 2))
        pixmap = QPixmap(round(side * dpr), round(side * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.Antialiasing, True)
        pen = QPen(self.outline)
        pen.setWidthF(pen_w)
        p.setPen(pen)
        p.setBrush(self.color)
        p.drawEllipse(QPointF(side / 2, side / 2), r, r)
        p.end()
        self._sprites[key] = pixmap
        return pixmap

    def _glyph(self, ch: str, dpr: float) -> QPixmap:
        """One character of a count (a digit or the thousands separator), its advance wide and
        its line high (plus GLYPH_PAD each side), in the colour that reads on the circle."""
        ink = QColor(text_on(self.color.name()))
        key = ("glyph", ch, ink.rgba(), self.font_px, dpr)
        pixmap = self._sprites.get(key)
        if pixmap is not None:
            return pixmap
        font = self._font()
        metrics = QFontMetricsF(font)
        w, h = metrics.horizontalAdvance(ch) + 2 * GLYPH_PAD, metrics.height()
        pixmap = QPixmap(max(1, round(w * dpr)), max(1, round(h * dpr)))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.TextAntialiasing, True)
        p.setFont(font)
        p.setPen(ink)
        p.drawText(QPointF(GLYPH_PAD, metrics.ascent()), ch)
        p.end()
        self._sprites[key] = pixmap
        return pixmap

    def paint(self, painter, option, widget=None) -> None:
        if not len(self.counts):
            return
        world = painter.transform()
        # device positions of every centre at once (the map never rotates), and only those
        # near the part being painted are drawn
        cx = world.m11() * self.x + world.m21() * self.y + world.dx()
        cy = world.m12() * self.x + world.m22() * self.y + world.dy()
        device = painter.device()
        margin = self.radius_px(10 ** 6)
        w, h = (device.width(), device.height()) if device is not None else (1e9, 1e9)
        near = (cx > -margin) & (cx < w + margin) & (cy > -margin) & (cy < h + margin)
        dpr = device.devicePixelRatioF() if device is not None else 1.0
        painter.save()
        painter.resetTransform()
        for x, y, n in zip(cx[near], cy[near], self.counts[near]):
            sprite = self.sprite(n, dpr)
            half = sprite.width() / dpr / 2
            painter.drawPixmap(QPointF(x - half, y - half), sprite)
        painter.restore()
