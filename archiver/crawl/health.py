"""The extension that counts weak article records during a crawl and, when it ends, logs one
health line and writes the run's report (see :mod:`archiver.runs.health`)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals

from archiver.config import ArchiverConfig
from archiver.crawl import meta
from archiver.crawl.addon import Archiver
from archiver.crawl.items import ArticleRecord
from archiver.exceptions import OutputError
from archiver.runs.health import health_line, health_report, health_warnings, latest_report, weak_fields, write_report
from archiver.runs.summary import no_record_counts, requisite_counts, run_outcome

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.spiders import Spider

logger = logging.getLogger("archiver.summary")


class CrawlHealth:
    """Counts weak article records during a crawl; logs and writes the health report at the end."""

    def __init__(self, crawler: Crawler, config: ArchiverConfig) -> None:
        self.crawler = crawler
        self.config = config
        self.articles = 0
        self.failed: dict[str, int] = {}
        # responses by status that say a file is not there which a site need not have: robots.txt
        # (fetched by Scrapy and by the spider) and the guessed /sitemap.xml; no HTTP errors
        self.absent: dict[int, int] = {}
        # responses to page requisites (images, stylesheets, a CDN's files): counted apart, so
        # that a failed image is never an HTTP error of the site's pages
        self.requisites: dict[int, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler, Archiver.of(crawler).config)
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        if request.meta.get(meta.REQUISITE):
            self.requisites[response.status] = self.requisites.get(response.status, 0) + 1
        elif response.status in (404, 410) and (
            request.meta.get(meta.GUESSED) or urlsplit(response.url).path == "/robots.txt"
        ):
            self.absent[response.status] = self.absent.get(response.status, 0) + 1

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if isinstance(item, ArticleRecord):
            self.articles += 1
            for check in weak_fields(item):
                self.failed[check] = self.failed.get(check, 0) + 1

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        prefix = "downloader/response_status_count/"
        statuses = {int(k[len(prefix) :]): int(v) for k, v in stats.items() if k.startswith(prefix)}
        for status, count in [*self.absent.items(), *self.requisites.items()]:
            statuses[status] = statuses.get(status, 0) - count
        statuses = {status: count for status, count in statuses.items() if count > 0}
        site = self.config.site_name or _site_name(spider)
        report = health_report(
            site,
            self.config.crawl_id,
            self.articles,
            self.failed,
            statuses,
            no_record=no_record_counts(stats),
            requisites=requisite_counts(stats),
        )
        report["outcome"] = run_outcome(reason, stats)
        folder = self.config.output_dir / "reports"
        report["warnings"] = health_warnings(latest_report(folder, site), report, self.config.health_threshold)
        logger.info(health_line(report))
        for warning in report["warnings"]:
            logger.warning("health %s: %s", site, warning)
        try:
            write_report(folder, report)
        except (OSError, OutputError) as error:
            logger.error("could not write the health report: %s", error)


def _site_name(spider: Spider) -> str:
    urls = getattr(spider, "start_urls", None) or ["unknown"]
    host = urlsplit(urls[0]).netloc or "unknown"
    return host.replace(":", "_")
