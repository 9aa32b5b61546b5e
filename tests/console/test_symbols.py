"""The point layers' symbol item: one look per distinct symbol, drawn as pyqtgraph draws it."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

import layers.symbols as symbols_module
from layers.symbols import SymbolItem

WORLD = QRectF(0, 0, 100, 100)


def drawn(item) -> np.ndarray:
    """The item alone in a map-like view (a pyqtgraph ViewBox showing WORLD), 400 px square."""
    view = pg.GraphicsView(background="w")
    box = pg.ViewBox(enableMouse=False)
    view.setCentralItem(box)
    view.resize(400, 400)
    box.addItem(item, ignoreBounds=True)
    box.setRange(WORLD, padding=0)
    image = QImage(400, 400, QImage.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    view.render(painter)
    painter.end()
    box.removeItem(item)
    return np.frombuffer(image.constBits(), dtype=np.uint8).reshape(400, 400, 4).copy()


def points(n: int, seed: int = 3):
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(5, 95, n), rng.uniform(5, 95, n)
    sym = np.array(["o", "s", "t"], dtype=object)[rng.integers(3, size=n)]
    size = np.array([10.0, 16.0])[rng.integers(2, size=n)]
    colour = np.array(["#d32f2f", "#1565c0"], dtype=object)[rng.integers(2, size=n)]
    return x, y, sym, size, colour


def test_points_share_a_few_looks_and_match_a_scatter_plot_item(qapp):
    x, y, sym, size, colour = points(400)
    thin, ring = pg.mkPen("k"), pg.mkPen("#ff00ff", width=3)
    pens = [ring if k % 5 == 0 else thin for k in range(400)]
    item = SymbolItem(WORLD)
    item.set_points(x, y, sym, size, colour, pens)
    assert len(item._looks) <= 3 * 2 * 2 * 2  # looks per distinct combination, not per point
    naive = pg.ScatterPlotItem(x=x, y=y, symbol=list(sym), size=size, brush=[pg.mkBrush(c) for c in colour],
                               pen=pens, pxMode=True)
    assert np.array_equal(drawn(item), drawn(naive))


def test_added_points_are_drawn_on_top(qapp):
    item = SymbolItem(WORLD)
    item.set_points([50.0], [50.0], ["o"], [20.0], ["#1565c0"], pg.mkPen("k"))
    item.add_points([50.0], [50.0], ["o"], [20.0], ["#d32f2f"], pg.mkPen("k"))
    pixels = drawn(item)
    ink = np.argwhere(np.any(pixels[..., :3] < 250, axis=2))
    row, col = (ink.min(axis=0) + ink.max(axis=0)) // 2
    blue, green, red = pixels[row, col, :3]  # BGRA
    assert red > 150 and blue < 100


def test_too_many_looks_start_again_from_those_in_use(qapp, monkeypatch):
    monkeypatch.setattr(symbols_module, "LOOKS_KEPT", 8)
    x, y, sym, size, colour = points(60)
    item = SymbolItem(WORLD)
    for k in range(12):  # a dozen sizes come and go (a wall changing scale)
        item.set_points(x, y, sym, np.full(60, 6.0 + k), colour, pg.mkPen("k"))
    assert len(item._looks) <= 8
    final = drawn(item)
    fresh = SymbolItem(WORLD)
    fresh.set_points(x, y, sym, np.full(60, 17.0), colour, pg.mkPen("k"))
    again = drawn(fresh)
    assert np.array_equal(final, again)
