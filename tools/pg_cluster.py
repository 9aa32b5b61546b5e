"""A throwaway PostgreSQL + PostGIS cluster from Debian's packages, for the tests, the
benchmarks and CI: ``initdb`` in a scratch folder, the server on a Unix socket in that
folder (no TCP port, nothing on the network), removed when done.

    python tools/pg_cluster.py start DIR     # prints the URL; the server keeps running
    python tools/pg_cluster.py stop DIR

As root, the server runs as ``nobody`` (PostgreSQL refuses to run as root).
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEBIAN_PACKAGES = "postgresql postgresql-postgis"  # resources/config/debian-packages.txt lists them
NOBODY = 65534


class ClusterError(RuntimeError):
    pass


def bin_dir() -> Path:
    """The newest installed server's programs (Debian keeps them out of PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise ClusterError(f"PostgreSQL's server is not installed: apt-get install {DEBIAN_PACKAGES}")


def has_postgis(bindir: Path) -> bool:
    version = bindir.parts[-2]
    return bool(glob.glob(f"/usr/share/postgresql/{version}/extension/postgis.control"))


class Cluster:
    """One server in ``root`` (a fresh folder unless given), reached at :attr:`url`."""

    def __init__(self, root: str | Path | None = None, port: int = 5432) -> None:
        self.bindir = bin_dir()
        if not has_postgis(self.bindir):
            raise ClusterError(f"PostGIS is not installed for {self.bindir.parts[-2]}: "
                               f"apt-get install {DEBIAN_PACKAGES}")
        self.own_root = root is None
        self.as_root = os.geteuid() == 0
        # As root the server runs as nobody, who must reach its folder: not under a private TMPDIR.
        base = "/tmp" if self.as_root else None
        self.root = Path(root) if root is not None else Path(tempfile.mkdtemp(prefix="gridtwin-pg-", dir=base))
        self.data = self.root / "data"
        self.socket = self.root / "socket"
        self.port = port

    @property
    def url(self) -> str:
        return f"postgresql:///gridtwin?host={self.socket}&port={self.port}&user=gridtwin"

    def admin_url(self, db: str = "postgres") -> str:
        return f"postgresql:///{db}?host={self.socket}&port={self.port}&user=gridtwin"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *cmd]
        out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "LC_ALL": "C.UTF-8"})
        if check and out.returncode != 0:
            raise ClusterError(f"{args[0]} failed: {(out.stderr or out.stdout).strip()[-800:]}")
        return out

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.socket.mkdir(exist_ok=True)
        if self.as_root:
            os.chmod(self.root, 0o755)
            for p in (self.root, self.socket):
                os.chown(p, NOBODY, NOBODY)
        self._run("initdb", "-D", str(self.data), "-U", "gridtwin", "--auth=trust", "-E", "UTF8", "--no-sync")
        # The service account (the owner that runs init/load) is trusted on the socket; every
        # GridTwin user logs in with its password, as on a real server.
        (self.data / "pg_hba.conf").write_text("local all gridtwin trust\nlocal replication gridtwin trust\n"
                                               "local all all scram-sha-256\n")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"\nlisten_addresses = ''\nunix_socket_directories = '{self.socket}'\nport = {self.port}\n"
                       "fsync = on\nsynchronous_commit = on\nmax_connections = 100\nshared_buffers = 128MB\n")

    def start(self) -> None:
        if not self.data.exists():
            self.init()
        if self.running():
            return
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60", "start")
        if not self._has_db():
            self._run("createdb", "-h", str(self.socket), "-p", str(self.port), "-U", "gridtwin", "gridtwin")

    def _has_db(self) -> bool:
        out = self._run("psql", "-h", str(self.socket), "-p", str(self.port), "-U", "gridtwin", "-d", "postgres",
                        "-tAc", "SELECT 1 FROM pg_database WHERE datname = 'gridtwin'", check=False)
        return out.stdout.strip() == "1"

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: ``fast`` (clean) or ``immediate`` (as if it crashed)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def fresh_database(self, name: str) -> str:
        """A new empty database on this server; its URL."""
        self._run("psql", "-h", str(self.socket), "-p", str(self.port), "-U", "gridtwin", "-d", "postgres",
                  "-c", f'DROP DATABASE IF EXISTS "{name}"', "-c", f'CREATE DATABASE "{name}"')
        return f"postgresql:///{name}?host={self.socket}&port={self.port}&user=gridtwin"

    def remove(self) -> None:
        self.stop("immediate")
        if self.own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> "Cluster":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.remove()


def wait_until_down(cluster: Cluster, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while cluster.running() and time.monotonic() < deadline:
        time.sleep(0.1)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        cluster = Cluster(argv[1])
        if argv[0] == "start":
            cluster.start()
            print(cluster.url)
        else:
            cluster.stop()
    except ClusterError as exc:
        print(f"pg_cluster: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
