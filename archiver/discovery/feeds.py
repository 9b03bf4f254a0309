"""Feeds: RSS, RDF and Atom documents recognised and parsed into dated entries. Pure logic (bytes
in, entries out); no Scrapy. Every entry keeps its ``updated`` or ``published`` date, so that
``--since`` can skip old entries before any download.
"""

from __future__ import annotations

import calendar
import re
import xml.sax
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser

from archiver.discovery.urls import DiscoveredURL, join_url


@dataclass(frozen=True)
class Feed:
    """The entries of an RSS or Atom feed; ``problem`` as for :class:`Sitemap`."""

    entries: tuple[DiscoveredURL, ...]
    problem: str | None = None
    cut: str | None = None  # what limit cut the document short (read up to it), if one did


def parse_feed(body: bytes, base_url: str) -> Feed:
    """The entry links of an RSS or Atom feed, each with its ``updated`` or ``published`` date.

    feedparser reads malformed XML as far as it goes; ``problem`` then names what it stumbled on.
    """
    # a content type, so that feedparser does not flag every feed for lacking one
    headers = {"content-location": base_url, "content-type": "application/xml"}
    # Only the entries' links and dates are read: feedparser's cleaning of the entries' HTML
    # (sanitising it, resolving its links) cost thirty times the parse on a feed of whole articles.
    feed = feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
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


MAX_ENTRIES = 50_000
MAX_BYTES = 50 * 1024 * 1024


def read_feed(
    body: bytes, base_url: str, *, max_bytes: int = MAX_BYTES, max_entries: int = MAX_ENTRIES, cut: bool = False
) -> Feed:
    """The feed in a downloaded ``body``, read up to ``max_bytes`` and ``max_entries`` (the same
    limits as a sitemap's); ``cut``: the download itself stopped at the size limit, and the entry
    it was cut in is left out. ``problem`` and ``cut`` as for a sitemap."""
    limits = []
    if len(body) > max_bytes:
        body, cut = body[:max_bytes], True
    feed = parse_feed(body, base_url)
    entries = feed.entries[:-1] if cut else feed.entries
    if cut:
        limits.append(f"over the size limit of {max_bytes} bytes: read that far")
    if len(entries) > max_entries:
        entries = entries[:max_entries]
        limits.append(f"more than {max_entries} entries: read the first {max_entries}")
    problem = None if cut and (feed.problem or "").startswith("malformed XML") else feed.problem
    return Feed(entries, problem, "; ".join(limits) or None)


def looks_like_feed(body: bytes) -> bool:
    """Whether a body starts like an RSS, RDF or Atom document."""
    head = body[:512].lstrip().lower()
    return bool(re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head))
