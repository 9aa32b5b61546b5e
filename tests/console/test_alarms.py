"""Alarms ask to be seen: a new severity-4 incident or sensor alarm flashes and sounds until it
is acknowledged; mute silences, a new alarm sounds again; acknowledging is stored, audited and
names who; the store refuses it from a role that may not act, also through plain SQL."""
from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone

import psycopg
import pytest
from PySide6.QtCore import Qt

from console import i18n
from console.main_window import MainWindow
from geodata import load_district
from geodata.access import AccessDenied, Jurisdiction
from geodata.incidents.records import IncidentRecord
from geodata.incidents.store import IncidentStore
from geodata.store import postgis
from tests.conftest import DEMO, fresh_pg_store, plain_sql
from tests.feed_sender import in_process_feed

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


def feature(ident: str, severity: int, lon=114.0302, lat=22.6805) -> str:
    return json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                       "properties": {"incident_id": ident, "category": "fire_hazard", "severity": severity}})


def console(qtbot, data, operator="duty", role="duty_officer"):
    district = load_district(data)
    store = IncidentStore(data)
    w = MainWindow(district, operator=operator, role=role, store=store, clock=lambda: NOW)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    return w, in_process_feed(w, store, lambda: NOW)


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "district.gpkg"
    shutil.copy(DEMO, path)
    return path


def test_a_new_severity_4_incident_flashes_and_sounds_until_acknowledged(qtbot, data):
    i18n.install_language("en")
    w, feed = console(qtbot, data)
    alarms = w.alarms
    standing = len(alarms.board.unacknowledged())
    assert not alarms.flashing and not alarms.sounding and not alarms.strip.isVisible()  # standing: no flash
    feed(feature("URGENT-1", 2))  # not urgent: no alarm
    assert not alarms.flashing
    feed(feature("URGENT-2", 4))
    assert alarms.flashing and alarms.sounding and alarms.strip.isVisible()
    assert "URGENT-2" in alarms.strip.text.text() and "CST" in alarms.strip.text.text()
    assert f"{standing + 1} unacknowledged" in alarms.button.text()
    flashes = {alarms.strip.property("flash")}
    qtbot.waitUntil(lambda: alarms.strip.property("flash") not in flashes, timeout=2000)  # it alternates

    alarms.mute()  # silence; the flash goes on
    assert not alarms.sounding and alarms.flashing
    feed(feature("URGENT-3", 4))  # a new alarm is heard again
    assert alarms.sounding

    qtbot.keyClick(w, Qt.Key_K, Qt.ControlModifier)
    assert not alarms.flashing and not alarms.sounding and not alarms.strip.isVisible()
    assert alarms.board.unacknowledged() == []
    assert "acknowledged by duty at" in alarms.button.text() and "CST" in alarms.button.text()
    rows = dict(plain_sql(data, "SELECT alarm, who FROM gridtwin_alarm_acks"))
    assert rows["incident:URGENT-2"] == "duty" and rows["incident:URGENT-3"] == "duty"
    assert "incident:URGENT-1" not in rows
    audited = plain_sql(data, "SELECT who, detail FROM gridtwin_audit WHERE action = 'alarm_acknowledged'")
    assert audited and audited[-1][0] == "duty"
    assert "incident:URGENT-2" in json.loads(audited[-1][1])["alarms"]


def test_acknowledged_alarms_stay_acknowledged_after_a_restart(qtbot, data):
    i18n.install_language("en")
    w, feed = console(qtbot, data)
    feed(feature("URGENT-9", 4))
    assert w.alarms.acknowledge_all()
    w.close()
    again, _ = console(qtbot, data)
    assert again.alarms.board.unacknowledged() == []
    assert again.alarms.board.alarms["incident:URGENT-9"].acknowledged_by == "duty"


def test_a_viewer_sees_and_may_mute_but_may_not_acknowledge(qtbot, data):
    i18n.install_language("en")
    w, _ = console(qtbot, data, operator="wall", role="viewer")
    urgent = IncidentRecord("URGENT-W", "gas_leak", 4, "reported", "hotline", NOW, 114.0302, 22.6805, None)
    w.alarms.incidents_arrived([urgent])  # as another console's incident arrives by the store
    assert w.alarms.flashing and w.alarms.sounding
    assert not w.alarms.acknowledge_all()
    assert "may not" in w.alarms.last_error and "Viewer" in w.alarms.last_error
    assert w.alarms.flashing and w.alarms.board.unacknowledged()
    assert plain_sql(data, "SELECT COUNT(*) FROM gridtwin_alarm_acks") == [(0,)]
    w.alarms.mute()
    assert not w.alarms.sounding and w.alarms.flashing


def test_the_shared_store_refuses_an_acknowledgement_from_a_viewer_even_in_plain_sql(pg_cluster):
    url = fresh_pg_store(pg_cluster)
    postgis.add_user(url, "viewer_wu", "viewer", Jurisdiction("district"), "wu-pw")
    postgis.add_user(url, "duty_chen", "duty_officer", Jurisdiction("district"), "chen-pw")
    viewer = postgis.PostGISStore(url, user="viewer_wu", password="wu-pw")
    with pytest.raises(AccessDenied):
        viewer.acknowledge_alarms("viewer_wu", ["incident:X-1"])
    viewer.user = None  # a client that skips the check: the database refuses all the same
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        viewer.acknowledge_alarms("viewer_wu", ["incident:X-1"])
    sql = url.replace("user=gridtwin", "user=viewer_wu") + "&password=wu-pw"
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        plain_sql(sql, "INSERT INTO gridtwin_alarm_acks (alarm, at, who) VALUES ('incident:X-1', now(), 'x')")
    duty = postgis.PostGISStore(url, user="duty_chen", password="chen-pw")
    assert duty.acknowledge_alarms("duty_chen", ["incident:X-1", "incident:X-1"]) == ["incident:X-1"]
    assert duty.acknowledge_alarms("duty_chen", ["incident:X-1"]) == []  # the first acknowledgement stands
    assert viewer.alarm_acknowledgements()["incident:X-1"][0] == "duty_chen"
    audit = plain_sql(url, "SELECT db_user FROM gridtwin_audit WHERE action = 'alarm_acknowledged'")
    assert audit == [("duty_chen",)]


def test_an_acknowledgement_on_one_console_silences_the_other(qtbot, pg_cluster):
    i18n.install_language("en")
    url = fresh_pg_store(pg_cluster)
    a, feed = console(qtbot, url, operator="duty_a")
    b, _ = console(qtbot, url, operator="duty_b")
    feed(feature("URGENT-NET", 4))
    qtbot.waitUntil(lambda: "incident:URGENT-NET" in b.alarms.board.alarms, timeout=10000)
    assert b.alarms.sounding
    assert a.alarms.acknowledge_all()
    qtbot.waitUntil(lambda: not b.alarms.sounding, timeout=10000)
    assert b.alarms.board.alarms["incident:URGENT-NET"].acknowledged_by == "duty_a"
    assert "duty_a" in b.alarms.button.text()
