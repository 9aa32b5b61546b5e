"""Which incidents a list shows and in what order: filters and sort keys as numpy over the
book's columns, so filtering 250,000 incidents takes milliseconds, not a Python call per row."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from geodata.incidents.book import IncidentBook
from geodata.schema import OPEN_INCIDENT_STATUSES

SORT_COLUMNS = ("reported", "severity", "category", "status", "due", "grid", "level")  # as the list shows them


@dataclass(frozen=True)
class IncidentFilter:
    """``status``: None for all, "open" for every open state, or one status code.
    ``grid`` matches a grid id or name (substring, any case). Times are UTC epoch seconds."""

    status: str | None = "open"
    category: str | None = None
    min_severity: int = 1
    grid: str = ""
    since: float | None = None
    until: float | None = None
    overdue_only: bool = False
    grids: frozenset[int] | None = None  # only these grid positions (a street or community chosen)


def matching(book: IncidentBook, f: IncidentFilter, now: datetime, grid_names=None) -> np.ndarray:
    """Mask of the incidents that pass ``f``."""
    n = len(book)
    mask = np.ones(n, dtype=bool)
    if f.status == "open":
        mask &= book.open_mask()
    elif f.status:
        mask &= book.status == f.status
    if f.category:
        mask &= book.category == f.category
    if f.min_severity > 1:
        mask &= book.severity >= f.min_severity
    if f.since is not None:
        mask &= book.reported >= f.since
    if f.until is not None:
        mask &= book.reported <= f.until
    if f.overdue_only:
        mask &= book.overdue_mask(now)
    if f.grids is not None:
        mask &= np.isin(book.grid, np.fromiter(f.grids, dtype=np.int64, count=len(f.grids)))
    text = f.grid.strip().lower()
    if text:
        ids = pd.Series(book.grid_ids.astype(str)).str.lower()
        hit = ids.str.contains(text, regex=False).to_numpy().copy()
        if grid_names is not None:  # names of the loaded grids; grids added by an edit match by id only
            names = pd.Series(np.asarray(grid_names, dtype=str)[: len(hit)]).str.lower()
            hit[: len(names)] |= names.str.contains(text, regex=False).to_numpy()
        g = book.grid
        mask &= (g >= 0) & hit[np.clip(g, 0, None)]
    return mask


def ordered(book: IncidentBook, mask: np.ndarray, column: str = "reported", descending: bool = True) -> np.ndarray:
    """Positions passing ``mask`` sorted by ``column`` (ties: newest first)."""
    pos = np.flatnonzero(mask)
    if column == "grid":
        key = book.grid_ids[np.clip(book.grid[pos], 0, None)].astype(str)
    elif column in ("category", "status"):
        key = getattr(book, column)[pos].astype(str)
    elif column == "due":
        key = np.nan_to_num(book.due[pos], nan=np.inf)
    else:
        key = getattr(book, column)[pos]
    if column == "reported":
        order = np.argsort(book.reported[pos] if not descending else -book.reported[pos], kind="stable")
        return pos[order]
    frame = pd.DataFrame({"key": key, "t": book.reported[pos]})
    order = frame.sort_values(["key", "t"], ascending=[not descending, False], kind="stable").index.to_numpy()
    return pos[order]


def open_status_counts(book: IncidentBook, now: datetime) -> dict[str, int]:
    """Incidents per open status, plus resolved (awaiting review) and overdue."""
    counts = book.counts_by_status()
    out = {s: counts.get(s, 0) for s in OPEN_INCIDENT_STATUSES + ("resolved",)}
    out["overdue"] = int(book.overdue_mask(now).sum())
    return out
