"""Article extraction: HTML bytes and their URL in, the page's record fields (or a reason why not) out.

Pure logic on top of trafilatura: no Scrapy import here, because the same function re-extracts
articles from WARC files long after the crawl (``archiver extract``) and runs in spawned worker
processes (:mod:`archiver.extraction.pool`). The page is decoded and parsed once
(:mod:`~archiver.extraction.html`); trafilatura works on a copy of that tree
(:mod:`~archiver.extraction.text`) while detection and metadata read the original.

The fields are :data:`~archiver.extraction.record.PAGE_FIELDS`; a missing value is ``None``
(lists: ``[]``). :func:`archiver.extraction.record.article_record` adds where the page came from.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from archiver.discovery.links import PageLinks, page_links
from archiver.extraction import reasons
from archiver.extraction.bylines import clean_names, page_authors
from archiver.extraction.dates import publication_date
from archiver.extraction.detection import is_link_list, judge_page, page_features, visible_text
from archiver.extraction.fields import (
    MODIFIED_META,
    PUBLISHED_META,
    absolute_http_url,
    canonical_url,
    clean_list,
    declares_news_article,
    declares_news_headline,
    meta_contents,
    meta_titles,
    page_language,
    page_metadata,
    structured_date,
)
from archiver.extraction.html import decode_html, looks_binary, parse_html
from archiver.extraction.json_ld import is_article_node, iter_json_ld, json_scripts, node_types, this_pages_nodes
from archiver.extraction.metadata import MAX_TITLE_CHARS, headline, shown_headline
from archiver.extraction.record import PAGE_FIELDS, page_fields
from archiver.extraction.text import (
    drop_date_stamps,
    main_text,
    too_many_texts,
    trim_trailing_boilerplate,
    without_author_bio,
    without_byline,
    without_headline,
    without_inserts,
)

logger = logging.getLogger(__name__)

RECORD_FIELDS = PAGE_FIELDS  # the fields of Extraction.record

# Content types a page may arrive with; anything else (PDF, images, JSON, ...) is "not html".
# text/plain is kept because misconfigured servers send HTML pages with it.
_HTML_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", ""})

# Beyond this, trafilatura's own MAX_FILE_SIZE would drop the page anyway; decoding it first
# would only cost memory.
MAX_BODY_BYTES = 20_000_000


@dataclass(frozen=True)
class ExtractionOptions:
    """What :func:`extract_page` does besides trafilatura's fast pass over the page, as
    trafilatura's ``Extractor`` holds its options: one small object, passed to worker processes.

    ``detection``: decide whether the page is an article (off: every page with text gives a
    record). ``metadata``: title, authors, dates and the other fields (off: only ``url``,
    ``text`` and ``word_count``). ``second_opinion``: trafilatura's full cascade where the fast
    pass looks wrong. ``links``: also read the page's links and feeds, for a crawl;
    ``requisites``: with them, what the page needs to render.
    """

    detection: bool = True
    metadata: bool = True
    second_opinion: bool = True
    links: bool = False
    requisites: bool = False

    @classmethod
    def text_only(cls, *, links: bool = False, requisites: bool = False) -> ExtractionOptions:
        """trafilatura's fast pass alone: a record of ``url`` and ``text`` for every page with text."""
        return cls(detection=False, metadata=False, second_opinion=False, links=links, requisites=requisites)


DEFAULT_OPTIONS = ExtractionOptions()


@dataclass(frozen=True)
class Extraction:
    """The outcome of ``extract_page``: the page's record fields, or ``None`` and the reason why not.

    ``reason`` is, for a page without a record, one of ``archiver.extraction.reasons.REASONS``
    ("not article: listing", "empty", ...); for a record, "article: <evidence>" or "text only".
    ``evidence`` says what decided: the strongest detection feature, a media type, an
    exception's name."""

    record: dict[str, Any] | None
    reason: str
    links: PageLinks | None = None  # with ``options.links``: what the page links to, for a crawl
    evidence: str | None = None


def extract_page(
    body: bytes, url: str, *, content_type: str | None = None, options: ExtractionOptions = DEFAULT_OPTIONS
) -> Extraction:
    """Extract an article record from one fetched page.

    ``body`` is the HTTP payload (already content-decoded), ``url`` the URL it was fetched from
    and ``content_type`` the ``Content-Type`` header when known. Returns an ``Extraction`` whose
    ``record`` holds the ``RECORD_FIELDS`` when the page is an article, else ``None`` with a short
    ``reason``; with ``options.links``, its ``links`` are the page's links and feeds (any HTML
    page, article or not), read from the same parse. Never raises: bad input of any kind becomes
    ``Extraction(None, reason)``.
    """
    try:
        return _extract_page(body, url, content_type, options)
    except Exception as error:  # a crawl must never die on one odd page
        logger.warning("extraction failed for %s: %r", url, error)
        return Extraction(None, reasons.ERROR, evidence=type(error).__name__)


def _not_html(body: bytes, content_type: str | None) -> Extraction | None:
    """Why ``body`` is no HTML page to read (empty, another type, too large, binary), or None."""
    if not body or not body.strip():
        return Extraction(None, reasons.EMPTY)
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type not in _HTML_CONTENT_TYPES:
        return Extraction(None, reasons.NOT_HTML, evidence=media_type)
    if len(body) > MAX_BODY_BYTES:
        return Extraction(None, reasons.NOT_HTML, evidence=f"too large: {len(body)} bytes")
    if looks_binary(body, declared_html=media_type in ("text/html", "application/xhtml+xml")):
        return Extraction(None, reasons.NOT_HTML, evidence="binary")
    return None


def _extract_page(body: bytes, url: str, content_type: str | None, options: ExtractionOptions) -> Extraction:
    if (not_html := _not_html(body, content_type)) is not None:
        return not_html
    tree = parse_html(decode_html(body, content_type))
    if tree is None:
        return Extraction(None, reasons.NOT_HTML, evidence="no HTML tree")
    links = page_links(tree, url, requisites=options.requisites) if options.links else None
    if too_large := too_many_texts(tree):
        # (its links are read all the same: a crawl may follow them)
        return Extraction(None, reasons.NOT_HTML, links, too_large)

    visible = visible_text(tree, with_link_chars=False) if options.detection or options.second_opinion else None
    if options.detection and visible is not None and is_link_list(tree, visible):
        # trafilatura's passes grow faster than the page on such a page (seconds, hundreds of MB)
        return Extraction(None, reasons.not_article("listing"), links, "a list of links")
    text = main_text(tree, url, visible if options.second_opinion else None)
    if not options.detection and not options.metadata:
        if not text:
            return Extraction(None, reasons.EMPTY, links)
        return Extraction(page_fields(url, text), "text only", links)

    scripts = json_scripts(tree)
    json_ld = this_pages_nodes(list(iter_json_ld(tree, scripts)), url)
    meta = meta_contents(tree)
    reason = "not checked"
    if options.detection:
        assert visible is not None
        verdict = judge_page(tree, url, text, visible=visible, **_declared(json_ld, meta))
        reason = verdict.evidence
        if not verdict.is_article:
            return Extraction(None, reasons.not_article(verdict.kind or "other"), links, reason)
    if not text:
        return Extraction(None, reasons.EMPTY, links)
    if not options.metadata:
        return Extraction(
            page_fields(url, trim_trailing_boilerplate(drop_date_stamps(without_inserts(text)))),
            f"article: {reason}",
            links,
        )

    # Metadata only for articles: a crawl sees many more listing pages than articles.
    metadata = page_metadata(tree, url, scripts, meta)
    # (a picture's or a video's author is its maker's credit, not the story's)
    article_nodes = sorted(
        (node for node in json_ld if node.get("author") and not _MEDIA_TYPES.intersection(node_types(node))),
        key=lambda node: not is_article_node(node),
    )
    titles = meta_titles(tree, json_ld, meta)
    news = declares_news_headline(json_ld)
    title = headline(tree, titles, metadata.sitename, url, news_headline=news) or metadata.title
    metadata.title = title if title and len(title) <= MAX_TITLE_CHARS else None
    authors = page_authors(tree, article_nodes, meta, url)
    if metadata.title:
        # the headline is the title field already; the text is the body under it (a date line
        # may share the headline's block); the page may show another wording than the title's
        text = without_headline(drop_date_stamps(text), metadata.title, shown_headline(tree))
    text = trim_trailing_boilerplate(drop_date_stamps(without_inserts(without_byline(text, authors))))
    text = without_author_bio(text, authors)
    published = structured_date(json_ld, meta, tree, "datePublished", PUBLISHED_META)
    modified = structured_date(json_ld, meta, tree, "dateModified", MODIFIED_META)
    fields = page_fields(
        url,
        text,
        canonical_url=canonical_url(tree, url, meta),
        title=metadata.title,
        authors=authors,
        published=publication_date(published, modified, tree, url, news=declares_news_article(json_ld)),
        modified=modified,
        language=page_language(tree, json_ld, meta),
        sitename=metadata.sitename,
        description=metadata.description,
        categories=clean_list(metadata.categories),
        tags=clean_list(metadata.tags),
        image=absolute_http_url(metadata.image, url),
    )
    return Extraction(fields, f"article: {reason}", links)


# schema.org's types of a picture, a recording or a file
_MEDIA_TYPES = frozenset({"ImageObject", "Photograph", "VideoObject", "AudioObject", "MediaObject", "ImageGallery"})


def _declared(json_ld: list[dict[str, Any]], meta: dict[str, str]) -> dict[str, Any]:
    """What the page declares that article detection reads: its JSON-LD types, ``og:type`` and
    an article's own publication date (CMSs stamp WebPage nodes and forum posts with dates too)."""
    article_date = meta.get("article:published_time") or next(
        (node.get("datePublished") for node in json_ld if is_article_node(node) and node.get("datePublished")),
        None,
    )
    schema_types = {t for node in json_ld for t in node_types(node)}
    return {"schema_types": schema_types, "og_type": meta.get("og:type"), "published": article_date}


def detection_features(body: bytes, url: str, *, content_type: str | None = None) -> dict[str, float] | None:
    """Every article detection feature of a page (``detection.page_features``, the costly ones
    read too), from the same text and declarations as ``extract_page`` reads them; ``None`` for
    a page that is no HTML. For fitting and checking the detection weights (``bench/``)."""
    if _not_html(body, content_type) is not None:
        return None
    tree = parse_html(decode_html(body, content_type))
    if tree is None:
        return None
    visible = visible_text(tree, with_link_chars=False)
    text = main_text(tree, url, visible)
    json_ld = this_pages_nodes(list(iter_json_ld(tree, json_scripts(tree))), url)
    return page_features(tree, url, text, visible=visible, **_declared(json_ld, meta_contents(tree)))


def split_authors(authors: str | None) -> list[str]:
    """Clean person names from an author string: "By A, B and C" -> ["A", "B", "C"], with the
    byline cleaning that extraction applies (roles, "View all posts by", desk credits)."""
    return clean_names(authors)
