"""Incident layer: open incidents, colour and size by severity; a new incident pulses for a few seconds."""
from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QPen

from geodata.schema import OPEN_INCIDENT_STATUSES
from layers.base import LegendEntry
from layers.labels import label
from layers.points import PointLayer
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
    key = "incidents"
    px_per_point = 5000  # beyond ~1,600 open incidents on a 4K map: aggregate, severity 4 on top

    def __init__(self, district) -> None:
        frame = district.incidents
        super().__init__(district.bounds, frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy())
        self.severity = frame["severity"].to_numpy(dtype=int)
        self.status = frame["status"].astype(str).to_numpy()
        self.pulse = PulseItem(self)
        self.pulse.setZValue(2)
        self.show_closed = False

    def included(self, idx=slice(None)) -> np.ndarray:
        status = self.status[idx]
        return np.ones(len(status), bool) if self.show_closed else np.isin(status, OPEN_INCIDENT_STATUSES)

    def urgent(self, idx=slice(None)) -> np.ndarray:
        return (self.severity[idx] >= 4) & np.isin(self.status[idx], OPEN_INCIDENT_STATUSES)

    def style(self):
        n = len(self.x)
        symbols = np.full(n, "o", dtype=object)
        sev = np.clip(self.severity, 0, 4)
        px_by_sev = np.array([self.px(SEVERITY_PX.get(s, 18)) for s in range(5)])
        color_by_sev = np.array([self.palette.severity.get(s, "#ff0000") for s in range(5)], dtype=object)
        sizes = px_by_sev[sev] if n else np.empty(0)
        open_ = np.isin(self.status, OPEN_INCIDENT_STATUSES)
        colors = color_by_sev[sev]
        colors[~open_] = self.palette.closed_incident
        return symbols, sizes, colors

    def density_color(self) -> str:
        return self.palette.severity[3]

    def add(self, x: float, y: float, severity: int, status: str = "reported") -> int:
        """Show a newly arrived incident and make it pulse; returns its position."""
        return self.add_many(np.array([x]), np.array([y]), np.array([severity]), np.array([status]))[0]

    def add_many(self, x, y, severity, status) -> np.ndarray:
        """Incidents arriving together (a burst): one update of the layer for all of them."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        severity = np.asarray(severity, dtype=int)
        status = np.asarray(status, dtype=object).astype(str)
        first = len(self.x)
        self.severity = np.r_[self.severity, severity]
        self.status = np.r_[self.status, status]
        rows = (np.full(len(x), "o", dtype=object),
                np.array([self.px(SEVERITY_PX.get(int(s), 18)) for s in severity]),
                np.array([self.palette.severity.get(int(s), "#ff0000") for s in severity], dtype=object))
        self.append_points(x, y, rows)
        for px, py, sev in zip(x, y, severity):
            self.pulse.add(float(px), float(py), int(sev))
        return np.arange(first, len(self.x))

    def legend(self) -> list[LegendEntry]:
        p = self.palette
        return [LegendEntry("o", p.severity[s], f"{label('severity')} {s}", SEVERITY_PX[s]) for s in (4, 3, 2, 1)]
