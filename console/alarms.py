"""Alarms in the console: a new severity-4 incident or a sensor entering alarm flashes the
alarm strip over the map and sounds until somebody acknowledges it (Ctrl+K); the sound can be
muted (Ctrl+M) while the flash goes on. Acknowledging is the store's record (who, when,
audited) and silences the same alarm on every console; the status bar counts what is
unacknowledged and names who acknowledged last."""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import numpy as np
from PySide6.QtCore import QLoggingCategory, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QToolButton

from console.sync import zoned_time
from geodata.access import may
from geodata.alarms import URGENT_SEVERITY, Alarm, AlarmBoard, incident_key, sensor_key
from geodata.schema import OPEN_INCIDENT_STATUSES
from geodata.store import StoreError
from layers.labels import label
from widgets.plain_text import PlainLabel

SOUND = Path(__file__).resolve().parent.parent / "resources" / "sounds" / "alarm.wav"
FLASH_MS = 500  # the strip alternates twice a second: seen from across the room, not a strobe


def sound_available() -> bool:
    # Qt Multimedia probes for every audio and video library it might use and says so for each
    # one missing (PipeWire, VA-API): noise on a console's stderr, not a problem of ours.
    QLoggingCategory.setFilterRules("qt.multimedia*=false")
    try:
        import PySide6.QtMultimedia  # noqa: F401
    except ImportError as exc:
        print(f"warning: no alarm sound: Qt Multimedia is not available ({exc})", file=sys.stderr)
        return False
    return True


def alarm_sound(parent: QObject):
    """A looping QSoundEffect of the bundled alarm, or None where Qt Multimedia cannot load
    (the flash still asks to be seen; the status bar says the sound is off)."""
    try:
        from PySide6.QtMultimedia import QSoundEffect
    except ImportError as exc:
        print(f"warning: no alarm sound: Qt Multimedia is not available ({exc})", file=sys.stderr)
        return None
    effect = QSoundEffect(parent)
    effect.setSource(QUrl.fromLocalFile(str(SOUND)))
    effect.setLoopCount(QSoundEffect.Loop.Infinite.value)
    effect.setVolume(1.0)
    return effect


class AlarmStrip(QFrame):
    """The red strip above the map: what the newest alarm is, and the two answers."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("alarmStrip")
        box = QHBoxLayout(self)
        self.text = PlainLabel()
        self.text.setObjectName("alarmText")
        self.acknowledge = QPushButton()
        self.acknowledge.setObjectName("alarmAcknowledge")
        self.mute = QPushButton()
        self.mute.setObjectName("alarmMute")
        box.addWidget(self.text, 1)
        box.addWidget(self.mute)
        box.addWidget(self.acknowledge)
        self.setVisible(False)

    def set_flash(self, on: bool) -> None:
        self.setProperty("flash", "on" if on else "off")
        self.style().unpolish(self)
        self.style().polish(self)
        self.text.style().unpolish(self.text)
        self.text.style().polish(self.text)


class AlarmWatch(QObject):
    changed = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.board = AlarmBoard()
        self.muted: set[str] = set()  # the alarms whose sound was muted (a new alarm sounds again)
        self._sound = None  # made at the first alarm: a machine without sound says so only then
        self.sound_available = sound_available()
        self.strip = AlarmStrip()
        window.centralWidget().layout().insertWidget(1, self.strip)
        self.strip.acknowledge.clicked.connect(self.acknowledge_all)
        self.strip.mute.clicked.connect(self.mute)
        self.button = QToolButton()  # status bar: how many are unacknowledged; a click acknowledges
        self.button.setObjectName("alarmButton")
        self.button.clicked.connect(self.acknowledge_all)
        self.act_acknowledge = QAction(window)
        self.act_acknowledge.setShortcut(QKeySequence("Ctrl+K"))
        self.act_acknowledge.setShortcutContext(Qt.ApplicationShortcut)
        self.act_acknowledge.triggered.connect(self.acknowledge_all)
        self.act_mute = QAction(window)
        self.act_mute.setShortcut(QKeySequence("Ctrl+M"))
        self.act_mute.setShortcutContext(Qt.ApplicationShortcut)
        self.act_mute.triggered.connect(self.mute)
        window.addAction(self.act_acknowledge)
        window.addAction(self.act_mute)
        self._flash_on = False
        self._flasher = QTimer(self)
        self._flasher.setInterval(FLASH_MS)
        self._flasher.timeout.connect(self._flash)
        self.last_error = ""
        window.live.incidentsArrived.connect(self.incidents_arrived)
        window.live.sensorsChanged.connect(self.sensors_changed)

    # ------------------------------------------------------------------ raising
    def _acks(self, keys: list[str]) -> dict:
        return self.window.live.read(lambda s: s.store.alarm_acknowledgements(keys), {})

    def stand(self) -> None:
        """The alarms standing when the console starts: open severity-4 incidents and sensors
        in alarm that nobody has acknowledged. Counted and listed, but they neither flash nor
        sound: they are not new."""
        w = self.window
        b = w.book
        # One test of every incident at once: a Longhua book holds 250,000 (0.3 s one by one).
        open_urgent = np.flatnonzero((np.asarray(b.severity[:len(b)]).astype(int) >= URGENT_SEVERITY)
                                     & np.isin(np.asarray(b.status[:len(b)]).astype(str),
                                               list(OPEN_INCIDENT_STATUSES))).tolist()
        alarms = [Alarm(incident_key(str(b.incident_id[p])), "incident", str(b.incident_id[p]), str(b.category[p]),
                        datetime.fromtimestamp(float(b.reported[p])).astimezone(), float(b.x[p]), float(b.y[p]),
                        live=False) for p in open_urgent]
        states = w.live.read(lambda s: s.sensor_states(), {})
        sensors = w.district.sensors
        sx, sy = w.district.point_xy("sensors")
        for k in (sensors["status"].to_numpy() == "alarm").nonzero()[0]:
            sid = str(sensors["sensor_id"].iloc[k])
            state = states.get(sid)
            since = state.at if state is not None else None
            alarms.append(Alarm(sensor_key(sid, state.episode if state else None, since), "sensor", sid,
                                str(sensors["kind"].iloc[k]), since or w.clock(), float(sx[k]), float(sy[k]),
                                live=False))
        self._raise(alarms)

    def incidents_arrived(self, records) -> None:
        """New incidents shown (a feed, another console): the urgent open ones are alarms."""
        w = self.window
        alarms = []
        for r in records:
            if r.severity >= URGENT_SEVERITY and r.status in OPEN_INCIDENT_STATUSES:
                x, y = (float(v) for v in w.district.from_lonlat(r.lon, r.lat))
                alarms.append(Alarm(incident_key(r.incident_id), "incident", r.incident_id, r.category,
                                    r.reported_at, x, y))
        self._raise(alarms)

    def sensors_changed(self, changes) -> None:
        w = self.window
        sx, sy = w.district.point_xy("sensors")
        kinds = w.district.sensors["kind"]
        alarms = []
        for c in changes:
            if c.status != "alarm":
                continue
            k = w.live.sensor_positions.get(c.sensor_id)
            if k is None:
                continue
            alarms.append(Alarm(sensor_key(c.sensor_id, c.episode, c.at), "sensor", c.sensor_id,
                                str(kinds.iloc[k]), c.at or w.clock(), float(sx[k]), float(sy[k])))
        self._raise(alarms)

    def _raise(self, alarms: list[Alarm]) -> None:
        fresh = [a for a in alarms if a.key not in self.board.alarms]
        if not fresh:
            return
        acks = self._acks([a.key for a in fresh])
        new = [a for a in fresh if self.board.raise_alarm(a, acks.get(a.key))]
        if new:
            self.muted.clear()  # a new alarm is heard, even after a mute
        self._show()

    # ------------------------------------------------------------------ answering
    def acknowledge_all(self) -> bool:
        """The officer has seen every alarm in hand: recorded in the store first, then silenced."""
        w = self.window
        pending = list(self.board.pending.values())
        if not pending:
            return False
        refusal = w.sync.refusal() if getattr(w, "sync", None) is not None else None
        if refusal is None and not may(w.role, "act"):
            refusal = w.refusal("act")
        if refusal:
            self._say(refusal)
            return False
        keys = [a.key for a in pending]
        now = w.clock()
        store = w.live.store
        if store is not None:
            try:
                store.store.acknowledge_alarms(w.operator, keys, at=now)
            except (StoreError, PermissionError) as exc:
                self._say(self.tr("Alarms not acknowledged: %1").replace("%1", str(exc)))
                return False
        self.board.acknowledge(keys, w.operator, now)
        self._show()
        return True

    def take_acknowledgements(self, acks: dict) -> None:
        """Another console acknowledged these alarms (the store says who and when)."""
        for key, (who, at) in acks.items():
            self.board.acknowledge([key], who, at)
        self._show()

    def mute(self) -> None:
        """Silence the alarms in hand; the strip keeps flashing until they are acknowledged."""
        self.muted |= {a.key for a in self.board.sounding()}
        self._show()

    # ------------------------------------------------------------------ showing
    @property
    def sounding(self) -> bool:
        return any(a.live and a.key not in self.muted for a in self.board.pending.values())

    @property
    def flashing(self) -> bool:
        return self._flasher.isActive()

    def _show(self) -> None:
        _newest, live = self.board.newest(live=True)
        if live:
            if not self._flasher.isActive():
                self._flash_on = True
                self._flasher.start()
        else:
            self._flasher.stop()
            self._flash_on = False
        self.strip.set_flash(self._flash_on)
        self.strip.setVisible(bool(live))
        if self.sounding and self.sound_available and self._sound is None:
            self._sound = alarm_sound(self)
        if self._sound is not None:
            if self.sounding and not self._sound.isPlaying():
                self._sound.play()
            elif not self.sounding and self._sound.isPlaying():
                self._sound.stop()
        self.retranslate()
        self.changed.emit()

    def _flash(self) -> None:
        self._flash_on = not self._flash_on
        self.strip.set_flash(self._flash_on)
        self.button.setProperty("flash", "on" if self._flash_on else "off")
        self.button.style().unpolish(self.button)
        self.button.style().polish(self.button)

    def _say(self, text: str) -> None:
        self.last_error = text
        self.window.statusBar().showMessage(text, 10000)

    def describe(self, alarm: Alarm) -> str:
        w = self.window
        grid = w.index.grid_of(alarm.x, alarm.y)
        place = str(w.district.grids["name"].iloc[grid]) if grid >= 0 else ""
        when = zoned_time(alarm.raised_at)
        if alarm.kind == "incident":
            text = self.tr("Severity-4 incident %1: %2").replace("%1", alarm.subject).replace("%2", label(alarm.what))
        else:
            text = self.tr("Sensor %1 in alarm: %2").replace("%1", alarm.subject).replace("%2", label(alarm.what))
        return f"⚠ {text} · {place} · {when}" if place else f"⚠ {text} · {when}"

    def retranslate(self) -> None:
        newest, live = self.board.newest(live=True)
        unacked = len(self.board.pending)
        self.act_acknowledge.setText(self.tr("Acknowledge alarms (Ctrl+K)"))
        self.act_mute.setText(self.tr("Mute alarm sound (Ctrl+M)"))
        self.strip.acknowledge.setText(self.tr("Acknowledge (Ctrl+K)"))
        self.strip.mute.setText(self.tr("Mute (Ctrl+M)") if self.sound_available else self.tr("No sound"))
        self.strip.mute.setEnabled(self.sound_available and self.sounding)
        if live:
            more = self.tr(" (+%1 more)").replace("%1", f"{live - 1:,}") if live > 1 else ""
            self.strip.text.setText(self.describe(newest) + more)
        if unacked:
            self.button.setText(self.tr("⚠ %1 unacknowledged alarms").replace("%1", f"{unacked:,}"))
            self.button.setToolTip(self.tr("Acknowledge them all (Ctrl+K)"))
        else:
            last = self.board.latest_acknowledged()
            self.button.setText(self.tr("No unacknowledged alarms") if last is None else
                                self.tr("Alarms acknowledged by %1 at %2").replace("%1", last.acknowledged_by)
                                .replace("%2", zoned_time(last.acknowledged_at)))
            self.button.setToolTip("")
        self.button.setProperty("alarms", "unacknowledged" if unacked else "none")
        self.button.style().unpolish(self.button)
        self.button.style().polish(self.button)
