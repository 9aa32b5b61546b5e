"""Replay a period of the district's history, and compare it under two plans.

A replay is a clock over [start, end] running at ×60 to ×3600: at each moment the map shows
the incidents reported so far in the period, the newest marked. The same period can be laid
over two plan versions (the active one and a proposal): which grid each incident falls in,
and what that meant for each grid worker. That is the time travel plan versions promise:
"had this plan been in force, who would have carried what".
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

SPEEDS = (60, 300, 900, 3600)  # simulated seconds per real second
RECENT_S = 3600.0  # an incident reported within the last simulated hour is drawn as new


@dataclass
class ReplayClock:
    """Where the replay is. ``at`` moves by ``speed`` simulated seconds per real second."""

    start: float
    end: float
    speed: int = 600
    at: float | None = None

    def __post_init__(self) -> None:
        if not (np.isfinite(self.start) and np.isfinite(self.end) and self.end > self.start):
            raise ValueError("a replay needs a period that ends after it begins")
        if not (60 <= self.speed <= 3600):
            raise ValueError(f"speed ×{self.speed} is outside ×60 to ×3600")
        if self.at is None:
            self.at = self.start

    def advance(self, real_s: float) -> bool:
        """Move on by ``real_s`` real seconds; False once the end is reached."""
        self.at = min(self.end, self.at + real_s * self.speed)
        return self.at < self.end

    def seek(self, fraction: float) -> None:
        self.at = self.start + min(max(fraction, 0.0), 1.0) * (self.end - self.start)

    @property
    def fraction(self) -> float:
        return (self.at - self.start) / (self.end - self.start)


def period_rows(history, start: float, end: float) -> np.ndarray:
    """History rows reported in [start, end], in time order."""
    rows = np.flatnonzero((history.reported >= start) & (history.reported <= end))
    return rows[np.argsort(history.reported[rows], kind="stable")]


def shown_at(history, rows: np.ndarray, at: float) -> tuple[np.ndarray, np.ndarray]:
    """Of ``rows`` (time ordered): those reported by ``at``, and which of them are new."""
    k = int(np.searchsorted(history.reported[rows], at, side="right"))
    seen = rows[:k]
    return seen, history.reported[seen] > at - RECENT_S


def assign(geoms, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Which polygon of ``geoms`` holds each point (-1: none; the first on a shared edge)."""
    out = np.full(len(x), -1, dtype=np.int64)
    if not len(x):
        return out
    tree = shapely.STRtree(np.asarray(geoms, dtype=object))
    pts, polys = tree.query(shapely.points(x, y), predicate="intersects")
    order = np.lexsort((polys, pts))
    pts, polys = pts[order], polys[order]
    first = np.r_[True, pts[1:] != pts[:-1]] if len(pts) else np.zeros(0, dtype=bool)
    out[pts[first]] = polys[first]
    return out


def load_under(history, rows: np.ndarray, grids, end: float) -> pd.DataFrame:
    """Per grid of a plan (``grids``: a frame with ``grid_id``, ``name``, ``grid_worker`` and
    metric geometry): incidents of ``rows``, the open incident-hours its worker carried within
    the period (closed minus reported, or until the period's end), and the share of the mean."""
    where = assign(grids.geometry.values, history.x[rows], history.y[rows])
    n = len(grids)
    ok = where >= 0
    closed = np.where(np.isfinite(history.closed[rows]), history.closed[rows], end)
    hours = np.clip(np.minimum(closed, end) - history.reported[rows], 0, None) / 3600.0
    count = np.bincount(where[ok], minlength=n)[:n]
    load = np.bincount(where[ok], weights=hours[ok], minlength=n)[:n]
    mean = count.mean() if n else 0.0
    return pd.DataFrame({
        "grid_id": grids["grid_id"].astype(str).to_numpy(),
        "name": grids["name"].astype(str).to_numpy() if "name" in grids else grids["grid_id"].astype(str).to_numpy(),
        "grid_worker": grids["grid_worker"].fillna("").astype(str).to_numpy() if "grid_worker" in grids else "",
        "incidents": count, "open_hours": np.round(load, 1),
        "share_of_mean": np.where(mean > 0, count / mean if mean else 0.0, np.nan),
    }).sort_values("incidents", ascending=False, kind="stable").reset_index(drop=True)


def summary(table: pd.DataFrame) -> dict:
    """How even a plan's load was: grids, incidents, the busiest grid against the mean, the
    coefficient of variation, and the grids carrying more than 1.5× the mean."""
    c = table["incidents"].to_numpy(dtype=float)
    mean = c.mean() if len(c) else 0.0
    return {"grids": int(len(c)), "incidents": int(c.sum()),
            "max_over_mean": float(c.max() / mean) if mean > 0 else float("nan"),
            "cv": float(c.std() / mean) if mean > 0 else float("nan"),
            "overloaded": int((c > 1.5 * mean).sum()) if mean > 0 else 0,
            "open_hours": float(table["open_hours"].sum())}


def compare(history, start: float, end: float, active, proposed) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The period's load per grid under ``active`` and ``proposed`` grids, and both summaries."""
    rows = period_rows(history, start, end)
    a, b = load_under(history, rows, active, end), load_under(history, rows, proposed, end)
    return a, b, {"active": summary(a), "proposed": summary(b)}
