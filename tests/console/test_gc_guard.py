"""A Qt object left in a reference cycle is destroyed on the GUI thread, never on a worker
thread that happens to allocate (which crashes the process)."""
from __future__ import annotations

import threading

from PySide6.QtWidgets import QLabel, QWidget

from console.main_window import MainWindow


class _Cyclic(QWidget):
    def __init__(self, destroyed_on: list[int]) -> None:
        super().__init__()
        self.me = self  # only the cyclic collector can free it
        QLabel("x", self)
        self.destroyed.connect(lambda *_: destroyed_on.append(threading.get_ident()))


def test_a_window_in_a_reference_cycle_is_collected_on_the_gui_thread(qtbot, demo_district):
    w = MainWindow(demo_district)
    qtbot.addWidget(w)
    destroyed_on: list[int] = []
    for _ in range(20):
        _Cyclic(destroyed_on)

    def allocate() -> None:  # a worker that allocates as the feed and follower threads do
        junk = []
        for k in range(200_000):
            junk.append({"k": k, "v": [k]})
            if k % 1000 == 0:
                junk.clear()
    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    assert destroyed_on == []  # the worker's allocations did not run the collector
    qtbot.waitUntil(lambda: len(destroyed_on) == 20, timeout=5_000)
    assert set(destroyed_on) == {threading.main_thread().ident}
