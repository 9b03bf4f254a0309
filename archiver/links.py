"""Links of a parsed HTML page: the pages it links to and the feeds it declares.

Pure logic on an lxml tree, run in the extraction workers on the tree extraction already
parsed, so that the crawl's reactor never parses a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

# Links to files that are not web pages: not followed (the pages that link to them are
# archived; a sitemap or feed that names one still gets it fetched).
SKIPPED_EXTENSIONS = frozenset(
    "7z apk avi bin bmp bz2 css deb dmg doc docx dwg exe flac flv gif gz ico iso jar jpeg jpg js "
    "m4a m4v mkv mov mp3 mp4 mpeg mpg msi odp ods odt ogg pdf png ppt pptx ps psd rar rpm svg swf "
    "tar tgz tif tiff wav webm webp wma wmv woff woff2 xls xlsx xz zip".split()
)
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml"}
)


@dataclass(frozen=True)
class PageLinks:
    """Absolute http(s) URLs, in page order, without repeats or fragments."""

    pages: tuple[str, ...]
    feeds: tuple[str, ...]


def page_links(tree: HtmlElement, url: str) -> PageLinks:
    """The ``<a href>`` targets (web pages only) and the declared feeds of ``tree``, fetched from ``url``."""
    base = next((href.strip() for href in tree.xpath("//base/@href") if href.strip()), None)
    base_url = urljoin(url, base) if base else url
    pages: dict[str, None] = {}
    for href in tree.xpath("//a/@href | //area/@href"):
        target = _absolute(href, base_url)
        if target and not _is_file(target):
            pages[target] = None
    feeds: dict[str, None] = {}
    for link in tree.xpath("//link[@href][@rel]"):
        rel = (link.get("rel") or "").lower().split()
        media_type = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" in rel and media_type in FEED_TYPES and (target := _absolute(link.get("href"), base_url)):
            feeds[target] = None
    return PageLinks(tuple(pages), tuple(feeds))


def _absolute(href: str | None, base_url: str) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    try:
        target = urljoin(base_url, href)
    except ValueError:  # a malformed IPv6 host and the like
        return None
    if not target.startswith(("http://", "https://")):
        return None
    return target.split("#", 1)[0]


def _is_file(url: str) -> bool:
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return "." in last and last.rsplit(".", 1)[1].lower() in SKIPPED_EXTENSIONS
