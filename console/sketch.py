"""Drawing an area on the map (an emergency's, a space-time query's): the map tool that feeds
the clicks to an :class:`~geodata.emergency.area_sketch.AreaSketch` and shows its corners."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from geodata.emergency.area_sketch import AreaSketch


def sketch_area(window, layer, finished: Callable, cancelled: Callable) -> AreaSketch:
    """Start drawing: ``layer.show_sketch(points)`` follows each corner; ``finished(polygon)``
    (metric) or ``cancelled()`` ends it. The status bar says how."""
    sketch = AreaSketch(finished, cancelled)

    def tool(event) -> bool:
        used = sketch(event)
        layer.show_sketch(sketch.points)
        if sketch.message:
            window.statusBar().showMessage(sketch.message, 8000)
        return used

    window.map.set_tool(tool)
    window.map.setFocus()
    window.statusBar().showMessage(QCoreApplication.translate(
        "AreaSketch", "Click the corners of the area; double-click or Enter to close it, Esc to cancel"), 15000)
    return sketch
