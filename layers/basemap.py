"""Basemap from the district's own context layers: land, water, roads by class, buildings when zoomed in."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPainterPath

from layers.base import LegendEntry, MapLayer, TiledPaths, rings_path
from layers.style import qcolor

LOCAL_ROADS_MAX_M_PER_PX = 25.0
BUILDINGS_MAX_M_PER_PX = 3.0


class BasemapLayer(MapLayer):
    key = "basemap"

    def __init__(self, district) -> None:
        super().__init__(district.bounds)
        self._land = rings_path([district.outline])
        self._land.setFillRule(Qt.OddEvenFill)
        water = district.layer("water")
        self._water = rings_path(water.geometry.values) if len(water) else QPainterPath()
        self._water.setFillRule(Qt.WindingFill)
        roads = district.layer("roads")
        self._roads = {}
        for cls in ("local", "arterial", "trunk"):
            part = roads[roads["road_class"] == cls] if len(roads) else roads
            self._roads[cls] = TiledPaths(part.geometry.values if len(part) else [])
        buildings = district.layer("buildings")
        self._buildings = TiledPaths(buildings.geometry.values if len(buildings) else [], tiles=32,
                                     fill_rule=Qt.WindingFill)

    def draw(self, painter) -> None:
        p = self.palette
        mpp = self.view.metres_per_px if self.view else 100.0
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.NoPen)
        painter.setBrush(QBrush(qcolor(p.land)))
        painter.drawPath(self._land)
        painter.setBrush(QBrush(qcolor(p.water)))
        painter.setPen(Qt.NoPen)
        painter.drawPath(self._water)
        self.stroke(painter, self._water, p.water_edge, 1.0)
        if mpp <= BUILDINGS_MAX_M_PER_PX:
            painter.setPen(Qt.NoPen)
            painter.setBrush(QBrush(qcolor(p.building)))
            painter.setRenderHint(painter.RenderHint.Antialiasing, False)  # edges come from the 1 px outline
            self._buildings.draw(painter, self.view.rect)
            painter.setBrush(Qt.NoBrush)
            self.stroke(painter, self._buildings, p.grid_line, 1.0, 160)
        for cls in ("local", "arterial", "trunk"):
            if cls == "local" and mpp > LOCAL_ROADS_MAX_M_PER_PX:
                continue
            color, width = p.road[cls]
            self.stroke(painter, self._roads[cls], color, width)

    def set_view(self, view) -> None:
        before = self.view.metres_per_px if self.view else None
        super().set_view(view)
        crossed = before is None or any((before <= t) != (view.metres_per_px <= t)
                                        for t in (LOCAL_ROADS_MAX_M_PER_PX, BUILDINGS_MAX_M_PER_PX))
        if crossed and before is not None:
            self.detail_changed()
        elif crossed:
            self.update()

    def legend(self) -> list[LegendEntry]:
        p = self.palette
        return [LegendEntry("fill", p.water, self.tr("Water")),
                LegendEntry("line", p.road["trunk"][0], self.tr("Trunk road"), 7.0),
                LegendEntry("line", p.road["arterial"][0], self.tr("Arterial road"), 4.0)]
