"""Emergencies as they are declared, commanded and stood down, kept in the store.

An active emergency is one without ``stood_down_at``: a console that restarts finds it and
reopens in emergency mode with the same focus. The log is append-only and attributed. On a
shared store every console sees a declaration, a log entry and a stand-down as it happens.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from geodata.store import Store, open_store
from geodata.store.base import Emergency, LogEntry

__all__ = ["Emergency", "EmergencyStore", "LogEntry"]


class EmergencyStore:
    def __init__(self, where: str | Path | Store, *, readonly: bool = False) -> None:
        """``where``: a district GeoPackage, a ``postgresql://`` URL or an open store."""
        self.store = open_store(where, readonly=readonly)

    @property
    def path(self):
        return self.store.where

    def declare(self, etype: str, level: int, lon: float, lat: float, who: str, *, area_wkt: str | None = None,
                source: str = "", picture: dict | None = None, at: datetime | None = None) -> Emergency:
        return self.store.declare_emergency(etype, level, lon, lat, who, area_wkt=area_wkt, source=source,
                                            picture=picture, at=at)

    def log(self, emergency_id: int, who: str, kind: str, text: str, at: datetime | None = None) -> LogEntry:
        return self.store.log_emergency(emergency_id, who, kind, text, at)

    def save_picture(self, emergency_id: int, picture: dict) -> None:
        self.store.save_picture(emergency_id, picture)

    def stand_down(self, emergency_id: int, who: str, note: str, at: datetime | None = None) -> Emergency:
        return self.store.stand_down(emergency_id, who, note, at)

    def get(self, emergency_id: int) -> Emergency:
        return self.store.emergency(emergency_id)

    def active(self) -> Emergency | None:
        return self.store.active_emergency()

    def picture(self, emergency_id: int) -> dict:
        return self.store.picture(emergency_id)

    def entries(self, emergency_id: int) -> list[LogEntry]:
        return self.store.log_entries(emergency_id)

    def close(self) -> None:
        self.store.close()
