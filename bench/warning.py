"""Backtest of the early warning on a year of generated history with planted surges.

    python bench/warning.py [--data FILE.gpkg] [--per-year N] [--surges-per-month N] [--seed N]

Background incidents follow each grid's population, the hour of day, the weekday and a few
district-wide storm days (which must not raise warnings: they are not local). Into it, surges
of known grids, start times, lengths and sizes are planted, rising to a peak and falling off.
Each test month is scanned hour by hour with a baseline trained only on the months before it.
A warning is a hit when it falls in a surge of its grid (from its start to 6 h after its end).
Last line: one JSON object with precision, recall and lead_hours (the median time from the first
warning to the surge's peak; positive: before the peak).
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
from geodata.analysis.warning import HOUR, WarningRule, hourly_counts, scan, shares  # noqa: E402

HOUR_PROFILE = np.array([0.3, 0.2, 0.15, 0.12, 0.12, 0.2, 0.45, 0.8, 1.2, 1.4, 1.45, 1.4,
                         1.25, 1.3, 1.4, 1.45, 1.4, 1.35, 1.3, 1.2, 1.0, 0.8, 0.6, 0.45])
MATCH_AFTER_H = 6


def background(pop: np.ndarray, per_year: int, start: float, hours: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """Grid positions and times of the ordinary incidents of a year."""
    weight = np.maximum(pop, 1.0) ** 0.8 * rng.lognormal(0, 0.4, len(pop))
    hour_w = np.tile(HOUR_PROFILE, hours // 24 + 1)[:hours]
    day = np.arange(hours) // 24
    weekday = (np.floor(start / 86400).astype(int) + 3 + day) % 7  # 1970-01-01 was a Thursday
    hour_w = hour_w * np.where(weekday >= 5, 0.85, 1.0)
    storm_days = rng.choice(hours // 24, 8, replace=False)
    hour_w = hour_w * np.where(np.isin(day, storm_days), 2.5, 1.0)
    h = rng.choice(hours, per_year, p=hour_w / hour_w.sum())
    g = rng.choice(len(pop), per_year, p=weight / weight.sum())
    return g, start + (h + rng.random(per_year)) * HOUR


def plant(n_grids: int, months: list[tuple[float, float]], per_month: int, rng):
    """Surges: (grid, start, peak, end, size) and their incidents' grids and times."""
    surges, grids, times = [], [], []
    for m0, m1 in months:
        for _ in range(per_month):
            g = int(rng.integers(n_grids))
            length_h = float(rng.uniform(12, 48))
            size = int(rng.integers(8, 31))
            s0 = float(rng.uniform(m0, m1 - length_h * HOUR))
            peak = s0 + length_h * HOUR / 2
            t = rng.triangular(s0, peak, s0 + length_h * HOUR, size)
            surges.append((g, s0, peak, s0 + length_h * HOUR, size))
            grids.append(np.full(size, g))
            times.append(t)
    return surges, np.concatenate(grids), np.concatenate(times)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, help="a district GeoPackage (its grids and population)")
    p.add_argument("--per-year", type=int, default=500_000, help="ordinary incidents in the year")
    p.add_argument("--surges-per-month", type=int, default=10)
    p.add_argument("--seed", type=int, default=5)
    args = p.parse_args()
    import pyogrio
    grids = pyogrio.read_dataframe(args.data or longhua_path(), layer="grids", read_geometry=False)
    pop = grids["population"].to_numpy(dtype=float)
    n = len(pop)
    rng = np.random.default_rng(args.seed)
    tz = timezone(timedelta(hours=8))
    bounds = [datetime(2025 + (12 + k - 1) // 12, (12 + k - 1) % 12 + 1, 1, tzinfo=tz).timestamp() for k in range(13)]
    start, hours = bounds[0], int((bounds[-1] - bounds[0]) // HOUR)
    t0 = time.perf_counter()
    bg_g, bg_t = background(pop, args.per_year, start, hours, rng)
    test_months = list(zip(bounds[1:-1], bounds[2:]))
    surges, s_g, s_t = plant(n, test_months, args.surges_per_month, rng)
    counts = hourly_counts(np.r_[bg_g, s_g], np.r_[bg_t, s_t], n, start, hours)
    print(f"{n} grids, {args.per_year:,} ordinary incidents and {len(surges)} planted surges "
          f"({len(s_t):,} incidents) over {hours // 24} days ({time.perf_counter() - t0:.1f} s)")

    rule = WarningRule()
    t0 = time.perf_counter()
    warnings = []
    for m0, m1 in test_months:
        h0, h1 = int((m0 - start) // HOUR), int((m1 - start) // HOUR)
        share = shares(counts[:, :h0].sum(axis=1))  # trained on the months before this one only
        warnings += scan(counts, share, range(h0, h1), rule, start)
    scan_s = time.perf_counter() - t0

    by_grid: dict[int, list] = {}
    for s in surges:
        by_grid.setdefault(s[0], []).append(s)
    hits, first = 0, {}
    for w in warnings:
        match = next((s for s in by_grid.get(w.grid, []) if s[1] <= w.at <= s[3] + MATCH_AFTER_H * HOUR), None)
        if match is not None:
            hits += 1
            first.setdefault(match, w.at)
    precision = hits / len(warnings) if warnings else 0.0
    recall = len(first) / len(surges) if surges else 0.0
    leads = [(s[2] - at) / HOUR for s, at in first.items()]
    lead = float(np.median(leads)) if leads else float("nan")
    missed = [s for s in surges if s not in first]
    print(f"scanned {len(test_months)} months hour by hour in {scan_s:.1f} s: {len(warnings)} warnings, "
          f"{hits} in a surge; {len(first)} of {len(surges)} surges found")
    print(f"precision {precision:.3f}, recall {recall:.3f}, lead before the peak: median {lead:.1f} h "
          f"(p10 {np.percentile(leads, 10):.1f} h, p90 {np.percentile(leads, 90):.1f} h)" if leads else "no surge found")
    if missed:
        sizes = np.array([s[4] for s in missed])
        print(f"missed surges: sizes median {np.median(sizes):.0f} (of 8–30), lengths median "
              f"{np.median([(s[3] - s[1]) / HOUR for s in missed]):.0f} h")
    print(json.dumps({"precision": round(precision, 3), "recall": round(recall, 3),
                      "lead_hours": round(lead, 1), "warnings": len(warnings), "surges": len(surges),
                      "grids": n, "scan_s": round(scan_s, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
