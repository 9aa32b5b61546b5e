"""Colours and sizes of the map in each console theme.

Sizes are screen pixels at a 3840x2160 wall; ``scaled`` shrinks them for smaller windows.
Colours were picked for contrast on the theme's background and to keep the four kinds of
thing apart: grids are fills and lines, sensors small squares/diamonds, cameras triangles,
incidents large circles.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtGui import QColor


@dataclass(frozen=True)
class Palette:
    name: str
    background: str
    land: str
    water: str
    water_edge: str
    road: dict
    building: str
    grid_line: str
    community_line: str
    street_line: str
    district_line: str
    fill_ramp: tuple
    fill_alpha: int
    label: str
    label_halo: str
    sensor_status: dict
    camera: str
    camera_offline: str
    cone: str
    severity: dict
    closed_incident: str
    selection: str
    risk: dict
    shelter: str
    symbol_outline: str = "#1b2838"
    symbol_scale: float = 1.0
    overdue: str = "#a100f2"  # the ring around an overdue incident: no severity colour is near it


NORMAL = Palette(
    name="normal",
    background="#dfe6ec", land="#f4f1ea", water="#8fc3ea", water_edge="#4a8fc8",
    road={"trunk": ("#d9822b", 7.0), "arterial": ("#e8a657", 4.0), "local": ("#c9c3b8", 1.6)},
    building="#d3cbbd",
    grid_line="#7a8794", community_line="#3d4b5c", street_line="#1b2838", district_line="#0d1620",
    fill_ramp=("#eef5fb", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
    fill_alpha=150,
    label="#0d1620", label_halo="#ffffff",
    sensor_status={"normal": "#2e9e5b", "warning": "#f0a202", "alarm": "#e0161b", "offline": "#8a8f96"},
    camera="#5b3fb8", camera_offline="#9a96a8", cone="#5b3fb8",
    severity={1: "#f2c94c", 2: "#f2994a", 3: "#eb5757", 4: "#b00020"},
    closed_incident="#9aa3ad",
    selection="#00e5ff",
    risk={"high": "#c2185b", "medium": "#ef6c00", "low": "#9e9d24"},
    shelter="#00897b",
)

EMERGENCY = replace(
    NORMAL,
    name="emergency",
    background="#07090c", land="#12161c", water="#12395e", water_edge="#2f6ea8",
    road={"trunk": ("#6b4a2a", 7.0), "arterial": ("#4a3c2c", 4.0), "local": ("#2a2e34", 1.6)},
    building="#262b33",
    grid_line="#3a4350", community_line="#5c6878", street_line="#8a98aa", district_line="#ff3b30",
    fill_ramp=("#151a21", "#1a212b", "#1f2935", "#243140", "#2a394a", "#304255"),
    fill_alpha=255,
    label="#f5f7fa", label_halo="#000000",
    sensor_status={"normal": "#2f6b48", "warning": "#ffb300", "alarm": "#ff1744", "offline": "#4a4f56"},
    camera="#8c7ae6", camera_offline="#4a4858", cone="#b39dff",
    severity={1: "#ffd54f", 2: "#ff9100", 3: "#ff3d00", 4: "#ff1744"},
    closed_incident="#3a4048",
    selection="#00e5ff",
    risk={"high": "#ff4081", "medium": "#ffab40", "low": "#d4e157"},
    shelter="#1de9b6",
    symbol_outline="#000000",
    overdue="#ea80fc",
    symbol_scale=1.25,
)

THEMES = {"normal": NORMAL, "emergency": EMERGENCY}


def qcolor(hex_or_color, alpha: int | None = None) -> QColor:
    c = QColor(hex_or_color)
    if alpha is not None:
        c.setAlpha(alpha)
    return c


def relative_luminance(color) -> float:
    """WCAG 2 relative luminance of a colour (hex or QColor)."""
    c = QColor(color)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast_ratio(a, b) -> float:
    """WCAG 2 contrast ratio between two colours, 1 to 21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def text_on(background) -> str:
    """Black or white, whichever reads better on ``background`` (a severity or state fill)."""
    return "#000000" if contrast_ratio("#000000", background) >= contrast_ratio("#ffffff", background) else "#ffffff"
