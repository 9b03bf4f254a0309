"""Scrapy's off-site filter, letting through the robots.txt requests of hosts it let through.

Page requisites may live on other hosts (CDNs); the spider allows each off-site for itself
alone (Scrapy's ``allow_offsite`` meta key). Scrapy's RobotsTxtMiddleware (order 100) then asks
that host's robots.txt, through the downloader, whose OffsiteMiddleware (order 50) filters that
request as off-site: the robots.txt is never read, and everything on the host is allowed. This
middleware lets a robots.txt request through: RobotsTxtMiddleware makes one only for a request
that has passed the off-site filter already, so no other host is reached. Such a robots.txt, of
a host outside the crawl's sites, is asked once (``dont_retry``), as the requisites it guards are:
a host that cannot be reached costs one error line (Scrapy's robots.txt middleware logs it,
naming the first request for the host), not three tries and a line for each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware as ScrapyOffsiteMiddleware
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from scrapy import Request, Spider


class OffsiteMiddleware(ScrapyOffsiteMiddleware):
    """:class:`~scrapy.downloadermiddlewares.offsite.OffsiteMiddleware` that follows robots.txt
    requests (``dont_obey_robotstxt``, path ``/robots.txt``) of any host."""

    def should_follow(self, request: Request, spider: Spider) -> bool:
        if super().should_follow(request, spider):
            return True
        if request.meta.get("dont_obey_robotstxt") and urlparse_cached(request).path == "/robots.txt":
            request.meta["dont_retry"] = True
            return True
        return False
