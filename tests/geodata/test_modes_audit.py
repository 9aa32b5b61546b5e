"""The mode state machine and the audit log, without Qt."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from geodata.audit import AuditLog
from tests.conftest import fresh_pg_store
from geodata.modes import Mode, ModeMachine


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


def test_toggle_switches_and_notifies_in_order():
    clock = FakeClock()
    machine = ModeMachine(clock=clock)
    seen = []
    machine.subscribe(seen.append)
    clock.now += timedelta(minutes=5)
    change = machine.toggle("duty officer Li")
    assert machine.mode is Mode.EMERGENCY
    assert (change.who, change.from_mode, change.to_mode, change.when) == ("duty officer Li", Mode.NORMAL, Mode.EMERGENCY, clock.now)
    clock.now += timedelta(minutes=12, seconds=3)
    assert machine.elapsed() == timedelta(minutes=12, seconds=3)
    machine.toggle("duty officer Li")
    assert machine.mode is Mode.NORMAL
    assert [c.to_mode for c in seen] == [Mode.EMERGENCY, Mode.NORMAL]


def test_switch_to_current_mode_records_nothing():
    machine = ModeMachine()
    seen = []
    machine.subscribe(seen.append)
    assert machine.switch("normal", "x") is None
    assert seen == []


@pytest.mark.parametrize("where", ["file", "store"])
def test_audit_log_keeps_mode_changes_across_reopen(tmp_path, where, request):
    """A seat's own audit file, and the shared store's audit table."""
    path = tmp_path / "audit.sqlite" if where == "file" else fresh_pg_store(request.getfixturevalue("pg_cluster"))
    log = AuditLog(path)
    machine = ModeMachine()
    machine.subscribe(log.record_mode_change)
    machine.toggle("alice")
    machine.toggle("bob")
    log.close()
    entries = AuditLog(path).entries("mode_switch")
    assert [(e.who, e.detail["from"], e.detail["to"]) for e in entries] == [
        ("alice", "normal", "emergency"), ("bob", "emergency", "normal")]
    assert all(e.at.tzinfo is not None for e in entries)
