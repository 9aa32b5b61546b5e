"""Balanced redraw proposals (ReCom) for a street of about 150 grids at Longhua scale.

    python bench/propose.py [--data FILE.gpkg] [--grids 150] [--steps 600] [--proposals 3] [--cells 30]

The area: the street whose grid count is nearest ``--grids`` above it, cut to that many
grids nearest its centre. Times the whole proposal (units, weights, chains, geometry) and,
in the same run, the current plan measured the same way, as the baseline the proposals are
judged against. Last line: one JSON object with proposals, seconds, best_max_deviation_pct
(and current_max_deviation_pct, units, the ensemble percentile of the current plan).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import shapely  # noqa: E402

from bench.longhua import longhua_path  # noqa: E402
from geodata import load_district  # noqa: E402
from geodata.plan.coverage import check_coverage  # noqa: E402
from geodata.plan.propose import CELLS_PER_GRID, area_units, current_plan, proposal_frame, propose  # noqa: E402
from geodata.spatial_index import CityIndex  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path)
    ap.add_argument("--grids", type=int, default=150)
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--proposals", type=int, default=3)
    ap.add_argument("--tolerance", type=float, default=0.10)
    ap.add_argument("--cells", type=int, default=CELLS_PER_GRID, help="lattice cells per grid (unit size)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    d = load_district(args.data or longhua_path())
    index = CityIndex.from_district(d)
    print(f"loaded {len(d.grids):,} grids in {time.perf_counter() - t0:.1f} s")
    streets = d.grids["street"].astype(str)
    sizes = streets.value_counts()
    street = sizes[sizes >= args.grids].sort_values().index[0] if (sizes >= args.grids).any() else sizes.index[0]
    mine = np.flatnonzero(streets.to_numpy() == street)
    centre = shapely.centroid(shapely.union_all(d.grids.geometry.values[mine]))
    far = shapely.distance(shapely.centroid(d.grids.geometry.values[mine]), centre)
    positions = mine[np.argsort(far)[: args.grids]]
    started = time.perf_counter()
    units = area_units(d, index, positions, cells_per_grid=args.cells)
    now = current_plan(units)
    proposals, ensemble = propose(units, tolerance=args.tolerance, proposals=args.proposals, steps=args.steps, seed=1)
    seconds = time.perf_counter() - started
    best = proposals[0]
    report = check_coverage(proposal_frame(d.grids, positions, units, best).geometry.values)
    pct = ensemble.percentile(now.max_deviation_pct, now.mean_compactness)
    print(f"{street}: {len(positions)} grids, {len(units):,} units, {len(units.edges):,} unit edges")
    print(f"current plan: worst deviation {now.max_deviation_pct:.1f} %, mean compactness {now.mean_compactness:.3f}; "
          f"worse balanced than {pct[0]:.0f} % of the ensemble, more compact than {100 - pct[1]:.0f} %")
    for k, p in enumerate(proposals, 1):
        print(f"proposal {k}: worst deviation {p.max_deviation_pct:.1f} %, mean compactness {p.mean_compactness:.3f}, "
              f"cut edges {p.cut_edges}")
    print(f"{len(proposals)} proposals in {seconds:.1f} s; best as a whole plan: "
          f"{'valid coverage' if report.is_valid else report.counts()}")
    print(json.dumps({"proposals": len(proposals), "seconds": round(seconds, 1),
                      "best_max_deviation_pct": round(best.max_deviation_pct, 1),
                      "current_max_deviation_pct": round(now.max_deviation_pct, 1), "units": len(units),
                      "current_worse_balanced_than_pct": round(pct[0], 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
