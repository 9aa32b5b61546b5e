"""The video wall: layouts over several screens, F12 re-arranging them, saved layouts, linked
and independent maps, panels that move to the wall and back, and a real multi-screen X server."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication

from console import i18n
from console.main_window import MainWindow
from console.wall_layout import BUNDLED, LayoutBook, LayoutError, View, parse_layout
from geodata import load_district
from geodata.incidents.store import IncidentStore
from geodata.modes import Mode
from tests.conftest import DEMO, ROOT
from tests.feed_sender import in_process_feed

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


# ---------------------------------------------------------------------- the layouts themselves
def test_the_bundled_layouts_load_and_name_one_per_mode():
    book = LayoutBook.load()
    assert {"Daily watch", "Emergency command", "Quad view"} <= set(book.layouts)
    assert book.for_mode == {"normal": "Daily watch", "emergency": "Emergency command"}
    quad = book.layouts["Quad view"].screens[0]
    assert quad.split == "2x2" and [v.preset for v in quad.views] == ["situation", "cameras", "sensors", "density"]


@pytest.mark.parametrize("raw, fault", [
    ({"name": "A", "screens": [{"split": "3x3", "views": []}]}, "screen 1: split '3x3' is not one of 1, 1+2, 2x2"),
    ({"name": "A", "screens": [{"split": "1+2", "views": [{"kind": "map"}]}]}, "screen 1: split '1+2' holds 3 views"),
    ({"name": "A", "screens": [{"split": "1", "views": [{"kind": "tv"}]}]}, "screen 1, view 1: kind 'tv' is not"),
    ({"name": "A", "screens": [{"split": "1", "views": [{"kind": "map", "zoom": "near"}]}]}, "zoom 'near'"),
    ({"name": "A", "screens": [{"split": "1", "views": [{"kind": "map", "colour": "red"}]}]}, "unknown key 'colour'"),
    ({"name": "A", "screens": [{"split": "1", "views": [{"kind": "incidents"}]},
                               {"split": "1", "views": [{"kind": "incidents"}]}]},
     "screen 2, view 1: the incidents panel is already on screen 1"),
    ({"screens": []}, "a layout needs a name"),
])
def test_a_bad_layout_is_refused_saying_where(raw, fault):
    with pytest.raises(LayoutError, match=None) as caught:
        parse_layout(raw, "saved")
    assert fault in str(caught.value)


def test_a_bad_saved_layout_is_left_out_with_its_reason_and_the_rest_stay():
    good = {"name": "Mine", "screens": [{"split": "1", "views": [{"kind": "cameras"}]}]}
    bad = {"name": "Broken", "screens": [{"split": "2x2", "views": []}]}
    book = LayoutBook.load(saved_json=json.dumps([good, bad]), chosen={"emergency": "Mine"})
    assert "Mine" in book.layouts and "Broken" not in book.layouts
    assert book.for_mode["emergency"] == "Mine"
    assert any("Broken" in w and "holds 4 views" in w for w in book.warnings)
    assert LayoutBook.load(saved_json="{not json").warnings  # unreadable settings: a warning, not a crash


def test_a_bundled_file_naming_a_missing_layout_is_refused(tmp_path):
    broken = tmp_path / "wall.toml"
    broken.write_text(BUNDLED.read_text(encoding="utf-8").replace('emergency = "Emergency command"',
                                                                   'emergency = "Nope"'), encoding="utf-8")
    with pytest.raises(LayoutError, match="emergency names no layout"):
        LayoutBook.load(broken)


# ---------------------------------------------------------------------- a console with a wall
@pytest.fixture
def wall(qtbot, tmp_path):
    """A console on the district file and two wall windows (all on the one offscreen screen)."""
    i18n.install_language("en")
    data = tmp_path / "district.gpkg"
    shutil.copy(DEMO, data)
    store = IncidentStore(data)
    clock = [NOW]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    w = MainWindow(load_district(data), operator="duty", store=store, clock=lambda: clock[0], settings=settings)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    screen = QGuiApplication.primaryScreen()
    w.open_wall([screen, screen, screen], fullscreen=False)
    for win in w.wall.windows:
        win.resize(1280, 720)
    yield w, in_process_feed(w, store, lambda: clock[0]), settings
    w.wall.close()


def kinds(w):
    return [[f.content for f in win.frames] for win in w.wall.windows]


def test_each_wall_screen_is_split_as_the_mode_layout_says(wall):
    w, _, _ = wall
    first, second = w.wall.windows
    assert (first.split, second.split) == ("1+2", "2x2") and len(first.frames) == 3 and len(second.frames) == 4
    assert [f.title.text() for f in first.frames] == ["Map: situation · own view", "Incident board",
                                                      "Governance ranking"]
    assert second.frames[3].title.text() == "Map: situation · follows the console, ×4 closer"
    assert "wall, screen 2: Daily watch" in first.windowTitle()
    # the incident board went to the wall; the console's incident dock says where it is
    assert w.incident_list.window() is first
    assert "Incident board is on the wall, screen 2" in w.wall._places["incidents"].label.text()


def test_f12_re_arranges_the_wall_with_the_prebuilt_views_and_back(wall, qtbot):
    w, _, _ = wall
    built = len(w.wall.maps)
    first, second = w.wall.windows
    w.toggle_emergency()
    assert w.machine.mode is Mode.EMERGENCY
    # the console's first frame: the panels the emergency layout shows have already left its
    # docks (it never shows a panel the wall takes); the wall screens wait for the next turn
    for kind, dock in (("cameras", w.emergency.docks["camera_wall"]), ("emergency", w.emergency.docks["emergency"])):
        assert dock.widget() is w.wall._places[kind]
        assert "is on the wall, screen 2" in w.wall._places[kind].label.text()
    assert not w.emergency.wall.isVisible() and not any(win.updatesEnabled() for win in w.wall.windows)
    qtbot.waitUntil(lambda: (first.split, second.split) == ("2x2", "1+2"), timeout=2000)
    assert [f.title.text() for f in first.frames][1:] == ["Camera wall", "Incident board", "Emergency picture"]
    assert w.emergency.wall.window() is first and w.emergency.panel.window() is first
    assert w.analysis.governance_panel.window() is w  # the ranking left the wall: back in its dock
    assert len(w.wall.maps) == built  # both modes' maps were built when the wall came up
    # with the re-arrangement the wall's maps are in the emergency colours and painted
    assert all(w.wall.maps[k].mode is Mode.EMERGENCY for k in w.wall._visible_keys())
    assert all(win.updatesEnabled() for win in w.wall.windows)
    w.machine.switch(Mode.NORMAL, "duty")
    qtbot.waitUntil(lambda: (first.split, second.split) == ("1+2", "2x2"), timeout=2000)
    assert w.emergency.panel.window() is w and w.emergency.wall.window() is w
    assert len(w.wall.maps) == built
    for _ in range(2):  # as an officer does it: the console runs between the switches
        qtbot.wait(50)
        w.machine.switch(Mode.EMERGENCY, "duty")
        qtbot.wait(50)
        assert w.emergency.wall.window() is first and w.incident_list.window() is first
        w.machine.switch(Mode.NORMAL, "duty")
        qtbot.waitUntil(lambda: w.analysis.governance_panel.window() is first, timeout=2000)
        assert w.incident_list.window() is first
    # there and back within one turn (a double F12): the wall ends in the normal layout and
    # the emergency panels it took for a moment are home again
    w.machine.switch(Mode.EMERGENCY, "duty")
    w.machine.switch(Mode.NORMAL, "duty")
    qtbot.waitUntil(lambda: all(win.updatesEnabled() for win in w.wall.windows), timeout=2000)
    assert (first.split, second.split) == ("1+2", "2x2")
    assert w.emergency.docks["camera_wall"].widget() is w.emergency.wall
    assert w.emergency.docks["emergency"].widget() is w.emergency.panel
    assert len(w.wall.maps) == built


def test_a_panel_on_the_wall_takes_the_mode_s_colours(wall, qtbot):
    """A panel moved into a wall frame sits in a scroll area made apart from any window: it
    must still go dark with the emergency and light again after."""
    from PySide6.QtGui import QImage, QPalette
    w, _, _ = wall
    first = w.wall.windows[0]
    w.toggle_emergency()
    qtbot.waitUntil(lambda: w.incident_list.window() is first, timeout=2000)
    table = w.incident_list.table
    assert table.palette().color(QPalette.Base).name() == "#0f1317"
    image = table.viewport().grab().toImage().convertToFormat(QImage.Format_RGB888)
    rgb = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    rgb = rgb[:, :image.width() * 3].reshape(-1, 3)
    colours, counts = np.unique(rgb, axis=0, return_counts=True)
    assert colours[counts.argmax()].max() < 60, colours[counts.argmax()]  # its cells drawn dark, not white
    w.machine.switch(Mode.NORMAL, "duty")
    qtbot.waitUntil(lambda: table.palette().color(QPalette.Base).name() == "#ffffff", timeout=2000)


def test_a_linked_map_follows_the_console_and_an_independent_one_does_not(wall, qtbot):
    w, _, _ = wall
    own = w.wall.windows[0].frames[0].content  # situation, own view, aggregate
    close = w.wall.windows[1].frames[3].content  # situation, linked, 4x closer
    own_before = own.view_state().rect
    x0, y0, x1, y1 = w.district.bounds
    cx, cy = x0 + (x1 - x0) * 0.3, y0 + (y1 - y0) * 0.6
    w.map.centre_on(cx, cy, metres_per_px=20.0)
    # it follows on the next turn of the event loop (a loaded machine may take longer)
    qtbot.waitUntil(lambda: abs(close.view_state().rect.center().x() - cx) < 1, timeout=3000)
    state = close.view_state()
    assert abs(state.rect.center().x() - cx) < 1 and abs(state.rect.center().y() - cy) < 1
    assert state.metres_per_px == pytest.approx(5.0, rel=0.02)
    assert own.view_state().rect == own_before


def test_a_density_view_aggregates_at_every_scale(wall, qtbot):
    w, _, _ = wall
    wall_map = next(m for m in w.wall.maps.values() if m.view.preset == "density" and m.view.detail == "aggregate")
    x0, y0, x1, y1 = w.district.bounds
    wall_map.map.centre_on((x0 + x1) / 2, (y0 + y1) / 2, metres_per_px=1.0)  # street level
    qtbot.wait(50)
    assert wall_map.layers["incidents"].mode == "density"
    auto = next(m for m in w.wall.maps.values() if m.view.detail == "auto" and "incidents" in m.layers)
    auto.map.centre_on((x0 + x1) / 2, (y0 + y1) / 2, metres_per_px=1.0)
    qtbot.wait(50)
    assert auto.layers["incidents"].mode == "points"


def test_new_and_changed_incidents_reach_the_wall_maps(wall, qtbot):
    w, feed, _ = wall
    feed(json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [114.0302, 22.6805]},
                     "properties": {"incident_id": "WALL-1", "category": "sanitation", "severity": 4}}))
    p = w.book.positions["WALL-1"]
    shown = [m for k, m in w.wall.maps.items() if "incidents" in m.layers and k in w.wall._visible_keys()]
    assert shown and all(len(m.layers["incidents"].x) == len(w.layers["incidents"].x) for m in shown)
    assert w.live.act(p, "dispatch", "to the street team")
    assert all(m.layers["incidents"].status[p] == "dispatched" for m in shown)


def test_a_changed_wall_is_saved_by_name_and_chosen_again(wall, tmp_path):
    w, _, settings = wall
    w.wall.set_split(0, "2x2")
    w.wall.set_view(0, 3, View("cameras"))
    first = w.wall.windows[0]
    assert first.split == "2x2" and first.frames[3].title.text() == "Camera wall"
    w.wall.save_as("Night shift")
    assert w.wall.current().name == "Night shift"
    with pytest.raises(LayoutError, match="bundled"):
        w.wall.save_as("Quad view")
    w.wall.choose("Quad view")
    assert first.split == "2x2" and all(f.title.text().startswith("Map:") for f in first.frames)
    assert w.emergency.wall.window() is w  # the camera wall went home
    settings.sync()
    again = LayoutBook.load(saved_json=settings.value("wall/layouts"),
                            chosen={"normal": settings.value("wall/layout_normal")})
    assert again.for_mode["normal"] == "Quad view" and again.layouts["Night shift"].screens[0].views[3].kind == "cameras"


def test_a_panel_brought_back_from_the_wall_leaves_a_map_there(wall, qtbot):
    w, _, _ = wall
    w.wall._places["incidents"].button.click()
    assert w.incident_list.window() is w
    assert w.wall.windows[0].frames[1].title.text().startswith("Map:")


def test_the_wall_reads_in_chinese(wall):
    w, _, _ = wall
    w.set_language("zh_CN")
    try:
        titles = [f.title.text() for f in w.wall.windows[0].frames]
        assert titles[1] == "事件看板" and "地图" in titles[0]
        assert "大屏" in w.wall.menu.title()
    finally:
        w.set_language("en")


# ---------------------------------------------------------------------- from the command line
def test_snapshot_of_a_wall_writes_each_screen_at_the_size_asked(tmp_path):
    out = tmp_path / "wall.png"
    run = subprocess.run([sys.executable, "main.py", "--snapshot", str(out), "--size", "1280x720",
                          "--screens", "0,0,0", "--mode", "emergency"], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=240)
    assert run.returncode == 0, run.stderr
    from PySide6.QtGui import QImage
    for path in (out, tmp_path / "wall-screen2.png", tmp_path / "wall-screen3.png"):
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1280, 720), path


def test_a_screen_that_is_not_there_is_refused_in_one_line(tmp_path):
    run = subprocess.run([sys.executable, "main.py", "--snapshot", str(tmp_path / "x.png"), "--screens", "0,7"],
                         cwd=ROOT, capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                         timeout=240)
    assert run.returncode == 2
    assert "screen 7 is not connected" in run.stderr and not (tmp_path / "x.png").exists()


def _windows_on(display: str) -> str:
    return subprocess.run(["xwininfo", "-root", "-tree", "-display", display], capture_output=True, text=True).stdout


def test_one_console_drives_three_screens_of_a_real_x_server(tmp_path):
    """Xvfb with three screens: the console on the first, a full-screen wall window on each other."""
    if not shutil.which("Xvfb") or not shutil.which("xwininfo"):
        pytest.fail("Xvfb and xwininfo are test packages (resources/config/debian-packages.txt): ./gridtwin test "
                    "installs them")
    # Xvfb picks a free display itself and writes its number to the pipe (-displayfd)
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp",
                             "-screen", "0", "1280x720x24", "-screen", "1", "1600x900x24", "-screen", "2", "1280x720x24"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write_end,))
    os.close(write_end)
    data = tmp_path / "district.gpkg"
    shutil.copy(DEMO, data)
    console = None
    try:
        with os.fdopen(read_end) as answer:
            number = answer.readline().strip()
        assert number.isdigit(), f"Xvfb did not start (it said {number!r})"
        display = f":{number}"
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        console = subprocess.Popen([sys.executable, "main.py", "--data", str(data), "--no-simulate", "--screens",
                                    "0,1,2", "--settings", str(tmp_path / "s.ini"), "--lang", "en"], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        found = {}
        deadline = time.monotonic() + 120
        while len(found) < 2 and time.monotonic() < deadline:
            assert console.poll() is None, console.communicate()[1][-2000:]
            for n, size in ((1, "1600x900"), (2, "1280x720")):
                tree = _windows_on(f"{display}.{n}")
                line = next((ln for ln in tree.splitlines() if f"wall, screen {n + 1}" in ln and size in ln), None)
                if line:
                    found[n] = line
            time.sleep(0.5)
        assert set(found) == {1, 2}, f"wall windows found: {found}"
        assert "Daily watch" in found[1] and "Daily watch" in found[2]
        assert "GridTwin" in _windows_on(f"{display}.0")
    finally:
        if console is not None and console.poll() is None:
            console.send_signal(signal.SIGTERM)
            try:
                console.wait(45)
            except subprocess.TimeoutExpired:
                console.kill()
        xvfb.terminate()
        xvfb.wait(10)
