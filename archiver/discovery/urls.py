"""URLs a crawl may fetch: start URLs checked, links joined, the crawl's URL filter, tracking
parameters dropped, the dates sitemaps and feeds give their entries, and the public suffixes of
host names. Pure logic; no Scrapy."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote, urljoin, urlsplit

from tldextract import TLDExtract

from archiver.exceptions import BadURLError, UsageError

# The Public Suffix List as tldextract ships it: its default extractor downloads the list on
# first use, and crawls and extraction here often run with no route to the internet.
OFFLINE_SUFFIXES = TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


@dataclass(frozen=True)
class DiscoveredURL:
    """A URL named by a sitemap or feed, with the newest date its source gives (or None)."""

    url: str
    date: datetime | None = None


def check_start_url(url: str) -> str:
    """Return ``url`` if it is an absolute http(s) URL with a host; raise BadURLError if not."""
    if http_url(url.strip()) is None:
        raise BadURLError(f"not an http(s) URL: {url!r}")
    return url.strip()


MAX_BAD_LINES_SHOWN = 10


def read_url_list(lines: Iterable[str], source: str) -> list[str]:
    """The URLs of a URL list (``archiver crawl -i``): one a line, blank lines and lines that
    start with ``#`` skipped, surrounding space removed, repeats dropped. ``source`` names the
    list in messages. Raises BadURLError naming each bad line (``urls.txt:12: not an http(s)
    URL: 'example.org'``; the first ``MAX_BAD_LINES_SHOWN``, one a line), and when the list
    holds no URL at all."""
    urls: dict[str, None] = {}
    bad: list[str] = []
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if http_url(text) is None:
            bad.append(f"{source}:{number}: not an http(s) URL: {text[:200]!r}")
        else:
            urls[text] = None
    if bad:
        more = len(bad) - MAX_BAD_LINES_SHOWN
        shown = bad[:MAX_BAD_LINES_SHOWN] + ([f"{source}: {more} more bad lines"] if more > 0 else [])
        raise BadURLError("\n".join(shown))
    if not urls:
        raise BadURLError(f"{source}: no URL in the list")
    return list(urls)


def http_url(url: str) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host that parses whole (a port in range, a
    well-formed IPv6 address), else None: one malformed URL in a sitemap, a feed or a page must
    cost that URL only, not the rest of the document."""
    return url if _http_host(url) is not None else None


def _http_host(url: str) -> str | None:
    """The host of an ``http_url``, else None."""
    site = _http_site(url)
    return site[0] if site is not None else None


# http and https on their own ports are one site (a site that moves to https stays itself);
# any other port is another server, which may belong to someone else
_DEFAULT_PORTS = frozenset({None, 80, 443})


def _http_site(url: str) -> tuple[str, int | None] | None:
    """(host, port unless 80 or 443) of an ``http_url``, else None."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a port out of range
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname, None if port in _DEFAULT_PORTS else port


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``url`` without the ``user:password@`` it may carry, and that user and password (None when
    it carries none): credentials must reach the site's requests only, never a log or a file name."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None, None
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port is not None else host
    return parts._replace(netloc=netloc).geturl(), unquote(parts.username or ""), unquote(parts.password or "")


def join_url(base: str, link: str) -> str | None:
    """``urljoin(base, link)`` when the result is an ``http_url``, else None."""
    try:
        return http_url(urljoin(base, link))
    except ValueError:  # urljoin on a malformed IPv6 host
        return None


def parse_since(text: str) -> datetime:
    """Parse a ``--since`` value (``YYYY-MM-DD`` or ISO 8601) into an aware UTC datetime."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--since: not a date (YYYY-MM-DD or ISO 8601): {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_w3c_date(text: str | None) -> datetime | None:
    """Parse a sitemap/W3C datetime (``2025-03-01``, ``2025-03-01T10:00:00+01:00``); None if not one."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_recent(entry: DiscoveredURL, since: datetime | None) -> bool:
    """Whether an entry should be fetched: no cut-off, no date, or dated at or after it."""
    return since is None or entry.date is None or entry.date >= since


class URLFilter:
    """Decides which URLs a crawl may follow: same sites as the start URLs (host without ``www.``,
    and port: http and https on their own ports are one site, any other port another), allow/deny
    regexes."""

    def __init__(self, start_urls: Sequence[str], allow: Iterable[str] = (), deny: Iterable[str] = ()):
        self.hosts = {_site_host(url) for url in start_urls}
        self.sites = {_site_key(url) for url in start_urls}
        try:
            self.allow = [re.compile(pattern) for pattern in allow]
            self.deny = [re.compile(pattern) for pattern in deny]
        except re.error as error:
            raise UsageError(f"--allow/--deny: bad pattern {error.pattern!r}: {error}") from None

    def on_site(self, url: str) -> bool:
        """Whether ``url`` is on one of the crawl's sites, whatever the allow and deny patterns say."""
        host = _http_host(url)
        return host is not None and _site(host) in self.hosts

    def __call__(self, url: str) -> bool:
        site = _http_site(url)  # the URL parsed once: the filter sees every link of every page
        if site is None or (_site(site[0]), site[1]) not in self.sites:
            return False
        if any(pattern.search(url) for pattern in self.deny):
            return False
        return not self.allow or any(pattern.search(url) for pattern in self.allow)


# Query parameters that only say how a visitor arrived or what they clicked: the page is
# the same without them (share buttons, analytics campaigns, comment reply links).
TRACKING_PARAMETERS = re.compile(r"^(utm_\w+|share|replytocom|fbclid|gclid|mc_cid|mc_eid|ref|amp)$", re.IGNORECASE)


def without_tracking_parameters(url: str) -> str:
    """``url`` without share/tracking query parameters and without its fragment."""
    if "?" not in url and "#" not in url:
        return url
    parts = urlsplit(url)
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not TRACKING_PARAMETERS.match(pair.split("=", 1)[0])
    )
    return parts._replace(query=query, fragment="").geturl()


def _site_host(url: str) -> str:
    return _site(urlsplit(url).hostname or "")


def _site_key(url: str) -> tuple[str, int | None]:
    site = _http_site(url)
    return (_site(site[0]), site[1]) if site is not None else ("", None)


def _site(host: str) -> str:
    """The site a host belongs to, for keeping a crawl to its start sites: ``www.`` aside."""
    return host.removeprefix("www.")
