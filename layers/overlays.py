"""Overlays drawn above every layer: the selection highlight."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainterPath

from layers.base import MapLayer, rings_path
from layers.style import qcolor


class SelectionLayer(MapLayer):
    """Outlines the selected grid, or rings the selected point, in the theme's selection colour."""

    key = "selection"

    def __init__(self, bounds) -> None:
        super().__init__(bounds)
        self._path = QPainterPath()
        self.ring = pg.ScatterPlotItem(pxMode=True)
        self.ring.setParentItem(self)
        self.geometry = None

    def select(self, geometry) -> None:
        """Highlight ``geometry`` (metric shapely geometry) or clear with None."""
        self.geometry = geometry
        if geometry is None or geometry.geom_type == "Point":
            self._path = QPainterPath()
        else:
            self._path = rings_path([geometry])
        self.restyle()

    def restyle(self) -> None:
        g = self.geometry
        if g is not None and g.geom_type == "Point":
            pen = pg.mkPen(qcolor(self.palette.selection), width=max(3, 5 * self.ui_scale))
            self.ring.setData([g.x], [g.y], symbol="o", size=self.px(52), brush=None, pen=pen)
        else:
            self.ring.setData([], [])
        self.update()

    def paint(self, painter, option, widget=None) -> None:
        if self._path.isEmpty():
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.NoBrush)
        painter.setPen(self.cosmetic_pen("#000000", 11, 160))
        painter.drawPath(self._path)
        painter.setPen(self.cosmetic_pen(self.palette.selection, 6))
        painter.drawPath(self._path)
