"""Links of a parsed HTML page: the pages it links to, the feeds it declares and, when asked,
its requisites (:mod:`archiver.discovery.requisites`).

Pure logic on an lxml tree, run in the extraction workers on the tree extraction already
parsed, so that the crawl's reactor never parses a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from archiver.discovery.requisites import PageRequisites, page_requisites

# Links to files that are not web pages: not followed (the pages that link to them are
# archived; a sitemap or feed that names one still gets it fetched).
SKIPPED_EXTENSIONS = frozenset(
    [
        "7z",
        "apk",
        "avi",
        "bin",
        "bmp",
        "bz2",
        "css",
        "deb",
        "dmg",
        "doc",
        "docx",
        "dwg",
        "exe",
        "flac",
        "flv",
        "gif",
        "gz",
        "ico",
        "iso",
        "jar",
        "jpeg",
        "jpg",
        "js",
        "m4a",
        "m4v",
        "mkv",
        "mov",
        "mp3",
        "mp4",
        "mpeg",
        "mpg",
        "msi",
        "odp",
        "ods",
        "odt",
        "ogg",
        "pdf",
        "png",
        "ppt",
        "pptx",
        "ps",
        "psd",
        "rar",
        "rpm",
        "svg",
        "swf",
        "tar",
        "tgz",
        "tif",
        "tiff",
        "wav",
        "webm",
        "webp",
        "wma",
        "wmv",
        "woff",
        "woff2",
        "xls",
        "xlsx",
        "xz",
        "zip",
    ]
)
_BASE_HREFS = XPath("//base/@href", smart_strings=False)
_LINK_HREFS = XPath("//a/@href | //area/@href", smart_strings=False)
_FEED_LINKS = XPath("//link[@href][@rel]")
# What urljoin leaves as it is: no whitespace or control characters (which urlsplit strips),
# no brackets (IPv6 hosts, which it validates), backslashes or ";" (path parameters).
# An absolute URL also needs a host: without one, urljoin reads it relative to the base.
_PLAIN = re.compile(r"[^\x00-\x20\x7f\[\]\\;]*")
_PLAIN_ABSOLUTE = re.compile(r"https?://[^\x00-\x20\x7f\[\]\\;/?][^\x00-\x20\x7f\[\]\\;]*")
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml"})


@dataclass(frozen=True)
class PageLinks:
    """Absolute http(s) URLs, in page order, without repeats or fragments; ``requisites`` only
    when asked for."""

    pages: tuple[str, ...]
    feeds: tuple[str, ...]
    requisites: PageRequisites | None = None


def page_links(tree: HtmlElement, url: str, *, requisites: bool = False) -> PageLinks:
    """The ``<a href>`` targets (web pages only) and the declared feeds of ``tree``, fetched from
    ``url``; with ``requisites``, also what the page needs to render."""
    base = next((href.strip() for href in _BASE_HREFS(tree) if href.strip()), None)
    base_url = (_joined(url, base) or url) if base else url
    origin = _origin(base_url)
    pages: dict[str, None] = {}
    # a page links to many targets more than once (menus, teasers): each one is resolved once
    for href in dict.fromkeys(_LINK_HREFS(tree)):
        target = _absolute(href, base_url, origin)
        if target and not _is_file(target):
            pages[target] = None
    feeds: dict[str, None] = {}
    for link in _FEED_LINKS(tree):
        rel = (link.get("rel") or "").lower().split()
        media_type = (link.get("type") or "").split(";")[0].strip().lower()
        if (
            "alternate" in rel
            and media_type in FEED_TYPES
            and (target := _absolute(link.get("href"), base_url, origin))
        ):
            feeds[target] = None
    return PageLinks(tuple(pages), tuple(feeds), page_requisites(tree, base_url) if requisites else None)


def _joined(url: str, href: str) -> str | None:
    try:
        return urljoin(url, href)
    except ValueError:  # a malformed IPv6 host and the like
        return None


def _origin(base_url: str) -> str | None:
    """``scheme://host`` of an http(s) base URL, to which a plain root-relative path is appended."""
    try:
        parts = urlsplit(base_url)
    except ValueError:
        return None
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def _absolute(href: str | None, base_url: str, origin: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    # Most links are absolute or root-relative and plain: for those, urljoin (a few
    # microseconds each, thousands of links on a home page) would return them unchanged.
    plain = href.split("#", 1)[0]
    if not plain.endswith("?") and "/." not in plain:
        if _PLAIN_ABSOLUTE.fullmatch(plain):
            return plain
        if origin and plain.startswith("/") and not plain.startswith("//") and _PLAIN.fullmatch(plain):
            return origin + plain
    try:
        target = urljoin(base_url, href)
    except ValueError:  # a malformed IPv6 host and the like
        return None
    if not target.startswith(("http://", "https://")):
        return None
    return target.split("#", 1)[0]


def _is_file(url: str) -> bool:
    address = url.split("?", 1)[0]  # no fragment here: _absolute removed it
    if address.count("/") < 3:  # no path, only a host (which may end in ".zip")
        return False
    last = address.rsplit("/", 1)[-1]
    return "." in last and last.rsplit(".", 1)[1].lower() in SKIPPED_EXTENSIONS
