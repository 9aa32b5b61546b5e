"""Run one panel alone on the bundled demo (``python -m widgets.<panel>``): the console's theme
at the screen's size, its fonts, and the demo district loaded once."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "resources" / "data" / "demo_small.gpkg"


def run_alone(build: Callable, title: str, size: tuple[int, int] = (1600, 1100)) -> int:
    """``build(district, index)`` makes the widget; it is shown in the normal theme. With
    GRIDTWIN_PANEL_SNAPSHOT=FILE.png the panel is drawn to that file and the run ends."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from geodata import load_district
    from geodata.modes import Mode
    from geodata.spatial_index import CityIndex
    from widgets.theme import CJK_FAMILIES, apply_theme, ui_scale_for

    app = QApplication.instance() or QApplication(sys.argv)
    font = QFont()
    font.setFamilies(list(CJK_FAMILIES) + [QFont().defaultFamily()])
    app.setFont(font)
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO
    district = load_district(path)
    widget = build(district, CityIndex.from_district(district))
    screen = app.primaryScreen()
    height = screen.availableGeometry().height() if screen is not None else size[1]
    apply_theme(widget, Mode.NORMAL, ui_scale_for(max(height, 1080)))
    widget.setWindowTitle(title)
    widget.resize(*size)
    widget.show()
    shot = os.environ.get("GRIDTWIN_PANEL_SNAPSHOT")
    if shot:  # look at it without a screen: laid out, painted once, saved, closed
        from PySide6.QtCore import QTimer
        QTimer.singleShot(800, lambda: (widget.grab().save(shot), app.quit()))
    return app.exec()
