"""Replay: a chosen period's incidents played on the map at ×60 to ×3600, and the same period
compared under the active plan and a saved plan version, grid by grid."""
from __future__ import annotations

import time
from datetime import datetime, timedelta

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from geodata.analysis import replay
from geodata.localtime import CST
from widgets.clock import with_zone, zoned
from widgets.panel import Panel
from widgets.plain_text import PlainLabel
from widgets.query_panel import zoned_edit
from widgets.tables import fill, number, results_table

TICK_MS = 100
STEPS = 1000


class ReplayPanel(Panel):
    """``frameShown(rows, fresh)``: the history rows the replay has reached and which are new;
    ``stopped`` when the replay is closed; ``compareRequested(version)`` for a plan comparison."""

    frameShown = Signal(object, object)
    stopped = Signal()
    compareRequested = Signal(int)

    def __init__(self, history_source, now: datetime | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("replayPanel")
        self.history_source = history_source
        self.history = None
        self.rows = np.zeros(0, dtype=np.int64)
        self.clock: replay.ReplayClock | None = None
        now = now or datetime.now(CST)
        self.since = zoned_edit(now - timedelta(days=7))
        self.until = zoned_edit(now)
        self.speed = QComboBox()
        self.play = QPushButton()
        self.play.setObjectName("replayPlay")
        self.play.setCheckable(True)
        self.play.toggled.connect(self._on_play)
        self.stop = QPushButton()
        self.stop.clicked.connect(self.close_replay)
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setRange(0, STEPS)
        self.slider.sliderMoved.connect(self._on_seek)
        self.at_label = PlainLabel()
        self.at_label.setObjectName("replayTime")
        self.version = QComboBox()
        self.compare = QPushButton()
        self.compare.clicked.connect(lambda: self.version.currentData() is not None and
                                     self.compareRequested.emit(int(self.version.currentData())))
        self.summary = {k: PlainLabel() for k in ("active", "proposed")}
        self.tables = {k: results_table() for k in ("active", "proposed")}
        self.message = PlainLabel()
        self.message.setWordWrap(True)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self._last = 0.0
        self.labels = {k: PlainLabel() for k in ("from", "to", "speed")}
        form = QGridLayout()
        form.addWidget(self.labels["from"], 0, 0)
        form.addWidget(self.since, 0, 1)
        form.addWidget(self.labels["to"], 1, 0)
        form.addWidget(self.until, 1, 1)
        form.addWidget(self.labels["speed"], 2, 0)
        form.addWidget(self.speed, 2, 1)
        controls = QHBoxLayout()
        controls.addWidget(self.play, 1)
        controls.addWidget(self.stop)
        plans = QHBoxLayout()
        plans.addWidget(self.version, 1)
        plans.addWidget(self.compare)
        sides = QSplitter(Qt.Horizontal)
        for key in ("active", "proposed"):
            side = QWidget()
            box = QVBoxLayout(side)
            box.setContentsMargins(0, 0, 0, 0)
            self.summary[key].setWordWrap(True)
            box.addWidget(self.summary[key])
            box.addWidget(self.tables[key], 1)
            sides.addWidget(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        layout.addLayout(controls)
        layout.addWidget(self.slider)
        layout.addWidget(self.at_label)
        layout.addLayout(plans)
        layout.addWidget(sides, 1)
        layout.addWidget(self.message)
        self.retranslate()

    # ------------------------------------------------------------------ playing
    def period(self) -> tuple[float, float]:
        return float(self.since.dateTime().toSecsSinceEpoch()), float(self.until.dateTime().toSecsSinceEpoch())

    def start(self) -> bool:
        """(Re)load the period from the history and stand at its start."""
        try:
            start, end = self.period()
            self.clock = replay.ReplayClock(start, end, speed=int(self.speed.currentData()))
        except ValueError as exc:
            self.message.setText(str(exc))
            return False
        self.history = self.history_source()
        self.rows = replay.period_rows(self.history, start, end)
        self.message.setText(self.tr("%1 incidents in the period").replace("%1", f"{len(self.rows):,}"))
        self._show()
        return True

    def _on_play(self, playing: bool) -> None:
        if playing:
            if self.clock is None or self.clock.at >= self.clock.end or self.clock.start != self.period()[0] \
                    or self.clock.end != self.period()[1]:
                if not self.start():
                    self.play.setChecked(False)
                    return
            self.clock.speed = int(self.speed.currentData())
            self._last = time.monotonic()
            self.timer.start()
        else:
            self.timer.stop()
        self._label_play()

    def _tick(self) -> None:
        now = time.monotonic()
        self.clock.speed = int(self.speed.currentData())
        going = self.clock.advance(now - self._last)
        self._last = now
        self._show()
        if not going:
            self.play.setChecked(False)

    def step(self, real_s: float) -> None:
        """Advance as if ``real_s`` seconds had passed (what the timer does; tests call it)."""
        if self.clock is None and not self.start():
            return
        self.clock.advance(real_s)
        self._show()

    def _on_seek(self, value: int) -> None:
        if self.clock is None and not self.start():
            return
        self.clock.seek(value / STEPS)
        self._show()

    def _show(self) -> None:
        seen, fresh = replay.shown_at(self.history, self.rows, self.clock.at)
        self.slider.blockSignals(True)
        self.slider.setValue(round(self.clock.fraction * STEPS))
        self.slider.blockSignals(False)
        self.at_label.setText(self.tr("%1 · %2 incidents so far · ×%3")
                              .replace("%1", zoned(self.clock.at, "%Y-%m-%d %H:%M"))
                              .replace("%2", f"{len(seen):,}").replace("%3", str(self.clock.speed)))
        self.frameShown.emit(seen, fresh)

    def close_replay(self) -> None:
        self.play.setChecked(False)
        self.timer.stop()
        self.clock = None
        self.at_label.setText("")
        self.stopped.emit()

    # ------------------------------------------------------------------ plans
    def set_versions(self, versions: list[tuple[int, str]]) -> None:
        self.version.clear()
        for v, text in versions:
            self.version.addItem(text, v)
        self.compare.setEnabled(bool(versions))
        self.version.setPlaceholderText(self.tr("No saved plan versions to compare with"))

    def show_comparison(self, active, proposed, summary: dict, names: tuple[str, str]) -> None:
        heads = [self.tr("Grid"), self.tr("Name"), self.tr("Grid worker"), self.tr("Incidents"), self.tr("Open hours"), self.tr("× mean")]
        for key, table, name in (("active", active, names[0]), ("proposed", proposed, names[1])):
            s = summary[key]
            self.summary[key].setText(self.tr("%1: %2 grids, %3 incidents; busiest %4× the mean, %5 grids over 1.5×")
                                      .replace("%1", name).replace("%2", str(s["grids"]))
                                      .replace("%3", f"{s['incidents']:,}")
                                      .replace("%4", f"{s['max_over_mean']:.2f}").replace("%5", str(s["overloaded"])))
            fill(self.tables[key], heads,
                 [[r.grid_id, r.name, r.grid_worker or "–", number(r.incidents), number(r.open_hours, 1),
                   number(r.share_of_mean, 2)] for r in table.itertuples()])

    # ------------------------------------------------------------------ text
    def _label_play(self) -> None:
        self.play.setText(self.tr("Pause") if self.play.isChecked() else self.tr("Play"))

    def retranslate(self) -> None:
        speed = self.speed.currentData() or 600
        self.speed.clear()
        for s in replay.SPEEDS:
            self.speed.addItem(self.tr("×%1 (an hour in %2)").replace("%1", str(s))
                               .replace("%2", self.tr("%1 s").replace("%1", f"{3600 / s:g}")), s)
        self.speed.setCurrentIndex(max(0, self.speed.findData(speed if speed in replay.SPEEDS else 900)))
        self.labels["from"].setText(with_zone(self.tr("From")))
        self.labels["to"].setText(with_zone(self.tr("To")))
        self.labels["speed"].setText(self.tr("Speed"))
        self.stop.setText(self.tr("Close replay"))
        self.compare.setText(self.tr("Compare with the active plan"))
        self._label_play()



def main() -> int:
    from geodata.analysis.history import IncidentHistory
    from geodata.demo import HISTORY_END
    from widgets.standalone import run_alone

    def build(district, index):
        h = IncidentHistory.of(district, index)
        panel = ReplayPanel(lambda: h, now=HISTORY_END)
        panel.start()
        panel.step(20.0)
        # alone, without saved versions: the same period if every community were one grid
        merged = district.communities.assign(grid_id=lambda f: f["community"], name=lambda f: f["community"],
                                             grid_worker="")
        a, b, s = replay.compare(h, *panel.period(), district.grids, merged)
        panel.set_versions([])
        panel.show_comparison(a, b, s, (panel.tr("Active plan"), panel.tr("One grid per community")))
        return panel

    return run_alone(build, "GridTwin — replay", (1500, 1100))


if __name__ == "__main__":
    raise SystemExit(main())
