"""Append-only audit log in SQLite: who did what, when.

Kept in its own database so that a read-only or bundled district file is never
written to; WAL mode so a crash loses nothing that was committed.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from geodata.modes import ModeChange


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    who: str
    action: str
    detail: dict


class AuditLog:
    """An append-only list of :class:`AuditEntry` stored in ``path``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(self.path)
        self._con.execute("PRAGMA journal_mode=WAL")
        self._con.execute(
            "CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL,"
            " action TEXT NOT NULL, detail TEXT NOT NULL)")
        self._con.commit()

    def record(self, who: str, action: str, detail: dict | None = None, at: datetime | None = None) -> AuditEntry:
        at = at or datetime.now(timezone.utc)
        entry = AuditEntry(at=at, who=who, action=action, detail=dict(detail or {}))
        self._con.execute("INSERT INTO audit (at, who, action, detail) VALUES (?, ?, ?, ?)",
                          (at.isoformat(), who, action, json.dumps(entry.detail, ensure_ascii=False)))
        self._con.commit()
        return entry

    def record_mode_change(self, change: ModeChange) -> AuditEntry:
        return self.record(change.who, "mode_switch",
                           {"from": change.from_mode.value, "to": change.to_mode.value}, at=change.when)

    def entries(self, action: str | None = None) -> list[AuditEntry]:
        sql = "SELECT at, who, action, detail FROM audit"
        args: tuple = ()
        if action:
            sql += " WHERE action = ?"
            args = (action,)
        rows = self._con.execute(sql + " ORDER BY id", args).fetchall()
        return [AuditEntry(datetime.fromisoformat(a), w, act, json.loads(d)) for a, w, act, d in rows]

    def close(self) -> None:
        self._con.close()
