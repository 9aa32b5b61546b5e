"""One picture across consoles: follow the shared store's change log and show what other
consoles (and the headless intake) changed — incidents, sensor alarms, emergencies, the
active plan — within a second of their commit.

The follower runs on its own thread with its own connection (a lost server must never
freeze the wall), reads the rows each change names, and hands them to the GUI thread.
While the server is away the console keeps its last picture under an "offline since
hh:mm" banner and refuses actions with a message (nothing is half-done or queued behind the
officer's back); on reconnect it reads the change log from the last change it saw, so it
catches up on everything it missed.
"""
from __future__ import annotations

import time
from datetime import datetime

from PySide6.QtCore import QObject, QThread, Qt, Signal

from widgets.clock import zoned

from geodata.localtime import utc_now
from geodata.store import StoreError
from geodata.store.follow import Follower, Update

RETRY_S = 1.0       # first pause before reconnecting; doubles up to RETRY_MAX_S
RETRY_MAX_S = 10.0
POLL_S = 0.5


class FollowThread(QThread):
    updated = Signal(object)      # an Update with the rows read
    wentOffline = Signal(object)  # the datetime the server was lost, and why (str)
    cameOnline = Signal()

    def __init__(self, store, skip_origins: set[str], after: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.template, self.skip, self.after = store, skip_origins, after
        self.online = True
        self.seen = 0  # changes read since the start

    def run(self) -> None:
        follower = None
        pause = RETRY_S
        while not self.isInterruptionRequested():
            try:
                if follower is None:
                    follower = Follower(self.template.reopen(), self.after, skip_origins=self.skip)
                update = follower.poll(POLL_S)
                if not self.online:
                    self.online = True
                    self.cameOnline.emit()
                pause = RETRY_S
                self.after = follower.last
                if update:
                    self.seen += len(update.changes)
                    self.updated.emit(update)
            except (StoreError, OSError) as exc:
                if follower is not None:
                    try:
                        follower.close()
                    except Exception:  # noqa: BLE001 — it is already broken
                        pass
                    follower = None
                if self.online:
                    self.online = False
                    self.wentOffline.emit((utc_now(), str(exc)))
                deadline = time.monotonic() + pause
                while time.monotonic() < deadline and not self.isInterruptionRequested():
                    time.sleep(0.05)
                pause = min(pause * 2, RETRY_MAX_S)
        if follower is not None:
            follower.close()

    def stop(self) -> None:
        self.requestInterruption()
        self.wait()


class StoreSync(QObject):
    """Applies other consoles' changes to this window, and says whether the store is reachable."""

    stateChanged = Signal()

    def __init__(self, window, store) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.offline_since: datetime | None = None
        self.offline_reason = ""
        self.applied = 0
        self.thread: FollowThread | None = None

    @property
    def online(self) -> bool:
        return self.offline_since is None

    def start(self, own_origins: set[str]) -> None:
        """Follow from now on (what was committed before is what the window loaded)."""
        after = self.store.last_change()
        self.thread = FollowThread(self.store, own_origins, after, parent=self)
        self.thread.updated.connect(self._apply, Qt.QueuedConnection)
        self.thread.wentOffline.connect(self._offline, Qt.QueuedConnection)
        self.thread.cameOnline.connect(self._online, Qt.QueuedConnection)
        self.thread.start()

    def stop(self) -> None:
        if self.thread is not None:
            self.thread.stop()
            self.thread = None

    def _offline(self, info) -> None:
        self.offline_since, self.offline_reason = info
        self.stateChanged.emit()

    def _online(self) -> None:
        self.offline_since = None
        self.offline_reason = ""
        self.stateChanged.emit()

    def _apply(self, update: Update) -> None:
        w = self.window
        if update.everything:
            w.live.restore()
        if update.incidents:
            w.live.show_from_store(update.incidents)
        if update.sensors:
            w.live.show_sensors_from_store(update.sensors)
        if update.emergency_changed:
            w.emergency.follow(update.emergency, update.emergency_log)
        if update.plan_version is not None:
            w.planning.follow_activation(update.plan_version)
        if update.alarm_acks:
            w.alarms.take_acknowledgements(update.alarm_acks)
        self.applied += len(update.changes)

    def refusal(self) -> str | None:
        """Why an action cannot be taken now, or None."""
        if self.online:
            return None
        return self.tr("Offline since %1: the store cannot be reached, so this action was not taken. "
                       "Try again when the banner is gone.").replace("%1", zoned_time(self.offline_since))


def zoned_time(t: datetime) -> str:
    """hh:mm in the district's zone, with the zone."""
    return zoned(t)
