"""Scrapy's meta-refresh middleware, ruling a refresh out from the head of the body as bytes.

Scrapy's middleware looks for ``<meta http-equiv="refresh">`` in the first 4,096 characters of
each HTML page, but gets them by decoding the whole body (``response.text``) and, for the base
URL, reading them once more. Almost no page declares a refresh, so this subclass first asks w3lib
whether the first 16 KB of the body, which hold at least those 4,096 characters, can contain one:
w3lib answers from the bytes, without decoding them, for any encoding that writes ASCII as ASCII.
Only a page that may refresh goes through Scrapy's own check, so the redirects are Scrapy's.

A refresh to no URL (``url=javascript:...``, ``url=http://[bad``) made Scrapy's middleware raise
``ValueError`` and the page failed, its text lost; a browser stays on such a page, and so does
the crawl: the page is read as it is.
"""

from __future__ import annotations

import codecs
import logging
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.redirect import (
    MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware,
)
from scrapy.http import HtmlResponse
from w3lib.html import get_meta_refresh

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

# Scrapy's check reads response.text[0:4096]; a character takes at most four bytes, after a byte
# order mark of at most four, in every Python codec but those below and the ISO-2022 family.
SCRAPY_HEAD_CHARACTERS = 4096
HEAD_BYTES = 4 + 4 * SCRAPY_HEAD_CHARACTERS
# Python codecs in which one character can take more than four bytes (escape sequences, shifts,
# composed Hangul): for these the head is left to Scrapy's check.
LONG_CHARACTER_ENCODINGS = frozenset(
    {
        "euc_kr",
        "hz",
        "idna",
        "punycode",
        "raw-unicode-escape",
        "unicode-escape",
        "utf-7",
    }
)


class MetaRefreshMiddleware(ScrapyMetaRefreshMiddleware):
    """:class:`~scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware` that skips Scrapy's
    check for an HTML page whose head certainly declares no refresh."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.ignore_tags = settings.getlist("METAREFRESH_IGNORE_TAGS")

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        try:
            if isinstance(response, HtmlResponse) and not self.may_refresh(response):
                return response
            return super().process_response(request, response)
        except ValueError as error:  # "Missing scheme in request url", "Invalid IPv6 URL"
            logger.debug("meta refresh to no URL on %s (%s): the page is read as it is", request.url, error)
            return response

    def may_refresh(self, response: HtmlResponse) -> bool:
        """False when the characters Scrapy's check reads certainly hold no meta refresh."""
        encoding = response.encoding
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            return True
        if name in LONG_CHARACTER_ENCODINGS or name.startswith("iso2022"):
            return True
        try:
            _, url = get_meta_refresh(response.body, response.url, encoding, self.ignore_tags, max_scan=HEAD_BYTES)
        except UnicodeDecodeError:  # w3lib decodes a body shorter than the head strictly
            return True
        return url is not None
