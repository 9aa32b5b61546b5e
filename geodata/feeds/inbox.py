"""A watched folder (``--inbox DIR``): Open311 GeoReport v2 requests (``*.json``) and CAP 1.2
alerts (``*.xml``) dropped there by other systems.

A file is read once it has stopped changing (so a half-copied file is not taken), and
moved to ``processed/`` only after what it held is committed, or to ``rejected/`` if
nothing in it could be used, so a crash never loses a file. Other files are left alone.
"""
from __future__ import annotations

import time
from pathlib import Path

from geodata.feeds.messages import MAX_PAYLOAD, RawMessage

SETTLE_S = 0.5  # a file must be unchanged this long before it is read
CHANNELS = {".json": "open311", ".geojson": "open311", ".xml": "cap", ".cap": "cap"}


class Inbox:
    def __init__(self, folder: str | Path, scan_every_s: float = 1.0, clock=time.monotonic) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "processed").mkdir(exist_ok=True)
        (self.folder / "rejected").mkdir(exist_ok=True)
        self.scan_every_s = scan_every_s
        self.clock = clock
        self._next_scan = 0.0
        self._seen: dict[Path, tuple[int, int, float]] = {}  # size, mtime_ns, when first seen so
        self.state = f"watching {self.folder}"

    def poll(self, timeout: float = 0.0) -> list[RawMessage]:
        now = self.clock()
        if now < self._next_scan:
            return []
        self._next_scan = now + self.scan_every_s
        out = []
        for path in sorted(self.folder.iterdir()):
            channel = CHANNELS.get(path.suffix.lower())
            if channel is None or not path.is_file():
                continue
            st = path.stat()
            sig = (st.st_size, st.st_mtime_ns)
            seen = self._seen.get(path)
            if seen is None or seen[:2] != sig:
                self._seen[path] = (*sig, now)
                continue
            if now - seen[2] < SETTLE_S:
                continue
            out.append(self._read(path, channel))
        return out

    def _read(self, path: Path, channel: str) -> RawMessage:
        data = path.read_bytes()[: MAX_PAYLOAD + 1]
        try:
            text = data.decode("utf-8-sig")
            problem = None
        except UnicodeDecodeError as exc:
            text = data.decode("utf-8", errors="replace")
            problem = f"{path.name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start})"
        return RawMessage(channel, text, str(path), problem)

    def done(self, raw: RawMessage, usable: bool) -> None:
        """After the batch holding ``raw`` is committed: file it away."""
        path = Path(raw.origin)
        self._seen.pop(path, None)
        if not path.exists():
            return
        target = self.folder / ("processed" if usable else "rejected") / path.name
        if target.exists():
            target = target.with_name(f"{target.stem}-{time.strftime('%Y%m%d%H%M%S')}-{id(raw) % 10000}{target.suffix}")
        path.replace(target)
