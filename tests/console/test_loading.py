"""Loading runs in a worker thread: progress arrives in order, the UI thread keeps running, errors surface."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from console.loading import LoadingWindow, load_with_progress
from geodata import DistrictDataError


def test_loading_reports_progress_while_the_ui_thread_runs(qtbot, demo_path, monkeypatch):
    seen, ticks = [], []
    original = LoadingWindow.show_progress
    monkeypatch.setattr(LoadingWindow, "show_progress",
                        lambda self, f, m: (seen.append((f, m, self.isVisible())), original(self, f, m)))
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    district, index = load_with_progress(demo_path)
    timer.stop()
    assert len(district.grids) == 300 and len(index.assignment["sensors"]) == 6000
    fractions = [f for f, _, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    assert any("sensors" in m for _, m, _ in seen) and all(visible for _, _, visible in seen)
    assert len(ticks) > 0  # the UI event loop ran during the load


def test_a_broken_file_raises_the_loader_error(qtbot, tmp_path):
    bad = tmp_path / "broken.gpkg"
    bad.write_bytes(b"not a geopackage")
    with pytest.raises(DistrictDataError, match="not a GeoPackage"):
        load_with_progress(bad, show=False)


def test_a_second_start_trusts_the_grids_the_first_kept(qtbot, demo_path, tmp_path):
    import shutil
    copy = tmp_path / "district.gpkg"
    shutil.copy(demo_path, copy)
    _, first = load_with_progress(copy, show=False, keep_grids=True)
    _, second = load_with_progress(copy, show=False)
    assert set(first.grids_from.values()) == {"computed and stored"}
    assert set(second.grids_from.values()) == {"stored"}
    assert all((first.assignment[k] == second.assignment[k]).all() for k in first.assignment)
    _, snapshot = load_with_progress(demo_path, show=False)  # the bundled file is only read
    assert set(snapshot.grids_from.values()) == {"computed"}


def test_the_map_shows_before_the_points_and_the_console_takes_it_over(qtbot, demo_path):
    """Start-up: the grids and the basemap are drawn while the points are read; the progress
    moves to that map; the console then takes over the very map (no second render) and the
    points appear on it."""
    from console.early_map import EarlyMap
    from console.main_window import MainWindow

    seen = {}

    def on_base(district):
        early = EarlyMap(district)
        qtbot.addWidget(early)
        early.resize(1000, 700)
        early.show()
        early.paint_whole()
        seen.update(early=early, points=len(district.sensors) + len(district.incidents), drawn=early.static.renders,
                    image=early.static.image is not None and not early.static.drawing)
        return early

    progress = []
    original = EarlyMap.show_progress
    EarlyMap.show_progress = lambda self, f, m: (progress.append(m), original(self, f, m))
    try:
        district, index = load_with_progress(demo_path, show=False, on_base=on_base)
    finally:
        EarlyMap.show_progress = original
    early = seen["early"]
    assert seen["points"] == 0 and seen["image"] and seen["drawn"] >= 1  # the map alone, drawn sharp
    assert any("assigning" in m for m in progress)  # the points' progress is shown under the map
    taken = early.hand_over()
    assert early.isVisible() and not early.findChild(type(early.map))  # a picture of the map stays till the console shows
    w = MainWindow(district, index=index, early=taken)
    qtbot.addWidget(w)
    assert w.map is taken[0] and w.layers["grids"] is early.grids and w.static is early.static
    assert w.static.renders == seen["drawn"]  # what the start drew is kept, not drawn again
    w.resize(1000, 700)
    w.show()
    qtbot.waitUntil(lambda: w.layers["sensors"].mode in ("points", "density", "clusters") and len(w.layers["sensors"].x) == 6000)
    assert w.map.layers["incidents"] is w.layers["incidents"] and len(w.book) == len(district.incidents) > 0
