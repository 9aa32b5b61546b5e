"""One map view of the video wall: its own layers (a preset), level of detail and navigation.

A wall map draws the same district and the same live incident book as the console's map, but
through layers of its own, so each view can show other layers at another scale. A linked view
follows the console's map (centre, and scale times its zoom); an independent one keeps its own
view, starting on the whole district. New and changed incidents and sensor states are copied
from the console's layers (:meth:`WallMap.follow_live`), so the wall never shows another
picture than the console.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QTimer

from console.wall_layout import PRESETS, View
from layers.basemap import BasemapLayer
from layers.cameras import CameraLayer
from layers.composite import StaticComposite
from layers.density import DensityOverlay
from layers.grids import GridLayer
from layers.incidents import IncidentLayer
from layers.points import LodFrame
from layers.sensors import SensorLayer
from widgets.map_view import MapView

Z = {"cameras": 30, "sensors": 40, "incidents": 50}
Z_STATIC, Z_DENSITY = 5, 15
POINT_LAYERS = {"cameras": CameraLayer, "sensors": SensorLayer, "incidents": IncidentLayer}


class WallMap:
    """A MapView with the preset's layers, following the console window ``window``."""

    def __init__(self, window, view: View) -> None:
        self.window = window
        self.view = view
        district = window.district
        self.map = MapView()
        self.map.set_home(district.bounds)
        keys = PRESETS[view.preset]
        static_members = []
        if "basemap" in keys:
            static_members.append(BasemapLayer(district))
        if "grids" in keys:
            static_members.append(GridLayer(district))
        self.static = StaticComposite(district.bounds, static_members)
        self.map.add_layer(self.static, Z_STATIC)
        self.density = DensityOverlay(district.bounds)
        self.density.clip_to(district.outline)
        self.map.add_layer(self.density, Z_DENSITY)
        self.static.overlay = self.density
        self.density.merged_by = self.static
        self.frame = LodFrame()
        self.layers = {}
        self._seen: dict[str, int] = {}  # the console layers' changes already copied, per layer
        self.ui_scale = 1.0
        self.mode = None  # the mode whose colours it shows (set when it is shown)
        for key in keys:
            if key not in POINT_LAYERS:
                continue
            layer = POINT_LAYERS[key](district)
            layer.frame = self.frame
            layer.density_sink = self.density
            layer.point_index = window.index.points[key]
            layer.detail = view.detail
            self.layers[key] = layer
            self.map.add_layer(layer, Z[key])
        self._following = QTimer(self.map)
        self._following.setSingleShot(True)
        self._following.setInterval(0)
        self._following.timeout.connect(self._follow_console)
        self.follow_live()
        if view.link == "linked":
            window.map.viewChanged.connect(self._follow)
        self.map.whole_district()

    # ------------------------------------------------------------------ following the console
    def _follow(self, _state=None) -> None:
        """The console's map moved: follow on the next turn of the event loop, once however
        often it moved in this one (a declaration zooms and centres it several times)."""
        if self.map.isVisible() and not self._following.isActive():  # a hidden page catches up when shown
            self._following.start()

    def _follow_console(self) -> None:
        state = self.window.map.view_state()
        c = state.rect.center()
        self.map.centre_on(c.x(), c.y(), metres_per_px=state.metres_per_px * self.view.zoom)

    def follow_now(self) -> None:
        """Take the console map's view now (a linked view just shown or resized)."""
        if self.view.link == "linked":
            self._following.stop()
            self._follow_console()

    def follow_live(self) -> None:
        """Copy what the console's layers learnt since the last call: new incidents, and the
        incidents and sensors whose state changed (closed, escalated, overdue, in alarm)."""
        main = self.window.layers
        inc = self.layers.get("incidents")
        if inc is not None:
            src = main["incidents"]
            n, m = len(inc.x), len(src.x)
            if m > n:
                inc.add_many(src.x[n:], src.y[n:], src.severity[n:], src.status[n:], pulse=False)
            changed = self._changed("incidents", src, lambda: (inc.status != src.status) | (inc.overdue != src.overdue))
            if len(changed):
                inc.set_states(changed, src.status[changed], src.overdue[changed])
        sen = self.layers.get("sensors")
        if sen is not None:
            src = main["sensors"]
            changed = self._changed("sensors", src, lambda: sen.status != src.status)
            if len(changed):
                sen.set_statuses(changed, src.status[changed])

    def _changed(self, key: str, src, compare) -> np.ndarray:
        """Positions whose state changed in ``src`` since this map last looked: from the
        layer's list of changes, or, fallen behind it, by comparing every point."""
        seen = self._seen.get(key, -1)  # the first look compares everything
        self._seen[key] = src.changes_start + len(src.changes)
        if seen < src.changes_start:
            return np.flatnonzero(compare())
        new = src.changes[seen - src.changes_start:]
        return np.unique(np.concatenate(new)) if new else np.empty(0, dtype=np.int64)

    def set_palette(self, palette, dark: bool) -> None:
        self.static.defer_next_render()  # the old image stands in for a turn, as on the console's map
        self.map.set_background(palette.background, dark=dark)
        with self.density.batch(), self.frame.held():
            for layer in self.layers.values():
                layer.set_palette(palette)
        for member in self.static.members:
            member.set_palette(palette)
        self.static.set_palette(palette)
        self.density.set_palette(palette)

    def close(self) -> None:
        if self.view.link == "linked":
            try:
                self.window.map.viewChanged.disconnect(self._follow)
            except (RuntimeError, TypeError):
                pass
        self.map.deleteLater()
