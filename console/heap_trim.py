"""Give memory the process has freed back to the system.

glibc's malloc keeps what is freed in the middle of its heap for later use; only its top is
handed back. A console that loads 580,000 points and redraws 4K images frees tens of MB at a
time between objects that stay, so its resident size creeps up by what it no longer uses:
30-40 MB at Longhua, measured with /proc/self/status before and after ``malloc_trim(0)``.
Dask's workers trim for the same reason ("unmanaged memory"). A trim costs about 3 ms here,
so a timer on the GUI thread does it every few seconds. Where the C library has no
``malloc_trim`` (macOS, Windows, musl) nothing is done.
"""
from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer

INTERVAL_S = 2.0

_timer: QTimer | None = None
trims = 0  # how many times the heap was trimmed (tests)


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


_trim = _malloc_trim()


def trim_now() -> bool:
    """Hand freed heap pages back; False where the C library cannot."""
    global trims
    if _trim is None:
        return False
    _trim(0)
    trims += 1
    return True


def trim_on_gui_thread(interval_s: float = INTERVAL_S) -> None:
    """Start the timer once per process (needs a QApplication)."""
    global _timer
    if _timer is None and _trim is not None:
        _timer = QTimer()
        _timer.setInterval(round(interval_s * 1000))
        _timer.timeout.connect(trim_now)
        _timer.start()
