"""The analysis docks as the duty officer uses them: a space-time query asked from the map
(click and drawn area), the hierarchy that the map and the incident list follow, the
governance index with its exports, hotspots and an early warning that reaches the
suggestion banner, and a replay compared under a saved plan version."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import timedelta

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QSettings
from pyproj import Geod

from console import i18n
from console.main_window import MainWindow
from geodata import load_district
from geodata.audit import AuditLog
from geodata.demo import HISTORY_END
from geodata.incidents.records import Batch, IncidentRecord
from geodata.incidents.store import IncidentStore
from geodata.plan.tools import MapEvent
from geodata.plan.versions import PlanStore
from tests.conftest import ROOT

GEOD = Geod(ellps="WGS84")


@pytest.fixture
def window(qtbot, demo_district, tmp_path):
    i18n.install_language("en")
    w = MainWindow(demo_district, operator="tester", audit=AuditLog(tmp_path / "audit.sqlite"),
                   settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat), clock=lambda: HISTORY_END)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    w.map.whole_district()
    yield w
    w.analysis.wait()


def test_query_from_a_click_on_the_map_lists_highlights_and_exports(window, tmp_path):
    w, a = window, window.analysis
    a.open("query")
    assert w.map.tool is not None, "opening the query asks for a place"
    b = w.book
    target = int(np.flatnonzero(b.reported > (HISTORY_END - timedelta(days=30)).timestamp())[0])
    a.query_panel.radius.setValue(300)
    a.query_panel.set_period(HISTORY_END - timedelta(days=30), HISTORY_END)
    w.map.tool(MapEvent("press", float(b.x[target]), float(b.y[target])))
    assert w.map.tool is None
    result = a.query_panel.result
    lon, lat = (float(v) for v in w.district.to_lonlat(b.x[target], b.y[target]))
    dist = GEOD.inv(np.full(len(b), lon), np.full(len(b), lat), b.lon, b.lat)[2]
    t1, t2 = (HISTORY_END - timedelta(days=30)).timestamp(), HISTORY_END.timestamp()
    expect = set(np.flatnonzero((dist <= 300) & (b.reported >= t1) & (b.reported <= t2)))
    assert target in expect and set(result.incidents.tolist()) == expect
    assert a.query_panel.tables["incidents"].rowCount() == len(expect)
    assert a.query_layer.shown and len(a.query_layer._ix) == len(expect)
    assert any(k == "query" for k, _ in a.legends())
    a.query_panel.tables["incidents"].selectRow(0)
    assert w.selected is not None and w.selected.layer == "incidents"
    out = tmp_path / "answer.geojson"
    a.query_panel.export(out)
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert features[0]["geometry"]["type"] == "Polygon" and len(features) == len(expect) + 1
    a.docks["query"].close()
    assert not a.query_layer.shown, "closing the panel clears the map"


def test_query_inside_a_drawn_area(window):
    w, a = window, window.analysis
    a.open("query")
    g = w.district.grids.geometry.iloc[42]
    a.draw_place()
    for x, y in list(g.exterior.coords)[:-1]:
        w.map.tool(MapEvent("press", x, y))
    w.map.tool(MapEvent("double", x, y))
    assert a.query_panel.area_lonlat is not None and not a.query_panel.radius.isEnabled()
    inside = shapely.contains_xy(g, w.book.x, w.book.y) | shapely.intersects_xy(g, w.book.x, w.book.y)
    t1, t2 = (a.query_panel.result.since.timestamp(), a.query_panel.result.until.timestamp())
    expect = set(np.flatnonzero(inside & (w.book.reported >= t1) & (w.book.reported <= t2)))
    assert set(a.query_panel.result.incidents.tolist()) == expect
    assert a.query_panel.payload["workers"][0]["grid_id"] == str(w.district.grids["grid_id"].iloc[42])


def test_hierarchy_node_zooms_fills_its_parts_and_narrows_the_list(window):
    w, a = window, window.analysis
    a.open("hierarchy")
    root = a.hierarchy_panel.root
    assert root is not None and root.totals["open"] == w.book.open_mask().sum()
    street = root.children[2]
    a.hierarchy_panel.choose(street.path)
    assert w.fill_level.currentData() == "community"
    assert w.layers["grids"].attribute == "population:community"
    scope = w.incident_list.scope
    assert scope is not None and scope[1] == street.key
    in_street = np.isin(w.book.grid, street.grids) & w.book.open_mask()
    assert w.incident_list.model.rowCount() == in_street.sum()
    r = w.map.view_state().rect
    bx = shapely.total_bounds(w.district.grids.geometry.values[street.grids])
    assert r.left() <= bx[0] + 1 and r.right() >= bx[2] - 1 and r.width() < (w.district.bounds[2] - w.district.bounds[0])
    community = street.children[0]
    fill = w.layers["grids"]._values
    assert np.all(fill[community.grids] == community.totals["population"]), "a community reads as one fill"
    w.incident_list.scope_clear.click()
    assert w.incident_list.scope is None and w.incident_list.model.rowCount() == w.book.open_mask().sum()


def test_governance_index_ranks_and_exports(window, tmp_path, qtbot):
    a = window.analysis
    a.open("governance")
    a.wait()
    panel = a.governance_panel
    assert panel.table is not None and panel.ranking.rowCount() == 6, "six streets"
    assert panel.month.currentData() == "2026-11"
    panel.level.setCurrentIndex(panel.level.findData("community"))
    assert panel.ranking.rowCount() == window.district.grids.groupby(["street", "community"]).ngroups
    ranks = [float(panel.ranking.item(r, 0).data(0x0100)) for r in range(panel.ranking.rowCount())]
    assert ranks == sorted(ranks)
    html_out, csv_out = tmp_path / "r.html", tmp_path / "r.csv"
    panel.export(str(html_out))
    panel.export(str(csv_out))
    assert "<table>" in html_out.read_text(encoding="utf-8")
    assert len(csv_out.read_text(encoding="utf-8-sig").splitlines()) == panel.ranking.rowCount() + 1
    assert len(panel.line.getData()[0]) >= 2, "the chosen unit's trend"


def test_a_ranking_that_arrives_leaves_the_map_where_the_officer_put_it(window, qtbot):
    """The index is computed in the background (a wall's ranking too): when it arrives it shows
    the first unit's trend but never moves the console's map. A unit someone chooses does."""
    a = window.analysis
    x0, y0, x1, y1 = window.district.bounds
    cx, cy = x0 + (x1 - x0) * 0.3, y0 + (y1 - y0) * 0.6
    window.map.centre_on(cx, cy, metres_per_px=20.0)
    a.open("governance")
    a.wait()
    panel = a.governance_panel
    assert panel.ranking.rowCount() and len(panel.line.getData()[0]) >= 2
    centre = window.map.view_state().rect.center()
    assert abs(centre.x() - cx) < 1 and abs(centre.y() - cy) < 1
    panel.ranking.selectRow(1)  # a row chosen by hand
    assert abs(window.map.view_state().rect.center().x() - cx) > 1


def _surge(w, grid: int, n: int = 12) -> list[IncidentRecord]:
    g = w.district.grids.geometry.iloc[grid].representative_point()
    lon, lat = (float(v) for v in w.district.to_lonlat(g.x, g.y))
    return [IncidentRecord(f"SURGE{k}", "street_vending", 2, "reported", "hotline",
                           HISTORY_END - timedelta(minutes=10 * (n - k)), lon + k * 1e-5, lat, None)
            for k in range(n)]


def test_hotspots_and_an_early_warning_that_reaches_the_banner(window):
    w, a = window, window.analysis
    a.open("hotspots")
    a.find_hotspots("", 90)
    a.wait()
    assert a.hotspot_layer.shown and any(k == "hotspots" for k, _ in a.legends())
    assert "Gi*" in a.hotspot_panel.summary.text()
    w.live.ingest(Batch(incidents=_surge(w, 77), received=12))
    a.check_warnings()
    a.wait()
    grids = [x.grid for x in a.warnings]
    assert grids == [77]
    assert a.hotspot_panel.warnings.rowCount() == 1
    assert not a.hotspot_layer._warned.isEmpty()
    banner = w.suggestions.banner
    assert banner.isVisible() and w.suggestions.current.rule.name.startswith("early_warning")
    assert w.suggestions.current.count == 12
    a.hotspot_panel.warnings.selectRow(0)
    assert w.selected is not None and w.selected.layer == "grids" and w.selected.position == 77


def test_replay_plays_the_period_and_compares_a_saved_plan(qtbot, tmp_path, demo_path):
    path = tmp_path / "d.gpkg"
    shutil.copy(demo_path, path)
    district = load_district(path)
    merged = district.grids.to_crs(district.storage_crs).copy()
    a_geom, b_geom = merged.geometry.iloc[0], merged.geometry.iloc[1]
    if a_geom.intersects(b_geom):
        merged.loc[0, "geometry"] = shapely.union_all([a_geom, b_geom])
        merged = merged.drop(index=1).reset_index(drop=True)
    version = PlanStore(path).save(merged, author="planner", note="merge", problems=0, activate=False).version
    store = IncidentStore(path)
    i18n.install_language("en")
    w = MainWindow(district, operator="tester", settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat),
                   store=store, clock=lambda: HISTORY_END)
    qtbot.addWidget(w)
    w.show()
    a = w.analysis
    a.open("replay")
    panel = a.replay_panel
    assert panel.version.count() >= 1
    assert panel.start()
    start, end = panel.period()
    panel.step(6.0)  # six seconds at ×900: an hour and a half
    assert panel.clock.at == pytest.approx(start + 6.0 * panel.clock.speed)
    reached = ((w.book.reported >= start) & (w.book.reported <= panel.clock.at)).sum()
    assert a.replay_layer.count == reached
    assert not w.layers["incidents"].isVisible(), "the live incidents step aside"
    panel.speed.setCurrentIndex(panel.speed.findData(3600))
    panel.step(1e6)
    assert panel.clock.at == end and a.replay_layer.count == ((w.book.reported >= start) & (w.book.reported <= end)).sum()
    a.compare_plans(version)
    assert panel.tables["active"].rowCount() == len(district.grids)
    assert panel.tables["proposed"].rowCount() == len(merged)
    total = lambda t: sum(float(t.item(r, 3).data(0x0100)) for r in range(t.rowCount()))  # noqa: E731
    assert total(panel.tables["active"]) == total(panel.tables["proposed"]), "the same incidents, laid over two plans"
    panel.close_replay()
    assert w.layers["incidents"].isVisible() and a.replay_layer.count == 0
    w.close()
    store.close()


def test_analysis_reads_in_chinese(window):
    i18n.install_language("zh_CN")
    try:
        window.set_language("zh_CN")
        assert window.analysis.menu.title() == "分析"
        assert window.analysis.docks["governance"].windowTitle() == "社会治理指数"
        window.analysis.open("governance")
        window.analysis.wait()
        heads = [window.analysis.governance_panel.ranking.horizontalHeaderItem(c).text()
                 for c in range(window.analysis.governance_panel.ranking.columnCount())]
        assert "按期办结率" in heads and "排名" in heads
    finally:
        window.set_language("en")


@pytest.mark.parametrize("panel", ["query_panel", "hierarchy_panel", "governance_panel", "hotspot_panel",
                                   "replay_panel"])
def test_each_panel_runs_alone(tmp_path, panel):
    shot = tmp_path / f"{panel}.png"
    run = subprocess.run([sys.executable, "-m", f"widgets.{panel}"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, env=dict(os.environ, QT_QPA_PLATFORM="offscreen",
                                               GRIDTWIN_PANEL_SNAPSHOT=str(shot)))
    assert run.returncode == 0, run.stderr[-2000:]
    from PySide6.QtGui import QImage
    image = QImage(str(shot))
    assert image.width() >= 1200 and image.height() >= 900


def test_cameras_that_see_the_chosen_incident_in_either_mode(window):
    from geodata.analysis.query import cameras_covering
    from geodata.analysis.spacetime import Place
    from geodata.picking import Pick
    w, a = window, window.analysis
    d = w.district
    cx, cy = d.point_xy("cameras")
    b = w.book
    # an incident in plain sight of some camera: the one nearest a camera's axis
    near = [p for p in range(len(b)) if np.min(np.hypot(cx - b.x[p], cy - b.y[p])) < 30][:40]
    seen = {p: cameras_covering(d, Place.circle(d, float(b.lon[p]), float(b.lat[p]), 0)) for p in near}
    target = next(p for p, cams in seen.items() if cams)
    w.toggle_emergency()
    w.select(Pick("incidents", target))
    a.act_seeing.trigger()
    listed = [a.query_panel.tables["cameras"].item(r, 0).text()
              for r in range(a.query_panel.tables["cameras"].rowCount())]
    assert listed == [c["camera_id"] for c in seen[target]]
    assert a.query_panel.tabs.currentWidget() is a.query_panel.tables["cameras"]
    assert not a.query_layer._cones.isEmpty(), "their cones are drawn"


def test_camera_coverage_layer_and_blind_spots(window):
    w, a = window, window.analysis
    a.act_coverage.trigger()
    a.wait(60)
    cov = a.coverage
    assert cov is not None and len(cov.share) == len(w.district.grids)
    assert 0 < np.nanmean(cov.share) < 1
    assert a.coverage_layer.shown and any(k == "coverage" for k, _ in a.legends())
    assert "%" in w.statusBar().currentMessage()
    a.act_coverage.trigger()
    assert not a.coverage_layer.shown


def _mjpeg_avi(path, frames: int = 40, w: int = 160, h: int = 120, fps: int = 10):
    """A small Motion-JPEG AVI written by the test itself (frames drawn with QPainter): no
    encoder is needed to give the camera wall a real video file to play."""
    import struct

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage, QPainter

    def chunk(tag, data):
        return tag + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")

    def lst(kind, data):
        return b"LIST" + struct.pack("<I", len(data) + 4) + kind + data

    jpegs = []
    for i in range(frames):
        img = QImage(w, h, QImage.Format_RGB32)
        img.fill(QColor(40 + 4 * i, 90, 160))
        p = QPainter(img)
        p.fillRect(10 + 2 * i, 40, 30, 30, QColor("white"))
        p.end()
        ba = QByteArray()
        buf = QBuffer(ba)
        buf.open(QIODevice.WriteOnly)
        img.save(buf, "JPG", 80)
        jpegs.append(bytes(ba))
    big = max(map(len, jpegs))
    avih = struct.pack("<IIIIIIIIII4I", 1_000_000 // fps, big * fps, 0, 0x10, frames, 0, 1, big, w, h, 0, 0, 0, 0)
    strh = struct.pack("<4s4sIHHIIIIIIIIhhhh", b"vids", b"MJPG", 0, 0, 0, 0, 1, fps, 0, frames, big, 0xFFFFFFFF, 0,
                       0, 0, w, h)
    strf = struct.pack("<IiiHH4sIiiII", 40, w, h, 1, 24, b"MJPG", w * h * 3, 0, 0, 0, 0)
    hdrl = lst(b"hdrl", chunk(b"avih", avih) + lst(b"strl", chunk(b"strh", strh) + chunk(b"strf", strf)))
    movi, idx, off = b"", b"", 4
    for d in jpegs:
        c = chunk(b"00dc", d)
        idx += b"00dc" + struct.pack("<III", 0x10, off, len(d))
        off += len(c)
        movi += c
    body = b"AVI " + hdrl + lst(b"movi", movi) + chunk(b"idx1", idx)
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


def test_a_camera_pinned_from_the_map_plays_its_video_and_comes_back_after_a_loss(window, tmp_path, qtbot):
    from geodata.picking import Pick
    w = window
    video = _mjpeg_avi(tmp_path / "cam.avi")
    w.district.cameras.loc[5, "stream_url"] = str(video)
    w.district.cameras.loc[6, "stream_url"] = "javascript:alert(1)"
    w.select(Pick("cameras", 5))
    from console.features import describe
    assert describe(w.district, w.index, Pick("cameras", 5))[1]["Video stream"] == str(video), "the inspector says where"
    w.district.cameras.loc[8, "stream_url"] = "rtsp://admin:secret@10.0.0.8:554/h264"
    assert describe(w.district, w.index, Pick("cameras", 8))[1]["Video stream"] == "rtsp://10.0.0.8:554/h264"
    w.analysis.act_pin.trigger()
    wall = w.emergency.wall
    cid = str(w.district.cameras["camera_id"].iloc[5])
    tile = wall.tiles[cid]
    assert w.emergency.docks["camera_wall"].isVisible()
    qtbot.waitUntil(lambda: tile.state == "live" and tile.frames >= 5, timeout=15000)
    assert tile.picture.image is not None and tile.picture.image.width() == 160
    x, y = w.district.point_xy("cameras")
    grid = str(w.district.grids["name"].iloc[w.index.grid_of(float(x[5]), float(y[5]))])
    assert tile.head.text().startswith(f"{cid} · {grid}")
    tile._lose()  # the stream drops: it says so, and asks again by itself
    assert tile.state == "lost" and "lost" in tile.status.text().lower()
    qtbot.waitUntil(lambda: tile.state == "live", timeout=15000)
    w.select(Pick("cameras", 6))
    w.analysis.act_pin.trigger()
    refused = wall.tiles[str(w.district.cameras["camera_id"].iloc[6])]
    assert refused.state == "refused" and refused.player is None, "only file, RTSP and HTTP are played"
    w.select(Pick("cameras", 7))
    w.analysis.act_pin.trigger()
    assert wall.tiles[str(w.district.cameras["camera_id"].iloc[7])].state == "no_stream"
    wall.clear()
