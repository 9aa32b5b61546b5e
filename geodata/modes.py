"""Console modes as a pure state machine: normal watch <-> emergency command.

The console's look follows the machine; the machine knows nothing of Qt. Every switch
produces a :class:`ModeChange` that listeners (the audit log, the UI) receive.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum


class Mode(str, Enum):
    NORMAL = "normal"
    EMERGENCY = "emergency"

    @property
    def other(self) -> "Mode":
        return Mode.EMERGENCY if self is Mode.NORMAL else Mode.NORMAL


@dataclass(frozen=True)
class ModeChange:
    """Who switched, when (timezone-aware), from which mode to which."""

    who: str
    when: datetime
    from_mode: Mode
    to_mode: Mode


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class ModeMachine:
    """Holds the current mode and since when; switching notifies listeners in order."""

    def __init__(self, mode: Mode = Mode.NORMAL, clock: Callable[[], datetime] = _utc_now) -> None:
        self._clock = clock
        self._mode = Mode(mode)
        self._since = clock()
        self._listeners: list[Callable[[ModeChange], None]] = []

    @property
    def mode(self) -> Mode:
        return self._mode

    @property
    def since(self) -> datetime:
        return self._since

    def elapsed(self) -> timedelta:
        """Time spent in the current mode."""
        return self._clock() - self._since

    def subscribe(self, listener: Callable[[ModeChange], None]) -> None:
        self._listeners.append(listener)

    def switch(self, to: Mode | str, who: str, since: datetime | None = None) -> ModeChange | None:
        """Enter mode ``to``; returns the change, or None when already in it (nothing recorded).
        ``since``: when the state began, if earlier than now (an emergency resumed after a
        restart keeps its real start, so its elapsed time is true)."""
        to = Mode(to)
        if to is self._mode:
            return None
        change = ModeChange(who=who, when=self._clock(), from_mode=self._mode, to_mode=to)
        self._mode, self._since = to, since or change.when
        for listener in list(self._listeners):
            listener(change)
        return change

    def toggle(self, who: str) -> ModeChange:
        change = self.switch(self._mode.other, who)
        assert change is not None
        return change
