"""The emergency overlay: impact rings around the focus, the affected grids outlined, the focus."""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPainterPath, QPen

from layers.base import LegendEntry, MapLayer, rings_path
from layers.style import qcolor

RING_COLOURS = ("#ff1744", "#ff9100", "#ffd600", "#ffea00")


class EmergencyLayer(MapLayer):
    key = "emergency"

    def __init__(self, bounds) -> None:
        super().__init__(bounds)
        self.rings: list[tuple[float, QPainterPath]] = []
        self.grids = QPainterPath()
        self.focus: tuple[float, float] | None = None
        self.sketch: list[tuple[float, float]] = []  # an area being drawn, corners in map metres

    def show_rings(self, district, outlines, focus_lonlat) -> None:
        """The rings ((radius_m, WGS84 outline) each) and the focus, in the map's metric CRS."""
        def metric(g):
            return shapely.transform(g, lambda xy: np.column_stack(district.from_lonlat(xy[:, 0], xy[:, 1])))
        self.prepareGeometryChange()
        self.rings = [(r, rings_path([metric(g)])) for r, g in outlines]
        self.grids = QPainterPath()
        x, y = district.from_lonlat(*focus_lonlat)
        self.focus = (float(x), float(y))
        self.update()

    def show_grids(self, grid_geoms) -> None:
        """Outline the affected grids (once the picture is computed)."""
        self.grids = rings_path([shapely.union_all(grid_geoms)]) if len(grid_geoms) else QPainterPath()
        self.update()

    def clear(self) -> None:
        self.rings, self.grids, self.focus = [], QPainterPath(), None
        self.update()

    def show_sketch(self, points) -> None:
        self.sketch = list(points)
        self.update()

    def draw(self, painter) -> None:
        if self.sketch:
            pen = QPen(qcolor("#ff1744"), max(3.0, 5 * self.ui_scale), Qt.DashLine)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(QBrush(qcolor("#ff1744", 40)))
            painter.drawPolygon([QPointF(x, y) for x, y in self.sketch])
        if self.focus is None:
            return
        width = max(2.0, 4 * self.ui_scale)
        # Tints without antialiasing (a third of the cost over a 4K screen; the antialiased
        # outlines drawn over them hide the stepped edge), outlines with it.
        painter.setRenderHint(painter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.NoPen)
        painter.setBrush(QBrush(qcolor("#ff1744", 28)))
        painter.drawPath(self.grids)
        rings = [(RING_COLOURS[k % len(RING_COLOURS)], path) for k, (_, path) in enumerate(self.rings)][::-1]
        for colour, path in rings:
            painter.setBrush(QBrush(qcolor(colour, 20)))
            painter.drawPath(path)
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.NoBrush)
        pen = QPen(qcolor("#ffffff", 200), width)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawPath(self.grids)
        for colour, path in rings:
            pen = QPen(qcolor(colour), width * 1.3, Qt.DashLine)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawPath(path)
        mpp = self.view.metres_per_px if self.view is not None else 1.0
        r = self.px(22) * mpp
        pen = QPen(qcolor("#000000"), width)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(QBrush(qcolor("#ff1744")))
        painter.drawEllipse(QPointF(*self.focus), r, r)

    def legend(self) -> list[LegendEntry]:
        return [LegendEntry("line", RING_COLOURS[k % 4], f"{r:,.0f} m", 4) for k, (r, _) in enumerate(self.rings)]
