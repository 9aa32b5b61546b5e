"""Freed heap memory goes back to the system, on the GUI thread's timer."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from console import heap_trim

ROOT = Path(__file__).resolve().parents[2]
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")


# Run in a fresh interpreter: the test process's own heap is already full of holes (earlier
# tests), and where new blocks land in them depends on what ran before.
FRAGMENT_AND_TRIM = """
import sys
sys.path.insert(0, sys.argv[1])
from console import heap_trim

def resident_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))

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
freed = resident_mb()
trimmed = heap_trim.trim_now()
print(grown, freed - start, resident_mb() - start, trimmed, len(kept))
"""


@linux
def test_memory_freed_between_kept_objects_is_handed_back():
    out = subprocess.run([sys.executable, "-c", FRAGMENT_AND_TRIM, str(ROOT)], capture_output=True, text=True,
                         check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}).stdout.split()
    grown, after_free, after_trim = (float(v) for v in out[:3])
    assert out[3] == "True" and out[4] == "1500"
    assert grown > 100
    assert after_free > 0.8 * grown, "free() alone handed the pieces back: the heap was not fragmented"
    assert after_trim < 0.2 * grown


@linux
def test_the_console_trims_on_a_timer(qtbot, monkeypatch):
    monkeypatch.setattr(heap_trim, "_timer", None)
    start = heap_trim.trims
    heap_trim.trim_on_gui_thread(interval_s=0.05)
    try:
        qtbot.waitUntil(lambda: heap_trim.trims >= start + 2, timeout=2000)
    finally:
        heap_trim._timer.stop()
