"""The console as each role sees it: a viewer's console refuses to command and says why; personal
data stays masked until someone with the right gives a reason; logging in, from the command
line and in the dialog."""
from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from PySide6.QtCore import Qt

from console import i18n
from console.main_window import MainWindow
from geodata import load_district
from geodata.access import Jurisdiction
from geodata.audit import AuditLog
from geodata.emergency.record import EmergencyStore
from geodata.incidents.records import Batch, IncidentRecord
from geodata.incidents.store import IncidentStore
from geodata.localtime import utc_now
from geodata.modes import Mode
from geodata.store import postgis
from tests.conftest import ROOT, fresh_pg_store, plain_sql
from widgets.login_dialog import LoginDialog

PHONE = "13812345678"


def window_as(qtbot, url, name, password):
    store = IncidentStore(postgis.PostGISStore(url, user=name, password=password))
    user = store.store.user
    w = MainWindow(load_district(store.store), operator=user.name, role=user.role, store=store,
                   emergencies=EmergencyStore(store.store), audit=AuditLog(store.store))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    return w


def seeded(pg_cluster):
    url = fresh_pg_store(pg_cluster)
    postgis.add_user(url, "viewer_wu", "viewer", Jurisdiction("district"), "wu-pw")
    postgis.add_user(url, "duty_chen", "duty_officer", Jurisdiction("district"), "chen-pw")
    t = utc_now()
    grid = plain_sql(url, "SELECT grid_id FROM grids ORDER BY fid LIMIT 1")[0][0]
    IncidentStore(url).commit(Batch(incidents=[IncidentRecord(
        "PII-1", "sanitation", 2, "reported", "hotline", t, 114.03, 22.68, grid, 0, t + timedelta(hours=2), "hotline",
        f"联系人：王小明 电话 {PHONE}，垃圾满溢")]))
    return url


def test_a_viewer_console_cannot_command_and_says_why(qtbot, pg_cluster):
    i18n.install_language("en")
    url = seeded(pg_cluster)
    w = window_as(qtbot, url, "viewer_wu", "wu-pw")
    assert not w.act_declare.isEnabled() and "may not do this: declare" in w.act_declare.toolTip()
    assert not w.act_emergency.isEnabled() and not w.data_exchange.act_export.isEnabled()
    w.toggle_emergency()  # F12 reaches the slot anyway (a shortcut, a script): refused
    assert w.machine.mode is Mode.NORMAL and "Viewer" in w.statusBar().currentMessage()
    assert w.emergency.declare("fire", 2, 114.03, 22.68) is None
    assert plain_sql(url, "SELECT COUNT(*) FROM gridtwin_emergencies") == [(0,)]
    assert not w.incident_detail.isEnabled()
    assert w.book.overdue_mask(utc_now()).any() and w.live.tick() == []  # overdue ones are flagged, not escalated
    assert plain_sql(url, "SELECT COUNT(*) FROM gridtwin_incident_events WHERE action = 'escalate'") == [(0,)]


def test_personal_data_is_masked_until_a_reason_is_given(qtbot, pg_cluster, tmp_path):
    i18n.install_language("en")
    url = seeded(pg_cluster)
    viewer = window_as(qtbot, url, "viewer_wu", "wu-pw")
    pos = viewer.book.positions["PII-1"]
    viewer.show_incident_detail(pos)
    text = viewer.incident_detail.facts.text()
    assert PHONE not in text and "138****5678" in text and "王**" in text
    assert not viewer.incident_detail.unmask_button.isVisibleTo(viewer)  # a viewer is not offered it
    assert not viewer.unmask(pos, "curious")
    duty = window_as(qtbot, url, "duty_chen", "chen-pw")
    duty.show_incident_detail(pos)
    assert PHONE not in duty.incident_detail.facts.text()  # masked for everyone until asked
    assert duty.incident_detail.unmask_button.isVisibleTo(duty)
    assert not duty.unmask(pos, "   ")  # no reason, no data
    assert duty.unmask(pos, "call back the reporter about the overflow")
    assert PHONE in duty.incident_detail.facts.text()
    rows = plain_sql(url, "SELECT db_user, detail FROM gridtwin_audit WHERE action = 'unmask'")
    assert len(rows) == 1 and rows[0][0] == "duty_chen" and "call back" in rows[0][1]
    assert PHONE not in viewer.incident_detail.facts.text()  # unmasked for one console's officer, not for all
    from geodata.exporter import ExportRequest
    for suffix in (".geojson", ".csv"):
        out = tmp_path / f"open{suffix}"
        assert duty.data_exchange.run_export(ExportRequest(incidents=True, statuses=("open",)), out)
        text = out.read_text(encoding="utf-8")
        assert "PII-1" in text and PHONE not in text and "王小明" not in text  # an export carries no personal data


def test_logging_in_from_the_command_line_and_in_the_dialog(qtbot, pg_cluster, tmp_path):
    url = seeded(pg_cluster)

    def console(*args, password):
        return subprocess.run([sys.executable, "main.py", "--store", url, "--snapshot", str(tmp_path / "s.png"),
                               "--size", "800x600", *args], input=password + "\n", cwd=ROOT, capture_output=True,
                              text=True, timeout=300)
    res = console("--user", "viewer_wu", "--password-stdin", password="wu-pw")
    assert res.returncode == 0, res.stderr
    bad = console("--user", "viewer_wu", "--password-stdin", password="nope")
    assert bad.returncode == 2 and "wrong user name or password" in bad.stderr
    assert "nope" not in bad.stderr + bad.stdout
    none = console(password="")
    assert none.returncode == 2 and "--user" in none.stderr

    i18n.install_language("en")
    tries = []

    def attempt(name, password):
        tries.append(name)
        return None if (name, password) == ("viewer_wu", "wu-pw") else "wrong user name or password"
    dialog = LoginDialog("the test store", attempt)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.name.setText("viewer_wu")
    dialog.password.setText("bad")
    qtbot.keyClick(dialog.password, Qt.Key_Return)
    assert dialog.message.text() == "wrong user name or password" and dialog.password.text() == ""
    dialog.password.setText("wu-pw")
    qtbot.keyClick(dialog.password, Qt.Key_Return)
    assert dialog.result() == LoginDialog.Accepted and tries == ["viewer_wu", "viewer_wu"]


def test_an_admin_manages_users_in_the_console_and_others_cannot(qtbot, pg_cluster):
    i18n.install_language("en")
    url = seeded(pg_cluster)
    postgis.add_user(url, "admin_he", "admin", Jurisdiction("district"), "he-pw")
    viewer = window_as(qtbot, url, "viewer_wu", "wu-pw")
    assert not viewer.act_users.isVisible() and viewer.users_dialog() is None
    admin = window_as(qtbot, url, "admin_he", "he-pw")
    dialog = admin.users_dialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("street_zhao")
    dialog.role.setCurrentIndex(dialog.role.findData("dispatcher"))
    dialog.jurisdiction.setText("street:民治街道")
    dialog.password.setText("zhao-pw")
    dialog.add_button.click()
    assert dialog.message.text() == "Saved street_zhao"
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "street_zhao" in names
    zhao = postgis.PostGISStore(url, user="street_zhao", password="zhao-pw")
    assert zhao.user.role == "dispatcher" and str(zhao.user.jurisdiction) == "street:民治街道"
    assert plain_sql(url, "SELECT who, db_user FROM gridtwin_audit WHERE action = 'user_set'"
                          " AND detail LIKE '%street_zhao%'") == [("admin_he", "admin_he")]
