"""The extension that tells the cluster how a worker's crawl is going (``archiver status --cluster``).

With ``ARCHIVER_REDIS_URL`` and ``ARCHIVER_WORKER_ID`` set (a worker's crawl), every few seconds
and when the crawl ends it writes the crawl's pages, articles and pages per second to the
worker's entry in the cluster's registry, and adds what it crawled since to its site's totals
(:class:`~archiver.cluster.registry.Registry`). Off (NotConfigured) otherwise.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from archiver.cluster.connection import redis_client
from archiver.cluster.registry import Registry
from archiver.crawl.addon import Archiver
from archiver.runs.summary import crawl_counts

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

INTERVAL = 2.0


class ClusterProgress:
    """Reports the crawl's counts to the cluster's registry (see the module docstring)."""

    def __init__(self, crawler: Crawler, registry: Registry, worker: str, site: str) -> None:
        self.crawler = crawler
        self.registry = registry
        self.worker = worker
        self.site = site
        self.reported = {"pages": 0, "articles": 0}
        self.last = (time.monotonic(), 0)
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        config = Archiver.of(crawler).config
        if not config.redis_url or not config.worker_id:
            raise NotConfigured
        site = config.site_name or config.shared_crawl or "-"
        extension = cls(crawler, Registry(redis_client(config.redis_url)), config.worker_id, site)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.last = (time.monotonic(), 0)
        self.loop = task.LoopingCall(self.report)
        self.loop.start(INTERVAL, now=False)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.report()

    def report(self) -> None:
        assert self.crawler.stats is not None
        counts = crawl_counts(self.crawler.stats.get_stats())
        now, pages = time.monotonic(), int(counts["pages"])
        then, pages_then = self.last
        rate = (pages - pages_then) / (now - then) if now > then else 0.0
        self.last = (now, pages)
        current = {"pages": pages, "articles": int(counts["articles"])}
        added = {name: current[name] - self.reported[name] for name in current}
        self.reported = current
        self.registry.crawl_progress(self.worker, self.site, current["pages"], current["articles"], rate, added)
