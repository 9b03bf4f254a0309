"""Record fields the page declares: ``<meta>`` values, dates from structured data, the title
candidates, the canonical URL, the language, and trafilatura's reading of the rest (site name,
description, categories, tags, image). Pure logic; no Scrapy."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from archiver.extraction.dates import dates_in_text, iso_date
from archiver.extraction.json_ld import is_article_node, json_ld_metadata
from archiver.extraction.metadata import category_and_tag_links, page_categories, page_tags
from archiver.extraction.trafilatura_shim import Document, examine_meta, extract_sitename, extract_title

# an XPath walks the tree in C; ElementPath's ".//*[@itemprop=...]" made a Python object of
# every element. Testing the elements' attributes, then going up to the element of each match,
# costs a third less than testing every element for an itemprop attribute.
_ITEMPROP = XPath("descendant::*/@itemprop[. = $name]/..")

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date.issued",
    "pubdate",
    # the names other publishing systems and analytics tags give it, as htmldate reads them
    "publishdate",
    "publish_date",
    "publish-date",
    "published",
    "published_time",
    "published-date",
    "publication_date",
    "date_published",
    "article.published",
    "og:published_time",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
    "rnews:datepublished",
    "originalpublicationdate",
)
MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dc.date.modified",
)
# <meta> names that give the story's writers; a page may repeat one for each writer
AUTHOR_META = ("article:author", "author", "dc.creator", "sailthru.author", "parsely-author")


def meta_contents(tree: HtmlElement) -> dict[str, str]:
    """``<meta>`` values by lower-cased ``property``/``name``/``itemprop``, first one wins; but
    the values of an author tag the page repeats, one per writer (Open Graph's ``article:author``
    may be given once for each), are joined by commas: "Example Daily, Jane Doe". A value some
    platforms set in a ``value`` attribute instead of ``content`` counts too."""
    contents: dict[str, str] = {}
    authors: dict[str, list[str]] = {}
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if not key or not (content := (meta.get("content") or meta.get("value") or "").strip()):
            continue
        if key not in contents:
            contents[key] = content
            if key in AUTHOR_META:
                authors[key] = [content]
        elif key in authors and content not in authors[key] and len(authors[key]) < _MAX_AUTHOR_TAGS:
            authors[key].append(content)
    contents.update((key, ", ".join(values)) for key, values in authors.items())
    return contents


# the most writers an author tag repeated for each is read for (a hostile page repeats it endlessly)
_MAX_AUTHOR_TAGS = 20


def structured_date(
    json_ld: list[dict[str, Any]], meta: dict[str, str], tree: HtmlElement, json_key: str, meta_names: tuple[str, ...]
) -> str | None:
    """An ISO 8601 date from JSON-LD, then ``<meta>`` (ISO 8601, an e-mail's date, or a day
    written in words: "July 17, 2025"), then ``<time itemprop>``; else ``None``.

    The article node's date is preferred over a WebPage node's, which on many CMSs is the date
    the page object was created rather than when the story was published.
    """
    candidates: list[Any] = []
    for node in sorted(json_ld, key=lambda n: not is_article_node(n)):
        candidates.append(node.get(json_key))
    for value in candidates:
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and (iso := iso_date(value) or _epoch_date(value)):
            return iso
        if isinstance(value, (int, float)) and not isinstance(value, bool) and (iso := _epoch_date(value)):
            return iso
    # a <meta> date may be written in words; a JSON-LD one so written is a template's more often
    # than the story's (site builders fill "Jun 24, 2025" in for every post)
    for name in meta_names:
        if (value := meta.get(name)) and (iso := iso_date(value) or _epoch_date(value) or _written_date(value)):
            return iso
    # microdata last: finding it means a walk over the whole tree
    for element in _ITEMPROP(tree, name=json_key):
        if iso := iso_date(element.get("datetime") or element.get("content") or ""):
            return iso
    return None


_WRITTEN_DATE_MAX_CHARS = 40


def _epoch_date(value: str | float) -> str | None:
    """A declared date given as a Unix time, in seconds or milliseconds (``1676551869``,
    ``"1676551869000"``, as some publishing systems write it), in UTC; ``None`` for any other
    value and for a time outside 1995-2100."""
    if isinstance(value, str):
        if not _EPOCH.fullmatch(value.strip()):
            return None
        value = int(value)
    seconds = value / 1000 if value > _LATEST_EPOCH_SECONDS else value
    if not _EARLIEST_EPOCH_SECONDS <= seconds <= _LATEST_EPOCH_SECONDS:
        return None
    return datetime.fromtimestamp(int(seconds), tz=UTC).isoformat()


# ten digits of seconds or thirteen of milliseconds; the bounds are 1995-01-01 and 2100-01-01
_EPOCH = re.compile(r"\d{10}|\d{13}")
_EARLIEST_EPOCH_SECONDS = 788_918_400
_LATEST_EPOCH_SECONDS = 4_102_444_800


def _written_date(value: str) -> str | None:
    """The day of a declared date written in words ("July 17, 2025"), when it is the value's
    only date and the value is no longer than a date line."""
    if len(value) > _WRITTEN_DATE_MAX_CHARS:
        return None
    days = dates_in_text(value)
    return days[0].isoformat() if len(days) == 1 else None


def page_metadata(
    tree: HtmlElement, url: str, scripts: list[HtmlElement] | None = None, meta: dict[str, str] | None = None
) -> Document:
    """Title, author, sitename, description, categories, tags and image, as
    ``trafilatura.metadata.extract_metadata`` finds them, minus its date and license search
    (the date is read from structured data first, the license is not a record field);
    ``scripts`` are the page's ``json_scripts`` and ``meta`` its ``meta_contents`` when they
    have been read."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # a single token is a handle or a site name, not a person
    try:
        metadata = json_ld_metadata(tree, metadata, scripts)
    except Exception:  # trafilatura's JSON-LD reader trips over some malformed objects
        pass
    metadata.title = metadata.title or extract_title(tree)
    if not metadata.sitename:
        # Open Graph's name under the attribute of other <meta> tags (name=, not property=)
        metadata.sitename = (meta if meta is not None else meta_contents(tree)).get("og:site_name")
    if not metadata.sitename:
        # guessed from the <title>'s parts: the part with a dot, taken for a domain name. It may
        # be the headline itself ("Site - Section - Headline", "A vs. B - Site"): a site's name
        # is a few words, and a domain's dot stands between letters
        guessed = extract_sitename(tree)
        metadata.sitename = guessed if guessed and _looks_like_site_name(guessed) else None
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
    else:
        metadata.sitename = urlsplit(url).hostname
    # one walk over the links finds the candidates for both lists
    links = category_and_tag_links(tree) if not metadata.categories and not metadata.tags else None
    metadata.categories = metadata.categories or page_categories(tree, links)
    metadata.tags = metadata.tags or page_tags(tree, links)
    metadata.clean_and_trim()
    return metadata


# the most words a site name that the <title> gives has
_MAX_GUESSED_SITENAME_WORDS = 6
_DOMAIN_DOT = re.compile(r"[^\W_]\.[^\W\d_]")


def _looks_like_site_name(guessed: str) -> bool:
    return len(guessed.split()) <= _MAX_GUESSED_SITENAME_WORDS and bool(_DOMAIN_DOT.search(guessed))


# JSON-LD headlines read: a story declares one, a page of teasers one per teaser, and each title
# is compared with every other one
_MAX_HEADLINES = 5


def meta_titles(tree: HtmlElement, json_ld: list[dict[str, Any]], meta: dict[str, str]) -> list[str | None]:
    """Metadata titles, most specific first: the article's JSON-LD headline, OpenGraph,
    Twitter, then ``<title>``."""
    headlines = [node.get("headline") for node in json_ld if is_article_node(node)][:_MAX_HEADLINES]
    title_element = tree.find(".//head/title")
    if title_element is None:
        title_element = tree.find(".//title")
    return [
        *(h for h in headlines if isinstance(h, str)),
        meta.get("og:title"),
        meta.get("twitter:title"),
        title_element.text_content() if title_element is not None else None,
    ]


def declares_news_headline(json_ld: list[dict[str, Any]]) -> bool:
    """Whether the page's JSON-LD declares a news article (``declares_news_article``) with a
    headline: the one ``meta_titles`` gives first."""
    return any(isinstance(node.get("headline"), str) for node in _news_articles(json_ld))


def declares_news_article(json_ld: list[dict[str, Any]]) -> bool:
    """Whether the page's JSON-LD declares a news article: ``NewsArticle`` or one of its kinds
    (``ReportageNewsArticle``, ``AnalysisNewsArticle``, ...)."""
    return any(True for _ in _news_articles(json_ld))


def _news_articles(json_ld: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    return (node for node in json_ld if is_article_node(node) and "NewsArticle" in str(node.get("@type")))


def canonical_url(tree: HtmlElement, url: str, meta: dict[str, str] | None = None) -> str | None:
    """The page's ``<link rel=canonical>`` (else ``og:url``) made absolute against ``url``."""
    for link in tree.iterfind(".//link[@rel][@href]"):
        if "canonical" in link.get("rel", "").lower().split():
            if absolute := absolute_http_url(link.get("href"), url):
                return absolute
    og_url = (meta if meta is not None else meta_contents(tree)).get("og:url")
    return absolute_http_url(og_url, url)


# The longest URL a record gives (Scrapy's URLLENGTH_LIMIT, the longest browsers take): a page's
# canonical link or picture longer than that is no address anyone follows
_MAX_URL_CHARS = 2083
# The most categories or tags a record gives, and the longest one: a keywords tag of a million
# characters is no label
_MAX_LABELS = 100
_MAX_LABEL_CHARS = 200


def absolute_http_url(href: str | None, base: str) -> str | None:
    """``href`` made absolute against ``base``, if it is an http(s) URL of at most ``_MAX_URL_CHARS``."""
    if not href or not href.strip() or len(href) > _MAX_URL_CHARS:
        return None
    try:
        absolute = urljoin(base, href.strip())
        parts = urlsplit(absolute)
    except ValueError:
        return None
    return absolute if parts.scheme in ("http", "https") and parts.netloc else None


def page_language(tree: HtmlElement, json_ld: list[dict[str, Any]], meta: dict[str, str]) -> str | None:
    """The primary language subtag, lower case ("en" for "en-US"), as the page declares it."""
    candidates: list[Any] = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates.append(meta.get("content-language"))
    for element in tree.iterfind(".//meta[@http-equiv][@content]"):
        if element.get("http-equiv", "").lower() == "content-language":
            candidates.append(element.get("content"))
    candidates.append(meta.get("og:locale"))
    candidates.extend(node.get("inLanguage") for node in json_ld)
    for value in candidates:
        if isinstance(value, str) and (match := re.match(r"\s*([A-Za-z]{2,3})(?:[-_,\s]|$)", value)):
            return match[1].lower()
    return None


def clean_list(values: list[str] | None) -> list[str]:
    """``values`` stripped, without empty strings, repeats and any longer than ``_MAX_LABEL_CHARS``,
    in order; the first ``_MAX_LABELS`` of them."""
    kept = (v for v in dict.fromkeys(v.strip() for v in values or [] if v) if v and len(v) <= _MAX_LABEL_CHARS)
    return list(itertools.islice(kept, _MAX_LABELS))
