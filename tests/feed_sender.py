"""The sending side of the acknowledged TCP feed, as a test plays it (README's protocol)."""
from __future__ import annotations

import json
import socket
from collections.abc import Iterator


def send_and_read_answers(server: socket.socket, lines: list[str], timeout_s: float = 60) -> Iterator[dict]:
    """Accept the console's connection, send ``lines``, then yield its answers as they come,
    until it closes the connection (or the caller stops reading)."""
    conn, _ = server.accept()
    try:
        conn.sendall(("\n".join(lines) + "\n").encode("utf-8", errors="surrogatepass"))
        conn.settimeout(timeout_s)
        buf = b""
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                return
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                yield json.loads(line)
    finally:
        conn.close()


def start_console(data, port: int, tmp_path, *extra: str, **popen):
    """The console as a user starts it on ``data`` with a TCP feed from 127.0.0.1:``port``, headless."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    popen.setdefault("stdout", subprocess.DEVNULL)
    popen.setdefault("stderr", subprocess.DEVNULL)
    return subprocess.Popen([sys.executable, "main.py", "--data", str(data), "--feed", f"tcp://127.0.0.1:{port}",
                             "--no-simulate", "--settings",
                             str(tmp_path / "s.ini"), *extra], cwd=ROOT, env=env, **popen)


def in_process_feed(window, store, clock):
    """``feed(*lines)``: messages taken by an intake as the feed worker takes them, stored,
    then shown in ``window`` (the worker's path, without its thread)."""
    from geodata.feeds.intake import Intake, SensorTable
    from geodata.feeds.messages import RawMessage
    from geodata.incidents.deadlines import DeadlineTable

    d = window.district
    intake = Intake(d.grids.geometry.values, d.grids["grid_id"].to_numpy(), d.metric_crs, DeadlineTable.load(),
                    SensorTable.from_district(d), set(window.book.positions), clock=clock)

    def feed(*lines, channel="tcp"):
        batch = intake.take([RawMessage(channel, line) for line in lines])
        store.commit(batch)  # as the worker does: stored first, then shown
        window.live.ingest(batch)
        return batch
    return feed
