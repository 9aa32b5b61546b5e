"""Frame times of the map at 3840x2160, offscreen, against a naive pyqtgraph rendering.

    python bench/render.py [--data FILE.gpkg] [--frames N]

Default: a `longhua`-scale district generated into bench/longhua.gpkg on first use.
The console's map (all its layers, its level of detail) is rendered alone at 3840x2160
with Qt's raster engine. A frame is: set the view (the layers choose what to draw),
then paint the whole canvas synchronously. Scenes: the whole district; a street-level
view (1 m/px) over the busiest grid; a 20-step zoom from district to street, each step made
as the mouse wheel makes it (one step of a motion, MapView.motion); a 20-step pan at street
level; a district frame while 100 new incidents arrive.
The naive baseline is the same data drawn the plain way in the same process: one
ScatterPlotItem per point layer holding every point, one path item per grid.
Also: the p95 of zoom, pan and burst frames; street_cold_ms, a street-level frame that jumps
three views away and back (out of every cached margin, toward the side whose destination is over the
district's grids); and first_frame_s, launch to the first full
frame as a separate process (``main.py --first-frame``): the whole district's grids and basemap,
drawn while the points are still read; console_frame_s, launch to the console's first full
frame with every point on it. Both on the file as a first start leaves it (each point's grid
kept under the plan, see geodata.point_grids).
cold_district_ms: a whole-district frame with nothing cached (every layer chooses its detail
again, the density is binned again, the static image is redrawn). Where a Python with QGIS is
found (Debian's python3-qgis; $GRIDTWIN_QGIS_PYTHON, else /usr/bin/python3), QGIS's own map
renderer draws a cold full frame of the same file's layers at the same size and extent
(``bench/qgis_frame.py``, a separate process in the same run): qgis_cold_ms (its map canvas's
parallel job), qgis_sequential_ms (one thread) and qgis_ratio = qgis_cold_ms / cold_district_ms;
null where QGIS is not importable.
Last line: one JSON object with keys district_ms, street_ms, zoom_ms, pan_ms, burst_ms,
naive_district_ms, naive_street_ms, ratio_district, ratio_street, peak_rss_mb, zoom_ms_p95,
pan_ms_p95, burst_ms_p95, street_cold_ms, first_frame_s, cold_district_ms, qgis_cold_ms,
qgis_sequential_ms, qgis_ratio, peak_rss_with_naive_mb, console_frame_s. peak_rss_mb is the console's own peak,
taken before the naive baseline is built; peak_rss_with_naive_mb is the whole process's.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.longhua import longhua_path  # noqa: E402

W, H = 3840, 2160
STREET_M_PER_PX = 1.0


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def p95_ms(samples: list[float]) -> float:
    return round(float(np.percentile(np.asarray(samples) * 1000, 95)), 2)


def keep_point_grids(path: Path, district) -> dict[str, str]:
    """What a console's first start leaves in the file: each point's grid under this plan, so
    the launches measured are the start a command centre sees every day after the first."""
    from geodata.point_grids import index_district
    from geodata.store import open_store
    store = open_store(path)
    try:
        return index_district(district, store)[1]
    finally:
        store.close()


def first_frame_s(path: Path, runs: int = 3) -> tuple[float, float]:
    """Launch to first full frame (the whole district's grids and basemap, drawn sharp while
    the points are still read), and launch to the console's first full frame with every
    point: medians over separate processes, the console as a user starts it."""
    import subprocess
    first, console = [], []
    for _ in range(runs):
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--data", str(path), "--first-frame",
                                 "--size", f"{W}x{H}"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), text=True)
        for line in proc.stdout:
            if '"first_frame"' in line:
                first.append(time.perf_counter() - t)
            elif '"console_frame"' in line:
                console.append(time.perf_counter() - t)
                break
        proc.wait(timeout=300)
    median = lambda xs: round(statistics.median(xs), 2) if xs else float("nan")  # noqa: E731
    return median(first), median(console)


def qgis_python() -> str | None:
    """A Python that imports QGIS: $GRIDTWIN_QGIS_PYTHON, else the system's python3."""
    import subprocess
    for candidate in (os.environ.get("GRIDTWIN_QGIS_PYTHON"), "/usr/bin/python3"):
        if candidate and Path(candidate).exists() and subprocess.run(
                [candidate, "-c", "import qgis.core"], capture_output=True,
                env=dict(os.environ, QT_QPA_PLATFORM="offscreen")).returncode == 0:
            return candidate
    return None


def qgis_frame(path: Path, epsg: int, rect) -> dict | None:
    """QGIS's cold full frame of the same file (bench/qgis_frame.py), or None without QGIS."""
    import subprocess
    python = qgis_python()
    if python is None:
        print("QGIS not importable (apt-get install python3-qgis): no qgis_ratio")
        return None
    out = subprocess.run([python, str(ROOT / "bench" / "qgis_frame.py"), str(path), str(epsg),
                          *(str(v) for v in (rect.left(), rect.top(), rect.right(), rect.bottom())), str(W), str(H)],
                         capture_output=True, text=True, timeout=900,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines:
        print(f"QGIS frame failed ({out.returncode}): {out.stderr.strip()[-300:]}")
        return None
    print(lines[-2] if len(lines) > 1 else "")
    return json.loads(lines[-1])


class Canvas:
    """A MapView shown alone at W x H; ``frame`` sets a view and paints it synchronously."""

    def __init__(self, app, view) -> None:
        self.app, self.view = app, view
        view.setParent(None)
        view.resize(W, H)
        view.show()
        app.processEvents()
        self.viewport = view.graphics.viewport()

    def frame(self, change=None) -> float:
        t = time.perf_counter()
        if change is not None:
            change()
        self.viewport.repaint()
        return time.perf_counter() - t

    def settle(self, seconds: float = 0.4) -> None:
        """Let the event loop run as it does between frames (deferred sharpening timers fire)."""
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.app.processEvents()
            time.sleep(0.01)

    def scene(self, setup, frames: int) -> float:
        """Steady frames of one view: a wall showing it, after the first frame and a settle."""
        setup()
        self.app.processEvents()
        self.frame()
        self.settle()
        samples = []
        for _ in range(frames):
            samples.append(self.frame())
            self.app.processEvents()
        return median_ms(samples)


def cold_jump(rect, bounds, views: float = 3.0) -> tuple[float, float]:
    """The pan (in views) of ``views`` views east, west, north or south whose destination's centre
    lies deepest inside ``bounds`` (minx, miny, maxx, maxy)."""
    cx, cy = rect.center().x(), rect.center().y()
    minx, miny, maxx, maxy = bounds

    def depth(fx: float, fy: float) -> float:
        x, y = cx + fx * rect.width(), cy + fy * rect.height()
        return min(x - minx, maxx - x, y - miny, maxy - y)
    return max([(views, 0.0), (-views, 0.0), (0.0, views), (0.0, -views)], key=lambda j: depth(*j))


def naive_view(district):
    """The baseline: everything in plain pyqtgraph items, no level of detail."""
    import pyqtgraph as pg
    from PySide6.QtGui import QBrush, QColor, QPen
    from PySide6.QtWidgets import QGraphicsPathItem

    from layers.base import rings_path
    from widgets.map_view import MapView

    view = MapView()
    view.set_home(district.bounds)
    pen = QPen(QColor("#3d4b5c"))
    pen.setCosmetic(True)
    brush = QBrush(QColor(49, 130, 189, 120))
    for geom in district.grids.geometry.values:
        item = QGraphicsPathItem(rings_path([geom]))
        item.setPen(pen)
        item.setBrush(brush)
        view.box.addItem(item, ignoreBounds=True)
    for name, color in (("cameras", "#5b3fb8"), ("sensors", "#2e9e5b"), ("incidents", "#eb5757")):
        frame = district.layer(name)
        scatter = pg.ScatterPlotItem(x=frame.geometry.x.to_numpy(), y=frame.geometry.y.to_numpy(), size=10,
                                     brush=pg.mkBrush(color), pen=pg.mkPen("#1b2838"), pxMode=True)
        view.box.addItem(scatter, ignoreBounds=True)
    return view


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path)
    ap.add_argument("--frames", type=int, default=15)
    args = ap.parse_args()
    path = args.data or longhua_path()

    from console.app import make_app
    app = make_app(["bench"])
    from console.main_window import MainWindow
    from geodata import load_district

    t0 = time.perf_counter()
    district = load_district(path)
    window = MainWindow(district)
    print(f"loaded {len(district.grids):,} grids, {len(district.sensors):,} sensors, {len(district.cameras):,} "
          f"cameras, {len(district.incidents):,} incidents and built the console in {time.perf_counter() - t0:.1f} s")
    canvas = Canvas(app, window.map)
    view = window.map
    busiest = int(np.argmax(district.grids["population"].to_numpy()))
    street = district.grids.geometry.iloc[busiest].centroid
    home_mpp = None

    def district_view():
        nonlocal home_mpp
        view.whole_district()
        home_mpp = view.view_state().metres_per_px

    def street_view():
        view.centre_on(street.x, street.y, metres_per_px=STREET_M_PER_PX)

    results = {}
    results["district_ms"] = canvas.scene(district_view, args.frames)
    results["street_ms"] = canvas.scene(street_view, args.frames)

    # Zoom: 20 geometric steps from the whole district to street level.
    district_view()
    app.processEvents()
    canvas.frame()
    steps = np.geomspace(home_mpp, STREET_M_PER_PX, 21)[1:]

    def zoom_step(m):
        with view.motion():  # what a wheel event does: the point layers' detail follows when it stops
            view.centre_on(street.x, street.y, metres_per_px=m)
    zoom = [canvas.frame(lambda m=m: zoom_step(m)) for m in steps]
    results["zoom_ms"] = median_ms(zoom)
    results["zoom_ms_p95"] = p95_ms(zoom)

    # Pan: 20 steps of 5 % of the width at street level.
    street_view()
    app.processEvents()
    canvas.frame()
    pan = [canvas.frame(lambda: view.pan_by(0.05, 0.0)) for _ in range(20)]
    results["pan_ms"] = median_ms(pan)
    results["pan_ms_p95"] = p95_ms(pan)

    # Street level, cold: each frame jumps three views away and back, out of every cached margin,
    # toward whichever side keeps the destination over the district's grids (a jump off the
    # district's edge would time an empty frame).
    street_view()
    app.processEvents()
    canvas.frame()
    canvas.settle()
    jump = cold_jump(view.view_state().rect, district.grids.total_bounds)
    cold = []
    for k in range(6):
        fx, fy = jump if k % 2 == 0 else (-jump[0], -jump[1])
        cold.append(canvas.frame(lambda fx=fx, fy=fy: view.pan_by(fx, fy)))
        canvas.settle(0.3)
    results["street_cold_ms"] = median_ms(cold)

    # Burst: 100 new incidents arrive between frames, district view.
    district_view()
    app.processEvents()
    canvas.frame()
    rng = np.random.default_rng(5)
    grids = district.grids.geometry.values
    layer = window.layers["incidents"]
    burst = []
    for _ in range(5):
        def arrive():
            pts = [grids[k].representative_point() for k in rng.integers(len(grids), size=100)]
            x, y = np.array([p.x for p in pts]), np.array([p.y for p in pts])
            window.index.add_points("incidents", x, y)
            layer.add_many(x, y, rng.integers(1, 5, size=100), ["reported"] * 100)
        burst.append(canvas.frame(arrive))
    results["burst_ms"] = median_ms(burst)
    results["burst_ms_p95"] = p95_ms(burst)

    # Cold: nothing cached, every layer chooses its detail and the static image is drawn again.
    district_view()
    app.processEvents()
    canvas.frame()
    canvas.settle()

    def forget():
        for key in ("incidents", "sensors", "cameras"):
            window.layers[key].restyle()
        window.static.invalidate()
    cold_district = []
    for _ in range(5):
        cold_district.append(canvas.frame(forget))
        canvas.settle(0.3)
    results["cold_district_ms"] = median_ms(cold_district)
    extent = view.view_state().rect

    # The console's own peak, before the baseline adds its 580,000 plain symbols to the process.
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)

    # The naive baseline, same scenes, same process.
    window.hide()
    naive = Canvas(app, naive_view(district))
    results["naive_district_ms"] = naive.scene(lambda: naive.view.whole_district(), max(3, args.frames // 3))
    results["naive_street_ms"] = naive.scene(
        lambda: naive.view.centre_on(street.x, street.y, metres_per_px=STREET_M_PER_PX), max(3, args.frames // 3))
    results["ratio_district"] = round(results["naive_district_ms"] / results["district_ms"], 1)
    results["ratio_street"] = round(results["naive_street_ms"] / results["street_ms"], 1)
    results["peak_rss_with_naive_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)
    print("points' grids for the launches: " + ", ".join(f"{k} {v}" for k, v in keep_point_grids(path, district).items()))
    results["first_frame_s"], results["console_frame_s"] = first_frame_s(path)
    qgis = qgis_frame(path, district.metric_crs.to_epsg(), extent)
    results["qgis_cold_ms"] = qgis["parallel_ms"] if qgis else None
    results["qgis_sequential_ms"] = qgis["sequential_ms"] if qgis else None
    results["qgis_ratio"] = round(qgis["parallel_ms"] / results["cold_district_ms"], 1) if qgis else None

    print(f"frame medians at {W}x{H} (ms): district {results['district_ms']}, street {results['street_ms']}, "
          f"zoom {results['zoom_ms']} (max {max(zoom) * 1000:.0f}), pan {results['pan_ms']} (max {max(pan) * 1000:.0f}), "
          f"burst {results['burst_ms']}; p95 zoom {results['zoom_ms_p95']}, pan {results['pan_ms_p95']}, burst "
          f"{results['burst_ms_p95']}; street cold {results['street_cold_ms']}")
    print(f"launch to first full frame: {results['first_frame_s']} s (grids and basemap; every point on the "
          f"console at {results['console_frame_s']} s; medians of 3 separate processes)")
    print(f"cold whole-district frame {results['cold_district_ms']} ms (max {max(cold_district) * 1000:.0f}); "
          f"QGIS, same file, layers and size: {results['qgis_cold_ms']} ms (parallel), "
          f"{results['qgis_sequential_ms']} ms (sequential): {results['qgis_ratio']}x")
    print(f"naive baseline (ms): district {results['naive_district_ms']}, street {results['naive_street_ms']}; "
          f"ratio {results['ratio_district']}x district, {results['ratio_street']}x street; "
          f"one 60 Hz frame is 16.7 ms; peak RSS {results['peak_rss_mb']:.0f} MB (the console), "
          f"{results['peak_rss_with_naive_mb']:.0f} MB with the baseline")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
