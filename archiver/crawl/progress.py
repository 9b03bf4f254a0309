"""The extension that logs progress lines while a crawl runs and its summary when it ends."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from scrapy import signals
from twisted.internet import task

from archiver.crawl.addon import Archiver
from archiver.runs.summary import crawl_counts, summary_lines

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

logger = logging.getLogger("archiver.crawl.progress")
summary_logger = logging.getLogger("archiver.summary")


class CrawlProgress:
    """Logs pages, articles, errors and rate every ``ARCHIVER_PROGRESS_INTERVAL`` seconds (0:
    never), and the summary when the crawl ends."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler, Archiver.of(crawler).config.progress_interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        if self.interval > 0:
            self.loop = task.LoopingCall(self.log_progress)
            self.loop.start(self.interval, now=False)

    def log_progress(self) -> None:
        assert self.crawler.stats is not None
        counts = crawl_counts(self.crawler.stats.get_stats())
        elapsed = time.monotonic() - self.started
        logger.info(
            "%d pages (%.1f/s), %d articles, %d errors, %d queued",
            counts["pages"],
            counts["pages"] / elapsed if elapsed else 0.0,
            counts["articles"],
            counts["errors"],
            self._queued(),
        )

    def _queued(self) -> int:
        engine = self.crawler.engine
        try:
            return len(engine._slot.scheduler)  # type: ignore[union-attr,arg-type]
        except (AttributeError, TypeError):
            return 0

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        assert self.crawler.stats is not None
        for line in summary_lines(self.crawler.stats.get_stats(), time.monotonic() - self.started, reason):
            summary_logger.info(line)
