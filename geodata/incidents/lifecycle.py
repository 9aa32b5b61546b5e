"""The closed loop an incident runs, as a table of actions: discover → report → dispatch →
handle → feedback → evaluate, plus return and escalation up the grid → community → street →
district ladder ("small things stay in the grid").

One table answers both "may I?" and "what becomes of it?", so the detail panel's buttons,
the store and the escalation timer cannot disagree.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from geodata.schema import OPEN_INCIDENT_STATUSES

LEVELS = ("grid", "community", "street", "district")
TOP_LEVEL = len(LEVELS) - 1


@dataclass(frozen=True)
class Action:
    name: str
    sources: tuple[str, ...]
    target: str


ACTIONS: dict[str, Action] = {a.name: a for a in (
    Action("dispatch", ("reported", "returned", "escalated"), "dispatched"),
    Action("accept", ("dispatched",), "accepted"),
    Action("start", ("accepted",), "in_progress"),
    Action("resolve", ("accepted", "in_progress"), "resolved"),
    Action("close", ("resolved",), "closed"),            # reviewed and closed: the loop ends
    Action("return", ("dispatched", "accepted", "resolved"), "returned"),  # sent back: wrong grid, or not fixed
    Action("escalate", OPEN_INCIDENT_STATUSES, "escalated"),
    Action("cancel", OPEN_INCIDENT_STATUSES, "closed"),  # the sender withdrew it (CAP Cancel)
)}
MANUAL_ACTIONS = ("dispatch", "accept", "start", "resolve", "close", "return", "escalate")


class LifecycleError(ValueError):
    """An action that the incident's current state does not allow."""


@dataclass(frozen=True)
class Event:
    """One state change of one incident, as it is stored and shown on the timeline."""

    incident_id: str
    at: datetime
    who: str
    action: str            # "report" for the first event, else a key of ACTIONS
    from_status: str | None
    to_status: str
    level: int
    note: str = ""
    due_at: datetime | None = None  # the deadline after this change (None: no deadline, e.g. resolved)


def allowed(status: str, level: int) -> list[str]:
    """The actions an operator may take from ``status`` at ``level``, in loop order."""
    return [name for name in MANUAL_ACTIONS if status in ACTIONS[name].sources
            and not (name == "escalate" and level >= TOP_LEVEL)]


def _possible(status: str, level: int) -> list[str]:
    return [name for name, a in ACTIONS.items()
            if status in a.sources and not (name == "escalate" and level >= TOP_LEVEL)]


def step(incident_id: str, status: str, level: int, action: str, *, who: str, at: datetime,
         note: str = "") -> Event:
    """The event of applying ``action``; raises LifecycleError when it is not allowed."""
    if action not in ACTIONS:
        raise LifecycleError(f"{incident_id}: unknown action {action!r} (one of {', '.join(ACTIONS)})")
    if action not in _possible(status, level):
        where = f" at {LEVELS[level]} level" if action == "escalate" else ""
        raise LifecycleError(f"{incident_id}: cannot {action} an incident that is {status}{where}")
    new_level = level + 1 if action == "escalate" else level
    return Event(incident_id, at, who, action, status, ACTIONS[action].target, new_level, note)


def reported(incident_id: str, status: str, level: int, *, who: str, at: datetime, note: str = "") -> Event:
    """The first event of an incident that arrived from a feed (usually status 'reported')."""
    return Event(incident_id, at, who, "report", None, status, level, note)
