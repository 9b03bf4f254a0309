"""A cluster worker: takes site jobs and joins shared crawls until it is stopped. No Scrapy.

:class:`Worker` loops: join an open shared crawl if there is one, else take the next site job,
else wait a moment. Each crawl runs as an ``archiver crawl`` process (Twisted's reactor cannot
be started twice in one process) that dies with the worker (Linux's parent-death signal), with
the worker's id in its WARC file names and crawl id, the shared crawl state, and Redis for the
frontier and politeness. A thread says every few seconds that the worker is alive and renews the
lease of the site job it holds. :meth:`Worker.stop` (SIGTERM) lets the crawl in hand finish its
pages in flight (Scrapy's own graceful stop) and gives an unfinished site job back to the queue.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from archiver.cluster.connection import redis_client
from archiver.cluster.jobs import JobBoard, SiteJob
from archiver.cluster.registry import Registry
from archiver.config import is_name_part

logger = logging.getLogger(__name__)

HEARTBEAT = 5.0
FAST_FAILURE = 10.0
_PR_SET_PDEATHSIG = 1


def default_worker_id() -> str:
    """``HOST-PID``, with anything but letters, digits, '.', '_' and '-' replaced."""
    host = "".join(c if c.isalnum() or c in "._-" else "_" for c in socket.gethostname().split(".")[0]) or "host"
    return f"{host.lstrip('.')}-{os.getpid()}"


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, before exec
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


class Worker:
    """One worker of a cluster (see the module docstring). ``poll``: seconds between looks at an
    empty queue; ``extra``: more ``archiver crawl`` arguments for every crawl (``-s`` settings)."""

    def __init__(
        self,
        *,
        redis_url: str,
        state: str,
        out: Path,
        worker_id: str = "",
        lease_time: float = 60.0,
        poll: float = 1.0,
        extra: list[str] | None = None,
    ) -> None:
        self.worker_id = worker_id or default_worker_id()
        if not is_name_part(self.worker_id):
            raise ValueError(f"a worker id must be letters, digits, '.', '_' or '-', not {self.worker_id!r}")
        self.redis_url = redis_url
        self.state = state
        self.out = out
        self.lease_time = lease_time
        self.poll = poll
        self.extra = list(extra or [])
        client = redis_client(redis_url)
        self.board = JobBoard(client, lease_time)
        self.registry = Registry(client)
        self.crawls = 0
        self._stopping = threading.Event()
        self._process: subprocess.Popen[bytes] | None = None
        self._job_item: bytes | None = None
        self._site = ""
        self._failures = 0

    def stop(self) -> None:
        """Stop after the crawl in hand has finished its pages in flight (safe from a signal handler)."""
        self._stopping.set()
        process = self._process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)

    def run(self) -> int:
        """Work until stopped; returns 0."""
        started = time.time()
        self.registry.heartbeat(self.worker_id, host=socket.gethostname(), pid=os.getpid(), started=started, site="")
        beat = threading.Thread(target=self._beat, name="archiver-worker-heartbeat", daemon=True)
        beat.start()
        logger.info("worker %s: taking work from %s", self.worker_id, self.redis_url)
        try:
            while not self._stopping.is_set():
                if not self._work_once():
                    self._stopping.wait(self.poll)
        finally:
            self.registry.leave(self.worker_id)
            logger.info("worker %s: stopped after %d crawls", self.worker_id, self.crawls)
        return 0

    def _work_once(self) -> bool:
        """Crawl one thing (a shared crawl, or a site job); False when there was nothing to do."""
        shared = self.board.shared_crawl()
        if shared is not None:
            self._crawl(shared)
            return True
        taken = self.board.take(self.worker_id)
        if taken is None:
            return False
        item, job = taken
        self._job_item = item
        try:
            finished = self._crawl(job)
        finally:
            self._job_item = None
        if finished:
            self.board.finish(item)
        else:
            self.board.give_back(item)
            logger.info("worker %s: gave the site %s back to the queue", self.worker_id, job.site)
        return True

    def _crawl(self, job: SiteJob) -> bool:
        """Run the job's crawl to its end; True unless the worker was stopped during it."""
        self.crawls += 1
        crawl_id = f"{job.crawl_id}-{self.worker_id}-{self.crawls}"
        command = [sys.executable, "-m", "archiver.cli", "crawl", *self._arguments(job, crawl_id)]
        self._site = job.site
        self.registry.heartbeat(self.worker_id, site=job.site, crawl_id=crawl_id, shared=int(job.shared))
        self.registry.note_crawl(job.site, job.crawl_id)
        kind = "joining the shared crawl of" if job.shared else "crawling"
        logger.info("worker %s: %s %s (crawl %s)", self.worker_id, kind, job.site, crawl_id)
        self._process = subprocess.Popen(command, preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        if self._stopping.is_set():  # stopped while starting it
            self._process.send_signal(signal.SIGTERM)
        started = time.monotonic()
        code = self._process.wait()
        self._process = None
        self._site = ""
        self.registry.heartbeat(self.worker_id, site="", crawl_id="")
        logger.info("worker %s: crawl %s ended (exit code %d)", self.worker_id, crawl_id, code)
        if code != 0 and time.monotonic() - started < FAST_FAILURE and not self._stopping.is_set():
            # a crawl that cannot even start (a bad setting): do not try again at once, forever
            self._failures += 1
            pause = min(60.0, 2.0**self._failures)
            logger.warning("worker %s: crawl failed at once; waiting %.0f s", self.worker_id, pause)
            self._stopping.wait(pause)
        else:
            self._failures = 0
        return not self._stopping.is_set()

    def _arguments(self, job: SiteJob, crawl_id: str) -> list[str]:
        arguments = list(job.arguments)
        if "--out" in arguments:  # relative to this worker's output folder
            where = arguments.index("--out") + 1
            arguments[where] = str(self.out / arguments[where])
        else:
            arguments += ["--out", str(self.out / job.site)]
        arguments += ["--state", self.state, "--crawl-id", crawl_id]
        settings = {
            "ARCHIVER_REDIS_URL": self.redis_url,
            "ARCHIVER_WORKER_ID": self.worker_id,
            "ARCHIVER_WARC_PREFIX": f"archiver-{self.worker_id}",
            "ARCHIVER_LEASE_TIME": self.lease_time,
            "ARCHIVER_SITE_NAME": job.site,
        }
        if job.shared:
            settings["ARCHIVER_SHARED_CRAWL"] = job.site
        for name, value in settings.items():
            arguments += ["-s", f"{name}={value}"]
        return arguments + self.extra

    def _beat(self) -> None:
        while not self._stopping.wait(HEARTBEAT):
            try:
                self.registry.heartbeat(self.worker_id, site=self._site)
                item = self._job_item
                if item is not None:
                    self.board.queue.renew([item])
                reissued = self.board.queue.reclaim()
                if reissued:
                    logger.warning("re-issued %d site jobs whose worker's lease ran out", reissued)
            except Exception as error:  # the heartbeat must outlive any one failure
                logger.warning("worker %s: heartbeat failed: %s", self.worker_id, error)
