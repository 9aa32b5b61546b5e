"""Which column of a foreign file fills which column of our schema.

Proposed from the names cities actually use — English, pinyin-ish and the common Chinese field
names of survey-bureau Shapefiles and platform exports — then corrected by the user
(``--map grids.name=网格名``) and saved next to the district so the next import reuses it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

# target layer -> target column -> names seen in the wild (compared case- and punctuation-blind)
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "grids": {
        "grid_id": ("grid_id", "gridid", "grid_code", "gridcode", "wgbm", "wgbh", "code", "id", "网格编码", "网格编号",
                    "网格代码", "单元网格编码", "编码", "编号"),
        "name": ("name", "grid_name", "gridname", "wgmc", "网格名称", "网格名", "名称"),
        "community": ("community", "community_name", "sqmc", "shequ", "所属社区", "社区", "社区名称", "村居", "社区(村)"),
        "street": ("street", "street_name", "jdmc", "jiedao", "town", "所属街道", "街道", "街道名称", "乡镇街道", "镇街"),
        "district": ("district", "district_name", "qxmc", "county", "所属区县", "区县", "区", "行政区"),
        "population": ("population", "pop", "rksl", "people", "residents", "人口", "人口数", "常住人口", "实有人口"),
        "grid_worker": ("grid_worker", "worker", "wgy", "网格员", "网格员姓名", "负责人"),
    },
    "sensors": {
        "sensor_id": ("sensor_id", "sensorid", "device_id", "deviceid", "devid", "id", "code", "设备编号", "设备编码",
                      "传感器编号", "编号"),
        "kind": ("kind", "type", "device_type", "sensor_type", "category", "设备类型", "类型", "传感器类型"),
        "status": ("status", "state", "设备状态", "状态"),
        "value": ("value", "reading", "last_value", "监测值", "当前值", "读数"),
        "unit": ("unit", "单位"),
        "threshold": ("threshold", "limit", "alarm_value", "报警阈值", "阈值"),
    },
    "cameras": {
        "camera_id": ("camera_id", "cameraid", "device_id", "channel_id", "gb_id", "gbid", "id", "code", "国标编码",
                      "设备编码", "摄像头编号", "点位编号", "编号"),
        "heading_deg": ("heading_deg", "heading", "azimuth", "direction", "bearing", "方向角", "朝向", "方位角"),
        "fov_deg": ("fov_deg", "fov", "angle", "view_angle", "视场角", "可视角度"),
        "range_m": ("range_m", "range", "distance", "视距", "可视距离"),
        "status": ("status", "state", "online", "在线状态", "状态"),
        "stream_url": ("stream_url", "url", "rtsp", "rtsp_url", "视频流地址", "取流地址"),
    },
    "incidents": {
        "incident_id": ("incident_id", "case_id", "event_id", "order_id", "id", "工单号", "案件编号", "事件编号", "编号"),
        "category": ("category", "type", "event_type", "case_type", "事件类型", "案件类型", "类别", "小类"),
        "severity": ("severity", "level", "priority", "紧急程度", "等级", "级别"),
        "status": ("status", "state", "处置状态", "状态"),
        "source": ("source", "channel", "来源", "事件来源", "上报渠道"),
        "reported_at": ("reported_at", "report_time", "created_at", "time", "datetime", "上报时间", "受理时间", "时间"),
        "description": ("description", "desc", "content", "详情", "描述", "问题描述", "事件描述"),
    },
    "roads": {"road_class": ("road_class", "class", "fclass", "highway", "grade", "道路等级", "等级"),
              "name": ("name", "road_name", "道路名称", "名称")},
    "water": {"name": ("name", "水系名称", "名称")},
    "buildings": {"floors": ("floors", "floor", "levels", "building_levels", "层数", "楼层")},
    "risk_sites": {"site_id": ("site_id", "id", "编号"), "kind": ("kind", "type", "类型"),
                   "level": ("level", "risk_level", "风险等级", "等级")},
    "shelters": {"shelter_id": ("shelter_id", "id", "编号"), "name": ("name", "名称", "避难场所名称"),
                 "capacity": ("capacity", "容纳人数", "容量")},
    "district_boundary": {"name": ("name", "名称")},
}
LON_NAMES = ("lon", "lng", "long", "longitude", "x", "经度", "gps_lon", "jd")
LAT_NAMES = ("lat", "latitude", "y", "纬度", "gps_lat", "wd")
WKT_NAMES = ("wkt", "geometry", "geom", "the_geom", "shape", "几何", "空间信息")


def _key(name: str) -> str:
    return re.sub(r"[\s_\-()（）]+", "", str(name)).lower()


def find_column(columns, names) -> str | None:
    """The first of ``columns`` whose name is one of ``names`` (case- and punctuation-blind),
    in the order ``names`` prefers."""
    by_key = {}
    for col in columns:
        by_key.setdefault(_key(col), col)
    for name in names:
        hit = by_key.get(_key(name))
        if hit is not None:
            return hit
    return None


def propose(layer: str, columns) -> dict[str, str]:
    """target column -> source column, for every target a source column plausibly fills.
    A source column is used for one target at most."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for target, names in SYNONYMS.get(layer, {}).items():
        hit = find_column([c for c in columns if c not in taken], names)
        if hit is not None:
            out[target] = hit
            taken.add(hit)
    return out


def parse_map_option(text: str) -> tuple[str, str, str]:
    """``LAYER.FIELD=COLUMN`` -> (layer, field, column)."""
    m = re.fullmatch(r"\s*(\w+)\.(\w+)\s*=\s*(.+?)\s*", text)
    if not m:
        raise ValueError(f"--map {text!r} must look like grids.name=网格名称 (LAYER.FIELD=COLUMN)")
    layer, target, column = m.groups()
    if layer not in SYNONYMS:
        raise ValueError(f"--map {text!r}: unknown layer {layer!r} (one of {', '.join(SYNONYMS)})")
    if target not in SYNONYMS[layer] and target not in ("lon", "lat", "wkt"):
        raise ValueError(f"--map {text!r}: layer {layer} has no field {target!r} "
                         f"(fields: {', '.join(SYNONYMS[layer])}, lon, lat, wkt)")
    return layer, target, column


def load_mapping(path: Path) -> dict[str, dict[str, str]]:
    """A mapping saved by an earlier import: {layer: {field: column}}."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or not all(isinstance(v, dict) for v in doc.get("layers", {}).values()):
        raise ValueError(f"{path}: not a GridTwin column mapping (expected {{'layers': {{layer: {{field: column}}}}}})")
    return {layer: {str(k): str(v) for k, v in fields.items()} for layer, fields in doc.get("layers", {}).items()}


def save_mapping(path: Path, mapping: dict[str, dict[str, str]], crs: dict[str, str]) -> None:
    doc = {"about": "GridTwin column mapping: which source column fills which field; reused by the next import",
           "layers": mapping, "crs": crs}
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
