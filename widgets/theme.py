"""Themes: a QSS per mode from resources/themes, with type sizes that follow the window size."""
from __future__ import annotations

from pathlib import Path
from string import Template

from geodata.modes import Mode

THEMES_DIR = Path(__file__).resolve().parent.parent / "resources" / "themes"
ICONS_DIR = THEMES_DIR.parent / "icons"
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei")
REFERENCE_HEIGHT = 2160  # a 4K wall


REFERENCE_DISTANCE_M = 3.0  # read from three metres


def ui_scale_for(height: int, viewing_distance_m: float = REFERENCE_DISTANCE_M) -> float:
    """Sizes are designed for a 2160-pixel-high wall read from 3 m: a smaller window scales
    down (not below half), a wall read from further away scales up with the distance, so text
    keeps its visual angle."""
    distance = min(max(float(viewing_distance_m), 0.5), 12.0)
    return max(0.5, min(3.0, height / REFERENCE_HEIGHT * distance / REFERENCE_DISTANCE_M))


def smallest_text_px(mode: Mode, height: int, viewing_distance_m: float = REFERENCE_DISTANCE_M) -> int:
    """The smallest text the console sets (its body text) at this size and distance."""
    return type_sizes(mode, ui_scale_for(height, viewing_distance_m))["base_px"]


def type_sizes(mode: Mode, scale: float) -> dict[str, int]:
    """Pixel sizes of body text, titles and the banner; emergency reads from further away."""
    base = 26 if mode is Mode.NORMAL else 34
    return {
        "base_px": max(12, round(base * scale)),
        "title_px": max(14, round(base * 1.3 * scale)),
        "banner_px": max(16, round(base * 1.9 * scale)),
        "pad_px": max(2, round(6 * scale)),
        "pad2_px": max(4, round(14 * scale)),
        "ind_px": max(13, round(base * 0.9 * scale)),
    }


def stylesheet(mode: Mode, scale: float) -> str:
    text = (THEMES_DIR / f"{mode.value}.qss").read_text(encoding="utf-8")
    return Template(text).substitute(type_sizes(mode, scale), icons=ICONS_DIR.as_posix())
