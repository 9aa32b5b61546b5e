"""The boundary editor's overlay: coverage problems, worst-balanced grids, edit selection,
vertex handles, the tool's sketch and its snap marker.

Problem areas are cached as paths and rebuilt only when the report changes; vertex
handles are drawn only when zoomed in far enough to grab one, and only for what is on
screen.
"""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QPainterPath, QPen

from layers.base import LegendEntry, MapLayer, rings_path
from layers.style import qcolor

PROBLEM_COLOR = "#e0161b"
EDGE_COLOR = "#ff00c8"
WORST_COLOR = "#ff8f00"
EDIT_SELECTION_COLOR = "#00b8d4"
HANDLE_MAX_M_PER_PX = 6.0  # handles appear when a vertex can be grabbed precisely
SNAP_SYMBOL = {"vertex": "square", "edge": "cross", "road": "circle", "river": "circle"}


class PlanEditLayer(MapLayer):
    key = "plan_edit"

    def __init__(self, bounds) -> None:
        super().__init__(bounds)
        self._problems = QPainterPath()
        self._edges = QPainterPath()
        self._worst = QPainterPath()
        self._chosen = QPainterPath()
        self._vertices = np.empty((0, 2))
        self.tool_state = None
        self.snap_labels: dict[str, str] = {}

    def set_report(self, problems, invalid_edges) -> None:
        """``problems``: shapely geometries of problem areas; ``invalid_edges``: line geometries."""
        areas = [g for g in problems if g is not None and shapely.get_type_id(g) in (3, 6)]
        path = rings_path(areas) if areas else QPainterPath()
        path.setFillRule(Qt.OddEvenFill)
        self._problems = path
        lines = [g for g in invalid_edges if g is not None and not shapely.is_empty(g)]
        lines += [shapely.boundary(g) for g in problems if g is not None and shapely.get_type_id(g) in (1, 5)]
        self._edges = rings_path(lines) if lines else QPainterPath()
        self.update()

    def set_worst(self, geoms) -> None:
        self._worst = rings_path([g for g in geoms if g is not None]) if len(geoms) else QPainterPath()
        self.update()

    def set_chosen(self, geoms) -> None:
        self._chosen = rings_path([g for g in geoms if g is not None]) if len(geoms) else QPainterPath()
        self.update()

    def set_vertices(self, geoms) -> None:
        """The vertices of the grids near the view (handles to drag)."""
        coords = [shapely.get_coordinates(g) for g in geoms if g is not None]
        self._vertices = np.unique(np.vstack(coords), axis=0) if coords else np.empty((0, 2))
        self.update()

    def set_tool_state(self, state) -> None:
        self.tool_state = state
        self.update()

    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        if not self._problems.isEmpty():
            brush = QBrush(qcolor(PROBLEM_COLOR, 150), Qt.BDiagPattern)
            painter.setPen(self.cosmetic_pen(PROBLEM_COLOR, 4))
            painter.setBrush(QBrush(qcolor(PROBLEM_COLOR, 70)))
            painter.drawPath(self._problems)
            painter.setBrush(brush)
            painter.drawPath(self._problems)
        painter.setBrush(Qt.NoBrush)
        if not self._edges.isEmpty():
            painter.setPen(self.cosmetic_pen(EDGE_COLOR, 6))
            painter.drawPath(self._edges)
        if not self._worst.isEmpty():
            pen = self.cosmetic_pen(WORST_COLOR, 5)
            pen.setStyle(Qt.DashLine)
            painter.setPen(pen)
            painter.drawPath(self._worst)
        if not self._chosen.isEmpty():
            painter.setPen(self.cosmetic_pen(EDIT_SELECTION_COLOR, 7))
            painter.drawPath(self._chosen)
        self._paint_screen_items(painter)

    def _paint_screen_items(self, painter) -> None:
        """Handles, sketch and snap marker in screen pixels, so they keep their size at any zoom."""
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        view = self.view
        if view is not None and view.metres_per_px <= HANDLE_MAX_M_PER_PX and len(self._vertices):
            r = view.rect
            v = self._vertices
            on = (v[:, 0] >= r.left()) & (v[:, 0] <= r.right()) & (v[:, 1] >= r.top()) & (v[:, 1] <= r.bottom())
            half = self.px(6)
            painter.setPen(QPen(qcolor("#0d1620"), max(1.0, self.px(1.5))))
            painter.setBrush(QBrush(qcolor("#ffffff")))
            for x, y in v[on][:4000]:
                p = transform.map(QPointF(x, y))
                painter.drawRect(QRectF(p.x() - half, p.y() - half, 2 * half, 2 * half))
        state = self.tool_state
        if state is not None:
            if state.hover_vertex is not None:
                p = transform.map(QPointF(*state.hover_vertex))
                painter.setPen(QPen(qcolor(EDIT_SELECTION_COLOR), self.px(3)))
                painter.setBrush(Qt.NoBrush)
                painter.drawEllipse(p, self.px(12), self.px(12))
            if state.sketch:
                pts = [transform.map(QPointF(x, y)) for x, y in state.sketch]
                path = QPainterPath(pts[0])
                for p in pts[1:]:
                    path.lineTo(p)
                if state.snap is not None:
                    path.lineTo(transform.map(QPointF(state.snap.x, state.snap.y)))
                if state.closed and len(pts) > 1:
                    path.closeSubpath()
                painter.setPen(QPen(qcolor("#000000", 180), self.px(7)))
                painter.setBrush(Qt.NoBrush)
                painter.drawPath(path)
                painter.setPen(QPen(qcolor(EDIT_SELECTION_COLOR), self.px(4), Qt.DashLine))
                painter.drawPath(path)
            if state.snap is not None:
                self._paint_snap(painter, transform.map(QPointF(state.snap.x, state.snap.y)), state.snap.kind)
        painter.restore()

    def _paint_snap(self, painter, p: QPointF, kind: str) -> None:
        s = self.px(11)
        painter.setPen(QPen(qcolor("#000000"), self.px(6)))
        painter.setBrush(Qt.NoBrush)
        for color, width in (("#000000", 6), ("#ffea00", 3)):
            painter.setPen(QPen(qcolor(color), self.px(width)))
            shape = SNAP_SYMBOL.get(kind, "circle")
            if shape == "square":
                painter.drawRect(QRectF(p.x() - s, p.y() - s, 2 * s, 2 * s))
            elif shape == "cross":
                painter.drawLine(QPointF(p.x() - s, p.y() - s), QPointF(p.x() + s, p.y() + s))
                painter.drawLine(QPointF(p.x() - s, p.y() + s), QPointF(p.x() + s, p.y() - s))
            else:
                painter.drawEllipse(p, s, s)
        text = self.snap_labels.get(kind, kind)
        font = QFont(painter.font())
        font.setPixelSize(max(10, round(self.px(18))))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(qcolor("#000000"))
        painter.drawText(QPointF(p.x() + s + 5, p.y() - s - 3), text)
        painter.setPen(qcolor("#ffea00"))
        painter.drawText(QPointF(p.x() + s + 4, p.y() - s - 4), text)

    def legend(self) -> list[LegendEntry]:
        return [LegendEntry("fill", PROBLEM_COLOR, self.tr("Coverage problem (gap, overlap, sliver)")),
                LegendEntry("line", EDGE_COLOR, self.tr("Boundary that does not match"), 6.0),
                LegendEntry("line", WORST_COLOR, self.tr("Worst-balanced grids"), 5.0),
                LegendEntry("line", EDIT_SELECTION_COLOR, self.tr("Grids chosen for merging"), 7.0)]
