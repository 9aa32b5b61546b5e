"""How late the UI event loop runs: a precise timer notes how far each tick is behind its
schedule. The figures are what an operator feels as lag while feeds pour in."""
from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer

INTERVAL_MS = 20


class LoopProbe(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.PreciseTimer)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self.lateness_ms: list[float] = []
        self._last: float | None = None
        self._taken = 0

    def start(self) -> None:
        self._last = None
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.lateness_ms.append(max(0.0, (now - self._last) * 1000.0 - INTERVAL_MS))
        self._last = now

    def recent(self) -> list[float]:
        """The samples since the last call (for a caller that computes its own percentiles)."""
        out = self.lateness_ms[self._taken:]
        self._taken = len(self.lateness_ms)
        return [round(v, 2) for v in out]

    def percentiles(self) -> dict[str, float]:
        if not self.lateness_ms:
            return {"loop_p50_ms": 0.0, "loop_p99_ms": 0.0, "loop_max_ms": 0.0, "loop_samples": 0}
        a = np.asarray(self.lateness_ms)
        return {"loop_p50_ms": round(float(np.percentile(a, 50)), 2), "loop_p99_ms": round(float(np.percentile(a, 99)), 2),
                "loop_max_ms": round(float(a.max()), 2), "loop_samples": int(len(a))}


class StallWatch:
    """A watchdog thread beside the UI: when the event loop has not ticked for ``after_ms``, it
    writes where the UI thread is (its Python stack) to ``out`` once per stall. It names the
    code behind a stall, which lateness figures alone cannot."""

    def __init__(self, probe: LoopProbe, out, after_ms: float = 250.0) -> None:
        import threading
        self.probe, self.out, self.after = probe, out, after_ms / 1000.0
        self.ui_thread = threading.main_thread().ident
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="stall-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        import sys
        import traceback
        reported_for, next_report = None, self.after
        while not self._stop.wait(self.after / 4):
            last = self.probe._last
            if last is None:
                continue
            stalled = time.perf_counter() - last
            if reported_for != last:
                reported_for, next_report = last, self.after
            if stalled >= next_report:  # at the onset, then at 4x, 16x ... as it goes on
                next_report *= 4
                frame = sys._current_frames().get(self.ui_thread)
                stack = "".join(traceback.format_stack(frame)[-12:]) if frame is not None else "(no frame)"
                print(f"stall: UI thread {stalled * 1000:.0f} ms behind, at:\n{stack}", file=self.out, flush=True)
