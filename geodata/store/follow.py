"""Following another console's changes: wait for the change log to announce something, then
read the rows it names — never whole tables.

On PostgreSQL the follower LISTENs; each NOTIFY carries the change's number, kind and ids.
When numbers arrive in order the payload is enough; after a gap (a notification missed
while the server was away, or one too long to carry its ids) the follower reads the change
log from the last change it saw, which is also how it catches up after a reconnect. On a
GeoPackage (one seat, maybe a second process on the same file) it reads the change log's
new rows a few times a second.

A follower runs on a thread of its own with its own connection; :meth:`Follower.poll`
raises :class:`StoreUnavailable` when the server is gone and may simply be called again.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from geodata.incidents.records import IncidentRecord, SensorChange
from geodata.store.base import Change, Emergency, LogEntry, Store, as_datetime

SQLITE_POLL_S = 0.25


@dataclass
class Update:
    """What changed since the last poll, with the rows read."""

    changes: list[Change] = field(default_factory=list)
    incidents: list[IncidentRecord] = field(default_factory=list)
    sensors: list[SensorChange] = field(default_factory=list)
    emergency_changed: bool = False
    emergency: Emergency | None = None          # the active one after the change, if any
    emergency_log: list[LogEntry] = field(default_factory=list)
    plan_version: int | None = None             # a plan version made active
    alarm_acks: dict = field(default_factory=dict)  # alarm key -> (who, when) acknowledged elsewhere
    everything: bool = False                    # the log no longer reaches back: reload it all
    lag_ms: list[float] = field(default_factory=list)  # per change: from its commit to its rows read here

    def __bool__(self) -> bool:
        return bool(self.changes or self.everything)


class Follower:
    def __init__(self, store: Store, after: int | None = None, *, skip_origins: Iterable[str] = (),
                 grid_ids: Iterable[str] | None = None, listen_url: str | None = None) -> None:
        """Follow ``store`` (a connection of this thread's own) from change ``after`` on (default:
        from now). Changes written by ``skip_origins`` (this console's own connections) are not
        read again; ``grid_ids`` keeps only the incidents of a jurisdiction.

        ``listen_url``: a read-only wall console reads from a streaming replica (``store``) but
        a standby cannot LISTEN, so it listens on the primary and reads the change log from the
        replica, which returns a change only once the replica has replayed it."""
        self.store = store
        self.listen_url = listen_url
        self.last = store.last_change() if after is None else after
        self.skip = set(skip_origins)
        self.grid_ids = None if grid_ids is None else list(grid_ids)
        self._listen = None

    # ------------------------------------------------------------------ waiting
    def poll(self, timeout: float = 1.0) -> Update:
        changes = self._wait(timeout)
        return self._read(changes)

    def _wait(self, timeout: float) -> list[Change]:
        if self.store.kind != "postgis":
            deadline = time.monotonic() + timeout
            while True:
                found = self.store.changes_since(self.last)
                if found or time.monotonic() >= deadline:
                    return self._advance(found)
                time.sleep(min(SQLITE_POLL_S, max(0.0, deadline - time.monotonic())))
        return self._wait_notify(timeout)

    def _wait_notify(self, timeout: float) -> list[Change]:
        import psycopg
        from geodata.store.base import StoreUnavailable
        from geodata.store.postgis import CHANNEL, connect
        try:
            if self._listen is None or self._listen.closed or self._listen.broken:
                self._listen = connect(self.listen_url or self.store.url)
                self._listen.execute(f"LISTEN {CHANNEL}")
                return self._advance(self.store.changes_since(self.last))  # caught up before waiting
            got = list(self._listen.notifies(timeout=timeout, stop_after=1))
            if got:
                got += list(self._listen.notifies(timeout=0.002))
        except psycopg.OperationalError as exc:
            if self._listen is not None:
                self._listen.close()
            self._listen = None
            raise StoreUnavailable(f"lost the store at {self.store.where}: {exc}") from exc
        if self.listen_url is not None:
            return self._replayed(got)
        out: list[Change] = []
        for n in got:
            note = json.loads(n.payload)
            seq = int(note.get("seq", 0))
            if note.get("kind") == "everything":
                return [Change(self.store.last_change(), "everything", (), _now(), "")]
            if seq <= self.last:
                continue
            if seq == self.last + 1 and "ids" in note:
                out.append(Change(seq, note["kind"], tuple(note["ids"]), as_datetime(note.get("at")) or _now(),
                                  note.get("origin", "")))
                self.last = seq
            else:  # a gap: read the log from what we have
                out.extend(self._advance(self.store.changes_since(self.last)))
        return out

    def _replayed(self, notes, patience_s: float = 5.0) -> list[Change]:
        """On a replica: the changes announced, once the replica has them (it lags the primary)."""
        want = max((int(json.loads(n.payload).get("seq", 0)) for n in notes), default=self.last)
        deadline = time.monotonic() + patience_s
        out: list[Change] = []
        while True:
            out.extend(self._advance(self.store.changes_since(self.last)))
            if self.last >= want or time.monotonic() > deadline:
                return out
            time.sleep(0.005)

    def _advance(self, changes: list[Change]) -> list[Change]:
        if changes:
            self.last = max(self.last, max(c.seq for c in changes))
        return changes

    # ------------------------------------------------------------------ reading the rows
    def _read(self, changes: list[Change]) -> Update:
        update = Update(changes=changes)
        if any(c.kind == "everything" for c in changes):
            update.everything = True
            return update
        mine = [c for c in changes if c.origin not in self.skip]
        incident_ids = {i for c in mine if c.kind == "incidents" for i in c.ids}
        sensor_ids = {i for c in mine if c.kind == "sensors" for i in c.ids}
        if incident_ids:
            update.incidents = self.store.incidents_by_id(sorted(incident_ids), self.grid_ids)
        if sensor_ids:
            update.sensors = list(self.store.sensor_states(sorted(sensor_ids)).values())
        if any(c.kind == "emergency" for c in mine):
            update.emergency_changed = True
            update.emergency = self.store.active_emergency()
            if update.emergency is not None:
                update.emergency_log = self.store.log_entries(update.emergency.id)
        acked = sorted({i for c in mine if c.kind == "alarm_ack" for i in c.ids})
        if acked:
            update.alarm_acks = self.store.alarm_acknowledgements(acked)
        plans = [int(i) for c in mine if c.kind == "plan" for i in c.ids]
        if plans:
            update.plan_version = plans[-1]
        now = _now()
        update.lag_ms = [(now - c.at).total_seconds() * 1000 for c in mine if c.at is not None]
        return update

    def close(self) -> None:
        if self._listen is not None:
            self._listen.close()
        self.store.close()


def _now():
    from geodata.localtime import utc_now
    return utc_now()
