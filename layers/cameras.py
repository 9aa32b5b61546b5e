"""Camera layer: a camera glyph per camera; view cones (heading, field of view, range) when zoomed in."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from geodata.shared_text import shared_text
from layers.base import LegendEntry, ViewState, visible_mask
from layers.clusters import ClusterItem
from layers.labels import label
from layers.points import PointLayer
from layers.style import qcolor


def camera_symbol() -> QPainterPath:
    """A small camera body with its lens, in pyqtgraph's unit symbol box."""
    path = QPainterPath()
    path.addRect(-0.5, -0.3, 0.62, 0.6)
    path.moveTo(0.12, 0.0)
    path.lineTo(0.5, -0.28)
    path.lineTo(0.5, 0.28)
    path.closeSubpath()
    return path


CAMERA = camera_symbol()
CONE_MAX_M_PER_PX = 1.2  # cones appear when one pixel is at most this many metres
CONE_MAX_COUNT = 3000


def cones_path(x, y, heading_deg, fov_deg, range_m, steps: int = 10) -> QPainterPath:
    """Wedges from each camera: bearing clockwise from north, so direction = (sin, cos)."""
    n = len(x)
    if n == 0:
        return QPainterPath()
    t = np.linspace(-0.5, 0.5, steps)
    ang = np.radians(heading_deg[:, None] + fov_deg[:, None] * t[None, :])
    ax = x[:, None] + range_m[:, None] * np.sin(ang)
    ay = y[:, None] + range_m[:, None] * np.cos(ang)
    xs = np.concatenate([x[:, None], ax, x[:, None]], axis=1).ravel()
    ys = np.concatenate([y[:, None], ay, y[:, None]], axis=1).ravel()
    connect = np.ones((n, steps + 2), dtype=np.int32)
    connect[:, -1] = 0
    return pg.arrayToQPath(xs, ys, connect=connect.ravel())


CONE_TILES = 12  # the cones of a frame are kept in CONE_TILES x CONE_TILES paths by place


class ConeItem(QGraphicsItem):
    """View cones, kept in paths by tile so a frame draws only the tiles it shows: a street
    frame's area (the view and its margin) holds about four views of cameras, and Qt fills
    and strokes every element of a path it is given, on the screen or not (3,000 cones cost
    12 ms a frame at 4K, the 200 in the view under 1 ms).

    Filled aliased (fill rate is the cost at 4K), outlined with 1 px antialiased lines."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._tiles: list[tuple[QRectF, np.ndarray, QPainterPath | None]] = []
        self._cone_args: tuple[np.ndarray, ...] = ()
        self._bounds = QRectF()
        self._brush = QBrush()
        self._pen = QPen()
        self.cameras = np.empty(0, dtype=np.int64)  # whose cones these are

    def setBrush(self, brush: QBrush) -> None:
        self._brush = QBrush(brush)
        self.update()

    def setPen(self, pen: QPen) -> None:
        self._pen = QPen(pen)
        self.update()

    def brush(self) -> QBrush:
        return self._brush

    def pen(self) -> QPen:
        return self._pen

    def boundingRect(self) -> QRectF:
        return self._bounds

    def path(self) -> QPainterPath:
        """Every cone as one path (for a test or an export; a frame draws by tile)."""
        out = QPainterPath()
        for i in range(len(self._tiles)):
            out.addPath(self._tile_path(i))
        return out

    def set_cones(self, cameras: np.ndarray, x, y, heading_deg, fov_deg, range_m) -> None:
        """The cones of ``cameras`` (positions, for what is asked of them), grouped by tile of
        the area they span; each tile's rect is its cones' extent. A tile's path is built when
        a frame first shows it: most of the area is margin that a pan may never reach."""
        self.prepareGeometryChange()
        self.cameras = np.asarray(cameras, dtype=np.int64)
        self._tiles = []
        self._bounds = QRectF()
        if not len(x):
            return
        x, y, r = np.asarray(x, float), np.asarray(y, float), np.asarray(range_m, float)
        self._cone_args = (x, y, np.asarray(heading_deg, float), np.asarray(fov_deg, float), r)
        x0, x1 = float((x - r).min()), float((x + r).max())
        y0, y1 = float((y - r).min()), float((y + r).max())
        tx = np.minimum(((x - x0) / max(x1 - x0, 1e-9) * CONE_TILES).astype(np.int64), CONE_TILES - 1)
        ty = np.minimum(((y - y0) / max(y1 - y0, 1e-9) * CONE_TILES).astype(np.int64), CONE_TILES - 1)
        tile = tx * CONE_TILES + ty
        order = np.argsort(tile, kind="stable")
        starts = np.flatnonzero(np.r_[True, tile[order][1:] != tile[order][:-1]])
        for run in np.split(order, starts[1:]):
            rect = QRectF(float((x[run] - r[run]).min()), float((y[run] - r[run]).min()), 0, 0)
            rect.setRight(float((x[run] + r[run]).max()))
            rect.setBottom(float((y[run] + r[run]).max()))
            self._tiles.append((rect, run, None))
            self._bounds = self._bounds.united(rect)

    def _tile_path(self, i: int) -> QPainterPath:
        rect, run, path = self._tiles[i]
        if path is None:
            path = cones_path(*(a[run] for a in self._cone_args))
            self._tiles[i] = (rect, run, path)
        return path

    def tiles_for(self, world: QRectF) -> list[QPainterPath]:
        """The tiles' paths whose cones may reach into ``world``."""
        return [self._tile_path(i) for i, (rect, _run, _path) in enumerate(self._tiles) if rect.intersects(world)]

    def paint(self, painter, option, widget=None) -> None:
        device = painter.device()
        inverse, ok = painter.transform().inverted()
        if not ok or device is None:
            return
        tiles = self.tiles_for(inverse.mapRect(QRectF(0, 0, device.width(), device.height())))
        if not tiles:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.NoPen)
        painter.setBrush(self._brush)
        for path in tiles:
            painter.drawPath(path)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(self._pen)
        painter.setBrush(Qt.NoBrush)
        for path in tiles:
            painter.drawPath(path)


class CameraLayer(PointLayer):
    key = "cameras"
    aggregate = "clusters"  # at the district view: circles with counts, not 2,400 glyphs
    px_per_point = 80 * 80  # a glyph and its cone need room to be read

    def __init__(self, district) -> None:
        frame = district.cameras
        super().__init__(district.bounds, frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy())
        self.heading = frame["heading_deg"].to_numpy(dtype=float)
        self.fov = frame["fov_deg"].to_numpy(dtype=float)
        self.range_m = frame["range_m"].to_numpy(dtype=float)
        self.status = shared_text(frame["status"])
        self.online = self.status == "online"
        self.symbols = np.full(len(self.x), CAMERA, dtype=object)
        self.clusters = ClusterItem(self.boundingRect(), self)
        self.clusters.setZValue(2)
        self.cones = ConeItem(self)
        self.cones.setZValue(-1)
        self.cones.setVisible(False)
        self._cone_key = None

    def style(self):
        sizes = np.full(len(self.x), self.px(16))
        colors = np.array([self.palette.camera_offline, self.palette.camera], dtype=object)[self.online.astype(np.intp)]
        return self.symbols, sizes, colors

    def density_color(self) -> str:
        return self.palette.camera

    def set_palette(self, palette) -> None:
        super().set_palette(palette)
        self._style_cones()

    def restyle(self) -> None:
        self._style_cones()
        super().restyle()

    def _style_cones(self) -> None:
        c = qcolor(self.palette.cone, 50)
        self.cones.setBrush(QBrush(c))
        pen = self.cosmetic_pen(self.palette.cone, 1.0, 140)
        pen.setWidthF(1.0)  # exactly 1 px: Qt's fast antialiased line path
        self.cones.setPen(pen)

    @property
    def cones_shown(self) -> bool:
        return self.cones.isVisible()

    def set_view(self, view: ViewState) -> None:
        super().set_view(view)
        # Cones go with individual camera symbols: where cameras are too dense to draw one
        # by one, thousands of overlapping wedges would only blur (and cost a second a frame).
        show = view.metres_per_px <= CONE_MAX_M_PER_PX and self.mode == "points"
        if show:
            key = (self.frame.generation, self.mode)
            if key != self._cone_key:
                vis = np.flatnonzero(visible_mask(self.x, self.y, self.frame.rect or view.rect)
                                     & (self.status == "online"))
                if len(vis) > CONE_MAX_COUNT:  # the nearest the view's centre: those it shows first
                    c = view.rect.center()
                    near = np.argpartition(np.hypot(self.x[vis] - c.x(), self.y[vis] - c.y()), CONE_MAX_COUNT - 1)
                    vis = np.sort(vis[near[:CONE_MAX_COUNT]])
                self.cones.set_cones(vis, self.x[vis], self.y[vis], self.heading[vis], self.fov[vis], self.range_m[vis])
                self._cone_key = key
        self.cones.setVisible(show)

    def cluster_at(self, x: float, y: float, metres_per_px: float) -> tuple[float, float] | None:
        """The centre of the cluster drawn under metric (x, y), if any."""
        c = self.clusters
        if self.mode != "clusters" or not len(c.counts):
            return None
        d = np.hypot(c.x - x, c.y - y) / metres_per_px
        radius = np.array([c.radius_px(n) for n in c.counts])
        inside = np.flatnonzero(d <= radius)
        if not len(inside):
            return None
        k = inside[np.argmin(d[inside])]
        return float(c.x[k]), float(c.y[k])

    def legend(self) -> list[LegendEntry]:
        p = self.palette
        return [LegendEntry("camera", p.camera, label("online")), LegendEntry("camera", p.camera_offline, label("offline")),
                LegendEntry("cluster", p.camera, self.tr("Cameras together (count)")),
                LegendEntry("cone", p.cone, self.tr("View cone (zoomed in)"))]
