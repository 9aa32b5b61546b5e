"""Shared fixtures. Qt runs headless; pytest-qt provides qapp/qtbot."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The console's own files (the demo's working copy, the audit log) go to a scratch folder,
# also for the console processes the tests start; it is removed when the run ends.
if "GRIDTWIN_DATA_HOME" not in os.environ:
    _scratch = tempfile.mkdtemp(prefix="gridtwin-test-")
    os.environ["GRIDTWIN_DATA_HOME"] = _scratch
    atexit.register(shutil.rmtree, _scratch, ignore_errors=True)

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "data" / "demo_small.gpkg"


@pytest.fixture(scope="session", autouse=True)
def _bundled_demo_is_never_written():
    """No test, and nothing a test drives, may change the bundled district (a console without a
    store once gave it the store's tables just by listing plan versions)."""
    import hashlib
    before = hashlib.sha256(DEMO.read_bytes()).hexdigest()
    yield
    assert hashlib.sha256(DEMO.read_bytes()).hexdigest() == before, f"{DEMO} was written by the tests"
    assert not DEMO.with_name(DEMO.name + "-wal").exists(), "the bundled district was opened for writing"


@pytest.fixture(scope="session")
def demo_path() -> Path:
    return DEMO


@pytest.fixture(scope="session")
def demo_district():
    """The bundled small district, loaded once (tests must not mutate it)."""
    from geodata import load_district

    return load_district(DEMO)


@pytest.fixture(autouse=True)
def _collect_qt_garbage():
    """Destroy what a test leaves behind now, between tests, on the GUI thread: the widgets
    pytest-qt closed and marked for deletion (Qt deletes those only in a running event loop,
    which a later test would then do under its own widgets), then the windows left in
    reference cycles (collected later, a QWidget can be destroyed off the GUI thread, or
    while Qt dispatches events to it, and either crashes the process)."""
    yield
    import gc
    import sys

    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtCore import QCoreApplication, QEvent

        if QCoreApplication.instance() is not None:
            QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    gc.collect()
    if "PySide6.QtWidgets" in sys.modules and "widgets.theme" in sys.modules:
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:  # the next test starts from Qt's look, not a mode's
            sys.modules["widgets.theme"].reset_application_theme()


# ---------------------------------------------------------------------- the two back-ends
# Store tests run on both: the district GeoPackage, and a PostGIS database on a real
# throwaway PostgreSQL server (Debian's packages). .ci/run starts that server and names its
# folder in GRIDTWIN_TEST_PG; without it the tests start one of their own.
BACKENDS = ("geopackage", "postgis")


@pytest.fixture(scope="session")
def pg_cluster():
    """The server the store tests use. With several test processes (pytest-xdist) the first
    uses the server .ci/run started and each other one starts its own: login roles are
    cluster-wide, and two processes setting the same user's password at once would race."""
    from tools.pg_cluster import Cluster
    given = os.environ.get("GRIDTWIN_TEST_PG")
    if os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0":
        given = None
    cluster = Cluster(given) if given else Cluster()
    cluster.start()
    from geodata.store import postgis
    template = cluster.fresh_database("gridtwin_demo_template")
    postgis.init(template)
    from geodata import load_district
    postgis.load(template, load_district(DEMO))
    yield cluster
    if not given:
        cluster.remove()


_databases = iter(range(1, 10**6))


def fresh_pg_store(cluster) -> str:
    """A new database holding the demo district, copied from the session's template."""
    import psycopg
    name = f"gridtwin_t{os.getpid()}_{next(_databases)}"
    with psycopg.connect(cluster.admin_url(), autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}" TEMPLATE gridtwin_demo_template')
    return cluster.admin_url(name)


@pytest.fixture(params=BACKENDS)
def district_store(request, tmp_path):
    """Where a fresh copy of the demo district is kept, on each back-end in turn: the path of
    a GeoPackage, or the URL of a PostGIS database."""
    if request.param == "geopackage":
        path = tmp_path / "district.gpkg"
        shutil.copy(DEMO, path)
        return path
    return fresh_pg_store(request.getfixturevalue("pg_cluster"))


def plain_sql(where, sql: str, params=()) -> list:
    """Run one statement with the database's own client, past every GridTwin layer."""
    if isinstance(where, str) and where.startswith("postgresql://"):
        import psycopg
        with psycopg.connect(where, autocommit=True) as con:
            cur = con.execute(sql.replace("?", "%s") if params else sql, params or None)
            return cur.fetchall() if cur.description else []
    import sqlite3
    con = sqlite3.connect(where)
    try:
        with con:
            return con.execute(sql, params).fetchall()
    finally:
        con.close()


def refuse_in_database(where, table: str, column: str, value: str, message: str = "refused by a test trigger",
                       event: str = "INSERT") -> None:
    """Make the database itself refuse a row (a trigger): the failure comes from inside the
    database's write, after the rows before it in the same transaction were written."""
    if isinstance(where, str) and where.startswith("postgresql://"):
        plain_sql(where, f"""CREATE OR REPLACE FUNCTION gridtwin_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.{column}::text = '{value}' THEN
                RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$""")
        plain_sql(where, f"CREATE TRIGGER gridtwin_test_refuse BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW"
                         " EXECUTE FUNCTION gridtwin_test_refuse()")
        return
    plain_sql(where, f"CREATE TRIGGER gridtwin_test_refuse BEFORE {event} ON {table} WHEN NEW.{column} = '{value}'"
                     f" BEGIN SELECT RAISE(ABORT, '{message}'); END")
