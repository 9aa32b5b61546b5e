"""One incidents layer that every GIS tool sees: live incidents are features of the
GeoPackage's own ``incidents`` layer, read by another process while the feed runs, kept across
kill -9, and migrated from the earlier private table."""
from __future__ import annotations

import json
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone

import pyogrio
import pytest

from geodata import load_district
from geodata.incidents.records import Batch, SensorChange
from geodata.incidents.store import IncidentStore
from tests.feed_sender import send_and_read_answers, start_console

OTHER_PROCESS = """
import json, sys, pyogrio
frame = pyogrio.read_dataframe(sys.argv[1], layer="incidents", where="channel = 'tcp'")
print(json.dumps({"ids": sorted(frame["incident_id"]), "x": list(frame.geometry.x), "y": list(frame.geometry.y)}))
"""


def feature(k: int) -> str:
    return json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [114.02 + k * 1e-5, 22.68]},
                       "properties": {"incident_id": f"GIS-{k}", "category": "sanitation", "severity": 2}})


def read_from_another_process(path):
    res = subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(path)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_another_gis_process_sees_every_committed_incident_while_the_feed_runs_and_after_kill_9(tmp_path, demo_path):
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(120)
    proc = start_console(data, server.getsockname()[1], tmp_path)
    try:
        answers = send_and_read_answers(server, [feature(k) for k in range(400)])
        acked = {next(answers)["ack"] for _ in range(400)}
        assert len(acked) == 400
        seen = read_from_another_process(data)  # the console is still running, the link still open
        assert seen["ids"] == sorted(f"GIS-{k}" for k in range(400))
        assert min(seen["x"]) == pytest.approx(114.02) and max(seen["y"]) == pytest.approx(22.68)
        if shutil.which("ogrinfo"):
            out = subprocess.run(["ogrinfo", "-ro", "-q", "-sql", "SELECT COUNT(*) AS n FROM incidents WHERE channel = 'tcp'",
                                  str(data)], capture_output=True, text=True, timeout=60).stdout
            assert "n (Integer) = 400" in out or "n (Integer64) = 400" in out, out
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        server.close()
    assert read_from_another_process(data)["ids"] == sorted(f"GIS-{k}" for k in range(400))
    d = load_district(data)
    assert {f"GIS-{k}" for k in range(400)} <= set(d.incidents["incident_id"])


def test_a_file_of_the_previous_version_is_migrated_on_open_with_nothing_lost(tmp_path, demo_path):
    data = tmp_path / "old.gpkg"
    shutil.copyfile(demo_path, data)
    con = sqlite3.connect(data)
    con.executescript("""
        CREATE TABLE gridtwin_incidents (incident_id TEXT PRIMARY KEY, category TEXT NOT NULL, severity INTEGER NOT NULL,
            status TEXT NOT NULL, source TEXT NOT NULL, reported_at TEXT NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL,
            grid_id TEXT, level INTEGER NOT NULL DEFAULT 0, due_at TEXT, channel TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '');
        CREATE TABLE gridtwin_incident_events (id INTEGER PRIMARY KEY, incident_id TEXT NOT NULL, at TEXT NOT NULL,
            who TEXT NOT NULL, action TEXT NOT NULL, from_status TEXT, to_status TEXT NOT NULL, level INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '', due_at TEXT);
    """)
    rows = [(f"OLD-{k}", "sanitation", 2, "dispatched", "hotline", "2026-11-20T01:00:00+00:00", 114.03, 22.68 + k * 1e-4,
             None, 1, "2026-11-21T01:00:00+00:00", "tcp", f"old {k}") for k in range(25)]
    con.executemany("INSERT INTO gridtwin_incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("INSERT INTO gridtwin_incident_events (incident_id, at, who, action, from_status, to_status, level)"
                " VALUES ('OLD-3', '2026-11-20T02:00:00+00:00', 'duty', 'dispatch', 'reported', 'dispatched', 0)")
    con.commit()
    con.close()
    store = IncidentStore(data)
    records = {r.incident_id: r for r in store.incidents()}
    assert set(records) == {f"OLD-{k}" for k in range(25)}
    assert records["OLD-7"].status == "dispatched" and records["OLD-7"].level == 1 and records["OLD-7"].description == "old 7"
    assert [e.action for e in store.events_of("OLD-3")] == ["dispatch"]
    con = sqlite3.connect(data)
    assert not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'gridtwin_incidents'").fetchone()
    assert con.execute("SELECT data_type FROM gpkg_contents WHERE table_name = 'gridtwin_incident_events'").fetchone() \
        == ("attributes",)
    con.close()  # before GDAL reads the file
    frame = pyogrio.read_dataframe(data, layer="incidents", where="incident_id LIKE 'OLD-%'")
    assert len(frame) == 25 and frame.geometry.y.max() == pytest.approx(22.68 + 24e-4)
    assert len(load_district(data).incidents) == len(load_district(demo_path).incidents) + 25


def test_sensor_state_is_written_to_the_sensors_layer_too(tmp_path, demo_path):
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    sid = str(load_district(data).sensors["sensor_id"].iloc[0])
    IncidentStore(data).commit(Batch(sensors=[SensorChange(sid, "alarm", 99.5, datetime(2026, 11, 23, tzinfo=timezone.utc))]))
    frame = pyogrio.read_dataframe(data, layer="sensors", where=f"sensor_id = '{sid}'")
    assert list(frame["status"]) == ["alarm"] and list(frame["value"]) == [99.5]


def test_a_district_without_an_incidents_layer_gets_a_proper_one(tmp_path, demo_path):
    import geopandas as gpd

    data = tmp_path / "grids_only.gpkg"
    pyogrio.write_dataframe(gpd.read_file(demo_path, layer="grids"), data, layer="grids")
    from geodata.incidents.records import IncidentRecord

    store = IncidentStore(data)  # made with plain SQL: GDAL must not touch a live file in this process
    store.commit(Batch(received=1, incidents=[IncidentRecord("NEW-1", "sanitation", 2, "reported", "hotline",
                                                             datetime(2026, 11, 23, tzinfo=timezone.utc), 114.03,
                                                             22.68, None, channel="tcp")]))
    store.close()
    layers = dict((str(n), g) for n, g in pyogrio.list_layers(data))
    assert layers["incidents"] == "Point"
    near = pyogrio.read_dataframe(data, layer="incidents", bbox=(114.02, 22.67, 114.04, 22.69))  # through the R-tree
    far = pyogrio.read_dataframe(data, layer="incidents", bbox=(113.0, 22.0, 113.1, 22.1))
    assert list(near["incident_id"]) == ["NEW-1"] and len(far) == 0
    assert pyogrio.read_info(data, layer="incidents")["crs"] == "EPSG:4326"


def test_a_second_store_on_a_live_file_leaves_the_first_ones_locks_alone(tmp_path, demo_path, monkeypatch):
    """The console's store and the feed worker's share one WAL file in one process. Opening the
    second must not go through GDAL (its own SQLite would drop the first one's locks on close:
    the escalation clock then failed with "disk I/O error")."""
    from geodata.incidents.records import IncidentRecord

    import geopandas as gpd

    data = tmp_path / "d.gpkg"
    pyogrio.write_dataframe(gpd.read_file(demo_path, layer="grids"), data, layer="grids")  # no incidents layer yet

    def gdal_on_a_live_file(*args, **kwargs):
        raise AssertionError("GDAL opened the district file while the console's connections are open")

    for name in ("list_layers", "read_info", "read_dataframe", "write_dataframe"):
        monkeypatch.setattr(pyogrio, name, gdal_on_a_live_file)
    console = IncidentStore(data)
    worker = IncidentStore(data)
    at = datetime(2026, 11, 23, tzinfo=timezone.utc)
    for k in range(50):
        store = (console, worker)[k % 2]
        store.commit(Batch(received=1, incidents=[IncidentRecord(f"L-{k}", "sanitation", 2, "reported", "hotline", at,
                                                                 114.03, 22.68, None, channel="tcp")]))
    assert {r.incident_id for r in console.incidents()} == {f"L-{k}" for k in range(50)}
