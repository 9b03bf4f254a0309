"""A size limit on every response body, so that a crawl's memory does not grow with what a site
sends: a page is cut at ``ARCHIVER_PAGE_MAX_SIZE``, a sitemap or a feed at
``ARCHIVER_DISCOVERY_MAX_SIZE`` (``meta[MAX_SIZE]`` sets another limit for one request).

Scrapy holds a body in memory while it arrives, up to ``DOWNLOAD_MAXSIZE`` (1 GiB), and then drops
it whole. Here the download stops at the limit instead (Scrapy's ``bytes_received`` signal and
``StopDownload(fail=False)``): the part received is kept, archived with ``WARC-Truncated: length``
(see :mod:`archiver.crawl.recorder`) and handed on, marked ``download_stopped``. The same limit
caps the body once its content coding is undone (:mod:`archiver.crawl.httpcompression`), so a
gzip bomb costs no more than the limit either. Stats: ``archiver/limits/cut`` (bodies cut at the
limit), ``archiver/limits/inflated_too_large`` (bodies dropped when inflating past it). A request
with a limit of Scrapy's own (the ``download_maxsize`` meta key: a page requisite) is left to
Scrapy, which cancels it past that limit.
"""

from __future__ import annotations

import logging
import weakref
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import StopDownload

from archiver.crawl import meta
from archiver.crawl.addon import Archiver, ArchiverComponent

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)

CUT_FLAG = "download_stopped"  # Scrapy's flag for a response whose download was stopped


def size_limit(request: Request, default: int) -> int:
    """The most bytes of ``request``'s body a crawl keeps: ``meta[MAX_SIZE]`` or ``default``."""
    limit = request.meta.get(meta.MAX_SIZE)
    return int(limit) if limit else default


class BodyLimitMiddleware(ArchiverComponent):
    """Stops each download at its size limit and keeps what arrived (see the module docstring)."""

    def __init__(self, crawler: Crawler, archiver: Archiver) -> None:
        super().__init__(crawler, archiver)
        self.received: weakref.WeakKeyDictionary[Request, int] = weakref.WeakKeyDictionary()
        self.default_limit = archiver.config.limits.page_max_size
        self.crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    def bytes_received(self, data: bytes, request: Request, spider: Spider) -> None:
        if "download_maxsize" in request.meta:  # a limit of Scrapy's own (page requisites): it cancels
            return
        received = self.received.get(request, 0) + len(data)
        self.received[request] = received
        if received > size_limit(request, self.default_limit):
            raise StopDownload(fail=False)

    def process_response(self, request: Request, response: Response) -> Response:
        self.received.pop(request, None)
        if CUT_FLAG in response.flags:
            limit = size_limit(request, self.default_limit)
            self.crawler.stats.inc_value("archiver/limits/cut")
            logger.warning("cut at the size limit of %d bytes, archived as far as it came: %s", limit, request.url)
        return response
