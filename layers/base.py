"""What every map layer shares: a theme, a UI scale, a view to adapt to, and a legend."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath, QPen

from layers.style import NORMAL, Palette, qcolor


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: ``shape`` is fill, line, or a symbol name ('o', 's', 'd', 'camera', ...)."""

    shape: str
    color: str
    label: str
    size: float = 14.0


@dataclass(frozen=True)
class ViewState:
    """The visible map rectangle (metres) and the ground size of one screen pixel."""

    rect: QRectF
    metres_per_px: float


class MapLayer(pg.GraphicsObject):
    """Base of the layers: holds palette, UI scale and the last view; subclasses draw.

    ``restyle`` must never rebuild geometry (VISUAL change); ``set_view`` lets a layer
    choose its level of detail for what is on screen.
    """

    key = "layer"

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        super().__init__()
        self._bounds = QRectF(bounds[0], bounds[1], bounds[2] - bounds[0], bounds[3] - bounds[1])
        self.palette: Palette = NORMAL
        self.ui_scale = 1.0
        self.view: ViewState | None = None

    # -- Qt item protocol
    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter, option, widget=None) -> None:  # containers draw through children
        pass

    # -- layer protocol
    def set_palette(self, palette: Palette) -> None:
        self.palette = palette
        self.restyle()

    def set_ui_scale(self, scale: float) -> None:
        self.ui_scale = scale
        self.restyle()

    def restyle(self) -> None:
        self.update()

    def set_view(self, view: ViewState) -> None:
        self.view = view

    def legend(self) -> list[LegendEntry]:
        return []

    def px(self, size: float) -> float:
        """A size in screen pixels at this layer's UI scale and theme."""
        return size * self.ui_scale * self.palette.symbol_scale

    def cosmetic_pen(self, color: str, width: float, alpha: int | None = None) -> QPen:
        pen = QPen(qcolor(color, alpha))
        pen.setWidthF(max(0.5, width * self.ui_scale))
        pen.setCosmetic(True)
        return pen


def rings_path(geoms) -> QPainterPath:
    """All polygon rings (or lines) of ``geoms`` as one QPainterPath (odd-even fill keeps holes)."""
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) == 0:
        return QPainterPath()
    if shapely.get_type_id(geoms[0]) in (3, 6):  # polygons: stroke their rings
        geoms = shapely.boundary(geoms)
    parts = shapely.get_parts(shapely.get_parts(geoms))
    coords, index = shapely.get_coordinates(parts, return_index=True)
    if len(coords) == 0:
        return QPainterPath()
    connect = np.ones(len(coords), dtype=np.int32)
    connect[:-1][index[1:] != index[:-1]] = 0
    connect[-1] = 0
    return pg.arrayToQPath(coords[:, 0], coords[:, 1], connect=connect)


def visible_mask(x: np.ndarray, y: np.ndarray, rect: QRectF) -> np.ndarray:
    return (x >= rect.left()) & (x <= rect.right()) & (y >= rect.top()) & (y <= rect.bottom())
