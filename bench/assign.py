"""Load a district and assign every point to its grid; check against geopandas' spatial join.

    python bench/assign.py [--data FILE.gpkg]

Default: a `longhua`-scale district generated into bench/longhua.gpkg on first use.
Last line: one JSON object with load and assignment times and the disagreement count.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402

from geodata import load_district  # noqa: E402
from geodata.spatial_index import CityIndex  # noqa: E402
from bench.longhua import longhua_path  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path)
    args = ap.parse_args()
    path = args.data or longhua_path()
    t = time.perf_counter()
    district = load_district(path)
    load_s = time.perf_counter() - t
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        index = CityIndex.from_district(district)
        runs.append(time.perf_counter() - t)
    ids = district.grids["grid_id"].to_numpy()
    disagree, points = 0, 0
    t = time.perf_counter()
    for layer in ("sensors", "cameras", "incidents"):
        frame = district.layer(layer)
        joined = gpd.sjoin(frame[["geometry"]], district.grids[["grid_id", "geometry"]], how="left", predicate="intersects")
        # On shared boundaries sjoin lists every grid; the index picks the smallest grid_id.
        first = joined.groupby(level=0)["grid_id"].min().reindex(frame.index).fillna("-").to_numpy(dtype=object)
        a = index.assignment[layer]
        mine = np.where(a >= 0, ids[np.maximum(a, 0)], "-")
        disagree += int((first != mine).sum())
        points += len(frame)
    sjoin_s = time.perf_counter() - t
    result = {"grids": len(district.grids), "points": points, "load_s": round(load_s, 2),
              "assign_median_s": round(statistics.median(runs), 3), "sjoin_s": round(sjoin_s, 2),
              "disagreements": disagree}
    print(f"loaded {path} in {load_s:.2f}s; indexed and assigned {points} points in "
          f"{statistics.median(runs):.3f}s (median of 3); geopandas sjoin took {sjoin_s:.2f}s; "
          f"{disagree} disagreements")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
