"""Feedback time of a boundary edit: one vertex move to updated validation, reassignment and balance.

    python bench/redraw.py [--data FILE.gpkg] [--moves N]

Default: a `longhua`-scale district generated into bench/longhua.gpkg on first use.
Each move drags a vertex shared by three or more grids by a few metres and is
undone (untimed) before the next. "move" is the incremental path the editor
uses: the edit command, the index reassigning only points in the changed area, the
coverage re-check of the touched region and the balance update. "full recompute" is
the same result from scratch in the same process: a whole-plan coverage check, every
point located again, every count rebuilt. Both are checked to agree.
Last line: one JSON object with keys move_ms, full_recompute_ms, ratio, balance_step_ms (the balance
panel's update for one step of a drag, drawn) and balance_step_ms_p95.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import shapely  # noqa: E402

from bench.longhua import longhua_path  # noqa: E402
from geodata import load_district  # noqa: E402
from geodata.plan import edits  # noqa: E402
from geodata.plan.balance import PEOPLE, WorkloadBalance  # noqa: E402
from geodata.plan.coverage import check_coverage  # noqa: E402
from geodata.plan.history import EditHistory  # noqa: E402
from geodata.plan.model import GridPlan  # noqa: E402
from geodata.spatial_index import GridIndex  # noqa: E402


def shared_vertices(plan: GridPlan, count: int, rng) -> list[tuple[float, float]]:
    """Interior vertices held by three or more grids, spread over the district."""
    out = []
    for pos in rng.permutation(plan.live_positions()):
        for x, y in shapely.get_coordinates(plan.geoms[pos])[:-1]:
            holders = edits.vertex_holders(plan, float(x), float(y))
            if len(holders) >= 3:
                out.append((float(x), float(y)))
                break
        if len(out) == count:
            break
    return out


def full_recompute(plan: GridPlan) -> tuple[object, WorkloadBalance]:
    """Everything the edit updates, computed from nothing."""
    report = check_coverage(plan.geoms, plan.reference)
    ids = [a["grid_id"] if a else "" for a in plan.attrs]
    index = GridIndex(plan.geoms, ids)
    assignment = {name: index.locate(p.x, p.y) for name, p in plan.index.points.items()}
    balance = WorkloadBalance(plan.geoms, SimpleNamespace(assignment=assignment),
                              plan.index.weights[PEOPLE], plan.balance._incident_open)
    return report, balance


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path)
    ap.add_argument("--moves", type=int, default=60)
    args = ap.parse_args()
    path = args.data or longhua_path()

    t0 = time.perf_counter()
    district = load_district(path)
    plan = GridPlan(district)
    history = EditHistory(plan)
    print(f"loaded {len(plan)} grids, {sum(len(p) for p in plan.index.points.values()):,} points "
          f"in {time.perf_counter() - t0:.1f} s")

    rng = np.random.default_rng(11)
    vertices = shared_vertices(plan, args.moves, rng)
    step_ms = balance_steps(plan, history, vertices[: max(10, args.moves // 2)], rng)
    move_ms, moved = [], []
    for k, (x, y) in enumerate(vertices):
        dx, dy = rng.uniform(-8, 8, 2)
        t = time.perf_counter()
        outcome = history.push(edits.move_vertex(plan, (x, y), (x + dx, y + dy)))
        move_ms.append((time.perf_counter() - t) * 1000)
        moved.append(outcome.moved_count())
        history.undo()

    full_ms = []
    for _ in range(5):
        t = time.perf_counter()
        report, balance = full_recompute(plan)
        full_ms.append((time.perf_counter() - t) * 1000)

    # The incremental state must equal the from-scratch one (checked after a last, kept move).
    x, y = vertices[0]
    history.push(edits.move_vertex(plan, (x, y), (x + 5.0, y - 3.0)))
    report, balance = full_recompute(plan)
    assert report.counts() == plan.report.counts(), (report.counts(), plan.report.counts())
    assert (balance.sensors == plan.balance.sensors).all()
    assert np.allclose(balance.population, plan.balance.population)
    assert np.allclose(balance.workload, plan.balance.workload)

    move, full = statistics.median(move_ms), statistics.median(full_ms)
    print(f"vertex move → validation + reassignment + balance: median {move:.2f} ms "
          f"(p90 {np.percentile(move_ms, 90):.2f} ms, {len(move_ms)} moves, median {statistics.median(moved):.0f} points moved)")
    print(f"full recompute: median {full:.1f} ms over {len(full_ms)} runs")
    print(f"ratio {full / move:.1f}x; one 60 Hz frame is 16.7 ms; plan valid after the moves: {plan.report.is_valid}")
    step, step95 = statistics.median(step_ms), float(np.percentile(step_ms, 95))
    print(f"balance panel during a drag (a step's chart, tables and outlines, drawn): median {step:.2f} ms, "
          f"p95 {step95:.2f} ms over {len(step_ms)} steps")
    print(json.dumps({"move_ms": round(move, 2), "full_recompute_ms": round(full, 1), "ratio": round(full / move, 1),
                      "balance_step_ms": round(step, 2), "balance_step_ms_p95": round(step95, 2)}))


def balance_steps(plan: GridPlan, history: EditHistory, vertices, rng) -> list[float]:
    """Drag each vertex in ten small steps; time the balance panel's update for each step as
    the console does it (chart, tables), up to the panel drawn in an offscreen window."""
    import os
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    from widgets.balance_panel import BalancePanel
    app = QApplication.instance() or QApplication([])
    panel = BalancePanel()
    panel.resize(1200, 1400)
    panel.show()
    ids = [a["grid_id"] if a else "" for a in plan.attrs]
    panel.show_balance(plan.balance, ids)
    app.processEvents()
    out = []
    for x, y in vertices:
        at = (x, y)
        for _ in range(10):
            nxt = (at[0] + rng.uniform(-1.5, 1.5), at[1] + rng.uniform(-1.5, 1.5))
            outcome = history.push(edits.move_vertex(plan, at, nxt))
            at = nxt
            t = time.perf_counter()
            panel.show_balance(plan.balance, ids, outcome.before, outcome.after)
            panel.repaint()
            app.processEvents()
            out.append((time.perf_counter() - t) * 1000)
        for _ in range(10):
            history.undo()
    return out


if __name__ == "__main__":
    main()
