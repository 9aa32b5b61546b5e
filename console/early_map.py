"""The district's map while its points are still being read.

A Longhua file holds 3,000 grids and 580,000 points; reading, checking and indexing the
points is most of a start. The grids and the basemap are read first
(``load_district(base_ready=...)``), so the start shows them at once, on the map the
console will use, with the loading progress under it. The console then takes this very
map view over (``MainWindow(early=...)``): its layers and the image already drawn are
kept, and the points appear on it.
"""
from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QVBoxLayout, QWidget

from console.theme import CJK_FAMILIES, apply_theme, type_sizes, ui_scale_for
from geodata.modes import Mode
from layers.basemap import BasemapLayer
from layers.composite import StaticComposite
from layers.grids import GridLayer
from layers.style import THEMES
from widgets.map_view import MapView
from widgets.plain_text import PlainLabel

Z_BASEMAP, Z_STATIC, Z_GRIDS = 0, 5, 10  # as in the console (its Z_NORMAL, Z_STATIC)


class EarlyMap(QWidget):
    """A window of the map (grids and basemap) and the loading progress under it."""

    def __init__(self, district) -> None:
        super().__init__()
        self.setObjectName("earlyMap")
        title = self.tr("GridTwin — loading %1").replace("%1", district.name)
        self.setWindowTitle(title)
        self.district = district
        self.map = MapView()
        self.map.set_home(district.bounds)
        self.basemap, self.grids = BasemapLayer(district), GridLayer(district)
        self.map.add_layer(self.basemap, Z_BASEMAP)
        self.map.add_layer(self.grids, Z_GRIDS)
        self.static = StaticComposite(district.bounds, [self.basemap, self.grids])
        self.map.add_layer(self.static, Z_STATIC)
        palette = THEMES[Mode.NORMAL.value]
        self.map.set_background(palette.background, dark=False)
        for layer in (self.basemap, self.grids, self.static):
            layer.set_palette(palette)
        self.title = PlainLabel(title)
        self.title.setObjectName("inspectorTitle")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.step = PlainLabel()
        strip = QWidget()
        row = QHBoxLayout(strip)
        row.addWidget(self.title)
        row.addWidget(self.bar, 1)
        row.addWidget(self.step)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.map, 1)
        box.addWidget(strip)
        self._scaled_for = 0

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        height = event.size().height()
        if height != self._scaled_for:  # type for the wall it is on, as the console's
            self._scaled_for = height
            scale = ui_scale_for(height)
            apply_theme(self, Mode.NORMAL, scale)
            font = QFont(self.font())
            font.setFamilies(list(CJK_FAMILIES))
            font.setPixelSize(type_sizes(Mode.NORMAL, scale)["base_px"])
            self.setFont(font)
            self.bar.setMinimumHeight(round(type_sizes(Mode.NORMAL, scale)["base_px"] * 1.2))
            self.map.set_ui_scale(scale)

    def show_progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(round(1000 * fraction))
        self.step.setText(message)

    def paint_whole(self) -> None:
        """The whole district drawn once, sharp: what a first-frame timer waits for."""
        QApplication.processEvents()  # laid out at its size first
        self.map.whole_district()
        viewport = self.map.graphics.viewport()
        self.static.flush()
        viewport.repaint()
        while self.static.drawing:
            self.static.flush()
            viewport.repaint()

    def hand_over(self) -> tuple[MapView, BasemapLayer, GridLayer, StaticComposite]:
        """The map view and its layers, for the console to take. Until the console shows,
        this window keeps a picture of the map, and ``message`` under it: never a blank."""
        picture = QLabel()
        picture.setPixmap(self.map.grab())
        picture.setScaledContents(True)
        picture.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored)
        self.layout().replaceWidget(self.map, picture)
        self.map.setParent(None)
        self.bar.setValue(self.bar.maximum())
        self.step.setText(self.tr("opening the console…"))
        return self.map, self.basemap, self.grids, self.static


__all__ = ["EarlyMap"]

