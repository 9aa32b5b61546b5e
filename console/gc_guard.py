"""Python's cyclic garbage collector runs on whichever thread happens to allocate. The
console's workers (the feed, the store follower, the loader) allocate all the time, and a Qt
object collected on one of them crashes the process. So automatic collection is switched off
and a timer collects on the GUI thread instead (pyqtgraph's GarbageCollector)."""
from __future__ import annotations

from pyqtgraph.util.garbage_collector import GarbageCollector

_guard: GarbageCollector | None = None


def collect_on_gui_thread(interval_s: float = 1.0) -> None:
    """Install the guard once per process; call it on the GUI thread with a QApplication."""
    global _guard
    if _guard is None:
        _guard = GarbageCollector(interval=interval_s)
