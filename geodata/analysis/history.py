"""The incident history the analyses read: every incident the console knows, with its closed
loop's outcome (when it was closed, against which deadline, whether it was escalated, how
satisfied the caller was), as flat arrays aligned with the incident book's positions.

Outcomes come from the store's event log where the incident has one; the district file's own
``closed_at`` and ``satisfaction`` columns fill in for past incidents it carries. What neither
knows stays NaN: an index is computed from what happened, never from a guess.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geodata.incidents.book import IncidentBook
from geodata.incidents.deadlines import DeadlineTable
from geodata.schema import OPEN_INCIDENT_STATUSES

_EPOCH = pd.Timestamp(0, tz="UTC")


@dataclass
class IncidentHistory:
    """Row ``i`` is the book's incident ``i``. Times are UTC epoch seconds (NaN: not known)."""

    ids: np.ndarray
    category: np.ndarray
    severity: np.ndarray
    source: np.ndarray
    status: np.ndarray
    x: np.ndarray
    y: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    reported: np.ndarray
    closed: np.ndarray
    deadline: np.ndarray
    escalated: np.ndarray
    satisfaction: np.ndarray
    grid: np.ndarray  # position in the district's grids (-1: outside every grid)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def open(self) -> np.ndarray:
        return np.isin(self.status, OPEN_INCIDENT_STATUSES)

    @property
    def on_time(self) -> np.ndarray:
        """1.0 closed by its deadline, 0.0 closed late, NaN not closed or no deadline known."""
        known = np.isfinite(self.closed) & np.isfinite(self.deadline)
        return np.where(known, (self.closed <= self.deadline).astype(float), np.nan)

    @classmethod
    def from_book(cls, book: IncidentBook, district=None, outcomes: dict | None = None) -> "IncidentHistory":
        """The book's incidents; ``district``'s frame gives the past incidents' outcomes, the
        store's ``outcomes`` (``Store.incident_outcomes()``) those with an event log."""
        n = len(book)
        limits = book._limits(book.category, book.severity) if n else np.zeros(0)
        reported = book.reported.astype(float).copy()
        deadline = reported + limits  # the first level's deadline, as the book gives it at report
        closed = np.full(n, np.nan)
        satisfaction = np.full(n, np.nan)
        escalated = (book.level > 0) | (book.status == "escalated")
        if district is not None and len(district.incidents):
            file_closed, file_satisfaction = district._once("outcomes", "incidents", _file_outcomes)
            loaded = min(len(file_closed), n)
            closed[:loaded] = file_closed[:loaded]
            satisfaction[:loaded] = file_satisfaction[:loaded]
        for iid, (done, due, up) in (outcomes or {}).items():
            p = book.positions.get(iid)
            if p is None:
                continue
            if done is not None:
                closed[p] = done.timestamp()
            if due is not None:
                deadline[p] = due.timestamp()
            escalated[p] |= bool(up)
        return cls(book.incident_id.copy(), book.category.copy(), book.severity.copy(), book.source.copy(),
                   book.status.copy(), book.x.copy(), book.y.copy(), book.lon.copy(), book.lat.copy(), reported,
                   closed, deadline, escalated.astype(bool), satisfaction, book.grid.astype(np.int64).copy())

    @classmethod
    def of(cls, district, index, store=None, deadlines: DeadlineTable | None = None) -> "IncidentHistory":
        """The history as a console would hold it: the district's incidents, then the store's
        (an :class:`~geodata.incidents.store.IncidentStore`), placed on grids by ``index``."""
        book = book_of(district, index, store, deadlines)
        outcomes = store.store.incident_outcomes() if store is not None else None
        return cls.from_book(book, district, outcomes)


def _file_outcomes(frame) -> tuple[np.ndarray, np.ndarray]:
    """The district file's own ``closed_at`` (epoch s) and ``satisfaction``, NaN where absent;
    read once per loaded frame (the file's past does not change)."""
    nan = np.full(len(frame), np.nan)
    closed, satisfaction = nan.copy(), nan.copy()
    if "closed_at" in frame:
        c = pd.to_datetime(frame["closed_at"], utc=True, errors="coerce")
        closed = (c - _EPOCH).dt.total_seconds().to_numpy(dtype=float, na_value=np.nan)
    if "satisfaction" in frame:
        satisfaction = pd.to_numeric(frame["satisfaction"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return closed, satisfaction


def book_of(district, index, store=None, deadlines: DeadlineTable | None = None) -> IncidentBook:
    """An incident book as the console builds it at start: loaded incidents, then every stored
    one (known ones take their stored state, new ones are placed on a grid through ``index``)."""
    book = IncidentBook.from_district(district, index.assignment["incidents"], deadlines or DeadlineTable.load())
    book.link_index(index)
    if store is None:
        return book
    records = store.incidents()
    fresh = []
    for r in records:
        p = book.positions.get(r.incident_id)
        if p is None:
            fresh.append(r)
        else:
            book.restore(p, r)
    if fresh:
        x, y = district.from_lonlat(np.array([r.lon for r in fresh]), np.array([r.lat for r in fresh]))
        x, y = np.atleast_1d(x), np.atleast_1d(y)
        _, grids = index.add_points("incidents", x, y)
        book.add(fresh, (x, y), grids)
    return book
