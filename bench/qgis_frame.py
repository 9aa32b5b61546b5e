"""Cold full frames of a district GeoPackage rendered by QGIS's own map renderer.

    python3 bench/qgis_frame.py FILE.gpkg EPSG XMIN YMIN XMAX YMAX WIDTH HEIGHT [--runs N] [--png OUT]

Run by the Python that has QGIS (Debian's ``python3-qgis``), not the project's venv: it imports
nothing of GridTwin. ``bench/render.py`` starts it in the same run, with the extent the console
shows for the whole district, so both draw the same layers of the same file at the same size.
Every layer of the file is drawn with a plain style (fills, lines, 10 px markers), bottom to top
as the console stacks them, in the console's metric CRS. QGIS reads its features from the file
for every render, so each render is cold; the first also opens the layers.
Each render is timed twice: with the sequential job (one thread, as the console draws) and the
parallel job (what QGIS's map canvas uses). Last line: one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    Qgis, QgsApplication, QgsCoordinateReferenceSystem, QgsFillSymbol, QgsLineSymbol, QgsMapRendererParallelJob,
    QgsMapRendererSequentialJob, QgsMapSettings, QgsMarkerSymbol, QgsRectangle, QgsSingleSymbolRenderer,
    QgsVectorLayer, QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

# Bottom to top, as the console stacks them, with the console's normal-mode colours.
LAYERS = [("water", "#9ecae1"), ("buildings", "#d9d4cc"), ("roads", "#ffffff"), ("grids", "#78c6a3"),
          ("risk_sites", "#e07b39"), ("shelters", "#2b8cbe"), ("cameras", "#5b3fb8"), ("sensors", "#2e9e5b"),
          ("incidents", "#eb5757")]


def styled(path: str, name: str, color: str) -> QgsVectorLayer | None:
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    if not layer.isValid():
        return None
    kind = layer.geometryType()
    if kind == QgsWkbTypes.PointGeometry:
        symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": color, "size": "10",
                                               "size_unit": "Pixel", "outline_color": "#1b2838"})
    elif kind == QgsWkbTypes.LineGeometry:
        symbol = QgsLineSymbol.createSimple({"color": color, "width": "1", "width_unit": "Pixel"})
    else:
        symbol = QgsFillSymbol.createSimple({"color": color, "outline_color": "#3d4b5c",
                                             "outline_width": "1", "outline_width_unit": "Pixel"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    return layer


def render_ms(settings: QgsMapSettings, job_class, png: str | None = None) -> float:
    t = time.perf_counter()
    job = job_class(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    took = (time.perf_counter() - t) * 1000
    if png:
        image.save(png)
    return took


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("epsg", type=int)
    ap.add_argument("bbox", type=float, nargs=4)
    ap.add_argument("width", type=int)
    ap.add_argument("height", type=int)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--png", help="also write the first render here, to look at")
    args = ap.parse_args()

    app = QgsApplication([], False)
    QgsApplication.setPrefixPath("/usr", True)
    app.initQgis()
    t = time.perf_counter()
    layers = [layer for name, color in LAYERS if (layer := styled(args.path, name, color)) is not None]
    opened_ms = (time.perf_counter() - t) * 1000
    settings = QgsMapSettings()
    settings.setLayers(list(reversed(layers)))  # QGIS lists the top layer first
    settings.setDestinationCrs(QgsCoordinateReferenceSystem(f"EPSG:{args.epsg}"))
    settings.setExtent(QgsRectangle(*args.bbox))
    settings.setOutputSize(QSize(args.width, args.height))
    settings.setBackgroundColor(QColor("#e4e9ee"))
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    first = render_ms(settings, QgsMapRendererSequentialJob, args.png)
    sequential = [render_ms(settings, QgsMapRendererSequentialJob) for _ in range(args.runs)]
    parallel = [render_ms(settings, QgsMapRendererParallelJob) for _ in range(args.runs)]
    features = sum(layer.featureCount() for layer in layers)
    print(f"QGIS {Qgis.QGIS_VERSION}: {len(layers)} layers, {features:,} features at {args.width}x{args.height}; "
          f"first render {first:.0f} ms, sequential median {statistics.median(sequential):.0f} ms, "
          f"parallel median {statistics.median(parallel):.0f} ms")
    print(json.dumps({"qgis_version": Qgis.QGIS_VERSION, "layers": len(layers), "features": features,
                      "open_ms": round(opened_ms, 1), "first_ms": round(first, 1),
                      "sequential_ms": round(statistics.median(sequential), 1),
                      "sequential_max_ms": round(max(sequential), 1),
                      "parallel_ms": round(statistics.median(parallel), 1),
                      "parallel_max_ms": round(max(parallel), 1)}), flush=True)
    # QGIS 3.22's exitQgis() crashes when its Python bindings free layers after it: leave at once.
    os._exit(0)


if __name__ == "__main__":
    main()
