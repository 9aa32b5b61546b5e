"""Emergency switch time on a `longhua`-scale district, at 3840x2160, offscreen.

    python bench/emergency.py [--data FILE.gpkg] [--points N]

A switch is what the duty officer waits for after confirming the declaration: the record
written to the GeoPackage, the map centred on the focus with the rings drawn, the other
layers faded, the emergency panel shown, the mode and theme switched — the window's posted
events (layout, polish) handled and the whole window painted once. Then the picture
(grids, people, buildings, sites, sensors, cameras that see the focus, shelters) is
computed on the next turn of the event loop and painted: that is ``filled``. Every type is
declared at N points spread over the district (busy centres and quiet edges), each stood
down before the next.
Baseline, in the same process: the plain mode switch (normal → emergency → normal theme
and layout, no picture) with the same paint.
Last line: one JSON object with keys switch_ms_median, switch_ms_p90, switch_ms_max,
filled_ms_median, picture_ms_median, baseline_mode_ms_median, ratio_to_mode_switch, declarations.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.longhua import longhua_path  # noqa: E402

W, H = 3840, 2160


def ms(samples: list[float], q: float = 0.5) -> float:
    return round(float(np.quantile(samples, q)) * 1000, 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path)
    ap.add_argument("--points", type=int, default=4)
    args = ap.parse_args()
    source = args.data or longhua_path()

    from PySide6.QtCore import QSettings

    from console.app import make_app
    app = make_app(["bench"])
    from console.main_window import MainWindow
    from geodata import load_district
    from geodata.emergency.picture import EMERGENCY_TYPES, compute
    from geodata.emergency.record import EmergencyStore
    from geodata.modes import Mode

    work = Path(tempfile.mkdtemp(prefix="gridtwin-bench-"))
    data = work / "district.gpkg"
    shutil.copyfile(source, data)  # declarations are recorded: never in the bench's source file
    t0 = time.perf_counter()
    district = load_district(data)
    window = MainWindow(district, operator="bench", emergencies=EmergencyStore(data),
                        settings=QSettings(str(work / "s.ini"), QSettings.IniFormat))
    window.resize(W, H)
    window.show()
    for _ in range(20):
        app.processEvents()
    print(f"loaded {len(district.grids):,} grids, {len(district.sensors):,} sensors, {len(district.cameras):,} "
          f"cameras and built the console in {time.perf_counter() - t0:.1f} s")

    rng = np.random.default_rng(11)
    grids = district.grids
    busy = np.argsort(grids["population"].to_numpy())[::-1][: args.points // 2]
    quiet = rng.choice(len(grids), args.points - len(busy), replace=False)
    points = []
    for g in np.concatenate([busy, quiet]):
        c = grids.geometry.iloc[int(g)].representative_point()
        lon, lat = district.to_lonlat(c.x, c.y)
        points.append((float(lon), float(lat)))

    def painted(action) -> float:
        t = time.perf_counter()
        action()
        app.sendPostedEvents()
        window.repaint()
        return time.perf_counter() - t

    baseline = []
    for _ in range(5):
        baseline.append(painted(lambda: window.machine.switch(Mode.EMERGENCY, "bench")))
        painted(lambda: window.machine.switch(Mode.NORMAL, "bench"))

    switch, ready, picture = [], [], []
    for etype in EMERGENCY_TYPES:
        for lon, lat in points:
            t = time.perf_counter()
            compute(district, etype, 2, lon, lat, window.emergency.config)
            picture.append(time.perf_counter() - t)
            t = time.perf_counter()
            window.emergency.declare(etype, 2, lon, lat, source="bench")
            app.sendPostedEvents()  # layout and polish, not timers: the picture is not computed yet
            window.repaint()  # the first frame of the emergency: theme, rings, focus, panel title
            switch.append(time.perf_counter() - t)
            while window.emergency.picture is None:  # the lists fill in on the next turn of the loop
                app.processEvents()
            window.repaint()
            ready.append(time.perf_counter() - t)
            window.emergency.stand_down("bench")
            for _ in range(3):
                app.processEvents()
        print(f"{etype:14s} switch {ms(switch[-len(points):])} ms median over {len(points)} points")
    result = {"switch_ms_median": ms(switch), "switch_ms_p90": ms(switch, 0.9), "switch_ms_max": ms(switch, 1.0),
              "filled_ms_median": ms(ready), "picture_ms_median": ms(picture), "baseline_mode_ms_median": ms(baseline),
              "ratio_to_mode_switch": round(statistics.median(switch) / statistics.median(baseline), 2),
              "declarations": len(switch)}
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
