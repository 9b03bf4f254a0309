"""What the archiver's spiders share: start URLs checked, pages discovered through robots.txt
sitemaps, feeds and links, every HTML page handed to the add-on's extraction pool, and every
failure counted and explained.

The spiders themselves (``spiders/``, installed as ``archiver.spiders``) only name themselves.
Discovery is pure logic in :mod:`archiver.discovery`; whether a known page is due again is the
add-on's to say (:meth:`archiver.crawl.addon.Archiver.should_fetch`).
"""

from __future__ import annotations

import difflib
import functools
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from archiver.crawl import meta
from archiver.crawl.addon import Archiver, Stopping
from archiver.crawl.failures import failure_reason
from archiver.crawl.items import PageItem
from archiver.crawl.limits import CUT_FLAG
from archiver.crawl.redirects import RedirectFailure
from archiver.crawl.requisites import RequisiteRequests
from archiver.discovery.feeds import looks_like_feed, read_feed
from archiver.discovery.links import PageLinks
from archiver.discovery.sitemaps import read_sitemap, sitemaps_from_robots
from archiver.discovery.urls import (
    URLFilter,
    check_start_url,
    http_url,
    is_recent,
    parse_since,
    split_credentials,
    without_tracking_parameters,
)
from archiver.exceptions import BadURLError, UsageError
from archiver.state.model import parse_iso

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
T = TypeVar("T")


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
        _check_arguments(kwargs)
        super().__init__(**kwargs)
        urls = _split(url)
        if not urls:
            raise BadURLError("no start URL: pass -a url=https://...")
        self.start_urls, self.credentials = _without_credentials([check_start_url(u) for u in urls])
        try:
            self.max_depth = int(depth)
        except ValueError:
            raise UsageError(f"depth must be a whole number, not {depth!r}") from None
        self.url_filter = URLFilter(self.start_urls, _split(allow), _split(deny))
        self.since = parse_since(since) if since else None
        self.allowed_domains = sorted(self.url_filter.hosts)
        self.links_seen: set[str] = set()
        self.pages_requested = 0
        self.sitemaps_requested = 0
        self.warned: set[str] = set()
        self.requisites_seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.credentials is not None:
            # Scrapy's HttpAuthMiddleware sends them to that host and port only; the request
            # records in the WARC files redact them
            host, user, password = spider.credentials
            crawler.settings.set("HTTPAUTH_USER", user, priority="spider")
            crawler.settings.set("HTTPAUTH_PASS", password, priority="spider")
            crawler.settings.set("HTTPAUTH_DOMAIN", host, priority="spider")
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.archiver = Archiver.of(self.crawler)
        self.max_pages = self.crawler.settings.getint("CLOSESPIDER_PAGECOUNT")  # --max-pages
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
        # pages an earlier run asked for and never fetched (it was killed, or stopped early):
        # their links would be lost, the pages that lead to them being known and not due
        for entry in self.archiver.left_over():
            if self.url_filter(entry.url):
                self._count("incremental/resumed")
                listed = parse_iso(entry.listed)
                for request in self._page_request(entry.url, depth=entry.depth, listed=listed, in_frontier=True):
                    yield request

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        sitemaps = sitemaps_from_robots(response.body, response.url) if response.status < 300 else []
        self._count("discovery/robots_sitemaps", len(sitemaps))
        for sitemap in sitemaps:
            yield from self._sitemap_request(sitemap, depth=0)
        if not sitemaps:
            # a guess: a site without this sitemap has made no error
            yield from self._sitemap_request(urljoin(response.url, "/sitemap.xml"), depth=0, guessed=True)

    async def parse_sitemap(self, response: Response) -> AsyncIterator[scrapy.Request]:
        if response.status >= 300:  # the guessed /sitemap.xml is not there
            self._count("discovery/no_sitemap")
            return
        limits = self.archiver.config.limits
        # a sitemap of 50 MB takes seconds to parse: in a worker, not on the crawl's thread
        sitemap = await self._in_worker(
            read_sitemap,
            response.body,
            max_bytes=limits.discovery_max_size,
            max_entries=limits.discovery_max_entries,
            cut=CUT_FLAG in response.flags,
        )
        self._report_problem("sitemap", response.url, sitemap.problem, sitemap.cut, len(sitemap.entries))
        depth = response.meta.get(meta.SITEMAP_DEPTH, 0)
        for entry in sitemap.entries:
            if not is_recent(entry, self.since):
                self._count(f"discovery/skipped_old/sitemap_{sitemap.kind}")
                continue
            if sitemap.kind == "index":
                if http_url(entry.url) is None:
                    self._count("discovery/bad_urls")
                    continue
                for request in self._sitemap_request(entry.url, depth=depth + 1):
                    yield request
            elif self.url_filter(entry.url):
                self._count("discovery/sitemap_urls")
                for request in self._page_request(entry.url, depth=0, listed=entry.date):
                    yield request

    async def parse_feed(self, response: Response) -> AsyncIterator[scrapy.Request]:
        limits = self.archiver.config.limits
        feed = await self._in_worker(
            read_feed,
            response.body,
            response.url,
            max_bytes=limits.discovery_max_size,
            max_entries=limits.discovery_max_entries,
            cut=CUT_FLAG in response.flags,
        )
        self._report_problem("feed", response.url, feed.problem, feed.cut, len(feed.entries))
        # a feed's entries are as deep as the feed: a feed found on a page is one link away
        depth = response.meta.get(meta.DEPTH, 0)
        for entry in feed.entries:
            if not is_recent(entry, self.since):
                self._count("discovery/skipped_old/feed")
            elif self.url_filter(entry.url):
                self._count("discovery/feed_urls")
                for request in self._page_request(entry.url, depth=depth, listed=entry.date):
                    yield request

    async def parse_page(self, response: Response) -> AsyncIterator[scrapy.Request | PageItem]:
        if response.meta.get(meta.START):
            self._count("start/ok")
        if "feeds" in self.discovery_modes and looks_like_feed(response.body):
            async for request in self.parse_feed(response):
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
        # the page's links are asked for (and so kept in the crawl state's frontier) before its
        # record is written: a run killed in between still leaves them to the next one
        requests = list(self._followed(extraction.links, response.meta.get(meta.DEPTH, 0)))
        yield page
        for request in self.requisite_requests(page.url, extraction):
            yield request
        for request in requests:
            yield request

    def _followed(self, links: PageLinks | None, depth: int) -> Iterator[scrapy.Request]:
        """The requests for the feeds and pages a page at ``depth`` links to."""
        if links is None or depth >= self.max_depth:
            return
        limits = self.archiver.config.limits
        # a feed found on a page is one link away from it, and its entries with it: a chain of
        # feeds, each declared on the page the last one listed, ends at --depth
        if "feeds" in self.discovery_modes:
            for feed in links.feeds:
                if self.url_filter(feed):
                    yield scrapy.Request(
                        feed,
                        callback=self.parse_feed,
                        errback=self.failed,
                        priority=15,
                        meta={meta.DEPTH: depth + 1, meta.MAX_SIZE: limits.discovery_max_size},
                    )
        if "links" not in self.discovery_modes:
            return
        followed = 0
        for link in links.pages:
            # A page links to the same menus and teasers as the last; skip them before
            # building a request for the scheduler to filter.
            if link in self.links_seen:
                continue
            if followed >= limits.page_max_links or self._page_budget_spent():
                self._count("limits/links_not_followed")
                continue
            self.links_seen.add(link)
            url = without_tracking_parameters(link)
            if self.url_filter(url):
                for request in self._page_request(url, depth=depth + 1):
                    followed += 1
                    yield request

    def failed(self, failure: Failure) -> None:
        """Count and log a request that produced no usable response (its exchange, if any, is archived)."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(Stopping):  # left in the crawl state's frontier for the next run
            self._count("stopped_waiting")
            return
        self.archiver.given_up(request.url)
        if request.meta.get(meta.START):
            self._count("start/failed")
        if failure.check(IgnoreRequest) and not failure.check(HttpError, RedirectFailure):
            # Forbidden by robots.txt, off-site, or a download limit: a choice, not an error.
            self._count("ignored")
            logger.debug("not fetched: %s: %s", request.url, failure.getErrorMessage())
            return
        url = request.url
        reason = failure_reason(failure)
        if failure.check(RedirectFailure):
            url = request.meta.get("redirect_urls", [url])[0]  # the page asked for, not where it ended
        self._count(f"errors/{failure.type.__name__}")
        logger.warning("failed: %s: %s", url, reason)

    def _page_request(
        self, url: str, *, depth: int, listed: datetime | None = None, in_frontier: bool = False
    ) -> Iterator[scrapy.Request]:
        """The request for a page, unless the crawl state says it is known and not due; noted in
        the crawl state's frontier unless it comes from there (``in_frontier``).

        Shallower pages go first (the priority is minus the depth): a page keeps the depth it
        was first found at, so pages found level by level get the depth of their shortest path
        from the start, and the same pages are reached whatever order the responses come in."""
        request_meta: dict[str, Any] = {meta.DEPTH: depth}
        if listed is not None:
            request_meta[meta.LISTED] = listed.isoformat()
        if self.archiver.should_fetch(url, request_meta.get(meta.LISTED)):
            self.pages_requested += 1
            if not in_frontier:
                self.archiver.asked_for(url, depth, request_meta.get(meta.LISTED))
            yield scrapy.Request(url, callback=self.parse_page, errback=self.failed, meta=request_meta, priority=-depth)

    def _sitemap_request(self, url: str, *, depth: int, guessed: bool = False) -> Iterator[scrapy.Request]:
        """The request for a sitemap at ``depth`` in sitemap indexes, unless the crawl has read its
        share of sitemaps or the sitemap is nested deeper than indexes may be."""
        limits = self.archiver.config.limits
        if depth > limits.sitemap_max_depth:
            self._count("limits/sitemaps_too_deep")
            self._warn_once("sitemap_depth", "sitemap index nested deeper than %d: %s and others like it not read",
                            limits.sitemap_max_depth, url)  # fmt: skip
            return
        if self.sitemaps_requested >= limits.max_sitemaps:
            self._count("limits/sitemaps_over_budget")
            self._warn_once("max_sitemaps", "%d sitemaps read: %s and the sitemaps after it not read",
                            limits.max_sitemaps, url)  # fmt: skip
            return
        self.sitemaps_requested += 1
        request_meta: dict[str, Any] = {meta.SITEMAP_DEPTH: depth, meta.MAX_SIZE: limits.discovery_max_size}
        if guessed:
            request_meta.update({"handle_httpstatus_list": [404, 410], meta.GUESSED: True})
        yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.failed, priority=15, meta=request_meta)

    def _page_budget_spent(self) -> bool:
        """Whether the pages already asked for are enough for ``--max-pages`` (twice over, as some
        turn out known or unwanted): a page with 100,000 links must not queue them all."""
        return bool(self.max_pages) and self.pages_requested >= 2 * self.max_pages + 100

    async def _in_worker(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``function(*args, **kwargs)`` in the extraction pool's processes."""
        extractor = self.archiver.extractor
        if extractor is None:
            return function(*args, **kwargs)
        return await extractor.run(functools.partial(function, *args, **kwargs))

    def _warn_once(self, key: str, message: str, *args: Any) -> None:
        if key not in self.warned:
            self.warned.add(key)
            logger.warning(message, *args)

    def _report_problem(self, kind: str, url: str, problem: str | None, cut: str | None, entries: int) -> None:
        """Count and log a sitemap or feed read only in part: a malformed one as an error, one a
        limit cut short as a limit."""
        if problem is not None:
            self._count(f"errors/Malformed{kind.capitalize()}")
            logger.warning("%s %s: %s; entries read: %d", kind, url, problem, entries)
        if cut is not None:
            self._count(f"limits/{kind}s_cut")
            logger.warning("%s %s: %s; entries read: %d", kind, url, cut, entries)

    def _count(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"archiver/{key}", count)


# The spider's own arguments, and the ones Scrapy's tools pass to every spider (Scrapyd's _job).
ARGUMENTS = ("url", "depth", "allow", "deny", "since")


def _check_arguments(kwargs: dict[str, Any]) -> None:
    """Raise UsageError for a spider argument that is none of its own (``-a dpeth=2`` would be
    ignored), with the one most likely meant."""
    for name in kwargs:
        if name.startswith("_") or name == "name":
            continue
        close = difflib.get_close_matches(name, ARGUMENTS, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UsageError(f"{name} is not an argument of the spider{hint}: it takes {', '.join(ARGUMENTS)}")


def _without_credentials(urls: list[str]) -> tuple[list[str], tuple[str, str, str] | None]:
    """The start URLs without the ``user:password@`` they may carry, and those credentials with
    their host (None when none has any); raises BadURLError for credentials for two hosts."""
    found: dict[str, tuple[str, str]] = {}
    plain = []
    for url in urls:
        without, user, password = split_credentials(url)
        plain.append(without)
        if user is not None or password is not None:
            # Scrapy's HTTPAUTH_DOMAIN matches the URL's host and port: that server only
            found[urlsplit(without).netloc] = (user or "", password or "")
    if len(found) > 1:
        raise BadURLError("credentials in start URLs of more than one host: a crawl sends credentials to one host")
    if not found:
        return plain, None
    host, (user, password) = next(iter(found.items()))
    return plain, (host, user, password)
