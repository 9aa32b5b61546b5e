"""The feed pump: poll every source, take what arrived through the intake, commit it in one
transaction, then hand it on. Nothing is handed on (or counted as stored) before it is
committed, and an inbox file is filed away only after its contents are."""
from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from geodata.feeds.inbox import Inbox
from geodata.feeds.intake import Intake
from geodata.incidents.records import Batch
from geodata.incidents.store import IncidentStore


@dataclass
class Counters:
    """Messages taken in, stored and rejected since the start: received == stored + rejected."""

    received: int = 0
    stored: int = 0
    rejected: int = 0
    incidents: int = 0
    readings: int = 0
    batches: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class FeedPump:
    def __init__(self, sources: list, intake: Intake, store: IncidentStore,
                 on_batch: Callable[[Batch], None] = lambda b: None, max_batch: int = 2000) -> None:
        self.sources = sources
        self.intake = intake
        self.store = store
        self.on_batch = on_batch
        self.max_batch = max_batch
        self.counters = Counters()
        self.error: str | None = None
        self._stopped: Callable[[], bool] = lambda: True

    def states(self) -> dict[str, str]:
        return {type(s).__name__: getattr(s, "state", "running") for s in self.sources}

    def run_once(self, timeout: float = 0.05) -> Batch:
        batch = Batch()
        for k, source in enumerate(self.sources):
            raws = source.poll(timeout if k == 0 else 0.0)
            if isinstance(source, Inbox):  # one file at a time: each is filed by its own outcome
                for raw in raws:
                    taken = self._commit([raw], batch)
                    source.done(raw, usable=len(taken.rejections) < taken.received)
                continue
            for start in range(0, len(raws), self.max_batch):
                self._commit(raws[start:start + self.max_batch], batch)
        if batch:
            self.on_batch(batch)
        return batch

    def _commit(self, raws: list, into: Batch) -> Batch:
        taken = self.intake.take(raws)
        self._save(taken)
        self._count(taken)
        into.extend(taken)
        return taken

    def _save(self, taken: Batch) -> None:
        """Commit, retrying while the database refuses (locked, disk full): the sources wait,
        TCP pushes back on the sender, and nothing taken in is dropped or counted early."""
        while True:
            try:
                self.store.commit(taken)
                self.error = None
                return
            except sqlite3.Error as exc:
                self.error = f"cannot store incidents in {self.store.path}: {exc}; retrying"
                if self._stopped():
                    raise
                time.sleep(1.0)

    def _count(self, b: Batch) -> None:
        c = self.counters
        c.received += b.received
        c.rejected += len(b.rejections)
        c.stored += b.received - len(b.rejections)
        c.incidents += len(b.incidents)
        c.readings += len(b.readings)
        c.batches += 1

    def run(self, stop: threading.Event | Callable[[], bool], timeout: float = 0.05) -> None:
        """Pump until ``stop`` is set (or returns True)."""
        stopped = stop.is_set if isinstance(stop, threading.Event) else stop
        self._stopped = stopped
        while not stopped():
            self.run_once(timeout)

    def close(self) -> None:
        for source in self.sources:
            close = getattr(source, "close", None)
            if close:
                close()
