"""Article extraction: HTML bytes and their URL in, one article record (or a reason why not) out.

Pure logic on top of trafilatura: no Scrapy import here, because the same function re-extracts
articles from WARC files long after the crawl (``archiver extract``) and runs in spawned worker
processes (``archiver.extraction.pool``). The page is decoded and parsed once; trafilatura works
on a copy of that tree while detection and metadata read the original.

A record has exactly the fields of ``RECORD_FIELDS``; a missing value is ``None`` (lists: ``[]``).
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.etree import ElementDefaultClassLookup, ElementNamespaceClassLookup, XPath
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlElementClassLookup,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura import bare_extraction
from trafilatura.metadata import (
    examine_meta,
    extract_sitename,
    extract_title,
)
from trafilatura.settings import Document, Extractor
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, INVALID_XML_CHARS, detect_encoding, is_dubious_html
from trafilatura.xml import xmltotxt

from archiver.extraction.bylines import clean_names, page_authors
from archiver.extraction.dates import iso_date, publication_date
from archiver.extraction.detection import VisibleText, is_article_page, visible_text
from archiver.extraction.json_ld import json_ld_documents, json_ld_metadata, json_scripts
from archiver.discovery.links import PageLinks, page_links
from archiver.extraction.metadata import category_and_tag_links, headline, page_categories, page_tags

logger = logging.getLogger(__name__)

RECORD_FIELDS = (
    "url",
    "canonical_url",
    "title",
    "authors",
    "published",
    "modified",
    "language",
    "sitename",
    "description",
    "categories",
    "tags",
    "image",
    "text",
    "word_count",
)

# Content types a page may arrive with; anything else (PDF, images, JSON, ...) is "not html".
# text/plain is kept because misconfigured servers send HTML pages with it.
_HTML_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", ""})

# Beyond this, trafilatura's own MAX_FILE_SIZE would drop the page anyway; decoding it first
# would only cost memory.
MAX_BODY_BYTES = 20_000_000

_CHARSET_IN_HEADER = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_CHARSET_IN_META = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
# Browsers (WHATWG) read these labels as windows-1252; pages labelled latin-1 routinely use
# its extra characters (curly quotes, dashes).
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252"}
_WORD = re.compile(r"\w+")
# Calls to action (newsletters, comments, sharing) and notices that CMS widgets put after the last
# paragraph, inside the article container.
_TRAILING_BOILERPLATE = re.compile(
    r"\b(follow us( on)?|like us on|share (this|on)|short ?link|leave a (comment|reply)|post (a )?comment|"
    r"comments?$|sign up|subscribe|newsletter|inbox|(related|recommended) (posts|articles|stories)|"
    r"read more:?$|all rights reserved|copyright|click here)\b",
    re.IGNORECASE,
)
_BOILERPLATE_MAX_WORDS = 25
# A paragraph that only says when the story was published or updated ("October 12, 2017",
# "Updated: Tue., Nov. 19, 2019 08:38 AM"): the record has a date field for that.
_DAY_NAMES = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|"
    r"august|september|october|november|december|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
_HAS_DATE = re.compile(
    rf"\b(?:{_DAY_NAMES})\b.*\d|\d.*\b(?:{_DAY_NAMES})\b|\b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}\b", re.IGNORECASE
)
_DATE_STAMP_WORDS = re.compile(
    rf"\b(?:{_DAY_NAMES}|\d+(?:st|nd|rd|th)?|am|pm|a\.m|p\.m|gmt|utc|est|edt|pst|pdt|"
    r"updated?|published|posted|last|on|at|modified|date|hours?|minutes?|ago)\b",
    re.IGNORECASE,
)
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_DATE_STAMP_MAX_CHARS = 100
_LEADING_PARAGRAPHS = 3  # where a date line sits above the story

# trafilatura's options: the fast pass, and the full cascade for a second opinion. The fast pass
# favours recall: on its own it keeps the sections, lists and tables that the balanced rules cut
# from long guides and reviews, and on the dev corpora it ran faster than the balanced pass.
# Output format "txt": bare_extraction then leaves the output tree alone, where "python" would
# also render all of it as one text, which paragraphs_text does its own way anyway.
_FAST_EXTRACTOR = Extractor(output_format="txt", fast=True, recall=True, comments=False)
_FULL_EXTRACTOR = Extractor(output_format="txt", fast=False, comments=False)
# An extracted text under this share of the page's visible text looks like a teaser or a
# caption; over _DUMP_SHARE, longer than _DUMP_MIN_CHARS and in one or two blocks, like the
# whole page dumped.
_SMALL_SHARE = 0.15
_DUMP_SHARE = 0.9
_DUMP_MIN_CHARS = 2000
# A heading this long under the headline is a standfirst, not a section title ("Background").
_STANDFIRST_MIN_WORDS = 10

# an XPath walks the tree in C; ElementPath's ".//*[@itemprop=...]" made a Python object of
# every element. Testing the elements' attributes, then going up to the element of each match,
# costs a third less than testing every element for an itemprop attribute.
_ITEMPROP = XPath("descendant::*/@itemprop[. = $name]/..")

_PUBLISHED_META = ("article:published_time", "og:article:published_time", "datepublished", "date", "dc.date.issued", "pubdate")
_MODIFIED_META = ("article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified", "last-modified", "dc.date.modified")


@dataclass(frozen=True)
class Extraction:
    """The outcome of ``extract_page``: an article record, or ``None`` and the reason why not."""

    record: dict[str, Any] | None
    reason: str
    links: PageLinks | None = None  # with ``with_links=True``: what the page links to, for a crawl


def extract_page(
    body: bytes, url: str, *, content_type: str | None = None, with_links: bool = False
) -> Extraction:
    """Extract an article record from one fetched page.

    ``body`` is the HTTP payload (already content-decoded), ``url`` the URL it was fetched from
    and ``content_type`` the ``Content-Type`` header when known. Returns an ``Extraction`` whose
    ``record`` holds the ``RECORD_FIELDS`` when the page is an article, else ``None`` with a short
    ``reason``; with ``with_links``, its ``links`` are the page's links and feeds (any HTML page,
    article or not), read from the same parse. Never raises: bad input of any kind becomes
    ``Extraction(None, reason)``.
    """
    try:
        return _extract_page(body, url, content_type, with_links)
    except Exception as error:  # a crawl must never die on one odd page
        logger.warning("extraction failed for %s: %r", url, error)
        return Extraction(None, f"error: {type(error).__name__}")


def _extract_page(body: bytes, url: str, content_type: str | None, with_links: bool) -> Extraction:
    if not body or not body.strip():
        return Extraction(None, "empty")
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type not in _HTML_CONTENT_TYPES:
        return Extraction(None, f"not html ({media_type})")
    if len(body) > MAX_BODY_BYTES:
        return Extraction(None, f"not html (too large: {len(body)} bytes)")
    if _looks_binary(body):
        return Extraction(None, "not html (binary)")
    tree = parse_html(decode_html(body, content_type))
    if tree is None:
        return Extraction(None, "not html")
    links = page_links(tree, url) if with_links else None

    scripts = json_scripts(tree)
    json_ld = list(iter_json_ld(tree, scripts))
    meta = meta_contents(tree)
    schema_types = {t for node in json_ld for t in _node_types(node)}
    og_type = meta.get("og:type")
    published = _structured_date(json_ld, meta, tree, "datePublished", _PUBLISHED_META)

    visible = visible_text(tree, with_link_chars=False)
    text = main_text(tree, url, visible)

    # Only an article's own date counts as evidence: CMSs stamp WebPage nodes and forum
    # posts with dates too.
    article_date = meta.get("article:published_time") or next(
        (node.get("datePublished") for node in json_ld if _is_article_node(node) and node.get("datePublished")), None
    )
    is_article, reason = is_article_page(
        tree, url, text, schema_types=schema_types, og_type=og_type, published=article_date, visible=visible
    )
    if not is_article:
        return Extraction(None, f"not article: {reason}", links)
    if not text:
        return Extraction(None, "empty", links)

    # Metadata only for articles: a crawl sees many more listing pages than articles.
    metadata = _page_metadata(tree, url, scripts)
    article_nodes = sorted((node for node in json_ld if node.get("author")), key=lambda node: not _is_article_node(node))
    metadata.title = headline(tree, _meta_titles(tree, json_ld, meta), metadata.sitename, url) or metadata.title
    authors = page_authors(tree, article_nodes, meta)
    if metadata.title and text.startswith(metadata.title):
        # the headline is the title field already; the text is the body under it
        text = text[len(metadata.title) :].lstrip("\n") if text[len(metadata.title) :][:2] in ("", "\n\n") else text
    text = trim_trailing_boilerplate(drop_date_stamps(text))
    modified = _structured_date(json_ld, meta, tree, "dateModified", _MODIFIED_META)
    published = publication_date(published, modified, tree, url)
    record: dict[str, Any] = {
        "url": url,
        "canonical_url": canonical_url(tree, url, meta),
        "title": metadata.title,
        "authors": authors,
        "published": published,
        "modified": modified,
        "language": page_language(tree, json_ld, meta),
        "sitename": metadata.sitename,
        "description": metadata.description,
        "categories": _clean_list(metadata.categories),
        "tags": _clean_list(metadata.tags),
        "image": _absolute_http_url(metadata.image, url),
        "text": text,
        "word_count": len(_WORD.findall(text)),
    }
    return Extraction(record, f"article: {reason}", links)


def main_text(tree: HtmlElement, url: str, visible: VisibleText) -> str:
    """The page's main text as ``paragraphs_text`` gives it ("" when none is found).

    trafilatura's fast pass first; its full cascade (which compares the result with readability
    and jusText) only as a second opinion where the first result looks wrong for a page with
    ``visible`` text: it costs half as much again, and where the fast result looks right it
    is the better one as often as not. ``tree`` is left unchanged.
    """
    text = _trafilatura_text(tree, url, _FAST_EXTRACTOR)
    if _looks_wrong(text, visible.chars):
        text = _trafilatura_text(tree, url, _FULL_EXTRACTOR)
    return text


def _looks_wrong(text: str, page_chars: int) -> bool:
    """Whether an extracted text is unlikely to be the page's main text: a small part of the
    page (a teaser, a caption, nothing), or the whole page in one or two blocks (a dump)."""
    share = len(text) / max(page_chars, 1)
    if share < _SMALL_SHARE:
        return True
    return share > _DUMP_SHARE and len(text) > _DUMP_MIN_CHARS and text.count("\n\n") < 2


def _trafilatura_text(tree: HtmlElement, url: str, extractor: Extractor) -> str:
    options = copy(extractor)  # an Extractor is costly to build (settings lookups, a date)
    options.url = options.source = url
    document = bare_extraction(tree, options=options)
    if not isinstance(document, Document) or document.body is None:
        return ""
    return paragraphs_text(without_standfirst(document.body))


def without_standfirst(body: HtmlElement) -> HtmlElement:
    """trafilatura's output tree ``body`` without its standfirst, the sentence-long heading right
    under the leading heading (the headline) that sums the story up; changed in place."""
    if (
        len(body) > 2
        and body[0].tag == "head"
        and body[1].tag == "head"
        and len(_WORD.findall(xmltotxt(body[1], False))) >= _STANDFIRST_MIN_WORDS
    ):
        del body[1]
    return body


def trim_trailing_boilerplate(text: str) -> str:
    """``text`` without the short call-to-action paragraphs at its end ("follow us on Twitter")."""
    paragraphs = text.split("\n\n")
    while len(paragraphs) > 1 and (
        len(_WORD.findall(paragraphs[-1])) <= _BOILERPLATE_MAX_WORDS and _TRAILING_BOILERPLATE.search(paragraphs[-1])
    ):
        paragraphs.pop()
    return "\n\n".join(paragraphs)


def drop_date_stamps(text: str) -> str:
    """``text`` without the paragraphs among its first three and at its end that only give the
    publication or update date ("Last updated on September 16th, 2023 at 09:27 am")."""
    paragraphs = text.split("\n\n")
    index = 0
    while index < min(_LEADING_PARAGRAPHS, len(paragraphs) - 1):
        if _is_date_stamp(paragraphs[index]):
            del paragraphs[index]
        else:
            index += 1
    while len(paragraphs) > 1 and _is_date_stamp(paragraphs[-1]):
        paragraphs.pop()
    return "\n\n".join(paragraphs)


def _is_date_stamp(paragraph: str) -> bool:
    if len(paragraph) > _DATE_STAMP_MAX_CHARS or not _HAS_DATE.search(paragraph):
        return False
    # at most one word that is neither part of a date nor of "updated/published on ... at"
    return len(_LETTER_WORD.findall(_DATE_STAMP_WORDS.sub(" ", paragraph))) <= 1


def _looks_binary(body: bytes) -> bool:
    head = body[:1024]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM has NULs and is text
        return False
    if head.lstrip().startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff")):
        return True
    return b"\x00" in head


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode page bytes to text: valid UTF-8 first, then the declared charset, then a guess.

    UTF-8 is tried before the declaration because a mislabelled page is far more often UTF-8
    served as latin-1 than the reverse; non-ASCII bytes are rarely valid UTF-8 by accident.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = []
    if content_type and (header_match := _CHARSET_IN_HEADER.search(content_type)):
        declared.append(header_match[1])
    if meta_match := _CHARSET_IN_META.search(body[:4096]):
        declared.append(meta_match[1].decode("ascii", "ignore"))
    for label in [*declared, *detect_encoding(body)]:
        encoding = _WHATWG_ALIASES.get(label.lower(), label)
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace")


def _html_parser() -> HTMLParser:
    # trafilatura's parser options, with lxml.html's element classes chosen in C: lxml.html's own
    # lookup is a Python method called for every element proxy that any tree walk creates, and
    # those calls cost about a tenth of the extraction
    parser = HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
    )
    lookup = ElementNamespaceClassLookup(
        ElementDefaultClassLookup(
            element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
        )
    )
    lookup.get_namespace(None).update(HtmlElementClassLookup._default_element_classes)  # form, input, ...
    parser.set_element_class_lookup(lookup)
    return parser


_HTML_PARSER = _html_parser()
# What trafilatura's INVALID_XML_CHARS matches ([\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]), one
# character at a time: ``in`` scans a page several times faster than the regex, and almost no page
# holds any of them.
_INVALID_XML_CHARS = tuple(map(chr, (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)))


def parse_html(html: str) -> HtmlElement | None:
    """The tree of a decoded page, or ``None`` when it is not HTML: ``trafilatura.utils.load_html``
    on a string, step by step, with a parser whose trees are cheaper to walk."""
    beginning = html[:50].lower()
    html = _repair_faulty_html(html, beginning)
    try:
        tree = fromstring(html, parser=_HTML_PARSER)
    except Exception as error:  # ValueError: "Unicode strings with encoding declaration are not supported."
        logger.debug("lxml parsing failed, parsing bytes: %r", error)
        tree = None
    if tree is None or len(tree) < 1:
        tree = _parse_bytes(html)
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None  # a fragment or another format, not a page
    return tree


def _repair_faulty_html(html: str, beginning: str) -> str:
    """``trafilatura.utils.repair_faulty_html``: no control characters, no doctype with a slash
    (which libxml2 misreads) and no self-closing ``<html/>``; the control characters are
    removed only from the pages that have any."""
    if any(char in html for char in _INVALID_XML_CHARS):
        html = INVALID_XML_CHARS.sub("", html)
    if "doctype" in beginning:
        first_line, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", first_line, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            html = FAULTY_HTML.sub(r"\1>", html, count=1)
            break
    return html


def _parse_bytes(html: str) -> HtmlElement | None:
    try:
        return fromstring(html.encode("utf8", "surrogatepass"), parser=_HTML_PARSER)
    except Exception:
        return None


def paragraphs_text(body: HtmlElement) -> str:
    """The text of trafilatura's output tree, one block (paragraph, heading, list, ...) per
    paragraph, paragraphs separated by a blank line."""
    blocks = (xmltotxt(element, False).strip() for element in body)
    return "\n\n".join(block for block in blocks if block)


def iter_json_ld(tree: HtmlElement, scripts: list[HtmlElement] | None = None) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` members and list items flattened; ``scripts``
    are the page's ``json_scripts`` when they have been read."""
    for data in json_ld_documents(tree, scripts=scripts):
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))


def _node_types(node: dict[str, Any]) -> list[str]:
    types = node.get("@type")
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list):
        return []
    # "http://schema.org/NewsArticle" and "schema:NewsArticle" mean "NewsArticle"
    return [t.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in types if isinstance(t, str)]


def meta_contents(tree: HtmlElement) -> dict[str, str]:
    """``<meta>`` values by lower-cased ``property``/``name``/``itemprop``, first one wins."""
    contents: dict[str, str] = {}
    for meta in tree.iterfind(".//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key and key not in contents and (content := meta.get("content", "").strip()):
            contents[key] = content
    return contents


def _structured_date(
    json_ld: list[dict[str, Any]], meta: dict[str, str], tree: HtmlElement, json_key: str, meta_names: tuple[str, ...]
) -> str | None:
    """An ISO 8601 date from JSON-LD, then ``<meta>``, then ``<time itemprop>``; else ``None``.

    The article node's date is preferred over a WebPage node's, which on many CMSs is the date
    the page object was created rather than when the story was published.
    """
    candidates: list[Any] = []
    for node in sorted(json_ld, key=lambda n: not _is_article_node(n)):
        candidates.append(node.get(json_key))
    candidates.extend(meta.get(name) for name in meta_names)
    for value in candidates:
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and (iso := iso_date(value)):
            return iso
    # microdata last: finding it means a walk over the whole tree
    for element in _ITEMPROP(tree, name=json_key):
        if iso := iso_date(element.get("datetime") or element.get("content") or ""):
            return iso
    return None


def _is_article_node(node: dict[str, Any]) -> bool:
    return any(t.endswith(("Article", "BlogPosting")) for t in _node_types(node))


def _page_metadata(tree: HtmlElement, url: str, scripts: list[HtmlElement] | None = None) -> Document:
    """Title, author, sitename, description, categories, tags and image, as
    ``trafilatura.metadata.extract_metadata`` finds them, minus its date and license search
    (the date is read from structured data first, the license is not a record field);
    ``scripts`` are the page's ``json_scripts`` when they have been read."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # a single token is a handle or a site name, not a person
    try:
        metadata = json_ld_metadata(tree, metadata, scripts)
    except Exception:  # trafilatura's JSON-LD reader trips over some malformed objects
        pass
    metadata.title = metadata.title or extract_title(tree)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
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


def _meta_titles(tree: HtmlElement, json_ld: list[dict[str, Any]], meta: dict[str, str]) -> list[str | None]:
    """Metadata titles, most specific first: the article's JSON-LD headline, OpenGraph,
    Twitter, then ``<title>``."""
    headlines = [node.get("headline") for node in json_ld if _is_article_node(node)]
    title_element = tree.find(".//head/title")
    if title_element is None:
        title_element = tree.find(".//title")
    return [
        *(h for h in headlines if isinstance(h, str)),
        meta.get("og:title"),
        meta.get("twitter:title"),
        title_element.text_content() if title_element is not None else None,
    ]


def split_authors(authors: str | None) -> list[str]:
    """Clean person names from an author string: "By A, B and C" -> ["A", "B", "C"], with the
    byline cleaning that extraction applies (roles, "View all posts by", desk credits)."""
    return clean_names(authors)


def canonical_url(tree: HtmlElement, url: str, meta: dict[str, str] | None = None) -> str | None:
    """The page's ``<link rel=canonical>`` (else ``og:url``) made absolute against ``url``."""
    for link in tree.iterfind(".//link[@rel][@href]"):
        if "canonical" in link.get("rel", "").lower().split():
            if absolute := _absolute_http_url(link.get("href"), url):
                return absolute
    og_url = (meta if meta is not None else meta_contents(tree)).get("og:url")
    return _absolute_http_url(og_url, url)


def _absolute_http_url(href: str | None, base: str) -> str | None:
    if not href or not href.strip():
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


def _clean_list(values: list[str] | None) -> list[str]:
    return [v for v in dict.fromkeys(v.strip() for v in values or [] if v) if v]
