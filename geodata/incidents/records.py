"""The records that travel from a feed to the store and the book: incidents, sensor
changes and rejected messages. Plain data, so the worker thread can hand them over."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from geodata.incidents.lifecycle import Event
from geodata.localtime import utc_now


@dataclass
class IncidentRecord:
    """One incident as stored: where (WGS84 and the grid), what, and its current state."""

    incident_id: str
    category: str
    severity: int
    status: str
    source: str
    reported_at: datetime
    lon: float
    lat: float
    grid_id: str | None
    level: int = 0
    due_at: datetime | None = None
    channel: str = "console"
    description: str = ""


@dataclass(frozen=True)
class SensorChange:
    """A sensor's status as a reading left it; ``episode`` is the incident of its current alarm."""

    sensor_id: str
    status: str
    value: float
    at: datetime
    episode: str | None = None


@dataclass(frozen=True)
class Reading:
    sensor_id: str
    value: float
    at: datetime


@dataclass(frozen=True)
class Rejection:
    """A message the console could not accept: from which channel, why, and the message itself."""

    channel: str
    reason: str
    payload: str
    origin: str = ""
    at: datetime = field(default_factory=utc_now)


@dataclass
class Batch:
    """What one pass over the feeds produced; stored in one transaction, then shown."""

    incidents: list[IncidentRecord] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    sensors: list[SensorChange] = field(default_factory=list)
    received: int = 0  # messages taken in (each is stored, rejected, or a reading)
    duplicates: list[str] = field(default_factory=list)  # incident ids sent again: already stored, not stored twice

    def __bool__(self) -> bool:
        return bool(self.received or self.events or self.incidents)

    @classmethod
    def merged(cls, batches) -> "Batch":
        """One batch holding everything in ``batches``, in order."""
        out = cls()
        for b in batches:
            out.extend(b)
        return out

    def extend(self, other: "Batch") -> None:
        for name in ("incidents", "events", "rejections", "readings", "sensors", "duplicates"):
            getattr(self, name).extend(getattr(other, name))
        self.received += other.received
