"""Page requisites in a crawl: the requests for what each archived page needs to render, and
what becomes of them.

The archiver's spiders mix :class:`RequisiteRequests` in. Which URLs a page needs is read in
the extraction worker from the tree it parsed anyway (:mod:`archiver.discovery.requisites`);
a fetched stylesheet goes to a worker too, to be read for its imports, fonts and images
(:mod:`archiver.discovery.stylesheets`), so the reactor thread never parses one.

A requisite is fetched once per crawl, however many pages use it; it may live on another host
(a CDN): it is then allowed off-site for itself alone (Scrapy's ``allow_offsite`` meta key),
never followed for links and never extracted as an article, and Scrapy's robots.txt middleware
asks that host's robots.txt first. It is archived like every exchange; in a later run an
unchanged one becomes a revisit (:mod:`archiver.crawl.incremental`: a requisite is never an
article, so it is always due, and asked for conditionally when its validators are known).
``ARCHIVER_REQUISITE_MAX_SIZE`` bounds its download (Scrapy's ``download_maxsize`` meta key).
It is asked for once (``dont_retry``), as a browser loads it.

Counts, under ``archiver/requisites/``: ``fetched``, ``failed`` (an HTTP error or a network
failure: never an error of the page), ``robots`` (forbidden by the host's robots.txt) and
``too_large``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError

from archiver.crawl import meta
from archiver.crawl.failures import failure_reason
from archiver.crawl.items import PageItem
from archiver.crawl.redirects import RedirectFailure

if TYPE_CHECKING:
    from twisted.python.failure import Failure

    from archiver.crawl.addon import Archiver
    from archiver.discovery.requisites import PageRequisites
    from archiver.discovery.urls import URLFilter
    from archiver.extraction.page import Extraction

logger = logging.getLogger(__name__)

STYLESHEET, FILE, FRAME, DOCUMENT = "stylesheet", "file", "frame", "document"
# page -> stylesheet -> imported stylesheet -> font is 3; a frame adds one
MAX_REQUISITE_LEVEL = 5
# below the start pages (10) and sitemaps (15), above the pages links lead to (0): a page's
# requisites are fetched soon after it, as a reader's browser would
REQUISITE_PRIORITY = 5
# What Scrapy's RobotsTxtMiddleware says when it refuses a request.
ROBOTS_FORBIDDEN = "Forbidden by robots.txt"
# Scrapy >= 2.14 wraps a download cancelled for its size (download_maxsize) in its own exception;
# earlier versions let Twisted's CancelledError through.
_SIZE_CANCELLED: tuple[type[BaseException], ...] = tuple(
    {getattr(scrapy.exceptions, "DownloadCancelledError", CancelledError), CancelledError}
)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class RequisiteRequests:
    """The requisite requests of an archiver spider, their callback and their errback.

    Needs the spider's ``archiver`` (the add-on), ``url_filter`` (frames are fetched only on the
    crawl's own sites), ``crawler`` and ``requisites_seen`` (an empty set at the start: the
    requisite URLs requested so far, each requested once).
    """

    archiver: Archiver
    url_filter: URLFilter
    crawler: Any
    requisites_seen: set[str]

    def requisite_requests(self, url: str, extraction: Extraction) -> Iterator[scrapy.Request]:
        """The requests for what the page at ``url`` needs, as ``ARCHIVER_REQUISITES`` says:
        every HTML page's (``all``), articles' only (``articles``) or none; documents an article
        links to when ``ARCHIVER_REQUISITE_DOCUMENTS`` is on."""
        config = self.archiver.config
        found = extraction.links.requisites if extraction.links is not None else None
        if found is None or config.requisites == "none":
            return
        is_article = extraction.record is not None
        if config.requisites == "articles" and not is_article:
            return
        yield from self._requests_for(found, url, level=1, documents=config.requisite_documents and is_article)

    async def parse_requisite(self, response: Response) -> AsyncIterator[scrapy.Request]:
        """Count a fetched requisite; read a stylesheet for its imports and files, a frame for
        its own requisites (never for links, never as an article)."""
        self._count_requisite("fetched")
        kind = response.meta.get(meta.REQUISITE)
        level = int(response.meta.get(meta.REQUISITE_LEVEL, 1))
        extractor = self.archiver.extractor
        if level >= MAX_REQUISITE_LEVEL or extractor is None or not response.body:
            return
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        is_html = content_type.lower().startswith(_HTML_TYPES) if content_type else isinstance(response, HtmlResponse)
        try:
            if kind == STYLESHEET and not is_html:  # an HTML answer is an error page, not CSS
                links = await extractor.stylesheet_links(response.body, response.url, content_type or None)
                wanted = [(links.imports, STYLESHEET), (links.files, FILE)]
                for request in self._requests(wanted, response.url, level + 1):
                    yield request
            elif kind == FRAME and is_html and isinstance(response, TextResponse):
                extraction = await extractor.extract(PageItem.from_response(response))
                found = extraction.links.requisites if extraction.links is not None else None
                if found is not None:
                    for request in self._requests_for(found, response.url, level=level + 1, documents=False):
                        yield request
        except Exception as error:  # a dead worker process: the requisite is archived all the same
            self.crawler.stats.inc_value("archiver/extract/errors")
            logger.warning("could not read the requisite %s: %r", response.url, error)

    def requisite_failed(self, failure: Failure) -> None:
        """Count a requisite that was not fetched: forbidden by robots.txt, too large, or failed
        (an HTTP error or a network failure; its exchange, if any, is archived)."""
        request = failure.request  # type: ignore[attr-defined]
        message = failure.getErrorMessage()
        if failure.check(IgnoreRequest) and not failure.check(HttpError, RedirectFailure):
            if message == ROBOTS_FORBIDDEN:
                self._count_requisite("robots")
            elif "DOWNLOAD_MAXSIZE" in message:  # larger than the limit once decompressed
                self._count_requisite("too_large")
            else:  # a replayed archive without it, say: a choice, not a failure
                self.crawler.stats.inc_value("archiver/ignored")
            logger.debug("requisite not fetched: %s: %s", request.url, message)
            return
        if failure.check(*_SIZE_CANCELLED):
            self._count_requisite("too_large")
            logger.debug("requisite too large: %s: %s", request.url, message)
            return
        reason = failure_reason(failure)
        self._count_requisite("failed")
        logger.debug("requisite failed: %s (for %s): %s", request.url, request.meta.get(meta.REQUISITE_OF), reason)

    def _requests_for(
        self, found: PageRequisites, url: str, *, level: int, documents: bool
    ) -> Iterator[scrapy.Request]:
        frames = [frame for frame in found.frames if self.url_filter.on_site(frame)]
        wanted = [(found.stylesheets, STYLESHEET), (found.files, FILE), (frames, FRAME)]
        if documents:
            wanted.append((found.documents, DOCUMENT))
        yield from self._requests(wanted, url, level)

    def _requests(self, wanted: Sequence[tuple[Sequence[str], str]], of: str, level: int) -> Iterator[scrapy.Request]:
        """Requests for the URLs of each kind in ``wanted`` that ``of`` needs, each URL once per
        crawl, at most ``page_max_requisites`` of them."""
        # a hostile page's 100,000 images, perhaps on other hosts, are not all asked for; the
        # most among 1,936 real pages was 3,843 (a shop's pictures in every size)
        budget = self.archiver.config.limits.page_max_requisites
        seen = self.requisites_seen
        not_fetched = 0
        for urls, kind in wanted:
            for requisite in urls:
                if requisite in seen:
                    continue
                if budget <= 0:
                    not_fetched += 1
                    continue  # (not marked as seen: another page may still ask for it)
                budget -= 1
                seen.add(requisite)
                yield self._request(requisite, kind, of, level)
        if not_fetched:
            self.crawler.stats.inc_value("archiver/limits/requisites_not_fetched", not_fetched)

    def _request(self, url: str, kind: str, of: str, level: int) -> scrapy.Request:
        request_meta: dict[str, Any] = {
            meta.REQUISITE: kind,
            meta.REQUISITE_OF: of,
            meta.REQUISITE_LEVEL: level,
            "allow_offsite": True,  # Scrapy's OffsiteMiddleware: a CDN's file is fetched all the same
            "download_maxsize": self.archiver.config.requisite_max_size,
            # asked once, as a browser loads a page: a failure is counted, not retried and
            # logged as an error (saved pages name hundreds of hosts that are gone)
            "dont_retry": True,
        }
        return scrapy.Request(
            url,
            callback=self.parse_requisite,
            errback=self.requisite_failed,
            priority=REQUISITE_PRIORITY,
            meta=request_meta,
        )

    def _count_requisite(self, key: str) -> None:
        self.crawler.stats.inc_value(f"archiver/requisites/{key}")
