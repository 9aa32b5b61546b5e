"""Emergencies as they are declared, commanded and stood down, kept in the GeoPackage.

An active emergency is one without ``stood_down_at``: a console that restarts finds it and
reopens in emergency mode with the same focus. The log is append-only and attributed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from geodata.localtime import utc_now
from geodata.sqlite_wal import connect_for_reading, connect_wal

SCHEMA = """
CREATE TABLE IF NOT EXISTS gridtwin_emergencies (
    id INTEGER PRIMARY KEY, type TEXT NOT NULL, level INTEGER NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL,
    area_wkt TEXT, source TEXT NOT NULL DEFAULT '', declared_at TEXT NOT NULL, declared_by TEXT NOT NULL,
    stood_down_at TEXT, stood_down_by TEXT, closing_note TEXT, picture TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS gridtwin_emergency_log (
    id INTEGER PRIMARY KEY, emergency_id INTEGER NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL,
    kind TEXT NOT NULL, text TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Emergency:
    id: int
    type: str
    level: int
    lon: float
    lat: float
    area_wkt: str | None
    source: str
    declared_at: datetime
    declared_by: str
    stood_down_at: datetime | None = None
    closing_note: str | None = None


@dataclass(frozen=True)
class LogEntry:
    at: datetime
    who: str
    kind: str   # "declare", "order", "note", "state", "stand_down", "report"
    text: str


class EmergencyStore:
    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        """``readonly``: only read the file (a snapshot); it is never created or written."""
        self.path = Path(path)
        self._con = connect_for_reading(self.path, SCHEMA) if readonly else connect_wal(self.path, SCHEMA)

    def declare(self, etype: str, level: int, lon: float, lat: float, who: str, *, area_wkt: str | None = None,
                source: str = "", picture: dict | None = None, at: datetime | None = None) -> Emergency:
        at = at or utc_now()
        with self._con:
            cur = self._con.execute(
                "INSERT INTO gridtwin_emergencies (type, level, lon, lat, area_wkt, source, declared_at, declared_by,"
                " picture) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (etype, level, lon, lat, area_wkt, source, at.isoformat(), who,
                 json.dumps(picture or {}, ensure_ascii=False)))
            eid = int(cur.lastrowid)
            self._log(eid, at, who, "declare", f"{etype} level {level} at {lon:.6f}, {lat:.6f}"
                      + (f" ({source})" if source else ""))
        return self.get(eid)

    def log(self, emergency_id: int, who: str, kind: str, text: str, at: datetime | None = None) -> LogEntry:
        at = at or utc_now()
        with self._con:
            self._log(emergency_id, at, who, kind, text)
        return LogEntry(at, who, kind, text)

    def _log(self, eid: int, at: datetime, who: str, kind: str, text: str) -> None:
        self._con.execute("INSERT INTO gridtwin_emergency_log (emergency_id, at, who, kind, text) VALUES (?, ?, ?, ?, ?)",
                          (eid, at.isoformat(), who, kind, text))

    def save_picture(self, emergency_id: int, picture: dict) -> None:
        with self._con:
            self._con.execute("UPDATE gridtwin_emergencies SET picture = ? WHERE id = ?",
                              (json.dumps(picture, ensure_ascii=False), emergency_id))

    def stand_down(self, emergency_id: int, who: str, note: str, at: datetime | None = None) -> Emergency:
        at = at or utc_now()
        with self._con:
            self._con.execute("UPDATE gridtwin_emergencies SET stood_down_at = ?, stood_down_by = ?, closing_note = ?"
                              " WHERE id = ? AND stood_down_at IS NULL", (at.isoformat(), who, note, emergency_id))
            self._log(emergency_id, at, who, "stand_down", note)
        return self.get(emergency_id)

    def get(self, emergency_id: int) -> Emergency:
        row = self._con.execute(
            "SELECT id, type, level, lon, lat, area_wkt, source, declared_at, declared_by, stood_down_at, closing_note"
            " FROM gridtwin_emergencies WHERE id = ?", (emergency_id,)).fetchone()
        if row is None:
            raise KeyError(f"no emergency {emergency_id} in {self.path}")
        i, t, lvl, lon, lat, wkt, src, dat, dby, sat, note = row
        return Emergency(i, t, lvl, lon, lat, wkt, src, datetime.fromisoformat(dat), dby,
                         datetime.fromisoformat(sat) if sat else None, note)

    def active(self) -> Emergency | None:
        row = self._con.execute("SELECT id FROM gridtwin_emergencies WHERE stood_down_at IS NULL"
                                " ORDER BY id DESC LIMIT 1").fetchone()
        return self.get(row[0]) if row else None

    def picture(self, emergency_id: int) -> dict:
        row = self._con.execute("SELECT picture FROM gridtwin_emergencies WHERE id = ?", (emergency_id,)).fetchone()
        return json.loads(row[0]) if row else {}

    def entries(self, emergency_id: int) -> list[LogEntry]:
        rows = self._con.execute("SELECT at, who, kind, text FROM gridtwin_emergency_log WHERE emergency_id = ?"
                                 " ORDER BY id", (emergency_id,)).fetchall()
        return [LogEntry(datetime.fromisoformat(a), w, k, t) for a, w, k, t in rows]

    def close(self) -> None:
        self._con.close()
