"""Live incidents, their every state change, rejected messages and sensor states, kept in
the district's GeoPackage as they happen: incidents in its ``incidents`` feature layer (see
:mod:`geodata.incidents.feature_layer`), sensor states also in the ``sensors`` layer's
``status`` and ``value``, so a GIS opening the file sees the live picture.

SQLite in WAL mode with ``synchronous=NORMAL``: a committed transaction survives the
process being killed (kill -9), and a commit does not wait for the disk. Each connection
belongs to one thread: the feed worker and the console each open their own store.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from geodata.incidents.feature_layer import IncidentLayer, ensure_layer, has_live_columns
from geodata.incidents.lifecycle import Event
from geodata.plan.gpkg_blob import register_functions
from geodata.incidents.records import Batch, IncidentRecord, Reading, Rejection, SensorChange
from geodata.sqlite_wal import add_missing_columns, connect_for_reading, connect_wal

SCHEMA = """
CREATE TABLE IF NOT EXISTS gridtwin_incident_events (
    id INTEGER PRIMARY KEY, incident_id TEXT NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL,
    action TEXT NOT NULL, from_status TEXT, to_status TEXT NOT NULL, level INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '', due_at TEXT);
CREATE INDEX IF NOT EXISTS gridtwin_incident_events_by_incident ON gridtwin_incident_events (incident_id, id);
CREATE TABLE IF NOT EXISTS gridtwin_dead_letters (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, channel TEXT NOT NULL, origin TEXT NOT NULL,
    reason TEXT NOT NULL, payload TEXT NOT NULL, payload_sha256 TEXT, payload_bytes INTEGER);
CREATE TABLE IF NOT EXISTS gridtwin_sensor_readings (sensor_id TEXT NOT NULL, at TEXT NOT NULL, value REAL NOT NULL);
CREATE INDEX IF NOT EXISTS gridtwin_sensor_readings_by_sensor ON gridtwin_sensor_readings (sensor_id, at);
CREATE TABLE IF NOT EXISTS gridtwin_sensor_state (
    sensor_id TEXT PRIMARY KEY, status TEXT NOT NULL, value REAL, at TEXT NOT NULL, episode TEXT);
"""
PAYLOAD_KEPT = 4096        # characters of a rejected message kept to read; its hash and size stand for the rest
DEAD_LETTERS_KEPT = 20_000  # the newest rejected messages kept; older ones are forgotten


def _has_layer(con) -> bool:
    return con.execute("SELECT 1 FROM gpkg_geometry_columns WHERE table_name = 'incidents'").fetchone() is not None


def _sensor_columns(con) -> bool:
    have = {r[0] for r in con.execute("SELECT name FROM pragma_table_info('sensors')")}
    return {"sensor_id", "status", "value"} <= have


def _iso(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat()


def _dt(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


class IncidentStore:
    """The live-incident tables of one GeoPackage (created on first use)."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        """``readonly``: only read the file (a snapshot); it is never created or written."""
        self.path = Path(path)
        if readonly:
            self._con = connect_for_reading(self.path, SCHEMA)
            self._layer = IncidentLayer(self._con) if _has_layer(self._con) else None
            self._live = self._layer is not None and has_live_columns(self._con)
        else:
            self._con = connect_wal(self.path, SCHEMA)
            register_functions(self._con)
            ensure_layer(self._con)
            add_missing_columns(self._con, "gridtwin_dead_letters",
                                 {"payload_sha256": "TEXT", "payload_bytes": "INTEGER"})
            self._layer = IncidentLayer(self._con)
            self._layer.prepare()
            self._live = True
        self._sensor_layer = _sensor_columns(self._con)

    def close(self) -> None:
        self._con.close()

    # ------------------------------------------------------------------ writing
    def commit(self, batch: Batch) -> None:
        """Write everything in ``batch`` in one transaction: all of it or, on error, none."""
        with self._con:
            self._upsert(batch.incidents)
            self._events(batch.events)
            # A change decided elsewhere (a feed's cancel) also moves the incident's current state.
            self._layer.set_state([(e.to_status, e.level, _iso(e.due_at), e.incident_id)
                                   for e in batch.events if e.action != "report"])
            self._rejections(batch.rejections)
            self._sensors(batch.sensors)
            self._con.executemany("INSERT INTO gridtwin_sensor_readings (sensor_id, at, value) VALUES (?, ?, ?)",
                                  [(r.sensor_id, _iso(r.at), r.value) for r in batch.readings])

    def _upsert(self, records: Iterable[IncidentRecord]) -> None:
        self._layer.upsert([
            {"incident_id": r.incident_id, "category": r.category, "severity": int(r.severity), "status": r.status,
             "source": r.source, "reported_at": _iso(r.reported_at), "lon": float(r.lon), "lat": float(r.lat),
             "grid_id": r.grid_id, "level": int(r.level), "due_at": _iso(r.due_at), "channel": r.channel,
             "description": r.description} for r in records])

    def _events(self, events: Iterable[Event]) -> None:
        self._con.executemany(
            "INSERT INTO gridtwin_incident_events (incident_id, at, who, action, from_status, to_status, level, note,"
            " due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(e.incident_id, _iso(e.at), e.who, e.action, e.from_status, e.to_status, e.level, e.note, _iso(e.due_at))
             for e in events])

    def _rejections(self, rejections: list[Rejection]) -> None:
        """Dead letters keep the reason, the message's first ``PAYLOAD_KEPT`` characters, and its
        SHA-256 and size (to match it against the sender's copy); only the newest
        ``DEAD_LETTERS_KEPT`` are kept, so a hostile sender cannot fill the disk."""
        if not rejections:
            return
        rows = []
        for r in rejections:
            data = r.payload.encode("utf-8", errors="replace")
            rows.append((_iso(r.at), r.channel, r.origin[:1000], r.reason[:1000], r.payload[:PAYLOAD_KEPT],
                         hashlib.sha256(data).hexdigest(), len(data)))
        self._con.executemany(
            "INSERT INTO gridtwin_dead_letters (at, channel, origin, reason, payload, payload_sha256, payload_bytes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        self._con.execute("DELETE FROM gridtwin_dead_letters WHERE id <= (SELECT MAX(id) FROM gridtwin_dead_letters)"
                          " - ?", (DEAD_LETTERS_KEPT,))

    def _sensors(self, changes: Iterable[SensorChange]) -> None:
        self._con.executemany(
            "INSERT INTO gridtwin_sensor_state (sensor_id, status, value, at, episode) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (sensor_id) DO UPDATE SET status = excluded.status, value = excluded.value,"
            " at = excluded.at, episode = excluded.episode",
            [(c.sensor_id, c.status, c.value, _iso(c.at), c.episode) for c in changes])
        if self._sensor_layer:  # the sensors layer shows the live state too
            self._con.executemany("UPDATE sensors SET status = ?, value = ? WHERE sensor_id = ?",
                                  [(c.status, c.value, c.sensor_id) for c in changes])

    # ------------------------------------------------------------------ reading
    def incidents(self) -> list[IncidentRecord]:
        """Every incident with live state, in the order they were first stored (an update keeps the rowid)."""
        rows = self._layer.live_rows() if self._live else []
        return [IncidentRecord(i, c, int(sev), st, src, _dt(rep), lon, lat, g, int(lvl), _dt(due), ch, desc)
                for i, c, sev, st, src, rep, lon, lat, g, lvl, due, ch, desc in rows]

    def events_of(self, incident_id: str) -> list[Event]:
        rows = self._con.execute(
            "SELECT incident_id, at, who, action, from_status, to_status, level, note, due_at FROM gridtwin_incident_events"
            " WHERE incident_id = ? ORDER BY id", (incident_id,)).fetchall()
        return [Event(i, _dt(at), who, act, fr, to, int(lvl), note, _dt(due))
                for i, at, who, act, fr, to, lvl, note, due in rows]

    def event_count(self) -> int:
        return int(self._con.execute("SELECT COUNT(*) FROM gridtwin_incident_events").fetchone()[0])

    def dead_letters(self, limit: int = 500) -> list[Rejection]:
        rows = self._con.execute("SELECT channel, reason, payload, origin, at FROM gridtwin_dead_letters"
                                 " ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [Rejection(ch, reason, payload, origin, _dt(at)) for ch, reason, payload, origin, at in rows]

    def dead_letter_count(self) -> int:
        return int(self._con.execute("SELECT COUNT(*) FROM gridtwin_dead_letters").fetchone()[0])

    def readings_of(self, sensor_id: str, limit: int = 500) -> list[Reading]:
        """The sensor's latest readings, oldest first."""
        rows = self._con.execute("SELECT at, value FROM gridtwin_sensor_readings WHERE sensor_id = ?"
                                 " ORDER BY at DESC LIMIT ?", (sensor_id, limit)).fetchall()
        return [Reading(sensor_id, float(v), _dt(at)) for at, v in reversed(rows)]

    def prune_readings(self, before: datetime) -> int:
        """Forget readings older than ``before`` (charts show hours, not months); returns how many."""
        with self._con:
            cur = self._con.execute("DELETE FROM gridtwin_sensor_readings WHERE at < ?", (_iso(before),))
        return cur.rowcount

    def sensor_states(self) -> dict[str, SensorChange]:
        rows = self._con.execute("SELECT sensor_id, status, value, at, episode FROM gridtwin_sensor_state").fetchall()
        return {s: SensorChange(s, st, v, _dt(at), ep) for s, st, v, at, ep in rows}
