"""The picture stays right under the level of detail: same symbols as a naive drawing at street
level, every alarm and severity-4 incident visible at district level, caches reused, not rebuilt."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter

from console import i18n
from console.main_window import MainWindow
from layers.base import visible_mask

SIZE = (1600, 900)


@pytest.fixture
def wall(qtbot, demo_district):
    """The console's map shown alone, as on a wall."""
    i18n.install_language("en")
    w = MainWindow(demo_district)
    qtbot.addWidget(w)
    view = w.map
    view.setParent(None)
    view.resize(*SIZE)
    view.show()
    qtbot.addWidget(view)
    qtbot.waitExposed(view)
    return w


def render(view) -> QImage:
    image = QImage(view.graphics.viewport().size(), QImage.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    view.graphics.render(painter)
    painter.end()
    return image


def to_array(image: QImage) -> np.ndarray:
    ptr = image.constBits()
    return np.frombuffer(ptr, dtype=np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)[:, :image.width()]


def screen_xy(view, x, y):
    p = view.graphics.mapFromScene(view.box.mapViewToScene(QPointF(x, y)))
    return p.x(), p.y()


def test_street_level_draws_the_same_symbols_as_a_naive_scatter(qtbot, wall):
    w, view = wall, wall.map
    d = w.district
    busiest = int(np.argmax(d.grids["population"].to_numpy()))
    c = d.grids.geometry.iloc[busiest].centroid
    view.centre_on(c.x, c.y, metres_per_px=2.0)
    qtbot.wait(50)
    layer = w.layers["sensors"]
    assert layer.mode == "points"
    rect = view.view_state().rect
    in_view = np.flatnonzero(visible_mask(layer.x, layer.y, rect))
    assert len(in_view) > 20
    assert set(in_view) <= set(layer.shown.tolist())  # everything on screen is drawn individually

    for key in ("basemap", "grids", "cameras", "incidents", "risk"):
        w.layers[key].setVisible(False)
    w.static.setVisible(False)
    lod = to_array(render(view)).copy()
    # The naive way: one ScatterPlotItem with every sensor, the same symbols, sizes and colours.
    symbols, sizes, colors = layer.style()
    order = layer.shown  # the same draw order (urgent last)
    naive = pg.ScatterPlotItem(x=layer.x[order], y=layer.y[order], symbol=list(symbols[order]), size=sizes[order],
                               brush=[pg.mkBrush(c) for c in colors[order]], pen=layer._outline(), pxMode=True)
    layer.setVisible(False)
    view.box.addItem(naive, ignoreBounds=True)
    naive.setZValue(layer.zValue())
    reference = to_array(render(view)).copy()
    differs = np.any(np.abs(lod.astype(int) - reference.astype(int)) > 8, axis=2)
    assert differs.mean() < 0.002, f"{differs.mean():.4%} of pixels differ"
    assert (np.any(reference[..., :3] < 200, axis=2)).mean() > 0.005  # the frame is not empty


def test_district_level_shows_every_alarm_and_severe_incident(qtbot, wall):
    w, view = wall, wall.map
    view.whole_district()
    qtbot.wait(50)
    sensors, incidents = w.layers["sensors"], w.layers["incidents"]
    incidents.px_per_point = 1e9  # aggregate every incident at this scale ...
    incidents.restyle()
    grids = w.district.grids.geometry.values
    pts = [grids[k].representative_point() for k in (5, 50, 120, 200, 280)]
    incidents.add_many([p.x for p in pts], [p.y for p in pts], [4] * 5, ["reported"] * 5)  # ... but these
    assert sensors.mode == "density" and incidents.mode == "density"
    alarms = np.flatnonzero(sensors.urgent())
    severe = np.flatnonzero(incidents.urgent())
    assert len(alarms) > 0 and len(severe) > 0
    assert set(alarms) <= set(sensors.shown.tolist())
    assert set(severe) <= set(incidents.shown.tolist())
    with_them = to_array(render(view)).copy()
    sensors.setVisible(False)
    incidents.setVisible(False)
    without = to_array(render(view)).copy()
    for layer, points in ((sensors, alarms), (incidents, severe)):
        seen = 0
        for p in points:
            sx, sy = screen_xy(view, layer.x[p], layer.y[p])
            sx, sy = int(round(sx)), int(round(sy))
            if 0 <= sy < with_them.shape[0] and 0 <= sx < with_them.shape[1]:
                seen += np.any(np.abs(with_them[sy, sx].astype(int) - without[sy, sx].astype(int)) > 20)
        assert seen >= 0.9 * len(points), f"{layer.key}: {seen} of {len(points)} visible"


def test_panning_reuses_the_cached_image_and_a_restyle_redraws_it(qtbot, wall):
    w, view = wall, wall.map
    view.centre_on(*np.mean(np.array(w.district.bounds).reshape(2, 2), axis=0), metres_per_px=3.0)
    render(view)
    before = w.static.renders
    for _ in range(3):
        view.pan_by(0.05, 0.0)
        render(view)
    assert w.static.renders == before  # a pan inside the margin only shifts the image
    w.fill_combo.setCurrentIndex(w.fill_combo.findData("open_incidents"))
    render(view)
    assert w.static.renders == before + 1  # a new choropleth is drawn once


def test_a_new_incident_touches_its_own_density_cells_only(qtbot, wall):
    w, view = wall, wall.map
    view.whole_district()
    layer = w.layers["incidents"]
    layer.px_per_point = 1e9  # force the aggregate at this scale for the test
    layer.restyle()
    assert layer.mode == "density"
    render(view)
    qtbot.wait(200)  # the smooth density image is made once the view settles
    render(view)
    rescales = w.density.full_rescales
    counts = layer._counts.copy()
    g = w.district.grids.geometry.iloc[10].representative_point()
    layer.add(g.x, g.y, 2)
    changed = np.argwhere(layer._counts != counts)
    assert len(changed) == 1 and layer._counts[tuple(changed[0])] == counts[tuple(changed[0])] + 1
    render(view)
    assert w.density.full_rescales == rescales  # patched, not rebuilt
