"""The evidence of a suggestion on the map: each alarming sensor or bursting incident ringed,
and the rule's radius around them, in amber — the colour of "look here", not yet of command."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPen

from layers.base import MapLayer
from layers.style import qcolor

AMBER = "#ffb300"


class SuggestionLayer(MapLayer):
    key = "suggestion"

    def __init__(self, bounds) -> None:
        super().__init__(bounds)
        self.members = np.empty((0, 2))
        self.centre: tuple[float, float] | None = None
        self.radius_m = 0.0

    def show_evidence(self, centre: tuple[float, float], radius_m: float, members_xy: np.ndarray) -> None:
        self.centre, self.radius_m, self.members = centre, float(radius_m), np.asarray(members_xy, float)
        self.update()

    def clear(self) -> None:
        self.centre, self.members = None, np.empty((0, 2))
        self.update()

    def draw(self, painter) -> None:
        if self.centre is None:
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        width = max(3.0, 5 * self.ui_scale)
        pen = QPen(qcolor(AMBER), width, Qt.DashLine)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(QBrush(qcolor(AMBER, 40)))
        painter.drawEllipse(QPointF(*self.centre), self.radius_m, self.radius_m)
        mpp = self.view.metres_per_px if self.view is not None else 1.0
        r = self.px(26) * mpp
        for outline, w in (("#000000", width * 2.2), (AMBER, width)):  # a dark edge reads on any basemap
            pen = QPen(qcolor(outline), w)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.NoBrush)
            for x, y in self.members:
                painter.drawEllipse(QPointF(x, y), r, r)
