"""Everything in both languages: geodata's coded messages translated, tooltips retranslated on
a switch, every time with its zone, the symbols drawn (no emoji left to show as a box)."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from console import i18n
from console.main_window import MainWindow
from console.messages import tr_message
from geodata.messages import CATALOGUE, message
from geodata.plan import edits
from geodata.plan.edits import EditError
from widgets.clock import zoned

CJK = re.compile(r"[\u3400-\u9fff]")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, demo_district, tmp_path):
    i18n.install_language("en")
    w = MainWindow(demo_district, operator="tester", role="viewer",
                   settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(w)
    w.resize(1600, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    i18n.install_language("en")


def tooltips(window) -> dict[str, str]:
    out = {}
    for act in window.findChildren(QAction):
        if act.toolTip() and act.toolTip() != act.text():
            out[f"action {act.text()!r}"] = act.toolTip()
    for widget in window.findChildren(QWidget):
        if widget.toolTip():
            out[f"{type(widget).__name__} {widget.objectName()!r}"] = widget.toolTip()
    return out


def test_a_switch_back_to_english_leaves_no_chinese_tooltip(window):
    w = window
    w.set_language("zh_CN")
    chinese = {k: v for k, v in tooltips(w).items() if CJK.search(v)}
    assert any("不能" in v or "无权" in v or "角色" in v for v in chinese.values()), chinese  # a refusal, in Chinese
    w.set_language("en")
    left = {k: v for k, v in tooltips(w).items() if CJK.search(v) and w.district.name not in v}
    assert not left, left
    assert "may not do this" in w.act_declare.toolTip()


def test_geodata_messages_carry_codes_and_the_console_translates_them(window, demo_district):
    from geodata.plan.model import GridPlan
    plan = GridPlan(demo_district, window.index)
    with pytest.raises(EditError) as caught:
        edits.merge_grids(plan, [0])
    exc = caught.value
    assert exc.message.code == "edit.merge_two" and str(exc) == "select at least two grids to merge"
    i18n.install_language("zh_CN")
    try:
        shown = tr_message(exc)
        assert CJK.search(shown) and shown != str(exc)
        state = tr_message(message("feed.retrying", seconds="2.0", why="connection refused"))
        assert "2.0" in state and "connection refused" in state and CJK.search(state)
        untranslated = [code for code, text in CATALOGUE.items() if tr_message(message(code, **{
            k: "X" for k in re.findall(r"{(\w+)}", text)})) == text.format(**{k: "X" for k in re.findall(r"{(\w+)}", text)})]
        assert not untranslated, untranslated
    finally:
        i18n.install_language("en")
    assert tr_message(exc) == "select at least two grids to merge"


def test_every_time_carries_the_district_zone_whatever_the_machine_zone(window, monkeypatch):
    t = datetime(2026, 11, 23, 2, 5, tzinfo=timezone.utc)
    assert zoned(t) == "10:05 CST"
    i18n.install_language("zh_CN")
    try:
        assert zoned(t) == "北京时间 10:05"
    finally:
        i18n.install_language("en")
    header = window.incident_list.model.headerData(0, Qt.Horizontal, Qt.DisplayRole)
    assert "CST" in header
    assert "CST (UTC+8)" in window.duty_label.text()


def test_no_emoji_symbol_is_left_in_the_console_text():
    emoji = re.compile("[\U0001F300-\U0001FAFF]")  # pictographs: no font on a wall machine may have them
    found = []
    for folder in ("console", "widgets", "layers"):
        for path in (ROOT / folder).glob("*.py"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if emoji.search(line) and not line.lstrip().startswith("#"):
                    found.append(f"{path.name}:{n}")
    assert not found, found
