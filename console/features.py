"""What the inspector shows for each kind of feature, in the user's language."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from geodata.incidents.lifecycle import LEVELS
from geodata.picking import Pick, grid_summary
from geodata.schema import OPEN_INCIDENT_STATUSES
from geodata.spatial_index import NO_GRID
from layers.labels import label
from widgets.clock import zoned

OPEN = set(OPEN_INCIDENT_STATUSES)
FIELDS = {
    "grid": QT_TRANSLATE_NOOP("Features", "Grid"), "grid_id": QT_TRANSLATE_NOOP("Features", "Grid id"),
    "community": QT_TRANSLATE_NOOP("Features", "Community"), "street": QT_TRANSLATE_NOOP("Features", "Street"),
    "grid_worker": QT_TRANSLATE_NOOP("Features", "Grid worker"), "population": QT_TRANSLATE_NOOP("Features", "Population"),
    "area": QT_TRANSLATE_NOOP("Features", "Area"), "sensors": QT_TRANSLATE_NOOP("Features", "Sensors"),
    "sensors_in_alarm": QT_TRANSLATE_NOOP("Features", "Sensors in alarm"),
    "cameras": QT_TRANSLATE_NOOP("Features", "Cameras"), "open_incidents": QT_TRANSLATE_NOOP("Features", "Open incidents"),
    "sensor": QT_TRANSLATE_NOOP("Features", "Sensor"), "kind": QT_TRANSLATE_NOOP("Features", "Kind"),
    "status": QT_TRANSLATE_NOOP("Features", "Status"), "reading": QT_TRANSLATE_NOOP("Features", "Reading"),
    "threshold": QT_TRANSLATE_NOOP("Features", "Threshold"), "camera": QT_TRANSLATE_NOOP("Features", "Camera"),
    "heading": QT_TRANSLATE_NOOP("Features", "Heading"), "fov": QT_TRANSLATE_NOOP("Features", "Field of view"),
    "range": QT_TRANSLATE_NOOP("Features", "Range"), "stream": QT_TRANSLATE_NOOP("Features", "Video stream"),
    "incident": QT_TRANSLATE_NOOP("Features", "Incident"),
    "category": QT_TRANSLATE_NOOP("Features", "Category"), "severity": QT_TRANSLATE_NOOP("Features", "Severity"),
    "source": QT_TRANSLATE_NOOP("Features", "Source"), "reported": QT_TRANSLATE_NOOP("Features", "Reported at"),
    "past_incidents": QT_TRANSLATE_NOOP("Features", "Past incidents"),
    "compactness": QT_TRANSLATE_NOOP("Features", "Compactness (Polsby–Popper)"),
    "workload": QT_TRANSLATE_NOOP("Features", "Workload (fair share = 1)"),
    "deviation": QT_TRANSLATE_NOOP("Features", "Deviation from fair share"),
    "level": QT_TRANSLATE_NOOP("Features", "Handled at"), "due": QT_TRANSLATE_NOOP("Features", "Due"),
}


def _t(key: str) -> str:
    return QCoreApplication.translate("Features", FIELDS[key])


def _rows(pairs: list[tuple[str, object]]) -> dict[str, str]:
    return {_t(key): str(value) for key, value in pairs}


def describe(district, index, picked: Pick, plan=None, book=None) -> tuple[str, dict[str, str]]:
    """(title, rows) for the inspector; with a ``plan`` being edited, grids are the plan's;
    with the live incident ``book``, incidents and open counts are live."""
    pos = picked.position
    if picked.layer == "grids":
        g = plan.attrs[pos] if plan is not None else district.grids.iloc[pos]
        s = grid_summary(district, index, pos, None if book is None else book.open_mask())
        extra = []
        if plan is not None:
            b = plan.balance
            s.update(population=int(round(b.population[pos])), area_km2=round(float(b.area_km2[pos]), 3))
            extra = [("past_incidents", f"{int(b.past_incidents[pos]):,}"), ("compactness", f"{b.compactness[pos]:.2f}"),
                     ("workload", f"{b.workload[pos]:.2f}"), ("deviation", f"{b.deviation[pos]:+.0%}")]
        return f"{_t('grid')} · {g['name']}", _rows([
            ("grid_id", g["grid_id"]), ("community", g["community"]), ("street", g["street"]),
            ("grid_worker", g["grid_worker"] or "—"), ("population", f"{s['population']:,}"),
            ("area", f"{s['area_km2']:.2f} km²"), ("sensors", f"{s['sensors']:,}"),
            ("sensors_in_alarm", f"{s['sensors_in_alarm']:,}"), ("cameras", f"{s['cameras']:,}"),
            ("open_incidents", f"{s['open_incidents']:,}")] + extra)
    if picked.layer == "incidents" and book is not None:
        r = book.record(pos)
        due = zoned(r.due_at, "%m-%d %H:%M") if r.due_at and r.status in OPEN else "—"
        return f"{_t('incident')} · {r.incident_id}", _rows([
            ("category", label(r.category)), ("severity", r.severity), ("status", label(r.status)),
            ("level", label(LEVELS[r.level])), ("due", due), ("source", label(r.source)),
            ("reported", zoned(r.reported_at, "%Y-%m-%d %H:%M")),
            ("grid", r.grid_id or "—")])
    row = district.layer(picked.layer).iloc[pos]
    grid_pos = index.assignment[picked.layer][pos] if picked.layer in index.assignment else NO_GRID
    names = [a["name"] if a else "" for a in plan.attrs] if plan is not None else district.grids["name"]
    grid = names[grid_pos] if grid_pos != NO_GRID else "—"
    if picked.layer == "sensors":
        value = row["value"]
        reading = "—" if value is None or value != value else f"{value:g} {row['unit']}"
        return f"{_t('sensor')} · {row['sensor_id']}", _rows([
            ("kind", label(row["kind"])), ("status", label(row["status"])), ("reading", reading),
            ("threshold", f"{row['threshold']:g} {row['unit']}"), ("grid", grid)])
    if picked.layer == "cameras":
        return f"{_t('camera')} · {row['camera_id']}", _rows([
            ("status", label(row["status"])), ("heading", f"{row['heading_deg']:.0f}°"),
            ("fov", f"{row['fov_deg']:.0f}°"), ("range", f"{row['range_m']:.0f} m"), ("grid", grid),
            ("stream", _stream(row))])
    if picked.layer == "incidents":
        when = zoned(row["reported_at"].to_pydatetime(), "%Y-%m-%d %H:%M")
        return f"{_t('incident')} · {row['incident_id']}", _rows([
            ("category", label(row["category"])), ("severity", row["severity"]), ("status", label(row["status"])),
            ("source", label(row["source"])), ("reported", when), ("grid", grid)])
    return picked.layer, {}


def _stream(row) -> str:
    """Where the camera's video comes from, credentials left out (rtsp://user:pass@host/...)."""
    from urllib.parse import urlsplit, urlunsplit
    url = row.get("stream_url") if hasattr(row, "get") else None
    if not isinstance(url, str) or not url.strip():
        return "–"
    parts = urlsplit(url.strip())
    if parts.password or parts.username:
        host = parts.hostname or ""
        parts = parts._replace(netloc=host + (f":{parts.port}" if parts.port else ""))
    return urlunsplit(parts)
