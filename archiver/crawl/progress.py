"""Progress lines while a crawl runs and one summary when it ends."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from twisted.internet import task

from archiver.config import ArchiverConfig

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider
    from typing_extensions import Self

logger = logging.getLogger("archiver.crawl.progress")
summary_logger = logging.getLogger("archiver.summary")


def error_counts(stats: dict[str, Any]) -> dict[str, int]:
    """Every failure of a crawl by name: requests that failed (``archiver/errors/*``, by exception
    or problem), pages whose extraction failed, exceptions in the spider's own code, WARC
    records that could not be written, or came after the writer closed."""
    errors = {k.removeprefix("archiver/errors/"): int(v) for k, v in stats.items() if k.startswith("archiver/errors/")}
    errors.update(
        (f"spider {k.removeprefix('spider_exceptions/')}", int(v))
        for k, v in stats.items() if k.startswith("spider_exceptions/") and k != "spider_exceptions/count"
    )  # fmt: skip
    for key, name in (("archiver/extract/errors", "extraction"), ("archiver/warc/write_errors", "WARC write"),
                      ("archiver/warc/not_recorded", "not archived")):  # fmt: skip
        if stats.get(key):
            errors[name] = int(stats[key])
    return errors


def crawl_counts(stats: dict[str, Any]) -> dict[str, int]:
    """The numbers a user follows, from a crawl's stats: pages, articles, not articles, errors."""
    return {
        "pages": int(stats.get("downloader/response_count", 0)),
        "articles": int(stats.get("item_scraped_count", 0)),
        "not_articles": int(stats.get("archiver/pages/not_article", 0)),
        "errors": sum(error_counts(stats).values()),
        "warc_records": int(stats.get("archiver/warc/responses", 0)),
    }


def summary_lines(stats: dict[str, Any], elapsed: float, reason: str) -> list[str]:
    """The end-of-crawl summary as printed lines."""
    counts = crawl_counts(stats)
    rate = counts["pages"] / elapsed if elapsed > 0 else 0.0
    lines = [
        f"finished ({reason}) in {elapsed:.1f} s: "
        f"{counts['pages']} pages ({rate:.1f}/s), {counts['articles']} articles, "
        f"{counts['not_articles']} other HTML pages, {counts['errors']} errors",
    ]
    statuses = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("downloader/response_status_count/")}
    if statuses:
        lines.append("HTTP status: " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())))
    if errors := error_counts(stats):
        lines.append("errors: " + ", ".join(f"{name}: {n}" for name, n in sorted(errors.items())))
    if truncated := stats.get("archiver/warc/truncated"):
        lines.append(f"truncated: {truncated} responses cut short, archived with WARC-Truncated")
    return lines


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
        extension = cls(crawler, ArchiverConfig.of(crawler).progress_interval)
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
            counts["pages"], counts["pages"] / elapsed if elapsed else 0.0,
            counts["articles"], counts["errors"], self._queued(),
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
