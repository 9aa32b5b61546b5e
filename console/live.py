"""Live incidents in the console: restore what the GeoPackage holds, take the feed worker's
batches onto the map and into the list, run the escalation clock, and carry out the
operator's lifecycle actions — each written to the store before it is shown.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from console.feed_worker import FeedPlan, FeedThread
from console.messages import tr_message
from geodata.incidents.book import IncidentBook
from geodata.incidents.lifecycle import LifecycleError
from geodata.incidents.records import Batch, IncidentRecord
from geodata.localtime import utc_now
from geodata.incidents.store import IncidentStore
from geodata.schema import OPEN_INCIDENT_STATUSES
from geodata.shared_text import shared_text
from geodata.access import may
from layers.labels import label
from geodata.store import StoreError

APPLY_EVERY_MS = 200      # batches arriving faster than this are shown together
ESCALATE_EVERY_MS = 5000  # how often the escalation clock looks for overdue incidents


class LiveIncidents(QObject):
    changed = Signal()               # incidents or sensors changed (counts, lists)
    feedState = Signal(str)          # a one-line description of the feeds for the status bar
    actionFailed = Signal(str)
    sensorsChanged = Signal(object)  # the SensorChanges just shown (status, value, when)
    incidentsArrived = Signal(object)  # IncidentRecords new to this console, shown as they came (not restored)

    def __init__(self, window, book: IncidentBook, store: IncidentStore | None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__(window)
        self.window = window
        self.book = book
        self.store = store
        self.clock = clock
        self.thread: FeedThread | None = None
        self._pending: list[Batch] = []
        self.applied = 0  # incidents shown since the start
        ids = shared_text(window.district.sensors["sensor_id"]).tolist()
        self.sensor_positions = dict(zip(ids, range(len(ids))))  # 260,000 at Longhua: no per-item Python
        self._apply_timer = QTimer(self)
        self._apply_timer.setSingleShot(True)
        self._apply_timer.setInterval(APPLY_EVERY_MS)
        self._apply_timer.timeout.connect(self._apply_pending)
        self.escalation_timer = QTimer(self)
        self.escalation_timer.setInterval(ESCALATE_EVERY_MS)
        self.escalation_timer.timeout.connect(self.tick)
        self.failure: str | None = None
        self.counters = None  # the worker's (received, stored, rejected) once it has stopped

    # ------------------------------------------------------------------ start-up
    def restore(self) -> int:
        """Show what the store holds from earlier runs: every stored incident in its last state
        and each sensor's last status. Returns how many incidents were restored."""
        if self.store is None:
            return 0
        records = self.store.incidents()
        self._ingest_records(records, pulse=False)
        states = self.store.sensor_states()
        if states:
            self._apply_sensor_changes(list(states.values()))
        self.refresh_overdue()
        return len(records)

    def start(self, plan: FeedPlan) -> None:
        """Start the feeds in ``plan`` on the worker thread (needs a store: nothing unsaved is shown,
        and a login whose role may write incidents)."""
        if not plan or self.store is None:
            return
        if not may(self.window.role, "act"):
            self._on_failed(self.tr("Feeds are off: %1 may not store incidents").replace("%1", label(self.window.role)))
            return
        self.thread = FeedThread(self.window.district, self.store, self.book.deadlines,
                                 set(self.book.positions), plan, parent=self)
        self.thread.batchReady.connect(self._on_batch, Qt.QueuedConnection)
        self.thread.failed.connect(self._on_failed, Qt.QueuedConnection)
        self.thread.start()

    def start_clock(self) -> None:
        self.escalation_timer.start()

    def stop(self) -> None:
        self.escalation_timer.stop()
        if self.thread is not None:
            self.thread.stop()
            self.counters = self.thread.counters
            self.thread = None
        self._apply_pending()

    # ------------------------------------------------------------------ feed batches
    @Slot(object)
    def _on_batch(self, batch: Batch) -> None:
        self._pending.append(batch)
        if not self._apply_timer.isActive():
            self._apply_timer.start()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.failure = message
        self.feedState.emit(message)

    def _apply_pending(self) -> None:
        if not self._pending:
            return
        merged = Batch.merged(self._pending)
        self._pending = []
        self.ingest(merged)

    def ingest(self, batch: Batch) -> None:
        """Show a committed batch: new incidents, changes decided by a feed, sensor states."""
        self._ingest_records(batch.incidents, pulse=True)
        changed = [p for p in (self.book.apply(e) for e in batch.events if e.action != "report") if p is not None]
        if changed:
            self._show_states(np.array(changed))
        if batch.sensors:
            self._apply_sensor_changes(batch.sensors)
        if batch.readings:
            self.window.sensor_readings_arrived({r.sensor_id for r in batch.readings})
        self.changed.emit()

    def show_from_store(self, records: list[IncidentRecord]) -> None:
        """Incidents another console or the intake committed: new ones appear (pulsing), known
        ones take their stored state."""
        self._ingest_records(records, pulse=True)
        self.refresh_overdue()
        self.changed.emit()

    def show_sensors_from_store(self, changes) -> None:
        self._apply_sensor_changes(changes)
        self.changed.emit()

    def _ingest_records(self, records: list[IncidentRecord], pulse: bool) -> None:
        if not records:
            return
        known = [r for r in records if r.incident_id in self.book.positions]
        fresh = [r for r in records if r.incident_id not in self.book.positions]
        for r in known:
            self.book.restore(self.book.positions[r.incident_id], r)
        if known:
            self._show_states(np.array([self.book.positions[r.incident_id] for r in known]))
        if not fresh:
            return
        w = self.window
        x, y = w.district.from_lonlat(np.array([r.lon for r in fresh]), np.array([r.lat for r in fresh]))
        x, y = np.atleast_1d(x), np.atleast_1d(y)
        positions, grids = w.index.add_points("incidents", x, y)
        book_positions = self.book.add(fresh, (x, y), grids)
        assert np.array_equal(positions, book_positions), "incident book and spatial index out of step"
        w.layers["incidents"].add_many(x, y, [r.severity for r in fresh], [r.status for r in fresh], pulse=pulse)
        plan = w.planning.plan if hasattr(w, "planning") else None
        if plan is not None:
            for g, r in zip(grids, fresh):
                plan.balance.note_incident(int(g), r.status in OPEN_INCIDENT_STATUSES)
        self.applied += len(fresh)
        if pulse:
            self.incidentsArrived.emit(fresh)

    def _apply_sensor_changes(self, changes) -> None:
        w = self.window
        kept = [c for c in changes if c.sensor_id in self.sensor_positions]
        if not kept:
            return
        pos = np.array([self.sensor_positions[c.sensor_id] for c in kept])
        status = np.array([c.status for c in kept], dtype=object)
        frame = w.district.sensors
        frame.iloc[pos, frame.columns.get_loc("status")] = status
        frame.iloc[pos, frame.columns.get_loc("value")] = [c.value for c in kept]
        w.layers["sensors"].set_statuses(pos, status)
        self.sensorsChanged.emit(kept)

    def _show_states(self, positions: np.ndarray) -> None:
        b = self.book
        overdue = b.overdue_mask(self.clock())[positions]
        self.window.layers["incidents"].set_states(positions, b.status[positions], overdue)

    # ------------------------------------------------------------------ the escalation clock
    def tick(self) -> list:
        """Escalate what is overdue (each escalation stored first), then re-flag overdue ones."""
        now = self.clock()
        sync = getattr(self.window, "sync", None)
        read_only = self.store is not None and self.store.store.readonly  # a snapshot only looks
        if (sync is not None and not sync.online) or not may(self.window.role, "act") or read_only:
            self.refresh_overdue()  # nothing can be stored (offline, a role that may not, a snapshot): flag only
            return []
        try:
            if self.store is not None and not self.store.store.claim("escalation"):
                self.refresh_overdue()  # another console runs the clock; its escalations arrive by the store
                return []
        except Exception:  # noqa: BLE001 — the server went away since the last look: the banner will say so
            self.refresh_overdue()
            return []
        before = {int(p): self.book.record(int(p)) for p in np.flatnonzero(self.book.overdue_mask(now))}
        escalated = self.book.escalate_overdue(now)
        if escalated and self.store is not None:
            try:
                self.store.commit(Batch(incidents=[self.book.record(p) for p, _ in escalated],
                                        events=[e for _, e in escalated]))
            except Exception as exc:  # noqa: BLE001 — undo in memory: what is shown is what is stored; the next tick tries again
                for p, _ in escalated:
                    self.book.restore(p, before[p])
                self.actionFailed.emit(f"escalation of {len(escalated)} overdue incidents not stored: {exc}")
                self.refresh_overdue()
                return []
        self.refresh_overdue()
        if escalated:
            self.changed.emit()
        return escalated

    def refresh_overdue(self) -> None:
        layer = self.window.layers["incidents"]
        now_overdue = self.book.overdue_mask(self.clock())
        flip = np.flatnonzero(now_overdue != layer.overdue[: len(now_overdue)])
        if len(flip):
            layer.set_states(flip, self.book.status[flip], now_overdue[flip])

    # ------------------------------------------------------------------ operator actions
    def act(self, position: int, action: str, note: str = "") -> bool:
        """Carry out an operator's action on incident ``position``: stored, then shown."""
        who = self.window.operator
        refusal = self.window.sync.refusal() if getattr(self.window, "sync", None) is not None else None
        if refusal:
            self.actionFailed.emit(refusal)
            return False
        before = self.book.record(position)
        try:
            event = self.book.act(position, action, who=who, at=self.clock(), note=note)
        except LifecycleError as exc:
            self.actionFailed.emit(str(exc))
            return False
        if self.store is not None:
            try:
                self.store.commit(Batch(incidents=[self.book.record(position)], events=[event]))
            except Exception as exc:  # undo in memory: what is shown must be what is stored
                self.book.restore(position, before)
                self.actionFailed.emit(f"{before.incident_id}: could not store {action}: {exc}")
                return False
        if self.window.audit is not None:
            self.window.audit.record(who, f"incident_{action}", {"incident": event.incident_id, "to": event.to_status,
                                                                  "level": event.level, "note": note})
        self._show_states(np.array([position]))
        self.changed.emit()
        return True

    def events_of(self, position: int) -> list:
        return self.read(lambda s: s.events_of(str(self.book.incident_id[position])), [])

    def read(self, reading, default):
        """``reading(store)`` for a panel, or ``default`` when there is no store or it is out of
        reach (the offline banner says so; a panel must not freeze the wall or fail)."""
        sync = getattr(self.window, "sync", None)
        if self.store is None or (sync is not None and not sync.online):
            return default
        try:
            return reading(self.store)
        except StoreError:
            return default

    # ------------------------------------------------------------------ figures
    def stats(self) -> dict:
        c = self.thread.counters if self.thread is not None else self.counters
        return {"in": c.received if c else 0, "stored": c.stored if c else 0, "rejected": c.rejected if c else 0,
                "incidents": len(self.book), "open": int(self.book.open_mask().sum()), "shown": self.applied}

    def state_text(self) -> str:
        if self.failure:
            return self.failure
        if self.thread is None:
            return ""
        return " · ".join(tr_message(v) for v in self.thread.states().values())
