"""The dataset schema: one GeoPackage per district, one layer per kind of thing.

``docs/DATA.md`` is the prose form of this module; the loader validates against it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SENSOR_KINDS = ("gas", "smoke", "water_level", "noise", "slope", "manhole")
SENSOR_STATUSES = ("normal", "warning", "alarm", "offline")
CAMERA_STATUSES = ("online", "offline")
INCIDENT_SOURCES = ("hotline", "grid_worker", "citizen", "sensor", "alert")  # alert: a public-warning system (CAP)
INCIDENT_STATUSES = (
    "reported", "dispatched", "accepted", "in_progress", "resolved", "closed", "returned", "escalated",
)
OPEN_INCIDENT_STATUSES = ("reported", "dispatched", "accepted", "in_progress", "returned", "escalated")
INCIDENT_CATEGORIES = (
    "sanitation", "illegal_construction", "road_damage", "illegal_parking", "noise_nuisance",
    "fire_hazard", "water_drainage", "street_vending", "public_facility", "safety_hazard",
    "neighbour_dispute", "gas_leak", "flooding",
)
RISK_SITE_KINDS = ("slope", "retaining_wall", "flood_point")
RISK_LEVELS = ("high", "medium", "low")
ROAD_CLASSES = ("trunk", "arterial", "local")


REQUIRED = object()  # a column the console cannot work without: no default
SAME_AS_ID = "<the feature's id>"  # a default that copies the layer's id


@dataclass(frozen=True)
class Column:
    """One attribute column. ``kind`` is str, int, float or datetime (ISO 8601 with offset).

    ``default`` is what a missing column, an empty value or an unusable value becomes, with a
    warning naming the features (docs/DATA.md lists them). Ids and incident times have none:
    without them the console cannot work, so their faults refuse the layer.
    """

    name: str
    kind: str
    choices: tuple = ()
    minimum: float | None = None
    maximum: float | None = None
    nullable: bool = False
    default: object = REQUIRED
    optional: bool = False  # history a file may carry: absent means "not known", with no warning


@dataclass(frozen=True)
class LayerSpec:
    """One layer: its geometry family, its id column and its columns."""

    name: str
    geometry: str  # "Polygon", "Point" or "LineString"; Multi* of the same family is accepted
    id_column: str | None
    columns: tuple[Column, ...]
    required: bool = True
    may_be_empty: bool = True
    extra: dict = field(default_factory=dict)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


GRIDS = LayerSpec("grids", "Polygon", "grid_id", (
    Column("grid_id", "str"),
    Column("name", "str", default=SAME_AS_ID),
    Column("community", "str", default=""),
    Column("street", "str", default=""),
    Column("district", "str", default=""),
    Column("population", "int", minimum=0, default=0),
    Column("grid_worker", "str", nullable=True, default=None),
), may_be_empty=False)

SENSORS = LayerSpec("sensors", "Point", "sensor_id", (
    Column("sensor_id", "str"),
    Column("kind", "str", default="unknown"),
    Column("status", "str", choices=SENSOR_STATUSES, default="normal"),
    Column("value", "float", nullable=True, default=None),
    Column("unit", "str", nullable=True, default=None),
    Column("threshold", "float", nullable=True, default=None),
))

CAMERAS = LayerSpec("cameras", "Point", "camera_id", (
    Column("camera_id", "str"),
    Column("heading_deg", "float", minimum=0, maximum=360, default=0.0),
    Column("fov_deg", "float", minimum=0, maximum=360, default=360.0),
    Column("range_m", "float", minimum=0, default=50.0),
    Column("status", "str", choices=CAMERA_STATUSES, default="online"),
    # where the video comes from: a file path, rtsp:// or http(s):// (GB/T 28181 platforms hand out RTSP)
    Column("stream_url", "str", nullable=True, default=None, optional=True),
))

INCIDENTS = LayerSpec("incidents", "Point", "incident_id", (
    Column("incident_id", "str"),
    Column("category", "str", default="public_facility"),
    Column("severity", "int", minimum=1, maximum=4, default=2),
    Column("status", "str", choices=INCIDENT_STATUSES, default="closed"),
    Column("source", "str", choices=INCIDENT_SOURCES, default="hotline"),
    Column("reported_at", "datetime"),
    Column("grid_id", "str", nullable=True, default=None),
    # the closed loop's outcome, where the file keeps it (analysis: closure on time, satisfaction)
    Column("closed_at", "datetime", nullable=True, default=None, optional=True),
    Column("satisfaction", "float", minimum=1, maximum=5, nullable=True, default=None, optional=True),
))

ROADS = LayerSpec("roads", "LineString", None, (
    Column("road_class", "str", choices=ROAD_CLASSES, default="local"),
    Column("name", "str", nullable=True, default=None),
), required=False)

WATER = LayerSpec("water", "Polygon", None, (Column("name", "str", nullable=True, default=None),), required=False)

BUILDINGS = LayerSpec("buildings", "Polygon", None, (
    Column("floors", "int", minimum=0, nullable=True, default=None),
), required=False)

RISK_SITES = LayerSpec("risk_sites", "Point", "site_id", (
    Column("site_id", "str"),
    Column("kind", "str", choices=RISK_SITE_KINDS),
    Column("level", "str", choices=RISK_LEVELS),
), required=False)

SHELTERS = LayerSpec("shelters", "Point", "shelter_id", (
    Column("shelter_id", "str"),
    Column("name", "str", default=SAME_AS_ID),
    Column("capacity", "int", minimum=0, default=0),
), required=False)

BOUNDARY = LayerSpec("district_boundary", "Polygon", None, (Column("name", "str", nullable=True, default=None),),
                     required=False)

CORE_LAYERS = (GRIDS, SENSORS, CAMERAS, INCIDENTS)
CONTEXT_LAYERS = (ROADS, WATER, BUILDINGS, RISK_SITES, SHELTERS, BOUNDARY)
ALL_LAYERS = CORE_LAYERS + CONTEXT_LAYERS
LAYERS = {spec.name: spec for spec in ALL_LAYERS}
POINT_LAYERS = ("sensors", "cameras", "incidents")
