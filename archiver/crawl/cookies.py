"""Scrapy's cookie middleware without a network look-up of the public suffix list.

Scrapy asks tldextract whether a cookie domain is a public suffix; tldextract's default
extractor downloads the Public Suffix List on first use. Crawls here often run with no
route to the internet, so the extractor is replaced by one that reads only the snapshot
tldextract ships.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import scrapy.downloadermiddlewares.cookies as scrapy_cookies
from scrapy.downloadermiddlewares.cookies import CookiesMiddleware

from archiver.discovery.urls import OFFLINE_SUFFIXES

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class OfflineCookiesMiddleware(CookiesMiddleware):
    """:class:`CookiesMiddleware` whose public-suffix checks never touch the network."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        # Scrapy keeps its extractor in a module global; it is the only hook there is.
        scrapy_cookies._split_domain = OFFLINE_SUFFIXES
        return super().from_crawler(crawler)
