"""Downloader middleware that records every HTTP exchange of a crawl in WARC files.

It sits closest to the network (priority 950), so it sees each response before
redirects are followed, errors filtered or content-encoding removed: robots.txt,
sitemaps, feeds, redirects, errors and pages all land in the archive as served.
Compression and writing happen on the writer's own thread; the response's
``meta["archiver_warc"]`` is a future of the record's location.
"""

from __future__ import annotations

import logging
import socket
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.http import Request, Response

from archiver import __version__
from archiver.config import ArchiverConfig
from archiver.exceptions import OutputError
from archiver.warc import HttpExchange
from archiver.warc_files import ThreadedWarcWriter, WarcFileWriter, repair_open_files

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider
    from typing_extensions import Self

logger = logging.getLogger(__name__)


def exchange_from_scrapy(request: Request, response: Response, fetched_at: datetime) -> HttpExchange:
    """The exchange as far as Scrapy's objects still tell it (see the README on what is rebuilt)."""
    truncated = "disconnect" if "dataloss" in response.flags else None
    return HttpExchange(
        url=request.url,
        method=request.method,
        request_headers=[(name, value) for name, values in request.headers.items() for value in values],
        request_body=request.body,
        status=response.status,
        response_headers=[(name, value) for name, values in response.headers.items() for value in values],
        body=response.body,
        ip_address=str(response.ip_address) if response.ip_address else None,
        fetched_at=fetched_at,
        truncated=truncated,
        protocol=response.protocol or "HTTP/1.1",
    )


class WarcRecorderMiddleware:
    """Writes a request and a response record for every exchange; rotates and repairs files."""

    def __init__(self, crawler: Crawler, config: ArchiverConfig) -> None:
        self.crawler = crawler
        self.config = config
        self.writer: ThreadedWarcWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler, ArchiverConfig.from_settings(crawler.settings))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        config = self.config
        try:
            config.warc_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot create WARC folder {config.warc_dir}: {error.strerror}") from None
        for report in repair_open_files(config.warc_dir):
            logger.warning("repaired a WARC file left open by an earlier run: %s", report)
            self.crawler.stats.inc_value("archiver/warc/repaired_files")
        files = WarcFileWriter(
            config.warc_dir,
            prefix=config.warc_prefix,
            max_size=config.warc_max_size,
            warc_version=config.warc_version,
            compress_level=config.warc_compress_level,
            warcinfo={
                "software": f"news-archiver/{__version__}",
                "format": f"WARC File Format {config.warc_version}",
                "hostname": socket.gethostname(),
                "isPartOf": config.crawl_id,
                "robots": "obey" if self.crawler.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                "http-header-user-agent": str(self.crawler.settings.get("USER_AGENT")),
                "description": "start URLs: " + " ".join(getattr(spider, "start_urls", [])),
            },
        )
        self.writer = ThreadedWarcWriter(files)

    def spider_closed(self, spider: Spider) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    def process_response(self, request: Request, response: Response) -> Response:
        fetched_at = datetime.now(UTC)
        request.meta["archiver_fetched_at"] = fetched_at.isoformat(timespec="seconds").replace("+00:00", "Z")
        if self.writer is None:  # a response after close: nothing to write it to
            self.crawler.stats.inc_value("archiver/warc/not_recorded")
            return response
        future = self.writer.submit_exchange(exchange_from_scrapy(request, response, fetched_at))
        future.add_done_callback(self._count_written)
        request.meta["archiver_warc"] = future
        self.crawler.stats.inc_value("archiver/warc/responses")
        if "dataloss" in response.flags:
            self.crawler.stats.inc_value("archiver/warc/truncated")
        return response

    def _count_written(self, future: object) -> None:
        error = future.exception()  # type: ignore[attr-defined]
        if error is not None:
            self.crawler.stats.inc_value("archiver/warc/write_errors")
            logger.error("could not write a WARC record: %s", error)
