"""Feeds without a display: parsers, the intake, alarm episodes, TCP and the inbox."""
from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from geodata.feeds.inbox import Inbox
from geodata.feeds.intake import Intake, SensorTable
from geodata.feeds.messages import (
    FeedError,
    RawMessage,
    parse_cap,
    parse_feature,
    parse_open311,
)
from geodata.feeds.pump import FeedPump
from geodata.feeds.simulator import Simulator, SimulatorSettings
from geodata.feeds.tcp import TcpLines
from geodata.incidents.deadlines import DeadlineTable
from geodata.incidents.store import IncidentStore

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "inbox"
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


def feature(lon=114.0302, lat=22.6805, **props) -> str:
    props = {"category": "sanitation", "severity": 2, **props}
    return json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                       "properties": props})


@pytest.fixture
def intake(demo_district):
    d = demo_district
    return Intake(d.grids.geometry.values, d.grids["grid_id"].to_numpy(), d.metric_crs, DeadlineTable.load(),
                  SensorTable.from_district(d), set(d.incidents["incident_id"]), clock=lambda: NOW)


@pytest.mark.parametrize("line, reason", [
    ("", "empty line"),
    ('{"type": "Feature", "geom', "not JSON"),
    ('[1, 2]', "expected a GeoJSON Feature"),
    (feature(category="alien_landing"), "unknown category 'alien_landing'"),
    (feature(severity=9), "severity must be 1-4"),
    (feature(severity=True), "severity must be 1-4"),
    (feature(lon=500000.0, lat=2500000.0), "not longitude/latitude"),
    (json.dumps({"type": "Feature", "geometry": {"type": "LineString", "coordinates": []}, "properties": {}}),
     "needs a Point geometry"),
    (feature(reported_at="yesterday"), "is not an ISO 8601 time"),
    (json.dumps({"type": "Feature", "geometry": None, "properties": {"sensor_id": "S1", "value": "high"}}),
     "value must be a finite number"),
])
def test_malformed_lines_say_what_is_wrong(line, reason):
    with pytest.raises(FeedError, match=reason):
        parse_feature(line)


def test_intake_places_accepts_and_rejects_with_reasons(intake):
    raws = [RawMessage("tcp", feature(incident_id="T-1")), RawMessage("tcp", feature(lon=116.4, lat=39.9)),
            RawMessage("tcp", feature(incident_id="T-1")), RawMessage("tcp", "nonsense"),
            RawMessage("tcp", feature(reported_at=(NOW + timedelta(days=1)).isoformat())),
            RawMessage("tcp", "x", problem="not UTF-8 text (byte 0xff at position 0)")]
    b = intake.take(raws)
    assert b.received == 6 and len(b.incidents) == 1 and len(b.rejections) == 4
    rec = b.incidents[0]
    assert rec.incident_id == "T-1" and rec.grid_id and rec.due_at == rec.reported_at + timedelta(days=1)
    assert b.duplicates == ["T-1"]  # sent again: already stored, acknowledged, not stored twice
    reasons = sorted(r.reason for r in b.rejections)
    assert reasons[0].startswith("not JSON") and "UTF-8" in reasons[1]
    assert reasons[2].startswith("outside the district at 116.4") and "in the future" in reasons[3]
    assert [e.action for e in b.events] == ["report"]


def test_open311_standard_example_requests(intake):
    items = parse_open311((FIXTURES / "open311_requests.json").read_text())
    assert len(items) == 4
    closed, pothole, address_only, elsewhere = items
    assert closed.status == "closed" and closed.incident_id == "311-638344" and closed.category == "road_damage"
    assert pothole.category == "road_damage" and pothole.status == "reported"
    assert isinstance(address_only, FeedError) and "address-only" in str(address_only)
    b = intake.take([RawMessage("open311", (FIXTURES / "open311_requests.json").read_text(), "f.json")])
    assert b.received == 4 and len(b.incidents) == 2
    assert any("outside the district" in r.reason for r in b.rejections)


def test_cap_alert_cancel_and_the_specs_own_example(intake):
    (report,) = parse_cap((FIXTURES / "cap_gas_leak.xml").read_text())
    assert report.category == "gas_leak" and report.severity == 4  # the zh-CN info block is preferred
    assert (report.lon, report.lat) == pytest.approx((114.0302, 22.6805))
    assert report.incident_id == "CAP-LH-GAS-2026-0042"
    (storm,) = parse_cap((FIXTURES / "cap_thunderstorm_spec_example.xml").read_text())
    assert storm.category == "flooding" and storm.severity == 3 and -120.2 < storm.lon < -119.7
    b = intake.take([RawMessage("cap", (FIXTURES / "cap_thunderstorm_spec_example.xml").read_text())])
    assert "outside the district" in b.rejections[0].reason  # California is not Longhua
    # a cancel of an alert never received is rejected; after the alert, it closes it
    cancel = RawMessage("cap", (FIXTURES / "cap_cancel.xml").read_text())
    assert "never received" in intake.take([cancel]).rejections[0].reason
    intake.take([RawMessage("cap", (FIXTURES / "cap_gas_leak.xml").read_text())])
    (ev,) = intake.take([cancel]).events
    assert (ev.incident_id, ev.action, ev.to_status) == ("CAP-LH-GAS-2026-0042", "cancel", "closed")
    with pytest.raises(FeedError, match="not an actual alert"):
        parse_cap((FIXTURES / "cap_gas_leak.xml").read_text().replace("Actual", "Exercise"))
    with pytest.raises(FeedError, match="not well-formed XML"):
        parse_cap("<alert")


def test_a_sensor_alarm_opens_one_incident_per_episode(intake):
    s = intake.sensors
    p = int((s.status == "normal").nonzero()[0][0])
    sid, thr = str(s.ids[p]), float(s.thresholds[p])

    def reading(v):
        return RawMessage("simulator", json.dumps({"type": "Feature", "geometry": None,
                                                   "properties": {"sensor_id": sid, "value": v}}))

    b1 = intake.take([reading(thr * 1.5), reading(thr * 1.2), reading(thr * 0.95)])  # one episode, hysteresis
    assert len(b1.incidents) == 1 and b1.incidents[0].source == "sensor"
    assert [c.status for c in b1.sensors] == ["alarm"] and b1.sensors[0].episode == b1.incidents[0].incident_id
    b2 = intake.take([reading(thr * 0.5), reading(thr * 2.5)])  # cleared, then a new episode
    assert [c.status for c in b2.sensors] == ["normal", "alarm"] and len(b2.incidents) == 1
    assert b2.incidents[0].severity == 4
    assert "unknown sensor" in intake.take([RawMessage("tcp", json.dumps(
        {"type": "Feature", "geometry": None, "properties": {"sensor_id": "NOPE", "value": 1}}))]).rejections[0].reason


def test_simulator_follows_the_clock_and_sends_only_what_the_intake_accepts(demo_district, intake):
    t = [NOW]
    sim = Simulator(demo_district, SimulatorSettings(speed=500), seed=3, clock=lambda: t[0])
    got = []
    for _ in range(120):
        t[0] += timedelta(seconds=1)
        got += sim.poll()
    b = intake.take(got)
    assert len(b.incidents) > 100 and not b.rejections and b.readings
    cats = {r.category for r in b.incidents}
    assert len(cats) >= 8


def test_tcp_lines_reconnect_after_the_server_goes_away():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    feed = TcpLines(f"tcp://127.0.0.1:{port}")

    def serve(lines):
        conn, _ = server.accept()
        conn.sendall(lines)
        conn.close()

    got = []
    for payload in (b'{"a": 1}\n{"b":', b' 2}\npartial-without-newline'):
        th = threading.Thread(target=serve, args=(payload,))
        th.start()
        deadline = time.time() + 10
        before = len(got)
        while time.time() < deadline and (len(got) == before or feed.sock is not None):
            got += feed.poll(0.05)
        th.join()
    # a line cut off by a lost connection is handed on as it is (and rejected), never glued to the next
    assert [m.payload for m in got] == ['{"a": 1}', '{"b":', " 2}", "partial-without-newline"]
    assert feed.connects == 2
    server.close()
    feed.poll(0.01)
    assert feed.state.startswith("retrying") or feed.state.startswith("disconnected")


def test_inbox_files_are_moved_only_after_commit(tmp_path, demo_path, intake):
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    inbox_dir = tmp_path / "inbox"
    clock = [0.0]
    inbox = Inbox(inbox_dir, scan_every_s=0, clock=lambda: clock[0])
    shutil.copy(FIXTURES / "open311_requests.json", inbox_dir / "a.json")
    (inbox_dir / "junk.xml").write_text("<alert")
    old = time.time() - 120  # long finished: a cut-off document this old is judged, not awaited
    os.utime(inbox_dir / "junk.xml", (old, old))
    (inbox_dir / "notes.txt").write_text("ignored")
    pump = FeedPump([inbox], intake, IncidentStore(data))
    assert not pump.run_once(0)  # first sight: not read until it stops changing
    clock[0] = 5.0
    batch = pump.run_once(0)
    assert len(batch.incidents) == 2
    assert (inbox_dir / "processed" / "a.json").exists() and (inbox_dir / "rejected" / "junk.xml").exists()
    assert (inbox_dir / "notes.txt").exists()
    c = pump.counters
    assert c.received == c.stored + c.rejected == 5
    assert IncidentStore(data).dead_letter_count() == 3


def test_a_feed_that_declares_gcj02_places_each_point_in_its_own_grid(demo_district, intake):
    """Points 30 m inside a grid, sent in GCJ-02 (a few hundred metres off WGS84): declared,
    every one lands in its own grid; undeclared, many would silently land in a neighbour."""
    from geodata.crs import wgs84_to_bd09, wgs84_to_gcj02
    from geodata.feeds.tcp import TcpLines

    d = demo_district
    inner = d.grids.geometry.buffer(-30).representative_point()
    x, y = inner.x.to_numpy()[:60], inner.y.to_numpy()[:60]
    lon, lat = d.to_lonlat(x, y)
    want = list(d.grids["grid_id"][:60])

    def placed(lons, lats, crs):
        raws = [RawMessage("tcp", feature(lon=float(a), lat=float(b), incident_id=f"C-{crs}-{k}"), crs=crs)
                for k, (a, b) in enumerate(zip(lons, lats))]
        return [r.grid_id for r in intake.take(raws).incidents]

    glon, glat = wgs84_to_gcj02(lon, lat)
    assert placed(glon, glat, "gcj02") == want
    assert placed(*wgs84_to_bd09(lon, lat), "bd09") == want
    wrong = placed(glon, glat, None)
    assert sum(a != b for a, b in zip(wrong, want)) > 10  # why a feed must say what it sends
    assert TcpLines("tcp://127.0.0.1:9?crs=gcj02").crs == "gcj02"
    with pytest.raises(FeedError, match="feed crs 'mars'"):
        TcpLines("tcp://127.0.0.1:9?crs=mars")
