"""What the archiver's spiders share: start URLs checked, pages discovered through robots.txt
sitemaps, feeds and links, every HTML page handed to the add-on's extraction pool, and every
failure counted and explained.

The spiders themselves (``spiders/``, installed as ``archiver.spiders``) only name themselves.
Discovery is pure logic in :mod:`archiver.discovery`; whether a known page is due again is the
add-on's to say (:meth:`archiver.crawl.addon.Archiver.should_fetch`).
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from archiver.crawl import meta
from archiver.crawl.addon import Archiver
from archiver.crawl.items import PageItem
from archiver.crawl.requisites import RequisiteRequests
from archiver.discovery.feeds import looks_like_feed, parse_feed
from archiver.discovery.sitemaps import parse_sitemap, sitemaps_from_robots
from archiver.discovery.urls import (
    URLFilter,
    check_start_url,
    http_url,
    is_recent,
    parse_since,
    without_tracking_parameters,
)
from archiver.exceptions import BadURLError

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_SITEMAP_SIZE = 50 * 1024 * 1024


def _split(value: str | list[str] | None) -> list[str]:
    if not value:
        return []
    if isinstance(value, list):
        return value
    return [part for part in value.replace(",", " ").split() if part]


class ArchiverSpider(RequisiteRequests, scrapy.Spider):
    """Crawls news sites from their start URLs (see ``spiders/news.py`` for the arguments), and
    fetches what each page needs to render (:mod:`archiver.crawl.requisites`)."""

    def __init__(
        self,
        url: str | list[str] | None = None,
        depth: int | str = 3,
        allow: str | list[str] | None = None,
        deny: str | list[str] | None = None,
        since: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        urls = _split(url)
        if not urls:
            raise BadURLError("no start URL: pass -a url=https://...")
        self.start_urls = [check_start_url(u) for u in urls]
        self.max_depth = int(depth)
        self.url_filter = URLFilter(self.start_urls, _split(allow), _split(deny))
        self.since = parse_since(since) if since else None
        self.allowed_domains = sorted(self.url_filter.hosts)
        self.links_seen: set[str] = set()
        self.requisites_seen: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.archiver = Archiver.of(self.crawler)
        # ARCHIVER_DISCOVERY: which of sitemaps, feeds and links find pages (a sites file sets it);
        # depth 0 is the start pages alone.
        self.discovery_modes = self.archiver.config.discovery if self.max_depth > 0 else ()
        for url in self.start_urls:
            if "sitemaps" not in self.discovery_modes:
                yield scrapy.Request(
                    url,
                    callback=self.parse_page,
                    errback=self.failed,
                    priority=10,
                    meta={meta.DEPTH: 0, meta.START: True},
                )
                continue
            # a missing robots.txt is no error: the crawl then tries /sitemap.xml
            yield scrapy.Request(
                urljoin(url, "/robots.txt"),
                callback=self.parse_robots,
                errback=self.failed,
                priority=20,
                meta={"dont_obey_robotstxt": True, "handle_httpstatus_list": [404, 410]},
            )
            yield scrapy.Request(
                url,
                callback=self.parse_page,
                errback=self.failed,
                priority=10,
                meta={meta.DEPTH: 0, meta.START: True},
            )

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        sitemaps = sitemaps_from_robots(response.body, response.url) if response.status < 300 else []
        self._count("discovery/robots_sitemaps", len(sitemaps))
        for sitemap in sitemaps:
            yield scrapy.Request(sitemap, callback=self.parse_sitemap, errback=self.failed, priority=15)
        if not sitemaps:
            # a guess: a site without this sitemap has made no error
            yield scrapy.Request(
                urljoin(response.url, "/sitemap.xml"),
                callback=self.parse_sitemap,
                errback=self.failed,
                priority=15,
                meta={"handle_httpstatus_list": [404, 410], meta.GUESSED: True},
            )

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status >= 300:  # the guessed /sitemap.xml is not there
            self._count("discovery/no_sitemap")
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":  # a .xml.gz file served without Content-Encoding
            try:
                body = zlib.decompressobj(wbits=31).decompress(body, MAX_SITEMAP_SIZE)
            except zlib.error as error:
                self._report_problem("sitemap", response.url, f"not a readable gzip file ({error})", 0)
                return
        sitemap = parse_sitemap(body)
        self._report_problem("sitemap", response.url, sitemap.problem, len(sitemap.entries))
        for entry in sitemap.entries:
            if not is_recent(entry, self.since):
                self._count(f"discovery/skipped_old/sitemap_{sitemap.kind}")
                continue
            if sitemap.kind == "index":
                if http_url(entry.url) is None:
                    self._count("discovery/bad_urls")
                    continue
                yield scrapy.Request(entry.url, callback=self.parse_sitemap, errback=self.failed, priority=15)
            elif self.url_filter(entry.url):
                self._count("discovery/sitemap_urls")
                yield from self._page_request(entry.url, depth=0, listed=entry.date)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        feed = parse_feed(response.body, response.url)
        self._report_problem("feed", response.url, feed.problem, len(feed.entries))
        for entry in feed.entries:
            if not is_recent(entry, self.since):
                self._count("discovery/skipped_old/feed")
            elif self.url_filter(entry.url):
                self._count("discovery/feed_urls")
                yield from self._page_request(entry.url, depth=0, listed=entry.date)

    async def parse_page(self, response: Response) -> AsyncIterator[scrapy.Request | PageItem]:
        if response.meta.get(meta.START):
            self._count("start/ok")
        if "feeds" in self.discovery_modes and looks_like_feed(response.body):
            for request in self.parse_feed(response):
                yield request
            return
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        # without a Content-Type, Scrapy's sniffing of the body decides
        is_html = content_type.lower().startswith(HTML_TYPES) if content_type else isinstance(response, HtmlResponse)
        if not isinstance(response, TextResponse) or not is_html:
            self._count("pages/not_html")
            return
        self._count("pages/html")
        page = PageItem.from_response(response)
        # One parse, in a worker process, gives both the record and the links: the reactor
        # thread never parses a page.
        try:
            if self.archiver.extractor is None:
                raise RuntimeError("the extraction pool is closed")
            extraction = await self.archiver.extractor.extract(page)
        except Exception as error:  # a dead worker process: count it, keep crawling
            self._count("extract/errors")
            logger.warning("extraction failed: %s: %r", page.url, error)
            return
        yield page
        for request in self.requisite_requests(page.url, extraction):
            yield request
        if extraction.links is None:
            return
        if "feeds" in self.discovery_modes:
            for feed in extraction.links.feeds:
                if self.url_filter(feed):
                    yield scrapy.Request(feed, callback=self.parse_feed, errback=self.failed, priority=15)
        depth = response.meta.get(meta.DEPTH, 0)
        if depth < self.max_depth and "links" in self.discovery_modes:
            for link in extraction.links.pages:
                # A page links to the same menus and teasers as the last; skip them before
                # building a request for the scheduler to filter.
                if link in self.links_seen:
                    continue
                self.links_seen.add(link)
                url = without_tracking_parameters(link)
                if self.url_filter(url):
                    for request in self._page_request(url, depth=depth + 1):
                        yield request

    def failed(self, failure: Failure) -> None:
        """Count and log a request that produced no usable response (its exchange, if any, is archived)."""
        request = failure.request  # type: ignore[attr-defined]
        if request.meta.get(meta.START):
            self._count("start/failed")
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            # Forbidden by robots.txt, off-site, or a download limit: a choice, not an error.
            self._count("ignored")
            logger.debug("not fetched: %s: %s", request.url, failure.getErrorMessage())
            return
        if failure.check(HttpError):
            reason = f"HTTP {failure.value.response.status}"
        else:
            reason = failure.getErrorMessage() or failure.type.__name__
        self._count(f"errors/{failure.type.__name__}")
        logger.warning("failed: %s: %s", request.url, reason)

    def _page_request(self, url: str, *, depth: int, listed: datetime | None = None) -> Iterator[scrapy.Request]:
        """The request for a page, unless the crawl state says it is known and not due."""
        request_meta: dict[str, Any] = {meta.DEPTH: depth}
        if listed is not None:
            request_meta[meta.LISTED] = listed.isoformat()
        if self.archiver.should_fetch(url, request_meta.get(meta.LISTED)):
            yield scrapy.Request(url, callback=self.parse_page, errback=self.failed, meta=request_meta)

    def _report_problem(self, kind: str, url: str, problem: str | None, entries: int) -> None:
        """Count and log a sitemap or feed read only in part (or not at all) as an error."""
        if problem is None:
            return
        self._count(f"errors/Malformed{kind.capitalize()}")
        logger.warning("%s %s: %s; entries read: %d", kind, url, problem, entries)

    def _count(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"archiver/{key}", count)
