"""Sensor layer: symbol by kind, colour by status; alarms larger and always on top."""
from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.schema import SENSOR_STATUSES
from geodata.shared_text import shared_text
from layers.base import LegendEntry
from layers.labels import label
from layers.points import PointLayer

ALARM_CODE = SENSOR_STATUSES.index("alarm")

SYMBOLS = {"gas": "d", "smoke": "s", "water_level": "h", "noise": "p", "slope": "star", "manhole": "t1"}


class SensorLayer(PointLayer):
    key = "sensors"

    def __init__(self, district) -> None:
        frame = district.sensors
        super().__init__(district.bounds, frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy())
        self.kinds = shared_text(frame["kind"])
        self._kinds_present: set[str] | None = None
        self.status = shared_text(frame["status"])
        # Styles come from small tables indexed by status code and kind, so a theme change
        # restyles 260,000 sensors by indexing, not by mapping strings.
        self.code = self._codes(self.status)
        self.symbols = pd.Series(self.kinds).map(SYMBOLS).fillna("o").to_numpy(dtype=object)

    def urgent(self, idx=slice(None)) -> np.ndarray:
        return self.code[idx] == ALARM_CODE  # integers: a tenth of comparing status strings

    def style(self):
        return self.style_rows(np.arange(len(self.x)))

    @staticmethod
    def _codes(status) -> np.ndarray:
        """Position of each status in SENSOR_STATUSES; -1 (the tables' fallback) if unknown."""
        return pd.Categorical(status, categories=SENSOR_STATUSES).codes.astype(np.intp)

    def style_rows(self, idx):
        code = self.code[idx]
        px = {"alarm": self.px(22), "warning": self.px(14)}
        sizes = np.array([px.get(s, self.px(10)) for s in SENSOR_STATUSES] + [self.px(10)])[code]
        colors = np.array([self.palette.sensor_status.get(s, "#888888") for s in SENSOR_STATUSES] + ["#888888"],
                          dtype=object)[code]
        return self.symbols[idx], sizes, colors

    def density_color(self) -> str:
        return self.palette.sensor_status["normal"]

    def set_status(self, position: int, status: str) -> None:
        self.set_statuses(np.array([position]), np.array([status], dtype=object))

    def set_statuses(self, positions, statuses) -> None:
        """Sensors whose status changed (a reading crossed a threshold): restyle only them."""
        positions = np.asarray(positions, dtype=np.int64)
        self.status[positions] = statuses
        self.code[positions] = self._codes(np.asarray(statuses, dtype=object))
        self.points_changed(positions)

    def legend(self) -> list[LegendEntry]:
        p = self.palette
        if self._kinds_present is None:
            self._kinds_present = set(pd.unique(self.kinds).tolist()) if len(self.kinds) else set()
        kinds = [k for k in SYMBOLS if k in self._kinds_present]
        return ([LegendEntry(SYMBOLS[k], p.sensor_status["normal"], label(k)) for k in kinds]
                + [LegendEntry("o", p.sensor_status[s], label(s)) for s in ("alarm", "warning", "offline")]
                + [self.density_entry(self.tr("Sensors / km²"))])
