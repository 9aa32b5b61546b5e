"""What every map layer shares: a theme, a UI scale, a view to adapt to, and a legend."""
from __future__ import annotations

from contextlib import nullcontext

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainterPath, QPen

from layers.style import NORMAL, Palette, qcolor


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: ``shape`` is fill, line, or a symbol name ('o', 's', 'd', 'camera', ...)."""

    shape: str
    color: str
    label: str
    size: float = 14.0
    ring: str | None = None  # a coloured ring instead of the plain outline (e.g. overdue)


@dataclass(frozen=True)
class ViewState:
    """The visible map rectangle (metres) and the ground size of one screen pixel.

    ``moving``: one step of a continuous motion (a wheel zoom, a key held down); a layer may
    let what it drew stand in until the motion ends rather than choose its detail again."""

    rect: QRectF
    metres_per_px: float
    moving: bool = False


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
        self.composite = None  # the StaticComposite that draws this layer, if any

    # -- Qt item protocol
    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter, option, widget=None) -> None:
        # A layer kept in the static composite is drawn there (into its cached image), not here.
        if self.composite is None:
            self.draw(painter)

    def draw(self, painter) -> None:  # containers draw through their children
        pass

    def update(self, *args) -> None:
        """Repaint; a layer in the static composite also marks the composite's image stale."""
        if self.composite is not None:
            self.composite.invalidate()
        super().update(*args)

    def detail_changed(self) -> None:
        """What this layer shows at this scale changed (grid names appear, buildings go), not
        how it looks: a composite redraws it part by part, the old image standing in meanwhile."""
        if self.composite is not None:
            self.composite.detail_changed()
        else:
            self.update()

    def setVisible(self, visible: bool) -> None:
        if self.composite is not None and visible != self.isVisible():
            self.composite.invalidate()
        super().setVisible(visible)

    def setOpacity(self, opacity: float) -> None:
        if self.composite is not None and opacity != self.opacity():
            self.composite.invalidate()
        super().setOpacity(opacity)

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

    def batch(self):
        """A context in which several layers change together (one new view): a layer that
        composes what others hand it does so once, at the end. Most have nothing to wait for."""
        return nullcontext()

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

    def stroke(self, painter, path: QPainterPath | TiledPaths, color: str, width: float,
               alpha: int | None = None) -> None:
        """Stroke ``path`` with a cosmetic line of ``width`` px (at the UI scale), fast.

        Qt's raster engine draws antialiased lines fastest at exactly 1 px (about 100x
        faster than 1.4 px on a 4K frame), so thin lines are snapped to 1 px with
        antialiasing, and wider ones are drawn aliased, where the steps do not show.
        """
        w = width * self.ui_scale
        pen = QPen(qcolor(color, alpha))
        pen.setCosmetic(True)
        thin = w < 1.8
        pen.setWidthF(1.0 if thin else round(w))
        painter.setRenderHint(painter.RenderHint.Antialiasing, thin)
        painter.setPen(pen)
        painter.setBrush(Qt.NoBrush)
        if isinstance(path, TiledPaths):
            path.draw(painter, self.view.rect if self.view is not None else None)
        else:
            painter.drawPath(path)
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)


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


class TiledPaths:
    """Geometries as one QPainterPath per spatial tile, so a view draws only the tiles it sees.

    Drawing a path costs per element even where it is clipped away; cutting a district's
    lines into tiles makes a street-level frame pay for the street, not the district.
    """

    def __init__(self, geoms, tiles: int = 16, fill_rule=Qt.OddEvenFill) -> None:
        geoms = np.asarray([g for g in geoms if g is not None], dtype=object)
        self.paths: list[QPainterPath] = []
        self.boxes: list[QRectF] = []
        if len(geoms) == 0:
            return
        b = shapely.bounds(geoms)
        cx, cy = (b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2
        x0, y0, x1, y1 = cx.min(), cy.min(), cx.max(), cy.max()
        tx = np.clip(((cx - x0) / max(x1 - x0, 1e-9) * tiles).astype(int), 0, tiles - 1)
        ty = np.clip(((cy - y0) / max(y1 - y0, 1e-9) * tiles).astype(int), 0, tiles - 1)
        key = tx * tiles + ty
        for k in np.unique(key):
            m = key == k
            path = rings_path(geoms[m])
            path.setFillRule(fill_rule)
            self.paths.append(path)
            bb = b[m]
            self.boxes.append(QRectF(bb[:, 0].min(), bb[:, 1].min(), bb[:, 2].max() - bb[:, 0].min(),
                                     bb[:, 3].max() - bb[:, 1].min()))

    def draw(self, painter, rect: QRectF | None) -> None:
        for path, box in zip(self.paths, self.boxes):
            if rect is None or box.intersects(rect):
                painter.drawPath(path)
