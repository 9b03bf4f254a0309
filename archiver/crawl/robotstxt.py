"""Scrapy's robots.txt middleware, with every request that waits for robots.txt obeying it.

Scrapy 2.13+ (``RobotsTxtMiddleware.robot_parser``) has each request that arrives while its
host's robots.txt is still being downloaded await the same Deferred through
``maybe_deferred_to_future``; the first waiter's callback consumes the Deferred's result, so
every later waiter gets None, which means "no robots.txt": allowed. A crawl whose first requests
to a host come several at once (a worker joining a shared crawl takes them from the frontier)
then fetched pages that robots.txt disallows. Here each waiter gets a Deferred of its own,
chained so that the parser passes on to the next. Everything else is Scrapy's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy.http import Request
    from scrapy.robotstxt import RobotParser


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's, but a request waiting for its host's robots.txt never gets "no robots.txt" by mistake."""

    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):  # not being downloaded: Scrapy's own way
            return await super().robot_parser(request)
        mine: Deferred[RobotParser | None] = Deferred()

        def pass_on(parser: RobotParser | None) -> RobotParser | None:
            mine.callback(parser)
            return parser  # for the next waiter

        pending.addCallback(pass_on)
        return await maybe_deferred_to_future(mine)
