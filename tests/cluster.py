"""A cluster in the tests: real ``archiver worker`` processes on a real Redis and PostgreSQL."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archiver.cluster.connection import redis_client
from archiver.cluster.frontier import SharedFrontier
from archiver.cluster.jobs import JobBoard
from archiver.cluster.leases import QueueCounts

LEASE_TIME = 10


class Cluster:
    """Workers started and stopped by the test, all on one Redis, one state and one output folder."""

    def __init__(self, redis_url: str, state: str, out: Path) -> None:
        self.redis_url = redis_url
        self.state = state
        self.out = out
        self.client = redis_client(redis_url)  # waits for a Redis restarted by a test
        self.workers: dict[str, subprocess.Popen[bytes]] = {}
        out.mkdir(parents=True, exist_ok=True)

    def archiver(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "archiver.cli", *args], capture_output=True, text=True, timeout=120
        )

    def queue(self, sites: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        """``archiver run SITES --cluster``: the due (or ``--force``d) sites onto the board."""
        result = self.archiver(
            "run",
            str(sites),
            "--cluster",
            "--redis",
            self.redis_url,
            "--state",
            self.state,
            "--out",
            str(self.out),
            *extra,
        )
        assert result.returncode == 0, result.stderr
        return result

    def start_worker(self, name: str, *extra: str) -> None:
        log = open(self.out / f"{name}.log", "ab")  # noqa: SIM115 - the worker's, closed with it
        self.workers[name] = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "archiver.cli",
                "worker",
                "--redis",
                self.redis_url,
                "--state",
                self.state,
                "--out",
                str(self.out),
                "--id",
                name,
                "--lease-time",
                str(LEASE_TIME),
                *extra,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def log(self, name: str) -> str:
        return (self.out / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def frontier(self, site: str) -> SharedFrontier:
        return SharedFrontier(self.client, site, LEASE_TIME)

    def counts(self, site: str) -> QueueCounts:
        return self.frontier(site).counts()

    def counts_of_jobs(self) -> QueueCounts:
        return JobBoard(self.client, LEASE_TIME).counts()

    def wait_until_finished(self, site: str, timeout: float) -> float:
        """Seconds until the shared crawl's frontier ran dry and a worker said so."""
        started = time.monotonic()
        while not self.frontier(site).is_finished():
            assert time.monotonic() - started < timeout, f"{site} not finished after {timeout} s"
            for name, worker in self.workers.items():
                assert worker.poll() is None or worker.returncode == -signal.SIGKILL, self.log(name)
            time.sleep(0.5)
        return time.monotonic() - started

    def wait_until_idle(self, timeout: float) -> None:
        """Until no worker has a site job or a crawl in hand."""
        started = time.monotonic()
        while True:
            busy = [
                name
                for name, worker in self.workers.items()
                if worker.poll() is None and self.client.hget(f"archiver:worker:{name}", "site") not in (None, b"")
            ]
            jobs = self.client.zcard("archiver:jobs:waiting") + self.client.zcard("archiver:jobs:leased")
            if not busy and not jobs:
                return
            assert time.monotonic() - started < timeout, f"still busy after {timeout} s: {busy}, {jobs} jobs"
            time.sleep(0.5)

    def kill(self, name: str) -> None:
        self.workers[name].send_signal(signal.SIGKILL)
        self.workers[name].wait(30)

    def stop(self) -> None:
        """SIGTERM to every worker still running, and wait for them."""
        for worker in self.workers.values():
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in self.workers.values():
            try:
                worker.wait(90)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def sites_file(path: Path, *sites: dict) -> Path:
    """A sites file of the given ``[[site]]`` tables (a schedule and no delay added)."""
    lines = []
    for site in sites:
        lines.append("[[site]]")
        for key, value in {"schedule": "0 0 * * *", "delay": 0, **site}.items():
            lines.append(f"{key} = {_toml(value)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_toml(item)}" for key, item in value.items()) + " }"
    return json.dumps(value)


def records(folder: Path) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(folder.glob("articles-*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def exchanges(folder: Path) -> list[tuple[str, str, str, str]]:
    """(file name, record type, target URI, record id) of every response and revisit record."""
    found = []
    for path in sorted((folder / "warcs").glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type in ("response", "revisit"):
                    headers = record.rec_headers
                    found.append(
                        (
                            path.name,
                            record.rec_type,
                            headers.get_header("WARC-Target-URI"),
                            headers.get_header("WARC-Record-ID"),
                        )
                    )
    return found


def fetch_counts(folder: Path) -> Counter[str]:
    """How many times each URI was fetched (response and revisit records)."""
    return Counter(uri for _, _, uri, _ in exchanges(folder))
