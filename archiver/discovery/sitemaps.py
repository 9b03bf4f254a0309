"""Sitemaps: the ``Sitemap:`` lines of robots.txt, and sitemap indexes, urlsets (Google News
sitemaps included) and text sitemaps parsed into dated entries. Pure logic (bytes in, entries
out); no Scrapy. Every entry keeps the newest date its sitemap gives (``lastmod``,
``news:publication_date``), so that ``--since`` can skip old entries before any download.

:func:`read_sitemap` keeps to the sitemap protocol's own limits, 50,000 entries and 50 MB
uncompressed a file (or the crawl's): a larger file, or a ``.xml.gz`` file that inflates past the
limit, is read up to it, and says so.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, replace
from io import BytesIO

import lxml.etree

from archiver.discovery.urls import DiscoveredURL, join_url, parse_w3c_date


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: ``index`` (entries are sitemaps) or ``urlset`` (entries are pages).

    ``problem`` says what was wrong with a document read as far as it went (malformed XML, not
    a sitemap at all); None for a sound one."""

    kind: str
    entries: tuple[DiscoveredURL, ...]
    problem: str | None = None
    cut: str | None = None  # what limit cut the document short (read up to it), if one did


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


# The sitemap protocol's limits on one file.
MAX_ENTRIES = 50_000
MAX_BYTES = 50 * 1024 * 1024


def read_sitemap(
    body: bytes, *, max_bytes: int = MAX_BYTES, max_entries: int = MAX_ENTRIES, cut: bool = False
) -> Sitemap:
    """The sitemap in a downloaded ``body``, gzipped or not, read up to ``max_bytes`` (inflated)
    and ``max_entries``; ``cut``: the download itself stopped at the size limit. A document cut
    short loses its last entry, which may end in the middle of its URL. ``problem`` says what was
    wrong with the document, ``cut`` which limit cut it short."""
    limits = []
    if body[:2] == b"\x1f\x8b":  # a .xml.gz file served without Content-Encoding
        inflater = zlib.decompressobj(wbits=31)
        try:
            inflated = inflater.decompress(body, max_bytes)
        except zlib.error as error:
            return Sitemap("urlset", (), f"not a readable gzip file ({error})")
        if inflater.unconsumed_tail or (cut and not inflater.eof):
            cut = True
            limits.append(f"over the size limit of {max_bytes} bytes (inflated): read that far")
        elif not inflater.eof:
            return replace(parse_sitemap(inflated, max_entries=max_entries), problem="a gzip file cut short")
        body = inflated
    elif len(body) > max_bytes:
        body, cut = body[:max_bytes], True
    if cut and not limits:
        limits.append(f"over the size limit of {max_bytes} bytes: read that far")
    sitemap = parse_sitemap(body, max_entries=max_entries + 1)
    entries = sitemap.entries[:-1] if cut else sitemap.entries
    if len(entries) > max_entries:
        entries = entries[:max_entries]
        limits.append(f"more than {max_entries} entries: read the first {max_entries}")
    # a document cut short is malformed XML at its end by nature: that is no fault of the site's
    problem = None if cut and (sitemap.problem or "").startswith("malformed XML") else sitemap.problem
    return replace(sitemap, entries=entries, problem=problem, cut="; ".join(limits) or None)


def parse_sitemap(body: bytes, *, max_entries: int | None = None) -> Sitemap:
    """Parse a sitemap index or urlset (including Google News sitemaps), or a text sitemap
    (one URL a line).

    An entry's date is the newest of ``lastmod`` and ``news:publication_date``.
    Malformed XML is read as far as it goes; a document that is not a sitemap at all
    gives an empty urlset. Either way ``problem`` says so. Parsing stops after ``max_entries``.
    """
    if _TEXT_SITEMAP.match(body):
        # the sitemap protocol's text format: one URL a line
        lines = body.decode("utf-8-sig", errors="replace").split()
        urls = (DiscoveredURL(line) for line in lines if _HTTP_URL.match(line))
        return Sitemap("urlset", tuple(url for url, _ in zip(urls, range(max_entries or len(lines)), strict=False)))
    entries: list[DiscoveredURL] = []
    kind = "urlset"
    root: str | None = None
    events = lxml.etree.iterparse(
        BytesIO(body),
        events=("start", "end"),
        recover=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
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
            if max_entries is not None and len(entries) >= max_entries:
                break
    except lxml.etree.XMLSyntaxError:
        pass
    problem = None
    if root not in ("urlset", "sitemapindex"):
        problem = f"not a sitemap (root element: {root or 'none'})"
    elif errors := [error for error in events.error_log if error.level >= lxml.etree.ErrorLevels.ERROR]:
        message = errors[0].message.strip()
        problem = f"malformed XML: {message}" + ("" if "line" in message else f" (line {errors[0].line})")
    return Sitemap(kind, tuple(entries), problem)
