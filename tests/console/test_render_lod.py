"""The picture stays right under the level of detail: same symbols as a naive drawing at street
level, every alarm and severity-4 incident visible at district level, caches reused, not rebuilt."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QTransform

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


def settled_density(qtbot, w, keys=("incidents",)) -> None:
    """The whole district with ``keys`` forced into their aggregate, the smooth density made
    (it waits for the view to settle) and drawn."""
    view = w.map
    view.whole_district()
    for key in keys:
        w.layers[key].px_per_point = 1e9
        w.layers[key].restyle()
    render(view)
    qtbot.wait(200)
    render(view)


def settled_street(qtbot, w) -> None:
    """A view at 1.5 m/px in the west of the district, drawn and settled: a pan of a view and a
    half east leaves its cached margin and stays in the district."""
    view = w.map
    x0, y0, x1, y1 = w.district.bounds
    view.centre_on(x0 + (x1 - x0) * 0.35, (y0 + y1) / 2, metres_per_px=1.5)
    render(view)
    qtbot.wait(200)
    render(view)


def frame_of(view) -> np.ndarray:
    """The pixels of one frame, copied while the image still exists (a view of a freed image
    shows the allocator's bookkeeping in its first bytes)."""
    image = render(view)
    return to_array(image).copy()


def to_array(image: QImage) -> np.ndarray:
    ptr = image.constBits()
    return np.frombuffer(ptr, dtype=np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)[:, :image.width()]


def screen_xy(view, x, y):
    p = view.graphics.mapFromScene(view.box.mapViewToScene(QPointF(x, y)))
    return p.x(), p.y()


@pytest.mark.parametrize("key", ["sensors", "cameras", "incidents"])
def test_street_level_draws_the_same_symbols_as_a_naive_scatter(qtbot, wall, key):
    """The layers' own symbol item against pyqtgraph's ScatterPlotItem given the same points:
    named symbols (sensors), a path symbol (cameras) and outlines that differ by point
    (incidents: overdue ones ringed)."""
    w, view = wall, wall.map
    d = w.district
    busiest = int(np.argmax(d.grids["population"].to_numpy()))
    c = d.grids.geometry.iloc[busiest].centroid
    view.centre_on(c.x, c.y, metres_per_px={"sensors": 2.0, "cameras": 2.0, "incidents": 8.0}[key])
    qtbot.wait(50)
    layer = w.layers[key]
    assert layer.mode == "points"
    rect = view.view_state().rect
    in_view = np.flatnonzero(visible_mask(layer.x, layer.y, rect) & layer.included())
    assert len(in_view) > 10
    assert set(in_view) <= set(layer.shown.tolist())  # everything on screen is drawn individually
    if key == "incidents":  # every other one overdue: two outlines among the symbols
        late = in_view[::2]
        layer.set_states(late, layer.status[late], np.ones(len(late), dtype=bool))

    for other in ("basemap", "grids", "sensors", "cameras", "incidents", "risk"):
        w.layers[other].setVisible(other == key)
    w.static.setVisible(False)
    if key == "cameras":
        layer.cones.setVisible(False)  # the view cones are not symbols
    lod = frame_of(view)
    # The naive way: one ScatterPlotItem with the same points, symbols, sizes, colours and outlines.
    symbols, sizes, colors = layer.style()
    order = layer.shown  # the same draw order (urgent last)
    pens = layer.pens(order) or layer._outline()
    if key == "incidents":
        assert not isinstance(pens, QPen) and len({id(p) for p in pens}) == 2
    naive = pg.ScatterPlotItem(x=layer.x[order], y=layer.y[order], symbol=list(symbols[order]), size=sizes[order],
                               brush=[pg.mkBrush(c) for c in colors[order]], pen=pens, pxMode=True)
    layer.setVisible(False)
    blank = frame_of(view)
    view.box.addItem(naive, ignoreBounds=True)
    naive.setZValue(layer.zValue())
    reference = frame_of(view)
    ink = np.any(np.abs(reference.astype(int) - blank.astype(int)) > 8, axis=2)  # the symbols' pixels
    differs = np.any(np.abs(lod.astype(int) - reference.astype(int)) > 8, axis=2)
    assert ink.sum() > 2000
    assert differs.sum() <= 0.01 * ink.sum(), f"{differs.sum()} of {ink.sum()} symbol pixels differ"


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
    with_them = frame_of(view)
    sensors.setVisible(False)
    incidents.setVisible(False)
    without = frame_of(view)
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
    settled_density(qtbot, w)
    layer = w.layers["incidents"]
    assert layer.mode == "density"
    rescales = w.density.full_rescales
    counts = layer._counts.copy()
    g = w.district.grids.geometry.iloc[10].representative_point()
    layer.add(g.x, g.y, 2)
    changed = np.argwhere(layer._counts != counts)
    assert len(changed) == 1 and layer._counts[tuple(changed[0])] == counts[tuple(changed[0])] + 1
    render(view)
    assert w.density.full_rescales == rescales  # patched, not rebuilt


def test_a_burst_re_blends_only_what_it_touched_and_matches_a_whole_redraw(qtbot, wall):
    """New incidents patch the density cells they change, and the static image re-blends only
    those rectangles: no copy of the whole image, and the same pixels as a whole redraw."""
    w, view = wall, wall.map
    settled_density(qtbot, w)
    layer = w.layers["incidents"]
    assert w.static.merged  # the density is blended into the static image
    flattens, rescales = w.static.full_flattens, w.density.full_rescales
    grids = w.district.grids.geometry.values
    for k in np.random.default_rng(3).integers(len(grids), size=40):  # a burst over the district
        p = grids[k].representative_point()
        layer.add(p.x, p.y, 2)
    render(view)
    assert w.static.full_flattens == flattens and w.density.full_rescales == rescales
    patched = to_array(w.static._flat).copy()
    w.static._flat_key = None  # what a whole redraw of the same state gives
    whole = to_array(w.static._flattened())
    assert w.static.full_flattens == flattens + 1
    assert np.array_equal(patched, whole)


def test_a_view_beyond_the_cached_image_is_drawn_part_by_part_and_never_blank(qtbot, wall, monkeypatch):
    """Jumping out of the cached margin does not wait for a whole redraw: the parts the view
    shows are drawn at once (the old image covers none of it), the margin follows on the next
    turns, and the finished image is the one a whole redraw gives."""
    from layers import composite
    from layers.style import qcolor
    monkeypatch.setattr(composite, "FRAME_BUDGET_S", 0.0)  # a frame draws only what it must (a slow machine)
    w, view = wall, wall.map
    settled_street(qtbot, w)
    static = w.static
    renders, parts_before = static.renders, static.progressive_renders
    view.pan_by(1.5, 0.0)  # a view and a half east: beyond the cached margin, still in the district
    frame = frame_of(view)
    job = static._job
    assert job is not None and job.todo  # the margin is still to come
    assert static.renders == renders  # no whole redraw in this frame
    # Nor any part: the district's small overview stands in where no cached image reaches.
    assert static._overview is not None and not job.done
    bg = qcolor(static.palette.background)
    background = (frame[..., 0] == bg.blue()) & (frame[..., 1] == bg.green()) & (frame[..., 2] == bg.red())
    assert background.mean() < 0.5  # the view is drawn, not left blank
    qtbot.waitUntil(lambda: static._job is None, timeout=5000)
    assert static.progressive_renders == parts_before + 1 and static.renders == renders + 1
    by_parts = to_array(static.image).copy()
    static.render(view.view_state())  # the same view drawn whole
    whole = to_array(static.image)
    assert by_parts.shape == whole.shape
    assert (by_parts != whole).any(axis=2).mean() < 0.002


def test_a_mode_switch_shows_at_once_and_the_map_follows_in_its_new_colours(qtbot, wall):
    from geodata.modes import Mode
    w, view = wall, wall.map
    view.whole_district()
    render(view)
    qtbot.wait(200)
    normal = frame_of(view)
    before = w.static.renders
    w.machine.switch(Mode.EMERGENCY, "test")
    first = frame_of(view)
    # The first frame: the old image stands in (no redraw in the frame that shows the switch)...
    assert w.static.renders == before and w.static.pending
    # ...and the basemap and grids are drawn in the emergency colours on the next turn.
    qtbot.waitUntil(lambda: not w.static.pending, timeout=2000)
    assert w.static.renders == before + 1
    sharp = frame_of(view)
    changed = np.any(np.abs(sharp[..., :3].astype(int) - first[..., :3].astype(int)) > 30, axis=2).mean()
    assert changed > 0.2, f"only {changed:.0%} of the map changed colour"
    # A grab that must show the real map (the situation report) draws it at once.
    w.machine.switch(Mode.NORMAL, "test")
    render(view)
    assert w.static.pending
    w.static.flush()
    assert not w.static.pending and w.static.renders == before + 2
    back = frame_of(view)
    assert np.mean(np.any(np.abs(back[..., :3].astype(int) - normal[..., :3].astype(int)) > 30, axis=2)) < 0.05


def test_density_cells_are_binned_as_numpy_bins_them():
    from layers.points import bin_counts
    rng = np.random.default_rng(3)
    x, y = rng.uniform(-20, 520, 5000), rng.uniform(-20, 270, 5000)
    x[:3], y[:3] = 500.0, 250.0  # exactly on the far edges: the last cell, as numpy counts it
    x[3], y[3] = 0.0, 0.0
    ours = bin_counts(x, y, 0.0, 0.0, 2.5, 200, 100)
    theirs, _, _ = np.histogram2d(x, y, bins=(200, 100), range=((0, 500), (0, 250)))
    assert ours.shape == (200, 100) and np.array_equal(ours, theirs)


def test_density_parts_handed_over_together_are_composed_once_and_alike(qtbot, wall):
    from layers.density import DensityOverlay
    from PySide6.QtCore import QRectF
    rect = QRectF(0, 0, 100, 50)
    rng = np.random.default_rng(5)
    parts = []
    for k, colour in enumerate(((255, 0, 0), (0, 200, 0), (0, 0, 255))):
        rgba = np.zeros((20, 10, 4), dtype=np.uint8)
        rgba[..., :3] = colour
        rgba[..., 3] = rng.integers(0, 200, (20, 10))
        parts.append((f"p{k}", rgba, float(k)))
    one_by_one, batched = DensityOverlay(wall.district.bounds), DensityOverlay(wall.district.bounds)
    for key, rgba, z in parts:
        one_by_one.set_part(key, rgba, rect, z)
    with batched.batch():
        for key, rgba, z in parts:
            batched.set_part(key, rgba, rect, z)
        assert batched._cells is None  # nothing composed until the batch ends
    assert np.array_equal(batched._cells, one_by_one._cells)
    # Source-over, bottom first: a cell where only the top part is opaque shows its colour.
    top = parts[2][1].copy()
    top[0, 0, 3] = 255
    batched.set_part("p2", top, rect, 2.0)
    assert tuple(batched._cells[-1, 0]) == (255, 0, 0, 255)  # premultiplied B, G, R, A of opaque blue


def test_panning_at_one_scale_never_flips_between_symbols_and_density(qtbot, wall):
    """Hysteresis: a layer just past its crowding limit keeps its level of detail while the
    number of points on screen moves a little either way."""
    w, view = wall, wall.map
    layer = w.layers["sensors"]
    d = w.district
    view.whole_district()
    qtbot.wait(20)
    # Find a scale near the limit: zoom in until the sensors turn into symbols.
    c = d.outline.centroid
    mpp = view.view_state().metres_per_px
    while layer.mode != "points" and mpp > 0.5:
        mpp *= 0.9
        view.centre_on(c.x, c.y, metres_per_px=mpp)
        qtbot.wait(5)
    assert layer.mode == "points"
    modes = []
    for step in range(24):  # pan across, at the same scale
        view.centre_on(c.x + (step - 12) * 60 * mpp, c.y + (step % 5 - 2) * 60 * mpp, metres_per_px=mpp)
        qtbot.wait(2)
        modes.append(layer.mode)
    flips = sum(a != b for a, b in zip(modes, modes[1:]))
    assert flips <= 1, modes
    limit = layer.crowded  # the rule itself: in at 1.3x the limit, out at 1/1.3
    layer._mode = "points"
    assert not limit(on_screen=1.2 * 1000, candidates=10, screen_px=1000 * layer.px_per_point)
    layer._mode = "density"
    assert limit(on_screen=0.9 * 1000, candidates=10, screen_px=1000 * layer.px_per_point)
    assert not limit(on_screen=0.7 * 1000, candidates=10, screen_px=1000 * layer.px_per_point)


def test_density_stays_inside_the_district(qtbot, wall):
    w, view = wall, wall.map
    view.whole_district()
    qtbot.wait(300)  # the smooth density image settles
    assert w.layers["sensors"].mode == "density"
    outline = w.district.outline.buffer(3 * view.view_state().metres_per_px)  # antialiased edge
    density = w.density
    image, rect = density.prepared(view.view_state().metres_per_px)
    assert image is not None
    a = to_array(image)
    rows, cols = np.nonzero(a[..., 3] > 0)
    assert len(rows) > 1000
    mpp_x, mpp_y = rect.width() / image.width(), rect.height() / image.height()
    xs = rect.left() + (cols + 0.5) * mpp_x
    ys = rect.top() + rect.height() - (rows + 0.5) * mpp_y
    import shapely
    outside = ~shapely.contains_xy(outline, xs, ys)
    assert outside.sum() == 0, f"{outside.sum()} density pixels outside the district"


def test_cameras_gather_into_counted_clusters_at_the_district_view_on_a_4k_wall(qtbot, demo_district):
    i18n.install_language("en")
    w = MainWindow(demo_district)
    qtbot.addWidget(w)
    view = w.map
    view.setParent(None)
    view.resize(3840, 2160)
    view.show()
    qtbot.addWidget(view)
    qtbot.waitExposed(view)
    view.whole_district()
    qtbot.wait(20)
    cams = w.layers["cameras"]
    assert cams.mode == "clusters"
    n = len(w.district.cameras)
    c = cams.clusters
    assert c.counts.sum() + len(cams.shown) >= n  # every camera is in a cluster or drawn alone
    assert len(c.counts) + len(cams.shown) < n / 10  # ten times fewer marks than cameras
    # a pan moves the clusters but does not regroup them (the grid is the district's)
    before = dict(zip(zip(np.round(c.x), np.round(c.y)), c.counts))
    r = view.box.viewRect()
    view.box.setRange(rect=r.translated(r.width() * 0.05, 0), padding=0)
    qtbot.wait(20)
    after = dict(zip(zip(np.round(c.x), np.round(c.y)), c.counts))
    common = set(before) & set(after)
    assert len(common) > 0.6 * len(before) and all(before[k] == after[k] for k in common)
    # picking: a click on a cluster zooms into it and selects nothing hidden inside
    k = int(np.argmax(c.counts))
    mpp = view.view_state().metres_per_px
    assert w.pick_at(float(c.x[k]), float(c.y[k])) is None
    assert view.view_state().metres_per_px < mpp / 2
    qtbot.wait(20)
    view.centre_on(float(c.x[k]), float(c.y[k]), metres_per_px=0.8)
    qtbot.wait(20)
    assert cams.mode == "points"


def test_a_click_at_district_zoom_picks_only_what_is_drawn(qtbot, wall):
    w, view = wall, wall.map
    w.layers["cameras"].setVisible(False)  # a click on a camera cluster zooms in; this is about the rest
    view.whole_district()
    qtbot.wait(20)
    sensors = w.layers["sensors"]
    assert sensors.mode == "density"
    drawn = set(int(p) for p in sensors.shown)
    hidden = [p for p in range(len(w.district.sensors)) if p not in drawn]
    sx, sy = w.district.point_xy("sensors")
    picks = [w.pick_at(float(sx[p]), float(sy[p])) for p in hidden[:40]]
    assert all(hit is None or hit.layer != "sensors" or hit.position in drawn for hit in picks)
    assert any(hit is not None and hit.layer == "grids" for hit in picks)
    alarm = next(iter(drawn))  # an alarm drawn on top of the density is picked
    hit = w.pick_at(float(sx[alarm]), float(sy[alarm]))
    assert hit is not None and (hit.layer, hit.position) in {("sensors", alarm)} | {
        ("incidents", p) for p in w.layers["incidents"].shown}


def test_a_burst_patches_the_density_as_a_whole_recompute_would_draw_it(qtbot, wall):
    """A burst adds each point's kernel to the surface and re-blends only the cells whose colour
    changed; the surface, the layer's colours and the composed cells are those of a recompute."""
    from layers.points import MIN_STEP, kernel_surface
    w, view = wall, wall.map
    view.whole_district()
    sensors, incidents = w.layers["sensors"], w.layers["incidents"]
    for layer in (sensors, incidents):
        layer.px_per_point = 1e9
        layer.restyle()
    assert sensors.mode == incidents.mode == "density"
    render(view)
    qtbot.wait(200)
    render(view)
    rescales, composed = w.density.full_rescales, w.density._small
    grids = w.district.grids.geometry.values
    pts = [grids[k].representative_point() for k in np.random.default_rng(11).integers(len(grids), size=60)]
    incidents.add_many([p.x for p in pts], [p.y for p in pts], [2] * 60, ["reported"] * 60)
    assert w.density._small is composed  # patched in place, not composed again
    patched_alpha, patched_cells = incidents._alpha.copy(), w.density._cells.copy()
    assert np.allclose(incidents._surface, kernel_surface(incidents._counts), atol=1e-5)
    incidents._show_density()  # the whole recompute of the same counts
    # a cell is handed over once its opacity moved by MIN_STEP; Qt's and numpy's rounding differ by 1
    assert np.abs(incidents._alpha.astype(int) - patched_alpha).max() < MIN_STEP
    assert np.abs(w.density._cells.astype(int) - patched_cells).max() <= MIN_STEP
    render(view)
    assert w.density.full_rescales == rescales


def test_the_density_is_a_smooth_surface_that_fades_out():
    """A point is a kernel, not a square: its opacity falls from its cell outwards in small
    steps to nothing, also round a dense cluster, where the old blurred cells stopped at a step
    of at least 25 of 255."""
    from layers.points import KDE_RADIUS, density_alpha, kernel_surface
    top = float(np.log1p(200))
    for n in (1, 10, 200):
        counts = np.zeros((41, 41))
        counts[20, 20] = n
        alpha = density_alpha(kernel_surface(counts), top).astype(int)
        profile = alpha[20, 20:]
        assert profile[0] > 30 and profile[KDE_RADIUS + 1:].max() == 0
        assert np.all(np.diff(profile) <= 0)  # falls all the way
        assert profile[KDE_RADIUS] <= 8  # little left to cut at the kernel's edge
        assert np.abs(np.diff(alpha, axis=0)).max() <= 35 and np.abs(np.diff(alpha, axis=1)).max() <= 35
        assert np.array_equal(alpha, alpha.T) and np.array_equal(alpha, alpha[::-1])  # round


def test_the_legend_says_what_the_density_counts(qtbot, wall):
    w = wall
    rows = [w.legend.topLevelItem(i).text(0) for i in range(w.legend.topLevelItemCount())]
    assert "Open incidents / km²" in rows and "Sensors / km²" in rows
    w.set_language("zh_CN")
    try:
        rows = [w.legend.topLevelItem(i).text(0) for i in range(w.legend.topLevelItemCount())]
        assert "在办事件/平方公里" in rows and "传感器/平方公里" in rows
    finally:
        w.set_language("en")


def test_points_grow_in_place_without_changing_earlier_views():
    from layers.points import grown
    a = np.arange(3.0)
    b = grown(a, [3.0, 4.0])
    c = grown(b, [5.0])
    assert c.base is b.base  # room was left: no copy of every point
    assert b.tolist() == [0, 1, 2, 3, 4] and c.tolist() == [0, 1, 2, 3, 4, 5] and a.tolist() == [0, 1, 2]
    s = grown(np.array(["a"], dtype=object), np.array(["bb", "c"]))
    assert s.dtype == object and s.tolist() == ["a", "bb", "c"]


def test_grid_names_appearing_never_wait_for_a_whole_redraw(qtbot, wall):
    """Zooming past the scale where grid names appear changes what is drawn, not how: the
    frame shows the old image scaled, and the image with the names is drawn part by part."""
    w, view = wall, wall.map
    grids = w.layers["grids"]
    widths = grids._widths[grids._widths > 0]
    threshold = float(np.median(widths)) / (260 * grids.ui_scale)  # metres per pixel
    x0, y0, x1, y1 = w.district.bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    view.centre_on(cx, cy, metres_per_px=threshold * 1.1)
    render(view)
    w.static.flush()
    render(view)
    assert not grids.labels_shown()
    renders, parts = w.static.renders, w.static.progressive_renders
    view.centre_on(cx, cy, metres_per_px=threshold * 0.95)
    assert grids.labels_shown()
    render(view)
    assert w.static.renders == renders and w.static.drawing  # no whole redraw in the frame
    qtbot.waitUntil(lambda: not w.static.drawing, timeout=5000)
    assert w.static.progressive_renders == parts + 1 and not w.static.outdated


def test_the_density_sharpens_while_something_keeps_repainting_the_map(qtbot, wall):
    """A pulse or a flashing alarm repaints the map every 40 ms: the smooth density at a new
    scale still comes once the view has held still, not only once nothing repaints."""
    w, view = wall, wall.map
    view.whole_district()
    layer = w.layers["sensors"]
    layer.px_per_point = 1e9
    layer.restyle()
    render(view)
    qtbot.wait(300)
    render(view)
    mpp = view.view_state().metres_per_px
    view.centre_on(*view.view_state().rect.center().toTuple(), metres_per_px=mpp * 0.7)
    assert w.density.prepared(view.view_state().metres_per_px)[0] is None  # stretched for now
    for _ in range(12):  # 480 ms of an animation's repaints
        render(view)
        qtbot.wait(40)
    image, _ = w.density.prepared(view.view_state().metres_per_px)
    assert image is not None


def wheel(view, notches: int) -> None:
    """Turn the mouse wheel over the map's centre, one event per notch, as fast as a hand does."""
    from PySide6.QtCore import QPoint, Qt as _Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication
    port = view.graphics.viewport()
    at = QPointF(port.width() / 2, port.height() / 2)
    for _ in range(abs(notches)):
        event = QWheelEvent(at, port.mapToGlobal(at), QPoint(0, 0), QPoint(0, 120 if notches > 0 else -120),
                            _Qt.NoButton, _Qt.NoModifier, _Qt.ScrollUpdate, False)
        QApplication.sendEvent(port, event)


def test_a_wheel_zoom_keeps_its_stand_in_and_chooses_the_detail_once_it_stops(qtbot, wall):
    """No step of a wheel zoom waits for the point layers to choose their detail again: what
    they drew stands in until the wheel has been still, then the detail is what a plain view
    change to the same place chooses. A step that would leave the chosen area chooses at once."""
    w, view = wall, wall.map
    sensors, frame = w.layers["sensors"], w.lod_frame
    view.whole_district()
    qtbot.wait(50)
    assert sensors.mode == "density"
    generation, start_mpp = frame.generation, view.view_state().metres_per_px
    wheel(view, 4)  # four notches in: each a step of one motion
    mpp = view.view_state().metres_per_px
    assert mpp < 0.5 * start_mpp and view.view_state().moving  # until the event loop turns
    assert frame.generation == generation and frame.waiting  # the stand-in holds
    assert frame.rect.contains(view.view_state().rect)  # and covers the view: no hole
    assert sensors.mode == "density" and sensors.frame.mpp == start_mpp
    qtbot.waitUntil(lambda: frame.generation > generation, timeout=2000)
    assert frame.mpp == pytest.approx(mpp) and sensors._generation == frame.generation
    assert not view.view_state().moving
    settled = (sensors.mode, sorted(sensors.shown.tolist()))
    here = view.view_state().rect.center()
    view.whole_district()
    view.centre_on(here.x(), here.y(), metres_per_px=mpp)  # the same view, not a motion: chosen at once
    assert (sensors.mode, sorted(sensors.shown.tolist())) == settled
    generation = frame.generation
    for _ in range(6):  # out, notch by notch: a step past the chosen area chooses at once, never a hole
        wheel(view, -1)
        assert frame.rect.contains(view.view_state().rect)
    assert frame.generation > generation


def test_zoom_keys_are_steps_of_one_motion_and_a_plain_view_change_chooses_at_once(qtbot, wall):
    w, view = wall, wall.map
    frame = w.lod_frame
    view.whole_district()
    qtbot.wait(50)
    generation = frame.generation
    qtbot.keyClick(view, "+")
    qtbot.keyClick(view, "+")
    assert frame.generation == generation and frame.waiting
    qtbot.waitUntil(lambda: frame.generation == generation + 1, timeout=2000)
    c = view.view_state().rect.center()
    view.centre_on(c.x(), c.y(), metres_per_px=view.view_state().metres_per_px * 0.5)
    assert frame.generation == generation + 2 and not frame.waiting


def test_the_wall_keeps_the_density_at_half_scale_and_drops_a_stale_flattened_copy(qtbot, wall, monkeypatch):
    """Memory at 4K: the smooth density is held at half the screen's resolution (a quarter of
    the bytes) and drawn scaled; while a new image is drawn part by part the old image stands
    in alone, without its copy blended with the density."""
    from layers import composite
    monkeypatch.setattr(composite, "FRAME_BUDGET_S", 0.0)
    w, view = wall, wall.map
    settled_density(qtbot, w)
    frame = frame_of(view)
    static = w.static
    assert static.merged and static._flat is not None
    mpp = view.view_state().metres_per_px
    image, rect = w.density.prepared(mpp)
    assert abs(image.width() - rect.width() / mpp / 2) <= 1 and abs(image.height() - rect.height() / mpp / 2) <= 1
    plain = to_array(static.image)  # the density shows: the frame is not the static image alone
    ox, oy = round((view.view_state().rect.left() - static.image_rect.left()) / mpp), \
        round((static.image_rect.bottom() - view.view_state().rect.bottom()) / mpp)
    h, wd = frame.shape[:2]
    assert np.any(frame[..., :3] != plain[oy:oy + h, ox:ox + wd, :3], axis=2).mean() > 0.05
    view.pan_by(1.5, 0.0)  # beyond the cached margin: drawn part by part
    render(view)
    assert static._job is not None and static._flat is None
    qtbot.waitUntil(lambda: static._job is None, timeout=5000)
    view.pan_by(-1.5, 0.0)  # back over the district
    render(view)
    qtbot.waitUntil(lambda: static._job is None, timeout=5000)
    qtbot.wait(200)
    render(view)
    assert static.merged and static._flat is not None  # blended again once the new image is done


def test_a_frame_during_a_redraw_shows_the_finished_parts_as_the_finished_image_does(qtbot, wall, monkeypatch):
    """While a new image is drawn part by part, each finished part is on the screen pixel for
    pixel as the finished image puts it, and once the parts cover the view the frame is the
    finished frame (one copy of the new image, the margin still to come)."""
    from layers import composite
    monkeypatch.setattr(composite, "FRAME_BUDGET_S", 0.0)
    w, view = wall, wall.map
    settled_street(qtbot, w)
    static = w.static
    for layer in w.layers.values():  # the static image alone: nothing else may change meanwhile
        if layer not in static.members:
            layer.setVisible(False)
    w.density.setVisible(False)
    view.pan_by(1.5, 0.0)
    render(view)
    job = static._job
    static._next_parts.stop()  # the parts are drawn here, one call at a time
    state = view.view_state()
    assert job is not None and not job.covers(state)
    frames, dones = [], []
    while not job.covers(state):
        static._draw_parts(job, budget_s=0.0)
        frames.append(frame_of(view))
        dones.append(list(job.done))
    assert job.todo  # the margin is still to come when the view is covered
    covered = frames[-1]
    static.flush()
    assert static._job is None
    finished = frame_of(view)
    assert np.array_equal(covered[..., :3], finished[..., :3])
    assert len(frames) > 1  # a frame with parts still to come: its finished parts match already
    k = len(frames) // 2
    middle, done = frames[k], dones[k]
    to_screen = static.deviceTransform(view.graphics.viewportTransform())
    h, wd = middle.shape[:2]
    checked = 0
    for part in done:
        r = to_screen.mapRect(job.world(part)).toAlignedRect().adjusted(2, 2, -2, -2)
        r0, r1 = max(r.top(), 0), min(r.bottom(), h - 1)
        c0, c1 = max(r.left(), 0), min(r.right(), wd - 1)
        if r1 <= r0 or c1 <= c0:
            continue
        checked += (r1 - r0) * (c1 - c0)
        assert np.array_equal(middle[r0:r1, c0:c1, :3], finished[r0:r1, c0:c1, :3]), part
    assert checked > 0.05 * h * wd
    assert not np.array_equal(middle[..., :3], finished[..., :3])  # the old image still stands in elsewhere


def test_a_redraw_copies_its_stand_in_once_and_then_shows_one_image(qtbot, wall, monkeypatch):
    """During a redraw part by part the old image stands in: its pixels are copied into the new
    image once, where the view needs them, so a frame that shows the same view again copies
    nothing more and shows the same picture (a frame of many fragments cost twice a blit)."""
    from layers import composite
    monkeypatch.setattr(composite, "FRAME_BUDGET_S", 0.0)
    w, view = wall, wall.map
    settled_street(qtbot, w)
    static = w.static
    view.pan_by(0.4, 0.0)  # beyond the margin: a new image, the old one still holds most of the view
    first = frame_of(view)
    job = static._job
    assert job is not None and not job.covers(view.view_state())
    static._next_parts.stop()
    copies = []
    original = composite.StaticComposite._stand_in_into
    monkeypatch.setattr(composite.StaticComposite, "_stand_in_into",
                        lambda self, painter, job, rect: (copies.append(rect), original(self, painter, job, rect)))
    second = frame_of(view)
    assert copies  # the stand-in is copied into the new image with the second frame
    copies.clear()
    third = frame_of(view)
    assert not copies and static._job is job
    assert np.array_equal(second[..., :3], third[..., :3])
    # The copy is the picture the first frame showed straight from the old image.
    assert (first[..., :3] != second[..., :3]).any(axis=2).mean() < 0.01


def test_a_refill_draws_the_fills_a_fresh_grid_layer_draws(qtbot, demo_district, monkeypatch):
    """Fill paths kept from the last fill (a group of the same grids) and those rebuilt give
    the picture a layer filled once gives: every class's fill covers the same grids."""
    from layers import grids
    from layers.grids import GridLayer
    monkeypatch.setattr(grids, "TILES", 3)  # many grids a tile (as at Longhua): groups that half change

    def fills(layer):
        image = QImage(400, 400, QImage.Format_RGB32)
        image.fill(0)
        painter = QPainter(image)
        x0, y0, x1, y1 = demo_district.bounds
        s = 400 / max(x1 - x0, y1 - y0)
        painter.setTransform(QTransform(s, 0, 0, -s, -x0 * s, y1 * s))
        for c, tiles in enumerate(layer._class_paths):
            for _box, path in tiles:
                painter.fillPath(path, QColor(40 * (c + 1), 0, 0))
        painter.end()
        return to_array(image).copy()

    pop = demo_district.grids["population"].to_numpy(dtype=float)
    rng = np.random.default_rng(3)
    changed = pop.copy()
    changed[rng.integers(len(pop), size=max(1, len(pop) // 10))] *= 4
    layer = GridLayer(demo_district)
    kept = dict(layer._group_paths)
    layer.set_fill("population", changed)
    assert any(key in kept for key in layer._group_paths)  # some groups kept their paths
    fresh = GridLayer(demo_district)
    fresh._group_paths = {}  # every path built from the rings
    fresh.set_fill("population", changed)
    assert np.array_equal(fills(layer), fills(fresh))
    layer.set_fill("population", pop)  # and back: the first picture again
    again = GridLayer(demo_district)  # filled once, by population, at its start
    assert np.array_equal(fills(layer), fills(again))


def test_a_theme_seen_before_shows_the_sensors_as_they_are_now(qtbot, wall):
    """The emergency switch and stand-down swap each theme's kept style; a sensor that went
    into alarm while the other theme was shown is drawn in this theme's alarm colour."""
    from geodata.modes import Mode
    from layers.style import qcolor
    w, view = wall, wall.map
    d = w.district
    c = d.grids.geometry.iloc[int(np.argmax(d.grids["population"].to_numpy()))].centroid
    view.centre_on(c.x, c.y, metres_per_px=2.0)
    qtbot.wait(50)
    layer = w.layers["sensors"]
    for mode in (Mode.EMERGENCY, Mode.NORMAL, Mode.EMERGENCY):  # both themes seen, their styles kept
        w.machine.switch(mode, "test")
    view.centre_on(c.x, c.y, metres_per_px=2.0)
    qtbot.wait(50)
    rect = view.view_state().rect
    inner = rect.adjusted(rect.width() * 0.1, rect.height() * 0.1, -rect.width() * 0.1, -rect.height() * 0.1)
    calm = np.flatnonzero(visible_mask(layer.x, layer.y, inner) & (layer.status != "alarm"))[::7][:6]
    assert len(calm) >= 3
    layer.set_statuses(calm, np.array(["alarm"] * len(calm), dtype=object))
    w.machine.switch(Mode.NORMAL, "test")
    view.centre_on(c.x, c.y, metres_per_px=2.0)
    qtbot.wait(50)
    assert layer.mode == "points" and set(calm) <= set(layer.shown.tolist())
    for other in ("basemap", "grids", "cameras", "incidents", "risk"):
        w.layers[other].setVisible(False)
    w.static.setVisible(False)
    frame = frame_of(view)
    alarm = qcolor(layer.palette.sensor_status["alarm"])
    for k in calm:
        sx, sy = screen_xy(view, layer.x[k], layer.y[k])
        b, g, r, _ = (int(v) for v in frame[int(round(sy)), int(round(sx))])
        assert max(abs(r - alarm.red()), abs(g - alarm.green()), abs(b - alarm.blue())) <= 40, \
            f"sensor {k} drawn ({r}, {g}, {b}), not the alarm colour {alarm.name()}"
