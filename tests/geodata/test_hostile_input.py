"""A corpus of malformed and hostile input sent through the public paths: the TCP feed, the
inbox, the store. Each case must be refused with a reason naming what is wrong, the worker must
go on, and the valid messages around it must be stored."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import sqlite3
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from geodata.feeds.inbox import Inbox
from geodata.feeds.intake import Intake, SensorTable
from geodata.feeds.messages import RawMessage
from geodata.feeds.pump import FeedPump
from geodata.feeds.tcp import TcpLines
from geodata.store import base as store_module
from geodata.incidents.deadlines import DeadlineTable
from geodata.incidents.records import Batch, Rejection
from geodata.incidents.store import IncidentStore
from tests.conftest import plain_sql, refuse_in_database
from tests.feed_sender import send_and_read_answers

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


def feature(ident=None, lon=114.0302, lat=22.6805, **props):
    props = {"category": "sanitation", "severity": 2, **props}
    if ident is not None:
        props["incident_id"] = ident
    return json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                       "properties": props})


def raw_feature(coordinates: str, props: str) -> str:
    return ('{"type": "Feature", "geometry": {"type": "Point", "coordinates": %s}, "properties": %s}'
            % (coordinates, props))


# (message, what the reason must say). Each is one line of the TCP feed.
CORPUS = [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    (feature(extra=[[[[[[1]]]]]] * 3)[:-1] + ', "deep": ' + "[" * 5000 + "]" * 5000 + "}}", "nested too deeply"),
    (raw_feature("[114.03, 22.68]", '{"category": "sanitation", "severity": ' + "9" * 5000 + "}"), "digits"),
    (raw_feature("[1" + "0" * 400 + ", 22.68]", '{"category": "sanitation", "severity": 2}'), "digits"),
    (feature(reported_at="0001-01-01T00:00:00+14:00"), "outside the years"),
    (feature(reported_at="9999-12-31T23:59:59-12:00"), "outside the years"),
    (raw_feature("[NaN, 22.68]", '{"category": "sanitation", "severity": 2}'), "NaN is not a JSON number"),
    (raw_feature("[Infinity, 22.68]", '{"category": "sanitation", "severity": 2}'), "Infinity is not a JSON number"),
    (feature(lon="114.03"), "longitude must be a JSON number"),
    (feature(lat=None), "latitude must be a JSON number"),
    (feature(severity="3"), "severity must be 1-4"),
    (feature(severity=2.5), "severity must be 1-4"),
    (feature(severity=[2]), "severity must be 1-4"),
    (feature(category={"$ne": None}), "unknown category"),
    (feature(ident="x" * 10_000), "at most 100 characters"),
    (feature(ident={"a": 1}), "incident_id must be"),
    (feature(description={"html": "<b>"}), "description must be text"),
    (feature(reported_at=12345), "ISO 8601 time string"),
    (json.dumps({"type": "Feature", "geometry": None, "properties": {"sensor_id": "S000001", "value": "1e9"}}),
     "value must be a finite number"),
    (json.dumps({"type": "Feature", "geometry": None, "properties": {"sensor_id": ["S1"], "value": 1}}),
     "sensor_id must be"),
    ('{"type": "Feature", "properties": {"category": "sanitation", "severity": 2}, "geometry": '
     '{"type": "Point", "coordinates": [114.03]}}', "coordinates must be [lon, lat]"),
    ("null", "expected a GeoJSON Feature"),
    ('"just a string"', "expected a GeoJSON Feature"),
    ("{\"type\": \"Feature\", \"properties\": 7}", "no properties object"),
    ("\u202e\u0000\ufffd", "not JSON"),
    (feature(lon=116.4, lat=39.9), "outside the district"),
]


@pytest.fixture
def district_file(tmp_path, demo_path):
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    return data


@pytest.fixture
def intake(demo_district):
    d = demo_district
    return Intake(d.grids.geometry.values, d.grids["grid_id"].to_numpy(), d.metric_crs, DeadlineTable.load(),
                  SensorTable.from_district(d), set(d.incidents["incident_id"]), clock=lambda: NOW)


@pytest.mark.parametrize("line, reason", CORPUS, ids=[f"case{k}" for k in range(len(CORPUS))])
def test_each_hostile_line_is_a_dead_letter_with_its_reason_and_its_neighbours_are_stored(line, reason, intake):
    batch = intake.take([RawMessage("tcp", feature("OK-1")), RawMessage("tcp", line),
                         RawMessage("tcp", feature("OK-2"))])
    assert [r.incident_id for r in batch.incidents] == ["OK-1", "OK-2"]
    assert len(batch.rejections) == 1
    assert reason in batch.rejections[0].reason
    assert len(batch.rejections[0].reason) < 400  # a reason to read, not a copy of the payload


def _serve(server: socket.socket, lines: list[str], answers: list[dict], want: int) -> None:
    for answer in send_and_read_answers(server, lines, timeout_s=20):
        answers.append(answer)
        if len(answers) >= want:
            return


def test_the_tcp_feed_answers_every_line_after_commit_and_keeps_running(district_store, intake):
    district_file = district_store
    lines = []
    for k, (line, _) in enumerate(CORPUS):
        lines += [feature(f"TCP-{k}"), line]
    lines.append(feature("TCP-LAST"))
    lines.append(feature("TCP-0"))  # sent again: acknowledged as already stored, not stored twice
    server = socket.create_server(("127.0.0.1", 0))
    answers: list[dict] = []
    th = threading.Thread(target=_serve, args=(server, lines, answers, len(lines)), daemon=True)
    th.start()
    store = IncidentStore(district_file)
    pump = FeedPump([TcpLines(f"tcp://127.0.0.1:{server.getsockname()[1]}")], intake, store)
    deadline = time.time() + 60
    while time.time() < deadline and len(answers) < len(lines):
        pump.run_once(0.05)
    th.join(5)
    server.close()
    assert [a["ack"] for a in answers] == list(range(1, len(lines) + 1))  # every line, in order
    for k, (_, reason) in enumerate(CORPUS):
        good, bad = answers[2 * k], answers[2 * k + 1]
        assert good == {"ack": 2 * k + 1, "ok": True, "incidents": [f"TCP-{k}"]}
        assert bad["ok"] is False and reason in bad["reason"]
    assert answers[-2]["incidents"] == ["TCP-LAST"]
    assert answers[-1] == {"ack": len(lines), "ok": True, "incidents": [], "duplicates": ["TCP-0"]}
    stored = [r.incident_id for r in IncidentStore(district_file).incidents() if r.incident_id.startswith("TCP-")]
    assert sorted(stored) == sorted([f"TCP-{k}" for k in range(len(CORPUS))] + ["TCP-LAST"])
    assert IncidentStore(district_file).dead_letter_count() == len(CORPUS)


def test_a_value_the_store_refuses_becomes_a_dead_letter_and_the_rest_of_the_batch_is_stored(
        district_store, intake):
    refuse_in_database(district_store, "incidents", "incident_id", "POISON", "CHECK constraint failed: incident")
    store = IncidentStore(district_store)

    class Lines:
        def __init__(self):
            self.sent = False

        def poll(self, timeout):
            if self.sent:
                return []
            self.sent = True
            return [RawMessage("tcp", feature(i)) for i in ("A-1", "POISON", "A-2")]

    pump = FeedPump([Lines()], intake, store)
    pump.run_once(0)
    stored = {r.incident_id for r in IncidentStore(district_store).incidents()}
    assert {"A-1", "A-2"} <= stored and "POISON" not in stored
    letters = IncidentStore(district_store).dead_letters()
    assert len(letters) == 1 and "could not be stored (" in letters[0].reason
    assert "CHECK constraint failed: incident" in letters[0].reason
    assert pump.counters.received == 3 and pump.counters.rejected == 1
    assert "POISON" not in intake.known_ids  # so that a corrected re-send is taken


def test_a_batch_commits_whole_or_not_at_all_when_the_database_fails_mid_write(district_store, intake):
    """The database refuses the fourth incident, after three rows of the batch were written:
    none of the batch's incidents, events or change-log rows may remain."""
    store = IncidentStore(district_store)
    before_changes = store.store.last_change()
    batch = intake.take([RawMessage("tcp", feature(f"W-{k}")) for k in range(5)])
    assert [r.incident_id for r in batch.incidents][3] == "W-3"
    refuse_in_database(district_store, "incidents", "incident_id", "W-3", "mid-write failure")
    with pytest.raises(store.permanent, match="mid-write failure"):
        store.commit(batch)
    again = IncidentStore(district_store)
    assert not {r.incident_id for r in again.incidents()} & {f"W-{k}" for k in range(5)}
    assert plain_sql(district_store, "SELECT COUNT(*) FROM incidents WHERE incident_id LIKE 'W-_'") == [(0,)]
    assert plain_sql(district_store, "SELECT COUNT(*) FROM gridtwin_incident_events WHERE incident_id LIKE 'W-_'") \
        == [(0,)]
    assert again.store.last_change() == before_changes
    store.commit(Batch(incidents=[r for r in batch.incidents if r.incident_id != "W-3"]))  # the store goes on
    assert len({r.incident_id for r in again.incidents()} & {f"W-{k}" for k in range(5)}) == 4


def test_dead_letters_keep_a_bounded_prefix_with_hash_and_size_and_only_the_newest(district_store, monkeypatch):
    monkeypatch.setattr(store_module, "DEAD_LETTERS_KEPT", 5)
    store = IncidentStore(district_store)
    payload = "界" * 100_000
    for k in range(8):
        store.commit(Batch(received=1, rejections=[Rejection("tcp", f"bad {k}", payload)]))
    rows = plain_sql(district_store, "SELECT reason, length(payload), payload_sha256, payload_bytes"
                                     " FROM gridtwin_dead_letters ORDER BY id")
    assert [r[0] for r in rows] == [f"bad {k}" for k in range(3, 8)]
    data = payload.encode()
    assert rows[0][1:] == (store_module.PAYLOAD_KEPT, hashlib.sha256(data).hexdigest(), len(data))


# ---------------------------------------------------------------------- the inbox
def _settle(pump, clock):
    pump.run_once(0)   # first sight
    clock[0] += 5.0
    return pump.run_once(0)


def test_the_inbox_refuses_links_and_special_files_unread_and_files_them_away(district_file, intake, tmp_path):
    inbox_dir = tmp_path / "inbox"
    clock = [0.0]
    inbox = Inbox(inbox_dir, scan_every_s=0, clock=lambda: clock[0])
    secret = tmp_path / "secret.json"
    secret.write_text('{"service_request_id": "S", "lat": 22.68, "long": 114.03, "description": "TOP SECRET"}')
    (inbox_dir / "link.json").symlink_to(secret)
    os.mkfifo(inbox_dir / "pipe.json")  # opening it would block the worker for ever
    with open(inbox_dir / "huge.json", "wb") as fh:  # sparse: its size alone must refuse it
        fh.truncate(3_000_000_000)
    pump = FeedPump([inbox], intake, IncidentStore(district_file))
    _settle(pump, clock)
    letters = IncidentStore(district_file).dead_letters()
    reasons = sorted(r.reason for r in letters)
    assert any("link.json: a symbolic link; refused unread" in r for r in reasons)
    assert any("pipe.json: not a regular file" in r for r in reasons)
    assert any("huge.json: 3,000,000,000 bytes is larger than" in r for r in reasons)
    assert not any("TOP SECRET" in r.payload for r in letters)
    assert (inbox_dir / "rejected" / "link.json").is_symlink() and secret.exists()
    assert not (inbox_dir / "huge.json").exists() and not (inbox_dir / "pipe.json").exists()


def test_an_inbox_file_still_being_written_is_read_whole_once_complete(district_file, intake, tmp_path):
    inbox_dir = tmp_path / "inbox"
    clock = [0.0]
    inbox = Inbox(inbox_dir, scan_every_s=0, clock=lambda: clock[0])
    doc = json.dumps([{"service_request_id": f"H{k}", "lat": 22.6805, "long": 114.0302, "service_name": "Graffiti"}
                      for k in range(20)])
    target = inbox_dir / "slow.json"
    target.write_text(doc[: len(doc) // 2])  # the writer pauses half-way
    pump = FeedPump([inbox], intake, IncidentStore(district_file))
    assert not _settle(pump, clock).incidents
    assert target.exists() and IncidentStore(district_file).dead_letter_count() == 0
    target.write_text(doc)
    batch = _settle(pump, clock)
    assert len(batch.incidents) == 20 and (inbox_dir / "processed" / "slow.json").exists()


def test_a_poisoned_inbox_file_goes_to_rejected_so_the_next_start_is_clean(district_file, intake, tmp_path):
    inbox_dir = tmp_path / "inbox"
    inbox_dir.mkdir()
    (inbox_dir / "poison.json").write_text("[" * 200_000 + "]" * 200_000)
    (inbox_dir / "year1.xml").write_text(
        (Path(__file__).resolve().parent.parent / "fixtures" / "inbox" / "cap_gas_leak.xml").read_text()
        .replace("<sent>2026", "<sent>0001"))
    old = time.time() - 120
    for p in inbox_dir.iterdir():
        os.utime(p, (old, old))
    for _ in range(2):  # the second start finds nothing left to choke on
        clock = [0.0]
        pump = FeedPump([Inbox(inbox_dir, scan_every_s=0, clock=lambda: clock[0])], intake,
                        IncidentStore(district_file))
        _settle(pump, clock)
    assert sorted(p.name for p in (inbox_dir / "rejected").iterdir()) == ["poison.json", "year1.xml"]
    letters = {Path(r.origin).name: r.reason for r in IncidentStore(district_file).dead_letters()}
    assert "nested too deeply" in letters["poison.json"] and "outside the years" in letters["year1.xml"]


# ---------------------------------------------------------------------- district files
def _grids_with(tmp_path, demo_path, change):
    import geopandas as gpd
    import pyogrio

    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    grids = gpd.read_file(data, layer="grids")
    change(grids)
    pyogrio.write_dataframe(grids, data, layer="grids")
    return data, grids


def test_text_in_an_integer_column_is_reported_with_its_feature_ids(tmp_path, demo_path):
    from geodata import load_district

    def many(g):
        g["population"] = g["population"].astype(object)
        g.loc[3, "population"] = "many"

    data, grids = _grids_with(tmp_path, demo_path, many)
    d = load_district(data)  # a documented default, never a silent 0: the warning names the feature
    message = next(w for w in d.warnings if "population" in w)
    assert grids.loc[3, "grid_id"] in message and str(data) in message and "not (finite) numbers" in message
    assert d.grids.set_index("grid_id").loc[grids.loc[3, "grid_id"], "population"] == 0


def test_an_infinite_coordinate_is_named_with_its_file_and_feature_for_the_loader_and_plan_check(tmp_path, demo_path):
    import shapely

    from geodata import DistrictDataError, load_district
    from geodata.plan.__main__ import main as plan_main

    def infinite(g):
        ring = list(g.geometry.iloc[0].exterior.coords)
        ring[1] = (float("inf"), ring[1][1])
        g.loc[0, "geometry"] = shapely.Polygon(ring)

    data, grids = _grids_with(tmp_path, demo_path, infinite)
    with pytest.raises(DistrictDataError, match="not finite") as err:
        load_district(data)
    assert str(data) in str(err.value) and grids.loc[0, "grid_id"] in str(err.value)
    assert plan_main(["check", str(data)]) == 2


def test_a_dead_letter_table_from_the_previous_version_is_brought_up_to_date_with_nothing_lost(district_file):
    con = sqlite3.connect(district_file)
    con.execute("CREATE TABLE gridtwin_dead_letters (id INTEGER PRIMARY KEY, at TEXT NOT NULL, channel TEXT NOT NULL,"
                " origin TEXT NOT NULL, reason TEXT NOT NULL, payload TEXT NOT NULL)")
    con.execute("INSERT INTO gridtwin_dead_letters VALUES (1, '2026-11-01T00:00:00+00:00', 'tcp', '', 'old', 'x')")
    con.commit()
    con.close()
    store = IncidentStore(district_file)
    from geodata.incidents.records import Batch
    store.commit(Batch(received=1, rejections=[Rejection("tcp", "new", "y")]))
    assert sorted(r.reason for r in store.dead_letters()) == ["new", "old"]
