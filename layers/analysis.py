"""Map layers of the analyses: a space-time query's place and answer, Gi* hotspots with early
warnings, and a replay's incidents."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPainterPath, QPen

from layers.base import LegendEntry, MapLayer, rings_path
from layers.style import qcolor

# Diverging hot/cold classes of Gi* (ColorBrewer RdBu, colour-blind safe), by class -3..+3
HOT_COLD = {3: "#b2182b", 2: "#ef6548", 1: "#fdbb84", -1: "#9ecae1", -2: "#4292c6", -3: "#08519c"}
WARNING = "#ff6f00"
HIT = "#00e5ff"


def fill_classes(painter, paths, alpha: int) -> None:
    """Filled class paths, aliased (fill rate is the cost at 4K; outlines hide the steps)."""
    painter.setRenderHint(painter.RenderHint.Antialiasing, False)
    painter.setPen(Qt.NoPen)
    for color, path in paths:
        painter.setBrush(QBrush(qcolor(color, alpha)))
        painter.drawPath(path)


def outline(layer: MapLayer, painter, path: QPainterPath, color: str) -> None:
    """A thick outline on a dark casing: reads over any fill, in either theme."""
    if path.isEmpty():
        return
    painter.setRenderHint(painter.RenderHint.Antialiasing, True)
    painter.setBrush(Qt.NoBrush)
    painter.setPen(layer.cosmetic_pen("#000000", 10, 185))
    painter.drawPath(path)
    painter.setPen(layer.cosmetic_pen(color, 6))
    painter.drawPath(path)


class QueryLayer(MapLayer):
    """Where the question was asked (circle or area), the cones of the cameras that see it,
    and what was found: incidents ringed, sensors with readings as squares."""

    key = "query"

    def __init__(self, bounds) -> None:
        super().__init__(bounds)
        self._place = QPainterPath()
        self._cones = QPainterPath()
        self.incidents = pg.ScatterPlotItem(pxMode=True)
        self.incidents.setParentItem(self)
        self.sensors = pg.ScatterPlotItem(pxMode=True)
        self.sensors.setParentItem(self)
        self._ix = self._iy = self._sx = self._sy = np.empty(0)
        self._sketch: list = []

    def show_result(self, place_geom, cone_geoms, incident_xy, sensor_xy) -> None:
        """Draw a result (metric geometries and x/y arrays); ``place_geom`` None clears."""
        self._place = rings_path([place_geom]) if place_geom is not None else QPainterPath()
        cones = [g for g in (cone_geoms if cone_geoms is not None else []) if g is not None and not g.is_empty]
        self._cones = rings_path(cones) if cones else QPainterPath()
        self._ix, self._iy = (np.asarray(v, dtype=float) for v in incident_xy) if incident_xy is not None else \
            (np.empty(0), np.empty(0))
        self._sx, self._sy = (np.asarray(v, dtype=float) for v in sensor_xy) if sensor_xy is not None else \
            (np.empty(0), np.empty(0))
        self.restyle()

    def show_sketch(self, points) -> None:
        """The area being drawn, corner by corner."""
        self._sketch = [QPointF(x, y) for x, y in points]
        self.update()

    @property
    def shown(self) -> bool:
        return not self._place.isEmpty()

    def restyle(self) -> None:
        pen = pg.mkPen(qcolor("#000000"), width=max(1.5, 2.5 * self.ui_scale))
        self.incidents.setData(self._ix, self._iy, symbol="o", size=self.px(26),
                               brush=None, pen=pg.mkPen(qcolor(HIT), width=max(3, 5 * self.ui_scale)))
        self.sensors.setData(self._sx, self._sy, symbol="s", size=self.px(20), brush=qcolor(HIT, 200), pen=pen)
        self.update()

    def draw(self, painter) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        if self._sketch:
            pen = QPen(qcolor(HIT), max(3.0, 5 * self.ui_scale), Qt.DashLine)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(QBrush(qcolor(HIT, 40)))
            painter.drawPolygon(self._sketch)
        if self._place.isEmpty():
            return
        if not self._cones.isEmpty():
            painter.setPen(self.cosmetic_pen(self.palette.cone, 1.5, 230))
            painter.setBrush(QBrush(qcolor(self.palette.cone, 70)))
            painter.drawPath(self._cones)
        painter.setBrush(QBrush(qcolor(HIT, 25)))
        painter.setPen(self.cosmetic_pen("#000000", 9, 170))
        painter.drawPath(self._place)
        painter.setPen(self.cosmetic_pen(HIT, 5))
        painter.drawPath(self._place)

    def legend(self) -> list[LegendEntry]:
        if self._place.isEmpty():
            return []
        return [LegendEntry("line", HIT, self.tr("Query place"), 5.0),
                LegendEntry("o", HIT, self.tr("Incident found")),
                LegendEntry("s", HIT, self.tr("Sensor with readings")),
                LegendEntry("fill", self.palette.cone, self.tr("Camera view covering the place"))]


class HotspotLayer(MapLayer):
    """Grids filled by their Gi* class; grids with an early warning outlined and marked."""

    key = "hotspots"

    def __init__(self, bounds, grid_geoms) -> None:
        super().__init__(bounds)
        self._geoms = np.asarray(grid_geoms, dtype=object)
        self._paths: dict[int, QPainterPath] = {}
        self._warned = QPainterPath()
        self.marks = pg.ScatterPlotItem(pxMode=True)
        self.marks.setParentItem(self)
        self._mx = self._my = np.empty(0)
        self.what = ""

    def set_grids(self, grid_geoms) -> None:
        self._geoms = np.asarray(grid_geoms, dtype=object)

    def show_classes(self, classes: np.ndarray | None, what: str = "") -> None:
        """``classes`` per grid (-3..3, 0 not drawn), or None to clear; ``what`` names the legend."""
        self._paths = {}
        self.what = what
        if classes is not None:
            for c in HOT_COLD:
                members = [g for g in self._geoms[np.flatnonzero(np.asarray(classes) == c)] if g is not None]
                if members:
                    self._paths[c] = rings_path(members)
        self.update()

    def show_warnings(self, grids: np.ndarray) -> None:
        members = [self._geoms[g] for g in grids if 0 <= g < len(self._geoms) and self._geoms[g] is not None]
        self._warned = rings_path(members) if members else QPainterPath()
        c = shapely.get_coordinates(shapely.point_on_surface(members)) if members else np.empty((0, 2))
        self._mx, self._my = c[:, 0], c[:, 1]
        self.restyle()

    def restyle(self) -> None:
        self.marks.setData(self._mx, self._my, symbol="t", size=self.px(34), brush=qcolor(WARNING),
                           pen=pg.mkPen(qcolor("#000000"), width=max(1.5, 2.5 * self.ui_scale)))
        self.update()

    @property
    def shown(self) -> bool:
        return bool(self._paths) or not self._warned.isEmpty()

    def draw(self, painter) -> None:
        fill_classes(painter, [(HOT_COLD[c], path) for c, path in self._paths.items()], 185)
        outline(self, painter, self._warned, WARNING)

    def legend(self) -> list[LegendEntry]:
        out = []
        if self._paths:
            names = {3: self.tr("Hot spot, 99 % confidence"), 2: self.tr("Hot spot, 95 %"), 1: self.tr("Hot spot, 90 %"),
                     -1: self.tr("Cold spot, 90 %"), -2: self.tr("Cold spot, 95 %"),
                     -3: self.tr("Cold spot, 99 % confidence")}
            out += [LegendEntry("fill", HOT_COLD[c], names[c]) for c in (3, 2, 1, -1, -2, -3)]
            if self.what:  # what was counted, over which days: under the classes
                out.append(LegendEntry("line", "#7a8794", self.what, 1.0))
        if not self._warned.isEmpty():
            out.append(LegendEntry("t", WARNING, self.tr("Early warning: incidents above the grid's baseline")))
        return out


class ReplayLayer(MapLayer):
    """The incidents a replay has reached, coloured by severity; the last hour's drawn larger."""

    key = "replay"

    def __init__(self, bounds) -> None:
        super().__init__(bounds)
        self.old = pg.ScatterPlotItem(pxMode=True)
        self.old.setParentItem(self)
        self.new = pg.ScatterPlotItem(pxMode=True)
        self.new.setParentItem(self)
        self._x = self._y = np.empty(0)
        self._sev = np.empty(0, dtype=np.int64)
        self._fresh = np.empty(0, dtype=bool)

    def show_points(self, x, y, severity, fresh) -> None:
        self._x, self._y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self._sev, self._fresh = np.asarray(severity, dtype=np.int64), np.asarray(fresh, dtype=bool)
        self.restyle()

    @property
    def count(self) -> int:
        return len(self._x)

    def restyle(self) -> None:
        brushes = {s: pg.mkBrush(qcolor(c)) for s, c in self.palette.severity.items()}
        pen = pg.mkPen(qcolor(self.palette.symbol_outline), width=1)
        old = ~self._fresh
        self.old.setData(self._x[old], self._y[old], symbol="o", size=self.px(12), pen=pen,
                         brush=[brushes.get(int(s), brushes[2]) for s in self._sev[old]])
        self.new.setData(self._x[self._fresh], self._y[self._fresh], symbol="o", size=self.px(26),
                         pen=pg.mkPen(qcolor(HIT), width=max(2, 4 * self.ui_scale)),
                         brush=[brushes.get(int(s), brushes[2]) for s in self._sev[self._fresh]])
        self.update()

    def legend(self) -> list[LegendEntry]:
        if not len(self._x):
            return []
        return [LegendEntry("o", self.palette.severity[3], self.tr("Replayed incident")),
                LegendEntry("o", self.palette.severity[3], self.tr("Reported in the last replayed hour"), ring=HIT)]


COVERAGE_CLASSES = ((0.0, 0.05, "#67000d"), (0.05, 0.15, "#cb181d"), (0.15, 0.30, "#fc9272"),
                    (0.30, 0.60, "#a1d99b"), (0.60, 1.01, "#238b45"))
BLIND = "#ffea00"


class CoverageLayer(MapLayer):
    """Grids filled by the share of their public space the cameras see; grids that are busy
    with incidents yet barely seen outlined as blind spots."""

    key = "coverage"

    def __init__(self, bounds, grid_geoms) -> None:
        super().__init__(bounds)
        self._geoms = np.asarray(grid_geoms, dtype=object)
        self._paths: list[tuple[str, QPainterPath]] = []
        self._blind = QPainterPath()

    def set_grids(self, grid_geoms) -> None:
        self._geoms = np.asarray(grid_geoms, dtype=object)

    def show_coverage(self, share: np.ndarray | None, blind_grids: np.ndarray | None = None) -> None:
        """``share`` per grid (0–1, NaN: no public space), or None to clear."""
        self._paths = []
        self._blind = QPainterPath()
        if share is not None:
            share = np.asarray(share, dtype=float)
            for lo, hi, color in COVERAGE_CLASSES:
                members = [g for g in self._geoms[np.flatnonzero((share >= lo) & (share < hi))] if g is not None]
                if members:
                    self._paths.append((color, rings_path(members)))
            if blind_grids is not None and len(blind_grids):
                self._blind = rings_path([self._geoms[g] for g in blind_grids if self._geoms[g] is not None])
        self.update()

    @property
    def shown(self) -> bool:
        return bool(self._paths)

    def draw(self, painter) -> None:
        fill_classes(painter, self._paths, 170)
        outline(self, painter, self._blind, BLIND)

    def legend(self) -> list[LegendEntry]:
        if not self._paths:
            return []
        out = [LegendEntry("fill", color, self.tr("Public space seen: %1–%2 %").replace("%1", f"{lo * 100:.0f}")
                           .replace("%2", f"{min(hi, 1.0) * 100:.0f}")) for lo, hi, color in COVERAGE_CLASSES]
        if not self._blind.isEmpty():
            out.append(LegendEntry("line", BLIND, self.tr("Blind spot: busy with incidents, under 15 % seen"), 6.0))
        return out
