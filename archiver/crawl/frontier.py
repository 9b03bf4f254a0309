"""The Scrapy scheduler of a shared crawl: scrapy-redis's, with leases and JSON requests.

With ``ARCHIVER_SHARED_CRAWL = NAME`` (and ``ARCHIVER_REDIS_URL``) the add-on makes
:class:`SharedFrontierScheduler` the crawl's scheduler: every worker that crawls NAME pushes the
requests it finds into one frontier in Redis (:mod:`archiver.cluster.frontier`), filtered by one
duplicate filter (scrapy-redis's ``RFPDupeFilter``), and takes its next request from there.

Where scrapy-redis 0.9 lags, thin subclasses:

- requests cross Redis as JSON (:mod:`archiver.cluster.codec`), never pickled;
- a request taken is leased, not removed: its lease is renewed while the worker works on it and
  settled once Scrapy is done with it (downloaded, and its callback's links and items handled);
  a request whose worker died goes back to the frontier when its lease runs out, so nothing is
  lost, and in the normal case nothing is fetched twice. A worker that stops (SIGTERM) gives back
  at once what it had not started;
- the spider keeps its own ``async def start()``: start requests go through the shared duplicate
  filter, so the first worker's are crawled and the others' dropped (scrapy-redis's
  ``RedisSpider``, fed through the idle signal, is not used);
- a worker does not stop while another still holds leases (its pages may add links), and only
  once the frontier has been dry for a moment; the last one marks the crawl finished.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy.http import Request
from scrapy.utils.request import request_from_dict
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base as RedisQueue
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet.task import LoopingCall

from archiver.cluster import codec
from archiver.cluster.connection import redis_client
from archiver.cluster.frontier import SharedFrontier
from archiver.crawl.addon import Archiver

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)

# How long the frontier must stay dry (nothing waiting, nothing leased) before a worker stops.
IDLE_GRACE = 2.0
WAKE_INTERVAL = 0.5


def requests_in_progress(crawler: Crawler) -> set[Request]:
    """The requests the engine is working on, from download to the end of their callback's output.

    Scrapy keeps them in its engine's slot (``engine._slot.inprogress``), not a public API:
    tests/test_cluster_frontier.py fails loudly when that changes.
    """
    engine = crawler.engine
    slot = getattr(engine, "_slot", None) if engine is not None else None
    found: set[Request] = getattr(slot, "inprogress", set()) if slot is not None else set()
    return found


def wake_engine(crawler: Crawler) -> None:
    """Ask the engine to take the next request now (its ``_slot.nextcall``, as a response does)."""
    engine = crawler.engine
    slot = getattr(engine, "_slot", None) if engine is not None else None
    if slot is not None:
        slot.nextcall.schedule()


class FrontierQueue(RedisQueue):  # type: ignore[misc]
    """scrapy-redis's queue interface over the shared frontier: push, and take with a lease."""

    def __init__(self, frontier: SharedFrontier, spider: Spider, worker: str) -> None:
        super().__init__(frontier.client, spider, frontier.queue.waiting_key, serializer=codec)
        self.frontier = frontier
        self.worker = worker

    def __len__(self) -> int:
        return self.frontier.counts().waiting

    def _encode_request(self, request: Request) -> bytes:
        # Only data crosses Redis: what a download left in meta (futures of WARC records,
        # pointers) is this worker's, and a redirect or a retry copies it along.
        found = request.to_dict(spider=self.spider)
        found["meta"] = {key: value for key, value in found["meta"].items() if _is_plain(value)}
        return codec.dumps(found)

    def push(self, request: Request) -> None:
        self.frontier.push(self._encode_request(request), request.priority)

    def pop(self, timeout: int = 0) -> tuple[bytes, Request] | None:
        taken = self.frontier.take(self.worker)
        if taken is None:
            return None
        item, data = taken
        return item, request_from_dict(codec.loads(data), spider=self.spider)

    def clear(self) -> None:
        self.frontier.clear()


class SharedFrontierScheduler(RedisScheduler):  # type: ignore[misc]
    """The scheduler of a shared crawl (see the module docstring)."""

    frontier: SharedFrontier

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        config = Archiver.of(crawler).config
        client = redis_client(config.redis_url)
        frontier = SharedFrontier(client, config.shared_crawl, config.lease_time)
        scheduler = cls(
            server=client,
            persist=True,  # the frontier is the cluster's: one worker stopping must not clear it
            dupefilter=RFPDupeFilter(client, frontier.seen_key, debug=crawler.settings.getbool("DUPEFILTER_DEBUG")),
            serializer=codec,
        )
        scheduler.crawler = crawler
        scheduler.stats = crawler.stats
        scheduler.frontier = frontier
        scheduler.worker = config.worker_id or config.crawl_id
        scheduler.lease_time = config.lease_time
        return scheduler

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.queue = FrontierQueue(self.frontier, spider, self.worker)
        self._leased: dict[Request, bytes] = {}
        self._dry_since: float | None = None
        counts = self.frontier.counts()
        if counts.waiting or counts.leased:
            logger.info(
                "joining the shared crawl %s: %d requests waiting, %d leased to other workers",
                self.frontier.name,
                counts.waiting,
                counts.leased,
            )
        self._maintenance = LoopingCall(self._maintain)
        self._maintenance.start(max(0.5, self.lease_time / 4), now=False)
        # Scrapy asks an idle scheduler again only every 5 s: when another worker's pages have
        # filled the frontier, this one starts on it sooner, and stops sooner once it is dry.
        self._wake = LoopingCall(self._wake_if_work)
        self._wake.start(WAKE_INTERVAL, now=False)

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        self._settle_finished()
        taken = self.queue.pop()
        if taken is None:
            return None
        item, request = taken
        self._leased[request] = item
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        counts = self.frontier.counts()
        if counts.waiting or counts.leased:
            self._dry_since = None
            return True
        now = time.monotonic()
        if self._dry_since is None:
            self._dry_since = now
        return now - self._dry_since < IDLE_GRACE

    def close(self, reason: str) -> None:
        for loop in (self._maintenance, self._wake):
            if loop.running:
                loop.stop()
        self._settle_finished()
        unfinished = list(self._leased.values())
        if unfinished:
            given = self.frontier.queue.give_back(unfinished)
            logger.info("gave %d unfinished requests back to the shared crawl %s", given, self.frontier.name)
        self._leased.clear()
        counts = self.frontier.counts()
        if reason == "finished" and not counts.waiting and not counts.leased:
            self.frontier.mark_finished()
        super().close(reason)

    def _settle_finished(self) -> None:
        """Settle the leases of the requests Scrapy is done with."""
        if not self._leased:
            return
        busy = requests_in_progress(self.crawler)
        finished = [request for request in self._leased if request not in busy]
        if finished:
            self.frontier.queue.done([self._leased.pop(request) for request in finished])

    def _wake_if_work(self) -> None:
        if requests_in_progress(self.crawler):
            return
        counts = self.frontier.counts()
        # work to take, or a frontier dry long enough for this worker to stop
        dry_since = self._dry_since if not counts.waiting and not counts.leased else None
        if counts.waiting or (dry_since is not None and time.monotonic() - dry_since >= IDLE_GRACE):
            wake_engine(self.crawler)

    def _maintain(self) -> None:
        """Settle what is done, renew the leases of what is not, re-issue others' expired leases."""
        self._settle_finished()
        self.frontier.queue.renew(list(self._leased.values()))
        reissued = self.frontier.queue.reclaim()
        if reissued:
            self.stats.inc_value("archiver/cluster/reissued", reissued)
            logger.warning(
                "re-issued %d requests of the shared crawl %s whose worker's lease ran out",
                reissued,
                self.frontier.name,
            )

    def __len__(self) -> int:
        return len(self.queue)


def _is_plain(value: Any) -> bool:
    """Whether ``value`` is data that JSON (with bytes) can carry."""
    if value is None or isinstance(value, str | int | float | bool | bytes):
        return True
    if isinstance(value, list | tuple):
        return all(_is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_plain(item) for key, item in value.items())
    return False
