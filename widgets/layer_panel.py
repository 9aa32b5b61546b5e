"""Layer panel: a checkbox and an opacity slider per map layer."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSlider, QTreeWidget, QTreeWidgetItem

from layers.labels import label


class LayerPanel(QTreeWidget):
    visibilityChanged = Signal(str, bool)
    opacityChanged = Signal(str, float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setRootIsDecorated(False)
        self.items: dict[str, QTreeWidgetItem] = {}
        self.sliders: dict[str, QSlider] = {}
        self.itemChanged.connect(self._on_item)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHeaderLabels([self.tr("Layer"), self.tr("Opacity")])
        for key, item in self.items.items():
            item.setText(0, label(key))

    def add_layer(self, key: str, visible: bool, opacity: float) -> None:
        item = QTreeWidgetItem([label(key), ""])
        item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
        item.setCheckState(0, Qt.Checked if visible else Qt.Unchecked)
        item.setData(0, Qt.UserRole, key)
        self.addTopLevelItem(item)
        slider = QSlider(Qt.Horizontal)
        slider.setRange(0, 100)
        slider.setValue(round(opacity * 100))
        slider.valueChanged.connect(lambda v, k=key: self.opacityChanged.emit(k, v / 100))
        self.setItemWidget(item, 1, slider)
        self.items[key] = item
        self.sliders[key] = slider
        self.resizeColumnToContents(0)

    def set_visible(self, key: str, visible: bool) -> None:
        self.items[key].setCheckState(0, Qt.Checked if visible else Qt.Unchecked)

    def is_checked(self, key: str) -> bool:
        return self.items[key].checkState(0) == Qt.Checked

    def _on_item(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0:
            self.visibilityChanged.emit(item.data(0, Qt.UserRole), item.checkState(0) == Qt.Checked)

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
