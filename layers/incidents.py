"""Incident layer: open incidents, colour and size by severity; a new incident pulses for a few seconds."""
from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QPen

from geodata.schema import OPEN_INCIDENT_STATUSES
from geodata.shared_text import shared_text
from layers.base import LegendEntry
from layers.labels import label
from layers.points import PointLayer, grown
from layers.style import qcolor

PULSE_SECONDS = 6.0
SEVERITY_PX = {1: 14, 2: 18, 3: 24, 4: 32}


class PulseItem(pg.GraphicsObject):
    """Expanding rings around recently arrived incidents; animates only while any is live."""

    def __init__(self, layer: "IncidentLayer") -> None:
        super().__init__()
        self.setParentItem(layer)
        self.layer = layer
        self.pulses: list[tuple[float, float, float, int]] = []  # x, y, started, severity
        self.timer = QTimer()
        self.timer.setInterval(40)
        self.timer.timeout.connect(self._tick)

    def add(self, x: float, y: float, severity: int) -> None:
        self.prepareGeometryChange()
        self.pulses.append((x, y, time.monotonic(), severity))
        if not self.timer.isActive():
            self.timer.start()
        self.update()

    def _tick(self) -> None:
        now = time.monotonic()
        alive = [p for p in self.pulses if now - p[2] < PULSE_SECONDS]
        if len(alive) != len(self.pulses):
            self.prepareGeometryChange()
            self.pulses = alive
        if not self.pulses:
            self.timer.stop()
        self.update()

    def boundingRect(self) -> QRectF:
        return self.layer.boundingRect()

    def paint(self, painter, option, widget=None) -> None:
        if not self.pulses:
            return
        now = time.monotonic()
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        # Aliased rings: wide antialiased strokes are Qt's slow path, and a ring in motion hides steps.
        painter.setRenderHint(painter.RenderHint.Antialiasing, False)
        painter.setBrush(pg.QtCore.Qt.NoBrush)
        width = max(2, round(4 * self.layer.ui_scale))
        view = self.layer.view.rect if self.layer.view is not None else None
        for x, y, t0, sev in self.pulses:
            if view is not None and not view.contains(x, y):
                continue
            phase = ((now - t0) % 1.5) / 1.5
            at = transform.map(pg.QtCore.QPointF(x, y))
            r = self.layer.px(SEVERITY_PX.get(sev, 18)) * (0.6 + 1.8 * phase)
            pen = QPen(qcolor(self.layer.palette.severity.get(sev, "#ff0000"), int(255 * (1 - phase))))
            pen.setWidth(width)
            painter.setPen(pen)
            painter.drawEllipse(at, r, r)
        painter.restore()


class IncidentLayer(PointLayer):
    """Open incidents by severity; overdue ones ringed and always on top. Positions are the
    incident book's, so the console updates a state by position."""

    key = "incidents"
    px_per_point = 5000  # beyond ~1,600 open incidents on a 4K map: aggregate, severity 4 on top
    max_pulses = 40      # a burst of hundreds must not turn the map into rings

    def __init__(self, district) -> None:
        frame = district.incidents
        super().__init__(district.bounds, frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy())
        self.severity = frame["severity"].to_numpy(dtype=int)
        self.status = shared_text(frame["status"])
        # Kept with every status change: the level of detail asks "open?" of every row per refresh.
        self.is_open = frame["status"].isin(OPEN_INCIDENT_STATUSES).to_numpy(copy=True)
        self.overdue = np.zeros(len(frame), dtype=bool)
        self.pulse = PulseItem(self)
        self.pulse.setZValue(2)
        self.show_closed = False
        self._ring_pen: QPen | None = None

    def included(self, idx=slice(None)) -> np.ndarray:
        is_open = self.is_open[idx]
        return np.ones(len(is_open), bool) if self.show_closed else is_open

    def urgent(self, idx=slice(None)) -> np.ndarray:
        return self.is_open[idx] & ((self.severity[idx] >= 4) | self.overdue[idx])

    def style(self):
        return self.style_rows(np.arange(len(self.x)))

    def style_rows(self, idx):
        idx = np.asarray(idx, dtype=np.int64)
        sev = np.clip(self.severity[idx], 0, 4)
        px_by_sev = np.array([self.px(SEVERITY_PX.get(s, 18)) for s in range(5)])
        color_by_sev = np.array([self.palette.severity.get(s, "#ff0000") for s in range(5)], dtype=object)
        sizes = px_by_sev[sev] * np.where(self.overdue[idx], 1.3, 1.0) if len(idx) else np.empty(0)
        colors = color_by_sev[sev] if len(idx) else np.empty(0, dtype=object)
        colors[~self.is_open[idx]] = self.palette.closed_incident
        return np.full(len(idx), "o", dtype=object), sizes, colors

    def pens(self, idx):
        late = self.overdue[idx]
        if not late.any():
            return None
        if self._ring_pen is None or self._ring_pen.color() != qcolor(self.palette.overdue):
            self._ring_pen = QPen(qcolor(self.palette.overdue))
            self._ring_pen.setCosmetic(True)
        self._ring_pen.setWidthF(max(3.0, 5 * self.ui_scale))
        outline = self._outline()
        return [self._ring_pen if o else outline for o in late]

    def density_color(self) -> str:
        return self.palette.severity[3]

    def set_states(self, positions, status, overdue) -> None:
        """New lifecycle states (and overdue flags) for some incidents."""
        positions = np.asarray(positions, dtype=np.int64)
        self.status[positions] = status
        self.is_open[positions] = np.isin(np.asarray(status, dtype=object), OPEN_INCIDENT_STATUSES)
        self.overdue[positions] = overdue
        self.points_changed(positions)

    def add(self, x: float, y: float, severity: int, status: str = "reported") -> int:
        """Show a newly arrived incident and make it pulse; returns its position."""
        return self.add_many(np.array([x]), np.array([y]), np.array([severity]), np.array([status]))[0]

    def add_many(self, x, y, severity, status, pulse: bool = True) -> np.ndarray:
        """Incidents arriving together (a burst): one update of the layer for all of them.
        The most severe of them pulse (at most ``max_pulses`` at a time)."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        severity = np.asarray(severity, dtype=int)
        status = np.asarray(status, dtype=object).astype(str).astype(object)
        first = len(self.x)
        self.severity = grown(self.severity, severity)
        self.status = grown(self.status, status)
        self.is_open = grown(self.is_open, np.isin(status, OPEN_INCIDENT_STATUSES))
        self.overdue = grown(self.overdue, np.zeros(len(x), bool))
        new = np.arange(first, first + len(x))
        self.append_points(x, y, self.style_rows(new) if self._style is not None else None)
        if pulse:
            room = max(0, self.max_pulses - len(self.pulse.pulses))
            for k in np.argsort(-severity, kind="stable")[:room]:
                self.pulse.add(float(x[k]), float(y[k]), int(severity[k]))
        return new

    def legend(self) -> list[LegendEntry]:
        p = self.palette
        return ([LegendEntry("o", p.severity[s], f"{label('severity')} {s}", SEVERITY_PX[s]) for s in (4, 3, 2, 1)]
                + [LegendEntry("o", p.severity[2], label("overdue"), SEVERITY_PX[3], ring=p.overdue),
                   self.density_entry(self.tr("Open incidents / km²"))])
