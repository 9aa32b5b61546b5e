"""Live incidents, their every state change, rejected messages and sensor states, as the
incident code sees them: a view of the store's incident tables (see :mod:`geodata.store`).

On a GeoPackage, incidents are the file's ``incidents`` feature layer, so a GIS opening the
file sees every committed incident; on PostgreSQL they are the shared ``incidents`` table
every console follows. Each connection belongs to one thread: the feed worker and the
console each open their own (:meth:`IncidentStore.reopen`).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from geodata.incidents.lifecycle import Event
from geodata.incidents.records import Batch, IncidentRecord, Reading, Rejection, SensorChange
from geodata.store import Store, open_store
from geodata.store import base as _base

PAYLOAD_KEPT = _base.PAYLOAD_KEPT


class IncidentStore:
    """The live-incident tables of one store (created on first use)."""

    def __init__(self, where: str | Path | Store, *, readonly: bool = False) -> None:
        """``where``: a district GeoPackage, a ``postgresql://`` URL or an open store.
        ``readonly``: only read (a snapshot); nothing is created or written."""
        self.store = open_store(where, readonly=readonly)

    @property
    def path(self):
        return self.store.where

    @property
    def transient(self):
        return self.store.transient

    @property
    def permanent(self):
        return self.store.permanent

    def reopen(self) -> "IncidentStore":
        return IncidentStore(self.store.reopen())

    def close(self) -> None:
        self.store.close()

    def commit(self, batch: Batch) -> None:
        """Write everything in ``batch`` in one transaction: all of it or, on error, none."""
        self.store.commit(batch)

    def incidents(self) -> list[IncidentRecord]:
        return self.store.incidents()

    def incidents_by_id(self, ids, grid_ids=None) -> list[IncidentRecord]:
        return self.store.incidents_by_id(ids, grid_ids)

    def events_of(self, incident_id: str) -> list[Event]:
        return self.store.events_of(incident_id)

    def event_count(self) -> int:
        return self.store.event_count()

    def dead_letters(self, limit: int = 500) -> list[Rejection]:
        return self.store.dead_letters(limit)

    def dead_letter_count(self) -> int:
        return self.store.dead_letter_count()

    def readings_of(self, sensor_id: str, limit: int = 500) -> list[Reading]:
        return self.store.readings_of(sensor_id, limit)

    def prune_readings(self, before: datetime) -> int:
        return self.store.prune_readings(before)

    def sensor_states(self, ids=None) -> dict[str, SensorChange]:
        return self.store.sensor_states(ids)
