"""Space-time query at Longhua scale: a year of 1,000,000 incidents and 10,000,000 sensor
readings, asked "what was within R metres of here between t1 and t2" from random places.

    python bench/query.py [--data FILE.gpkg] [--incidents N] [--readings N] [--queries N]

The index's answer is timed (incidents + readings + alarms + cameras + workers, as the map
and the CLI ask it) and checked against a brute-force scan of every row in the same run.
Last line: one JSON object with query_ms_median, query_ms_p95, brute_ms_median and ratio.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.longhua import longhua_path  # noqa: E402
from geodata.analysis.history import IncidentHistory  # noqa: E402
from geodata.analysis.query import IndexedReadings, SpaceTimeQuery  # noqa: E402
from geodata.analysis.spacetime import Place, brute_force  # noqa: E402
from geodata.loader import load_district  # noqa: E402
from geodata.schema import INCIDENT_CATEGORIES  # noqa: E402

YEAR_S = 365 * 86400


def history_of(district, n: int, start: float, rng) -> IncidentHistory:
    """``n`` incidents over a year, placed like the district's incidents (around its sensors)."""
    sx, sy = district.point_xy("sensors")
    pick = rng.integers(len(sx), size=n)
    x, y = sx[pick] + rng.normal(0, 60, n), sy[pick] + rng.normal(0, 60, n)
    lon, lat = (np.asarray(v) for v in district.to_lonlat(x, y))
    t = start + np.sort(rng.uniform(0, YEAR_S, n))
    cat = np.asarray(INCIDENT_CATEGORIES, dtype=object)[rng.integers(len(INCIDENT_CATEGORIES), size=n)]
    nan = np.full(n, np.nan)
    return IncidentHistory(np.array([f"Q{i:07d}" for i in range(n)], dtype=object), cat, rng.integers(1, 5, n),
                           np.full(n, "hotline", dtype=object), np.full(n, "closed", dtype=object), x, y, lon, lat,
                           t, nan, nan, np.zeros(n, bool), nan, np.full(n, -1))


def stats(ms: list[float]) -> tuple[float, float, float]:
    a = np.asarray(ms)
    return float(np.median(a)), float(np.percentile(a, 95)), float(a.max())


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path)
    p.add_argument("--incidents", type=int, default=1_000_000)
    p.add_argument("--readings", type=int, default=10_000_000)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--brute", type=int, default=20, help="how many of the queries are also answered by brute force")
    args = p.parse_args()
    rng = np.random.default_rng(21)
    t0 = time.perf_counter()
    district = load_district(args.data or longhua_path())
    print(f"district: {len(district.grids)} grids, {len(district.sensors)} sensors, {len(district.cameras)} cameras "
          f"({time.perf_counter() - t0:.1f} s)")
    start = datetime(2025, 12, 1, tzinfo=timezone(timedelta(hours=8))).timestamp()
    t0 = time.perf_counter()
    history = history_of(district, args.incidents, start, rng)
    r_sensor = rng.integers(len(district.sensors), size=args.readings)
    r_t = start + rng.uniform(0, YEAR_S, args.readings)
    thr = district.sensors["threshold"].to_numpy(dtype=float, na_value=np.nan)
    r_value = np.nan_to_num(thr[r_sensor], nan=1.0) * rng.uniform(0.2, 1.05, args.readings)
    print(f"generated {args.incidents:,} incidents and {args.readings:,} readings ({time.perf_counter() - t0:.1f} s)")

    t0 = time.perf_counter()
    readings = IndexedReadings(district, r_sensor, r_t, r_value)
    query = SpaceTimeQuery(district, history, readings)
    build_s = time.perf_counter() - t0
    print(f"index built in {build_s:.1f} s")

    sx, sy = district.point_xy("sensors")
    asked, brute, mismatches, found_incidents, found_readings = [], [], 0, [], []
    for k in range(args.queries):
        s = int(rng.integers(len(sx)))
        lon, lat = (float(v) for v in district.to_lonlat(sx[s] + rng.normal(0, 100), sy[s] + rng.normal(0, 100)))
        radius = float(rng.choice([100.0, 200.0, 500.0]))
        days = float(rng.choice([1, 7, 30]))
        t1 = start + float(rng.uniform(0, YEAR_S - days * 86400))
        since = datetime.fromtimestamp(t1, timezone.utc)
        until = since + timedelta(days=days)
        place = Place.circle(district, lon, lat, radius)
        c0 = time.perf_counter()
        result = query.ask(place, since, until)
        asked.append((time.perf_counter() - c0) * 1000)
        found_incidents.append(len(result.incidents))
        found_readings.append(len(result.readings.t))
        if k < args.brute:
            c0 = time.perf_counter()
            a = brute_force(place, t1, until.timestamp(), history.x, history.y, history.reported, history.lon,
                            history.lat)
            ri = readings.index
            b = brute_force(place, t1, until.timestamp(), ri.x, ri.y, ri.t, ri.lon, ri.lat)
            brute.append((time.perf_counter() - c0) * 1000)
            if not (np.array_equal(a, np.sort(result.incidents)) and len(b) == len(result.readings.t)):
                mismatches += 1
    q50, q95, qmax = stats(asked)
    b50, b95, bmax = stats(brute)
    print(f"query: median {q50:.1f} ms, p95 {q95:.1f} ms, max {qmax:.1f} ms over {len(asked)} questions "
          f"(median {np.median(found_incidents):.0f} incidents, {np.median(found_readings):.0f} readings found)")
    print(f"brute force: median {b50:.0f} ms, p95 {b95:.0f} ms over {len(brute)}; answers differ in {mismatches}")
    print(json.dumps({"query_ms_median": round(q50, 2), "query_ms_p95": round(q95, 2), "query_ms_max": round(qmax, 2),
                      "brute_ms_median": round(b50, 1), "ratio": round(q50 / b50, 4), "mismatches": mismatches,
                      "index_build_s": round(build_s, 1), "incidents": args.incidents, "readings": args.readings,
                      "queries": len(asked)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
