"""Freed heap memory goes back to the system, on the GUI thread's timer."""
from __future__ import annotations

import sys

import pytest

from console import heap_trim

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")


def resident_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@linux
def test_memory_freed_between_kept_objects_is_handed_back():
    # 150 MB in pieces below malloc's mmap threshold, each followed by a small block that stays
    # (1 kB: from malloc too, not from Python's own small-object arenas): freed, the pieces are
    # holes in the middle of the heap, which malloc keeps for itself.
    start = resident_mb()
    pieces, kept = [], []
    for _ in range(1500):
        pieces.append(bytearray(100_000))
        kept.append(bytearray(1000))
    grown = resident_mb() - start
    del pieces
    before = resident_mb()
    assert heap_trim.trim_now()
    assert grown > 50 and before - resident_mb() > 0.5 * grown
    assert len(kept) == 1500


@linux
def test_the_console_trims_on_a_timer(qtbot, monkeypatch):
    monkeypatch.setattr(heap_trim, "_timer", None)
    start = heap_trim.trims
    heap_trim.trim_on_gui_thread(interval_s=0.05)
    try:
        qtbot.waitUntil(lambda: heap_trim.trims >= start + 2, timeout=2000)
    finally:
        heap_trim._timer.stop()
