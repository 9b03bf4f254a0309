"""Re-runs that fetch only what is new or changed: the crawl state wired into the downloads.

Which known pages are due is the crawl state's rule (:mod:`archiver.state.due`); the spider asks
the add-on before it schedules a page. A due page that the state holds validators for is asked
conditionally here (``If-None-Match``, ``If-Modified-Since``). A ``304`` is archived as a
``server-not-modified`` revisit and handed to the spider as the archived page, read back from the
WARC file, so links and sitemaps are still followed. A 2xx whose payload is already archived
becomes an ``identical-payload-digest`` revisit (see :mod:`archiver.crawl.recorder`). An article
whose title and text are unchanged gives no new record; a changed one gives ``version`` + 1 and
``previous``, the ``warc`` pointer of the version before (:mod:`archiver.crawl.pipelines`).

Order of writes, so that a crash loses nothing: the WARC record first, then the page's state
(from the writer's future); the article's JSON line first, then its version in the state.
Whatever a SIGKILL cuts off is read back from the WARC and JSON Lines files at the next start
(:class:`archiver.crawl.addon.Archiver` does that when it opens the state).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes

from archiver.crawl import meta
from archiver.crawl.addon import Archiver, ArchiverComponent
from archiver.state.model import WarcPointer, iso_now
from archiver.warc.reading import read_archived_response
from archiver.warc.records import SERVER_NOT_MODIFIED
from archiver.warc.writer import RecordLocation

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from archiver.state.model import CrawlState

logger = logging.getLogger(__name__)

_CONDITIONAL_HEADERS = (b"If-None-Match", b"If-Modified-Since")


class IncrementalMiddleware(ArchiverComponent):
    """Conditional requests for known pages, 304s turned back into the archived page, and every
    fetch stored in the add-on's crawl state once its WARC record is written. Off (NotConfigured)
    with ``ARCHIVER_INCREMENTAL = False``."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        archiver = Archiver.of(crawler)
        if not archiver.config.incremental:
            raise NotConfigured
        return cls(crawler, archiver)

    @property
    def state(self) -> CrawlState:
        state = self.archiver.state
        assert state is not None, "the crawl state is not open"
        return state

    def process_request(self, request: Request) -> None:
        if request.meta.get(meta.UNCONDITIONAL) or any(h in request.headers for h in _CONDITIONAL_HEADERS):
            return None
        page = self.state.page(request.url)
        if page is None or page.payload is None or not 200 <= page.status < 300:
            return None
        if page.etag:
            request.headers[b"If-None-Match"] = page.etag
        if page.last_modified:
            request.headers[b"If-Modified-Since"] = page.last_modified
        if page.etag or page.last_modified:
            request.meta[meta.KNOWN_PAYLOAD] = (request.url, page.payload)
            request.meta[meta.KNOWN_STATUS] = page.status
            self._count("incremental/conditional")
        return None

    def process_response(self, request: Request, response: Response) -> Request | Response:
        self._remember_when_written(request, response)
        known = request.meta.get(meta.KNOWN_PAYLOAD)
        if response.status != 304 or known is None:
            return response
        archived = read_archived_response(self.archiver.config.warc_dir, known[1])
        if archived is None:
            # The archived page is gone or unreadable: ask again without validators.
            self._count("incremental/unreadable_archive")
            logger.warning("archived copy of %s unreadable; fetching it again in full", request.url)
            headers = request.headers.copy()
            for name in _CONDITIONAL_HEADERS:
                headers.pop(name, None)
            unconditional = {k: v for k, v in request.meta.items() if k not in (meta.KNOWN_PAYLOAD, meta.KNOWN_STATUS)}
            unconditional[meta.UNCONDITIONAL] = True
            return request.replace(headers=headers, meta=unconditional, dont_filter=True)
        self._count("incremental/not_modified")
        status, archived_headers, body = archived
        headers = Headers()
        for header, value in archived_headers:
            headers.appendlist(header.encode("latin-1", "replace"), value.encode("latin-1", "replace"))
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(
            url=response.url,
            status=status,
            headers=headers,
            body=body,
            request=request,
            flags=[*response.flags, "archiver_not_modified"],
            ip_address=response.ip_address,
            protocol=response.protocol,
        )

    def _remember_when_written(self, request: Request, response: Response) -> None:
        future: Future[RecordLocation] | None = request.meta.get(meta.WARC_RECORD)
        if future is None:
            return
        url = request.url
        fetched_at = iso_now()
        warc_date = request.meta.get(meta.WARC_DATE, "")
        revisit = request.meta.get(meta.REVISIT)
        listed = request.meta.get(meta.LISTED)
        status = response.status
        etag = _header(response, b"ETag")
        last_modified = _header(response, b"Last-Modified")
        state = self.state
        if status == 304 and revisit == SERVER_NOT_MODIFIED:
            known = state.page(url)
            status = request.meta.get(meta.KNOWN_STATUS, 200)
            etag = etag or (known.etag if known else None)
            last_modified = last_modified or (known.last_modified if known else None)

        def store(done: Future[RecordLocation]) -> None:
            if done.exception() is not None:
                return
            location = done.result()
            payload: WarcPointer | None
            if revisit is None:
                payload = WarcPointer(
                    location.filename,
                    location.offset,
                    location.length,
                    location.record_id,
                    warc_date,
                    location.payload_digest,
                )
            elif revisit == SERVER_NOT_MODIFIED:
                payload = None
            else:
                payload = request.meta[meta.REVISIT_OF][1]
            try:
                state.record_fetch(
                    url,
                    fetched_at=fetched_at,
                    status=status,
                    etag=etag,
                    last_modified=last_modified,
                    listed=listed,
                    payload=payload,
                )
            except Exception as error:  # the state is a cache of the WARC files: log, go on
                logger.error("could not update the crawl state for %s: %s", url, error)

        future.add_done_callback(store)

    def _count(self, key: str, count: int = 1) -> None:
        if count:
            self.crawler.stats.inc_value(f"archiver/{key}", count)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
