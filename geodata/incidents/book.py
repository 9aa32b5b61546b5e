"""Every incident the console knows, as columns that grow as incidents arrive.

Row positions are stable handles shared with the incident map layer, the spatial index
and the incident list: the district's loaded incidents come first, live ones are appended.
Columns are numpy arrays with spare capacity, so a burst appends in amortised O(1) instead
of copying 250,000 rows per message.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import numpy as np
import pandas as pd

from geodata.incidents.deadlines import DeadlineTable
from geodata.incidents.lifecycle import LEVELS, TOP_LEVEL, Event, allowed, step
from geodata.incidents.records import IncidentRecord
from geodata.schema import OPEN_INCIDENT_STATUSES
from geodata.shared_text import shared_text
from geodata.spatial_index import NO_GRID

_DTYPES = {"incident_id": object, "category": object, "severity": np.int64, "status": object, "source": object,
           "reported": float, "due": float, "level": np.int64, "grid": np.int64, "x": float, "y": float,
           "lon": float, "lat": float, "channel": object, "open": bool, "description": object}
_OPEN = frozenset(OPEN_INCIDENT_STATUSES)


def _epoch(t: datetime | None) -> float:
    return np.nan if t is None else t.timestamp()


def _utc(seconds: float) -> datetime | None:
    return None if not np.isfinite(seconds) else datetime.fromtimestamp(float(seconds), timezone.utc)


def _span(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h" if hours < 48 else f"{hours // 24} d {hours % 24} h"


class IncidentBook:
    """The incidents' current state. ``grid_ids[grid[i]]`` is the grid of incident ``i``."""

    def __init__(self, grid_ids, deadlines: DeadlineTable) -> None:
        self._index = None
        self.grid_ids = grid_ids
        self.deadlines = deadlines
        self._n = 0
        self._cols = {name: np.empty(0, dtype=dt) for name, dt in _DTYPES.items()}
        self.positions: dict[str, int] = {}
        self._index = None

    def link_index(self, index) -> None:
        """Read grids from the live spatial index (``assignment['incidents']``), which follows
        boundary edits; the book's own grid column then only seeds it."""
        self._index = index

    @property
    def grid(self) -> np.ndarray:
        if self._index is not None:
            return self._index.assignment["incidents"][: self._n]
        return self._cols["grid"][: self._n]

    @property
    def grid_ids(self) -> np.ndarray:
        return self._index.grid_ids if self._index is not None else self._grid_ids

    @grid_ids.setter
    def grid_ids(self, ids) -> None:
        self._grid_ids = np.asarray(ids, dtype=object)

    # ------------------------------------------------------------------ columns
    def __len__(self) -> int:
        return self._n

    def __getattr__(self, name: str) -> np.ndarray:
        cols = self.__dict__.get("_cols")
        if cols is not None and name in cols:
            return cols[name][: self.__dict__["_n"]]
        raise AttributeError(name)

    def _grow(self, k: int) -> np.ndarray:
        first = self._n
        need = first + k
        cap = len(self._cols["x"])
        if need > cap:
            new_cap = max(need, 2 * cap, 1024)
            for name, col in self._cols.items():
                grown = np.empty(new_cap, dtype=col.dtype)
                grown[:first] = col[:first]
                self._cols[name] = grown
        self._n = need
        return np.arange(first, need)

    # ------------------------------------------------------------------ filling
    @classmethod
    def from_district(cls, district, grid_positions: np.ndarray, deadlines: DeadlineTable) -> "IncidentBook":
        """The loaded incidents; their deadlines count from when they were reported."""
        book = cls(district.grids["grid_id"].to_numpy(), deadlines)
        f = district.incidents
        pos = book._grow(len(f))
        c = book._cols
        c["incident_id"][pos] = shared_text(f["incident_id"])
        c["category"][pos] = shared_text(f["category"])
        c["severity"][pos] = f["severity"].to_numpy(dtype=np.int64)
        c["status"][pos] = shared_text(f["status"])
        c["open"][pos] = f["status"].isin(OPEN_INCIDENT_STATUSES).to_numpy()
        c["source"][pos] = shared_text(f["source"])
        c["reported"][pos] = (f["reported_at"] - pd.Timestamp(0, tz="UTC")).dt.total_seconds().to_numpy()
        c["level"][pos] = np.where(c["status"][pos] == "escalated", 1, 0)
        c["grid"][pos] = np.asarray(grid_positions[: len(f)], dtype=np.int64)
        c["x"][pos] = f.geometry.x.to_numpy()
        c["y"][pos] = f.geometry.y.to_numpy()
        lon, lat = district.to_lonlat(c["x"][pos], c["y"][pos]) if len(f) else ([], [])
        c["lon"][pos], c["lat"][pos] = lon, lat
        c["channel"][pos] = "district"
        c["description"][pos] = ""
        limits = book._limits(c["category"][pos], c["severity"][pos])
        c["due"][pos] = np.where(c["open"][pos], c["reported"][pos] + limits, np.nan)
        book.positions = dict(zip(c["incident_id"][pos].tolist(), range(len(f))))
        return book

    def _limits(self, category: np.ndarray, severity: np.ndarray) -> np.ndarray:
        """Seconds allowed per level for each incident: looked up once per (category, severity)."""
        if len(category) == 0:
            return np.zeros(0)
        codes, cats = pd.factorize(np.asarray(category, dtype=object))
        sev = np.asarray(severity, dtype=np.int64)
        key = codes.astype(np.int64) * 64 + np.clip(sev, 0, 63)  # one integer per (category, severity)
        pairs, which = np.unique(key, return_inverse=True)
        return np.array([self.deadlines.seconds(cats[k // 64], int(k % 64)) for k in pairs], dtype=float)[which]

    def add(self, records: list[IncidentRecord], xy: tuple[np.ndarray, np.ndarray], grids: np.ndarray) -> np.ndarray:
        """Append new incidents (their metric x/y and grid positions given); returns positions.

        A record whose id is already known updates that incident instead (a restored state)."""
        known = [k for k, r in enumerate(records) if r.incident_id in self.positions]
        for k in known:
            self.restore(self.positions[records[k].incident_id], records[k])
        fresh = [k for k, r in enumerate(records) if r.incident_id not in self.positions]
        pos = self._grow(len(fresh))
        c = self._cols
        for p, k in zip(pos, fresh):
            r = records[k]
            c["incident_id"][p], c["category"][p], c["severity"][p] = r.incident_id, r.category, r.severity
            c["status"][p], c["source"][p], c["channel"][p] = r.status, r.source, r.channel
            c["description"][p] = r.description or ""
            c["open"][p] = r.status in _OPEN
            c["reported"][p], c["due"][p], c["level"][p] = _epoch(r.reported_at), _epoch(r.due_at), r.level
            c["lon"][p], c["lat"][p] = r.lon, r.lat
            self.positions[r.incident_id] = int(p)
        fresh_idx = np.asarray(fresh, dtype=np.int64)
        c["x"][pos], c["y"][pos] = np.asarray(xy[0])[fresh_idx], np.asarray(xy[1])[fresh_idx]
        c["grid"][pos] = np.asarray(grids, dtype=np.int64)[fresh_idx]
        return pos

    def restore(self, position: int, r: IncidentRecord) -> None:
        """Take the stored state of a known incident (after a restart)."""
        c = self._cols
        c["status"][position], c["level"][position], c["due"][position] = r.status, r.level, _epoch(r.due_at)
        c["open"][position] = r.status in _OPEN
        if r.description:  # what the report said, once the store has it (a file's incidents had none)
            c["description"][position] = r.description
        if r.channel and r.channel != "console" and c["channel"][position] == "district":
            c["channel"][position] = r.channel

    # ------------------------------------------------------------------ reading
    def record(self, position: int) -> IncidentRecord:
        c, p = self._cols, position
        g = int(self.grid[p])
        return IncidentRecord(
            str(c["incident_id"][p]), str(c["category"][p]), int(c["severity"][p]), str(c["status"][p]),
            str(c["source"][p]), _utc(c["reported"][p]), float(c["lon"][p]), float(c["lat"][p]),
            None if g == NO_GRID else str(self.grid_ids[g]), int(c["level"][p]), _utc(c["due"][p]),
            str(c["channel"][p]), str(c["description"][p] or ""))

    def open_mask(self) -> np.ndarray:
        """Which incidents are open: a column kept with every status change, not a string
        comparison over 250,000 rows each time a count is shown."""
        return self._cols["open"][: self._n].copy()

    def overdue_mask(self, now: datetime) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return self.open_mask() & (self.due < now.timestamp())

    def counts_by_status(self, mask: np.ndarray | None = None) -> dict[str, int]:
        status = self.status if mask is None else self.status[mask]
        codes, names = pd.factorize(np.asarray(status, dtype=object))  # missing ones are not counted
        counts = np.bincount(codes[codes >= 0], minlength=len(names))
        return {str(k): int(v) for k, v in sorted(zip(names, counts), key=lambda kv: -kv[1])}

    def open_per_grid(self) -> np.ndarray:
        g = self.grid[self.open_mask()]
        return np.bincount(g[g != NO_GRID], minlength=len(self.grid_ids))

    def allowed(self, position: int) -> list[str]:
        return allowed(str(self.status[position]), int(self.level[position]))

    def level_name(self, position: int) -> str:
        return LEVELS[int(self.level[position])]

    # ------------------------------------------------------------------ changing
    def act(self, position: int, action: str, *, who: str, at: datetime, note: str = "") -> Event:
        """Apply a lifecycle action (raises LifecycleError when not allowed); returns its event."""
        c = self._cols
        event = step(str(c["incident_id"][position]), str(c["status"][position]), int(c["level"][position]),
                     action, who=who, at=at, note=note)
        c["status"][position], c["level"][position] = event.to_status, event.level
        c["open"][position] = event.to_status in _OPEN
        if action == "escalate":  # a new level has its own time limit
            c["due"][position] = at.timestamp() + self.deadlines.seconds(c["category"][position], c["severity"][position])
        return replace(event, due_at=_utc(c["due"][position]))

    def apply(self, event: Event) -> int | None:
        """Take an event decided elsewhere (a feed's cancel); returns the position it changed."""
        p = self.positions.get(event.incident_id)
        if p is None:
            return None
        c = self._cols
        c["status"][p], c["level"][p] = event.to_status, event.level
        c["open"][p] = event.to_status in _OPEN
        if event.due_at is not None:
            c["due"][p] = event.due_at.timestamp()
        return p

    def escalate_overdue(self, now: datetime, who: str = "system") -> list[tuple[int, Event]]:
        """Escalate every overdue incident one level (those at district level stay overdue)."""
        due = np.flatnonzero(self.overdue_mask(now) & (self.level < TOP_LEVEL))
        out = []
        for p in due:
            note = f"overdue by {_span(now.timestamp() - self.due[p])} at {LEVELS[int(self.level[p])]} level"
            out.append((int(p), self.act(int(p), "escalate", who=who, at=now, note=note)))
        return out
