"""The one store interface: everything the console keeps, whichever database keeps it.

A :class:`Store` holds the live tables of one district: incidents and their events, rejected
messages, sensor readings and states, emergencies and their command log, plan versions, the
audit trail, and the change log that tells other consoles what changed. The logic and most
of the SQL live here once; a back-end (:mod:`geodata.store.geopackage`,
:mod:`geodata.store.postgis`) supplies its connection, its geometry and the few statements
its database spells differently. SQL is written with ``?`` placeholders; values are always
bound, and the only names pasted into SQL are our own constants.

Every write is one transaction that also appends to the change log: a reader that sees the
change sees the rows it names.
"""
from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from geodata.localtime import utc_now
from geodata.incidents.lifecycle import Event
from geodata.incidents.records import Batch, IncidentRecord, Reading, Rejection, SensorChange

PAYLOAD_KEPT = 4096          # characters of a rejected message kept to read; its hash and size stand for the rest
DEAD_LETTERS_KEPT = 20_000   # the newest rejected messages kept; older ones are forgotten
CHANGES_KEPT = 500_000       # change-log rows kept: a console further behind than this reloads everything
RECORD_COLUMNS = ("incident_id", "category", "severity", "status", "source", "reported_at", "lon", "lat", "grid_id",
                  "level", "due_at", "channel", "description")
PLAN_ATTRS = ("grid_id", "name", "community", "street", "district", "population", "grid_worker")
CHANGE_KINDS = ("incidents", "sensors", "emergency", "plan", "everything")


class StoreError(RuntimeError):
    """The store refuses or cannot be reached; the message names the store and why."""


class StoreUnavailable(StoreError):
    """The database server cannot be reached (yet): try again later."""


class LoginRefused(StoreError):
    """Wrong user name or password (or the user may not use this store)."""


class PlanStoreError(ValueError):
    """A plan cannot be saved, found or activated (the message says why)."""


@dataclass(frozen=True)
class Change:
    """One committed write, as the change log announces it: what kind of rows, which ids."""

    seq: int
    kind: str
    ids: tuple[str, ...]
    at: datetime
    origin: str = ""


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


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    who: str
    action: str
    detail: dict


@dataclass(frozen=True)
class PlanVersion:
    version: int
    created_at: str
    author: str
    note: str
    problems: int
    grids: int
    parent: int | None
    active: bool = False

    @property
    def is_draft(self) -> bool:
        return self.problems > 0


def redact(url: str) -> str:
    """A store URL fit to print: without its password (also one given as ``password=``)."""
    url = re.sub(r"(postgres(?:ql)?://[^:/@?]*):[^@/?]*@", r"\1:***@", str(url))
    return re.sub(r"(password=)[^&\s]*", r"\1***", url)


def as_datetime(value) -> datetime | None:
    """A stored time: SQLite keeps ISO text, PostgreSQL hands back a datetime."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


class Tx:
    """The statements of one transaction, with ``?`` placeholders on every back-end."""

    def __init__(self, cursor, translate) -> None:
        self.cursor, self._sql = cursor, translate

    def execute(self, sql: str, params=()):
        self.cursor.execute(self._sql(sql), tuple(params))
        return self.cursor

    def executemany(self, sql: str, rows) -> None:
        rows = [tuple(r) for r in rows]
        if rows:
            self.cursor.executemany(self._sql(sql), rows)

    def one(self, sql: str, params=()):
        return self.execute(sql, params).fetchone()

    def all(self, sql: str, params=()) -> list:
        return self.execute(sql, params).fetchall()


class Store:
    """What the console keeps. Back-ends override the hooks marked *back-end*."""

    kind = "store"
    audit_table = "gridtwin_audit"
    insertion_order = "rowid"  # back-end: the column that orders rows as they were written
    transient: tuple[type[BaseException], ...] = ()   # worth trying again: busy, locked, server gone
    permanent: tuple[type[BaseException], ...] = ()   # the values' own fault: retrying cannot help

    user = None  # the logged-in geodata.access.User, or None: a trusted local process or the service account

    def __init__(self, where: str, *, readonly: bool = False) -> None:
        self.where = where          # printable: a path, or a URL without its password
        self.readonly = readonly
        self.origin = uuid.uuid4().hex[:12]  # this connection's mark on its changes (a console skips its own)

    @property
    def console(self) -> str:
        """Which console wrote a row: this machine and this connection's mark."""
        import socket
        return f"{socket.gethostname()}/{self.origin}"

    def require(self, right: str) -> None:
        """Refuse what the logged-in user's role may not do (the GeoPackage's only guard; on
        PostgreSQL the database refuses as well, whatever the client does)."""
        if self.user is not None:
            self.user.require(right)

    # ------------------------------------------------------------------ back-end plumbing
    @contextmanager
    def transaction(self) -> Iterator[Tx]:  # back-end
        raise NotImplementedError
        yield

    def read(self, sql: str, params=()) -> list:  # back-end
        raise NotImplementedError

    def close(self) -> None:  # back-end
        raise NotImplementedError

    def reopen(self) -> "Store":  # back-end: the same store on a new connection (for another thread)
        raise NotImplementedError

    def _time(self, t: datetime | None):  # back-end: how a time is bound
        return None if t is None else t.isoformat()

    def _any(self, column: str) -> str:  # back-end: "column is one of the bound list"
        raise NotImplementedError

    def _list(self, values) -> object:  # back-end: how that list is bound
        raise NotImplementedError

    def _upsert_incidents(self, tx: Tx, rows: list[dict]) -> None:  # back-end (geometry)
        raise NotImplementedError

    def claim(self, duty: str) -> bool:
        """Whether this connection holds ``duty`` (the escalation clock): on a shared store one
        console at a time does what must be done once. A single seat always holds it."""
        return True

    def _announce(self, tx: Tx, kind: str, ids: list[str]) -> None:
        """Append to the change log in the writing transaction (a back-end may also notify)."""
        if ids:
            tx.execute("INSERT INTO gridtwin_changes (at, kind, ids, origin) VALUES (?, ?, ?, ?)",
                       (self._time(utc_now()), kind, json.dumps(sorted(set(ids)), ensure_ascii=False), self.origin))

    # ------------------------------------------------------------------ incidents
    def commit(self, batch: Batch) -> None:
        """Write everything in ``batch`` in one transaction: all of it or, on error, none."""
        self.require("act")
        with self.transaction() as tx:
            self._upsert_incidents(tx, [
                {"incident_id": r.incident_id, "category": r.category, "severity": int(r.severity),
                 "status": r.status, "source": r.source, "reported_at": self._time(r.reported_at),
                 "lon": float(r.lon), "lat": float(r.lat), "grid_id": r.grid_id, "level": int(r.level),
                 "due_at": self._time(r.due_at), "channel": r.channel, "description": r.description}
                for r in batch.incidents])
            tx.executemany(
                "INSERT INTO gridtwin_incident_events (incident_id, at, who, action, from_status, to_status, level,"
                " note, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(e.incident_id, self._time(e.at), e.who, e.action, e.from_status, e.to_status, e.level, e.note,
                  self._time(e.due_at)) for e in batch.events])
            # A change decided elsewhere (a feed's cancel) also moves the incident's current state.
            tx.executemany("UPDATE incidents SET status = ?, level = ?, due_at = COALESCE(?, due_at)"
                           " WHERE incident_id = ?",
                           [(e.to_status, e.level, self._time(e.due_at), e.incident_id)
                            for e in batch.events if e.action != "report"])
            self._rejections(tx, batch.rejections)
            self._sensors(tx, batch.sensors)
            tx.executemany("INSERT INTO gridtwin_sensor_readings (sensor_id, at, value) VALUES (?, ?, ?)",
                           [(r.sensor_id, self._time(r.at), r.value) for r in batch.readings])
            self._announce(tx, "incidents", [r.incident_id for r in batch.incidents]
                           + [e.incident_id for e in batch.events])
            self._announce(tx, "sensors", [c.sensor_id for c in batch.sensors])

    def _rejections(self, tx: Tx, rejections: list[Rejection]) -> None:
        """Dead letters keep the reason, the message's first ``PAYLOAD_KEPT`` characters, and its
        SHA-256 and size (to match it against the sender's copy), personal data masked; only the newest
        ``DEAD_LETTERS_KEPT`` are kept, so a hostile sender cannot fill the disk."""
        if not rejections:
            return
        from geodata.privacy import mask_text
        rows = []
        for r in rejections:  # the hash and size are of the message as sent; the text kept is masked
            data = r.payload.encode("utf-8", errors="replace")
            rows.append((self._time(r.at), r.channel, _clean(r.origin[:1000]), _clean(mask_text(r.reason[:1000])),
                         _clean(mask_text(r.payload[:PAYLOAD_KEPT])), hashlib.sha256(data).hexdigest(), len(data)))
        tx.executemany("INSERT INTO gridtwin_dead_letters (at, channel, origin, reason, payload, payload_sha256,"
                       " payload_bytes) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        tx.execute("DELETE FROM gridtwin_dead_letters WHERE id <= (SELECT MAX(id) FROM gridtwin_dead_letters) - ?",
                   (DEAD_LETTERS_KEPT,))

    def _sensors(self, tx: Tx, changes: list[SensorChange]) -> None:
        tx.executemany(
            "INSERT INTO gridtwin_sensor_state (sensor_id, status, value, at, episode) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (sensor_id) DO UPDATE SET status = excluded.status, value = excluded.value,"
            " at = excluded.at, episode = excluded.episode",
            [(c.sensor_id, c.status, c.value, self._time(c.at), c.episode) for c in changes])
        if self._sensor_layer_has_state():  # the sensors layer shows the live state too
            tx.executemany("UPDATE sensors SET status = ?, value = ? WHERE sensor_id = ?",
                           [(c.status, c.value, c.sensor_id) for c in changes])

    def _sensor_layer_has_state(self) -> bool:  # back-end
        return True

    def _live_rows(self, where: str = "", params=()) -> list:
        j = self.user.jurisdiction if self.user is not None else None
        if j is not None and j.kind != "district":  # a street or community user reads its own grids only
            column = "street" if j.kind == "street" else "community"
            where += f" AND grid_id IN (SELECT grid_id FROM grids WHERE {column} = ?)"
            params = (*params, j.name)
        return self.read(f"SELECT {', '.join(RECORD_COLUMNS)} FROM incidents WHERE channel IS NOT NULL{where}"
                         " ORDER BY fid", params)

    @staticmethod
    def _records(rows) -> list[IncidentRecord]:
        return [IncidentRecord(i, c, int(sev), st, src, as_datetime(rep), lon, lat, g, int(lvl), as_datetime(due),
                               ch, desc or "")
                for i, c, sev, st, src, rep, lon, lat, g, lvl, due, ch, desc in rows]

    def incidents(self) -> list[IncidentRecord]:
        """Every incident with live state, in the order they were first stored."""
        return self._records(self._live_rows())

    def incidents_by_id(self, ids: Iterable[str], grid_ids: Iterable[str] | None = None) -> list[IncidentRecord]:
        """The incidents named (a change announced them), optionally only those in ``grid_ids``."""
        ids = list(ids)
        if not ids:
            return []
        where, params = f" AND {self._any('incident_id')}", [self._list(ids)]
        if grid_ids is not None:
            where += f" AND {self._any('grid_id')}"
            params.append(self._list(list(grid_ids)))
        return self._records(self._live_rows(where, params))

    def events_of(self, incident_id: str) -> list[Event]:
        rows = self.read("SELECT incident_id, at, who, action, from_status, to_status, level, note, due_at"
                         " FROM gridtwin_incident_events WHERE incident_id = ? ORDER BY id", (incident_id,))
        return [Event(i, as_datetime(at), who, act, fr, to, int(lvl), note, as_datetime(due))
                for i, at, who, act, fr, to, lvl, note, due in rows]

    def event_count(self) -> int:
        return int(self.read("SELECT COUNT(*) FROM gridtwin_incident_events")[0][0])

    def incident_count(self) -> int:
        return int(self.read("SELECT COUNT(*) FROM incidents WHERE channel IS NOT NULL")[0][0])

    def dead_letters(self, limit: int = 500) -> list[Rejection]:
        rows = self.read("SELECT channel, reason, payload, origin, at FROM gridtwin_dead_letters"
                         " ORDER BY id DESC LIMIT ?", (limit,))
        return [Rejection(ch, reason, payload, origin, as_datetime(at)) for ch, reason, payload, origin, at in rows]

    def dead_letter_count(self) -> int:
        return int(self.read("SELECT COUNT(*) FROM gridtwin_dead_letters")[0][0])

    def readings_of(self, sensor_id: str, limit: int = 500) -> list[Reading]:
        """The sensor's latest readings, oldest first."""
        rows = self.read("SELECT at, value FROM gridtwin_sensor_readings WHERE sensor_id = ?"
                         f" ORDER BY at DESC, {self.insertion_order} DESC LIMIT ?", (sensor_id, limit))
        return [Reading(sensor_id, float(v), as_datetime(at)) for at, v in reversed(rows)]

    def readings_between(self, sensor_ids: Iterable[str], since: datetime, until: datetime) -> list[Reading]:
        """The readings of ``sensor_ids`` from ``since`` to ``until`` (inclusive), by sensor then time.
        Asked through the (sensor, time) index; a day either side is read and cut exactly here,
        so a time stored with another offset is not missed by a text comparison."""
        ids = list(sensor_ids)
        if not ids:
            return []
        pad = timedelta(days=1)
        out = []
        for k in range(0, len(ids), 500):
            rows = self.read(f"SELECT sensor_id, at, value FROM gridtwin_sensor_readings WHERE {self._any('sensor_id')}"
                             " AND at >= ? AND at <= ? ORDER BY sensor_id, at",
                             (self._list(ids[k:k + 500]), self._time(since - pad), self._time(until + pad)))
            for sid, at, value in rows:
                when = as_datetime(at)
                if since <= when <= until:
                    out.append(Reading(sid, float(value), when))
        return out

    def incident_outcomes(self) -> dict[str, tuple[datetime | None, datetime | None, bool]]:
        """For every incident with a stored history: when it was first resolved or closed, the
        deadline it had then (or its latest), and whether it was ever escalated. The closed loop's
        outcome, read from the events rather than the incidents' current state."""
        rows = self.read("SELECT incident_id, at, action, to_status, due_at FROM gridtwin_incident_events"
                         " ORDER BY incident_id, id")
        out: dict[str, list] = {}
        for iid, at, action, to_status, due in rows:
            o = out.setdefault(iid, [None, None, False])
            if o[0] is None:
                if to_status in ("resolved", "closed"):
                    o[0] = as_datetime(at)
                elif due is not None:
                    o[1] = as_datetime(due)
            if action == "escalate":
                o[2] = True
        return {k: (v[0], v[1], v[2]) for k, v in out.items()}

    def prune_readings(self, before: datetime) -> int:
        """Forget readings older than ``before`` (charts show hours, not months); returns how many."""
        with self.transaction() as tx:
            return tx.execute("DELETE FROM gridtwin_sensor_readings WHERE at < ?", (self._time(before),)).rowcount

    def sensor_states(self, ids: Iterable[str] | None = None) -> dict[str, SensorChange]:
        sql, params = "SELECT sensor_id, status, value, at, episode FROM gridtwin_sensor_state", ()
        if ids is not None:
            sql, params = sql + f" WHERE {self._any('sensor_id')}", (self._list(list(ids)),)
        return {s: SensorChange(s, st, v, as_datetime(at), ep) for s, st, v, at, ep in self.read(sql, params)}

    # ------------------------------------------------------------------ emergencies
    def declare_emergency(self, etype: str, level: int, lon: float, lat: float, who: str, *,
                          area_wkt: str | None = None, source: str = "", picture: dict | None = None,
                          at: datetime | None = None) -> Emergency:
        self.require("declare")
        at = at or utc_now()
        with self.transaction() as tx:
            eid = int(tx.one(
                "INSERT INTO gridtwin_emergencies (type, level, lon, lat, area_wkt, source, declared_at, declared_by,"
                " picture) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (etype, level, lon, lat, area_wkt, source, self._time(at), who,
                 json.dumps(picture or {}, ensure_ascii=False)))[0])
            self._log(tx, eid, at, who, "declare", f"{etype} level {level} at {lon:.6f}, {lat:.6f}"
                      + (f" ({source})" if source else ""))
            self._append_audit(tx, at, who, "emergency_declare", _detail(
                {"emergency": eid, "type": etype, "level": level, "lon": lon, "lat": lat, "source": source}))
        return self.emergency(eid)

    def log_emergency(self, emergency_id: int, who: str, kind: str, text: str,
                      at: datetime | None = None) -> LogEntry:
        self.require("declare")
        at = at or utc_now()
        with self.transaction() as tx:
            self._log(tx, emergency_id, at, who, kind, text)
        return LogEntry(at, who, kind, text)

    def _log(self, tx: Tx, eid: int, at: datetime, who: str, kind: str, text: str) -> None:
        tx.execute("INSERT INTO gridtwin_emergency_log (emergency_id, at, who, kind, text) VALUES (?, ?, ?, ?, ?)",
                   (eid, self._time(at), who, kind, text))
        self._announce(tx, "emergency", [str(eid)])

    def save_picture(self, emergency_id: int, picture: dict) -> None:
        self.require("declare")
        with self.transaction() as tx:
            tx.execute("UPDATE gridtwin_emergencies SET picture = ? WHERE id = ?",
                       (json.dumps(picture, ensure_ascii=False), emergency_id))

    def stand_down(self, emergency_id: int, who: str, note: str, at: datetime | None = None) -> Emergency:
        self.require("declare")
        at = at or utc_now()
        with self.transaction() as tx:
            tx.execute("UPDATE gridtwin_emergencies SET stood_down_at = ?, stood_down_by = ?, closing_note = ?"
                       " WHERE id = ? AND stood_down_at IS NULL", (self._time(at), who, note, emergency_id))
            self._log(tx, emergency_id, at, who, "stand_down", note)
            self._append_audit(tx, at, who, "emergency_stand_down", _detail({"emergency": emergency_id, "note": note}))
        return self.emergency(emergency_id)

    def emergency(self, emergency_id: int) -> Emergency:
        rows = self.read(
            "SELECT id, type, level, lon, lat, area_wkt, source, declared_at, declared_by, stood_down_at, closing_note"
            " FROM gridtwin_emergencies WHERE id = ?", (emergency_id,))
        if not rows:
            raise KeyError(f"no emergency {emergency_id} in {self.where}")
        i, t, lvl, lon, lat, wkt, src, dat, dby, sat, note = rows[0]
        return Emergency(int(i), t, int(lvl), float(lon), float(lat), wkt, src, as_datetime(dat), dby,
                         as_datetime(sat), note)

    def active_emergency(self) -> Emergency | None:
        rows = self.read("SELECT id FROM gridtwin_emergencies WHERE stood_down_at IS NULL ORDER BY id DESC LIMIT 1")
        return self.emergency(rows[0][0]) if rows else None

    def picture(self, emergency_id: int) -> dict:
        rows = self.read("SELECT picture FROM gridtwin_emergencies WHERE id = ?", (emergency_id,))
        return json.loads(rows[0][0]) if rows else {}

    def log_entries(self, emergency_id: int) -> list[LogEntry]:
        rows = self.read("SELECT at, who, kind, text FROM gridtwin_emergency_log WHERE emergency_id = ? ORDER BY id",
                         (emergency_id,))
        return [LogEntry(as_datetime(a), w, k, t) for a, w, k, t in rows]

    # ------------------------------------------------------------------ alarms
    def acknowledge_alarms(self, who: str, keys: list[str], at: datetime | None = None) -> list[str]:
        """Record that ``who`` has seen these alarms (keys of :mod:`geodata.alarms`), audited and
        announced to the other consoles. The first acknowledgement of an alarm stands; returns
        the keys this call acknowledged."""
        self.require("act")
        at = at or utc_now()
        keys = list(dict.fromkeys(str(k) for k in keys))
        if not keys:
            return []
        with self.transaction() as tx:
            done = {str(r[0]) for r in tx.all(f"SELECT alarm FROM gridtwin_alarm_acks WHERE {self._any('alarm')}",
                                              (self._list(keys),))}
            new = [k for k in keys if k not in done]
            tx.executemany("INSERT INTO gridtwin_alarm_acks (alarm, at, who, console) VALUES (?, ?, ?, ?)",
                           [(k, self._time(at), who, self.console) for k in new])
            if new:
                self._append_audit(tx, at, who, "alarm_acknowledged", _detail({"alarms": new}))
                self._announce(tx, "alarm_ack", new)
        return new

    def alarm_acknowledgements(self, keys: list[str] | None = None) -> dict[str, tuple[str, datetime]]:
        """Who acknowledged each alarm, and when (all of them, or those of ``keys``)."""
        sql, params = "SELECT alarm, who, at FROM gridtwin_alarm_acks", ()
        if keys is not None:
            if not keys:
                return {}
            sql, params = sql + f" WHERE {self._any('alarm')}", (self._list(list(keys)),)
        return {str(k): (w, as_datetime(a)) for k, w, a in self.read(sql, params)}

    # ------------------------------------------------------------------ audit
    def audit_record(self, who: str, action: str, detail: dict | None = None,
                     at: datetime | None = None) -> AuditEntry:
        """Append to the audit trail, chained (see :mod:`geodata.audit_chain`). On PostgreSQL
        the database's trigger numbers and hashes the row; here the writing transaction does."""
        at = at or utc_now()
        entry = AuditEntry(at=at, who=who, action=action, detail=dict(detail or {}))
        text = json.dumps(entry.detail, ensure_ascii=False, sort_keys=True)
        with self.transaction() as tx:
            self._append_audit(tx, at, who, action, text)
        return entry

    def _append_audit(self, tx: Tx, at: datetime, who: str, action: str, detail: str) -> None:
        from geodata.audit_chain import chain_hash
        last = tx.one(f"SELECT n, hash FROM {self.audit_table} WHERE n IS NOT NULL ORDER BY n DESC LIMIT 1")
        n, prev = (int(last[0]) + 1, last[1]) if last else (1, "")
        db_user = self.user.name if self.user is not None else _os_user()
        digest = chain_hash(n, at, who, db_user, self.console, action, detail, prev)
        tx.execute(f"INSERT INTO {self.audit_table} (at, who, action, detail, n, db_user, console, prev_hash, hash)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (self._time(at), who, action, detail, n, db_user, self.console, prev, digest))

    def _actor(self) -> str:
        return self.user.name if self.user is not None else _os_user()

    def audit_rows(self) -> list:
        """The raw trail, for :func:`geodata.audit_chain.verify`."""
        return self.read(f"SELECT id, n, at, who, db_user, console, action, detail, prev_hash, hash"
                         f" FROM {self.audit_table} ORDER BY id")

    def audit_entries(self, action: str | None = None) -> list[AuditEntry]:
        sql, args = f"SELECT at, who, action, detail FROM {self.audit_table}", ()
        if action:
            sql, args = sql + " WHERE action = ?", (action,)
        rows = self.read(sql + " ORDER BY id", args)
        return [AuditEntry(as_datetime(a), w, act, json.loads(d)) for a, w, act, d in rows]

    # ------------------------------------------------------------------ plan versions
    # ------------------------------------------------------------------ the points' grids under the plan
    def stored_point_grids(self, layer: str, key: str) -> np.ndarray | None:
        """The grid position of each point of ``layer`` as stored for ``key`` (the plan and the
        points it was computed for, see :mod:`geodata.point_grids`), or None: none stored, another
        key, or a store older than the table."""
        try:
            rows = self.read("SELECT grids FROM gridtwin_point_grids WHERE layer = ? AND key = ?", (layer, key))
            if not rows or not isinstance(rows[0][0], (bytes, bytearray, memoryview)):
                return None
            return np.frombuffer(bytes(rows[0][0]), dtype="<i4").astype(np.int64)
        except Exception:  # noqa: BLE001 - what cannot be read is computed: nothing depends on the copy
            return None

    def store_point_grids(self, layer: str, key: str, grids: np.ndarray) -> None:
        """Keep the grid of each point of ``layer`` under ``key``, so that the next console
        opening the same plan and points trusts it instead of computing it. A planner's
        write: whoever may change the grids may say which grid holds each point."""
        self.require("plan_edit")
        blob = np.ascontiguousarray(grids, dtype="<i4").tobytes()
        with self.transaction() as tx:
            tx.execute("DELETE FROM gridtwin_point_grids WHERE layer = ?", (layer,))
            tx.execute("INSERT INTO gridtwin_point_grids (layer, key, grids, at) VALUES (?, ?, ?, ?)",
                       (layer, key, blob, self._time(utc_now())))

    def plan_versions(self) -> list[PlanVersion]:
        if not self._has_plan_tables():
            return []
        rows = self.read("SELECT version, created_at, author, note, problems, grids, parent, active"
                         " FROM gridtwin_plan_versions ORDER BY version")
        return [PlanVersion(int(v), str(c), a, n, int(p), int(g), None if par is None else int(par), bool(act))
                for v, c, a, n, p, g, par, act in rows]

    def _has_plan_tables(self) -> bool:  # back-end
        return True

    # geometry, as each back-end binds and reads it
    grids_geom = "geom"

    def _geom_in(self) -> str:  # back-end: SQL for one bound geometry in the storage CRS
        return "?"

    def _geom_bind(self, geom) -> object:  # back-end
        raise NotImplementedError

    def _geom_out(self, column: str) -> str:  # back-end: SQL reading a geometry column
        return column

    def _geom_read(self, value):  # back-end
        raise NotImplementedError

    def _grid_attrs(self, tx: Tx) -> list[str]:  # back-end: which plan attributes the grids layer has
        raise NotImplementedError

    def plan_grids(self, version: int) -> list[tuple]:
        """(geometry in the storage CRS, *PLAN_ATTRS) of each grid of ``version``."""
        if not self._has_plan_tables():
            return []
        rows = self.read(f"SELECT {self._geom_out('geom')}, {', '.join(PLAN_ATTRS)} FROM gridtwin_plan_grids"
                         " WHERE version = ? ORDER BY grid_id", (version,))
        return [(self._geom_read(r[0]), *r[1:]) for r in rows]

    def save_plan(self, rows: list[tuple], *, author: str, note: str, problems: int, activate: bool,
                  parent: int | None, _fail_after: int | None = None) -> int:
        """Append ``rows`` ((geometry in the storage CRS, *PLAN_ATTRS)) as a new version in one
        transaction; the first save also records the plan as loaded (version 1). Returns its
        number. ``_fail_after`` (tests) makes the database refuse the grid row after that many."""
        self.require("plan_edit")
        if activate:
            self.require("plan_activate")
        try:
            return self._save_plan(rows, author, note, problems, activate, parent, _fail_after)
        except PlanStoreError as exc:  # nothing was saved; that it was asked for is kept
            if activate:
                self.audit_record(author, "plan_activate_refused", {"version": None, "why": str(exc)})
            raise

    def _save_plan(self, rows, author, note, problems, activate, parent, _fail_after) -> int:
        with self.transaction() as tx:
            if tx.one("SELECT COUNT(*) FROM gridtwin_plan_versions")[0] == 0:
                self._record_loaded(tx)
            number = int(tx.one("SELECT COALESCE(MAX(version), 0) + 1 FROM gridtwin_plan_versions")[0])
            if parent is None:
                found = tx.one("SELECT version FROM gridtwin_plan_versions WHERE active = 1")
                parent = int(found[0]) if found else None
            tx.execute("INSERT INTO gridtwin_plan_versions (version, created_at, author, note, problems, grids,"
                       " parent, active) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                       (number, _stamp(), author, note, problems, len(rows), parent))
            grid_rows = [(self._geom_bind(g), number, *attrs) for g, *attrs in rows]
            if _fail_after is not None:  # a NULL grid_id: the database itself refuses, mid-write
                grid_rows[_fail_after] = (grid_rows[_fail_after][0], number, None, *grid_rows[_fail_after][3:])
            tx.executemany(f"INSERT INTO gridtwin_plan_grids (geom, version, {', '.join(PLAN_ATTRS)})"
                           f" VALUES ({self._geom_in()}, ?{', ?' * len(PLAN_ATTRS)})", grid_rows)
            if activate:
                self._activate(tx, number)
            self._append_audit(tx, utc_now(), author, "plan_save", _detail(
                {"version": number, "grids": len(rows), "problems": problems, "active": activate, "note": note}))
        return number

    def _record_loaded(self, tx: Tx) -> None:
        attrs = self._grid_attrs(tx)
        n = tx.one("SELECT COUNT(*) FROM grids")[0]
        tx.execute("INSERT INTO gridtwin_plan_versions (version, created_at, author, note, problems, grids, parent,"
                   " active) VALUES (1, ?, 'import', 'the plan as loaded, before any saved edit', 0, ?, NULL, 1)",
                   (_stamp(), n))
        tx.execute(f"INSERT INTO gridtwin_plan_grids (geom, version, {', '.join(attrs)})"
                   f" SELECT {self.grids_geom}, 1, {', '.join(attrs)} FROM grids")

    def activate_plan(self, version: int) -> None:
        """Make ``version`` the plan every console loads: refused for a draft, and for any plan
        whose stored grids do not pass :func:`geodata.plan.validate.activation_problems`
        (whatever problem count it was saved with). One transaction; audited, a refusal too."""
        self.require("plan_activate")
        try:
            with self.transaction() as tx:
                self._activate(tx, version)
                self._append_audit(tx, utc_now(), self._actor(), "plan_activate", _detail({"version": version}))
        except PlanStoreError as exc:
            self.audit_record(self._actor(), "plan_activate_refused", {"version": version, "why": str(exc)})
            raise

    def _activate(self, tx: Tx, version: int) -> None:
        row = tx.one("SELECT problems FROM gridtwin_plan_versions WHERE version = ?", (version,))
        if row is None:
            raise PlanStoreError(f"{self.where}: there is no plan version {version}")
        if row[0]:
            raise PlanStoreError(f"version {version} is a draft with {row[0]} coverage problem(s); "
                                 "only a plan without problems can be made active")
        from geodata.plan.validate import activation_problems
        stored = tx.all(f"SELECT {self._geom_out('geom')}, grid_id FROM gridtwin_plan_grids WHERE version = ?",
                        (version,))
        now = tx.all(f"SELECT {self._geom_out(self.grids_geom)} FROM grids")
        problems = activation_problems([self._geom_read(g) for g, _ in stored], [i for _, i in stored],
                                       [self._geom_read(g) for (g,) in now], crs=self.storage_crs())
        if problems:
            raise PlanStoreError(f"version {version} cannot be made active: " + "; ".join(problems))
        self._copy_plan_to_grids(tx, version)
        self._regrid_open_incidents(tx, [self._geom_read(g) for g, _ in stored], [i for _, i in stored])
        tx.execute("UPDATE gridtwin_plan_versions SET active = (CASE WHEN version = ? THEN 1 ELSE 0 END)",
                   (version,))
        self._announce(tx, "plan", [str(version)])

    def _regrid_open_incidents(self, tx: Tx, geoms, ids) -> int:
        """Open incidents belong to the grid that now covers them (who handles them, and whose
        jurisdiction sees them), in the activating transaction. Returns how many moved."""
        from geodata.crs import WGS84, transformer
        from geodata.schema import OPEN_INCIDENT_STATUSES
        from geodata.spatial_index import NO_GRID, GridIndex
        rows = tx.all("SELECT incident_id, lon, lat, grid_id FROM incidents WHERE lon IS NOT NULL AND lat IS NOT NULL"
                      f" AND {self._any('status')}", (self._list(list(OPEN_INCIDENT_STATUSES)),))
        if not rows:
            return 0
        import numpy as np
        lon = np.array([r[1] for r in rows], dtype=float)
        lat = np.array([r[2] for r in rows], dtype=float)
        x, y = transformer(WGS84, self.storage_crs()).transform(lon, lat)
        ids = np.asarray(ids, dtype=object)
        found = GridIndex(np.asarray(geoms, dtype=object), ids).locate(np.atleast_1d(x), np.atleast_1d(y))
        moves = [(str(ids[g]), str(r[0])) for r, g in zip(rows, found) if g != NO_GRID and str(ids[g]) != r[3]]
        tx.executemany("UPDATE incidents SET grid_id = ? WHERE incident_id = ?", moves)
        if moves:
            self._announce(tx, "incidents", [i for _, i in moves])
        return len(moves)

    def _copy_plan_to_grids(self, tx: Tx, version: int) -> None:  # back-end
        raise NotImplementedError

    # ------------------------------------------------------------------ the change log
    def last_change(self) -> int:
        return int(self.read("SELECT COALESCE(MAX(seq), 0) FROM gridtwin_changes")[0][0])

    def changes_since(self, seq: int, limit: int = 10_000) -> list[Change]:
        """Changes after ``seq``, oldest first. When the log no longer reaches back that far,
        one ``everything`` change says: read it all again."""
        rows = self.read("SELECT seq, kind, ids, at, origin FROM gridtwin_changes WHERE seq > ? ORDER BY seq LIMIT ?",
                         (seq, limit))
        if rows and seq and int(rows[0][0]) > seq + 1:
            first = self.read("SELECT MIN(seq) FROM gridtwin_changes")[0][0]
            if first is not None and int(first) > seq + 1:
                last = self.last_change()
                return [Change(last, "everything", (), utc_now(), "")]
        return [Change(int(s), k, tuple(json.loads(i)), as_datetime(at), o or "") for s, k, i, at, o in rows]

    def prune_changes(self, keep: int = CHANGES_KEPT) -> None:
        with self.transaction() as tx:
            tx.execute("DELETE FROM gridtwin_changes WHERE seq <= (SELECT MAX(seq) FROM gridtwin_changes) - ?",
                       (keep,))


def _detail(detail: dict) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True)


def _os_user() -> str:
    import getpass
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 — no name for this uid
        return "unknown"


def _stamp() -> str:
    return utc_now().isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _clean(text: str) -> str:
    """PostgreSQL text cannot hold NUL; a rejected message may (it is kept to be read, not run)."""
    return text.replace("\x00", "\ufffd")
