"""Emergency context: key risk sites (slopes, retaining walls, flood points) and shelters."""
from __future__ import annotations

import numpy as np

from layers.base import LegendEntry
from layers.labels import label
from layers.points import PointLayer

class RiskLayer(PointLayer):
    """Risk sites as warning triangles coloured by level, shelters as teal squares."""

    key = "risk"

    def __init__(self, district) -> None:
        sites = district.layer("risk_sites")
        shelters = district.layer("shelters")
        xs = np.concatenate([sites.geometry.x.to_numpy(), shelters.geometry.x.to_numpy()]) if len(sites) + len(shelters) else np.empty(0)
        ys = np.concatenate([sites.geometry.y.to_numpy(), shelters.geometry.y.to_numpy()]) if len(sites) + len(shelters) else np.empty(0)
        super().__init__(district.bounds, xs, ys)
        self.n_sites = len(sites)
        self.levels = sites["level"].astype(str).to_numpy() if len(sites) else np.empty(0, dtype=object)

    def style(self):
        n = len(self.x)
        symbols = np.array(["t"] * self.n_sites + ["s"] * (n - self.n_sites), dtype=object)
        sizes = np.array([self.px(22 if lv == "high" else 18) for lv in self.levels] + [self.px(20)] * (n - self.n_sites))
        colors = np.array([self.palette.risk.get(lv, "#ff9800") for lv in self.levels]
                          + [self.palette.shelter] * (n - self.n_sites), dtype=object)
        return symbols, sizes, colors

    def legend(self) -> list[LegendEntry]:
        p = self.palette
        return ([LegendEntry("t", p.risk[lv], self.tr("Risk site") + " · " + label(lv)) for lv in ("high", "medium", "low")]
                + [LegendEntry("s", p.shelter, label("shelter"))])
