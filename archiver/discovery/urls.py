"""Finding article URLs before downloading them: robots.txt, sitemaps, feeds, links.

Pure logic (bytes in, entries out); the spider wires it into a crawl. Every entry keeps
the date its source gives (sitemap ``lastmod``, ``news:publication_date``, feed
``updated``/``published``) so that ``--since`` can skip old entries before any download.
"""

from __future__ import annotations

import calendar
import re
import xml.sax
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree

from archiver.exceptions import BadURLError, UsageError



@dataclass(frozen=True)
class DiscoveredURL:
    """A URL named by a sitemap or feed, with the newest date its source gives (or None)."""

    url: str
    date: datetime | None = None


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: ``index`` (entries are sitemaps) or ``urlset`` (entries are pages).

    ``problem`` says what was wrong with a document read as far as it went (malformed XML, not
    a sitemap at all); None for a sound one."""

    kind: str
    entries: tuple[DiscoveredURL, ...]
    problem: str | None = None


@dataclass(frozen=True)
class Feed:
    """The entries of an RSS or Atom feed; ``problem`` as for :class:`Sitemap`."""

    entries: tuple[DiscoveredURL, ...]
    problem: str | None = None


def check_start_url(url: str) -> str:
    """Return ``url`` if it is an absolute http(s) URL with a host; raise BadURLError if not."""
    if http_url(url.strip()) is None:
        raise BadURLError(f"not an http(s) URL: {url!r}")
    return url.strip()


def http_url(url: str) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host that parses whole (a port in range, a
    well-formed IPv6 address), else None: one malformed URL in a sitemap, a feed or a page must
    cost that URL only, not the rest of the document."""
    return url if _http_host(url) is not None else None


def _http_host(url: str) -> str | None:
    """The host of an ``http_url``, else None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return None
    return parts.hostname if parts.scheme in ("http", "https") and parts.hostname else None


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


def sitemaps_from_robots(robots_txt: bytes, base_url: str) -> list[str]:
    """The absolute URLs of the ``Sitemap:`` lines of a robots.txt body, in order, without repeats."""
    text = robots_txt.decode("utf-8", errors="replace")
    found: list[str] = []
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "sitemap" and value.strip():
            url = join_url(base_url, value.strip())
            if url is not None and url not in found:
                found.append(url)
    return found


def _local_name(tag: object) -> str:
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""


_TEXT_SITEMAP = re.compile(rb"(?:\xef\xbb\xbf)?\s*https?://", re.IGNORECASE)
_HTTP_URL = re.compile(r"https?://\S+$", re.IGNORECASE)


def parse_sitemap(body: bytes) -> Sitemap:
    """Parse a sitemap index or urlset (including Google News sitemaps), or a text sitemap
    (one URL a line).

    An entry's date is the newest of ``lastmod`` and ``news:publication_date``.
    Malformed XML is read as far as it goes; a document that is not a sitemap at all
    gives an empty urlset. Either way ``problem`` says so.
    """
    if _TEXT_SITEMAP.match(body):
        # the sitemap protocol's text format: one URL a line
        lines = body.decode("utf-8-sig", errors="replace").split()
        return Sitemap("urlset", tuple(DiscoveredURL(line) for line in lines if _HTTP_URL.match(line)))
    entries: list[DiscoveredURL] = []
    kind = "urlset"
    root: str | None = None
    events = lxml.etree.iterparse(
        BytesIO(body), events=("start", "end"), recover=True,
        resolve_entities=False, no_network=True, huge_tree=False,
    )
    try:
        for event, element in events:
            name = _local_name(element.tag)
            if event == "start":
                root = root or name
                if name == "sitemapindex":
                    kind = "index"
                continue
            if name not in ("url", "sitemap"):
                continue
            loc, dates = None, []
            for child in element.iter():
                child_name = _local_name(child.tag)
                if child_name == "loc" and child.text and loc is None:
                    loc = child.text.strip()
                elif child_name in ("lastmod", "publication_date"):
                    dates.append(parse_w3c_date(child.text))
            if loc:
                known = [d for d in dates if d is not None]
                entries.append(DiscoveredURL(loc, max(known) if known else None))
            element.clear()
    except lxml.etree.XMLSyntaxError:
        pass
    problem = None
    if root not in ("urlset", "sitemapindex"):
        problem = f"not a sitemap (root element: {root or 'none'})"
    elif errors := [error for error in events.error_log if error.level >= lxml.etree.ErrorLevels.ERROR]:
        message = errors[0].message.strip()
        problem = f"malformed XML: {message}" + ("" if "line" in message else f" (line {errors[0].line})")
    return Sitemap(kind, tuple(entries), problem)


def parse_feed(body: bytes, base_url: str) -> Feed:
    """The entry links of an RSS or Atom feed, each with its ``updated`` or ``published`` date.

    feedparser reads malformed XML as far as it goes; ``problem`` then names what it stumbled on.
    """
    # a content type, so that feedparser does not flag every feed for lacking one
    headers = {"content-location": base_url, "content-type": "application/xml"}
    feed = feedparser.parse(body, response_headers=headers)
    found: list[DiscoveredURL] = []
    for entry in feed.entries:
        link = entry.get("link") and join_url(base_url, entry.get("link"))
        if not link:
            continue
        # dict.get: feedparser's own get() maps a missing "updated" to "published", with a warning.
        stamps = [dict.get(entry, key) for key in ("updated_parsed", "published_parsed")]
        dates = [datetime.fromtimestamp(calendar.timegm(s), UTC) for s in stamps if s]
        found.append(DiscoveredURL(link, max(dates) if dates else None))
    problem = None
    if not feed.get("version") and not found:
        problem = "not an RSS or Atom feed"
    elif feed.bozo and isinstance(feed.get("bozo_exception"), xml.sax.SAXParseException):
        problem = f"malformed XML: {feed.bozo_exception.getMessage()} (line {feed.bozo_exception.getLineNumber()})"
    return Feed(tuple(found), problem)


def looks_like_feed(body: bytes) -> bool:
    """Whether a body starts like an RSS, RDF or Atom document."""
    head = body[:512].lstrip().lower()
    return bool(re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head))


def is_recent(entry: DiscoveredURL, since: datetime | None) -> bool:
    """Whether an entry should be fetched: no cut-off, no date, or dated at or after it."""
    return since is None or entry.date is None or entry.date >= since


class URLFilter:
    """Decides which URLs a crawl may follow: same sites as the start URLs, allow/deny regexes."""

    def __init__(self, start_urls: Sequence[str], allow: Iterable[str] = (), deny: Iterable[str] = ()):
        self.hosts = {_site_host(url) for url in start_urls}
        try:
            self.allow = [re.compile(pattern) for pattern in allow]
            self.deny = [re.compile(pattern) for pattern in deny]
        except re.error as error:
            raise UsageError(f"--allow/--deny: bad pattern {error.pattern!r}: {error}") from None

    def __call__(self, url: str) -> bool:
        host = _http_host(url)  # the URL parsed once: the filter sees every link of every page
        if host is None or _site(host) not in self.hosts:
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


def _site(host: str) -> str:
    """The site a host belongs to, for keeping a crawl to its start sites: ``www.`` aside."""
    return host.removeprefix("www.")
