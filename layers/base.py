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

    def covers_view(self) -> bool:
        """This frame, the layer paints every pixel of its view opaquely: the map need not
        clear its background under it first (a 4K fill, 3-4 ms of every frame)."""
        return False

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


def ring_coords(geoms) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every polygon ring (or line) of ``geoms`` in one pass: coordinates (n x 2), the position
    in ``geoms`` each comes from, and pyqtgraph's ``connect`` (0 where a ring ends). Shapely
    works on the whole array at once; paths for any grouping are then slices of these (one
    Qt path per group instead of one per geometry: a start builds 3,000 grids in milliseconds)."""
    geoms = np.asarray(geoms, dtype=object)
    empty = np.empty((0, 2)), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int32)
    if len(geoms) == 0:
        return empty
    polygons = np.isin(shapely.get_type_id(geoms), (3, 6))
    if polygons.any():  # polygons: stroke their rings
        geoms = geoms.copy()
        geoms[polygons] = shapely.boundary(geoms[polygons])
    parts, owner = shapely.get_parts(geoms, return_index=True)
    lines, of_part = shapely.get_parts(parts, return_index=True)
    coords, of_line = shapely.get_coordinates(lines, return_index=True)
    if len(coords) == 0:
        return empty
    connect = np.ones(len(coords), dtype=np.int32)
    connect[:-1][of_line[1:] != of_line[:-1]] = 0
    connect[-1] = 0
    return coords, owner[of_part][of_line], connect


def grouped_paths(coords: np.ndarray, connect: np.ndarray, group: np.ndarray,
                  fill_rule=Qt.OddEvenFill) -> dict[int, QPainterPath]:
    """One QPainterPath per group of rings: ``group`` gives each coordinate's group (-1: none).
    Rings stay whole (a group holds all of a geometry's coordinates), so their ends stay ends."""
    keep = group >= 0
    coords, connect, group = coords[keep], connect[keep], group[keep]
    order = np.argsort(group, kind="stable")
    coords, connect, group = coords[order], connect[order], group[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    ends = np.r_[starts[1:], len(group)]
    out = {}
    for a, b in zip(starts, ends):
        path = pg.arrayToQPath(coords[a:b, 0], coords[a:b, 1], connect=connect[a:b])
        path.setFillRule(fill_rule)
        out[int(group[a])] = path
    return out


def rings_path(geoms) -> QPainterPath:
    """All polygon rings (or lines) of ``geoms`` as one QPainterPath (odd-even fill keeps holes)."""
    coords, _owner, connect = ring_coords(geoms)
    if len(coords) == 0:
        return QPainterPath()
    return pg.arrayToQPath(coords[:, 0], coords[:, 1], connect=connect)


def visible_mask(x: np.ndarray, y: np.ndarray, rect: QRectF) -> np.ndarray:
    return (x >= rect.left()) & (x <= rect.right()) & (y >= rect.top()) & (y <= rect.bottom())


class TiledPaths:
    """Geometries as one QPainterPath per spatial tile, so a view draws only the tiles it sees.

    Drawing a path costs per element even where it is clipped away; cutting a district's
    lines into tiles makes a street-level frame pay for the street, not the district.
    """

    def __init__(self, geoms, tiles: int = 16, fill_rule=Qt.OddEvenFill) -> None:
        geoms = np.asarray(geoms, dtype=object)  # a GeoSeries' array as it is, not item by item
        geoms = geoms[~shapely.is_missing(geoms)] if len(geoms) else geoms
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
        order = np.argsort(key, kind="stable")
        starts = np.flatnonzero(np.r_[True, key[order][1:] != key[order][:-1]])
        lo_x, lo_y = (np.minimum.reduceat(b[order, i], starts) for i in (0, 1))
        hi_x, hi_y = (np.maximum.reduceat(b[order, i], starts) for i in (2, 3))
        box = {int(k): QRectF(lo_x[j], lo_y[j], hi_x[j] - lo_x[j], hi_y[j] - lo_y[j])
               for j, k in enumerate(key[order][starts])}
        coords, owner, connect = ring_coords(geoms)
        for k, path in grouped_paths(coords, connect, key[owner], fill_rule).items():
            self.paths.append(path)
            self.boxes.append(box[k])

    def draw(self, painter, rect: QRectF | None) -> None:
        for path, box in zip(self.paths, self.boxes):
            if rect is None or box.intersects(rect):
                painter.drawPath(path)
