"""The queue of site jobs, and the shared crawls that workers join. No Scrapy.

``archiver run SITES.toml --cluster`` puts each due site on the board as a :class:`SiteJob`:

- a site of its own (the default) goes into a :class:`~archiver.cluster.leases.LeasedQueue`
  (``archiver:jobs``, first come first served); one worker takes it and crawls it, holding a
  lease that it renews while it works; a worker that dies loses the lease and the job goes back
  to the queue. A site already queued or being crawled is not queued twice;
- a site with ``shared = true`` opens a shared crawl (``archiver:shared``): every worker joins it,
  all taking requests from its one frontier (:mod:`archiver.cluster.frontier`), until the
  frontier runs dry.

Workers join an open shared crawl before they take a site of their own.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import redis

from archiver.cluster.frontier import SharedFrontier
from archiver.cluster.leases import LeasedQueue, QueueCounts

JOBS = "archiver:jobs"
QUEUED = "archiver:jobs:sites"
SHARED = "archiver:shared"


@dataclass(frozen=True)
class SiteJob:
    """One crawl of one site: its name, the crawl id its workers' runs start with, and the
    ``archiver crawl`` arguments (``--out`` relative to the worker's output folder)."""

    site: str
    crawl_id: str
    arguments: list[str]
    shared: bool = False

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | str) -> SiteJob:
        fields = json.loads(data)
        return cls(fields["site"], fields["crawl_id"], list(fields["arguments"]), bool(fields.get("shared")))


class JobBoard:
    """Site jobs and shared crawls in Redis (see the module docstring)."""

    def __init__(self, client: redis.Redis, lease_time: float = 60.0) -> None:
        self.client = client
        self.lease_time = lease_time
        self.queue = LeasedQueue(client, JOBS, lease_time)

    def submit(self, job: SiteJob) -> bool:
        """Queue a site job, or open a shared crawl; False when that site is already queued,
        being crawled, or open."""
        if job.shared:
            frontier = SharedFrontier(self.client, job.site, self.lease_time)
            if self.client.hsetnx(SHARED, job.site, job.to_json()) == 0:
                if not frontier.is_finished():
                    return False
                self.client.hset(SHARED, job.site, job.to_json())  # the last crawl ended: replaced
            # A new crawl of the site: a fresh frontier and duplicate filter.
            frontier.clear()
            return True
        if self.client.sadd(QUEUED, job.site) == 0:
            return False
        self.queue.put(job.to_json(), score=float(self.client.incr(f"{JOBS}:serial")))
        return True

    def shared_crawl(self) -> SiteJob | None:
        """An open shared crawl to join, if any; closes those whose frontier ran dry."""
        for name, data in sorted(self.client.hgetall(SHARED).items()):
            job = SiteJob.from_json(data)
            if SharedFrontier(self.client, job.site, self.lease_time).is_finished():
                self.client.hdel(SHARED, name)
                continue
            return job
        return None

    def take(self, worker: str) -> tuple[bytes, SiteJob] | None:
        """(lease item, job) of the next site job, leased to ``worker``; None when none waits."""
        item = self.queue.take(worker)
        return None if item is None else (item, SiteJob.from_json(item))

    def finish(self, item: bytes) -> None:
        """The job is done: settle its lease; its site may be queued again."""
        self.queue.done([item])
        self.client.srem(QUEUED, SiteJob.from_json(item).site)

    def give_back(self, item: bytes) -> None:
        """The worker stopped before finishing the job: another worker takes it."""
        self.queue.give_back([item])

    def counts(self) -> QueueCounts:
        """Site jobs waiting, being crawled, and re-issued after a worker died."""
        return self.queue.counts()

    def shared_crawls(self) -> list[SiteJob]:
        """The open shared crawls."""
        return [SiteJob.from_json(data) for _, data in sorted(self.client.hgetall(SHARED).items())]
