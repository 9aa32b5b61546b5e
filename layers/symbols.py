"""Point symbols at screen size, drawn from one atlas in one call.

pyqtgraph's ScatterPlotItem keeps a record per spot (its symbol, pen, brush and atlas
rectangle as Python objects) and looks every spot up in its atlas one by one: at a street
view of Longhua, handing it 9,000 symbols took about 100 ms, the largest part of a pan that
leaves the cached frame. Here a point carries only the number of its look (symbol, size,
outline, fill). A layer uses a handful of looks, so the atlas is asked once per look, and a
frame maps every point to the screen in a few array operations. The atlas is pyqtgraph's
own SymbolAtlas, and the fragments are placed as pyqtgraph places them, so the symbols are
the same pixels a ScatterPlotItem would draw.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem
from pyqtgraph.graphicsItems.ScatterPlotItem import SymbolAtlas
from pyqtgraph.Qt import internals

from layers.style import qcolor

LOOKS_KEPT = 4000  # distinct looks before the atlas is rebuilt from those in use


def _pen_key(pen: QPen) -> tuple:
    """A pen by what it draws, not by its identity: a layer may change a cached pen's width."""
    return (pen.color().rgba(), pen.widthF(), pen.isCosmetic(), int(pen.style().value))


def _factorize(values: np.ndarray, by_identity: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(codes, uniques) of a column, by hashing; objects that do not hash (symbol paths) and
    pens go by identity: a layer hands the same object to all the points that share it."""
    if not by_identity:
        try:
            return pd.factorize(values)
        except TypeError:
            pass
    codes, _ids = pd.factorize(np.fromiter(map(id, values), dtype=np.int64, count=len(values)))
    uniques = np.empty(int(codes.max()) + 1 if len(codes) else 0, dtype=object)
    uniques[:] = [values[k] for k in np.unique(codes, return_index=True)[1].tolist()]
    return codes, uniques


class SymbolItem(QGraphicsItem):
    """All the individually drawn points of a layer: positions in the parent's (metric)
    coordinates, each with a look; drawn in the order given (the last on top)."""

    def __init__(self, bounds: QRectF, parent=None) -> None:
        super().__init__(parent)
        self._bounds = QRectF(bounds)
        self.x = np.empty(0)
        self.y = np.empty(0)
        self.look = np.empty(0, dtype=np.int64)  # each point's look: an index into _looks
        self._looks: list[tuple] = []            # (symbol, size, pen, brush) for the atlas
        self._look_of: dict[tuple, int] = {}     # (symbol, size, pen key, colour) -> look
        self._rects: np.ndarray | None = None    # each look's atlas rectangle (sx, sy, sw, sh)
        self._max_px = 0.0                       # the widest look, in screen pixels
        self._atlas = SymbolAtlas()
        self._fragments = internals.PrimitiveArray(QPainter.PixmapFragment, 10)

    def __len__(self) -> int:
        return len(self.x)

    def boundingRect(self) -> QRectF:
        return self._bounds

    # ------------------------------------------------------------------ data
    def set_points(self, x, y, symbols, sizes, colors, pens) -> None:
        """Replace every point. ``symbols``, ``sizes`` and ``colors`` (names such as '#d32f2f')
        are per point; ``pens`` is one QPen for all or one per point."""
        self.x = np.asarray(x, dtype=float)
        self.y = np.asarray(y, dtype=float)
        self.look = np.empty(0, dtype=np.int64)  # the old points' looks are no longer in use
        self.look = self._looks_for(symbols, sizes, colors, pens)
        self.update()

    def add_points(self, x, y, symbols, sizes, colors, pens) -> None:
        """Points drawn after (on top of) those already here."""
        if not len(x):
            return
        look = self._looks_for(symbols, sizes, colors, pens)
        self.x = np.r_[self.x, np.asarray(x, dtype=float)]
        self.y = np.r_[self.y, np.asarray(y, dtype=float)]
        self.look = np.r_[self.look, look]
        self.update()

    def clear(self) -> None:
        self.set_points([], [], [], [], [], QPen())

    def _looks_for(self, symbols, sizes, colors, pens) -> np.ndarray:
        """Each point's look, adding the looks not seen before: the columns are factorised
        (hashing, no per-point Python), and only their distinct combinations are looked up."""
        n = len(symbols)
        if n == 0:
            return np.empty(0, dtype=np.int64)
        if isinstance(pens, QPen):
            pen_column = (np.zeros(n, dtype=np.int64), [pens])
        else:
            objects = np.empty(n, dtype=object)
            objects[:] = list(pens)
            pen_column = _factorize(objects, by_identity=True)
        columns = [_factorize(np.asarray(symbols, dtype=object)), _factorize(np.asarray(sizes, dtype=float)),
                   _factorize(np.asarray(colors, dtype=object)), pen_column]
        combined = np.zeros(n, dtype=np.int64)
        for codes, uniques in columns:
            combined = combined * max(len(uniques), 1) + codes
        combos, where, inverse = np.unique(combined, return_index=True, return_inverse=True)
        if len(self._looks) + len(combos) > LOOKS_KEPT:
            self._forget_looks()  # before any look is numbered: renumbering leaves these alone
        looks = np.empty(len(combos), dtype=np.int64)
        for k, row in enumerate(where.tolist()):
            symbol, size, colour, pen = (uniques[codes[row]] for codes, uniques in columns)
            looks[k] = self._look(symbol, float(size), pen, str(colour))
        return looks[inverse.reshape(-1)]

    def _look(self, symbol, size: float, pen: QPen, colour: str) -> int:
        """``symbol``: a name pyqtgraph knows ('o', 't', ...) or a QPainterPath (kept in the
        look, so the identity it is known by is never another path's)."""
        key = (symbol if isinstance(symbol, str) else ("path", id(symbol)), size, _pen_key(pen), colour)
        look = self._look_of.get(key)
        if look is None:
            look = self._look_of[key] = len(self._looks)
            self._looks.append((symbol, size, QPen(pen), QBrush(qcolor(colour))))
            self._rects = None
        return look

    def _forget_looks(self) -> None:
        """Too many looks have come and gone (sizes change with the wall's scale): start again
        with only those the points already here use."""
        used = np.unique(self.look)
        keys = {look: key for key, look in self._look_of.items()}
        renumber = np.full(len(self._looks), -1, dtype=np.int64)
        renumber[used] = np.arange(len(used))
        self._looks = [self._looks[k] for k in used.tolist()]
        self._look_of = {keys[old]: new for new, old in enumerate(used.tolist())}
        self.look = renumber[self.look]
        self._atlas.clear()
        self._rects = None

    def _atlas_rects(self, dpr: float) -> np.ndarray:
        if self._atlas.devicePixelRatio() != dpr:
            self._atlas.setDevicePixelRatio(dpr)
            self._atlas.clear()
            self._rects = None
        if self._rects is None or len(self._rects) != len(self._looks):
            self._rects = np.array(self._atlas[self._looks], dtype=np.int64).reshape(-1, 4)
            self._max_px = float(self._rects[:, 2:].max()) / dpr if len(self._rects) else 0.0
        return self._rects

    # ------------------------------------------------------------------ drawing
    def paint(self, painter, option, widget=None) -> None:
        if not len(self.x):
            return
        dpr = widget.devicePixelRatioF() if widget is not None else self._atlas.devicePixelRatio()
        rects = self._atlas_rects(dpr)
        t = painter.transform()
        px = t.m11() * self.x + t.m21() * self.y + t.m31()
        py = t.m12() * self.x + t.m22() * self.y + t.m32()
        device = painter.device()
        pad = self._max_px / 2 + 1
        on = (px > -pad) & (px < device.width() + pad) & (py > -pad) & (py < device.height() + pad)
        if not on.any():
            return
        self._fragments.resize(int(on.sum()))
        frags = self._fragments.ndarray()
        frags[:, 0] = px[on]  # the centre of the symbol
        frags[:, 1] = py[on]
        frags[:, 2:6] = rects[self.look[on]]
        frags[:, 6:10] = [1 / dpr, 1 / dpr, 0.0, 1.0]  # scale x, scale y, rotation, opacity
        painter.save()
        painter.resetTransform()
        painter.drawPixmapFragments(*self._fragments.drawargs(), self._atlas.pixmap)
        painter.restore()
