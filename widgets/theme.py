"""Themes: one style sheet for sizes (resources/themes/structure.qss) and a palette per mode
(resources/themes/palettes.json), with type sizes that follow the window size.

A mode switch changes palettes and fonts only. Re-polishing every widget for a new style sheet
cost about 100-200 ms at 4K; a palette reaches the widgets as one event each."""
from __future__ import annotations

import json
import weakref
from functools import lru_cache
from pathlib import Path
from string import Template

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QHeaderView, QMenuBar, QStatusBar, QToolBar, QToolTip, QWidget

from geodata.modes import Mode

THEMES_DIR = Path(__file__).resolve().parent.parent / "resources" / "themes"
ICONS_DIR = THEMES_DIR.parent / "icons"
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei")
REFERENCE_HEIGHT = 2160  # a 4K wall
ROW_HEIGHT = 1.15  # a table row, in type heights: the type size changes with the mode


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


def structure_sheet(scale: float) -> str:
    """The style sheet of both modes at this scale: sizes, and the banners' fixed colours. Its
    banners and boxes take the emergency sizes, the larger, since they must read from afar."""
    text = (THEMES_DIR / "structure.qss").read_text(encoding="utf-8")
    return Template(text).substitute(type_sizes(Mode.EMERGENCY, scale), icons=ICONS_DIR.as_posix())


@lru_cache(maxsize=None)
def mode_colours(mode: Mode) -> dict[str, str | None]:
    """The named colours of a mode (window, text, bar, title, …) from palettes.json."""
    colours = json.loads((THEMES_DIR / "palettes.json").read_text(encoding="utf-8"))[mode.value]
    return dict(colours)


def _palette(window: str, text: str, disabled: str, *, base: str | None = None, base_text: str | None = None,
             alternate: str | None = None, button: str | None = None, button_text: str | None = None,
             highlight: str = "#3d6fb0", highlighted_text: str = "#ffffff") -> QPalette:
    p = QPalette()
    roles = {QPalette.Window: window, QPalette.WindowText: text, QPalette.Base: base or window,
             QPalette.AlternateBase: alternate or base or window, QPalette.Text: base_text or text,
             QPalette.Button: button or window, QPalette.ButtonText: button_text or text,
             QPalette.Highlight: highlight, QPalette.HighlightedText: highlighted_text,
             QPalette.ToolTipBase: window, QPalette.ToolTipText: text, QPalette.BrightText: "#ffffff",
             QPalette.PlaceholderText: disabled}
    for group in (QPalette.Active, QPalette.Inactive, QPalette.Disabled):
        for role, colour in roles.items():
            p.setColor(group, role, QColor(colour))
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        p.setColor(QPalette.Disabled, role, QColor(disabled))
    light, dark = QColor(window).lighter(130), QColor(window).darker(160)
    for group in (QPalette.Active, QPalette.Inactive, QPalette.Disabled):
        p.setColor(group, QPalette.Light, light)
        p.setColor(group, QPalette.Midlight, light)
        p.setColor(group, QPalette.Dark, dark)
        p.setColor(group, QPalette.Mid, QColor(disabled))
        p.setColor(group, QPalette.Shadow, QColor("#000000"))
    return p


@lru_cache(maxsize=None)
def palettes(mode: Mode) -> dict[str, QPalette]:
    """The mode's palettes by surface: panels (the application's), bars, dock titles, tooltips."""
    c = mode_colours(mode)
    panel = _palette(c["window"], c["text"], c["disabled_text"], base=c["base"], base_text=c["base_text"],
                     alternate=c["alternate_base"], button=c["header"], button_text=c["header_text"],
                     highlight=c["highlight"], highlighted_text=c["highlighted_text"])
    bar = _palette(c["bar"], c["bar_text"], c["bar_disabled_text"], base=c["base"], base_text=c["base_text"],
                   button=c["bar"], button_text=c["bar_text"], highlight=c["highlight"])
    menubar = _palette(c["menubar"], c["bar_text"], c["bar_disabled_text"], highlight=c["highlight"])
    title = _palette(c["title"], c["title_text"], c["bar_disabled_text"], button=c["title"],
                     button_text=c["title_text"], highlight=c["highlight"])
    tooltip = _palette(c["tooltip"], c["tooltip_text"], c["tooltip_text"])
    return {"panel": panel, "bar": bar, "menubar": menubar, "title": title, "tooltip": tooltip}


_panel_surfaces: weakref.WeakSet = weakref.WeakSet()  # panels that hold the panel palette wherever they go
_current_mode: list[Mode] = []


def apply_theme(root: QWidget, mode: Mode, scale: float) -> None:
    """``mode``'s look on ``root`` and the application: the style sheet (and the dialogs' type)
    only when the scale changed, then palettes: the root's for its panels, the bars' and the
    dock titles' on them, and a turn later the application's, for dialogs, menus and windows
    opened after. A panel inside a dock keeps the panel palette wherever it goes
    later (a wall page), so every panel that has been in a dock is given the new one too."""
    # Qt's style sheets otherwise freeze each widget's font at its polish: a mode's type size
    # would need the sheet set again, which is the re-polish the palettes avoid.
    QApplication.setAttribute(Qt.AA_UseStyleSheetPropagationInWidgetStyles, True)
    key = round(scale, 3)
    if root.property("structureScale") != key:
        root.setStyleSheet(structure_sheet(scale))
        root.setProperty("structureScale", key)
        # Dialogs and menus, read at the desk, take the normal type for this scale. Not per mode:
        # a new application font re-lays out and re-shapes every text of every window (60-90 ms
        # at 4K); the windows' own type is theirs to set (set_window_font).
        _keep_original_font()
        QApplication.setFont(console_font(QApplication.font(), Mode.NORMAL, scale))
    p = palettes(mode)
    _current_mode[:] = [mode]
    row = round(type_sizes(mode, scale)["base_px"] * ROW_HEIGHT)
    for header in root.findChildren(QHeaderView):
        if header.orientation() == Qt.Vertical:  # a table's rows: Qt sizes them from the style, not the type
            header.setDefaultSectionSize(row)
    QToolTip.setPalette(p["tooltip"])
    # Each widget should change palette once: the bars and dock titles first (explicit, so the
    # root's change passes them by), then the panels in docks, then the root.
    for bar in root.findChildren(QToolBar) + root.findChildren(QStatusBar):
        bar.setAutoFillBackground(True)
        bar.setPalette(p["bar"])
    for bar in root.findChildren(QMenuBar):
        bar.setAutoFillBackground(True)
        bar.setPalette(p["menubar"])
    for dock in root.findChildren(QDockWidget):
        dock.setAutoFillBackground(True)  # the title's band; the panel covers the rest
        dock.setPalette(p["title"])
        content = dock.widget()
        if content is not None:
            content.setAutoFillBackground(True)
            _panel_surfaces.add(content)
    for content in list(_panel_surfaces):
        try:
            content.setPalette(p["panel"])
        except RuntimeError:  # deleted with its window
            _panel_surfaces.discard(content)
    root.setPalette(p["panel"])
    # Dialogs, menus and windows opened later take the application's palette. Changed a turn
    # later: it visits every widget of every window, and this frame does not need it.
    _application_palette_later(p["panel"])


_later: list = []  # [QTimer, QPalette]: the application's palette, due on the next turn


def _application_palette_later(palette: QPalette) -> None:
    if not _later:
        timer = QTimer()
        timer.setSingleShot(True)
        timer.setInterval(0)
        timer.timeout.connect(lambda: QApplication.setPalette(_later[1]))
        _later[:] = [timer, palette]
    _later[1] = palette
    _later[0].start()


def panel_surface(widget: QWidget) -> None:
    """``widget`` holds a panel wherever it is put (a wall frame's scroll area): it takes the
    panel palette now and at every switch, whatever the palette it was made under."""
    _panel_surfaces.add(widget)
    if _current_mode:
        widget.setPalette(palettes(_current_mode[0])["panel"])


def console_font(font: QFont, mode: Mode, scale: float) -> QFont:
    """``font`` in the console's families (Chinese first) at ``mode``'s body size."""
    font = QFont(font)
    font.setFamilies(list(CJK_FAMILIES) + [f for f in font.families() if f not in CJK_FAMILIES])
    font.setPixelSize(type_sizes(mode, scale)["base_px"])
    return font


def set_window_font(window: QWidget, mode: Mode, scale: float) -> None:
    """A window's type for ``mode``: set on the window, it reaches its widgets at once."""
    window.setFont(console_font(window.font(), mode, scale))


_original_font: list[QFont] = []


def _keep_original_font() -> None:
    if not _original_font:
        _original_font.append(QFont(QApplication.font()))


def reset_application_theme() -> None:
    """The application's own palette and font again, once the console's windows are gone (the
    tests, between one window and the next). Not in a window's closeEvent: a palette and font
    for every widget while the window is being torn down is what Qt's style sheets crash on."""
    if _later:
        _later[0].stop()
    QApplication.setPalette(QApplication.style().standardPalette())
    if _original_font:
        QApplication.setFont(_original_font[0])
    _panel_surfaces.clear()

