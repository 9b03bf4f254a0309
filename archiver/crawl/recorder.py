"""Downloader middleware that records every HTTP exchange of a crawl in WARC files.

It sits closest to the network (priority 950), so it sees each response before
redirects are followed, errors filtered or content-encoding removed: robots.txt,
sitemaps, feeds, redirects, errors and pages all land in the archive as served.
Compression and writing happen on the thread of the WARC writer, which the add-on owns; the
request's ``meta[WARC]`` is a future of the record's location (the keys are in
:mod:`archiver.crawl.meta`).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from scrapy.http import Request, Response

from archiver.crawl import meta
from archiver.crawl.addon import ArchiverComponent
from archiver.crawl.limits import CUT_FLAG
from archiver.warc.records import (
    IDENTICAL_PAYLOAD_DIGEST,
    SERVER_NOT_MODIFIED,
    HttpExchange,
    RevisitOf,
    format_warc_date,
    new_record_id,
    payload_digest,
    url_without_fragment,
)
from archiver.warc.writer import RecordLocation

if TYPE_CHECKING:
    from archiver.state.model import WarcPointer

logger = logging.getLogger(__name__)


def exchange_from_scrapy(
    request: Request, response: Response, fetched_at: datetime, body_digest: str | None = None
) -> HttpExchange:
    """The exchange as far as Scrapy's objects still tell it (``docs/warc.md`` says what is rebuilt).

    ``body_digest``: the body's payload digest, when already computed.
    """
    truncated = "length" if CUT_FLAG in response.flags else "disconnect" if "dataloss" in response.flags else None
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


class WarcRecorderMiddleware(ArchiverComponent):
    """Writes a request and a response record for every exchange, through the add-on's writer.

    Revisits (set up by :mod:`archiver.crawl.incremental`): a 304 answer to a request whose
    ``meta[KNOWN_PAYLOAD]`` names the archived page is written as a ``server-not-modified``
    revisit; a 2xx whose payload digest an earlier run archived (the add-on's
    ``earlier_payload``) is written as an ``identical-payload-digest`` revisit, headers kept and
    body omitted. For a revisit, ``meta[WARC]`` resolves to the record holding the payload and
    ``meta[REVISIT]`` names the profile; ``meta[WARC_RECORD]`` is always the record written for
    this exchange.
    """

    def process_response(self, request: Request, response: Response) -> Response:
        fetched_at = datetime.now(UTC)
        request.meta[meta.FETCHED_AT] = fetched_at.isoformat(timespec="seconds").replace("+00:00", "Z")
        writer = self.archiver.warc_writer
        if writer is None:  # a response after close: nothing to write it to
            self.crawler.stats.inc_value("archiver/warc/not_recorded")
            return response
        incremental = self.archiver.state is not None
        # The digest that looks for an archived copy of the payload is also the record's:
        # handed to the writer, so that the body is hashed once.
        body_digest = None
        if incremental and 200 <= response.status < 300 and response.body:
            body_digest = payload_digest(response.body)
        exchange = exchange_from_scrapy(request, response, fetched_at, body_digest)
        # Chosen before writing: a shared crawl state claims the payload for this record.
        exchange.record_id = new_record_id() if body_digest is not None else None
        request.meta[meta.WARC_DATE] = format_warc_date(fetched_at, self.archiver.config.warc_version)
        revisit = self._revisit_of(request, response, exchange)
        if revisit is None:
            future = writer.submit_exchange(exchange)
            request.meta[meta.WARC] = future
            self.crawler.stats.inc_value("archiver/warc/responses")
        else:
            kind, (target_uri, pointer) = revisit
            future = writer.submit_revisit(exchange, kind, RevisitOf(pointer.record_id, target_uri, pointer.date))
            request.meta[meta.WARC] = _payload_location(future, self.archiver.payload_location(pointer))
            request.meta[meta.REVISIT] = kind
            request.meta[meta.REVISIT_OF] = (target_uri, pointer)
            self.crawler.stats.inc_value(f"archiver/warc/revisits/{kind}")
        future.add_done_callback(self._count_written)
        request.meta[meta.WARC_RECORD] = future
        if "dataloss" in response.flags:
            self.crawler.stats.inc_value("archiver/warc/truncated")
        return response

    def _revisit_of(
        self, request: Request, response: Response, exchange: HttpExchange
    ) -> tuple[str, KnownPayload] | None:
        known = request.meta.get(meta.KNOWN_PAYLOAD)
        if response.status == 304 and known is not None:
            return SERVER_NOT_MODIFIED, known
        if exchange.payload_digest is not None and exchange.record_id is not None:
            found = self.archiver.earlier_payload(
                exchange.payload_digest,
                url=url_without_fragment(exchange.url),
                record_id=exchange.record_id,
                date=request.meta[meta.WARC_DATE],
            )
            if found is not None:
                return IDENTICAL_PAYLOAD_DIGEST, found
        return None

    def _count_written(self, future: object) -> None:
        error = future.exception()  # type: ignore[attr-defined]
        if error is not None:
            self.crawler.stats.inc_value("archiver/warc/write_errors")
            logger.error("could not write a WARC record: %s", error)
            if isinstance(error, OSError):  # a full disk, a folder gone: no record can be written
                self.archiver.output_failed(error, f"to the WARC folder {self.archiver.config.warc_dir}")


def _payload_location(written: Future[RecordLocation], located: Future[WarcPointer]) -> Future[RecordLocation]:
    """A future of the record holding the payload, resolved once the revisit is written and the
    payload's record is known to be in place (another worker's may still be being written)."""
    result: Future[RecordLocation] = Future()
    settled = threading.Lock()  # the two callbacks may run at once, on two threads

    def done(_: object) -> None:
        if not (written.done() and located.done()) or not settled.acquire(blocking=False):
            return
        error = written.exception() or located.exception()
        if error is not None:
            result.set_exception(error)
            return
        pointer = located.result()
        result.set_result(
            RecordLocation(pointer.filename, pointer.offset, pointer.length, pointer.record_id, pointer.payload_digest)
        )

    written.add_done_callback(done)
    located.add_done_callback(done)
    return result
