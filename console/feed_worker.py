"""The feed pump on its own thread: parsing, placing and committing never block painting.

The worker opens its own database connection and builds its own intake in ``run`` (SQLite
connections and GEOS prepared geometries belong to one thread). Batches reach the UI
thread through a queued signal, after they are committed.
"""
from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from geodata.feeds.inbox import Inbox
from geodata.feeds.intake import Intake, SensorTable
from geodata.feeds.pump import Counters, FeedPump
from geodata.feeds.simulator import Simulator, SimulatorSettings
from geodata.feeds.tcp import TcpLines
from geodata.incidents.deadlines import DeadlineTable
from geodata.incidents.store import IncidentStore

RESTART_FIRST_S = 1.0
RESTART_MAX_S = 30.0


@dataclass
class FeedPlan:
    """Which feeds to run: the simulator (its settings), a TCP server, an inbox folder."""

    simulator: SimulatorSettings | None = None
    tcp: str | None = None
    inbox: Path | None = None
    inbox_crs: str | None = None  # the inbox files' coordinates (TCP says its own with ?crs=)
    seed: int = 0

    def __bool__(self) -> bool:
        return bool(self.simulator or self.tcp or self.inbox)


class FeedThread(QThread):
    batchReady = Signal(object)
    failed = Signal(str)

    def __init__(self, district, store: IncidentStore, deadlines: DeadlineTable, known_ids: set[str],
                 plan: FeedPlan, parent: QObject | None = None) -> None:
        """``store``: the console's; the worker opens its own connection to the same store."""
        super().__init__(parent)
        self.district, self.store, self.deadlines = district, store, deadlines
        self.known_ids, self.plan = known_ids, plan
        self.pump: FeedPump | None = None
        self.counters = Counters()
        self.restarts = 0
        self.grids = None  # (geometries, ids) of a plan made active since the start, if any

    def states(self) -> dict[str, str]:
        pump = self.pump
        out = pump.states() if pump is not None else {}
        if pump is not None and pump.error:
            out["store"] = pump.error
        return out

    def run(self) -> None:
        """Pump until stopped. The intake turns any one message's fault into a dead letter, so
        an error that reaches here is the worker's own (the store vanished, a bug): it is shown
        in the status bar and the worker starts again after a pause, on the same counters."""
        pause = RESTART_FIRST_S
        while not self.isInterruptionRequested():
            try:
                self._pump_until_stopped()
                return
            except Exception as exc:  # noqa: BLE001 — shown, then restarted
                traceback.print_exc()
                self.restarts += 1
                self.failed.emit(f"feed worker restarted ({self.restarts}×) after {type(exc).__name__}: {exc}")
                deadline = time.monotonic() + pause
                while time.monotonic() < deadline and not self.isInterruptionRequested():
                    time.sleep(0.05)
                pause = min(pause * 2, RESTART_MAX_S)

    def _pump_until_stopped(self) -> None:
        store = None
        self.pump = None
        try:
            store = self.store.reopen()
            d = self.district
            geoms, ids = self.grids if self.grids is not None else (d.grids.geometry.values, d.grids["grid_id"].to_numpy())
            intake = Intake(geoms, ids, d.metric_crs, self.deadlines,
                            SensorTable.from_district(d, store.sensor_states()), self.known_ids)
            sources = []
            if self.plan.tcp:
                sources.append(TcpLines(self.plan.tcp))
            if self.plan.simulator is not None:
                sources.append(Simulator(d, self.plan.simulator, seed=self.plan.seed + self.restarts))
            if self.plan.inbox is not None:
                sources.append(Inbox(self.plan.inbox, crs=self.plan.inbox_crs))
            self.pump = FeedPump(sources, intake, store, self.batchReady.emit, counters=self.counters)
            self.pump.run(self.isInterruptionRequested)
        finally:
            if self.pump is not None:
                self.pump.close()
            if store is not None:
                store.close()

    def use_grids(self, geometries, grid_ids) -> None:
        """A plan made active: what arrives from now on is placed by these grids (metric CRS),
        also after a restart of the worker."""
        self.grids = (list(geometries), list(grid_ids))
        pump = self.pump
        if pump is not None:
            pump.intake.use_grids(*self.grids)

    def stop(self) -> None:
        """Finish the batch in hand (it is committed), then end."""
        self.requestInterruption()
        self.wait()
