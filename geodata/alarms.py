"""Alarms that ask to be seen: a new severity-4 incident or a sensor entering alarm.

Each alarm has a stable key, so an acknowledgement recorded in the store (who, when) means the
same alarm on every console and after a restart: ``incident:ID`` for an incident, and
``sensor:ID@EPISODE`` for one alarm episode of a sensor (its next alarm is a new one).
An alarm stays on the board until it is acknowledged; one whose cause has ended (the sensor is
back to normal, the incident closed) is still shown until somebody has seen it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

URGENT_SEVERITY = 4


@dataclass
class Alarm:
    key: str
    kind: str                 # "incident" or "sensor"
    subject: str              # the incident or sensor id
    what: str                 # its category or sensor kind (a data code)
    raised_at: datetime
    x: float
    y: float
    live: bool = True         # raised while this console watched (it flashes and sounds); else standing
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_by is not None


def incident_key(incident_id: str) -> str:
    return f"incident:{incident_id}"


def sensor_key(sensor_id: str, episode: str | None, since: datetime | None) -> str:
    """One alarm episode of a sensor: its episode id, else the time the alarm began."""
    mark = episode or (since.isoformat(timespec="seconds") if since is not None else "?")
    return f"sensor:{sensor_id}@{mark}"


class AlarmBoard:
    """The alarms in hand and who acknowledged which. Cheap in a storm: the unacknowledged
    are kept apart, so counting them or finding the newest never sorts every alarm."""

    def __init__(self) -> None:
        self.alarms: dict[str, Alarm] = {}
        self.pending: dict[str, Alarm] = {}  # not yet acknowledged, in the order raised
        self._last_ack: Alarm | None = None

    def raise_alarm(self, alarm: Alarm, acknowledged: tuple[str, datetime] | None = None) -> bool:
        """Put ``alarm`` on the board (once per key). ``acknowledged``: the store's record, if any.
        Returns True if it is new and nobody has acknowledged it: it should flash and sound."""
        if alarm.key in self.alarms:
            return False
        if acknowledged is not None:
            alarm.acknowledged_by, alarm.acknowledged_at = acknowledged
        self.alarms[alarm.key] = alarm
        if not alarm.acknowledged:
            self.pending[alarm.key] = alarm
        return alarm.live and not alarm.acknowledged

    def acknowledge(self, keys, who: str, at: datetime) -> list[Alarm]:
        """Mark ``keys`` acknowledged by ``who`` (those not acknowledged already)."""
        done = []
        for key in keys:
            alarm = self.pending.pop(key, None)
            if alarm is not None:
                alarm.acknowledged_by, alarm.acknowledged_at = who, at
                done.append(alarm)
                if self._last_ack is None or at >= self._last_ack.acknowledged_at:
                    self._last_ack = alarm
        return done

    def unacknowledged(self) -> list[Alarm]:
        """Newest first."""
        return sorted(self.pending.values(), key=lambda a: a.raised_at, reverse=True)

    def newest(self, live: bool = True) -> tuple[Alarm | None, int]:
        """The newest unacknowledged alarm (raised live, if ``live``) and how many such there are."""
        best, n = None, 0
        for a in self.pending.values():
            if live and not a.live:
                continue
            n += 1
            if best is None or a.raised_at >= best.raised_at:
                best = a
        return best, n

    def sounding(self) -> list[Alarm]:
        """Unacknowledged alarms raised while this console watched: they call for the sound."""
        return [a for a in self.pending.values() if a.live]

    def latest_acknowledged(self) -> Alarm | None:
        return self._last_ack
