"""The situation report: a folium HTML map that opens offline (Leaflet inlined, no tiles),
a summary.json and the command log, in a dated folder. The console adds its PNG."""
from __future__ import annotations

import csv
import json
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import shapely

from geodata.emergency.picture import LEVELS, Picture
from geodata.emergency.record import LogEntry
from geodata.localtime import CST
from geodata.textsafe import csv_cell, js_template_text

if TYPE_CHECKING:
    import folium

LEAFLET = Path(__file__).resolve().parents[2] / "resources" / "vendor" / "leaflet"
RING_COLOURS = ("#d50000", "#ff6d00", "#ffd600", "#ffea00")


def report_folder(base: str | Path, picture: Picture, when: datetime) -> Path:
    """``base/YYYY-MM-DD/HHMMSS-type``: one folder per report, sorted by date."""
    local = when.astimezone(CST)
    folder = Path(base) / local.strftime("%Y-%m-%d") / f"{local.strftime('%H%M%S')}-{picture.type}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_report(folder: Path, picture: Picture, district, log: list[LogEntry], title: str) -> dict[str, Path]:
    """Write map.html, summary.json and command_log.csv into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    summary = picture.summary()
    paths = {"summary": folder / "summary.json", "map": folder / "map.html", "log": folder / "command_log.csv"}
    paths["summary"].write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    with paths["log"].open("w", newline="", encoding="utf-8-sig") as f:  # BOM: Excel reads Chinese correctly
        w = csv.writer(f)
        w.writerow(["time", "who", "kind", "text"])
        for e in log:
            w.writerow([e.at.astimezone(CST).isoformat(timespec="seconds"), csv_cell(e.who), csv_cell(e.kind),
                        csv_cell(e.text)])
    paths["map"].write_text(offline_html(situation_map(picture, district, log, title)), encoding="utf-8")
    return paths


def situation_map(picture: Picture, district, log: list[LogEntry], title: str) -> folium.Map:
    import folium  # when a report is written: importing it costs the console's start ~0.3 s

    lon, lat = picture.point
    m = folium.Map(location=[lat, lon], zoom_start=14, tiles=None, control_scale=True, prefer_canvas=True)
    affected = set(picture.affected_grid_ids())
    grids = district.grids.to_crs("EPSG:4326")
    outline = shapely.coverage_union_all(grids.geometry.values)
    folium.GeoJson(shapely.geometry.mapping(outline), name="district",
                   style_function=lambda _: {"color": "#1b2838", "weight": 3, "fillColor": "#f4f1ea",
                                             "fillOpacity": 1.0}).add_to(m)
    hit = grids[grids["grid_id"].isin(affected)][["grid_id", "name", "population", "grid_worker", "geometry"]].copy()
    for col in ("grid_id", "name", "grid_worker"):  # the tooltip sets them as innerHTML
        hit[col] = hit[col].map(js_template_text)
    if len(hit):
        folium.GeoJson(hit.to_json(), name="affected grids",
                       style_function=lambda _: {"color": "#37474f", "weight": 1, "fillColor": "#90a4ae",
                                                 "fillOpacity": 0.35},
                       tooltip=folium.GeoJsonTooltip(["grid_id", "name", "population", "grid_worker"])).add_to(m)
    for k, zone in reversed(list(enumerate(picture.zones))):
        folium.GeoJson(shapely.geometry.mapping(zone.geometry_lonlat), name=f"{zone.radius_m:.0f} m",
                       style_function=lambda _, c=RING_COLOURS[k % 4]: {"color": c, "weight": 3, "fillColor": c,
                                                                        "fillOpacity": 0.08},
                       tooltip=js_template_text(f"{zone.radius_m:.0f} m · {len(zone.grid_ids)} grids · "
                                                f"{zone.population:,} people · {len(zone.sensor_ids)} sensors · "
                                                f"{len(zone.site_ids)} risk sites")).add_to(m)
    _points(m, district, "sensors", "sensor_id", set(picture.zones[-1].sensor_ids) if picture.zones else set(),
            lambda r: "#e0161b" if r["status"] == "alarm" else "#2e7d32", "sensor")
    _points(m, district, "risk_sites", "site_id", set(picture.zones[-1].site_ids) if picture.zones else set(),
            lambda r: "#6a1b9a", "risk site")
    cams = {c for c, _ in picture.cameras}
    _points(m, district, "cameras", "camera_id", cams, lambda r: "#0d47a1", "camera sees the focus")
    for s in picture.shelters:
        folium.Marker([s["lat"], s["lon"]],
                      tooltip=js_template_text(f"{s['name']} · {s['capacity']:,} · {s['distance_m']:.0f} m"),
                      icon=folium.DivIcon(html="<div style='font-size:22px;color:#00695c'>&#9873;</div>")).add_to(m)
    folium.CircleMarker([lat, lon], radius=12, color="#000000", weight=3, fill=True, fill_color="#ff1744",
                        fill_opacity=1, tooltip=js_template_text(f"{picture.type} · level {LEVELS[picture.level]}")).add_to(m)
    rows = "".join(f"<tr><td>{e.at.astimezone(CST).strftime('%m-%d %H:%M:%S')}</td><td>{js_template_text(e.who)}</td>"
                   f"<td>{js_template_text(e.kind)}</td><td>{js_template_text(e.text)}</td></tr>" for e in log)
    panel = (f"<div style='position:fixed;top:10px;right:10px;z-index:1000;background:#fff;padding:10px;"
             f"max-width:520px;max-height:45%;overflow:auto;font:14px sans-serif;border:2px solid #d50000'>"
             f"<h3 style='margin:0 0 6px'>{js_template_text(title)}</h3>"
             f"<table style='border-collapse:collapse'>{rows}</table></div>")
    m.get_root().html.add_child(folium.Element(panel))
    folium.LayerControl().add_to(m)
    bounds = picture.zones[-1].geometry_lonlat.bounds if picture.zones else (lon, lat, lon, lat)
    m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    return m


def _points(m, district, layer: str, id_col: str, ids: set, colour, what: str) -> None:
    import folium  # when a report is written: importing it costs the console's start ~0.3 s

    frame = district.layer(layer)
    if not ids or not len(frame):
        return
    rows = frame[frame[id_col].isin(ids)]
    lon, lat = district.to_lonlat(rows.geometry.x.to_numpy(), rows.geometry.y.to_numpy())
    for (_, r), lo, la in zip(rows.iterrows(), lon, lat):
        folium.CircleMarker([float(la), float(lo)], radius=6, color="#000000", weight=1, fill=True,
                            fill_color=colour(r), fill_opacity=0.9, tooltip=js_template_text(f"{what} {r[id_col]}")).add_to(m)


def offline_html(m: folium.Map) -> str:
    """The map's HTML with Leaflet inlined and every remote script and stylesheet removed:
    it opens from a USB stick on a machine with no network."""
    page = m.get_root().render()
    page = re.sub(r"<script[^>]+src=\"https?://[^\"]+\"[^>]*>\s*</script>", "", page)
    page = re.sub(r"<link[^>]+href=\"https?://[^\"]+\"[^>]*/?>", "", page)
    js = (LEAFLET / "leaflet.js").read_text(encoding="utf-8")
    css = (LEAFLET / "leaflet.css").read_text(encoding="utf-8")
    inline = f"<style>{css}</style>\n<script>{js}</script>\n"
    return page.replace("<head>", "<head>\n" + inline, 1)
