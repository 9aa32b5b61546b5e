"""Which Qt platform the console runs on, decided before QApplication exists.

A snapshot or a drill needs no screen, so it runs offscreen by itself. The interactive console
needs one; without it, Qt would abort with a raw "could not load the Qt platform plugin"
message, so the console says in one line what it needs and exits 2 instead. A fatal message
that Qt raises anyway (a display that refuses the connection, a plugin that cannot load) is
turned into the same kind of line by a message handler, before Qt aborts.
"""
from __future__ import annotations

import os
import sys

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

NO_DISPLAY_EXIT = 2
HEADLESS_HINT = ("or render without a screen: --snapshot OUT.png, a drill with --emergency TYPE --at LON,LAT "
                 "--report DIR, or QT_QPA_PLATFORM=offscreen")


def choose_platform(headless: bool, environ=os.environ) -> str | None:
    """Set the platform for this run. Returns None when Qt can start, else the one-line reason."""
    if environ.get("QT_QPA_PLATFORM"):
        return None  # the user chose; respect it
    if headless:
        environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    if sys.platform.startswith("linux") and not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")):
        return ("GridTwin's console needs a display: set DISPLAY (X11) or WAYLAND_DISPLAY, "
                f"{HEADLESS_HINT}.")
    return None


_held: list[str] = []  # what Qt said while starting; shown only if it then aborts
QUIET = ("This plugin does not support propagateSizeHints",)  # the offscreen plugin on every dock layout


def _on_qt_start_message(kind: QtMsgType, context, message: str) -> None:
    first = message.strip().splitlines()[0] if message.strip() else ""
    if kind != QtMsgType.QtFatalMsg:
        _held.append(first)
        return
    where = os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY")
    said = next((m for m in _held if "needed" in m or "connect" in m), _held[0] if _held else first)
    print(f"GridTwin cannot open a window{f' on {where}' if where else ''}: {said} "
          f"(./gridtwin setup installs what Qt needs; {HEADLESS_HINT}).", file=sys.stderr, flush=True)
    os._exit(NO_DISPLAY_EXIT)


def _on_qt_message(kind: QtMsgType, context, message: str) -> None:
    if not message.startswith(QUIET):
        sys.stderr.write(message + "\n")


_previous: list = []


def guard_qt_start() -> None:
    """Install the handler that turns Qt's start-up abort into one line and exit code 2."""
    _previous.append(qInstallMessageHandler(_on_qt_start_message))


def release_qt_messages() -> None:
    """Hand messages back to whoever handled them before (Qt itself, or pytest-qt) once the
    application is up."""
    if _previous:
        previous = _previous.pop()
        qInstallMessageHandler(previous or _on_qt_message)
        for message in _held if previous is None else ():
            _on_qt_message(QtMsgType.QtWarningMsg, None, message)
        _held.clear()
