"""A sensor's recent readings (pyqtgraph): the line, its threshold, alarm readings marked."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.plain_text import PlainLabel

CST_OFFSET_S = 8 * 3600


class SensorChart(QWidget):
    def __init__(self, parent=None, *, height_px: int = 260) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(utcOffset=-CST_OFFSET_S)})
        self.plot.setMinimumHeight(height_px)
        # A GridItem, not the axes' own grid: the axes draw theirs as full-height ticks through a
        # QPicture, about 8 ms a chart per paint against about 1 ms for this.
        self.plot.addItem(pg.GridItem(pen=pg.mkPen(255, 255, 255, 60), textPen=None))
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.line = self.plot.plot([], [], pen=pg.mkPen("#2f80ed", width=2))
        self.alarms = pg.ScatterPlotItem(size=9, brush=pg.mkBrush("#e0161b"), pen=pg.mkPen("#000000"))
        self.plot.addItem(self.alarms)
        self.threshold = pg.InfiniteLine(angle=0, pen=pg.mkPen("#e0161b", width=2, style=pg.QtCore.Qt.DashLine))
        self.plot.addItem(self.threshold)
        self.caption = PlainLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot)
        self.sensor_id: str | None = None

    def show_readings(self, sensor_id: str, times: np.ndarray, values: np.ndarray, threshold: float,
                      unit: str, title: str = "") -> None:
        """``times`` in UTC epoch seconds; ``title`` (if any) heads the caption."""
        self.sensor_id = sensor_id
        times, values = np.asarray(times, float), np.asarray(values, float)
        self.line.setData(times, values)
        over = values >= threshold
        self.alarms.setData(times[over], values[over])
        self.threshold.setValue(threshold)
        self.plot.setLabel("left", unit)
        if len(values):
            self.caption.setText(title + self.tr("%1 readings · last %2 %3 · threshold %4 %3")
                                 .replace("%1", f"{len(values):,}").replace("%2", f"{values[-1]:g}")
                                 .replace("%3", unit).replace("%4", f"{threshold:g}"))
            top = max(float(values.max()), threshold) * 1.1
            self.plot.setYRange(0, top if top > 0 else 1)
        else:
            self.caption.setText(title + self.tr("No readings received yet · threshold %1 %2")
                                 .replace("%1", f"{threshold:g}").replace("%2", unit))
