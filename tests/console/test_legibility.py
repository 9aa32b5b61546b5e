"""Legible by rule: text contrast measured on what the console renders, in both themes, and
on the colours it declares (palette and style sheet pairs, severity and state cells, map labels)."""
from __future__ import annotations

import re

import numpy as np
import pytest
from pytestqt.exceptions import TimeoutError
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtWidgets import QCheckBox, QDockWidget, QLabel, QStyle, QStyleOptionButton, QToolBar, QToolButton

from console import i18n
from console.main_window import MainWindow
from console.theme import THEMES_DIR, mode_colours
from geodata.modes import Mode
from layers.style import THEMES, contrast_ratio

TEXT = 4.5      # WCAG AA for text
NON_TEXT = 3.0  # WCAG AA for the parts of a control (a checkbox's box)


@pytest.fixture
def window(qtbot, demo_district, tmp_path):
    i18n.install_language("en")
    w = MainWindow(demo_district, operator="tester",
                   settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(w)
    w.resize(1600, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


def pixels(image) -> np.ndarray:
    image = image.convertToFormat(image.Format.Format_RGB888)
    a = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return a[:, :image.width() * 3].reshape(image.height(), image.width(), 3).astype(float)


def luminance(rgb: np.ndarray) -> np.ndarray:
    c = rgb / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * c[..., 0] + 0.7152 * c[..., 1] + 0.0722 * c[..., 2]


def seen(widget):
    """The widget as the wall shows it: a toolbar button is a veil over its bar, so it is
    grabbed from the bar, not alone on nothing."""
    if isinstance(widget, QToolButton) and isinstance(widget.parentWidget(), QToolBar):
        return widget.parentWidget().grab(widget.geometry()).toImage()
    return widget.grab().toImage()


def rendered_contrast(qtbot, widget, set_text) -> float:
    """Contrast of the text ``widget`` draws against what is under it: the window is grabbed
    with the text and with a blank in its place; the pixels that differ are the glyphs, and
    each is compared with the same pixel without them (98th percentile: the glyphs' cores,
    not their anti-aliased edges)."""
    text = set_text(None)
    qtbot.wait(1)
    with_text = pixels(seen(widget))
    set_text(" ")
    qtbot.wait(1)
    blank = pixels(seen(widget))
    set_text(text)
    h, w = min(with_text.shape[0], blank.shape[0]), min(with_text.shape[1], blank.shape[1])
    with_text, blank = with_text[:h, :w], blank[:h, :w]  # a wrapped label is lower without its text
    glyphs = np.abs(with_text - blank).sum(axis=2) > 30
    assert glyphs.any(), f"{widget!r} drew no text for {text!r}"
    a, b = luminance(with_text[glyphs]), luminance(blank[glyphs])
    return float(np.percentile((np.maximum(a, b) + 0.05) / (np.minimum(a, b) + 0.05), 98))


def texts_of(window):
    """(name, widget, set_text) for the text a person reads on the wall: panel titles,
    labels, toolbar buttons."""
    def setter(get, put):
        return lambda v: get() if v is None else put(v)
    for dock in window.findChildren(QDockWidget):
        if dock.isVisible():
            yield f"title of {dock.objectName()}", dock, setter(dock.windowTitle, dock.setWindowTitle)
    for lab in window.findChildren(QLabel):
        if lab.isVisible() and lab.text().strip() and not lab.visibleRegion().isEmpty() and lab.height() > 4:
            yield f"label {lab.objectName() or lab.text()[:24]!r}", lab, setter(lab.text, lab.setText)
    for button in window.toolbar.findChildren(QToolButton):
        if button.isVisible() and button.isEnabled() and button.text().strip():
            yield f"button {button.text()!r}", button, setter(button.text, button.setText)


@pytest.mark.parametrize("mode", [Mode.NORMAL, Mode.EMERGENCY])
def test_every_text_on_the_wall_reads_at_4_5_to_1(qtbot, window, mode):
    if mode is Mode.EMERGENCY:
        window.toggle_emergency()
    measured = {name: rendered_contrast(qtbot, widget, set_text) for name, widget, set_text in texts_of(window)}
    assert len(measured) >= 12, measured
    assert any(k.startswith("title of dock_") for k in measured)
    low = {k: round(v, 2) for k, v in measured.items() if v < TEXT}
    assert not low, f"{mode.value}: text below {TEXT}:1: {low}"


@pytest.mark.parametrize("mode", [Mode.NORMAL, Mode.EMERGENCY])
def test_a_checkbox_shows_its_box_and_its_tick(qtbot, window, mode):
    if mode is Mode.EMERGENCY:
        window.toggle_emergency()
    box = window.incident_list.findChild(QCheckBox)
    assert box is not None and box.isVisible()
    option = QStyleOptionButton()
    option.initFrom(box)
    indicator = box.style().subElementRect(QStyle.SE_CheckBoxIndicator, option, box)
    images = {}
    for state in (False, True):
        box.setChecked(state)
        qtbot.wait(1)
        images[state] = pixels(box.grab().toImage())
    box.setChecked(False)
    whole = images[False]
    values, counts = np.unique(whole.reshape(-1, 3), axis=0, return_counts=True)
    around = luminance(values[counts.argmax()])  # the panel the checkbox stands on
    r = indicator.intersected(QRect(0, 0, whole.shape[1], whole.shape[0]))
    edge = luminance(whole[r.top():r.bottom() + 1, r.left():r.right() + 1].reshape(-1, 3))
    box_contrast = float(np.max((np.maximum(edge, around) + 0.05) / (np.minimum(edge, around) + 0.05)))
    assert box_contrast >= NON_TEXT, f"{mode.value}: the unchecked box is {box_contrast:.2f}:1 on its panel"
    on, off = (images[s][r.top():r.bottom() + 1, r.left():r.right() + 1] for s in (True, False))
    assert np.abs(on - off).sum(axis=2).max() > 200, "checked and unchecked look the same"


PAIRS = [("text", "window"), ("disabled_text", "window"), ("base_text", "base"), ("base_text", "alternate_base"),
         ("highlighted_text", "highlight"), ("bar_text", "bar"), ("bar_text", "menubar"), ("title_text", "title"),
         ("header_text", "header"), ("button_text", "button"), ("tooltip_text", "tooltip")]


def blend(colour: str, rgba: tuple[int, int, int, int]) -> str:
    """``rgba`` drawn over ``colour``: the toolbar's buttons are a white veil over the mode's bar."""
    r, g, b, a = rgba
    base = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * (1 - a / 255) + v * a / 255):02x}" for c, v in zip(base, (r, g, b)))


def qss_rules() -> list[tuple[str, dict]]:
    text = re.sub(r"/\*.*?\*/", "", (THEMES_DIR / "structure.qss").read_text(encoding="utf-8"), flags=re.S)
    out = []
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
        props = dict((k.strip(), v.strip()) for k, v in (p.split(":", 1) for p in body.split(";") if ":" in p))
        out.append((selector.strip(), props))
    return out


@pytest.mark.parametrize("mode", [Mode.NORMAL, Mode.EMERGENCY])
def test_every_declared_colour_pair_reads_at_4_5_to_1(mode):
    """The mode's palette pairs, the style sheet's fixed pairs (banners, alarm strip), and the
    toolbar's white text on its veils over this mode's bar."""
    colours = mode_colours(mode)
    for fg, bg in PAIRS:
        ratio = contrast_ratio(colours[fg], colours[bg])
        assert ratio >= TEXT, f"{mode.value}: {fg} {colours[fg]} on {bg} {colours[bg]}: {ratio:.2f}:1"
    checked = 0
    for selector, props in qss_rules():
        fg, bg = props.get("color"), props.get("background")
        if bg is None or fg is None:
            continue
        if bg.startswith("rgba"):  # a veil over the bar
            if ":disabled" in selector:
                continue  # a greyed action: the test below checks that it looks disabled
            rgba = tuple(int(v) for v in re.findall(r"\d+", bg))
            bg = blend(colours["bar"], rgba)
        elif bg == "transparent":
            continue
        ratio = contrast_ratio(fg, bg)
        assert ratio >= TEXT, f"{mode.value}: {selector} is {fg} on {bg}: {ratio:.2f}:1"
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("theme", ["normal", "emergency"])
def test_severity_and_overdue_cells_and_map_labels_read(window, theme):
    palette = THEMES[theme]
    window.incident_list.set_colors(palette.severity, palette.overdue)
    model = window.incident_list.model
    columns = list(model.COLUMNS)
    sev_col = columns.index("severity")
    due_col = columns.index("due")
    seen = set()
    for row in range(model.rowCount()):
        sev = model.data(model.index(row, sev_col), Qt.DisplayRole)
        for col in (sev_col, due_col):
            index = model.index(row, col)
            bg, fg = model.data(index, Qt.BackgroundRole), model.data(index, Qt.ForegroundRole)
            if bg is None:
                continue
            ratio = contrast_ratio(fg, bg)
            assert ratio >= TEXT, f"{theme}: severity {sev} column {columns[col]}: {ratio:.2f}:1"
            seen.add((col, sev))
    assert {s for c, s in seen if c == sev_col} >= {"1", "2", "3"}, seen
    for level, colour in palette.severity.items():  # every level, whether or not the demo has one open
        from layers.style import text_on
        assert contrast_ratio(text_on(colour), colour) >= TEXT, (theme, level)
    assert contrast_ratio(palette.label, palette.label_halo) >= TEXT


def test_a_window_grown_to_a_wall_gives_its_panels_their_share(qtbot, window):
    window.resize(1280, 720)
    qtbot.wait(20)
    window.resize(3840, 2160)  # as --fullscreen on a 4K wall
    qtbot.wait(20)
    inspector, layers = window.docks["inspector"].width(), window.docks["layers"].width()
    assert inspector > 0.2 * 3840 and layers > 0.1 * 3840, (inspector, layers)
    assert window.map.width() > 0.4 * 3840
    header = window.incident_list.table.horizontalHeader()
    shown = sum(1 for c in range(header.count()) if header.sectionViewportPosition(c) + header.sectionSize(c)
                <= header.viewport().width())
    assert shown == header.count(), f"only {shown} incident columns in view"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("mode", [Mode.NORMAL, Mode.EMERGENCY])
def test_every_incident_column_reads_whole_on_a_4k_wall(qtbot, window, mode, lang):
    """At 3840×2160, in both modes and languages: no horizontal scrolling, and each column at
    least as wide as its title and its text need (nothing cut off), in type no smaller than
    README states (26 px normal, 34 px emergency)."""
    window.set_language(lang)
    window.resize(3840, 2160)
    if mode is Mode.EMERGENCY:
        window.toggle_emergency()
    table = window.incident_list.table
    header = table.horizontalHeader()

    def cut_off() -> list[str]:
        """Columns cut off or scrolled out of view, with what they have and need."""
        out = []
        for c in range(header.count()):
            title = table.model().headerData(c, Qt.Horizontal, Qt.DisplayRole)
            need = max(header.sectionSizeHint(c), table.sizeHintForColumn(c))
            right = header.sectionViewportPosition(c) + header.sectionSize(c)
            if header.sectionSize(c) < need - 1 or right > header.viewport().width():
                out.append(f"{title!r}: {header.sectionSize(c)} px of {need}, ends at {right} of "
                           f"{header.viewport().width()}")
        return out

    # the columns are sized after the frame that shows the new type, then the panel is widened
    try:
        qtbot.waitUntil(lambda: not cut_off() and table.horizontalScrollBar().maximum() == 0, timeout=3000)
    except (AssertionError, TimeoutError):
        pass
    assert not cut_off(), f"{lang} {mode.value}: {cut_off()}"
    assert table.horizontalScrollBar().maximum() == 0
    assert table.font().pixelSize() >= (34 if mode is Mode.EMERGENCY else 26)
    assert "\n" in table.model().headerData(0, Qt.Horizontal, Qt.DisplayRole)  # the zone on its own line
    assert window.map.width() > 0.4 * 3840


@pytest.mark.parametrize("mode", [Mode.NORMAL, Mode.EMERGENCY])
def test_a_disabled_action_looks_disabled_and_says_why(qtbot, window, mode):
    if mode is Mode.EMERGENCY:
        window.toggle_emergency()
    button = window.toolbar.widgetForAction(window.act_declare)
    enabled = pixels(seen(button))
    window.role = "viewer"
    window.apply_rights()
    qtbot.wait(1)
    disabled = pixels(seen(button))
    h, w = min(enabled.shape[0], disabled.shape[0]), min(enabled.shape[1], disabled.shape[1])
    changed = (np.abs(enabled[:h, :w] - disabled[:h, :w]).sum(axis=2) > 60).mean()
    assert changed > 0.3, f"{mode.value}: only {changed:.0%} of the button changed when it was disabled"
    assert "may not do this" in window.act_declare.toolTip()
    assert "may not do this" in window.planning.act_edit.toolTip() or not window.planning.act_edit.isEnabled()


@pytest.mark.parametrize("mode", [Mode.NORMAL, Mode.EMERGENCY])
@pytest.mark.parametrize("panel", ["query", "hierarchy", "governance", "hotspots", "replay"])
def test_analysis_panels_read_at_4_5_to_1(qtbot, window, mode, panel):
    """Each analysis dock, opened as an officer opens it, in both themes."""
    if mode is Mode.EMERGENCY:
        window.toggle_emergency()
    window.analysis.open(panel)
    window.map.set_tool(None)
    if panel == "hierarchy":
        window.analysis.refresh_hierarchy()
    qtbot.wait(50)
    dock = window.analysis.docks[panel]
    measured = {name: rendered_contrast(qtbot, widget, set_text) for name, widget, set_text in texts_of(window)
                if widget is dock or dock.isAncestorOf(widget)}
    assert f"title of {dock.objectName()}" in measured and len(measured) >= 2, measured
    low = {k: round(v, 2) for k, v in measured.items() if v < TEXT}
    assert not low, f"{mode.value} {panel}: text below {TEXT}:1: {low}"
    window.analysis.wait()
