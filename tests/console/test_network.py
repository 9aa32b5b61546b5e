"""A network of consoles on one PostgreSQL/PostGIS server: what one console (or the headless
intake) does shows on the others; a server that goes away mid-feed loses nothing that was
acknowledged, and the consoles say they are offline, then catch up."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
import shapely

from console import i18n
from console.main_window import MainWindow
from geodata import load_district
from geodata.audit import AuditLog
from geodata.emergency.record import EmergencyStore
from geodata.incidents.records import Batch, IncidentRecord, SensorChange
from geodata.incidents.store import IncidentStore
from geodata.localtime import utc_now
from geodata.modes import Mode
from geodata.plan import edits
from geodata.plan.history import EditHistory
from geodata.plan.model import GridPlan
from geodata.plan.versions import PlanStore
from geodata.store import postgis
from tests.conftest import DEMO, ROOT, fresh_pg_store, plain_sql

SYNC_WAIT_MS = 5000  # generous for a loaded CI machine; bench/network.py measures the real figure


def console(qtbot, url, operator):
    store = IncidentStore(url)
    w = MainWindow(load_district(url), operator=operator, store=store, emergencies=EmergencyStore(store.store),
                   audit=AuditLog(store.store))  # as main.py --store does
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    return w


def record(ident, lon=114.0302, lat=22.6805, status="reported"):
    t = utc_now()
    return IncidentRecord(ident, "sanitation", 2, status, "hotline", t, lon, lat, None, 0, t + timedelta(hours=2),
                          "tcp", "from the intake")


@pytest.fixture
def two_consoles(qtbot, pg_cluster):
    i18n.install_language("en")
    url = fresh_pg_store(pg_cluster)
    a, b = console(qtbot, url, "district duty"), console(qtbot, url, "street duty")
    yield url, a, b
    for w in (a, b):
        w.close()


def test_an_action_at_one_console_shows_at_the_other(two_consoles, qtbot):
    url, a, b = two_consoles
    intake = IncidentStore(url)  # the headless intake's connection: a third writer
    intake.commit(Batch(incidents=[record("NET-1"), record("NET-2")], received=2))
    qtbot.waitUntil(lambda: {"NET-1", "NET-2"} <= set(a.book.positions) and {"NET-1", "NET-2"} <= set(b.book.positions),
                    timeout=SYNC_WAIT_MS)
    pa, pb = a.book.positions["NET-1"], b.book.positions["NET-1"]
    assert a.live.act(pa, "dispatch", "to the grid worker")
    qtbot.waitUntil(lambda: b.book.status[pb] == "dispatched", timeout=SYNC_WAIT_MS)
    assert b.layers["incidents"].status[pb] == "dispatched"  # on the map too, not only in the book
    assert [e.action for e in b.live.events_of(pb)] == ["dispatch"]
    # and back the other way
    assert b.live.act(pb, "accept")
    qtbot.waitUntil(lambda: a.book.status[pa] == "accepted", timeout=SYNC_WAIT_MS)
    # the audit trail of both is the store's
    who = {e.who for e in IncidentStore(url).store.audit_entries()}
    assert {"district duty", "street duty"} <= who


def test_only_one_console_runs_the_escalation_clock(two_consoles, qtbot):
    url, a, b = two_consoles
    late = record("LATE-1")
    late.due_at = utc_now() - timedelta(hours=1)
    IncidentStore(url).commit(Batch(incidents=[late]))
    qtbot.waitUntil(lambda: "LATE-1" in a.book.positions and "LATE-1" in b.book.positions, timeout=SYNC_WAIT_MS)
    first = a.live.tick()
    assert b.live.tick() == [] and a.live.tick() == []  # both watch the clock; one escalates, once
    ids = [e.incident_id for _, e in first]
    assert "LATE-1" in ids and len(ids) == len(set(ids))
    events = IncidentStore(url).events_of("LATE-1")
    assert [e.action for e in events] == ["escalate"]
    pb = b.book.positions["LATE-1"]
    qtbot.waitUntil(lambda: b.book.status[pb] == "escalated" and a.book.status[a.book.positions["LATE-1"]]
                    == "escalated", timeout=SYNC_WAIT_MS)


def test_a_sensor_alarm_an_emergency_and_its_log_show_everywhere(two_consoles, qtbot):
    url, a, b = two_consoles
    sid = str(b.district.sensors["sensor_id"].iloc[7])
    IncidentStore(url).commit(Batch(sensors=[SensorChange(sid, "alarm", 99.0, utc_now())]))
    pos = b.live.sensor_positions[sid]
    qtbot.waitUntil(lambda: b.district.sensors["status"].iloc[pos] == "alarm", timeout=SYNC_WAIT_MS)

    e = a.emergency.declare("flood", 3, 114.03, 22.68, source="network test")
    qtbot.waitUntil(lambda: b.machine.mode is Mode.EMERGENCY and b.emergency.current is not None, timeout=SYNC_WAIT_MS)
    assert b.emergency.current.id == e.id and b.emergency.current.declared_by == "district duty"
    a.emergency.log("order", "close the underpass")
    qtbot.waitUntil(lambda: any("close the underpass" in b.emergency.panel.log.item(k).text()
                                        for k in range(b.emergency.panel.log.count())), timeout=SYNC_WAIT_MS)
    a.emergency.stand_down("water receded")
    qtbot.waitUntil(lambda: b.machine.mode is Mode.NORMAL and b.emergency.current is None, timeout=SYNC_WAIT_MS)


def test_a_plan_made_active_at_one_console_redraws_the_others(two_consoles, qtbot):
    url, a, b = two_consoles
    plan = GridPlan(load_district(url))
    x, y = shapely.get_coordinates(plan.geoms[0])[1]
    outcome = EditHistory(plan).push(edits.move_vertex(plan, (x, y), (x + 30, y + 20)))
    changed = {plan.grid_id(p) for p in outcome.changed}
    store = PlanStore(url)
    version = store.save(plan.frame(), author="planner", note="network", problems=len(plan.report.problems))
    store.activate(version.version)

    def redrawn():
        p = b.planning.plan
        if p is None:
            return False
        return all(shapely.equals_exact(p.geoms[p.position_of(g)], plan.geoms[plan.position_of(g)], 1e-3)
                   for g in changed)
    qtbot.waitUntil(redrawn, timeout=SYNC_WAIT_MS)


def test_offline_actions_are_refused_and_the_console_says_since_when(qtbot, tmp_path):
    """On a server of its own: it is stopped under a console, then started again."""
    from tools.pg_cluster import Cluster
    i18n.install_language("en")
    cluster = Cluster(port=5433)
    cluster.start()
    try:
        url = cluster.fresh_database("net")
        postgis.init(url)
        postgis.load(url, load_district(DEMO))
        w = console(qtbot, url, "duty")
        IncidentStore(url).commit(Batch(incidents=[record("OFF-1")]))
        qtbot.waitUntil(lambda: "OFF-1" in w.book.positions, timeout=SYNC_WAIT_MS)
        cluster.stop("immediate")
        qtbot.waitUntil(lambda: w.offline_banner.isVisible(), timeout=15_000)
        assert w.offline_banner.text().startswith("OFFLINE since ")
        failures = []
        w.live.actionFailed.connect(failures.append)
        assert not w.live.act(w.book.positions["OFF-1"], "dispatch")
        assert "Offline since" in failures[-1] and "not taken" in failures[-1]
        assert w.book.status[w.book.positions["OFF-1"]] == "reported"  # nothing changed behind the banner
        cluster.start()
        IncidentStore(url).commit(Batch(incidents=[record("OFF-2")]))  # while the console is still away
        qtbot.waitUntil(lambda: not w.offline_banner.isVisible() and "OFF-2" in w.book.positions, timeout=30_000)
        assert w.live.act(w.book.positions["OFF-1"], "dispatch")
        assert plain_sql(url, "SELECT status FROM incidents WHERE incident_id = 'OFF-1'") == [("dispatched",)]
        w.close()
    finally:
        cluster.remove()


def test_the_server_killed_mid_feed_loses_no_acknowledged_incident(qtbot, tmp_path):
    """The headless intake takes a TCP feed into its own server; the server is killed and
    started again in the middle. Every line the intake acknowledged is in the store, and a
    console that watched it all catches up with every one."""
    from tools.pg_cluster import Cluster
    i18n.install_language("en")
    cluster = Cluster(port=5434)
    cluster.start()
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    intake = None
    try:
        url = cluster.fresh_database("feed")
        postgis.init(url)
        postgis.load(url, load_district(DEMO))
        w = console(qtbot, url, "duty")
        intake = subprocess.Popen([sys.executable, "-m", "geodata.feeds.serve", "--store", url,
                                   "--feed", f"tcp://127.0.0.1:{port}"], cwd=ROOT, env=dict(os.environ),
                                  stdout=subprocess.DEVNULL, stderr=(tmp_path / "intake.log").open("w"), text=True)
        n = 400
        lines = [json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates":
                                                             [114.02 + 0.0001 * (k % 50), 22.68]},
                             "properties": {"incident_id": f"FEED-{k}", "category": "sanitation", "severity": 2}})
                 for k in range(n)]
        answers: list[dict] = []
        server.settimeout(120)
        conn, _ = server.accept()
        conn.settimeout(120)

        def read_answers():
            buf = b""
            while len(answers) < n:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buf += chunk
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    answers.append(json.loads(line))
        reader = threading.Thread(target=read_answers, daemon=True)
        reader.start()
        for k in range(0, n, 20):  # a steady feed, 20 lines at a time
            conn.sendall(("\n".join(lines[k:k + 20]) + "\n").encode())
            if k == 200:
                qtbot.waitUntil(lambda: len(answers) >= 100, timeout=30_000)
                cluster.stop("immediate")  # the server dies with the feed running
                qtbot.waitUntil(lambda: w.offline_banner.isVisible(), timeout=15_000)
                time.sleep(1.0)
                cluster.start()
            time.sleep(0.02)
        reader.join(120)
        acked = {i for a in answers if a.get("ok") for i in a.get("incidents", []) + a.get("duplicates", [])}
        assert len(answers) == n and len(acked) == n
        stored = {r[0] for r in plain_sql(url, "SELECT incident_id FROM incidents WHERE incident_id LIKE 'FEED-%'")}
        assert acked <= stored  # nothing acknowledged was lost
        qtbot.waitUntil(lambda: acked <= set(w.book.positions) and not w.offline_banner.isVisible(), timeout=30_000)
        assert len(w.layers["incidents"].x) == len(w.book)
        w.close()
    finally:
        if intake is not None:
            intake.terminate()
            try:
                intake.wait(20)
            except subprocess.TimeoutExpired:
                intake.kill()
        server.close()
        cluster.remove()
