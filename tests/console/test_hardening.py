"""Hostile input through the console's own paths: the TCP feed across a kill -9, a dying
worker, markup in feed and district text, foreign and oddly named files, read-only commands."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from datetime import datetime, timezone

import geopandas as gpd
import pyogrio
import pytest
from PySide6.QtGui import QTextDocument

from console import i18n
from console.feed_worker import FeedPlan, FeedThread
from geodata import load_district
from geodata.emergency.picture import EmergencyConfig, compute
from geodata.emergency.record import LogEntry
from geodata.emergency.report import write_report
from geodata.incidents.deadlines import DeadlineTable
from geodata.incidents.records import IncidentRecord
from geodata.incidents.store import IncidentStore
from tests.conftest import ROOT
from tests.feed_sender import send_and_read_answers, start_console
from widgets.incident_detail import IncidentDetail

HOSTILE = "<img src=x onerror=alert(1)>`${alert(2)}`</script><script>alert(3)</script>=HYPERLINK(\"http://x\")"


def feature(ident: str) -> str:
    return json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [114.0302, 22.6805]},
                       "properties": {"incident_id": ident, "category": "sanitation", "severity": 2}})


def send_until_acknowledged(server, pending: dict[str, str], stop_after: int | None = None) -> set[str]:
    """Act as a feed sender: send every pending line, read acknowledgements; return the ids
    acknowledged (stored or duplicate). With ``stop_after``, return once that many are."""
    order = list(pending)
    done: set[str] = set()
    for answer in send_and_read_answers(server, [pending[i] for i in order]):
        assert answer["ok"], answer
        done.add(order[answer["ack"] - 1])
        if len(done) >= (stop_after or len(order)):
            break
    return done


def test_after_kill_9_the_sender_resends_what_was_not_acknowledged_and_nothing_is_stored_twice(
        tmp_path, demo_path):
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(120)
    port = server.getsockname()[1]
    lines = {f"ACK-{k}": feature(f"ACK-{k}") for k in range(3000)}
    proc = start_console(data, port, tmp_path)
    try:
        acknowledged = send_until_acknowledged(server, lines, stop_after=500)
        proc.send_signal(signal.SIGKILL)  # mid-stream: some lines read, some committed, some not
        proc.wait(timeout=30)
        proc = start_console(data, port, tmp_path)
        # the sender resends what it holds unacknowledged, plus a few acknowledged ones to be sure
        again = {i: line for i, line in lines.items() if i not in acknowledged}
        again.update({i: lines[i] for i in sorted(acknowledged)[:20]})
        acknowledged |= send_until_acknowledged(server, again)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        server.close()
    assert acknowledged == set(lines)
    con = __import__("sqlite3").connect(data)
    stored = [r[0] for r in con.execute("SELECT incident_id FROM incidents WHERE incident_id LIKE 'ACK-%'")]
    reports = con.execute("SELECT COUNT(*) FROM gridtwin_incident_events WHERE incident_id LIKE 'ACK-%'"
                          " AND action = 'report'").fetchone()[0]
    assert sorted(stored) == sorted(lines) and reports == len(lines)


def test_a_worker_that_dies_is_restarted_and_says_so(qtbot, tmp_path, demo_path, monkeypatch):
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    import console.feed_worker as fw
    monkeypatch.setattr(fw, "RESTART_FIRST_S", 0.05)
    calls = {"n": 0}
    real_poll = fw.TcpLines.poll

    def flaky_poll(self, timeout=0.05):
        calls["n"] += 1
        if calls["n"] == 3:
            raise MemoryError("worker's own failure")
        return real_poll(self, timeout)

    monkeypatch.setattr(fw.TcpLines, "poll", flaky_poll)
    thread = FeedThread(load_district(data), IncidentStore(data), DeadlineTable.load(), set(),
                        FeedPlan(tcp="tcp://127.0.0.1:9"))
    messages = []
    thread.failed.connect(messages.append)
    thread.start()
    try:
        qtbot.waitUntil(lambda: thread.restarts >= 1 and calls["n"] > 5, timeout=10_000)
        assert thread.isRunning()
    finally:
        thread.stop()
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "restarted (1×) after MemoryError: worker's own failure" in messages[0]


def test_feed_text_is_shown_as_text_in_the_incident_detail(qtbot):
    i18n.install_language("en")
    detail = IncidentDetail()
    qtbot.addWidget(detail)
    rec = IncidentRecord("<b>ID</b>", "sanitation", 2, "reported", "citizen", datetime(2026, 11, 23, tzinfo=timezone.utc),
                         114.03, 22.68, "G1", channel="<i>tcp</i>", description=HOSTILE)
    detail.show_incident(0, rec, events=None, allowed=[], grid_name="<u>grid</u>")
    doc = QTextDocument()
    doc.setHtml(detail.facts.text())
    shown = doc.toPlainText()
    assert HOSTILE in shown and "<u>grid</u>" in shown and "<i>tcp</i>" in shown
    assert detail.title.text().endswith("<b>ID</b>") and detail.title.textFormat() == detail.title.textFormat().PlainText


def test_district_names_in_the_situation_report_cannot_run_script(tmp_path, demo_path):
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    grids = gpd.read_file(data, layer="grids")
    grids["name"] = HOSTILE
    grids["grid_worker"] = HOSTILE
    pyogrio.write_dataframe(grids, data, layer="grids")
    d = load_district(data)
    picture = compute(d, "gas_leak", 2, 114.0302, 22.6805, EmergencyConfig.load())
    log = [LogEntry(datetime(2026, 11, 23, tzinfo=timezone.utc), HOSTILE, "note", HOSTILE)]
    paths = write_report(tmp_path / "report", picture, d, log, HOSTILE)
    page = paths["map"].read_text(encoding="utf-8")
    for live in ("<script>alert(3)", "<img src=x", "${alert(2)}", "`${"):
        assert live not in page
    with paths["log"].open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[1][1].startswith("'") is False and rows[1][1] == HOSTILE  # starts with "<": no formula
    formula = LogEntry(datetime(2026, 11, 23, tzinfo=timezone.utc), "=cmd|' /C calc'!A0", "note", "+SUM(A1)")
    paths = write_report(tmp_path / "report2", picture, d, [formula], "t")
    with paths["log"].open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[1][1] == "'=cmd|' /C calc'!A0" and rows[1][3] == "'+SUM(A1)"


def run(*args, env=None, timeout=300):
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env=env or dict(os.environ, QT_QPA_PLATFORM="offscreen"))


@pytest.mark.parametrize("make", ["missing", "text", "sqlite", "directory"])
def test_every_cli_refuses_a_foreign_file_in_one_line_without_creating_it(tmp_path, make):
    path = tmp_path / "foreign.gpkg"
    if make == "text":
        path.write_text("hello")
    elif make == "sqlite":
        __import__("sqlite3").connect(path).execute("CREATE TABLE t (x)")
    elif make == "directory":
        path.mkdir()
    before = path.read_bytes() if path.is_file() else None
    for args in (["-m", "geodata.plan", "check", str(path)], ["-m", "geodata.plan", "stats", str(path)],
                 ["-m", "geodata.plan", "versions", str(path)], ["-m", "geodata.plan", "diff", str(path), "1", "2"],
                 ["main.py", "--data", str(path), "--snapshot", str(tmp_path / "x.png")]):
        res = run(*args)
        assert res.returncode == 2, (args, res.stderr)
        lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and str(path) in lines[0] and "Traceback" not in res.stderr, (args, res.stderr)
        assert (path.read_bytes() if path.is_file() else None) == before
        assert path.exists() == (make != "missing")


def test_a_district_whose_name_holds_hash_and_question_mark_opens_and_read_only_commands_leave_it_alone(
        tmp_path, demo_path):
    odd = tmp_path / "区#1?v=2%20.gpkg"
    shutil.copyfile(demo_path, odd)
    digest = hashlib.sha256(odd.read_bytes()).hexdigest()
    res = run("-m", "geodata.plan", "versions", str(odd))
    assert res.returncode == 0 and json.loads(res.stdout) == [], res.stderr
    res = run("-m", "geodata.plan", "check", str(odd))
    assert res.returncode in (0, 1) and json.loads(res.stdout)["grids"] > 0, res.stderr
    res = run("main.py", "--data", str(odd), "--snapshot", str(tmp_path / "x.png"), "--size", "800x600")
    assert res.returncode == 0, res.stderr
    assert hashlib.sha256(odd.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([odd.name, "x.png"])  # nothing else written


def test_plan_check_writes_strict_json_even_for_degenerate_grids(tmp_path, demo_path):
    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    grids = gpd.read_file(data, layer="grids")
    grids.loc[0, "geometry"] = grids.geometry.iloc[0].buffer(-1e-9).buffer(0).envelope.centroid.buffer(1e-12)
    pyogrio.write_dataframe(grids, data, layer="grids")
    res = run("-m", "geodata.plan", "check", str(data))
    assert res.returncode in (0, 1), res.stderr
    json.loads(res.stdout, parse_constant=lambda c: pytest.fail(f"{c} in the JSON"))


def test_data_warnings_are_listed_in_the_console_as_text(qtbot, tmp_path, demo_path, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from console.main_window import MainWindow
    from geodata.incidents.store import IncidentStore

    data = tmp_path / "d.gpkg"
    shutil.copyfile(demo_path, data)
    grids = gpd.read_file(data, layer="grids")
    grids.loc[:2, "community"] = ""
    grids.loc[0, "name"] = "<b>bold</b>"
    pyogrio.write_dataframe(grids.drop(columns=["grid_worker"]), data, layer="grids")
    i18n.install_language("en")
    w = MainWindow(load_district(data), store=IncidentStore(data))
    qtbot.addWidget(w)
    w.show()
    assert w.warnings_button.isVisible() and w.warnings_button.text() == "Data warnings 2"
    assert "EPSG:4326" in w.warnings_button.toolTip()
    shown = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    w.warnings_button.click()
    items = [shown[0].list.item(k).text() for k in range(shown[0].list.count())]
    assert any("column 'community': has empty values" in t for t in items)
    assert any("column 'grid_worker' is missing" in t for t in items)
