"""Loading a district off the UI thread, with a progress window the wall can read.

Reading a Longhua-sized GeoPackage and assigning 580,000 points to grids takes several
seconds; the pure geodata functions run in a QThread and report progress through
signals, while the UI thread keeps painting the progress window.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from geodata import DistrictDataError, load_district
from geodata.point_grids import index_district
from geodata.store import Store, is_url, open_store, redact
from widgets.plain_text import PlainLabel


BASE_DRAW_WAIT_S = 10.0  # the reading goes on after this even if the map was never drawn


class LoadWorker(QObject):
    """Runs in a worker thread: load, then index; emits progress, then done or failed."""

    progress = Signal(float, str)
    base = Signal(object)           # the district's grids and context, its points still being read
    done = Signal(object, object)   # district, index
    failed = Signal(object)         # the exception

    def __init__(self, path: Path | str, repair: bool, keep_grids: bool = False, user=None) -> None:
        super().__init__()
        self.path, self.repair, self.keep_grids, self.user = path, repair, keep_grids, user
        self.grids_from: dict[str, str] = {}  # per point layer: were its grids stored, or computed?
        self.map_drawn: threading.Event | None = None  # set: the points are read after the map is drawn

    def _hand_base(self, district) -> None:
        """The grids and the basemap are read: hand them over, and let the UI thread draw them
        before reading on. Two threads of Python share one core's worth of GIL, and the
        points' reading would otherwise make that first frame twice as slow."""
        self.base.emit(district)
        if self.map_drawn is not None:
            self.map_drawn.wait(BASE_DRAW_WAIT_S)

    def run(self) -> None:
        try:
            district = load_district(self.path, repair=self.repair,
                                     progress=lambda f, m: self.progress.emit(0.6 * f, m),
                                     base_ready=self._hand_base)
            store = self._store()
            try:
                index, self.grids_from = index_district(
                    district, store, progress=lambda f, m: self.progress.emit(0.6 + 0.4 * f, m), write=self.keep_grids)
            finally:
                if store is not None:
                    store.close()
        except Exception as exc:  # reported to the user by the caller, never swallowed
            self.failed.emit(exc)
            return
        self.done.emit(district, index)

    def _store(self) -> Store | None:
        """This thread's own connection to the district's store, where the points' grids may be
        kept (GDAL has finished with the file), or None when it cannot be opened: the grids
        are then computed, as they always could be."""
        try:
            store = self.path.reopen() if isinstance(self.path, Store) else \
                open_store(self.path, readonly=not self.keep_grids)
        except Exception:  # noqa: BLE001 - a file we may not write, a server gone: compute instead
            return None
        if self.user is not None:
            store.user = self.user
        return store


class _Receiver(QObject):
    """Collects the worker's answer in the UI thread and ends the waiting loop."""

    def __init__(self, loop: QEventLoop) -> None:
        super().__init__()
        self.loop = loop
        self.result: dict = {}
        self.finished = False
        self.window: LoadingWindow | None = None
        self.on_base: Callable | None = None
        self.map_drawn: threading.Event | None = None

    @Slot(object)
    def on_base_ready(self, district) -> None:
        """The map can be drawn: ``on_base`` shows it, and takes over showing the progress."""
        if self.on_base is None or self.finished:
            return
        try:
            shown = self.on_base(district)
        finally:
            if self.map_drawn is not None:
                self.map_drawn.set()
        if shown is not None:
            if self.window is not None:
                self.window.close()
            self.window = shown

    @Slot(float, str)
    def on_progress(self, fraction: float, message: str) -> None:
        if self.window is not None:
            self.window.show_progress(fraction, message)

    @Slot(object, object)
    def on_done(self, district, index) -> None:
        self.result.update(district=district, index=index)
        self._finish()

    @Slot(object)
    def on_failed(self, exc) -> None:
        self.result.update(error=exc)
        self._finish()

    def _finish(self) -> None:
        self.finished = True
        self.loop.quit()


class LoadingWindow(QWidget):
    """District name, a progress bar and the current step, in type big enough for a wall."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(None, Qt.SplashScreen | Qt.WindowStaysOnTopHint)
        self.setObjectName("loadingWindow")
        self.title = PlainLabel(self.tr("GridTwin — loading %1").replace("%1", path.name if isinstance(path, Path) else redact(getattr(path, "where", path))))
        self.title.setStyleSheet("font-size: 28px; font-weight: bold;")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setMinimumHeight(28)
        self.step = PlainLabel()
        self.step.setStyleSheet("font-size: 20px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        for w in (self.title, self.bar, self.step):
            layout.addWidget(w)
        self.resize(900, 200)

    @Slot(float, str)
    def show_progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(round(1000 * fraction))
        self.step.setText(message)


def load_with_progress(path: Path, repair: bool = False, show: bool = True, *, keep_grids: bool = False,
                       user=None, meanwhile: Callable[[], None] | None = None,
                       on_base: Callable[[object], object] | None = None):
    """(district, index) loaded in a worker thread while the UI stays live; raises what loading raised.
    The points' grids stored for this plan are trusted; ``keep_grids``: those computed are kept
    in the store for the next start (a planner's or the service account's write, as ``user``).
    ``meanwhile`` runs on this thread while the worker reads (GDAL lets go of Python as it reads):
    the console's own modules are imported then, not after. ``on_base(district)`` runs on this
    thread as soon as the grids and the basemap are read (the points not yet): it may show
    them and return the widget that shows the progress from then on (``show_progress``)."""
    path = path if is_url(path) or isinstance(path, Store) else Path(path)
    window = LoadingWindow(path) if show else None
    if window is not None:
        window.show()
    thread = QThread()
    worker = LoadWorker(path, repair, keep_grids, user)
    worker.moveToThread(thread)
    loop = QEventLoop()
    receiver = _Receiver(loop)  # lives in this thread, so the worker's signals are queued to it
    # Queued, always: a plain Python method as the receiver would otherwise run on the worker
    # thread, and a widget touched there crashes the process.
    worker.done.connect(receiver.on_done, Qt.QueuedConnection)
    worker.failed.connect(receiver.on_failed, Qt.QueuedConnection)
    if window is not None or on_base is not None:
        # Through the receiver, as done is: queued straight to the window's slot, all of a
        # load's progress was sometimes dropped on a loaded machine (PySide6 6.11).
        receiver.window = window
        worker.progress.connect(receiver.on_progress, Qt.QueuedConnection)
    if on_base is not None:
        receiver.on_base = on_base
        worker.map_drawn = receiver.map_drawn = threading.Event()
        worker.base.connect(receiver.on_base_ready, Qt.QueuedConnection)
    thread.started.connect(worker.run)
    thread.start()
    if meanwhile is not None:
        meanwhile()
    if not receiver.finished:
        loop.exec()
    result = receiver.result
    thread.quit()
    thread.wait()
    if receiver.window is not None and isinstance(receiver.window, LoadingWindow):
        receiver.window.close()
    if "error" in result:
        raise result["error"]
    return result["district"], result["index"]


__all__ = ["DistrictDataError", "LoadWorker", "LoadingWindow", "load_with_progress"]
