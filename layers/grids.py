"""Grid layer: choropleth fills, grid lines, heavier community/street/district boundaries, names."""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QPainterPath, QPainterPathStroker

from layers.base import LegendEntry, MapLayer, TiledPaths, ViewState, grouped_paths, ring_coords
from layers.labels import label
from layers.style import qcolor

N_CLASSES = 5
TILES = 16  # fills are grouped into TILES x TILES tiles so a zoomed-in view draws only its own


class GridLayer(MapLayer):
    """All grids in one item. Their rings' coordinates are taken once; a new fill attribute
    only regroups them into fill paths; a theme change only changes pens and brushes."""

    key = "grids"

    def __init__(self, district) -> None:
        super().__init__(district.bounds)
        grids = district.grids
        self._geoms = np.array(grids.geometry.values, dtype=object)
        self._names = grids["name"].astype(str).to_numpy()
        self._ax, self._ay, self._widths = np.empty(0), np.empty(0), np.empty(0)
        self._place_labels(np.arange(len(self._geoms)))
        self._rings = ring_coords(self._live_geoms())
        self._group_paths: dict[tuple[int, bytes], tuple[QRectF, QPainterPath]] = {}  # see _regroup
        self._tile_of = self._tiles_for(self._geoms)
        self._grid_lines = TiledPaths(self._geoms)
        self._classes = np.zeros(len(self._geoms), dtype=int)
        self._values = np.zeros(len(self._geoms))
        self.set_boundaries(district.communities.geometry.values, district.streets.geometry.values,
                            [district.outline])
        self.attribute = "population"
        self._class_paths: list[list[tuple[QRectF, QPainterPath]]] = []
        self._breaks: np.ndarray = np.array([])
        self.show_fill = True
        self.set_fill("population", grids["population"].to_numpy(dtype=float))

    def _live_geoms(self) -> np.ndarray:
        """The grids' shapes, a retired grid's (None) as an empty one: positions stay the grids'."""
        geoms = self._geoms.copy()
        geoms[shapely.is_missing(geoms)] = shapely.Polygon()
        return geoms

    def _place_labels(self, positions: np.ndarray) -> None:
        grow = len(self._geoms) - len(self._ax)
        if grow > 0:
            self._ax = np.r_[self._ax, np.full(grow, np.nan)]
            self._ay = np.r_[self._ay, np.full(grow, np.nan)]
            self._widths = np.r_[self._widths, np.zeros(grow)]
        positions = np.asarray(positions, dtype=np.int64)
        if len(positions) == 0:
            return
        geoms = self._geoms[positions]
        live = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        self._ax[positions] = self._ay[positions] = np.nan
        self._widths[positions] = 0.0
        if live.any():  # one vectorised pass: a start places 3,000 names at once
            at = shapely.get_coordinates(shapely.point_on_surface(geoms[live]))
            self._ax[positions[live]], self._ay[positions[live]] = at[:, 0], at[:, 1]
            self._widths[positions[live]] = np.sqrt(shapely.area(geoms[live]))

    def update_grids(self, geoms, names, changed) -> None:
        """New shapes for the ``changed`` positions (a boundary edit): their labels are placed
        again, the rings of all are taken again (one vectorised pass) and the paths regrouped.
        ``geoms`` may hold ``None`` (retired)."""
        self._geoms = np.array(list(geoms), dtype=object)
        self._names = np.asarray([str(n) for n in names], dtype=object)
        self._rings = ring_coords(self._live_geoms())
        self._group_paths = {}  # new shapes: no group's path holds
        self._place_labels(np.asarray(list(changed), dtype=np.int64))
        self._tile_of = self._tiles_for(self._geoms)
        self._grid_lines = TiledPaths([g for g in self._geoms if g is not None])
        grow = len(self._geoms) - len(self._classes)
        if grow > 0:
            self._classes = np.r_[self._classes, np.zeros(grow, dtype=int)]
            self._values = np.r_[self._values, np.full(grow, np.nan)]
        self._regroup()
        self.update()

    def set_boundaries(self, communities, streets, outline) -> None:
        """Community, street and district lines (after an edit settles)."""
        self._community_lines = TiledPaths(communities, tiles=8)
        self._street_lines = TiledPaths(streets, tiles=4)
        self._district_line = TiledPaths(outline, tiles=1)
        self.update()

    def _tiles_for(self, geoms) -> np.ndarray:
        """Each grid's tile in a TILES x TILES division of the layer's bounds (by its centre)."""
        r = self._bounds
        out = np.full(len(geoms), -1, dtype=np.int64)
        live = np.array([g is not None for g in geoms], dtype=bool)
        if live.any():
            b = shapely.bounds(np.asarray(geoms, dtype=object)[live])
            cx, cy = (b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2
            tx = np.clip(((cx - r.left()) / max(r.width(), 1e-9) * TILES).astype(int), 0, TILES - 1)
            ty = np.clip(((cy - r.top()) / max(r.height(), 1e-9) * TILES).astype(int), 0, TILES - 1)
            out[live] = tx * TILES + ty
        return out

    def _regroup(self) -> None:
        """Class x tile fill paths from the grids' ring coordinates (no geometry is touched).
        A group whose grids are the same as before keeps its path: a refill by open incidents,
        where few grids change class, rebuilds only the groups they leave and join."""
        live = (self._tile_of >= 0) & np.isfinite(self._values)
        n_classes = max(len(self._breaks) - 1, 1)
        group = np.where(live, self._classes * TILES * TILES + self._tile_of, -1)
        order = np.argsort(group, kind="stable")
        ordered = group[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(order) else np.empty(0, int)
        ends = np.r_[starts[1:], len(order)]
        cached, kept, missing = self._group_paths, {}, np.zeros(len(group), dtype=bool)
        wanted = []
        for a, b in zip(starts, ends):
            gid = int(ordered[a])
            if gid < 0:
                continue
            key = (gid, order[a:b].tobytes())  # the group's grids, in position order
            wanted.append(key)
            if key not in cached:
                missing[order[a:b]] = True
        coords, owner, connect = self._rings
        built = grouped_paths(coords, connect, np.where(missing, group, -1)[owner]) if missing.any() else {}
        self._class_paths = [[] for _ in range(n_classes)]
        for key in wanted:
            entry = cached.get(key)
            if entry is None:
                path = built[key[0]]
                entry = (path.boundingRect(), path)
            kept[key] = entry
            self._class_paths[key[0] // (TILES * TILES)].append(entry)
        self._group_paths = kept

    def set_fill(self, attribute: str, values: np.ndarray) -> None:
        """Colour grids by ``values`` in quantile classes (regroups paths; geometry untouched)."""
        self.attribute = attribute
        values = np.asarray(values, dtype=float)  # NaN: a retired grid, not drawn
        finite = values[np.isfinite(values)]
        qs = np.unique(np.quantile(finite, np.linspace(0, 1, N_CLASSES + 1))) if len(finite) else np.array([0.0])
        self._breaks = qs
        self._classes = np.clip(np.searchsorted(qs[1:-1], values, side="right"), 0, max(len(qs) - 2, 0))
        self._values = values
        self._regroup()
        self.update()

    def _ramp(self, c: int) -> str:
        ramp = self.palette.fill_ramp
        n = len(self._class_paths)
        return ramp[min(len(ramp) - 1, round(c * (len(ramp) - 1) / max(n - 1, 1)))]

    def draw(self, painter) -> None:
        p = self.palette
        rect = self.view.rect if self.view is not None else None
        if self.show_fill:
            # Fills aliased (5x faster at 4K); the antialiased outlines drawn next hide their edges.
            painter.setRenderHint(painter.RenderHint.Antialiasing, False)
            painter.setPen(Qt.NoPen)
            for c, tiles in enumerate(self._class_paths):
                painter.setBrush(QBrush(qcolor(self._ramp(c), p.fill_alpha)))
                for box, path in tiles:
                    if rect is None or box.intersects(rect):
                        painter.drawPath(path)
        for path, color, width in ((self._grid_lines, p.grid_line, 1.0), (self._community_lines, p.community_line, 3.0),
                                   (self._street_lines, p.street_line, 5.0), (self._district_line, p.district_line, 7.0)):
            self.stroke(painter, path, color, width)
        self._paint_labels(painter)

    def labels_shown(self) -> bool:
        """Names appear once a typical grid is wide enough on screen to hold one."""
        widths = self._widths[self._widths > 0]
        return self.view is not None and len(widths) > 0 and \
            float(np.median(widths)) / self.view.metres_per_px > 260 * self.ui_scale

    def _paint_labels(self, painter) -> None:
        if not self.labels_shown():
            return
        rect = self.view.rect
        vis = np.flatnonzero((self._ax >= rect.left()) & (self._ax <= rect.right())
                             & (self._ay >= rect.top()) & (self._ay <= rect.bottom()))
        if len(vis) == 0 or len(vis) > 400:
            return
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        font = QFont(painter.font())
        font.setPixelSize(max(10, round(22 * self.ui_scale * self.palette.symbol_scale)))
        font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        stroker = QPainterPathStroker()
        stroker.setWidth(max(2.0, font.pixelSize() / 5))
        for pos in vis:
            at = transform.map(QPointF(self._ax[pos], self._ay[pos]))
            text = self._names[pos]
            w = metrics.horizontalAdvance(text)
            path = QPainterPath()
            path.addText(at.x() - w / 2, at.y() + metrics.ascent() / 2, font, text)
            painter.fillPath(stroker.createStroke(path), qcolor(self.palette.label_halo, 220))
            painter.fillPath(path, qcolor(self.palette.label))
        painter.restore()

    def set_view(self, view: ViewState) -> None:
        was = self.labels_shown()
        super().set_view(view)
        if was != self.labels_shown():
            self.detail_changed()
        elif self.composite is None and was:
            self.update()

    def legend(self) -> list[LegendEntry]:
        entries = []
        fmt = lambda v: f"{v:,.0f}"  # noqa: E731
        for c in range(len(self._class_paths)):
            lo, hi = self._breaks[c], self._breaks[min(c + 1, len(self._breaks) - 1)]
            entries.append(LegendEntry("fill", self._ramp(c), f"{label(self.attribute)} {fmt(lo)}–{fmt(hi)}"))
        p = self.palette
        entries += [LegendEntry("line", p.street_line, self.tr("Street boundary"), 5.0),
                    LegendEntry("line", p.community_line, self.tr("Community boundary"), 3.0),
                    LegendEntry("line", p.grid_line, self.tr("Grid boundary"), 1.4)]
        return entries
