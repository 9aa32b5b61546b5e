"""What arrives on a feed, and the parsers that turn it into reports and readings.

Three formats: newline-delimited GeoJSON Features (the simulator and ``--feed tcp://``),
Open311 GeoReport v2 service requests (JSON) and CAP 1.2 alerts (XML) from ``--inbox``.
A parser either returns what it understood or raises :class:`FeedError` whose message
says what is wrong; it never guesses a location.
"""
from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime

from shapely.geometry import Polygon

from geodata.localtime import (
    CST,  # a time without an offset is read as China Standard Time
)
from geodata.schema import INCIDENT_CATEGORIES, INCIDENT_SOURCES, INCIDENT_STATUSES

MAX_PAYLOAD = 1_000_000  # characters; longer messages are rejected unread


class FeedError(ValueError):
    """A message that cannot be accepted; the text is the reason stored with it."""


@dataclass(frozen=True)
class RawMessage:
    """One message as received: ``channel`` says how to parse it, ``origin`` where it came from."""

    channel: str   # "simulator", "tcp", "open311" or "cap"
    payload: str
    origin: str = ""
    problem: str | None = None  # already known to be unusable (not UTF-8, too long): the reason
    seq: int = 0    # TCP: the line's number on its connection (1, 2, ...), which the acknowledgement names
    link: int = 0   # TCP: which connection it came on; an answer for a closed one is not sent
    crs: str | None = None  # what the feed declared its coordinates in ("gcj02", "bd09", "EPSG:4490"); None: WGS84


@dataclass(frozen=True)
class Report:
    """An incident as a feed reported it, before it is placed in a grid."""

    category: str
    severity: int
    source: str
    lon: float
    lat: float
    reported_at: datetime | None = None
    incident_id: str | None = None
    status: str = "reported"
    description: str = ""


@dataclass(frozen=True)
class ReadingReport:
    sensor_id: str
    value: float
    at: datetime | None = None


@dataclass(frozen=True)
class Cancel:
    """The sender withdrew an earlier alert (CAP msgType Cancel)."""

    incident_id: str
    note: str


Parsed = Report | ReadingReport | Cancel


FEED_CRS = ("gcj02", "bd09", "EPSG:4326", "EPSG:4490")  # lon/lat systems a feed may declare


def check_feed_crs(text: str | None) -> str | None:
    """A feed's declared coordinates: GCJ-02 or BD-09 (phone map apps), WGS84 or CGCS2000."""
    if text is None:
        return None
    key = text.strip().lower().replace("-", "").replace("_", "")
    named = {"gcj02": "gcj02", "bd09": "bd09", "wgs84": "EPSG:4326", "4326": "EPSG:4326", "epsg4326": "EPSG:4326",
             "cgcs2000": "EPSG:4490", "4490": "EPSG:4490", "epsg4490": "EPSG:4490"}.get(key.replace(":", ""))
    if named is None:
        raise FeedError(f"feed crs {text!r} must be one of gcj02, bd09, EPSG:4326 (WGS84) or EPSG:4490 (CGCS2000)")
    return named


MAX_NUMBER_DIGITS = 40   # a JSON number longer than this is nobody's coordinate or value
YEARS = (2000, 2100)     # a report's time outside these years is a wrong clock or a forgery


def _shown(value, limit: int = 60) -> str:
    """A value for a reason, cut short: a reason is read by a person, not a copy of the payload."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def _json_number(text: str, kind):
    if len(text) > MAX_NUMBER_DIGITS:
        raise FeedError(f"a number of {len(text):,} digits (at most {MAX_NUMBER_DIGITS})")
    return kind(text)


def _no_constant(name: str):
    raise FeedError(f"{name} is not a JSON number")


def load_json(text: str, what: str):
    """Strict JSON: numbers of sane length, no NaN/Infinity, nesting that Python can read.
    Every failure is a FeedError that says what is wrong and where."""
    try:
        return json.loads(text, parse_int=lambda t: _json_number(t, int),
                          parse_float=lambda t: _json_number(t, float), parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise FeedError(f"{what}not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise FeedError(f"{what}nested too deeply to read") from None


# ---------------------------------------------------------------------- common checks
def parse_time(value, what: str) -> datetime:
    if not isinstance(value, str):
        raise FeedError(f"{what} must be an ISO 8601 time string, not {_shown(value)}")
    try:
        t = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise FeedError(f"{what} {_shown(value)} is not an ISO 8601 time") from None
    if not YEARS[0] <= t.year <= YEARS[1]:
        raise FeedError(f"{what} {_shown(value)} is outside the years {YEARS[0]}-{YEARS[1]}")
    return t if t.tzinfo is not None else t.replace(tzinfo=CST)


def _number(value, what: str, must: str = "a JSON number") -> float:
    """A JSON number (not a string, not a boolean) as a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FeedError(f"{what} must be {must}, not {_shown(value)}")
    return float(value)


def check_lonlat(lon, lat, what: str = "coordinates", strict: bool = True) -> tuple[float, float]:
    """Longitude and latitude in degrees. ``strict``: JSON numbers only (a string is refused,
    naming the field); XML text (CAP) is read as decimal text instead."""
    if strict:
        lon, lat = _number(lon, f"{what}: longitude"), _number(lat, f"{what}: latitude")
    else:
        try:
            lon, lat = float(lon), float(lat)
        except (TypeError, ValueError):
            raise FeedError(f"{what} must be numbers, not {_shown(lon)}, {_shown(lat)}") from None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise FeedError(f"{what} are not finite: {lon}, {lat}")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise FeedError(f"{what} {lon:g}, {lat:g} are not longitude/latitude in degrees (WGS84 expected;"
                        " projected metres?)")
    return lon, lat


def _severity(value) -> int:
    must = "1-4 (a whole JSON number)"
    number = _number(value, "severity", must)
    if not number.is_integer() or not 1 <= number <= 4:
        raise FeedError(f"severity must be {must}, not {_shown(value)}")
    return int(number)


def _choice(value, choices, what: str) -> str:
    if value not in choices:
        shown = value if isinstance(value, str) and len(value) < 60 else type(value).__name__
        raise FeedError(f"unknown {what} {shown!r} (expected one of {', '.join(choices)})")
    return value


# ---------------------------------------------------------------------- GeoJSON lines
def parse_feature(line: str, default_source: str = "citizen") -> Report | ReadingReport:
    """One NDJSON line: a GeoJSON Feature that is an incident or a sensor reading.

    An incident has ``properties.category`` and ``properties.severity`` and a Point
    geometry in WGS84; optional ``incident_id`` (or the Feature's ``id``), ``source``,
    ``status``, ``reported_at`` and ``description``. A reading has ``properties.sensor_id``
    and ``properties.value``, optional ``observed_at``; its place is the sensor's.
    """
    if not line.strip():
        raise FeedError("empty line")
    if len(line) > MAX_PAYLOAD:
        raise FeedError(f"line of {len(line):,} characters is longer than {MAX_PAYLOAD:,}")
    obj = load_json(line, "")
    if not isinstance(obj, dict) or obj.get("type") != "Feature":
        got = obj.get("type") if isinstance(obj, dict) else type(obj).__name__
        raise FeedError(f"expected a GeoJSON Feature, got {got!r}")
    props = obj.get("properties")
    if not isinstance(props, dict):
        raise FeedError("Feature has no properties object")
    if "sensor_id" in props and "category" not in props:
        sensor = props["sensor_id"]
        if not isinstance(sensor, str) or not sensor:
            raise FeedError(f"sensor_id must be a non-empty string, not {sensor!r}")
        if len(sensor) > 100:
            raise FeedError(f"sensor_id {_shown(sensor)} is longer than 100 characters")
        value = _number(props.get("value"), f"reading of {sensor}: value", "a finite number (JSON)")
        if not math.isfinite(value):
            raise FeedError(f"reading of {sensor}: value must be a finite number, not {value!r}")
        at = parse_time(props["observed_at"], "observed_at") if props.get("observed_at") is not None else None
        return ReadingReport(sensor, float(value), at)
    geom = obj.get("geometry")
    if not isinstance(geom, dict) or geom.get("type") != "Point":
        got = geom.get("type") if isinstance(geom, dict) else geom
        raise FeedError(f"an incident needs a Point geometry, got {got!r}")
    coords = geom.get("coordinates")
    if not isinstance(coords, list) or len(coords) < 2:
        raise FeedError(f"Point coordinates must be [lon, lat], not {coords!r}")
    lon, lat = check_lonlat(coords[0], coords[1])
    if "category" not in props:
        raise FeedError("incident has no category")
    category = _choice(props["category"], INCIDENT_CATEGORIES, "category")
    if "severity" not in props:
        raise FeedError("incident has no severity")
    severity = _severity(props["severity"])
    source = _choice(props.get("source", default_source), INCIDENT_SOURCES, "source")
    status = _choice(props.get("status", "reported"), INCIDENT_STATUSES, "status")
    ident = props.get("incident_id", obj.get("id"))
    if ident is not None and (not isinstance(ident, (str, int)) or isinstance(ident, bool) or str(ident) == ""
                              or len(str(ident)) > 100):
        raise FeedError(f"incident_id must be a non-empty string of at most 100 characters, not {_shown(ident)}")
    at = parse_time(props["reported_at"], "reported_at") if props.get("reported_at") is not None else None
    text = props.get("description") or ""
    if not isinstance(text, str):
        raise FeedError(f"description must be text, not {type(text).__name__}")
    return Report(category, severity, source, lon, lat, at, None if ident is None else str(ident), status,
                  str(text)[:2000])


# ---------------------------------------------------------------------- Open311 GeoReport v2
OPEN311_KEYWORDS = (  # (words in service_code/service_name/description, category), first match wins
    (("gas",), "gas_leak"), (("fire", "火"), "fire_hazard"),
    (("flood", "积水", "内涝"), "flooding"), (("drain", "sewer", "water", "排水", "下水"), "water_drainage"),
    (("pothole", "road", "pavement", "sidewalk", "street repair", "路面", "道路"), "road_damage"),
    (("parking", "abandoned vehicle", "停车"), "illegal_parking"),
    (("noise", "噪音", "噪声"), "noise_nuisance"),
    (("graffiti", "trash", "garbage", "litter", "dumping", "sanitation", "垃圾", "环境卫生"), "sanitation"),
    (("construction", "building", "违建", "违章"), "illegal_construction"),
    (("vendor", "vending", "摊"), "street_vending"),
    (("dispute", "纠纷"), "neighbour_dispute"),
    (("hazard", "unsafe", "tree", "隐患"), "safety_hazard"),
    (("light", "sign", "facility", "bench", "路灯", "设施"), "public_facility"),
)


def open311_category(request: dict) -> tuple[str, str]:
    """(category, how it was chosen) from the request's service code, name and description."""
    text = " ".join(str(request.get(k) or "") for k in ("service_code", "service_name", "description")).lower()
    for words, category in OPEN311_KEYWORDS:
        if any(w in text for w in words):
            return category, ""
    return "public_facility", f"service {request.get('service_name') or request.get('service_code')!r} mapped to public_facility"


def parse_open311(text: str) -> list[Report | FeedError]:
    """A GeoReport v2 JSON document: one service request or a list of them. Each becomes a
    report or, when it cannot be placed or read, the error saying why."""
    if len(text) > MAX_PAYLOAD:
        raise FeedError(f"Open311 file of {len(text):,} characters is longer than {MAX_PAYLOAD:,}")
    doc = load_json(text, "Open311: ")
    if isinstance(doc, dict) and isinstance(doc.get("service_requests"), list):
        doc = doc["service_requests"]
    requests = doc if isinstance(doc, list) else [doc]
    if not requests:
        raise FeedError("Open311: an empty list of service requests")
    out: list[Report | FeedError] = []
    for k, req in enumerate(requests):
        try:
            out.append(_open311_request(req))
        except FeedError as exc:
            rid = req.get("service_request_id") if isinstance(req, dict) else None
            shown = rid if isinstance(rid, (str, int)) and len(str(rid)) <= 100 else f"#{k + 1}"
            out.append(FeedError(f"Open311 request {shown}: {exc}"))
    return out


def _open311_request(req) -> Report:
    if not isinstance(req, dict):
        raise FeedError(f"a service request must be a JSON object, not {type(req).__name__}")
    rid = req.get("service_request_id")
    if rid in (None, ""):
        raise FeedError("no service_request_id")
    if isinstance(rid, bool) or not isinstance(rid, (str, int)) or len(str(rid)) > 100:
        raise FeedError(f"service_request_id must be a string or integer of at most 100 characters, not {_shown(rid)}")
    if req.get("lat") in (None, "") or req.get("long") in (None, ""):
        where = req.get("address") or req.get("address_id") or "no address"
        raise FeedError(f"no lat/long; an address-only request cannot be placed on the map ({where})")
    lon, lat = check_lonlat(req["long"], req["lat"], "long/lat")
    category, note = open311_category(req)
    status = {"open": "reported", "closed": "closed"}.get(str(req.get("status", "open")).lower())
    if status is None:
        raise FeedError(f"status {req.get('status')!r} is neither 'open' nor 'closed'")
    at = parse_time(req["requested_datetime"], "requested_datetime") if req.get("requested_datetime") else None
    description = " · ".join(str(v) for v in (req.get("service_name"), req.get("description"), req.get("address"),
                                               note) if v)
    return Report(category, 2, "citizen", lon, lat, at, f"311-{rid}", status, description[:2000])


# ---------------------------------------------------------------------- CAP 1.2
CAP_NAMESPACES = ("urn:oasis:names:tc:emergency:cap:1.2", "urn:oasis:names:tc:emergency:cap:1.1")
CAP_SEVERITY = {"Extreme": 4, "Severe": 3, "Moderate": 2, "Minor": 1, "Unknown": 2}
CAP_EVENT_WORDS = ((("gas", "燃气", "煤气"), "gas_leak"), (("flood", "rain", "storm", "typhoon", "暴雨", "洪", "内涝", "台风"), "flooding"),
                   (("fire", "火"), "fire_hazard"),
                   (("landslide", "slope", "collapse", "earthquake", "滑坡", "崩塌", "地质"), "safety_hazard"))
CAP_CATEGORY = {"Geo": "safety_hazard", "Met": "flooding", "Safety": "safety_hazard", "Security": "safety_hazard",
                "Rescue": "safety_hazard", "Fire": "fire_hazard", "Health": "public_facility", "Env": "sanitation",
                "Transport": "road_damage", "Infra": "public_facility", "CBRNE": "gas_leak", "Other": "safety_hazard"}


def parse_cap(text: str) -> list[Report | Cancel]:
    """A CAP 1.2 ``<alert>``: an actual Alert/Update becomes a report at the centre of its
    first circle or polygon; a Cancel withdraws the alerts it references."""
    if len(text) > MAX_PAYLOAD:
        raise FeedError(f"CAP file of {len(text):,} characters is longer than {MAX_PAYLOAD:,}")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise FeedError(f"CAP: not well-formed XML: {exc}") from None
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if root.tag.split("}")[-1] != "alert" or ns not in CAP_NAMESPACES:
        raise FeedError(f"CAP: root element must be <alert> in namespace {CAP_NAMESPACES[0]}, got {root.tag!r}")

    def child(el, name):
        return el.find(f"{{{ns}}}{name}")

    def text_of(el, name, required=True):
        c = child(el, name)
        value = (c.text or "").strip() if c is not None else ""
        if required and not value:
            raise FeedError(f"CAP: <{name}> is missing")
        return value

    identifier = text_of(root, "identifier")
    status = text_of(root, "status")
    if status != "Actual":
        raise FeedError(f"CAP alert {identifier}: status {status} is not an actual alert")
    msg_type = text_of(root, "msgType")
    sent = parse_time(text_of(root, "sent"), "CAP <sent>")
    if msg_type == "Cancel":
        refs = text_of(root, "references").split()
        ids = [f"CAP-{r.split(',')[1]}" for r in refs if len(r.split(",")) == 3]
        if not ids:
            raise FeedError(f"CAP cancel {identifier}: <references> must hold sender,identifier,sent triplets")
        return [Cancel(i, f"cancelled by CAP {identifier} ({text_of(root, 'note', False) or 'no note'})") for i in ids]
    if msg_type not in ("Alert", "Update"):
        raise FeedError(f"CAP alert {identifier}: msgType {msg_type} carries no incident")
    infos = root.findall(f"{{{ns}}}info")
    if not infos:
        raise FeedError(f"CAP alert {identifier}: no <info> block")
    info = next((i for i in infos if text_of(i, "language", False).lower().startswith("zh")), infos[0])
    event = text_of(info, "event")
    severity = CAP_SEVERITY.get(text_of(info, "severity"))
    if severity is None:
        raise FeedError(f"CAP alert {identifier}: severity {text_of(info, 'severity')!r} is not a CAP severity")
    lon_lat = None
    for area in info.findall(f"{{{ns}}}area"):
        lon_lat = _cap_area_centre(area, ns)
        if lon_lat is not None:
            break
    if lon_lat is None:
        raise FeedError(f"CAP alert {identifier}: no <area> with a <circle> or <polygon> to place it")
    categories = [c.text.strip() for c in info.findall(f"{{{ns}}}category") if c.text]
    words = event.lower()
    category = next((cat for ws, cat in CAP_EVENT_WORDS if any(w in words for w in ws)),
                    CAP_CATEGORY.get(categories[0] if categories else "Other", "safety_hazard"))
    headline = text_of(info, "headline", False)
    description = " · ".join(v for v in (event, headline, text_of(info, "areaDesc", False)) if v)
    return [Report(category, severity, "alert", lon_lat[0], lon_lat[1], sent, f"CAP-{identifier}", "reported",
                   description[:2000])]


_PAIR = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)")


def _cap_area_centre(area, ns: str) -> tuple[float, float] | None:
    """Centre of the area's first circle ("lat,lon radius_km"), else of its first polygon
    ("lat,lon lat,lon ..."; CAP puts latitude first)."""
    circle = area.find(f"{{{ns}}}circle")
    if circle is not None and circle.text:
        m = _PAIR.match(circle.text)
        if not m:
            raise FeedError(f"CAP <circle> {circle.text.strip()!r} is not 'lat,lon radius'")
        return check_lonlat(m.group(2), m.group(1), "CAP circle centre", strict=False)
    polygon = area.find(f"{{{ns}}}polygon")
    if polygon is not None and polygon.text:
        pts = []
        for pair in polygon.text.split():
            lat_lon = pair.split(",")
            if len(lat_lon) != 2:
                raise FeedError(f"CAP <polygon> point {pair!r} is not 'lat,lon'")
            pts.append(check_lonlat(lat_lon[1], lat_lon[0], "CAP polygon point", strict=False))
        if len(pts) < 4:
            raise FeedError(f"CAP <polygon> needs at least 4 points, has {len(pts)}")
        c = Polygon(pts).representative_point()  # inside even for a concave area
        return c.x, c.y
    return None
