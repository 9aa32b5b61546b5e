"""Newline-delimited messages from a TCP server (``tcp://HOST:PORT``), reconnecting with
back-off when the server goes away. The console is the client: the feed is the server.

Every line is answered on the same connection once it is committed (never before), in order,
with one JSON line: ``{"ack": N, "ok": true, "incidents": [...], "duplicates": [...]}`` or
``{"ack": N, "ok": false, "reason": "..."}``, where N counts the lines of that connection
from 1. A sender keeps what is not yet acknowledged and sends it again on the next
connection; an incident id already stored is acknowledged again, not stored twice.
"""
from __future__ import annotations

import json
import select
import socket
import time
from urllib.parse import parse_qs, urlparse

from geodata.feeds.messages import MAX_PAYLOAD, FeedError, RawMessage, check_feed_crs
from geodata.messages import message

BACKOFF_START_S = 0.5
BACKOFF_MAX_S = 10.0
MAX_UNREAD_ACKS = 4 << 20  # bytes of answers waiting for a sender that does not read them


def parse_url(url: str) -> tuple[str, int]:
    u = urlparse(url)
    try:
        port = u.port
    except ValueError:
        port = None
    if u.scheme != "tcp" or not u.hostname or not port:
        raise FeedError(f"feed address {url!r} must look like tcp://HOST:PORT[?crs=gcj02]")
    url_crs(url)
    return u.hostname, port


def url_crs(url: str) -> str | None:
    """The coordinates the feed declares with ``?crs=`` (gcj02, bd09, EPSG:4490); None: WGS84."""
    values = parse_qs(urlparse(url).query).get("crs")
    return check_feed_crs(values[-1]) if values else None


class TcpLines:
    """``poll(timeout)`` returns the complete lines received so far, as raw messages.

    An over-long line is cut off and returned as such, so the intake rejects it with the
    reason and the lines after it are read normally. ``state`` says what the link is doing.
    """

    def __init__(self, url: str, clock=time.monotonic) -> None:
        self.url = url
        self.host, self.port = parse_url(url)
        self.crs = url_crs(url)
        self.clock = clock
        self.sock: socket.socket | None = None
        self.buffer = bytearray()
        self.backoff = BACKOFF_START_S
        self.retry_at = 0.0
        self.state = message("feed.connecting")
        self.connects = 0
        self._skipping = False
        self._lines_read = 0        # on this connection
        self._out = bytearray()     # acknowledgements not yet sent
        self.acks_sent = 0
        self.acks_dropped = 0  # times a backlog of answers the sender did not read was let go

    def _connect(self) -> None:
        if self.clock() < self.retry_at:
            return
        try:
            sock = socket.create_connection((self.host, self.port), timeout=2.0)
        except OSError as exc:
            self.state = message("feed.retrying", seconds=f"{self.backoff:.1f}", why=exc.strerror or exc)
            self.retry_at = self.clock() + self.backoff
            self.backoff = min(self.backoff * 2, BACKOFF_MAX_S)
            return
        sock.setblocking(False)
        self.sock, self.buffer, self._skipping = sock, bytearray(), False
        self._lines_read, self._out = 0, bytearray()
        self.backoff = BACKOFF_START_S
        self.connects += 1
        self.state = message("feed.connected")

    def _drop(self, why: str) -> list[RawMessage]:
        out = []
        if self.buffer.strip() and not self._skipping:  # a last line without its newline
            out.append(self._message(bytes(self.buffer)))
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buffer, self._out = None, bytearray(), bytearray()
        self.state = message("feed.disconnected", why=why, seconds=f"{self.backoff:.1f}")
        self.retry_at = self.clock() + self.backoff
        self.backoff = min(self.backoff * 2, BACKOFF_MAX_S)
        return out

    def poll(self, timeout: float = 0.05) -> list[RawMessage]:
        if self.sock is None:
            self._connect()
            if self.sock is None:
                time.sleep(min(timeout, max(0.0, self.retry_at - self.clock())))
                return []
        self._flush()
        if self.sock is None:
            return []
        ready, _, _ = select.select([self.sock], [], [], timeout)
        if not ready:
            return []
        out: list[RawMessage] = []
        while True:
            try:
                chunk = self.sock.recv(1 << 16)
            except BlockingIOError:
                break
            except OSError as exc:
                return out + self._lines() + self._drop(exc.strerror or str(exc))
            if not chunk:
                return out + self._lines() + self._drop("server closed the connection")
            self.buffer += chunk
            out += self._lines()
        return out

    def _lines(self) -> list[RawMessage]:
        out = []
        while True:
            end = self.buffer.find(b"\n")
            if end < 0:
                if len(self.buffer) > MAX_PAYLOAD:  # no newline in sight: reject what we have, skip to the next
                    if not self._skipping:
                        out.append(self._message(bytes(self.buffer[:2000]),
                                                 f"line longer than {MAX_PAYLOAD:,} bytes (cut off here)"))
                    self._skipping = True
                    self.buffer.clear()
                return out
            line = bytes(self.buffer[:end])
            del self.buffer[: end + 1]
            if self._skipping:
                self._skipping = False
                continue
            out.append(self._message(line))

    def _message(self, line: bytes, problem: str | None = None) -> RawMessage:
        if line.endswith(b"\r"):
            line = line[:-1]
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = line.decode("utf-8", errors="replace")
            problem = problem or f"not UTF-8 text (byte 0x{line[exc.start]:02x} at position {exc.start})"
        self._lines_read += 1
        return RawMessage("tcp", text, self.url, problem, seq=self._lines_read, link=self.connects, crs=self.crs)

    def ack(self, raw: RawMessage, part) -> None:
        """Answer ``raw`` now that what it produced (``part``, a Batch) is committed."""
        if raw.link != self.connects or self.sock is None:
            return  # that connection is gone: the sender will send it again
        if part.rejections:
            answer = {"ack": raw.seq, "ok": False, "reason": part.rejections[0].reason}
        else:
            answer = {"ack": raw.seq, "ok": True, "incidents": [r.incident_id for r in part.incidents]}
            if part.duplicates:
                answer["duplicates"] = part.duplicates
        if len(self._out) > MAX_UNREAD_ACKS:  # a sender that never reads its answers: do not hoard them
            self._out.clear()
            self.acks_dropped += 1
        self._out += json.dumps(answer, ensure_ascii=False).encode("utf-8") + b"\n"
        self.acks_sent += 1
        self._flush()

    def _flush(self) -> None:
        """Send what the socket takes now; the rest waits for the next poll."""
        while self._out and self.sock is not None:
            try:
                sent = self.sock.send(self._out)
            except BlockingIOError:
                return
            except OSError:
                return  # the read side notices the broken connection and reconnects
            del self._out[:sent]

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None
