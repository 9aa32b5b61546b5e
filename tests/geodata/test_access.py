"""Access that the store enforces: on PostGIS through the database itself (plain SQL as a street
user and as a viewer), on a district file through the same permission table; an audit trail
that names the first row tampered with; personal data masked for whoever may not see it."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import timedelta

import psycopg
import pytest

from geodata.access import AccessDenied, Jurisdiction, check_password, hash_password
from geodata.audit import AuditLog
from geodata.audit import main as audit_main
from geodata.incidents.records import Batch, IncidentRecord, Rejection
from geodata.localtime import utc_now
from geodata.privacy import mask_text
from geodata.store import open_store, postgis
from geodata.store.base import LoginRefused
from tests.conftest import DEMO, ROOT, fresh_pg_store, plain_sql

STREET = "民治街道"


def as_user(url: str, name: str, password: str) -> str:
    return url.replace("user=gridtwin", f"user={name}") + f"&password={password}"


def incident(ident: str, grid_id: str, description: str = "") -> IncidentRecord:
    t = utc_now()
    return IncidentRecord(ident, "sanitation", 2, "reported", "hotline", t, 114.03, 22.68, grid_id, 0,
                          t + timedelta(hours=2), "tcp", description)


@pytest.fixture
def district_file(tmp_path):
    path = tmp_path / "district.gpkg"
    shutil.copy(DEMO, path)
    return path


@pytest.fixture
def network(pg_cluster):
    """A shared store with a street dispatcher, a district viewer and a district duty officer."""
    url = fresh_pg_store(pg_cluster)
    postgis.add_user(url, "street_li", "dispatcher", Jurisdiction("street", STREET), "li-pw")
    postgis.add_user(url, "viewer_wu", "viewer", Jurisdiction("district"), "wu-pw")
    postgis.add_user(url, "duty_chen", "duty_officer", Jurisdiction("district"), "chen-pw")
    grids = plain_sql(url, "SELECT grid_id, street FROM grids ORDER BY fid")
    mine = next(g for g, s in grids if s == STREET)
    other = next(g for g, s in grids if s != STREET)
    open_store(url).commit(Batch(incidents=[incident("MINE-1", mine), incident("OTHER-1", other)]))
    return url, mine, other


def test_a_street_user_reads_only_its_street_even_through_plain_sql(network):
    url, mine, other = network
    street = as_user(url, "street_li", "li-pw")
    live = {r[0] for r in plain_sql(street, "SELECT incident_id FROM incidents WHERE channel IS NOT NULL")}
    assert live == {"MINE-1"}
    streets = plain_sql(street, "SELECT DISTINCT g.street FROM incidents i JOIN grids g USING (grid_id)")
    assert streets == [(STREET,)]
    total = plain_sql(url, "SELECT COUNT(*) FROM incidents")[0][0]
    assert plain_sql(street, "SELECT COUNT(*) FROM incidents")[0][0] < total
    # another street's incident cannot be changed (it is not there for this user) nor made
    assert plain_sql(street, "UPDATE incidents SET status = 'closed' WHERE incident_id = 'OTHER-1'"
                             " RETURNING incident_id") == []
    assert plain_sql(url, "SELECT status FROM incidents WHERE incident_id = 'OTHER-1'") == [("reported",)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        plain_sql(street, "INSERT INTO incidents (incident_id, grid_id, status) VALUES ('X-1', ?, 'reported')",
                  (other,))
    store = postgis.PostGISStore(url, user="street_li", password="li-pw")
    assert {r.incident_id for r in store.incidents()} == {"MINE-1"}
    assert store.incidents_by_id(["OTHER-1"]) == []
    assert plain_sql(street, "SELECT COUNT(*) FROM gridtwin_dead_letters") == [(0,)]


def test_a_viewer_cannot_declare_or_write_through_the_store_or_plain_sql(network):
    url, mine, _ = network
    viewer = postgis.PostGISStore(url, user="viewer_wu", password="wu-pw")
    with pytest.raises(AccessDenied, match="may not declare"):
        viewer.declare_emergency("fire", 2, 114.03, 22.68, "viewer_wu")
    viewer.user = None  # a client that skips the check: the database refuses all the same
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        viewer.declare_emergency("fire", 2, 114.03, 22.68, "viewer_wu")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        viewer.commit(Batch(incidents=[incident("VIEW-1", mine)]))
    sql = as_user(url, "viewer_wu", "wu-pw")
    for statement in ("INSERT INTO gridtwin_emergencies (type, level, lon, lat, declared_at, declared_by)"
                      " VALUES ('fire', 1, 114, 22, now(), 'x')",
                      "UPDATE incidents SET status = 'closed'", "DELETE FROM grids",
                      "UPDATE gridtwin_plan_versions SET active = 1"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            plain_sql(sql, statement)
    assert plain_sql(url, "SELECT COUNT(*) FROM gridtwin_emergencies") == [(0,)]
    duty = postgis.PostGISStore(url, user="duty_chen", password="chen-pw")
    assert duty.declare_emergency("fire", 2, 114.03, 22.68, "duty_chen").declared_by == "duty_chen"


def test_a_wrong_password_is_refused_and_no_password_is_kept_in_clear(network):
    url, _, _ = network
    with pytest.raises(LoginRefused, match="wrong user name or password"):
        postgis.PostGISStore(url, user="street_li", password="guess")
    verifier = plain_sql(url, "SELECT rolpassword FROM pg_authid WHERE rolname = 'street_li'")[0][0]
    assert verifier.startswith("SCRAM-SHA-256$") and "li-pw" not in verifier
    stored = hash_password("secret")
    assert stored.startswith("scrypt$") and "secret" not in stored
    assert check_password("secret", stored) and not check_password("Secret", stored)


def test_only_the_owner_may_change_the_audit_trail_and_tampering_is_named(network, capsys):
    url, _, _ = network
    duty = postgis.PostGISStore(url, user="duty_chen", password="chen-pw")
    log = AuditLog(duty)
    for k in range(4):
        log.record("duty_chen", "incident_dispatch", {"incident": f"I-{k}"})
    assert audit_main(["verify", url]) == 0
    chen = as_user(url, "duty_chen", "chen-pw")
    for statement in ("UPDATE gridtwin_audit SET detail = '{}'", "DELETE FROM gridtwin_audit"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            plain_sql(chen, statement)
    rows = plain_sql(url, "SELECT n FROM gridtwin_audit WHERE action = 'incident_dispatch' ORDER BY n")
    second = rows[1][0]
    plain_sql(url, "UPDATE gridtwin_audit SET detail = '{\"incident\": \"FORGED\"}' WHERE n = ?", (second,))
    capsys.readouterr()
    assert audit_main(["verify", url]) == 1
    assert f"n={second}): altered" in capsys.readouterr().err
    res = subprocess.run([sys.executable, "-m", "geodata.audit", "verify", url], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 1 and "altered" in res.stderr


@pytest.mark.parametrize("tamper, named", [
    ("UPDATE gridtwin_audit SET who = 'someone else' WHERE n = 3", "n=3): altered"),
    ("DELETE FROM gridtwin_audit WHERE n = 3", "row n=3 is missing"),
    ("INSERT INTO gridtwin_audit (at, who, action, detail, n, db_user, console, prev_hash, hash)"
     " SELECT at, who, 'forged', detail, 3, db_user, console, prev_hash, hash FROM gridtwin_audit WHERE n = 3",
     "inserted"),
])
def test_a_district_files_audit_chain_names_the_first_row_tampered_with(district_file, tamper, named, capsys):
    district_store = district_file
    store = open_store(district_store)
    for k in range(5):
        AuditLog(store).record("duty", "mode_switch", {"k": k})
    store.close()
    assert audit_main(["verify", str(district_store)]) == 0
    plain_sql(district_store, tamper)
    capsys.readouterr()
    assert audit_main(["verify", str(district_store)]) == 1
    assert named in capsys.readouterr().err


def test_a_district_file_checks_the_same_permission_table(district_file):
    district_store = district_file
    store = open_store(district_store)
    with pytest.raises(ValueError, match="first user of a district file must be an admin"):
        store.add_user("wu", "viewer", Jurisdiction("district"), "pw")
    store.add_user("boss", "admin", Jurisdiction("district"), "boss-pw")
    with pytest.raises(AccessDenied, match="log in as an admin"):  # the next one takes an admin's login
        store.add_user("wu", "viewer", Jurisdiction("district"), "pw")
    admin = open_store(district_store).login("boss", "boss-pw")
    admin.add_user("wu", "viewer", Jurisdiction("district"), "wu-pw")
    with pytest.raises(LoginRefused):
        open_store(district_store).login("wu", "wrong")
    viewer = open_store(district_store).login("wu", "wu-pw")
    with pytest.raises(AccessDenied, match="may not declare"):
        viewer.declare_emergency("flood", 3, 114.03, 22.68, "wu")
    with pytest.raises(AccessDenied, match="may not act on incidents"):
        viewer.commit(Batch(incidents=[incident("V-1", None)]))
    actions = [a for (a,) in plain_sql(district_store, "SELECT action FROM gridtwin_audit ORDER BY id")]
    assert actions.count("login_failed") == 1 and "login" in actions and "user_set" in actions
    assert plain_sql(district_store, "SELECT COUNT(*) FROM gridtwin_users WHERE password_hash LIKE 'scrypt$%'") \
        == [(2,)]


def test_personal_data_is_masked_in_text_and_in_dead_letters(district_store):
    text = "联系人：张三丰，电话13812345678，身份证440301199001011234，座机0755-83331234"
    masked = mask_text(text)
    assert "13812345678" not in masked and "138****5678" in masked
    assert "440301199001011234" not in masked and "440***********1234" in masked
    assert "张三丰" not in masked and "张**" in masked and "83331234" not in masked
    store = open_store(district_store)
    store.commit(Batch(received=1, rejections=[Rejection("tcp", "bad 13900001111", text)]))
    (kept,) = store.dead_letters()
    assert "13812345678" not in kept.payload and "138****5678" in kept.payload
    assert "13900001111" not in kept.reason
    raw = json.dumps(plain_sql(district_store, "SELECT payload, reason FROM gridtwin_dead_letters"), ensure_ascii=False)
    assert "13812345678" not in raw and "440301199001011234" not in raw
