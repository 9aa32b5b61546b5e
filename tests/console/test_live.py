"""Live incidents in the console: arriving, acted on, escalating, alarms, and kill -9."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from PySide6.QtCore import Qt

from console import i18n
from console.main_window import MainWindow
from geodata import load_district
from geodata.incidents.store import IncidentStore
from tests.conftest import ROOT
from tests.feed_sender import in_process_feed

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


def feature(k, lon=114.0302, lat=22.6805, **props):
    props = {"incident_id": f"LIVE-{k}", "category": "sanitation", "severity": 2, **props}
    return json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                       "properties": props})


@pytest.fixture
def live(qtbot, district_store):
    """A console on each back-end: the district file, and the shared PostGIS store."""
    i18n.install_language("en")
    data = district_store
    district = load_district(data)
    clock = [NOW]
    store = IncidentStore(data)
    w = MainWindow(district, operator="duty", store=store, clock=lambda: clock[0])
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    return w, in_process_feed(w, store, lambda: clock[0]), clock, data


def test_arrivals_show_on_the_map_in_the_list_and_in_their_grid(live):
    w, feed, clock, _ = live
    n0 = len(w.book)
    feed(feature(1, severity=4), feature(2), "garbage")
    assert len(w.book) == n0 + 2 == len(w.layers["incidents"].x) == len(w.index.assignment["incidents"])
    p = w.book.positions["LIVE-1"]
    assert w.index.assignment["incidents"][p] == w.index.grid_of(w.book.x[p], w.book.y[p]) >= 0
    assert w.incident_list.row_of(p) == 0  # newest first
    model = w.incident_list.model
    cell = model.index(0, model.COLUMNS.index("category"))
    assert model.data(cell, Qt.ToolTipRole) == "E0102 事件/市容环境/暴露垃圾"  # its national class (GB/T 30428.2)
    assert w.layers["incidents"].status[p] == "reported"
    assert "Reported" in w.incident_list.counts.text()
    w.incident_list.set_filter(category="sanitation", min_severity=4)
    assert w.incident_list.model.rowCount() >= 1 and all(w.book.severity[w.incident_list.model.rows] >= 4)
    w.incident_list.set_filter(grid=str(w.book.grid_ids[w.book.grid[p]]), category=None, min_severity=1)
    assert p in set(w.incident_list.model.rows)


def test_operator_runs_the_loop_from_the_detail_panel(live, qtbot):
    w, feed, clock, data = live
    feed(feature(7))
    p = w.book.positions["LIVE-7"]
    w.incident_list.set_filter(status="open", grid="", category=None)
    w.incident_list.table.selectRow(w.incident_list.row_of(p))
    assert w.selected.position == p and w.incident_detail.position == p
    buttons = w.incident_detail.buttons
    assert buttons["dispatch"].isVisibleTo(w) and not buttons["close"].isVisibleTo(w)
    for action in ("dispatch", "accept", "start", "resolve"):
        w.incident_detail.note.setText(f"{action} note")
        qtbot.mouseClick(buttons[action], Qt.LeftButton)
    assert w.book.status[p] == "resolved"
    qtbot.mouseClick(buttons["close"], Qt.LeftButton)
    assert w.book.status[p] == "closed" and not w.layers["incidents"].included(np.array([p]))[0]
    events = IncidentStore(data).events_of("LIVE-7")  # a second connection: it is on disk
    assert [e.action for e in events] == ["report", "dispatch", "accept", "start", "resolve", "close"]
    assert events[1].who == "duty" and events[1].note == "dispatch note"
    assert w.incident_detail.timeline.topLevelItemCount() == 6


def test_overdue_incidents_escalate_and_stand_out(live):
    w, feed, clock, data = live
    feed(feature(9, category="gas_leak", severity=4))  # 15 minutes per level
    p = w.book.positions["LIVE-9"]
    clock[0] += timedelta(minutes=16)
    escalated = dict(w.live.tick())
    assert p in escalated and w.book.level[p] == 1 and w.book.status[p] == "escalated"
    clock[0] += timedelta(minutes=16 * 3)
    for _ in range(3):
        w.live.tick()
        clock[0] += timedelta(minutes=16)
    assert w.book.level[p] == 3  # district: the top of the ladder
    assert w.layers["incidents"].overdue[p]  # still late, nowhere higher to go: it stands out
    assert w.layers["incidents"].urgent(np.array([p]))[0]
    w.incident_list.set_filter(overdue_only=True)
    assert p in set(w.incident_list.model.rows)
    stored = {r.incident_id: r for r in IncidentStore(data).incidents()}["LIVE-9"]
    assert stored.level == 3


def test_an_escalation_the_store_refuses_is_not_shown_and_is_tried_again(live, qtbot):
    """Store first: when the database refuses the escalation, the console does not show it
    (what is shown is what is stored), says so, and the next tick escalates."""
    from tests.conftest import plain_sql, refuse_in_database
    w, feed, clock, data = live
    feed(feature(8, category="gas_leak", severity=4))
    p = w.book.positions["LIVE-8"]
    refuse_in_database(data, "gridtwin_incident_events", "action", "escalate", message="disk quota exceeded")
    said = []
    w.live.actionFailed.connect(said.append)
    clock[0] += timedelta(minutes=16)
    assert w.live.tick() == []
    assert w.book.level[p] == 0 and w.book.status[p] != "escalated"  # nothing escalated in memory
    assert said and "not stored" in said[-1] and "disk quota exceeded" in said[-1]
    assert w.layers["incidents"].overdue[p]  # still flagged late on the map
    on = " ON gridtwin_incident_events" if str(data).startswith("postgresql://") else ""
    plain_sql(data, f"DROP TRIGGER gridtwin_test_refuse{on}")
    assert p in dict(w.live.tick())
    assert w.book.level[p] == 1
    stored = {r.incident_id: r for r in IncidentStore(data).incidents()}["LIVE-8"]
    assert stored.level == 1 and stored.status == "escalated"


def test_a_console_on_a_read_only_file_never_writes_an_escalation(qtbot, tmp_path):
    """A snapshot opens the district read-only: its escalation clock only flags what is late."""
    import shutil as _shutil

    from tests.conftest import DEMO
    data = tmp_path / "district.gpkg"
    _shutil.copy(DEMO, data)
    store = IncidentStore(data, readonly=True)
    clock = [NOW + timedelta(days=30)]  # everything open is long overdue
    w = MainWindow(load_district(data), operator="duty", store=store, clock=lambda: clock[0])
    qtbot.addWidget(w)
    levels = w.book.level.copy()
    assert w.book.overdue_mask(clock[0]).any()
    assert w.live.tick() == []
    assert (w.book.level == levels).all()
    assert w.layers["incidents"].overdue[np.flatnonzero(w.book.overdue_mask(clock[0]))].all()


def test_sensor_alarm_turns_the_sensor_red_and_charts_its_readings(live):
    w, feed, clock, _ = live
    s = w.district.sensors
    p = int(np.flatnonzero(s["status"].to_numpy() == "normal")[0])
    sid, thr = s["sensor_id"].iloc[p], float(s["threshold"].iloc[p])

    def reading(v):
        return json.dumps({"type": "Feature", "geometry": None, "properties": {"sensor_id": sid, "value": v}})

    from geodata.picking import Pick
    w.select(Pick("sensors", p))
    n0 = len(w.book)
    alarms = int((s["status"] == "alarm").sum())
    assert f"({alarms:,} in alarm)" in w.counts_label.text()
    feed(reading(thr * 0.5), reading(thr * 1.4), reading(thr * 1.6), channel="simulator")
    assert w.layers["sensors"].status[p] == "alarm" and s["status"].iloc[p] == "alarm"
    assert f"({alarms + 1:,} in alarm)" in w.counts_label.text()  # the status bar counts it
    assert len(w.book) == n0 + 1 and w.book.source[-1] == "sensor"
    chart = w.inspector.chart
    assert chart.isVisibleTo(w) and chart.sensor_id == sid
    xs, ys = chart.line.getData()
    assert list(ys) == pytest.approx([thr * 0.5, thr * 1.4, thr * 1.6])


def test_a_killed_console_restarts_with_every_acknowledged_incident(tmp_path, demo_path, qtbot):
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "main.py", "--data", str(data), "--feed", f"tcp://127.0.0.1:{port}",
                             "--no-simulate", "--stats-every", "0.3", "--settings", str(tmp_path / "s.ini")],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        server.settimeout(120)
        conn, _ = server.accept()
        lines = [feature(k, severity=1 + k % 4) for k in range(300)] + ["broken {"]
        conn.sendall(("\n".join(lines) + "\n").encode())
        acknowledged = 0
        deadline = time.time() + 60
        while time.time() < deadline and acknowledged < 301:
            out = proc.stdout.readline()
            if out.startswith("{"):
                stats = json.loads(out)
                acknowledged = stats["stored"] + stats["rejected"]
        assert acknowledged == 301
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        server.close()
    i18n.install_language("en")
    w = MainWindow(load_district(data), store=IncidentStore(data))
    qtbot.addWidget(w)
    ids = {f"LIVE-{k}" for k in range(300)}
    assert ids <= set(w.book.positions)
    assert len(w.layers["incidents"].x) == len(w.book) == len(w.index.assignment["incidents"])
    assert IncidentStore(data).dead_letter_count() == 1
