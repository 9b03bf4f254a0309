"""Politeness a site asks for: its robots.txt ``Crawl-delay``, its ``Retry-After``, and its refusals.

Scrapy obeys robots.txt's rules but not its ``Crawl-delay``, and retries a ``429 Too Many
Requests`` at once whatever ``Retry-After`` says. This downloader middleware (between Scrapy's
retry middleware and the network):

- reads ``Crawl-delay`` from each site's robots.txt as Scrapy fetches it, and keeps the site's
  download slot at least that far apart, up to ``ARCHIVER_CRAWL_DELAY_MAX``, also after
  AutoThrottle has lowered the delay;
- pauses a site that answers 429 or 503 with a ``Retry-After`` up to ``ARCHIVER_RETRY_AFTER_MAX``
  for that long, then asks again (twice at most); a longer ``Retry-After`` is not waited for, and
  the answer is not retried;
- stops the crawl of a site that refuses it: once 50 responses are in and more than nine in ten
  were 403 or 429, the spider closes with the reason ``blocked``;
- sends nothing once the crawl is stopping (Ctrl-C, SIGTERM): a request that reaches it then
  (one that waited for its host's robots.txt) is dropped, left in the crawl state's frontier;
- gives up on a site that does not answer: two timeouts in a row from a site that never
  answered (ten from one that did) and its requests are dropped, not retried; once every site of
  the crawl is given up, the spider closes with the reason ``not answering``. A silent server
  costs one download timeout, not three retries of every request.

Stats: ``archiver/politeness/crawl_delay`` (the delay a robots.txt asked for, a value),
``archiver/politeness/paused`` (pauses for a Retry-After), ``archiver/politeness/retry_after_too_long``,
``archiver/politeness/not_answering`` (requests dropped for a site given up),
``archiver/politeness/responses`` and ``archiver/politeness/refused`` (the responses to pages,
sitemaps and feeds, page requisites left out, and those of them answered 403 or 429).
"""

from __future__ import annotations

import logging
import time
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from protego import Protego
from scrapy import signals
from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import defer

from archiver.crawl import meta
from archiver.crawl.addon import Archiver, ArchiverComponent, Stopping

if TYPE_CHECKING:
    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)

BLOCKED_REASON = "blocked"
NOT_ANSWERING_REASON = "not answering"
# timeouts in a row after which a site is given up: one that never answered, one that did
_SILENT_NEW, _SILENT_KNOWN = 2, 10
_BLOCKING_STATUSES = (403, 429)
_BLOCKED_AFTER = 50  # responses before a site can be found to refuse the crawl
_BLOCKED_SHARE = 0.9
_MAX_PAUSES = 2  # Retry-After pauses for one request


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """The seconds a ``Retry-After`` value asks for (a number of seconds or an HTTP date); None
    when it is neither."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def crawl_delay(robots_txt: bytes, user_agent: str) -> float | None:
    """The ``Crawl-delay`` robots.txt gives ``user_agent`` (or every agent), in seconds, or None."""
    try:
        delay = Protego.parse(robots_txt.decode("utf-8", errors="replace")).crawl_delay(user_agent)
    except Exception:  # a robots.txt Protego cannot read asks for nothing
        return None
    return float(delay) if delay else None


class PolitenessMiddleware(ArchiverComponent):
    """Crawl-delay, Retry-After and blocked sites (see the module docstring)."""

    def __init__(self, crawler: Crawler, archiver: Archiver) -> None:
        super().__init__(crawler, archiver)
        self.floors: dict[str, float] = {}  # download slot -> the least delay between its requests
        self.responses = 0
        self.blocked = 0
        self.user_agent = str(crawler.settings.get("USER_AGENT") or "")
        self.answered: set[str] = set()  # download slots that answered at least once
        self.timeouts: dict[str, int] = {}  # download slot -> timeouts in a row
        self.given_up: set[str] = set()
        self._stopping = False
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    def process_request(self, request: Request) -> None:
        if self.archiver.stopping:  # Ctrl-C: nothing new goes out; the page stays in the frontier
            raise Stopping("the crawl is stopping")
        if self.given_up and self._slot_key(request) in self.given_up:
            self.crawler.stats.inc_value("archiver/politeness/not_answering")
            raise IgnoreRequest(f"the site does not answer: {request.url}")

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, DownloadTimeoutError | TimeoutError | defer.TimeoutError):
            return
        key = self._slot_key(request)
        self.timeouts[key] = self.timeouts.get(key, 0) + 1
        if self.timeouts[key] >= (_SILENT_KNOWN if key in self.answered else _SILENT_NEW) and key not in self.given_up:
            self.given_up.add(key)
            logger.warning(
                "%s does not answer: %d timeouts in a row; its requests are dropped", key, self.timeouts[key]
            )
            sites = {site for url in getattr(self.crawler.spider, "start_urls", []) if (site := urlsplit(url).hostname)}
            if sites and sites <= {key.split(":")[0] for key in self.given_up}:
                self._close(NOT_ANSWERING_REASON)
        if key in self.given_up:
            request.meta["dont_retry"] = True

    def process_response(self, request: Request, response: Response) -> Request | Response:
        key = self._slot_key(request)
        self.answered.add(key)
        self.timeouts.pop(key, None)
        self._count_blocked(request, response)
        if urlsplit(response.url).path == "/robots.txt" and response.status == 200:
            self._obey_crawl_delay(request, response)
        if (
            response.status in (429, 503)
            and (wait := retry_after_seconds(_header(response, b"Retry-After"))) is not None
        ):
            return self._retry_after(request, response, wait)
        return response

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        # runs after AutoThrottle's own handler, which may have lowered the delay
        slot = self._slot(request)
        if slot is not None:
            slot.delay = max(slot.delay, self.floors.get(self._slot_key(request), 0.0))

    def _obey_crawl_delay(self, request: Request, response: Response) -> None:
        delay = crawl_delay(response.body, self.user_agent)
        if delay is None:
            return
        cap = self.archiver.config.limits.crawl_delay_max
        if delay > cap:
            logger.warning("%s asks for a Crawl-delay of %g s: the crawl waits %g s (ARCHIVER_CRAWL_DELAY_MAX)",
                           response.url, delay, cap)  # fmt: skip
            delay = cap
        key = self._slot_key(request)
        self.floors[key] = delay
        self.crawler.stats.set_value("archiver/politeness/crawl_delay", delay)
        # a slot made later (or again, after it sat idle) starts with the delay; no random
        # variation either, which would take it below what the site asked for half the time
        downloader = self.crawler.engine.downloader if self.crawler.engine else None
        if downloader is not None:
            slot_settings = downloader.per_slot_settings.setdefault(key, {})
            slot_settings["delay"] = max(delay, slot_settings.get("delay", 0.0))
            slot_settings["jitter"] = 0
        slot = self._slot(request)
        if slot is not None:
            slot.delay = max(slot.delay, delay)
            slot.jitter = 0

    def _retry_after(self, request: Request, response: Response, wait: float) -> Request | Response:
        cap = self.archiver.config.limits.retry_after_max
        pauses = request.meta.get(meta.PAUSES, 0)
        if wait > cap or pauses >= _MAX_PAUSES:
            # a site that asks for longer than the crawl waits is not asked again at once
            request.meta["dont_retry"] = True
            if wait > cap:
                self.crawler.stats.inc_value("archiver/politeness/retry_after_too_long")
            return response
        slot = self._slot(request)
        if slot is not None:
            # the slot sends nothing before lastseen + its delay: the whole site waits
            slot.delay = max(slot.delay, 0.001)
            slot.lastseen = max(slot.lastseen, time.monotonic() + wait)
        self.crawler.stats.inc_value("archiver/politeness/paused")
        logger.info("%s answered %d, Retry-After %g s: the site is paused", request.url, response.status, wait)
        return request.replace(dont_filter=True, meta={**request.meta, meta.PAUSES: pauses + 1})

    def _count_blocked(self, request: Request, response: Response) -> None:
        if request.meta.get(meta.REQUISITE):  # a CDN refusing a hotlinked image refuses no page
            return
        refused = response.status in _BLOCKING_STATUSES
        self.responses += 1
        self.blocked += refused
        self.crawler.stats.inc_value("archiver/politeness/responses")
        if refused:
            self.crawler.stats.inc_value("archiver/politeness/refused")
        if (
            self.responses == _BLOCKED_AFTER
            or (self.responses > _BLOCKED_AFTER and response.status in _BLOCKING_STATUSES)
        ) and self.blocked > _BLOCKED_SHARE * self.responses:
            if not self._stopping:
                logger.warning("the site refuses the crawl: %d of %d responses were 403 or 429; stopping",
                               self.blocked, self.responses)  # fmt: skip
                self._close(BLOCKED_REASON)

    def _close(self, reason: str) -> None:
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None and not self._stopping:
            self._stopping = True
            deferred_from_coro(engine.close_spider_async(reason=reason))

    def _slot_key(self, request: Request) -> str:
        downloader = self.crawler.engine.downloader if self.crawler.engine else None
        if downloader is None:
            return urlsplit(request.url).hostname or ""
        return downloader.get_slot_key(request)

    def _slot(self, request: Request) -> Slot | None:
        downloader = self.crawler.engine.downloader if self.crawler.engine else None
        return downloader.slots.get(self._slot_key(request)) if downloader is not None else None


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
