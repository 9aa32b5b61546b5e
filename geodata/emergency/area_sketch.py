"""Drawing the area of an emergency on the map: click its corners, double-click or Enter to
close it, Escape to give up. Pure (map events in metres in, a polygon out), like the
boundary editor's tools, so tests drive it with the same events the map view sends."""
from __future__ import annotations

from collections.abc import Callable

import shapely

from geodata.plan.tools import MapEvent


class AreaSketch:
    def __init__(self, finished: Callable[[shapely.Polygon], None], cancelled: Callable[[], None]) -> None:
        self.points: list[tuple[float, float]] = []
        self.message = ""
        self.finished, self.cancelled = finished, cancelled

    def __call__(self, e: MapEvent) -> bool:
        """Take a map event; True when the sketch used it (the map does not pan on it)."""
        if e.kind == "press":
            if not self.points or self.points[-1] != (e.x, e.y):
                self.points.append((e.x, e.y))
            return True
        if e.kind == "release":
            return True
        if e.kind == "double" or (e.kind == "key" and e.key == "Enter"):
            self._finish()
            return True
        if e.kind == "key" and e.key == "Escape":
            self.points = []
            self.cancelled()
            return True
        if e.kind == "key" and e.key == "Delete" and self.points:
            self.points.pop()
            return True
        return False

    def _finish(self) -> None:
        if len(self.points) < 3:
            self.message = "draw at least three corners"
            return
        area = shapely.Polygon(self.points)
        if not area.is_valid:
            self.message = "the area's edges cross; draw it again without crossing"
            self.points = []
            return
        self.points = []
        self.message = ""
        self.finished(area)
