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
