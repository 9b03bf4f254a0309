"""Replay: crawl again from WARC and WACZ files instead of the network.

A downloader middleware answers every request from the archive: the spider, discovery and
extraction run as in a live crawl, on yesterday's pages, with zero network requests. Setting
``ARCHIVER_REPLAY_FROM`` (a list of ``.warc``, ``.warc.gz`` and ``.wacz`` paths; empty, the
default, turns replay off with ``NotConfigured``). ``archiver crawl --replay PATH`` sets it.

- At start the files are indexed: URL → where its ``response`` (or ``revisit``) record is. A URL
  archived more than once answers with its last capture, in the order the paths are given.
- A request whose URL is in the index gets the archived status, headers and body; one that is
  not raises ``IgnoreRequest`` (counted in ``archiver/replay/misses``): a response is never
  invented, and nothing goes to the network.
- **Content coding is undone here**: the body is decoded (chunked transfer coding and
  gzip/deflate/br content coding, by warcio) and ``Content-Encoding``/``Transfer-Encoding``
  are dropped, with ``Content-Length`` set to the decoded body. The spider sees what
  HttpCompressionMiddleware would have given it, whatever tool wrote the WARC (wget's still
  carry the chunked framing), and no component downstream can decode twice.
- A ``revisit`` record answers with its own status and headers and the payload of the record
  it revisits (found by ``WARC-Refers-To-Target-URI``/payload digest).
- Provenance stays with the archive: the middleware sits just below the WARC recorder
  (priority 945 < 950), so after the recorder has seen the response it points
  ``meta[WARC]`` back at the archived record and ``meta[FETCHED_AT]`` at its ``WARC-Date``
  (:mod:`archiver.crawl.meta`). A replayed crawl's records therefore equal the original crawl's (``crawl_id``
  aside); the recorder still writes the replayed exchanges to the new crawl's WARC files.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes

from archiver.crawl import meta
from archiver.crawl.addon import Archiver
from archiver.crawl.limits import size_limit
from archiver.exceptions import InputError, UsageError
from archiver.warc import brotli as warcio_brotli
from archiver.warc.captures import ArchivedRecord, ReplayIndex
from archiver.warc.reading import PayloadTooLarge, read_capture
from archiver.warc.writer import RecordLocation

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

warcio_brotli.install()  # warcio 1.8 cannot decode brotli 1.2 bodies by itself

logger = logging.getLogger(__name__)

_DROPPED_HEADERS = {b"content-encoding", b"transfer-encoding", b"content-length"}


class ReplayMiddleware:
    """Answers requests from WARC/WACZ files (``ARCHIVER_REPLAY_FROM``); see the module doc.

    Stats: ``archiver/replay/indexed`` (URLs), ``archiver/replay/hits``,
    ``archiver/replay/misses``, ``archiver/replay/revisits``, ``archiver/replay/too_large``
    (captures whose body inflates past the page size limit, not replayed).
    """

    def __init__(self, crawler: Crawler, index: ReplayIndex) -> None:
        self.crawler = crawler
        self.index = index
        self.archiver = Archiver.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        paths = list(Archiver.of(crawler).config.replay_from)
        if not paths:
            raise NotConfigured  # replay is off unless ARCHIVER_REPLAY_FROM names archives
        try:
            index = ReplayIndex.build(paths)
        except InputError as error:
            raise UsageError(f"ARCHIVER_REPLAY_FROM: {error}") from None
        logger.info("replay: %d URLs indexed from %d files", len(index), len(paths))
        if crawler.stats is not None:
            crawler.stats.set_value("archiver/replay/indexed", len(index))
        return cls(crawler, index)

    def _count(self, name: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"archiver/replay/{name}")

    def process_request(self, request: Request, spider: Any = None) -> Response:
        entry = self.index.lookup(request.url)
        if entry is None:
            self._count("misses")
            raise IgnoreRequest(f"not in the replayed archive: {request.url}")
        limit = size_limit(request, self.archiver.config.limits.page_max_size)
        try:
            record, body = read_capture(entry, limit)
            if entry.is_revisit:
                self._count("revisits")
                original = self._revisited(record)
                if original is None:
                    self._count("misses")
                    raise IgnoreRequest(f"revisit without its original in the replayed archive: {request.url}")
                _, body = read_capture(original, limit)
        except PayloadTooLarge as error:
            self._count("too_large")
            logger.warning("not replayed, too large: %s: %s", request.url, error)
            raise IgnoreRequest(f"too large to replay: {request.url}") from None
        self._count("hits")
        request.meta[meta.REPLAYED] = entry
        return self._response(request, record, body)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        entry = request.meta.get(meta.REPLAYED)
        if isinstance(entry, ArchivedRecord):
            # runs after the recorder (950): the record's provenance is the archive it came from
            location: Future[RecordLocation] = Future()
            location.set_result(
                RecordLocation(
                    entry.pointer_filename, entry.offset, entry.length, entry.record_id, entry.payload_digest
                )
            )
            request.meta[meta.WARC] = location
            if entry.date:
                request.meta[meta.FETCHED_AT] = entry.date[:19] + "Z"
        return response

    def _revisited(self, record: Any) -> ArchivedRecord | None:
        headers = record.rec_headers
        digest = headers.get_header("WARC-Payload-Digest")
        if digest and digest in self.index.by_digest:
            return self.index.by_digest[digest]
        target = headers.get_header("WARC-Refers-To-Target-URI")
        original = self.index.by_url.get(target) if target else None
        return original if original is not None and not original.is_revisit else None

    def _response(self, request: Request, record: Any, body: bytes) -> Response:
        http = record.http_headers
        headers = Headers()
        for name, value in http.headers:
            if name.lower().encode("latin-1") not in _DROPPED_HEADERS:
                headers.appendlist(name, value.encode("latin-1", "replace"))
        headers[b"Content-Length"] = str(len(body)).encode()
        status = int(http.get_statuscode() or 200)
        response_class = responsetypes.from_args(headers=headers, url=request.url, body=body)
        protocol = http.protocol or None
        return response_class(
            url=request.url,
            status=status,
            headers=headers,
            body=body,
            request=request,
            flags=["replay"],
            protocol=protocol,
        )
