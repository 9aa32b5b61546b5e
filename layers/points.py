"""Point layers' shared level of detail: individual symbols for what is on screen, or a density
image when too many are, with urgent points (alarms, severe incidents) always drawn on top."""
from __future__ import annotations

from contextlib import ExitStack, contextmanager
from dataclasses import replace

import numpy as np
from scipy import ndimage
from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QPen

from geodata.growing import grown  # noqa: F401  (layers.incidents takes it from here)
from layers.base import LegendEntry, MapLayer, ViewState, visible_mask
from layers.style import qcolor
from layers.symbols import SymbolItem


INDEX_SHARE = 0.05  # below this share of the district's area, find points through the spatial index

# The density is a kernel surface: each point spreads over a Gaussian of KDE_SIGMA cells, cut at
# KDE_RADIUS cells. It is linear in the points, so a new point adds its own kernel and changes
# only the cells within KDE_RADIUS of it.
KDE_SIGMA = 2.0
KDE_RADIUS = 8
_K1 = np.exp(-0.5 * (np.arange(-KDE_RADIUS, KDE_RADIUS + 1) / KDE_SIGMA) ** 2)
_K1 /= _K1.sum()
KERNEL = np.outer(_K1, _K1)
MIN_STEP = 2  # of 255: a burst hands over a cell whose opacity changed at least this much
LONE_PEAK = float(KERNEL.max())  # the surface at a lone point: the unit of the colour scale
_K1_32 = _K1.astype(np.float32)
# Opacity by level (0..1 of the top), in 1,024 steps: a power per cell costs more than a lookup.
_ALPHA = (160 * np.linspace(0.0, 1.0, 1024) ** 0.7).astype(np.ubyte)


def kernel_surface(counts: np.ndarray) -> np.ndarray:
    """Counts per cell smoothed by the kernel (zero beyond the grid, as a stamp is cut)."""
    out = ndimage.correlate1d(counts.astype(np.float32, copy=False), _K1_32, axis=0, mode="constant")
    return ndimage.correlate1d(out, _K1_32, axis=1, mode="constant")


def stamp_kernels(surface: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Add one kernel per point at cells (i, j) to ``surface``; returns which cells it touched."""
    nx, ny = surface.shape
    r = KDE_RADIUS
    touched = np.zeros(surface.shape, dtype=bool)
    for a, b in zip(i.tolist(), j.tolist()):
        i0, i1, j0, j1 = max(a - r, 0), min(a + r + 1, nx), max(b - r, 0), min(b + r + 1, ny)
        surface[i0:i1, j0:j1] += KERNEL[i0 - a + r:i1 - a + r, j0 - b + r:j1 - b + r]
        touched[i0:i1, j0:j1] = True
    return touched


def density_alpha(surface: np.ndarray, top: float) -> np.ndarray:
    """Opacity of the surface: log units of a lone point's peak up to ``top``, raised to 0.7 so
    a lone point still shows; no floor, so the surface fades to nothing at the kernel's edge
    (cut at 4 sigma: a lone point has nothing left there, 200 in one cell 7 of 255) instead of
    stopping at a cell's."""
    level = np.log1p(surface * np.float32(1 / LONE_PEAK))
    steps = np.minimum(level * np.float32((len(_ALPHA) - 1) / top), len(_ALPHA) - 1).astype(np.int32)
    return _ALPHA[steps]


def bin_counts(x: np.ndarray, y: np.ndarray, x0: float, y0: float, cell: float, nx: int, ny: int) -> np.ndarray:
    """(nx, ny) float counts of points in square cells from (x0, y0); points outside are left
    out. What np.histogram2d gives for equal bins, five times faster (no bin-edge search)."""
    fx, fy = (x - x0) / cell, (y - y0) / cell
    inside = (fx >= 0) & (fx <= nx) & (fy >= 0) & (fy <= ny)
    ix = np.minimum(fx[inside].astype(np.int64), nx - 1)  # the far edge belongs to the last cell
    iy = np.minimum(fy[inside].astype(np.int64), ny - 1)
    return np.bincount(ix * ny + iy, minlength=nx * ny).reshape(nx, ny).astype(np.float32)


CHANGES_KEPT = 512  # state changes remembered for copies; one further behind compares everything


class LodFrame:
    """The area (view plus margin) and scale point layers last chose their detail for.

    Shared by the console's point layers so they refresh together and their density
    grids line up cell for cell (one composed density image).

    A view that is one step of a motion (``ViewState.moving``: a wheel zoom) inside that area
    at a new scale keeps the detail already chosen as its stand-in (the symbols exact, the
    density's cells stretched); the detail is chosen again once the motion has held still for
    ``SETTLE_MS``, so no frame of a zoom waits for every layer to search, bin and restyle its
    points. Any other view change, and a step that leaves the area (it would show a hole),
    chooses at once.
    """

    MARGIN = 0.5
    SETTLE_MS = 120

    def __init__(self) -> None:
        self.rect: QRectF | None = None
        self.mpp = 0.0
        self.generation = 0
        self._held = 0
        self._waiting: list[PointLayer] = []  # layers whose symbols wait for the end of held()
        self._members: list[PointLayer] = []  # layers that follow this frame (refreshed once it settles)
        self._last_view: ViewState | None = None
        self._settle: QTimer | None = None
        self.deferred = 0  # view changes whose choice of detail waited for the motion to end

    @contextmanager
    def held(self):
        """A new view and a new theme at once (the emergency switch): each layer hands its
        symbols to the scatter item once, at the end, not once per change."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
            if self._held == 0:
                waiting, self._waiting = self._waiting, []
                for layer in waiting:
                    layer._set_symbols()

    def hold_back(self, layer: PointLayer) -> bool:
        """Inside held(): note that ``layer`` has new symbols to hand over at the end."""
        if not self._held:
            return False
        if layer not in self._waiting:
            self._waiting.append(layer)
        return True

    def _serves(self, view: ViewState) -> bool:
        return self.rect is not None and self.rect.contains(view.rect) and 0.75 < view.metres_per_px / self.mpp < 1.33

    def follow(self, view: ViewState, layer: PointLayer | None = None) -> None:
        self._last_view = view
        if layer is not None and layer not in self._members:
            self._members.append(layer)
        if self._serves(view):
            return
        if view.moving and self.rect is not None and self.rect.contains(view.rect) and self._members:
            self.deferred += 1
            if self._settle is None:
                self._settle = QTimer()
                self._settle.setSingleShot(True)
                self._settle.setInterval(self.SETTLE_MS)
                self._settle.timeout.connect(self._settled)
            self._settle.start()  # restarted by each step: chosen once the motion ends
            return
        r = view.rect
        m = self.MARGIN
        self.rect = r.adjusted(-r.width() * m, -r.height() * m, r.width() * m, r.height() * m)
        self.mpp = view.metres_per_px
        self.generation += 1

    def _settled(self) -> None:
        """The motion ended: choose the detail for the view it ended on, every layer at once."""
        view = self._last_view
        if view is None or self._serves(view):
            return
        self.follow(replace(view, moving=False))
        sinks = {id(layer.density_sink): layer.density_sink for layer in self._members if layer.density_sink is not None}
        with ExitStack() as together:  # the layers' densities are composed once, as for a view change
            for sink in sinks.values():
                together.enter_context(sink.batch())
            for layer in list(self._members):
                if layer.view is not None and layer._generation != self.generation:
                    layer._refresh(layer.view)

    @property
    def waiting(self) -> bool:
        """A choice of detail waits for a motion to end."""
        return self._settle is not None and self._settle.isActive()


class PointLayer(MapLayer):
    """Points in one SymbolItem (one symbol atlas, one draw call) plus a density image.

    Subclasses provide ``style()`` → (symbols, sizes, colors) for all points and ``urgent()``.
    The symbols shown are refreshed only when the view leaves the margin it was computed for
    or the zoom changes by more than a third, so a pan does not rebuild anything.
    """

    max_individual = 15000
    px_per_point = 2500  # individual symbols only while each has ~50x50 screen pixels to itself
    density_cell_px = 10
    aggregate = "density"  # how a crowded layer is drawn: "density", or "clusters" with counts
    cluster_px = 150       # a cluster cell's side, in screen pixels at a 4K wall
    # The crowding limit is crossed going in at HYSTERESIS times the limit and coming back at
    # 1/HYSTERESIS of it, so a pan at one scale (more or fewer points on screen) never flips
    # the layer between symbols and its aggregate.
    HYSTERESIS = 1.3

    def __init__(self, bounds, x: np.ndarray, y: np.ndarray) -> None:
        super().__init__(bounds)
        self.x = np.asarray(x, dtype=float)
        self.y = np.asarray(y, dtype=float)
        # A symbol is drawn at its screen size: one at the edge reaches past the district.
        pad = 0.1 * max(self._bounds.width(), self._bounds.height())
        self.symbol_item = SymbolItem(self._bounds.adjusted(-pad, -pad, pad, pad), self)
        self.symbol_item.setZValue(1)
        self.frame = LodFrame()
        self._outline_pen: QPen | None = None
        self._outline_key = None
        self._generation = -1
        self.density_sink = None  # a DensityOverlay composing every layer's aggregate, if any
        self.point_index = None   # the live spatial index of these points (geodata PointIndex), if any
        self._counts: np.ndarray | None = None  # raw per-cell counts of the current density grid
        self._surface: np.ndarray | None = None  # the counts smoothed by the kernel
        self._alpha: np.ndarray | None = None    # the surface's opacities as last handed over
        self._density_top: float | None = None
        self._mode = "points"
        self._style = None
        # each theme's style, kept while the points and the scale stay as they are: the
        # emergency switch and stand-down swap styles instead of restyling 260,000 sensors
        self._kept_styles: dict[int, tuple[object, tuple]] = {}
        self._shown = np.empty(0, dtype=np.int64)
        self.clusters = None  # a ClusterItem, for a layer that aggregates as clusters
        self.detail = "auto"  # or "symbols" / "aggregate": fixed whatever the scale
        # the positions of each change of state, in order, for views that copy this layer (the
        # wall's maps): changes[i] is change number changes_start + i
        self.changes: list[np.ndarray] = []
        self.changes_start = 0

    # -- subclass hooks
    def style(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        raise NotImplementedError

    def urgent(self, idx=slice(None)) -> np.ndarray:
        """Which points (of ``idx``) must always be drawn individually (alarms, severity 4)."""
        return np.zeros(len(self.x), dtype=bool)[idx]

    def included(self, idx=slice(None)) -> np.ndarray:
        """Which points (of ``idx``) this layer shows at all (e.g. open incidents only)."""
        return np.ones(len(self.x), dtype=bool)[idx]

    def density_color(self) -> str:
        return "#444444"

    def density_entry(self, what: str) -> LegendEntry:
        """The legend row of this layer's density: a ramp, and what it counts."""
        return LegendEntry("ramp", self.density_color(), what)

    def pens(self, idx: np.ndarray) -> list[QPen] | None:
        """Outline pens for points ``idx`` when some differ from the plain outline, else None."""
        return None

    # -- styling and level of detail
    def restyle(self) -> None:
        """What the style depends on changed (points, scale): every style is built again."""
        self._kept_styles.clear()
        self._restyle_as(None)

    def _restyle_as(self, style) -> None:
        self._style = style
        self._generation = -1
        if self.view is not None:
            self._refresh(self.view)

    def set_palette(self, palette) -> None:
        """A new theme (the emergency switch): new colours and sizes for the same points.
        What is shown and the density counts stay, so nothing is searched or binned again;
        a theme seen before since the points last changed has its style kept."""
        if self._style is not None:
            self._kept_styles[id(self.palette)] = (self.palette, self._style)  # the palette kept: its id stays its own
        self.palette = palette
        kept = self._kept_styles.get(id(palette), (None, None))[1]
        if self.view is None or self.frame.rect is None or self._generation != self.frame.generation \
                or self._mode == "clusters":
            self._restyle_as(kept)
            return
        self._style = kept if kept is not None else self.style()
        if self._mode == "density" and self._counts is not None:
            self._show_density()
        self._set_symbols()

    def data_changed(self) -> None:
        """Points were added or changed status: rebuild styles and what is shown."""
        self.restyle()

    def points_changed(self, positions: np.ndarray) -> None:
        """Some points changed state (status, overdue): restyle only those rows, then choose
        again what is shown (a closed incident leaves, an alarm comes to the front)."""
        positions = np.asarray(positions, dtype=np.int64)
        self.changes.append(positions)
        if len(self.changes) > CHANGES_KEPT:
            drop = len(self.changes) - CHANGES_KEPT // 2
            del self.changes[:drop]
            self.changes_start += drop
        self._kept_styles.clear()  # only the current theme's style is brought up to date
        if self._style is not None and len(positions):
            rows = self.style_rows(positions)
            for column, new in zip(self._style, rows):
                column[positions] = new
        self._generation = -1
        if self.view is not None:
            self._refresh(self.view)

    def style_rows(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(symbols, sizes, colors) of points ``idx``; by default from a full ``style()``."""
        return tuple(column[idx] for column in self.style())

    @property
    def mode(self) -> str:
        """'points' (individual symbols), 'density' or 'clusters' (an aggregate, with urgent
        points and lone ones on top)."""
        return self._mode

    def crowded(self, on_screen: int, candidates: int, screen_px: float) -> bool:
        """Too many points to draw one by one, with hysteresis around the limit. A view whose
        ``detail`` is fixed (a wall view) aggregates always, or draws symbols up to the
        atlas limit whatever the scale."""
        if self.detail == "aggregate":
            return True
        if self.detail == "symbols":
            return candidates > self.max_individual
        limit = screen_px / self.px_per_point
        limit *= self.HYSTERESIS if self._mode == "points" else 1 / self.HYSTERESIS
        return candidates > self.max_individual or on_screen > limit

    @property
    def shown(self) -> np.ndarray:
        """Positions drawn as individual symbols right now."""
        return self._shown

    def set_view(self, view: ViewState) -> None:
        super().set_view(view)
        self.frame.follow(view, self)
        if self._generation != self.frame.generation:
            self._refresh(view)

    def _candidates(self, rect: QRectF) -> np.ndarray:
        """Positions of the points inside ``rect``: through the spatial index when the area is a
        small part of the district (street level), by one vectorised test otherwise."""
        b = self._bounds
        small = rect.width() * rect.height() < INDEX_SHARE * max(b.width() * b.height(), 1e-9)
        if self.point_index is not None and small:
            found = self.point_index.in_bbox((rect.left(), rect.top(), rect.right(), rect.bottom()))
            return found[found < len(self.x)]
        return np.flatnonzero(visible_mask(self.x, self.y, rect))

    def _refresh(self, view: ViewState) -> None:
        self.frame.follow(view, self)
        self._generation = self.frame.generation
        if self._style is None:
            self._style = self.style()
        cand = self._candidates(self.frame.rect)
        cand = cand[self.included(cand)]
        on_screen = int(visible_mask(self.x[cand], self.y[cand], view.rect).sum())
        screen_px = view.rect.width() * view.rect.height() / max(view.metres_per_px, 1e-9) ** 2
        if not self.crowded(on_screen, len(cand), screen_px):
            self._mode = "points"
            self._counts = self._surface = self._alpha = None
            if self.density_sink is not None:
                self.density_sink.set_part(self.key, None)
            if self.clusters is not None:
                self.clusters.clear()
            shown = cand
        elif self.aggregate == "clusters" and self.clusters is not None:
            self._mode = "clusters"
            self._counts = self._surface = self._alpha = None
            if self.density_sink is not None:
                self.density_sink.set_part(self.key, None)
            shown = self._draw_clusters(cand)
        else:
            self._mode = "density"
            self._draw_density(cand)
            shown = cand[self.urgent(cand)]
        # Urgent points last so they are drawn on top.
        shown = shown[np.argsort(self.urgent(shown), kind="stable")]
        self._shown = shown
        self._set_symbols()

    def _draw_clusters(self, idx: np.ndarray) -> np.ndarray:
        """Clusters on a grid aligned to the district; returns what is still drawn one by one:
        the lone point of a cell, and urgent points."""
        from layers.clusters import cluster_cells
        cell = self.cluster_px * max(self.ui_scale, 0.5) * self.frame.mpp
        b = self._bounds
        inverse, _keys, counts, mx, my = cluster_cells(self.x[idx], self.y[idx], b.left(), b.top(), cell)
        many = counts > 1
        self.clusters.set_clusters(mx[many], my[many], counts[many], self.density_color(),
                                   self.palette.symbol_outline if self.palette.name == "emergency" else "#ffffff",
                                   self.px(16))
        alone = ~many[inverse]
        return idx[alone | self.urgent(idx)]

    def _density_grid(self) -> tuple[QRectF, float, int, int]:
        rect = self.frame.rect
        cell = self.density_cell_px * self.frame.mpp
        return rect, cell, max(1, int(rect.width() / cell)), max(1, int(rect.height() / cell))

    def _draw_density(self, idx: np.ndarray) -> None:
        rect, cell, nx, ny = self._density_grid()
        self._density_top = None
        self._counts = bin_counts(self.x[idx], self.y[idx], rect.left(), rect.top(), cell, nx, ny)
        self._surface = kernel_surface(self._counts)
        self._show_density()

    def _show_density(self) -> None:
        rect, cell, nx, ny = self._density_grid()
        if self._surface is None or self._surface.shape != self._counts.shape:
            self._surface = kernel_surface(self._counts)
        if self._density_top is None:  # fixed per grid, so a new point changes only its own cells
            self._density_top = max(float(np.log1p(self._surface.max() / LONE_PEAK)), 1.0)
        self._alpha = density_alpha(self._surface, self._density_top)
        grid_rect = QRectF(rect.left(), rect.top(), nx * cell, ny * cell)
        if self.density_sink is None:
            return
        if self.isVisible():
            self.density_sink.set_alpha(self.key, self._alpha, qcolor(self.density_color()), grid_rect, self.zValue())
        else:
            self.density_sink.set_part(self.key, None)

    def _add_to_density(self, i: np.ndarray, j: np.ndarray) -> None:
        """New points in cells (i, j): add their counts and kernels, recolour only the cells
        they touched and hand over only those whose opacity changed by 2 of 255 or more: the
        kernel's faint rim would otherwise double the area redrawn for a change no eye sees
        (a smaller change waits in the surface until it adds up)."""
        np.add.at(self._counts, (i, j), 1)
        if self._surface is None or self._alpha is None or self._alpha.shape != self._counts.shape:
            self._show_density()
            return
        ci, cj = np.nonzero(stamp_kernels(self._surface, i, j))
        alpha = density_alpha(self._surface[ci, cj], self._density_top)
        changed = np.abs(alpha.astype(np.int16) - self._alpha[ci, cj]) >= MIN_STEP
        ci, cj, alpha = ci[changed], cj[changed], alpha[changed]
        self._alpha[ci, cj] = alpha
        if self.density_sink is not None and self.isVisible() and len(ci):
            c = qcolor(self.density_color())
            rgba = np.empty((len(ci), 4), dtype=np.uint8)
            rgba[:, 0], rgba[:, 1], rgba[:, 2], rgba[:, 3] = c.red(), c.green(), c.blue(), alpha
            self.density_sink.patch_part(self.key, ci, cj, rgba)

    def append_points(self, x: np.ndarray, y: np.ndarray, style_rows: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
        """New points arrive: extend the style and touch only what they change — their cells
        of the density grid, or the individual symbols when they are drawn one by one."""
        self.x = grown(self.x, x)
        self.y = grown(self.y, y)
        self._kept_styles.clear()
        if self._style is not None and style_rows is not None:
            self._style = tuple(grown(old, new) for old, new in zip(self._style, style_rows))
        if self.view is None or self.frame.rect is None:
            return
        if self._mode == "clusters":  # counts change: cluster again (few points aggregate this way)
            self._generation = -1
            self._refresh(self.view)
            return
        new = np.arange(len(self.x) - len(x), len(self.x))
        inside = new[self.included(new) & visible_mask(self.x[new], self.y[new], self.frame.rect)]
        if self._mode == "density" and self._counts is not None:
            rect, cell, nx, ny = self._density_grid()
            i = np.clip(((self.x[inside] - rect.left()) / cell).astype(int), 0, nx - 1)
            j = np.clip(((self.y[inside] - rect.top()) / cell).astype(int), 0, ny - 1)
            self._add_to_density(i, j)
            inside = inside[self.urgent(inside)]
        if len(inside):
            # Appended last, so drawn on top: the newest points are the ones to see.
            self._shown = np.r_[self._shown, inside]
            symbols, sizes, colors = self._style
            self.symbol_item.add_points(self.x[inside], self.y[inside], symbols[inside], sizes[inside],
                                    colors[inside], self.pens(inside) or self._outline())

    def _outline(self) -> QPen:
        if self._outline_pen is not None and self._outline_key == (self.palette.name, self.ui_scale):
            return self._outline_pen
        outline = QPen(qcolor(self.palette.symbol_outline, 230))
        outline.setWidthF(max(1.0, 1.5 * self.ui_scale))
        outline.setCosmetic(True)  # symbols are drawn scaled by their size; the outline must not be
        self._outline_pen, self._outline_key = outline, (self.palette.name, self.ui_scale)
        return outline

    def _set_symbols(self) -> None:
        if self.frame.hold_back(self):
            return
        symbols, sizes, colors = self._style
        shown = self._shown
        self.symbol_item.set_points(self.x[shown], self.y[shown], symbols[shown], sizes[shown], colors[shown],
                                self.pens(shown) or self._outline())

    def setVisible(self, visible: bool) -> None:
        super().setVisible(visible)
        if self.density_sink is not None and self._mode == "density" and self._counts is not None:
            self._show_density()
