"""Point layers' shared level of detail: individual symbols for what is on screen, or a density
image when too many are, with urgent points (alarms, severe incidents) always drawn on top."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QPen

from layers.base import MapLayer, ViewState, visible_mask
from layers.style import qcolor


class PointLayer(MapLayer):
    """Points in one ScatterPlotItem (one symbol atlas, one draw call) plus a density image.

    Subclasses provide ``style()`` → (symbols, sizes, colors) for all points and ``urgent()``.
    The symbols shown are refreshed only when the view leaves the margin it was computed for
    or the zoom changes by more than a third, so a pan does not rebuild anything.
    """

    max_individual = 15000
    px_per_point = 2500  # individual symbols only while each has ~50x50 screen pixels to itself
    density_cell_px = 10

    def __init__(self, bounds, x: np.ndarray, y: np.ndarray) -> None:
        super().__init__(bounds)
        self.x = np.asarray(x, dtype=float)
        self.y = np.asarray(y, dtype=float)
        self.density = pg.ImageItem()
        self.density.setParentItem(self)
        self.density.setVisible(False)
        self.scatter = pg.ScatterPlotItem(pxMode=True)
        self.scatter.setParentItem(self)  # pyqtgraph items ignore a parent= keyword
        self.scatter.setZValue(1)
        self._covered: tuple[QRectF, float] | None = None
        self._mode = "points"
        self._style = None
        self._shown = np.empty(0, dtype=np.int64)

    # -- subclass hooks
    def style(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        raise NotImplementedError

    def urgent(self) -> np.ndarray:
        return np.zeros(len(self.x), dtype=bool)

    def included(self) -> np.ndarray:
        """Which points this layer shows at all (e.g. open incidents only)."""
        return np.ones(len(self.x), dtype=bool)

    def density_color(self) -> str:
        return "#444444"

    # -- styling and level of detail
    def restyle(self) -> None:
        self._style = None
        self._covered = None
        if self.view is not None:
            self._refresh(self.view)

    def data_changed(self) -> None:
        """Points were added or changed status: rebuild styles and what is shown."""
        self.restyle()

    @property
    def mode(self) -> str:
        """'points' (individual symbols) or 'density' (aggregate with urgent points on top)."""
        return self._mode

    @property
    def shown(self) -> np.ndarray:
        """Positions drawn as individual symbols right now."""
        return self._shown

    def set_view(self, view: ViewState) -> None:
        super().set_view(view)
        if self._covered is not None:
            rect, mpp = self._covered
            if rect.contains(view.rect) and 0.75 < view.metres_per_px / mpp < 1.33:
                return
        self._refresh(view)

    def _refresh(self, view: ViewState) -> None:
        margin = view.rect.adjusted(-view.rect.width() * 0.5, -view.rect.height() * 0.5,
                                    view.rect.width() * 0.5, view.rect.height() * 0.5)
        self._covered = (margin, view.metres_per_px)
        if self._style is None:
            self._style = self.style()
        symbols, sizes, colors = self._style
        keep = self.included()
        vis = keep & visible_mask(self.x, self.y, margin)
        on_screen_mask = keep & visible_mask(self.x, self.y, view.rect)
        on_screen = int(on_screen_mask.sum())
        screen_px = view.rect.width() * view.rect.height() / max(view.metres_per_px, 1e-9) ** 2
        if int(vis.sum()) <= self.max_individual and on_screen <= screen_px / self.px_per_point:
            self._mode = "points"
            self.density.setVisible(False)
            shown = np.flatnonzero(vis)
        else:
            self._mode = "density"
            self._draw_density(np.flatnonzero(on_screen_mask), view)
            shown = np.flatnonzero(vis & self.urgent())
        # Urgent points last so they are drawn on top.
        shown = shown[np.argsort(self.urgent()[shown], kind="stable")]
        self._shown = shown
        outline = QPen(qcolor(self.palette.symbol_outline, 230))
        outline.setWidthF(max(1.0, 1.5 * self.ui_scale))
        outline.setCosmetic(True)  # symbols are drawn scaled by their size; the outline must not be
        brushes = [QBrush(qcolor(c)) for c in colors[shown]]
        self.scatter.setData(x=self.x[shown], y=self.y[shown], symbol=list(symbols[shown]),
                             size=sizes[shown], brush=brushes, pen=outline)

    def _draw_density(self, idx: np.ndarray, view: ViewState) -> None:
        rect = view.rect
        cell = self.density_cell_px * view.metres_per_px
        nx = max(1, int(rect.width() / cell))
        ny = max(1, int(rect.height() / cell))
        counts, _, _ = np.histogram2d(self.x[idx], self.y[idx], bins=(nx, ny),
                                      range=((rect.left(), rect.right()), (rect.top(), rect.bottom())))
        # A [1 2 1] blur in both directions softens cell edges so the aggregate reads as a field.
        for axis in (0, 1):
            counts = (2 * counts + np.roll(counts, 1, axis) + np.roll(counts, -1, axis)) / 4
        level = np.log1p(counts)
        top = max(float(level.max()), 1e-9)
        c = qcolor(self.density_color())
        rgba = np.zeros((nx, ny, 4), dtype=np.ubyte)
        rgba[..., 0], rgba[..., 1], rgba[..., 2] = c.red(), c.green(), c.blue()
        rgba[..., 3] = np.where(counts > 0.05, 25 + 120 * level / top, 0).astype(np.ubyte)
        self.density.setImage(rgba, autoLevels=False, levels=(0, 255))
        self.density.setRect(QRectF(rect.left(), rect.top(), nx * cell, ny * cell))
        self.density.setVisible(True)
