"""Append-only audit trail: who did what, when.

A single seat keeps it in its own SQLite file, so that a read-only or bundled district file
is never written to; a console on a shared store writes it into the store, where every
centre's actions are kept together.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from geodata.modes import ModeChange
from geodata.store import Store, is_url, open_store
from geodata.store.base import AuditEntry
from geodata.store.sqlite_store import AuditFile

__all__ = ["AuditEntry", "AuditLog"]


class AuditLog:
    """An append-only list of :class:`AuditEntry`: in an audit file (a path) or a store."""

    def __init__(self, where: str | Path | Store) -> None:
        if isinstance(where, Store):
            self.store = where
        elif is_url(where):
            self.store = open_store(where)
        else:
            self.store = AuditFile(where)
        self.path = self.store.where

    def record(self, who: str, action: str, detail: dict | None = None, at: datetime | None = None) -> AuditEntry:
        return self.store.audit_record(who, action, detail, at)

    def record_mode_change(self, change: ModeChange) -> AuditEntry:
        return self.record(change.who, "mode_switch",
                           {"from": change.from_mode.value, "to": change.to_mode.value}, at=change.when)

    def entries(self, action: str | None = None) -> list[AuditEntry]:
        return self.store.audit_entries(action)

    def close(self) -> None:
        self.store.close()
