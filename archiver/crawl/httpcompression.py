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
from scrapy.http import Response, TextResponse

if TYPE_CHECKING:
    from scrapy import Request, Spider


ACCEPT_ENCODING = b"gzip, deflate"


class HttpCompressionMiddleware(ScrapyHttpCompressionMiddleware):
    """:class:`~scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware` that
    asks for ``ACCEPT_ENCODING`` and hands Scrapy's a plain :class:`Response` copy of an encoded
    text response."""

    def process_request(self, request: Request, spider: Spider | None = None) -> Request | Response | None:
        request.headers.setdefault(b"Accept-Encoding", ACCEPT_ENCODING)
        return None

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        encoded = request.method != "HEAD" and response.headers.getlist(b"Content-Encoding")
        if encoded and isinstance(response, TextResponse):
            # Scrapy's replaces every encoded response by a new one of the class the decoded body
            # calls for; the copy has no ``encoding`` attribute to work out on the way.
            response = Response(**{name: getattr(response, name) for name in Response.attributes})
        return super().process_response(request, response)
