"""A DNS resolver for crawls of local copies of real pages: loopback names only.

Saved real pages (the benchmark corpus, served by ``archiver serve-site --mount``) name the
hosts their stylesheets, images and scripts came from. A test or a benchmark must never reach
those hosts, and should not wait on a DNS server for names it cannot use either (a resolver
that times out costs seconds a name). With ``DNS_RESOLVER =
"archiver.crawl.resolver.LoopbackResolver"`` a crawl resolves ``localhost`` and loopback
addresses as Scrapy's own resolver does, and fails every other name at once, as a host that
does not exist: such a requisite is counted in ``archiver/requisites/failed``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def is_loopback(name: str) -> bool:
    """Whether a host name is ``localhost`` (or under it) or a loopback address."""
    name = name.strip("[]").rstrip(".").lower()
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class LoopbackResolver(CachingThreadedResolver):
    """Scrapy's resolver for loopback names; every other name fails without a DNS query."""

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        if not is_loopback(name):
            return defer.fail(DNSLookupError(f"{name}: not resolved (a loopback-only crawl)"))
        return super().getHostByName(name, timeout)
