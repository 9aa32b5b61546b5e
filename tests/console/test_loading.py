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
