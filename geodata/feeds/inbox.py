"""A watched folder (``--inbox DIR``): Open311 GeoReport v2 requests (``*.json``) and CAP 1.2
alerts (``*.xml``) dropped there by other systems.

Senders should write a file under another name (a leading dot, or ``.tmp``/``.part``, both
ignored) and rename it into place when complete. A file that is written in place is read only
once it has not changed for ``SETTLE_S``; one that still ends mid-document is given until
``GRACE_S`` after its last change to be completed before it is judged.

Only regular files are read: a symbolic link, a FIFO or a device is refused unopened (and
the link, not what it points to, moved to ``rejected/``). The size cap is checked before a
byte is read. A file is moved to ``processed/`` only after what it held is committed, or to
``rejected/`` if nothing in it could be used, so a crash never loses a file and a poisoned
file never stops the next start. Other files are left alone.
"""
from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from geodata.feeds.messages import MAX_PAYLOAD, RawMessage, check_feed_crs
from geodata.messages import message

SETTLE_S = 1.0   # a file must be unchanged this long before it is read
GRACE_S = 30.0   # a file that ends mid-document waits this long after its last change
INCOMPLETE = ("Expecting", "Unterminated", "no element found", "unclosed token", "EOF")
CHANNELS = {".json": "open311", ".geojson": "open311", ".xml": "cap", ".cap": "cap"}


class Inbox:
    def __init__(self, folder: str | Path, scan_every_s: float = 1.0, clock=time.monotonic,
                 crs: str | None = None) -> None:
        self.folder = Path(folder)
        self.crs = check_feed_crs(crs)  # what the files' coordinates are in (None: WGS84)
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "processed").mkdir(exist_ok=True)
        (self.folder / "rejected").mkdir(exist_ok=True)
        self.scan_every_s = scan_every_s
        self.clock = clock
        self._next_scan = 0.0
        self._seen: dict[Path, tuple[int, int, float]] = {}  # size, mtime_ns, when first seen so
        self.state = message("feed.watching", folder=self.folder)

    def poll(self, timeout: float = 0.0) -> list[RawMessage]:
        now = self.clock()
        if now < self._next_scan:
            return []
        self._next_scan = now + self.scan_every_s
        out = []
        for path in sorted(self.folder.iterdir()):
            channel = CHANNELS.get(path.suffix.lower())
            if channel is None or path.name.startswith("."):
                continue
            try:
                st = path.lstat()
            except OSError:
                continue  # gone between listing and looking
            if stat.S_ISDIR(st.st_mode):
                continue
            if not stat.S_ISREG(st.st_mode):
                kind = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "not a regular file"
                out.append(RawMessage(channel, "", str(path), f"{path.name}: {kind}; refused unread"))
                continue
            sig = (st.st_size, st.st_mtime_ns)
            seen = self._seen.get(path)
            if seen is None or seen[:2] != sig:
                self._seen[path] = (*sig, now)
                continue
            if now - seen[2] < SETTLE_S:
                continue
            out.append(self._read(path, channel, st))
        return out

    def _read(self, path: Path, channel: str, st: os.stat_result) -> RawMessage:
        if st.st_size > MAX_PAYLOAD:
            return RawMessage(channel, "", str(path),
                              f"{path.name}: {st.st_size:,} bytes is larger than {MAX_PAYLOAD:,}; refused unread")
        try:  # O_NOFOLLOW: a file swapped for a link after we looked is not followed either
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError as exc:
            return RawMessage(channel, "", str(path), f"{path.name}: cannot be opened ({exc.strerror})")
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return RawMessage(channel, "", str(path), f"{path.name}: not a regular file; refused unread")
            data = fh.read(MAX_PAYLOAD + 1)
        if len(data) > MAX_PAYLOAD:
            return RawMessage(channel, "", str(path), f"{path.name}: grew past {MAX_PAYLOAD:,} bytes; refused")
        try:
            text = data.decode("utf-8-sig")
            problem = None
        except UnicodeDecodeError as exc:
            text = data.decode("utf-8", errors="replace")
            problem = f"{path.name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start})"
        return RawMessage(channel, text, str(path), problem, crs=self.crs)

    def still_being_written(self, raw: RawMessage, reasons: list[str]) -> bool:
        """Whether a file that could not be used looks cut off mid-document and changed recently
        enough that its writer may still be at work: then it is left for a later scan."""
        try:
            st = Path(raw.origin).lstat()
        except OSError:
            return False
        recent = time.time() - st.st_mtime < GRACE_S
        return recent and bool(reasons) and all(any(w in r for w in INCOMPLETE) for r in reasons)

    def done(self, raw: RawMessage, usable: bool) -> None:
        """After the batch holding ``raw`` is committed: file it away."""
        path = Path(raw.origin)
        self._seen.pop(path, None)
        if not os.path.lexists(path):
            return
        target = self.folder / ("processed" if usable else "rejected") / path.name
        if target.exists():
            target = target.with_name(f"{target.stem}-{time.strftime('%Y%m%d%H%M%S')}-{id(raw) % 10000}{target.suffix}")
        _file_masked(path, target)


def _file_masked(path: Path, target: Path) -> None:
    """Move a read file away with its personal data masked (written whole, then renamed): the
    store holds what was taken in; the folder keeps no phone or ID numbers in clear."""
    from geodata.privacy import mask_text
    text = None
    try:  # only a regular file, never followed through a link, never blocking on a FIFO
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISREG(st.st_mode) and st.st_size <= MAX_PAYLOAD:  # a larger one was refused unread
                text = fh.read(MAX_PAYLOAD + 1).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        text = None
    masked = mask_text(text) if text is not None else None
    if masked is None or masked == text:
        path.replace(target)
        return
    partial = target.with_name(f".{target.name}.tmp")
    partial.write_text(masked, encoding="utf-8")
    os.replace(partial, target)
    path.unlink()
