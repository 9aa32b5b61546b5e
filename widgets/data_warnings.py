"""What the loader noticed in the district file and put right by a documented default: one row
each, as plain text, with the CRS the district is stored in."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QListWidget, QListWidgetItem, QVBoxLayout

from widgets.plain_text import PlainLabel, plain_tooltip


class DataWarningsDialog(QDialog):
    def __init__(self, warnings: list[str], storage_crs: str, path: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Data warnings"))
        self.resize(1400, 700)
        self.note = PlainLabel(self.tr("%1 — stored in %2. %3 warnings: each was put right by a documented "
                                       "default (docs/DATA.md); fix them in the source data to silence them.")
                               .replace("%1", path).replace("%2", storage_crs).replace("%3", f"{len(warnings):,}"))
        self.note.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        for text in warnings:
            item = QListWidgetItem(text)
            item.setToolTip(plain_tooltip(text))
            self.list.addItem(item)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.list)


def storage_label(crs) -> str:
    epsg = crs.to_epsg() if crs is not None else None
    return f"EPSG:{epsg} ({crs.name})" if epsg else (crs.name if crs is not None else "?")


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from geodata import load_district

    app = QApplication(sys.argv)
    d = load_district(sys.argv[1] if len(sys.argv) > 1 else "resources/data/demo_small.gpkg")
    DataWarningsDialog(d.warnings or ["(no warnings)"], storage_label(d.storage_crs), str(d.path)).exec()
