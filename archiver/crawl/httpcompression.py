"""Scrapy's content-encoding middleware, asking for gzip and deflate only, without a charset
detection run over compressed bytes.

Scrapy asks for brotli and zstd too when their modules are installed (brotli comes with Scrapy).
An archive keeps bodies as served, so the encodings asked for are those that WARC readers
decode: warcio 1.8 (and with it pywb and ``warcio check``) fails on a brotli body from brotli 1.2
(the project's own readers work around it: ``archiver/warc/brotli.py``) and has no zstd at
all. A request that sets ``Accept-Encoding`` itself keeps it.

Scrapy's middleware builds the decompressed response with ``Response.replace()``, which reads
every attribute of the response it replaces, ``encoding`` included. For a text response with no
declared charset, that attribute runs charset detection (charset_normalizer) over the gzip bytes,
for a value the new response then does without (it is given ``encoding=None``). On the saved
news pages of the crawl benchmark, served gzipped as ``text/html``, that detection cost about a
twentieth of the crawl process's CPU.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.httpcompression import (
    HttpCompressionMiddleware as ScrapyHttpCompressionMiddleware,
)
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse

from archiver.crawl.addon import Archiver
from archiver.crawl.limits import size_limit

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler


ACCEPT_ENCODING = b"gzip, deflate"


class HttpCompressionMiddleware(ScrapyHttpCompressionMiddleware):
    """:class:`~scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware` that
    asks for ``ACCEPT_ENCODING`` and hands Scrapy's a plain :class:`Response` copy of an encoded
    text response, and that inflates a body up to its size limit only."""

    default_limit = 0  # ARCHIVER_PAGE_MAX_SIZE, set by from_crawler

    def process_request(self, request: Request, spider: Spider | None = None) -> Request | Response | None:
        request.headers.setdefault(b"Accept-Encoding", ACCEPT_ENCODING)
        return None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        middleware.default_limit = Archiver.of(crawler).config.limits.page_max_size
        return middleware

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        encoded = request.method != "HEAD" and response.headers.getlist(b"Content-Encoding")
        if not encoded:
            return response
        if isinstance(response, TextResponse):
            # Scrapy's replaces every encoded response by a new one of the class the decoded body
            # calls for; the copy has no ``encoding`` attribute to work out on the way.
            response = Response(**{name: getattr(response, name) for name in Response.attributes})
        # Scrapy inflates up to download_maxsize: here, up to the body's own size limit (the
        # download is over, so the download handler no longer reads the key)
        had_limit = "download_maxsize" in request.meta
        limit = request.meta.get("download_maxsize")
        request.meta["download_maxsize"] = size_limit(request, self.default_limit or self._max_size)
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            if self.stats:
                self.stats.inc_value("archiver/limits/inflated_too_large")
            raise
        finally:
            if had_limit:
                request.meta["download_maxsize"] = limit
            else:
                del request.meta["download_maxsize"]
