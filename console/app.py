"""Command line and start-up: ``python main.py [--data FILE.gpkg] [--mode ...] [--snapshot OUT.png]``."""
from __future__ import annotations

import argparse
import faulthandler
import json
import signal
import sqlite3
import sys
import time
from pathlib import Path

# The city's data (pandas, geopandas, pyproj) before Qt: once PySide6 is imported, its import
# hook reads the source of every module imported after it, 0.4 s of a start for these.
from geodata import DistrictDataError
from geodata.audit import AuditLog
from geodata.emergency.picture import EMERGENCY_TYPES
from geodata.emergency.record import EmergencyStore
from geodata.feeds.serve import feed_crs_arg, feed_url_arg
from geodata.feeds.simulator import SimulatorSettings
from geodata.incidents.deadlines import DeadlineError, DeadlineTable
from geodata.incidents.store import IncidentStore
from geodata.modes import Mode
from geodata.store import StoreError, redact
from PySide6.QtCore import QSettings, QTimer  # noqa: I001
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication

from console import i18n
from console.display import (
    NO_DISPLAY_EXIT,
    choose_platform,
    guard_qt_start,
    release_qt_messages,
)
from console.gc_guard import collect_on_gui_thread
from console.paths import DEMO, working_copy
from console.theme import CJK_FAMILIES

SHUTDOWN_LIMIT_S = 30  # the longest a stop may take after the event loop has ended


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
    p.add_argument("--store", metavar="postgresql://…", type=_store_url,
                   help="work on the shared PostGIS store of a network of consoles instead of a district file "
                        "(default: the settings' store/url, else --data); python -m geodata.store init/load sets "
                        "one up")
    p.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.NORMAL.value)
    p.add_argument("--lang", choices=i18n.LANGUAGES, help="interface language (default: from the system locale)")
    p.add_argument("--fullscreen", action="store_true", help="fill the screen (a video wall)")
    p.add_argument("--screen", type=int, help="put the window on screen N (0-based)")
    p.add_argument("--screens", metavar="N,N,…", help="drive a video wall: the console on the first screen, the "
                   "wall layout of the current mode on the others (remembered in the settings)")
    p.add_argument("--wall-layout", metavar="NAME", help="the wall layout to show in the starting mode")
    p.add_argument("--viewing-distance", type=_metres, metavar="METRES",
                   help="how far the wall is read from (default: the settings' display/viewing_distance_m, else 3): "
                        "text and symbols grow with it")
    p.add_argument("--snapshot", type=Path, help="render the whole window to this PNG and exit")
    p.add_argument("--size", type=parse_size, default=(3840, 2160), help="snapshot size WxH (default 3840x2160)")
    p.add_argument("--first-frame", action="store_true",
                   help="draw the first full frame at --size, say so on stdout and exit (bench/render.py's first_frame_s)")
    p.add_argument("--user", help="log in as this user (who you are and what you may do come from the login; "
                                  "without it a store with users asks in a dialog)")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of standard input (else a prompt or the dialog)")
    p.add_argument("--edit", action="store_true", help="start with grid boundary editing on (planners)")
    p.add_argument("--settings", type=Path, help="keep preferences in this INI file instead of the user's settings")
    p.add_argument("--repair", action=argparse.BooleanOptionalAction, default=True,
                   help="open a district with invalid geometry by repairing it (each repair is listed under Data "
                        "warnings; python -m geodata.plan check reports the originals); --no-repair refuses it")
    live = p.add_argument_group("live incidents")
    live.add_argument("--feed", metavar="tcp://HOST:PORT", type=feed_url_arg,
                      help="read newline-delimited GeoJSON Features from this TCP server (reconnects on loss); "
                           "add ?crs=gcj02 (or bd09, EPSG:4490) when its coordinates are not WGS84")
    live.add_argument("--inbox-crs", metavar="SPEC", type=feed_crs_arg,
                      help="what the inbox files' coordinates are in: gcj02, bd09, EPSG:4490 (default WGS84)")
    live.add_argument("--inbox", type=Path, metavar="DIR",
                      help="watch this folder for Open311 (*.json) and CAP 1.2 (*.xml) files")
    live.add_argument("--simulate", action=argparse.BooleanOptionalAction, default=None,
                      help="run the built-in incident and sensor simulator (default: on with the demo district)")
    live.add_argument("--sim-speed", type=float, default=30.0, help="simulated incident rate, times real (default 30)")
    live.add_argument("--deadlines", type=Path, help="deadline table (TOML; default resources/config/deadlines.toml)")
    drill = p.add_argument_group("emergency drills (headless)")
    drill.add_argument("--emergency", choices=EMERGENCY_TYPES, help="declare an emergency of this type, write the "
                       "situation report (--report) and exit")
    drill.add_argument("--at", type=_lon_lat, metavar="LON,LAT", help="the emergency's focus (WGS84 degrees)")
    drill.add_argument("--level", type=int, choices=(1, 2, 3, 4), default=4,
                       help="emergency level 1-4 (I most severe ... IV; default 4)")
    drill.add_argument("--report", type=Path, metavar="DIR", help="write the situation report into DIR")
    live.add_argument("--stats-every", type=float, metavar="SECONDS",
                      help="print feed and event-loop figures as a JSON line every SECONDS (and on exit)")
    return p


def _metres(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a distance in metres") from None
    if not 0.5 <= value <= 12:
        raise argparse.ArgumentTypeError(f"a wall is read from 0.5 to 12 metres, not {text}")
    return value


def _store_url(text: str) -> str:
    from geodata.store import is_url
    if not is_url(text):
        raise argparse.ArgumentTypeError(f"--store takes a postgresql:// URL, not {text!r} (a district file goes "
                                         "to --data)")
    return text


def _lon_lat(text: str) -> tuple[float, float]:
    try:
        lon, lat = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--at must look like 114.03,22.68 (lon,lat), not {text!r}") from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise argparse.ArgumentTypeError(f"--at {text}: not longitude,latitude in degrees")
    return lon, lat


def make_app(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName("GridTwin")
    app.setApplicationName("GridTwin")
    font = QFont()
    font.setFamilies(list(CJK_FAMILIES) + [QFont().defaultFamily()])
    app.setFont(font)
    collect_on_gui_thread()  # the loader's thread allocates from the start
    return app


def _import_console() -> None:
    """The main window's modules (half a second of imports), loaded while the district is read."""
    import console.feed_worker  # noqa: F401
    import console.main_window  # noqa: F401


def show_early(district, args, settings, shown: list):
    """The grids and the basemap, read before the points: shown at once where the console will
    be (``--first-frame``: at ``--size``, then one line printed). The console's modules are
    imported next, while the points are read. Returns the window that shows the progress."""
    from console.early_map import EarlyMap
    early = EarlyMap(district)
    shown.append(early)
    if args.first_frame:
        early.resize(*args.size)
        early.show()
    else:
        geometry = settings.value("window/geometry") if settings is not None else None
        if geometry is None or not early.restoreGeometry(geometry):  # first start: most of the screen
            area = QGuiApplication.primaryScreen().availableGeometry()
            early.resize(round(area.width() * 0.9), round(area.height() * 0.9))
            early.move(area.center() - early.rect().center())
        place(early, args.screen, args.fullscreen)
    early.paint_whole()
    if args.first_frame:
        print(json.dumps({"first_frame": True, "size": list(args.size), "points": "loading"}), flush=True)
    QTimer.singleShot(0, _import_console)  # once the loading window has given way to the map
    return early


def first_frame(window, size: tuple[int, int], what: str = "first_frame") -> int:
    """Show the window at ``size`` and paint the whole district once, sharp (the static image
    drawn, not its stand-in), then print one line: what a launch-to-first-frame timer waits for
    (``what``: the first frame; the console's, with its points, when the map came first)."""
    app = QApplication.instance()
    window.resize(*size)
    window.show()
    app.processEvents()
    window.map.whole_district()
    app.processEvents()
    viewport = window.map.graphics.viewport()
    window.static.flush()
    viewport.repaint()
    while window.static.drawing:  # a frame that started drawing part by part: the full one is the next
        window.static.flush()
        viewport.repaint()
    print(json.dumps({what: True, "size": list(size)}), flush=True)
    return 0


def snapshot(window, out: Path, size: tuple[int, int]) -> int:
    """Render the whole window at ``size`` to ``out`` (PNG)."""
    app = QApplication.instance()
    window.resize(*size)
    window.show()
    for _ in range(5):
        app.processEvents()
    window.resize(*size)  # again: the first layout may have grown the window to wrapped labels' first guess
    app.processEvents()
    window.map.whole_district()
    # Let the view settle as it does on a wall: the deferred sharpening (the static image
    # and the smooth density redrawn at the final scale) runs on timers.
    deadline = time.monotonic() + 0.6
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    window.static.flush()
    image = window.grab().toImage()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        print(f"could not write the snapshot to {out}", file=sys.stderr)
        return 1
    print(f"snapshot {image.width()}x{image.height()} written to {out}")
    for n, win in enumerate(window.wall.windows, 2):  # each wall screen beside it: OUT-screen2.png, …
        win.resize(*size)
        app.processEvents()
        for wall_map in window.wall.maps.values():
            wall_map.static.flush()
        picture = win.grab().toImage()
        path = out.with_name(f"{out.stem}-screen{n}{out.suffix}")
        if not picture.save(str(path), "PNG"):
            print(f"could not write the snapshot to {path}", file=sys.stderr)
            return 1
        print(f"snapshot {picture.width()}x{picture.height()} of wall screen {n} written to {path}")
    return 0


def open_wall(window, args, settings, fullscreen: bool) -> int:
    """``--screens`` (or the screens the settings remember): the console goes to the first,
    the wall windows to the others. A screen that is not there is refused in one line."""
    from console.wall import resolve_screens
    from console.wall_layout import LayoutError
    spec = args.screens or (str(settings.value("wall/screens", "")) if settings is not None else "")
    if not spec:
        if args.wall_layout:
            print("--wall-layout needs --screens: there is no wall to lay out", file=sys.stderr)
            return 2
        return 0
    try:
        screens = resolve_screens(spec, QGuiApplication.screens())
        if args.wall_layout:
            if args.wall_layout not in window.wall.book.layouts:
                raise LayoutError(f"--wall-layout: no layout is called {args.wall_layout!r} (there are "
                                  f"{', '.join(window.wall.book.layouts)})")
            window.wall.book.for_mode[window.machine.mode.value] = args.wall_layout
    except LayoutError as exc:
        if args.screens:
            print(f"GridTwin cannot drive the wall: {exc}", file=sys.stderr)
            return 2
        print(f"warning: the remembered wall screens are not all here ({exc}); starting without the wall",
              file=sys.stderr)
        return 0
    if args.screens and settings is not None:
        settings.setValue("wall/screens", spec)
    if len(screens) > 1 or fullscreen:
        window.setScreen(screens[0])
        window.setGeometry(screens[0].availableGeometry())
    window.open_wall(screens, fullscreen)
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
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.emergency and (args.at is None or args.report is None):
        parser.error("--emergency needs --at LON,LAT and --report DIR")
    problem = choose_platform(headless=bool(args.snapshot or args.emergency or args.first_frame))
    if problem:
        print(problem, file=sys.stderr)
        return NO_DISPLAY_EXIT
    guard_qt_start()
    app = make_app([sys.argv[0]])
    release_qt_messages()
    i18n.install_language(args.lang or i18n.system_language())
    from console.loading import load_with_progress
    try:
        deadlines = DeadlineTable.load(args.deadlines) if args.deadlines else DeadlineTable.load()
    except DeadlineError as exc:
        print(f"GridTwin cannot use the deadline table: {exc}", file=sys.stderr)
        return 2
    settings = _settings(args)
    url = args.store or (str(settings.value("store/url", "")) if settings is not None else "") or None
    data = url or working_copy(args.data)
    readonly = bool(args.snapshot or args.first_frame)  # a snapshot only looks: it never writes its input
    login = _log_in(data, args, readonly)
    if isinstance(login, int):
        return login
    if not url:  # GDAL reads the file next: no connection of ours may be open on it (see geodata.store.gpkg_layer)
        login.store.close()
    # A console that is looked at (not a snapshot, not a drill) shows the grids and the basemap
    # as soon as they are read, and the points join them once loaded.
    early: list = []
    on_base = None if (args.snapshot or args.emergency) else (lambda d: show_early(d, args, settings, early))
    try:
        district, index = load_with_progress(login.store if url else data, repair=args.repair,
                                             show=not (args.snapshot or args.first_frame),
                                             keep_grids=not readonly, user=login.user,
                                             meanwhile=None if on_base else _import_console, on_base=on_base)
    except DistrictDataError as exc:
        for window in early:
            window.close()
        print(f"GridTwin cannot open the district: {exc}", file=sys.stderr)
        return 2
    _import_console()  # (already done while the points were read, when the map came first)
    store = IncidentStore(login.store) if url else open_tables(IncidentStore, data, "live incidents", readonly)
    if store is not None:
        store.store.user = login.user
    for warning in district.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    # The audit trail is the store's own: the district file's, or the shared store's.
    audit = AuditLog(store.store) if store is not None and not readonly else None
    from console.feed_worker import FeedPlan
    from console.main_window import MainWindow  # after QApplication exists

    role = login.role
    window = MainWindow(district, mode=Mode(args.mode), operator=login.operator,
                        audit=audit, settings=settings, role=role, index=index, store=store, deadlines=deadlines,
                        emergencies=EmergencyStore(store.store) if store is not None else None,
                        early=early[0].hand_over() if early else None)
    if args.viewing_distance is not None:  # for this run; the settings keep the wall's own
        window.viewing_distance_m = args.viewing_distance
    if args.emergency:
        code = drill(window, args)
        if window.sync is not None:
            window.sync.stop()
        return code
    window.emergency.resume()  # a console that stopped in an emergency reopens in it
    if args.edit:
        if role not in ("planner", "admin"):
            print(f"warning: --edit needs a planner's login ({login.operator} is {role}); starting without boundary "
                  "editing", file=sys.stderr)
        window.planning.set_editing(True)
    window.lang_actions[args.lang or i18n.system_language()].setChecked(True)
    if early and (settings is None or settings.value("window/geometry") is None):
        window.setGeometry(early[0].geometry())  # where the map was shown: the console does not jump
    code = open_wall(window, args, settings, fullscreen=not (args.snapshot or args.first_frame))
    if code:
        return code
    if args.first_frame:
        code = first_frame(window, args.size, "console_frame")
        for shown in early:
            shown.close()
        return code
    if args.snapshot:
        code = snapshot(window, args.snapshot, args.size)
        if window.sync is not None:
            window.sync.stop()
        return code
    simulate = args.simulate if args.simulate is not None else (not url and args.data.resolve() == DEMO.resolve())
    plan = FeedPlan(simulator=SimulatorSettings(speed=args.sim_speed) if simulate else None, tcp=args.feed,
                    inbox=args.inbox, inbox_crs=args.inbox_crs)
    if plan and store is None:
        print("warning: the district file cannot be written; feeds are off so that nothing shown goes unsaved",
              file=sys.stderr)
    window.suggestions.warm_up()  # the looking process starts now, not in the first burst
    window.live.start(plan)
    stats = StatsPrinter(window, args.stats_every) if args.stats_every else None
    for sig in (signal.SIGTERM, signal.SIGINT):  # stop cleanly: the batch in hand is committed
        signal.signal(sig, lambda *_: app.quit())
    if hasattr(signal, "SIGUSR1"):  # an operator's `kill -USR1` prints every thread's stack to stderr
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    keep_python_awake = QTimer()  # Python handles signals only when it gets control
    keep_python_awake.start(200)
    keep_python_awake.timeout.connect(lambda: None)
    place(window, args.screen, args.fullscreen)
    for shown in early:  # the console is on screen now: the map it took over was shown till here
        shown.close()
        shown.deleteLater()
    code = app.exec()
    # A shutdown that hangs (a thread that never ends, a lost display) prints every thread's stack
    # and ends the process: what was taken in is committed below well within this time.
    faulthandler.dump_traceback_later(SHUTDOWN_LIMIT_S, exit=True)
    if window.sync is not None:
        window.sync.stop()
    window.suggestions.stop()
    window.live.stop()
    window.save_settings()
    if stats is not None:
        stats.emit()
    return code


def drill(window, args) -> int:
    """Declare the emergency headless, write the situation report into --report, close the
    drill's record (it stays in the GeoPackage) and exit."""
    lon, lat = args.at
    inside = window.index.grid_of(*(float(v) for v in window.district.from_lonlat(lon, lat)))
    if inside < 0:
        print(f"warning: {lon},{lat} is outside the district; the report will show what is in reach",
              file=sys.stderr)
    app = QApplication.instance()
    window.resize(*args.size)
    window.show()
    window.emergency.declare(args.emergency, args.level, lon, lat, source="drill (--emergency)")
    deadline = time.monotonic() + 0.6
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    paths = window.emergency.write_report(args.report, dated=False)
    window.emergency.stand_down("drill: situation report written")
    for name, path in paths.items():
        print(f"{name}: {path}")
    return 0


def _log_in(where, args, readonly: bool):
    """The login (see console/login.py), or an exit code after saying why there is none."""
    from console.login import LoginCancelled, log_in
    from geodata.store import open_store
    from geodata.store.base import LoginRefused
    try:
        try:
            gate = open_store(where, readonly=readonly)
        except sqlite3.Error:  # a file we may not write: log in by reading it
            gate = open_store(where, readonly=True)
        headless = args.snapshot or args.emergency or args.first_frame
        login = log_in(gate, args.user, args.password_stdin, interactive=not headless)
    except (LoginRefused, LoginCancelled) as exc:
        print(f"GridTwin: {exc}", file=sys.stderr)
        return 2
    except (StoreError, DistrictDataError) as exc:
        print(f"GridTwin cannot open {redact(str(where))}: {exc}", file=sys.stderr)
        return 2
    if login.user is None:
        print(f"note: {where} has no users: anyone who can open it acts as duty officer here (add users with "
              "python -m geodata.store user add)", file=sys.stderr)
    return login


def _settings(args) -> QSettings | None:
    if args.settings:
        return QSettings(str(args.settings), QSettings.IniFormat)
    if args.snapshot or args.first_frame:  # a snapshot is reproducible: it ignores the user's saved layout
        return None
    return QSettings()


def open_tables(store_class, where, what: str, readonly: bool = False):
    """The console's tables in the district file or the shared store, or None (with a
    warning) if they cannot be written there."""
    try:
        return store_class(where, readonly=readonly)
    except (sqlite3.Error, StoreError) as exc:
        print(f"warning: cannot keep {what} in {redact(str(where))}: {exc}", file=sys.stderr)
        return None


class StatsPrinter:
    """A JSON line of feed counters and event-loop latency on stdout every few seconds."""

    def __init__(self, window, every_s: float) -> None:
        from console.loop_probe import LoopProbe, StallWatch
        self.window = window
        self.probe = LoopProbe(window)
        self.probe.start()
        self.watch = StallWatch(self.probe, sys.stderr)
        self.watch.start()
        self.timer = QTimer(window)
        self.timer.setInterval(round(every_s * 1000))
        self.timer.timeout.connect(self.emit)
        self.timer.start()

    def emit(self) -> None:
        line = dict(self.window.live.stats(), **self.probe.percentiles(), loop_recent_ms=self.probe.recent())
        print(json.dumps(line), flush=True)
