"""The feed pump: poll every source, take what arrived through the intake, commit it in one
transaction, then hand it on. Nothing is handed on (or counted as stored) before it is
committed, and an inbox file is filed away only after its contents are."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from geodata.feeds.inbox import Inbox
from geodata.feeds.intake import Intake
from geodata.feeds.messages import RawMessage
from geodata.incidents.records import Batch, Rejection
from geodata.incidents.store import IncidentStore
from geodata.messages import message

# What is worth trying again (locked, busy, disk full, the server gone) and what is the
# batch's own fault (a value the database refuses) depends on the store's back-end: each
# store says (``store.transient``, ``store.permanent``).


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
                 on_batch: Callable[[Batch], None] = lambda b: None, max_batch: int = 2000,
                 counters: Counters | None = None) -> None:
        self.sources = sources
        self.intake = intake
        self.store = store
        self.on_batch = on_batch
        self.max_batch = max_batch
        self.counters = counters if counters is not None else Counters()
        self.error: str | None = None
        self.transient, self.permanent = store.transient, store.permanent
        self._stopped: Callable[[], bool] = lambda: True

    def states(self) -> dict:
        """Each source's state: a :class:`geodata.messages.Message` (str() gives the English)."""
        return {type(s).__name__: getattr(s, "state", None) or message("feed.running") for s in self.sources}

    def run_once(self, timeout: float = 0.05) -> Batch:
        batch = Batch()
        for k, source in enumerate(self.sources):
            raws = source.poll(timeout if k == 0 else 0.0)
            if isinstance(source, Inbox):  # one file at a time: each is filed by its own outcome
                for raw in raws:
                    parts = self.intake.take_each([raw])
                    part = parts[0][1]
                    usable = len(part.rejections) < part.received
                    if not usable and source.still_being_written(raw, [r.reason for r in part.rejections]):
                        continue  # cut off mid-document and still changing: read it again later
                    self._commit([raw], batch, parts)
                    source.done(raw, usable=usable)
                continue
            ack = getattr(source, "ack", None)
            for start in range(0, len(raws), self.max_batch):
                parts = self._commit(raws[start:start + self.max_batch], batch)
                if ack is not None:  # only now, after the commit: an answer is a promise
                    for raw, part in parts:
                        ack(raw, part)
        if batch:
            self.on_batch(batch)
        return batch

    def _commit(self, raws: list, into: Batch,
                parts: list[tuple[RawMessage, Batch]] | None = None) -> list[tuple[RawMessage, Batch]]:
        """Take ``raws`` in and commit them in one transaction. Should the store refuse the
        batch for a reason that is not passing (a value it cannot hold), each message is
        committed alone and the one the store refuses becomes a dead letter, so that one
        message can never stop the feed nor take its neighbours with it."""
        parts = self.intake.take_each(raws) if parts is None else parts
        taken = Batch.merged(part for _, part in parts)
        try:
            self._save(taken)
        except self.permanent:
            parts = [(raw, self._save_alone(raw, part)) for raw, part in parts]
            taken = Batch.merged(part for _, part in parts)
        self._count(taken)
        into.extend(taken)
        return parts

    def _save_alone(self, raw: RawMessage, part: Batch) -> Batch:
        try:
            self._save(part)
            return part
        except self.permanent as exc:
            for record in part.incidents:
                self.intake.known_ids.discard(record.incident_id)
            refused = Batch(received=part.received,
                            rejections=[Rejection(raw.channel, f"could not be stored ({type(exc).__name__}: "
                                                  f"{str(exc)[:200]})", raw.payload, raw.origin)])
            self._save(refused)
            return refused

    def _save(self, taken: Batch) -> None:
        """Commit, retrying while the database refuses for a passing reason (locked, disk
        full, I/O): the sources wait, TCP pushes back on the sender, and nothing taken in is
        dropped or counted early. Other errors are the batch's own (see ``_commit``)."""
        while True:
            try:
                self.store.commit(taken)
                self.error = None
                return
            except self.transient as exc:
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
