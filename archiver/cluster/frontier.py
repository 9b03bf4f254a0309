"""One big site crawled by many workers: its shared frontier in Redis. No Scrapy.

A shared crawl named NAME keeps under ``archiver:crawl:NAME``: the requests waiting and leased
(a :class:`~archiver.cluster.leases.LeasedQueue`, lowest score first: the score is minus the
request's priority), the fingerprints of every request ever scheduled (a set, scrapy-redis's
duplicate filter) and a hash of facts about the crawl (``finished`` once its frontier ran dry).
Every worker that joins the crawl pushes the links it finds and takes the next request from
here; :mod:`archiver.crawl.frontier` is the Scrapy scheduler over it.
"""

from __future__ import annotations

import secrets

import redis

from archiver.cluster.leases import LeasedQueue, QueueCounts

PREFIX = "archiver:crawl:"


class SharedFrontier:
    """The frontier of the shared crawl ``name`` (see the module docstring)."""

    def __init__(self, client: redis.Redis, name: str, lease_time: float) -> None:
        self.client = client
        self.name = name
        self.key = PREFIX + name
        self.queue = LeasedQueue(client, f"{self.key}:frontier", lease_time)
        self.seen_key = f"{self.key}:seen"

    def push(self, request: bytes, priority: int) -> None:
        """Add an encoded request (made unique, so that two equal requests are two items)."""
        self.queue.put(secrets.token_hex(8).encode() + b" " + request, -priority)

    def take(self, worker: str) -> tuple[bytes, bytes] | None:
        """(lease item, encoded request) of the next request, leased to ``worker``; None when none waits."""
        item = self.queue.take(worker)
        if item is None:
            return None
        return item, item.split(b" ", 1)[1]

    def counts(self) -> QueueCounts:
        """Requests waiting, leased, and re-issued after a lease ran out."""
        return self.queue.counts()

    def seen(self) -> int:
        """How many distinct requests the crawl has scheduled."""
        return int(self.client.scard(self.seen_key))

    def mark_finished(self) -> None:
        """Note that the frontier ran dry: workers stop joining the crawl."""
        self.client.hset(self.key, "finished", "1")

    def is_finished(self) -> bool:
        """Whether a worker found the frontier dry at the end of its crawl."""
        return bool(self.client.hget(self.key, "finished"))

    def clear(self) -> None:
        """Forget the crawl: its requests, fingerprints and facts (a new crawl of the same name)."""
        self.queue.clear()
        self.client.delete(self.seen_key, self.key)
