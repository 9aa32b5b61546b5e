"""Display names for the codes stored in the data (kinds, statuses, categories), translatable.

The data keeps stable English codes; the console shows them in the user's language.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

_LABELS = {
    # layers
    "grids": QT_TRANSLATE_NOOP("Labels", "Grids"),
    "sensors": QT_TRANSLATE_NOOP("Labels", "Sensors"),
    "cameras": QT_TRANSLATE_NOOP("Labels", "Cameras"),
    "incidents": QT_TRANSLATE_NOOP("Labels", "Incidents"),
    "basemap": QT_TRANSLATE_NOOP("Labels", "Basemap"),
    "risk": QT_TRANSLATE_NOOP("Labels", "Risk sites & shelters"),
    "plan_edit": QT_TRANSLATE_NOOP("Labels", "Boundary editing"),
    # sensor kinds
    "gas": QT_TRANSLATE_NOOP("Labels", "Gas"),
    "smoke": QT_TRANSLATE_NOOP("Labels", "Smoke"),
    "water_level": QT_TRANSLATE_NOOP("Labels", "Water level"),
    "noise": QT_TRANSLATE_NOOP("Labels", "Noise"),
    "slope": QT_TRANSLATE_NOOP("Labels", "Slope movement"),
    "manhole": QT_TRANSLATE_NOOP("Labels", "Manhole cover"),
    # statuses
    "normal": QT_TRANSLATE_NOOP("Labels", "Normal"),
    "warning": QT_TRANSLATE_NOOP("Labels", "Warning"),
    "alarm": QT_TRANSLATE_NOOP("Labels", "Alarm"),
    "offline": QT_TRANSLATE_NOOP("Labels", "Offline"),
    "online": QT_TRANSLATE_NOOP("Labels", "Online"),
    "reported": QT_TRANSLATE_NOOP("Labels", "Reported"),
    "dispatched": QT_TRANSLATE_NOOP("Labels", "Dispatched"),
    "accepted": QT_TRANSLATE_NOOP("Labels", "Accepted"),
    "in_progress": QT_TRANSLATE_NOOP("Labels", "In progress"),
    "resolved": QT_TRANSLATE_NOOP("Labels", "Resolved"),
    "closed": QT_TRANSLATE_NOOP("Labels", "Closed"),
    "returned": QT_TRANSLATE_NOOP("Labels", "Returned"),
    "escalated": QT_TRANSLATE_NOOP("Labels", "Escalated"),
    "overdue": QT_TRANSLATE_NOOP("Labels", "Overdue (escalates)"),
    # escalation ladder
    "grid": QT_TRANSLATE_NOOP("Labels", "Grid"),
    "community": QT_TRANSLATE_NOOP("Labels", "Community"),
    "street": QT_TRANSLATE_NOOP("Labels", "Street"),
    "district": QT_TRANSLATE_NOOP("Labels", "District"),
    # incident categories
    "sanitation": QT_TRANSLATE_NOOP("Labels", "Sanitation"),
    "illegal_construction": QT_TRANSLATE_NOOP("Labels", "Illegal construction"),
    "road_damage": QT_TRANSLATE_NOOP("Labels", "Road damage"),
    "illegal_parking": QT_TRANSLATE_NOOP("Labels", "Illegal parking"),
    "noise_nuisance": QT_TRANSLATE_NOOP("Labels", "Noise nuisance"),
    "fire_hazard": QT_TRANSLATE_NOOP("Labels", "Fire hazard"),
    "water_drainage": QT_TRANSLATE_NOOP("Labels", "Water & drainage"),
    "street_vending": QT_TRANSLATE_NOOP("Labels", "Street vending"),
    "public_facility": QT_TRANSLATE_NOOP("Labels", "Public facility"),
    "safety_hazard": QT_TRANSLATE_NOOP("Labels", "Safety hazard"),
    "neighbour_dispute": QT_TRANSLATE_NOOP("Labels", "Neighbour dispute"),
    "gas_leak": QT_TRANSLATE_NOOP("Labels", "Gas leak"),
    "flooding": QT_TRANSLATE_NOOP("Labels", "Flooding"),
    # sources
    "hotline": QT_TRANSLATE_NOOP("Labels", "Hotline 12345"),
    "grid_worker": QT_TRANSLATE_NOOP("Labels", "Grid worker"),
    "citizen": QT_TRANSLATE_NOOP("Labels", "Citizen"),
    "sensor": QT_TRANSLATE_NOOP("Labels", "Sensor"),
    "alert": QT_TRANSLATE_NOOP("Labels", "Warning system (CAP)"),
    # risk sites
    "retaining_wall": QT_TRANSLATE_NOOP("Labels", "Retaining wall"),
    "flood_point": QT_TRANSLATE_NOOP("Labels", "Flood point"),
    "high": QT_TRANSLATE_NOOP("Labels", "High"),
    "medium": QT_TRANSLATE_NOOP("Labels", "Medium"),
    "low": QT_TRANSLATE_NOOP("Labels", "Low"),
    "shelter": QT_TRANSLATE_NOOP("Labels", "Shelter"),
    # command-log entries (gridtwin_emergency_log.kind)
    "declare": QT_TRANSLATE_NOOP("Labels", "Declared"),
    "order": QT_TRANSLATE_NOOP("Labels", "Order"),
    "note": QT_TRANSLATE_NOOP("Labels", "Note"),
    "report": QT_TRANSLATE_NOOP("Labels", "Report"),
    "stand_down": QT_TRANSLATE_NOOP("Labels", "Stand-down"),
    "state": QT_TRANSLATE_NOOP("Labels", "State"),
    # roles (geodata.access.ROLES)
    "admin": QT_TRANSLATE_NOOP("Labels", "Administrator"),
    "duty_officer": QT_TRANSLATE_NOOP("Labels", "Duty officer"),
    "dispatcher": QT_TRANSLATE_NOOP("Labels", "Dispatcher"),
    "planner": QT_TRANSLATE_NOOP("Labels", "Planner"),
    "viewer": QT_TRANSLATE_NOOP("Labels", "Viewer"),
    # analysis layers
    "query": QT_TRANSLATE_NOOP("Labels", "Space-time query"),
    "hotspots": QT_TRANSLATE_NOOP("Labels", "Hotspots (Gi*)"),
    "replay": QT_TRANSLATE_NOOP("Labels", "Replay"),
    "coverage": QT_TRANSLATE_NOOP("Labels", "Camera coverage"),
    # grid fills
    "population": QT_TRANSLATE_NOOP("Labels", "Population"),
    "open_incidents": QT_TRANSLATE_NOOP("Labels", "Open incidents"),
    "population:community": QT_TRANSLATE_NOOP("Labels", "Population per community"),
    "population:street": QT_TRANSLATE_NOOP("Labels", "Population per street"),
    "open_incidents:community": QT_TRANSLATE_NOOP("Labels", "Open incidents per community"),
    "open_incidents:street": QT_TRANSLATE_NOOP("Labels", "Open incidents per street"),
    "severity": QT_TRANSLATE_NOOP("Labels", "Severity"),
}


def label(code: str) -> str:
    """The display name of a data code in the current language (the code itself if unknown)."""
    text = _LABELS.get(str(code))
    return QCoreApplication.translate("Labels", text) if text else str(code)


def codes() -> list[str]:
    return list(_LABELS)
