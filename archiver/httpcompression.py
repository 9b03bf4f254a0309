"""Scrapy's content-encoding middleware without a charset detection run over compressed bytes.

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


class HttpCompressionMiddleware(ScrapyHttpCompressionMiddleware):
    """:class:`~scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware` that
    hands Scrapy's a plain :class:`Response` copy of an encoded text response."""

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        encoded = request.method != "HEAD" and response.headers.getlist(b"Content-Encoding")
        if encoded and isinstance(response, TextResponse):
            # Scrapy's replaces every encoded response by a new one of the class the decoded body
            # calls for; the copy has no ``encoding`` attribute to work out on the way.
            response = Response(**{name: getattr(response, name) for name in Response.attributes})
        return super().process_response(request, response)
