"""Downloader middleware: a site's concurrency and delay enforced across all workers of a cluster.

With ``ARCHIVER_REDIS_URL`` set, each request waits, just before it is sent, for a slot of its
host in Redis (:class:`~archiver.cluster.politeness.HostSlots`): at most
``CONCURRENT_REQUESTS_PER_DOMAIN`` requests to a host at once and ``DOWNLOAD_DELAY`` seconds
between starts, counted over every worker together (a sites file's ``concurrency`` and
``delay``). The slot is given back when the response or the error is back. Off
(NotConfigured) without Redis: one machine's Scrapy already enforces both.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.task import deferLater

from archiver.cluster.connection import redis_client
from archiver.cluster.politeness import HostSlots
from archiver.crawl.addon import Archiver, ArchiverComponent

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class ClusterPolitenessMiddleware(ArchiverComponent):
    """Takes a cluster-wide slot of the request's host before it is sent (see the module docstring)."""

    def __init__(self, crawler: Crawler, archiver: Archiver, slots: HostSlots) -> None:
        super().__init__(crawler, archiver)
        self.slots = slots
        self._held: dict[Request, tuple[str, str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        archiver = Archiver.of(crawler)
        if not archiver.config.redis_url:
            raise NotConfigured
        settings = crawler.settings
        slots = HostSlots(
            redis_client(archiver.config.redis_url),
            concurrency=settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") or 1,
            delay=settings.getfloat("DOWNLOAD_DELAY"),
            # a worker that dies holding a slot loses it after its request could have timed out
            hold_time=settings.getfloat("DOWNLOAD_TIMEOUT") + 30,
        )
        return cls(crawler, archiver, slots)

    async def process_request(self, request: Request) -> None:
        # imported here: importing it at module level would install a reactor before Scrapy's
        from twisted.internet import reactor

        host = (urlparse_cached(request).netloc or "").lower()
        token = secrets.token_hex(8)
        waited = False
        while (wait := self.slots.try_acquire(host, token)) is not None:
            waited = True
            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        if waited:
            self.crawler.stats.inc_value("archiver/cluster/politeness_waits")
        self._held[request] = (host, token)

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)

    def _release(self, request: Request) -> None:
        held = self._held.pop(request, None)
        if held is not None:
            self.slots.release(*held)
