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
from collections.abc import Callable
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.http import Request, Response

from archiver import __version__
from archiver.config import ArchiverConfig
from archiver.exceptions import OutputError
from archiver.warc.records import (
    IDENTICAL_PAYLOAD_DIGEST,
    SERVER_NOT_MODIFIED,
    HttpExchange,
    RevisitOf,
    format_warc_date,
    payload_digest,
)
from archiver.warc.writer import RecordLocation, ThreadedWarcWriter, WarcFileWriter, repair_open_files

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from archiver.state.store import WarcPointer
    from scrapy.spiders import Spider
    from typing_extensions import Self

logger = logging.getLogger(__name__)


def exchange_from_scrapy(
    request: Request, response: Response, fetched_at: datetime, body_digest: str | None = None
) -> HttpExchange:
    """The exchange as far as Scrapy's objects still tell it (see the README on what is rebuilt).

    ``body_digest``: the body's payload digest, when already computed.
    """
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
        payload_digest=body_digest,
    )


# A known payload: (the URL it was fetched from, the record that holds it).
KnownPayload = tuple[str, "WarcPointer"]


class WarcRecorderMiddleware:
    """Writes a request and a response record for every exchange; rotates and repairs files.

    Revisits (set up by :mod:`archiver.crawl.incremental`): a 304 answer to a request whose
    ``meta["archiver_known_payload"]`` names the archived page is written as a
    ``server-not-modified`` revisit; a 2xx whose payload digest ``payload_lookup`` knows is
    written as an ``identical-payload-digest`` revisit, headers kept and body omitted. For a
    revisit, ``meta["archiver_warc"]`` resolves to the record holding the payload and
    ``meta["archiver_revisit"]`` names the profile; ``meta["archiver_warc_record"]`` is always
    the record written for this exchange.
    """

    def __init__(self, crawler: Crawler, config: ArchiverConfig) -> None:
        self.crawler = crawler
        self.config = config
        self.writer: ThreadedWarcWriter | None = None
        self.payload_lookup: Callable[[str], KnownPayload | None] | None = None
        self._repaired = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler, ArchiverConfig.of(crawler))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def repair_left_overs(self) -> None:
        """Create the WARC folder and repair ``.open`` files of an earlier run; once per crawl."""
        if self._repaired:
            return
        self._repaired = True
        config = self.config
        try:
            config.warc_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot create WARC folder {config.warc_dir}: {error.strerror}") from None
        for report in repair_open_files(config.warc_dir):
            logger.warning("repaired a WARC file left open by an earlier run: %s", report)
            self.crawler.stats.inc_value("archiver/warc/repaired_files")

    def spider_opened(self, spider: Spider) -> None:
        config = self.config
        self.repair_left_overs()
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
        # The digest that looks for an archived copy of the payload is also the record's:
        # handed to the writer, so that the body is hashed once.
        body_digest = None
        if self.payload_lookup is not None and 200 <= response.status < 300 and response.body:
            body_digest = payload_digest(response.body)
        exchange = exchange_from_scrapy(request, response, fetched_at, body_digest)
        request.meta["archiver_warc_date"] = format_warc_date(fetched_at, self.config.warc_version)
        revisit = self._revisit_of(request, response, body_digest)
        if revisit is None:
            future = self.writer.submit_exchange(exchange)
            request.meta["archiver_warc"] = future
            self.crawler.stats.inc_value("archiver/warc/responses")
        else:
            kind, (target_uri, pointer) = revisit
            future = self.writer.submit_revisit(exchange, kind, RevisitOf(pointer.record_id, target_uri, pointer.date))
            request.meta["archiver_warc"] = _payload_location(future, pointer)
            request.meta["archiver_revisit"] = kind
            request.meta["archiver_revisit_of"] = (target_uri, pointer)
            self.crawler.stats.inc_value(f"archiver/warc/revisits/{kind}")
        future.add_done_callback(self._count_written)
        request.meta["archiver_warc_record"] = future
        if "dataloss" in response.flags:
            self.crawler.stats.inc_value("archiver/warc/truncated")
        return response

    def _revisit_of(
        self, request: Request, response: Response, body_digest: str | None
    ) -> tuple[str, KnownPayload] | None:
        known = request.meta.get("archiver_known_payload")
        if response.status == 304 and known is not None:
            return SERVER_NOT_MODIFIED, known
        if self.payload_lookup is not None and body_digest is not None:
            found = self.payload_lookup(body_digest)
            if found is not None:
                return IDENTICAL_PAYLOAD_DIGEST, found
        return None

    def _count_written(self, future: object) -> None:
        error = future.exception()  # type: ignore[attr-defined]
        if error is not None:
            self.crawler.stats.inc_value("archiver/warc/write_errors")
            logger.error("could not write a WARC record: %s", error)


def _payload_location(written: Future[RecordLocation], pointer: WarcPointer) -> Future[RecordLocation]:
    """A future of the record holding the payload, resolved once the revisit is written."""
    result: Future[RecordLocation] = Future()

    def done(future: Future[RecordLocation]) -> None:
        error = future.exception()
        if error is not None:
            result.set_exception(error)
        else:
            result.set_result(RecordLocation(
                pointer.filename, pointer.offset, pointer.length, pointer.record_id, pointer.payload_digest
            ))

    written.add_done_callback(done)
    return result
