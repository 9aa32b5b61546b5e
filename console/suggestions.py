"""Suggestions in the console: watch alarms and incidents as they arrive, raise the banner
with the evidence on the map, and carry out the officer's answer — declare (through the
declare dialog, which the officer confirms) or dismiss. Both answers go to the audit log;
the console never declares by itself."""
from __future__ import annotations

import multiprocessing
import sys
import threading
import weakref
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from functools import partial

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from geodata.emergency.picture import EmergencyConfigError
from geodata.emergency import suggest_worker
from geodata.emergency.suggest import Suggestion, SuggestionTracker
from geodata.localtime import CST
from layers.labels import label
from layers.suggestion import SuggestionLayer
from widgets.clock import zoned
from widgets.suggestion_banner import SuggestionBanner

Z_SUGGESTION = 95
CHECK_AFTER_MS = 1000     # after new alarms or incidents arrive (they come in bursts)
CHECK_EVERY_MS = 30000    # and regularly, as time windows pass


class _Relay(QObject):
    looked = Signal(object)  # (found or None, seconds, the worker broke), from the executor's thread


def _deliver(relay_ref, future) -> None:
    """On the executor's thread: hand what a look found to the UI thread. Holds the relay only
    weakly, so a console that closed meanwhile is not kept, nor ended, here."""
    found, took, broken = None, 0.0, False
    try:
        found, took = future.result()
    except Exception as exc:  # noqa: BLE001 (a failed look must not end the watch)
        broken = isinstance(exc, BrokenProcessPool)
        if not future.cancelled():
            print(f"warning: emergency suggestions could not look: {exc!r}", file=sys.stderr)
    relay = relay_ref()
    if relay is not None:
        try:
            relay.looked.emit((found, took, broken))
        except RuntimeError:  # the console closed while this looked
            pass


class SuggestionWatch(QObject):
    raised = Signal(object)  # a newly open Suggestion

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        try:
            self.tracker = SuggestionTracker.from_config(window.emergency.config, "resources/config/emergency.toml")
        except EmergencyConfigError as exc:
            print(f"warning: emergency suggestions are off: {exc}", file=sys.stderr)
            self.tracker = SuggestionTracker([])
        self.tracker.know_sensors(window.district.sensors["kind"].to_numpy(), *window.district.point_xy("sensors"))
        self.layer = SuggestionLayer(window.district.bounds)
        window.map.add_layer(self.layer, Z_SUGGESTION)
        self.banner = SuggestionBanner()
        window.centralWidget().layout().insertWidget(1, self.banner)
        self.banner.showRequested.connect(self.show_on_map)
        self.banner.declareRequested.connect(self.declare)
        self.banner.dismissRequested.connect(self.dismiss)
        self.banner.nextRequested.connect(self._next)
        self.current: Suggestion | None = None
        started = window.clock().timestamp()
        self.alarm_since: dict[str, float] = {}   # sensor id -> when its alarm began (or was first seen)
        if window.live.store is not None:
            for sid, state in window.live.store.sensor_states().items():
                if state.status == "alarm" and state.at is not None:
                    self.alarm_since[sid] = state.at.timestamp()
        self._started = started
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(CHECK_AFTER_MS)
        self._soon.timeout.connect(self.check_in_background)
        self._every = QTimer(self)
        self._every.setInterval(CHECK_EVERY_MS)
        self._every.timeout.connect(self.check_in_background)
        # Finding clusters in a burst of tens of thousands of incidents takes seconds: it runs
        # in a worker process (see geodata.emergency.suggest_worker), made at the first look,
        # and only taking the result in happens here.
        self._worker: ProcessPoolExecutor | None = None
        self._busy = self._again = False
        self.look_s = 0.0  # how long the last background look took
        self._resting = QTimer(self)
        self._resting.setSingleShot(True)
        self._resting.timeout.connect(self._rested)
        self._relay = _Relay(self)  # a child: it lives and dies on the UI thread, whatever holds it
        self._relay.looked.connect(self._take_looked, Qt.QueuedConnection)
        window.live.changed.connect(self._soon.start)
        window.live.sensorsChanged.connect(self._note_sensors)
        window.emergency.changed.connect(self._soon.start)

    def start(self) -> None:
        self.check()
        self._every.start()

    # ------------------------------------------------------------------ looking
    def _note_sensors(self, changes) -> None:
        for c in changes:
            if c.status == "alarm":
                self.alarm_since.setdefault(c.sensor_id, c.at.timestamp() if c.at else self.window.clock().timestamp())
            else:
                self.alarm_since.pop(c.sensor_id, None)

    def check(self) -> list[Suggestion]:
        """Look for clusters now; show the banner for what is open. Returns what was newly raised."""
        now, sensors, incidents = self._inputs()
        return self._take_found(self.tracker.find(now, sensors, incidents))

    def check_in_background(self) -> None:
        """Look for clusters on the worker thread; the banner follows when it has looked. A
        request while it looks is remembered and served after, not queued many times."""
        if self._busy or self._resting.isActive():
            self._again = True
            return
        self._busy = True
        inputs = self._inputs()
        try:
            future = self._process().submit(suggest_worker.find, *inputs)
        except (BrokenProcessPool, RuntimeError, OSError) as exc:  # the worker died: a new one next time
            print(f"warning: emergency suggestions could not look: {exc!r}", file=sys.stderr)
            self._worker = None
            self._busy = False
            return
        future.add_done_callback(partial(_deliver, weakref.ref(self._relay)))

    def _process(self) -> ProcessPoolExecutor:
        if self._worker is None:
            w = self.window
            kinds = w.district.sensors["kind"].to_numpy()
            x, y = w.district.point_xy("sensors")
            self._worker = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                               initializer=suggest_worker.init,
                                               initargs=(self.tracker.rules, kinds, x, y))
        return self._worker

    def warm_up(self) -> None:
        """Start the worker process now, from a helper thread, so that its start (an interpreter
        importing numpy and scipy) happens before a burst, not in one."""
        worker = self._process()
        threading.Thread(target=lambda: worker.submit(suggest_worker.ready), name="suggestions-warm-up",
                         daemon=True).start()

    def _take_looked(self, payload) -> None:
        found, took, broken = payload
        if broken:
            self._worker = None
        self.look_s = took
        self._take_found(found)

    def _take_found(self, found) -> list[Suggestion]:
        self._busy = False
        raised = [] if found is None else self.tracker.absorb(found, inside=self.window.emergency.covers)
        for s in raised:
            self.raised.emit(s)
        self._present(prefer=raised[0].id if raised else None)
        # In a burst, the next look waits twice as long as this one took: looking takes at most
        # a third of one core, and the UI thread keeps the rest.
        self._resting.start(max(CHECK_AFTER_MS, round(2000 * self.look_s)))
        return raised

    def _rested(self) -> None:
        if self._again:
            self._again = False
            self.check_in_background()

    def stop(self) -> None:
        self._soon.stop()
        self._resting.stop()
        self._every.stop()
        if self._worker is not None:
            self._worker.shutdown(wait=False, cancel_futures=True)
            self._worker = None

    def _inputs(self) -> tuple:
        """Copies of what the tracker looks at: alarms and recent open incidents, now."""
        w = self.window
        now = w.clock().timestamp()
        sensors = w.district.sensors
        alarm = np.flatnonzero(sensors["status"].to_numpy() == "alarm")
        ids = sensors["sensor_id"].to_numpy()[alarm]
        sx, sy = w.district.point_xy("sensors")
        since = np.array([self.alarm_since.setdefault(str(i), self._started) for i in ids], dtype=float)
        b = w.book
        longest = max((r.window_s for r in self.tracker.rules if r.kind == "incidents"), default=0.0)
        with np.errstate(invalid="ignore"):
            recent = np.flatnonzero(b.open_mask() & (b.reported >= now - longest))
        return (now,
                {"ids": ids, "kind": sensors["kind"].to_numpy()[alarm], "x": sx[alarm], "y": sy[alarm], "since": since},
                {"ids": b.incident_id[recent], "category": b.category[recent], "x": b.x[recent], "y": b.y[recent],
                 "reported": b.reported[recent]})

    # ------------------------------------------------------------------ showing
    def _present(self, prefer: int | None = None) -> None:
        open_ = self.tracker.open()
        if not open_:
            self.current = None
            self.banner.setVisible(False)
            self.layer.clear()
            return
        ids = [s.id for s in open_]
        keep = prefer if prefer in ids else (self.current.id if self.current is not None and self.current.id in ids
                                             else ids[0])
        self.current = self.tracker.suggestions[keep]
        s = self.current
        self.banner.present(s.id, self.describe(s), ids.index(s.id) + 1, len(ids))
        self.layer.show_evidence((s.x, s.y), s.rule.radius_m, s.member_xy)

    def _next(self) -> None:
        ids = [s.id for s in self.tracker.open()]
        if self.current is not None and self.current.id in ids:
            self._present(prefer=ids[(ids.index(self.current.id) + 1) % len(ids)])

    def describe(self, s: Suggestion) -> str:
        """The evidence in words: what, how many, how close, over what time, where."""
        r = s.rule
        what = self.tr("%1 incidents reported").replace("%1", str(s.count)) if r.kind == "incidents" else \
            self.tr("%1 %2 sensors in alarm").replace("%1", str(s.count)).replace("%2", label(r.kind))
        first = datetime.fromtimestamp(s.first, CST).strftime("%H:%M")
        last = zoned(s.last)
        grid = self.window.index.grid_of(s.x, s.y)
        place = str(self.window.district.grids["name"].iloc[grid]) if grid >= 0 else ""
        text = self.tr("Suggest declaring: %1 — %2 within %3 m, %4–%5%6").replace(
            "%1", self.window.emergency.type_name(r.type)).replace("%2", what).replace(
            "%3", f"{r.radius_m:,.0f}").replace("%4", first).replace("%5", last).replace(
            "%6", f" · {place}" if place else "")
        return ("↻ " if s.grew else "⚠ ") + text

    def show_on_map(self, sid: int) -> None:
        s = self.tracker.suggestions[sid]
        span_px = max(min(self.window.map.width(), self.window.map.height()), 300)
        self.window.map.centre_on(s.x, s.y, metres_per_px=s.rule.radius_m * 3 / span_px)

    # ------------------------------------------------------------------ answering
    def declare(self, sid: int, level: int | None = None) -> bool:
        """Open the declare dialog on the suggestion (type and focus filled in); the officer
        confirms. ``level`` given: declare without the dialog (scripted and tested paths)."""
        w = self.window
        s = self.tracker.suggestions[sid]
        lon, lat = (float(v) for v in w.district.to_lonlat(s.x, s.y))
        source = f"suggestion {s.rule.name}: {s.count} × {s.rule.kind} ({', '.join(s.members[:6])}" \
                 + (", …)" if s.count > 6 else ")")
        if level is None:
            if w.emergency.choose_and_declare(lon, lat, source, etype=s.rule.type) is None:
                return False
        else:
            w.emergency.declare(s.rule.type, level, lon, lat, source=source)
        self.tracker.declared(sid)
        self._audit("suggestion_declared", s)
        w.emergency.log("state", f"declared on a suggestion: {self.describe(s)}; evidence {', '.join(s.members)}")
        self._present()
        return True

    def dismiss(self, sid: int) -> None:
        s = self.tracker.suggestions[sid]
        self.tracker.dismiss(sid)
        self._audit("suggestion_dismissed", s)
        self._present()

    def _audit(self, action: str, s: Suggestion) -> None:
        if self.window.audit is not None:
            self.window.audit.record(self.window.operator, action, {
                "rule": s.rule.name, "type": s.rule.type, "members": s.members,
                "centre": [round(float(v), 7) for v in self.window.district.to_lonlat(s.x, s.y)]})

    def retranslate(self) -> None:
        self.banner.retranslate()
        if self.current is not None:
            self._present()
