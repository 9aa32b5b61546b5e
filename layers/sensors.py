"""Sensor layer: symbol by kind, colour by status; alarms larger and always on top."""
from __future__ import annotations

import numpy as np
import pandas as pd

from layers.base import LegendEntry
from layers.labels import label
from layers.points import PointLayer

SYMBOLS = {"gas": "d", "smoke": "s", "water_level": "h", "noise": "p", "slope": "star", "manhole": "t1"}


class SensorLayer(PointLayer):
    key = "sensors"

    def __init__(self, district) -> None:
        frame = district.sensors
        super().__init__(district.bounds, frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy())
        self.kinds = frame["kind"].astype(str).to_numpy()
        self._kinds_present: set[str] | None = None
        self.status = frame["status"].astype(str).to_numpy().astype(object)

    def urgent(self, idx=slice(None)) -> np.ndarray:
        return self.status[idx] == "alarm"

    def style(self):
        return self.style_rows(np.arange(len(self.x)))

    def style_rows(self, idx):
        kinds, status = self.kinds[idx], self.status[idx]
        symbols = pd.Series(kinds).map(SYMBOLS).fillna("o").to_numpy(dtype=object)
        sizes = np.where(status == "alarm", self.px(22), np.where(status == "warning", self.px(14), self.px(10)))
        colors = pd.Series(status).map(self.palette.sensor_status).fillna("#888888").to_numpy(dtype=object)
        return symbols, sizes, colors

    def density_color(self) -> str:
        return self.palette.sensor_status["normal"]

    def set_status(self, position: int, status: str) -> None:
        self.set_statuses(np.array([position]), np.array([status], dtype=object))

    def set_statuses(self, positions, statuses) -> None:
        """Sensors whose status changed (a reading crossed a threshold): restyle only them."""
        positions = np.asarray(positions, dtype=np.int64)
        self.status[positions] = statuses
        self.points_changed(positions)

    def legend(self) -> list[LegendEntry]:
        p = self.palette
        if self._kinds_present is None:
            self._kinds_present = set(pd.unique(self.kinds).tolist()) if len(self.kinds) else set()
        kinds = [k for k in SYMBOLS if k in self._kinds_present]
        return ([LegendEntry(SYMBOLS[k], p.sensor_status["normal"], label(k)) for k in kinds]
                + [LegendEntry("o", p.sensor_status[s], label(s)) for s in ("alarm", "warning", "offline")])
