"""Throwaway Redis and PostgreSQL servers on 127.0.0.1, for the tests and the benchmarks. No Scrapy.

:class:`LocalRedis` and :class:`LocalPostgres` start a server from the machine's own packages
(``redis-server``; PostgreSQL's ``initdb`` and ``pg_ctl`` under ``/usr/lib/postgresql/*/bin``)
on a free loopback port with a temporary data folder, and remove it when stopped. Both can be
stopped and started again on the same port and data (an outage in the middle of a crawl). As
root, PostgreSQL runs as the ``postgres`` user, which it requires. Raises RuntimeError naming
what is missing when a server cannot start.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Self

import redis


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"no server came up on 127.0.0.1:{port} within {timeout:.0f} s")


class _LocalService:
    """A server this machine runs for a while: ``close`` stops it and removes its data, also as
    a context manager."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


class LocalRedis(_LocalService):
    """``redis-server`` on a free port, its append-only file in a temporary folder (so that a
    restart keeps every key). ``url`` is ``redis://127.0.0.1:PORT/0``."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server not found (Debian package redis-server)")
        self.binary = binary
        self.folder = Path(tempfile.mkdtemp(prefix="archiver-redis-"))
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        """Start the server (again) on the same port and data."""
        self._process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port, 10)
        # listening is not answering: a restarted Redis first loads its append-only file
        client = redis.Redis(host="127.0.0.1", port=self.port)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.BusyLoadingError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server on port {self.port} still loading its data after 30 s") from None
                time.sleep(0.05)
        client.close()

    def stop(self) -> None:
        """Stop the server (SIGTERM: it writes its append-only file first); keeps the data."""
        if self._process is not None:
            self._process.terminate()
            self._process.wait(10)
            self._process = None

    def close(self) -> None:
        """Stop the server and remove its data."""
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def postgres_binaries() -> Path:
    """The folder of PostgreSQL's server programs (the newest version installed)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(path.split("/")[4]))
    if not found:
        on_path = shutil.which("initdb")
        if on_path is None:
            raise RuntimeError("PostgreSQL's initdb not found (Debian package postgresql)")
        return Path(on_path).parent
    return Path(found[-1]).parent


class LocalPostgres(_LocalService):
    """A PostgreSQL cluster in a temporary folder on a free port, with a database ``archiver``;
    ``url`` is ``postgresql://archiver@127.0.0.1:PORT/archiver`` (trust authentication)."""

    def __init__(self) -> None:
        self.bin = postgres_binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="archiver-postgres-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgresql://archiver@127.0.0.1:{self.port}/archiver"
        self._as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.folder, "postgres", "postgres")
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "archiver", "--no-sync", "-E", "UTF8")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "archiver", "archiver")

    def start(self) -> None:
        """Start the server (again) on the same port and data."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self) -> None:
        """Stop the server (fast shutdown: open connections are cut); keeps the data."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def close(self) -> None:
        """Stop the server and remove its data."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        result = subprocess.run(
            [*self._as_user, str(self.bin / program), *args], capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stderr.strip() or result.stdout.strip()}")
