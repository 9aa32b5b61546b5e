"""The closed loop without a display: lifecycle, deadlines, the book and the store."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from geodata.incidents.book import IncidentBook
from geodata.incidents.deadlines import DeadlineError, DeadlineTable
from geodata.incidents.lifecycle import LifecycleError, allowed, step
from geodata.incidents.records import Batch, IncidentRecord
from geodata.incidents.query import IncidentFilter, matching, ordered
from geodata.incidents.store import IncidentStore
from geodata.spatial_index import CityIndex
from tests.conftest import refuse_in_database

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


def test_the_closed_loop_and_what_each_state_allows():
    assert allowed("reported", 0) == ["dispatch", "escalate"]
    e = step("X", "reported", 0, "dispatch", who="a", at=T0)
    assert (e.from_status, e.to_status) == ("reported", "dispatched")
    path = ["accept", "start", "resolve", "close"]
    status = e.to_status
    for action in path:
        status = step("X", status, 0, action, who="a", at=T0).to_status
    assert status == "closed" and allowed("closed", 0) == []
    assert "return" in allowed("resolved", 0)  # evaluation can send it back
    with pytest.raises(LifecycleError, match="cannot close an incident that is reported"):
        step("X", "reported", 0, "close", who="a", at=T0)
    with pytest.raises(LifecycleError, match="district level"):
        step("X", "escalated", 3, "escalate", who="a", at=T0)
    assert step("X", "in_progress", 1, "escalate", who="a", at=T0).level == 2


def test_deadline_file_overrides_and_clear_errors(tmp_path):
    t = DeadlineTable.load()
    assert t.minutes("gas_leak", 4) == 15 and t.minutes("sanitation", 4) == 60
    bad = tmp_path / "d.toml"
    bad.write_text("[default]\n1 = 10\n2 = 10\n3 = 10\n4 = -5\n")
    with pytest.raises(DeadlineError, match=r"d.toml: \[default\] severity 4 must be a positive number"):
        DeadlineTable.load(bad)
    bad.write_text("[default]\n1 = 10\n2 = 10\n3 = 10\n4 = 5\n[category.alien]\n1 = 3\n")
    with pytest.raises(DeadlineError, match=r"\[category.alien\] is not an incident category"):
        DeadlineTable.load(bad)
    bad.write_text("[default\n")
    with pytest.raises(DeadlineError, match="not valid TOML"):
        DeadlineTable.load(bad)


@pytest.fixture
def book(demo_district):
    index = CityIndex.from_district(demo_district, layers=("incidents",))
    b = IncidentBook.from_district(demo_district, index.assignment["incidents"], DeadlineTable.load())
    b.link_index(index)
    return b


def test_overdue_incidents_escalate_one_level_and_get_a_new_deadline(book):
    late = book.overdue_mask(T0)
    assert late.any()
    p = int(late.nonzero()[0][0])
    level = int(book.level[p])
    events = dict(book.escalate_overdue(T0))
    assert events[p].action == "escalate" and book.level[p] == level + 1 and book.status[p] == "escalated"
    limit = book.deadlines.seconds(book.category[p], book.severity[p])
    assert book.due[p] == pytest.approx(T0.timestamp() + limit)
    assert not book.overdue_mask(T0)[p]
    # the next tick, before the new deadline, does nothing more to it
    assert p not in dict(book.escalate_overdue(T0 + timedelta(seconds=limit / 2)))
    # only closed/resolved ones are never overdue
    assert not book.overdue_mask(T0 + timedelta(days=999))[book.status == "closed"].any()


def test_filters_and_sorting_match_a_plain_python_reading(book):
    now = T0
    f = IncidentFilter(status=None, category="sanitation", min_severity=2)
    mask = matching(book, f, now)
    expect = [i for i in range(len(book)) if book.category[i] == "sanitation" and book.severity[i] >= 2]
    assert list(mask.nonzero()[0]) == expect
    rows = ordered(book, mask, "severity", descending=True)
    sev = book.severity[rows]
    assert (sev[:-1] >= sev[1:]).all()
    gid = str(book.grid_ids[book.grid[expect[0]]])
    by_grid = matching(book, IncidentFilter(status=None, grid=gid.lower()), now)
    assert by_grid.any() and all(gid.lower() in str(book.grid_ids[book.grid[i]]).lower() for i in by_grid.nonzero()[0])
    overdue = matching(book, IncidentFilter(status=None, overdue_only=True), now)
    assert (overdue == book.overdue_mask(now)).all()


def test_store_keeps_incidents_and_every_event_in_one_transaction(district_store):
    store = IncidentStore(district_store)
    rec = IncidentRecord("A1", "sanitation", 2, "reported", "hotline", T0, 114.03, 22.68, "G1", 0,
                         T0 + timedelta(hours=1), "tcp")
    ev = step("A1", "reported", 0, "dispatch", who="ops", at=T0, note="to worker")
    store.commit(Batch(incidents=[rec], events=[ev]))
    again = IncidentStore(district_store)  # another connection (a restarted console) sees it
    (got,) = again.incidents()
    assert got.status == "dispatched" and got.due_at == rec.due_at
    assert [e.action for e in again.events_of("A1")] == ["dispatch"]
    refuse_in_database(district_store, "gridtwin_incident_events", "incident_id", "A3")
    a2 = IncidentRecord("A2", "x", 1, "reported", "hotline", T0, 114.03, 22.68, None)
    with pytest.raises(store.permanent, match="refused by a test trigger"):  # the database refuses A3's event
        store.commit(Batch(incidents=[a2], events=[step("A2", "reported", 0, "dispatch", who="ops", at=T0),
                                                   step("A3", "reported", 0, "dispatch", who="ops", at=T0)]))
    assert [r.incident_id for r in again.incidents()] == ["A1"]  # a failing batch leaves nothing half-written
    assert again.events_of("A2") == []
    if again.store.kind == "geopackage":
        assert again.store.con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
