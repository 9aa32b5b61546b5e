"""Legend: what each visible layer's colours and symbols mean, following what is shown."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QLinearGradient, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from layers.base import LegendEntry
from layers.cameras import CAMERA
from layers.labels import label
from layers.style import text_on

_SYMBOLS = pg.graphicsItems.ScatterPlotItem.Symbols


def legend_icon(entry: LegendEntry, px: int, dark: bool) -> QIcon:
    pix = QPixmap(px, px)
    pix.fill(Qt.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.Antialiasing)
    color = QColor(entry.color)
    outline = QColor("#000000" if not dark else "#ffffff")
    if entry.shape == "fill":
        p.setPen(QPen(outline, 1))
        p.setBrush(QBrush(color))
        p.drawRect(QRectF(2, 2, px - 4, px - 4))
    elif entry.shape == "line":
        p.setPen(QPen(color, max(1.0, entry.size)))
        p.drawLine(QPointF(2, px / 2), QPointF(px - 2, px / 2))
    elif entry.shape == "cluster":  # a circle with a count, as the map draws cameras together
        p.setPen(QPen(outline, 1.5))
        p.setBrush(QBrush(color))
        p.drawEllipse(QRectF(1, 1, px - 2, px - 2))
        font = p.font()
        font.setPixelSize(max(7, round(px * 0.45)))
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor(text_on(color)))
        p.drawText(QRectF(0, 0, px, px), Qt.AlignCenter, "12")
    elif entry.shape == "ramp":  # a density: clear to full, as the map's surface goes
        ramp = QLinearGradient(2, 0, px - 2, 0)
        clear = QColor(color)
        clear.setAlpha(0)
        strong = QColor(color)
        strong.setAlpha(190)
        ramp.setColorAt(0, clear)
        ramp.setColorAt(1, strong)
        p.setPen(QPen(outline, 1))
        p.setBrush(QBrush(ramp))
        p.drawRect(QRectF(2, px * 0.2, px - 4, px * 0.6))
    elif entry.shape == "cone":
        c = QColor(color)
        c.setAlpha(90)
        p.setPen(QPen(color, 1))
        p.setBrush(c)
        p.drawPie(QRectF(-px * 0.6, px * 0.1, px * 1.6, px * 1.6), 30 * 16, 60 * 16)
    else:
        path = CAMERA if entry.shape == "camera" else _SYMBOLS.get(entry.shape, _SYMBOLS["o"])
        size = min(px - 4, max(8.0, entry.size * px / 34))
        p.translate(px / 2, px / 2)
        p.scale(size, size)
        pen = QPen(QColor(entry.ring), 3.5 / size) if entry.ring else QPen(outline, 1.5 / size)
        p.setPen(pen)
        p.setBrush(QBrush(color))
        p.drawPath(path)
    p.end()
    return QIcon(pix)


class LegendPanel(QTreeWidget):
    """One bold row per visible layer, then one row per legend entry with its swatch."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setSelectionMode(QTreeWidget.NoSelection)
        self.setFocusPolicy(Qt.NoFocus)
        self.icon_px = 28
        self.dark = False
        self._icons: dict[tuple[LegendEntry, int, bool], QIcon] = {}  # the legend is rebuilt on every theme change

    def show_layers(self, layers: list[tuple[str, list[LegendEntry]]]) -> None:
        self.clear()
        self.setIconSize(QSize(self.icon_px, self.icon_px))
        for key, entries in layers:
            head = QTreeWidgetItem([label(key)])
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            head.setData(0, Qt.UserRole, key)
            self.addTopLevelItem(head)
            for e in entries:
                item = QTreeWidgetItem([e.label])
                key = (e, self.icon_px, self.dark)
                if key not in self._icons:
                    self._icons[key] = legend_icon(*key)
                item.setIcon(0, self._icons[key])
                self.addTopLevelItem(item)

    def layer_keys(self) -> list[str]:
        return [self.topLevelItem(i).data(0, Qt.UserRole) for i in range(self.topLevelItemCount())
                if self.topLevelItem(i).data(0, Qt.UserRole)]
