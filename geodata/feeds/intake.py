"""The intake: every message from every feed is parsed, checked, placed in its grid and
turned into records, or rejected with the reason. Sensor readings drive alarm episodes.

Runs on the feed worker thread: it owns copies of the grid geometries and its own CRS
transformer, so it shares nothing mutable with the console's thread.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from functools import cached_property

import numpy as np
import shapely

from pyproj import CRS

from geodata.crs import OFFSET_SYSTEMS, WGS84, transformer
from geodata.feeds.messages import (
    Cancel,
    FeedError,
    RawMessage,
    ReadingReport,
    Report,
    parse_cap,
    parse_feature,
    parse_open311,
)
from geodata.incidents.deadlines import DeadlineTable
from geodata.incidents.lifecycle import Event, reported
from geodata.incidents.records import (
    Batch,
    IncidentRecord,
    Reading,
    Rejection,
    SensorChange,
)
from geodata.localtime import utc_now
from geodata.shared_text import shared_text
from geodata.spatial_index import NO_GRID, GridIndex

FUTURE_SLACK = timedelta(minutes=5)  # clocks disagree a little; a report from further ahead is wrong
ALARM_CATEGORY = {"gas": "gas_leak", "smoke": "fire_hazard", "water_level": "flooding", "noise": "noise_nuisance",
                  "slope": "safety_hazard", "manhole": "public_facility"}
WARNING_SHARE = 0.8   # a reading past 80 % of the threshold is a warning
CLEAR_SHARE = 0.9     # an alarm ends only when the reading falls below 90 % of the threshold (hysteresis)


@dataclass
class SensorTable:
    """What the intake knows of the sensors: ids, kinds, thresholds, place, current state."""

    ids: np.ndarray
    kinds: np.ndarray
    thresholds: np.ndarray
    status: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    episode: dict[str, str]

    @classmethod
    def from_district(cls, district, states: dict[str, SensorChange] | None = None) -> "SensorTable":
        s = district.sensors
        lon, lat = district.to_lonlat(s.geometry.x.to_numpy(), s.geometry.y.to_numpy()) if len(s) else ([], [])
        table = cls(shared_text(s["sensor_id"]), shared_text(s["kind"]),
                    s["threshold"].to_numpy(dtype=float), shared_text(s["status"]),
                    np.asarray(lon, float), np.asarray(lat, float), {})
        table.apply_states(states or {})
        return table

    def apply_states(self, states: dict[str, SensorChange]) -> None:
        pos = self.positions
        for sid, change in states.items():
            p = pos.get(sid)
            if p is not None:
                self.status[p] = change.status
                if change.episode:
                    self.episode[sid] = change.episode

    @cached_property
    def positions(self) -> dict[str, int]:
        return {str(k): i for i, k in enumerate(self.ids)}


def to_wgs84(item, crs: str):
    """A report's place from the feed's declared system to WGS84 (other items pass as they are).
    CGCS2000 and WGS84 agree to centimetres; GCJ-02 and BD-09 are hundreds of metres off."""
    if not isinstance(item, Report) or crs == "EPSG:4326":
        return item
    if crs in OFFSET_SYSTEMS:
        lon, lat = OFFSET_SYSTEMS[crs][0](item.lon, item.lat)
    else:
        lon, lat = transformer(CRS.from_user_input(crs), WGS84).transform(item.lon, item.lat)
    return replace(item, lon=float(lon), lat=float(lat))


def _rejection(raw: RawMessage, exc: BaseException) -> Rejection:
    """A dead letter for a message that raised: a FeedError's text is the reason as it stands;
    anything else is named by its kind, so the operator sees what went wrong, not a traceback."""
    if isinstance(exc, FeedError):
        reason = str(exc)
    elif isinstance(exc, RecursionError):
        reason = "nested too deeply to read"
    else:
        reason = f"could not be read ({type(exc).__name__}: {str(exc)[:300]})"
    return Rejection(raw.channel, reason, raw.payload, raw.origin)


def classify(value: float, threshold: float, current: str) -> str:
    """Sensor status for a reading, with hysteresis so an alarm does not flicker."""
    if not np.isfinite(threshold) or threshold <= 0:
        return "normal"
    if value >= threshold or (current == "alarm" and value >= CLEAR_SHARE * threshold):
        return "alarm"
    return "warning" if value >= WARNING_SHARE * threshold else "normal"


def alarm_severity(value: float, threshold: float) -> int:
    ratio = value / threshold if threshold > 0 else 1.0
    return 4 if ratio >= 2.0 else 3 if ratio >= 1.3 else 2


class Intake:
    """Turns raw messages into a :class:`Batch`; ``known_ids`` guards against duplicates."""

    def __init__(self, grid_geometries, grid_ids, metric_crs, deadlines: DeadlineTable, sensors: SensorTable,
                 known_ids: set[str], clock: Callable[[], datetime] = utc_now, who: str = "feed") -> None:
        self.use_grids(grid_geometries, grid_ids)
        self.to_metric = transformer(WGS84, metric_crs)
        self.deadlines = deadlines
        self.sensors = sensors
        self.known_ids = known_ids
        self.clock = clock
        self.who = who
        self._serial = 0
        self._stamp = clock().strftime("%Y%m%d%H%M%S")

    def use_grids(self, grid_geometries, grid_ids) -> None:
        """Place what arrives from now on by these grids (a plan made active takes effect at
        once). The ids and their index are swapped as one, so a batch never mixes two plans."""
        geoms = shapely.from_wkb(shapely.to_wkb(np.asarray(grid_geometries, dtype=object)))  # this thread's own copies
        ids = np.asarray(grid_ids, dtype=object)
        self.placement = (ids, GridIndex(geoms, ids))

    @property
    def grid_ids(self) -> np.ndarray:
        return self.placement[0]

    def take(self, raws: list[RawMessage]) -> Batch:
        """Everything ``raws`` produced, merged into one batch."""
        return Batch.merged(part for _, part in self.take_each(raws))

    def take_each(self, raws: list[RawMessage]) -> list[tuple[RawMessage, Batch]]:
        """Each message with what it produced. Any error in reading, checking or placing one
        message makes that message a dead letter with its reason; it never stops the intake
        and never touches its neighbours."""
        parts: list[tuple[RawMessage, Batch]] = []
        pending: list[tuple[Report, RawMessage, Batch]] = []
        for raw in raws:
            part = Batch()
            parts.append((raw, part))
            try:
                items = self._parse(raw)
                if raw.crs is not None:
                    items = [to_wgs84(item, raw.crs) for item in items]
            except Exception as exc:  # noqa: BLE001 — one message's fault, whatever it is
                part.received += 1
                part.rejections.append(_rejection(raw, exc))
                continue
            for item in items:
                part.received += 1
                try:
                    if isinstance(item, Exception):
                        raise item
                    if isinstance(item, Report):
                        pending.append((item, raw, part))
                    elif isinstance(item, ReadingReport):
                        self._reading(item, raw, part)
                    elif isinstance(item, Cancel):
                        self._cancel(item, raw, part)
                except Exception as exc:  # noqa: BLE001
                    part.rejections.append(_rejection(raw, exc))
        self._place(pending)
        return parts

    def _parse(self, raw: RawMessage) -> list:
        if raw.problem:
            raise FeedError(raw.problem)
        if raw.channel == "open311":
            return parse_open311(raw.payload)
        if raw.channel == "cap":
            return parse_cap(raw.payload)
        return [parse_feature(raw.payload, default_source="sensor" if raw.channel == "simulator" else "citizen")]

    # ------------------------------------------------------------------ incidents
    def _place(self, pending: list[tuple[Report, RawMessage, Batch]]) -> None:
        if not pending:
            return
        lon = np.array([r.lon for r, _, _ in pending], dtype=float)
        lat = np.array([r.lat for r, _, _ in pending], dtype=float)
        x, y = self.to_metric.transform(lon, lat)
        ids, index = self.placement
        grids = index.locate(np.atleast_1d(x), np.atleast_1d(y))
        now = self.clock()
        for (report, raw, part), g in zip(pending, grids):
            try:
                reason = self._problem(report, g, now)
                if reason:
                    part.rejections.append(Rejection(raw.channel, reason, raw.payload, raw.origin))
                elif report.incident_id is not None and report.incident_id in self.known_ids:
                    part.duplicates.append(report.incident_id)  # a re-send: already stored, idempotent
                else:
                    self._accept(report, str(ids[int(g)]), raw.channel, now, part)
            except Exception as exc:  # noqa: BLE001
                part.rejections.append(_rejection(raw, exc))

    def _problem(self, report: Report, grid: int, now: datetime) -> str | None:
        if grid == NO_GRID:
            return f"outside the district at {report.lon:.6f}, {report.lat:.6f}"
        if report.reported_at is not None and report.reported_at > now + FUTURE_SLACK:
            return f"reported_at {report.reported_at.isoformat()} is in the future"
        return None

    def _accept(self, report: Report, grid_id: str, channel: str, now: datetime, batch: Batch) -> IncidentRecord:
        ident = report.incident_id or self._new_id(channel)
        at = (report.reported_at or now).astimezone(timezone.utc)
        open_ = report.status not in ("resolved", "closed")
        due = at + timedelta(seconds=self.deadlines.seconds(report.category, report.severity)) if open_ else None
        record = IncidentRecord(ident, report.category, report.severity, report.status, report.source, at,
                                report.lon, report.lat, grid_id, 0, due, channel,
                                report.description)
        self.known_ids.add(ident)
        batch.incidents.append(record)
        batch.events.append(replace(reported(ident, report.status, 0, who=f"{self.who}:{channel}", at=now,
                                              note=report.description[:200]), due_at=due))
        return record

    def _new_id(self, channel: str) -> str:
        while True:
            self._serial += 1
            ident = f"{channel[:3].upper()}-{self._stamp}-{self._serial:06d}"
            if ident not in self.known_ids:
                return ident

    def _cancel(self, cancel: Cancel, raw: RawMessage, batch: Batch) -> None:
        if cancel.incident_id not in self.known_ids:
            batch.rejections.append(Rejection(raw.channel, f"cancels {cancel.incident_id}, which was never received",
                                              raw.payload, raw.origin))
            return
        batch.events.append(Event(cancel.incident_id, self.clock(), f"{self.who}:{raw.channel}", "cancel", None,
                                  "closed", 0, cancel.note))

    # ------------------------------------------------------------------ sensors
    def _reading(self, item: ReadingReport, raw: RawMessage, batch: Batch) -> None:
        s = self.sensors
        p = s.positions.get(item.sensor_id)
        if p is None:
            batch.rejections.append(Rejection(raw.channel, f"reading from unknown sensor {item.sensor_id}",
                                              raw.payload, raw.origin))
            return
        now = self.clock()
        at = (item.at or now).astimezone(timezone.utc)
        batch.readings.append(Reading(item.sensor_id, item.value, at))
        old = str(s.status[p])
        new = classify(item.value, float(s.thresholds[p]), old)
        if new == old:
            return
        s.status[p] = new
        episode = s.episode.get(item.sensor_id)
        if new == "alarm":  # a new episode: one incident until the sensor leaves alarm
            report = Report(ALARM_CATEGORY.get(str(s.kinds[p]), "safety_hazard"),
                            alarm_severity(item.value, float(s.thresholds[p])), "sensor", float(s.lon[p]),
                            float(s.lat[p]), at, None, "reported",
                            f"{item.sensor_id} {s.kinds[p]} {item.value:g} ≥ threshold {s.thresholds[p]:g}")
            ids, index = self.placement
            grid = int(index.locate(*self.to_metric.transform([s.lon[p]], [s.lat[p]]))[0])
            if grid == NO_GRID:
                episode = None
            else:
                episode = self._accept(report, str(ids[grid]), "sensor", now, batch).incident_id
            s.episode[item.sensor_id] = episode
        elif old == "alarm":
            s.episode.pop(item.sensor_id, None)
            episode = None
        batch.sensors.append(SensorChange(item.sensor_id, new, item.value, at, episode))
