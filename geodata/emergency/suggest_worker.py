"""The suggestion tracker's looking, in a process of its own: finding clusters in a burst of
tens of thousands of incidents holds the interpreter lock for seconds, and in the console's
own process that lock is the one the wall's UI thread needs (bench/feed.py: loop_max_ms 305
ms with the look on a thread, 128 ms with no look at all). The process keeps the rules and
the sensor index; each call sends only the alarms and recent incidents to look at."""
from __future__ import annotations

import time

from geodata.emergency.suggest import SuggestionTracker

_tracker: SuggestionTracker | None = None


def init(rules, kinds, x, y) -> None:
    global _tracker
    _tracker = SuggestionTracker(list(rules))
    _tracker.know_sensors(kinds, x, y)


def find(now: float, sensors: dict, incidents: dict) -> tuple[list, float]:
    """What :meth:`SuggestionTracker.find` sees, and how long it took (seconds)."""
    started = time.perf_counter()
    found = _tracker.find(now, sensors, incidents)
    return found, time.perf_counter() - started


def ready() -> bool:
    """Nothing: the first call starts the process (the console warms it up at start)."""
    return _tracker is not None
