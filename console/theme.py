"""The console's themes: kept in :mod:`widgets.theme`, where a panel run alone finds them too."""
from widgets.theme import (
    CJK_FAMILIES,
    ICONS_DIR,
    REFERENCE_DISTANCE_M,
    REFERENCE_HEIGHT,
    THEMES_DIR,
    apply_theme,
    console_font,
    mode_colours,
    palettes,
    panel_surface,
    reset_application_theme,
    set_window_font,
    smallest_text_px,
    structure_sheet,
    type_sizes,
    ui_scale_for,
)

__all__ = ["CJK_FAMILIES", "ICONS_DIR", "REFERENCE_DISTANCE_M", "REFERENCE_HEIGHT", "THEMES_DIR", "apply_theme",
           "console_font", "mode_colours", "palettes", "panel_surface", "reset_application_theme", "set_window_font", "smallest_text_px",
           "structure_sheet", "type_sizes", "ui_scale_for"]
