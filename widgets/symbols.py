"""Small symbols drawn as icons (camera, shelter, person, alarm) rather than emoji: a wall
machine's fonts may have no colour-emoji glyphs, and an empty box says nothing."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from layers.cameras import CAMERA


@lru_cache(maxsize=64)
def symbol_icon(kind: str, px: int = 32, color: str = "#5b3fb8", outline: str = "#ffffff") -> QIcon:
    """``kind``: camera, shelter, person or alarm, ``px`` square."""
    pix = QPixmap(px, px)
    pix.fill(Qt.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.Antialiasing)
    p.setPen(QPen(QColor(outline), max(1.0, px / 16)))
    p.setBrush(QBrush(QColor(color)))
    s = px
    if kind == "camera":
        p.translate(s / 2, s / 2)
        p.scale(s * 0.9, s * 0.9)
        p.setPen(QPen(QColor(outline), 1.5 / s))
        p.drawPath(CAMERA)
    elif kind == "shelter":  # a tent: a triangle with its door
        p.drawPolygon(QPolygonF([QPointF(s * 0.5, s * 0.1), QPointF(s * 0.92, s * 0.88), QPointF(s * 0.08, s * 0.88)]))
        p.setBrush(QBrush(QColor(outline)))
        p.drawPolygon(QPolygonF([QPointF(s * 0.5, s * 0.45), QPointF(s * 0.64, s * 0.88), QPointF(s * 0.36, s * 0.88)]))
    elif kind == "person":  # head and shoulders
        p.drawEllipse(QRectF(s * 0.33, s * 0.08, s * 0.34, s * 0.34))
        body = QPainterPath()
        body.moveTo(s * 0.12, s * 0.94)
        body.cubicTo(s * 0.12, s * 0.5, s * 0.88, s * 0.5, s * 0.88, s * 0.94)
        body.closeSubpath()
        p.drawPath(body)
    elif kind == "alarm":  # a warning triangle with its mark
        p.drawPolygon(QPolygonF([QPointF(s * 0.5, s * 0.06), QPointF(s * 0.96, s * 0.92), QPointF(s * 0.04, s * 0.92)]))
        p.setPen(QPen(QColor(outline), max(1.5, s / 10), Qt.SolidLine, Qt.RoundCap))
        p.drawLine(QPointF(s * 0.5, s * 0.36), QPointF(s * 0.5, s * 0.64))
        p.drawPoint(QPointF(s * 0.5, s * 0.79))
    else:
        raise KeyError(f"no symbol {kind!r}")
    p.end()
    return QIcon(pix)
