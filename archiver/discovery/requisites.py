"""Page requisites: what an HTML page needs to display as its readers saw it.

Pure logic on an lxml tree, run in the extraction workers on the tree extraction already
parsed (:func:`archiver.discovery.links.page_links` calls :func:`page_requisites`), so that the
crawl's reactor never parses a page. What counts, as wget's ``--page-requisites`` and browsers
load it:

- stylesheets: ``<link rel=stylesheet>`` and ``<link rel=preload as=style>``, and the
  ``@import`` rules of inline ``<style>`` elements (each fetched stylesheet is then read for its
  own imports, fonts and images: :mod:`archiver.discovery.stylesheets`);
- files: ``<script src>``; ``<img src>`` and ``srcset``, ``<picture><source srcset>``, the
  lazy-loading attributes ``data-src``, ``data-srcset``, ``data-lazy-src``,
  ``data-lazy-srcset`` and ``data-original``; ``<input type=image src>``; ``background``
  attributes; ``<video poster>``; icons (``<link rel=icon>``, ``apple-touch-icon``,
  ``mask-icon``); other preloads (fonts, images, scripts, module preloads); ``og:image`` and
  ``twitter:image``; ``url()`` references of inline ``<style>`` elements and ``style`` attributes;
- frames: ``<iframe src>`` and ``<frame src>`` documents (the crawl fetches those of the
  page's own site, and their requisites in turn);
- documents: ``<a href>`` links to PDF, Word, OpenDocument, Excel and PowerPoint files, which
  a crawl archives only when asked (``ARCHIVER_REQUISITE_DOCUMENTS``).

Audio and video sources are left out: they are large and rarely what a reader saw first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.etree import XPath
from lxml.html import HtmlElement

from archiver.discovery.stylesheets import style_links
from archiver.discovery.urls import join_url

DOCUMENT_EXTENSIONS = frozenset(["doc", "docx", "odp", "ods", "odt", "pdf", "ppt", "pptx", "rtf", "xls", "xlsx"])
ICON_RELS = frozenset(["icon", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon"])
PRELOAD_FILES = frozenset(["font", "image", "script", "fetch"])
IMAGE_META = frozenset(["og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"])
SRCSET_ATTRIBUTES = ("srcset", "data-srcset", "data-lazy-srcset")
SRC_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original")

_LINKS = XPath("//link[@href][@rel]")
_SCRIPTS = XPath("//script/@src", smart_strings=False)
_IMAGES = XPath("//img/@src | //input[@type='image']/@src | //video/@poster | //*[@background]/@background",
                smart_strings=False)  # fmt: skip
_SRCSETS = XPath(" | ".join(f"//*[@{name}]/@{name}" for name in SRCSET_ATTRIBUTES), smart_strings=False)
_LAZY = XPath(" | ".join(f"//*[@{name}]/@{name}" for name in SRC_ATTRIBUTES), smart_strings=False)
_META = XPath("//meta[@content][@property or @name]")
_FRAMES = XPath("//iframe/@src | //frame/@src", smart_strings=False)
_STYLE_ELEMENTS = XPath("//style/text()", smart_strings=False)
_STYLE_ATTRIBUTES = XPath("//*[@style]/@style", smart_strings=False)
_ANCHORS = XPath("//a/@href", smart_strings=False)
# one candidate of a srcset: a URL (which may hold commas, but does not start or end with one),
# then an optional descriptor ("2x", "480w")
_SRCSET_CANDIDATE = re.compile(r"\s*([^\s,][^\s]*[^\s,]|[^\s,])(?:\s+[^,]*)?(?:,|$)")


@dataclass(frozen=True)
class PageRequisites:
    """Absolute http(s) URLs, in page order, without repeats or fragments (see the module
    docstring for what goes where)."""

    stylesheets: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    frames: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.stylesheets) + len(self.files) + len(self.frames) + len(self.documents)


def page_requisites(tree: HtmlElement, base_url: str) -> PageRequisites:
    """What the page of ``tree`` needs to render, its URLs made absolute against ``base_url``
    (the page's URL, or its ``<base href>``)."""
    stylesheets: dict[str, None] = {}
    files: dict[str, None] = {}

    def add(found: dict[str, None], value: str | None) -> None:
        if value and (target := _absolute(base_url, value)):
            found[target] = None

    for link in _LINKS(tree):
        rel = set((link.get("rel") or "").lower().split())
        preload = (link.get("as") or "").strip().lower()
        if "stylesheet" in rel or ("preload" in rel and preload == "style"):
            add(stylesheets, link.get("href"))
        elif rel & ICON_RELS or "modulepreload" in rel or ("preload" in rel and preload in PRELOAD_FILES):
            add(files, link.get("href"))
    for css in _STYLE_ELEMENTS(tree):
        inline = style_links(css, base_url)
        stylesheets.update(dict.fromkeys(inline.imports))
        files.update(dict.fromkeys(inline.files))
    for src in _SCRIPTS(tree):
        add(files, src)
    for src in _IMAGES(tree):
        add(files, src)
    for srcset in _SRCSETS(tree):
        for candidate in srcset_urls(srcset):
            add(files, candidate)
    for src in _LAZY(tree):
        add(files, src)
    for meta in _META(tree):
        if (meta.get("property") or meta.get("name") or "").strip().lower() in IMAGE_META:
            add(files, meta.get("content"))
    for style in _STYLE_ATTRIBUTES(tree):
        if "url(" in style.lower():
            files.update(dict.fromkeys(style_links(style, base_url, declarations=True).files))
    frames: dict[str, None] = {}
    for src in _FRAMES(tree):
        add(frames, src)
    documents: dict[str, None] = {}
    for href in _ANCHORS(tree):
        if _extension(href) in DOCUMENT_EXTENSIONS:
            add(documents, href)
    return PageRequisites(
        tuple(stylesheets),
        tuple(file for file in files if file not in stylesheets),
        tuple(frames),
        tuple(documents),
    )


def srcset_urls(srcset: str) -> list[str]:
    """The URLs of a ``srcset`` value (``"a.jpg 1x, b.jpg 2x"``, ``"s.jpg 480w, l.jpg 960w"``),
    every candidate, so that a replay at any screen density finds its image."""
    return [match[1] for match in _SRCSET_CANDIDATE.finditer(srcset) if match[1]]


def _extension(href: str) -> str:
    path = href.split("#", 1)[0].split("?", 1)[0]
    last = path.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[1].lower() if "." in last else ""


def _absolute(base_url: str, value: str) -> str | None:
    value = value.strip()
    if not value or value.startswith(("#", "data:", "javascript:", "about:", "blob:", "mailto:")):
        return None
    target = join_url(base_url, value)
    return target.split("#", 1)[0] if target else None
