"""main.py as users run it."""
from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QImage

from tests import handmade
from tests.conftest import ROOT


def run(*args, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "main.py", *args],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)


def test_snapshot_writes_png_of_requested_size(tmp_path):
    out = tmp_path / "look.png"
    res = run("--snapshot", str(out), "--size", "1280x720", "--lang", "en", tmp_path=tmp_path)
    assert res.returncode == 0, res.stderr
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1280, 720)
    colours = {img.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 720, 16)}
    assert len(colours) > 50  # a picture, not a blank


def test_emergency_snapshot_in_chinese_is_dark(tmp_path):
    normal, emergency = tmp_path / "n.png", tmp_path / "e.png"
    assert run("--snapshot", str(normal), "--size", "1280x720", tmp_path=tmp_path).returncode == 0
    res = run("--snapshot", str(emergency), "--size", "1280x720", "--mode", "emergency", "--lang", "zh_CN", tmp_path=tmp_path)
    assert res.returncode == 0, res.stderr

    def brightness(path):
        img = QImage(str(path))
        return sum(QImage.pixelColor(img, x, y).lightness() for x in range(0, 1280, 20) for y in range(0, 720, 20))

    assert brightness(emergency) < 0.5 * brightness(normal)


def test_snapshot_of_an_unseen_district(tmp_path):
    data = handmade.write(tmp_path / "tiny.gpkg", handmade.layers(3, 3))
    out = tmp_path / "tiny.png"
    res = run("--data", str(data), "--snapshot", str(out), "--size", "800x600", tmp_path=tmp_path)
    assert res.returncode == 0, res.stderr
    assert QImage(str(out)).width() == 800


def test_bad_data_exits_nonzero_with_the_loaders_message(tmp_path):
    bad = tmp_path / "bad.gpkg"
    bad.write_text("not a geopackage")
    res = run("--data", str(bad), "--snapshot", str(tmp_path / "x.png"), tmp_path=tmp_path)
    assert res.returncode == 2
    assert "not a GeoPackage" in res.stderr and str(bad) in res.stderr
    assert not (tmp_path / "x.png").exists()


def test_bad_size_is_refused(tmp_path):
    res = run("--snapshot", str(tmp_path / "x.png"), "--size", "huge", tmp_path=tmp_path)
    assert res.returncode != 0 and "3840x2160" in res.stderr


def test_a_district_with_an_invalid_grid_opens_and_says_what_was_repaired(tmp_path):
    from shapely.geometry import Polygon

    frames = handmade.layers(3, 3)
    x0, y0, x1, y1 = frames["grids"].geometry.iloc[4].bounds
    frames["grids"].loc[4, "geometry"] = Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])  # a bow tie
    data = handmade.write(tmp_path / "bowtie.gpkg", frames)
    res = run("--data", str(data), "--snapshot", str(tmp_path / "x.png"), "--size", "800x600", tmp_path=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "repaired invalid geometry" in res.stderr and frames["grids"]["grid_id"].iloc[4] in res.stderr
    refused = run("--data", str(data), "--no-repair", "--snapshot", str(tmp_path / "y.png"), tmp_path=tmp_path)
    assert refused.returncode == 2 and "invalid geometry" in refused.stderr


def test_first_frame_says_so_and_leaves_the_district_alone(tmp_path):
    """bench/render.py times launch to these lines as a separate process: the map first (the
    points still loading), then the console with its points."""
    import hashlib
    import json
    import shutil
    data = tmp_path / "d.gpkg"
    shutil.copyfile(ROOT / "resources" / "data" / "demo_small.gpkg", data)
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    res = run("--data", str(data), "--first-frame", "--size", "800x600", tmp_path=tmp_path)
    assert res.returncode == 0, res.stderr
    lines = [json.loads(line) for line in res.stdout.strip().splitlines()]
    assert lines == [{"first_frame": True, "size": [800, 600], "points": "loading"},
                     {"console_frame": True, "size": [800, 600]}]
    assert hashlib.sha256(data.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.gpkg"]


def test_points_that_fail_after_the_map_was_shown_end_the_start_with_the_loaders_message(tmp_path):
    """The map is shown before the points are read: a broken point layer still ends the start
    with one clear message and no window left behind."""
    frames = handmade.layers(3, 3)
    frames["incidents"].loc[1, "geometry"] = None
    data = handmade.write(tmp_path / "nullpoint.gpkg", frames)
    res = run("--data", str(data), "--first-frame", "--size", "800x600", tmp_path=tmp_path)
    assert res.returncode == 2, res.stderr
    assert '"first_frame"' in res.stdout and '"console_frame"' not in res.stdout  # the map had been shown
    assert "cannot open the district" in res.stderr and "incidents" in res.stderr
