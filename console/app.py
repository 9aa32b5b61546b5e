"""Command line and start-up: ``python main.py [--data FILE.gpkg] [--mode ...] [--snapshot OUT.png]``."""
from __future__ import annotations

import argparse
import getpass
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication

from console import i18n
from console.theme import CJK_FAMILIES
from geodata import DistrictDataError
from geodata.audit import AuditLog
from geodata.modes import Mode

DEMO = Path(__file__).resolve().parent.parent / "resources" / "data" / "demo_small.gpkg"


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 3840x2160, not {text!r}") from None
    if w < 320 or h < 240:
        raise argparse.ArgumentTypeError(f"size {w}x{h} is too small (at least 320x240)")
    return w, h


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python main.py", description="GridTwin: the grid-governance command console.")
    p.add_argument("--data", type=Path, default=DEMO, help="district GeoPackage (default: the bundled demo district)")
    p.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.NORMAL.value)
    p.add_argument("--lang", choices=i18n.LANGUAGES, help="interface language (default: from the system locale)")
    p.add_argument("--fullscreen", action="store_true", help="fill the screen (a video wall)")
    p.add_argument("--screen", type=int, help="put the window on screen N (0-based)")
    p.add_argument("--snapshot", type=Path, help="render the whole window to this PNG and exit")
    p.add_argument("--size", type=parse_size, default=(3840, 2160), help="snapshot size WxH (default 3840x2160)")
    p.add_argument("--operator", default=None, help="who is on duty (recorded in the audit log)")
    p.add_argument("--role", choices=("duty_officer", "planner", "viewer"),
                   help="what this operator may do; only a planner may edit grid boundaries "
                        "(default: from the settings, else duty_officer)")
    p.add_argument("--edit", action="store_true", help="start with grid boundary editing on (planners)")
    p.add_argument("--settings", type=Path, help="keep preferences in this INI file instead of the user's settings")
    p.add_argument("--audit", type=Path, help="audit log database (default: in the user's data folder)")
    p.add_argument("--repair", action="store_true", help="repair invalid geometry on load (each repair is reported)")
    return p


def make_app(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName("GridTwin")
    app.setApplicationName("GridTwin")
    font = QFont()
    font.setFamilies(list(CJK_FAMILIES) + [QFont().defaultFamily()])
    app.setFont(font)
    return app


def default_audit_path() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation) or tempfile.gettempdir()
    return Path(base) / "audit.sqlite"


def snapshot(window, out: Path, size: tuple[int, int]) -> int:
    """Render the whole window at ``size`` to ``out`` (PNG)."""
    app = QApplication.instance()
    window.resize(*size)
    window.show()
    for _ in range(5):
        app.processEvents()
    window.map.whole_district()
    # Let the view settle as it does on a wall: the deferred sharpening (the static image
    # and the smooth density redrawn at the final scale) runs on timers.
    deadline = time.monotonic() + 0.6
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    image = window.grab().toImage()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        print(f"could not write the snapshot to {out}", file=sys.stderr)
        return 1
    print(f"snapshot {image.width()}x{image.height()} written to {out}")
    return 0


def place(window, screen: int | None, fullscreen: bool) -> None:
    screens = QGuiApplication.screens()
    if screen is not None:
        if not 0 <= screen < len(screens):
            print(f"--screen {screen}: there are {len(screens)} screens (0..{len(screens) - 1}); using the primary",
                  file=sys.stderr)
        else:
            window.setGeometry(screens[screen].availableGeometry())
            if window.windowHandle() is not None:
                window.windowHandle().setScreen(screens[screen])
    if fullscreen:
        window.showFullScreen()
    else:
        window.show()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    app = make_app([sys.argv[0]])
    i18n.install_language(args.lang or i18n.system_language())
    from console.loading import load_with_progress
    try:
        district, index = load_with_progress(args.data, repair=args.repair, show=not args.snapshot)
    except DistrictDataError as exc:
        print(f"GridTwin cannot open the district: {exc}", file=sys.stderr)
        return 2
    for warning in district.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.settings:
        settings = QSettings(str(args.settings), QSettings.IniFormat)
    elif args.snapshot:  # a snapshot is reproducible: it ignores the user's saved layout
        settings = None
    else:
        settings = QSettings()
    audit = AuditLog(args.audit or default_audit_path())
    from console.main_window import MainWindow  # after QApplication exists

    role = args.role or (str(settings.value("role", "duty_officer")) if settings is not None else "duty_officer")
    window = MainWindow(district, mode=Mode(args.mode), operator=args.operator or getpass.getuser(),
                        audit=audit, settings=settings, role=role, index=index)
    if args.edit:
        if role != "planner":
            print("warning: --edit needs --role planner; starting without boundary editing", file=sys.stderr)
        window.planning.set_editing(True)
    window.lang_actions[args.lang or i18n.system_language()].setChecked(True)
    if args.snapshot:
        return snapshot(window, args.snapshot, args.size)
    place(window, args.screen, args.fullscreen)
    return app.exec()
