"""One piece of analysis off the UI thread: a function run on a QThread, its result or its
error handed back on the UI thread. A failure is said, never a crash of the console."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QThread, Signal


class BackgroundJob(QThread):
    """``fn()`` on a worker thread; ``done(result)`` or ``failed(message)`` afterwards."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, fn: Callable[[], object], parent=None) -> None:
        super().__init__(parent)
        self.fn = fn

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 — reported to the officer by whoever listens
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.done.emit(result)


def run_job(parent, fn: Callable[[], object], done: Callable[[object], None],
            failed: Callable[[str], None]) -> BackgroundJob:
    """Start ``fn`` in the background; the job is kept by ``parent`` until it has finished."""
    job = BackgroundJob(fn, parent)
    job.done.connect(done)
    job.failed.connect(failed)
    job.finished.connect(job.deleteLater)
    job.start()
    return job
