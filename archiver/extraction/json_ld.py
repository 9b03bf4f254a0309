"""JSON-LD blocks of a parsed page, and the nodes in them: pure logic, shared by extraction,
detection and byline reading."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from archiver.extraction.trafilatura_shim import (
    HTML_STRIP_TAGS,
    JSON_UNICODE_REPLACE,
    Document,
    extract_json,
    extract_json_parse_error,
    trim,
)

# JSON-LD, and the Drupal settings that trafilatura reads metadata from as well
_JSON_SCRIPT_TYPES = ("application/ld+json", "application/settings+json")


def json_scripts(tree: HtmlElement) -> list[HtmlElement]:
    """The ``<script>`` elements under ``tree`` that hold JSON-LD or Drupal settings, in document
    order: found in one walk for ``json_ld_documents`` and ``json_ld_metadata`` on the same page."""
    return [script for script in tree.iterdescendants("script") if script.get("type") in _JSON_SCRIPT_TYPES]


# a script's text wrapped for XHTML or for browsers of the 1990s: "<![CDATA[ {...} ]]>",
# "//<![CDATA[", "<!-- {...} -->"
_WRAPPER_START = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)")
_WRAPPER_END = re.compile(r"(?://\s*)?(?:\]\]>|-->)\s*$")


def _script_json(text: str) -> str:
    """A JSON script's text without the CDATA section or HTML comment some pages wrap it in."""
    if "<!" in text[:64]:
        text = _WRAPPER_END.sub("", _WRAPPER_START.sub("", text, count=1), count=1)
    return text


def json_ld_documents(
    tree: HtmlElement, containing: Collection[str] = (), scripts: list[HtmlElement] | None = None
) -> Iterator[Any]:
    """The parsed JSON of each ``<script type="application/ld+json">`` on the page, malformed
    ones skipped; with ``containing``, only scripts whose text holds one of those strings (a
    cheap test before parsing). ``scripts`` are the page's ``json_scripts`` when they have been
    read."""
    for script in json_scripts(tree) if scripts is None else scripts:
        if script.get("type") != "application/ld+json" or not script.text:
            continue
        if containing and not any(text in script.text for text in containing):
            continue
        try:
            yield json.loads(_script_json(script.text), strict=False)
        except (ValueError, RecursionError):  # malformed, or nested deeper than Python's stack
            continue


# trafilatura's JSON_MINIFY (``("(?:\\.|[^"\\])*")|\s``), matching the same strings with a loop
# that the regex engine runs without trying an alternative at every character, and whitespace by
# runs: the same text out, a fraction of the cost on long JSON-LD blocks
_JSON_MINIFY = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*")|\s+')
_SURROGATES = re.compile("[\ud800-\udfff]")


def json_ld_metadata(tree: HtmlElement, metadata: Document, scripts: list[HtmlElement] | None = None) -> Document:
    """``trafilatura.metadata.extract_meta_json``: ``metadata`` completed from the page's JSON-LD
    (and Drupal settings) blocks as trafilatura reads them, with the same normalisation of each
    block's text done at less cost; ``scripts`` as for ``json_ld_documents``; a block nested
    deeper than Python's stack is skipped. Raises what trafilatura's JSON readers raise on
    malformed objects, apart from ``json.JSONDecodeError``."""
    for script in json_scripts(tree) if scripts is None else scripts:
        if not script.text:
            continue
        text = _normalize_json(_JSON_MINIFY.sub(r"\1", _script_json(script.text)))
        try:
            metadata = extract_json(json.loads(text, strict=False), metadata)
        except json.JSONDecodeError:
            metadata = extract_json_parse_error(text, metadata)
        except RecursionError:
            continue  # nested deeper than Python's stack: no reader gets anything from it
    return metadata


def _normalize_json(text: str) -> str:
    """``trafilatura.json_metadata.normalize_json``, its removal of lone surrogates (left by
    ``\\ud83d``-style escapes) done by a regex rather than a Python test of every character."""
    if "\\" in text:
        text = text.replace("\\n", "").replace("\\r", "").replace("\\t", "")
        text = JSON_UNICODE_REPLACE.sub(lambda match: chr(int(match[1], 16)), text)
        text = unescape(_SURROGATES.sub("", text))
    return trim(HTML_STRIP_TAGS.sub("", text))


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


def node_types(node: dict[str, Any]) -> list[str]:
    """The ``@type`` names of a JSON-LD node, without their vocabulary prefix."""
    types = node.get("@type")
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list):
        return []
    # "http://schema.org/NewsArticle" and "schema:NewsArticle" mean "NewsArticle"
    return [t.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in types if isinstance(t, str)]


def is_article_node(node: dict[str, Any]) -> bool:
    """Whether a JSON-LD node is an article (``NewsArticle``, ``BlogPosting``, ...)."""
    return any(t.endswith(("Article", "BlogPosting")) for t in node_types(node))


def this_pages_nodes(nodes: list[dict[str, Any]], url: str) -> list[dict[str, Any]]:
    """``nodes`` without the article nodes about other pages: where one article node names
    this page by its ``url`` or ``mainEntityOfPage``, the article nodes that name another page
    are a list of related stories, whose authors and dates are not this page's."""
    path = _path(url)
    named = [(node, _named_paths(node)) for node in nodes]
    if not path or not any(path in paths for node, paths in named if is_article_node(node)):
        return nodes
    return [node for node, paths in named if not (is_article_node(node) and paths and path not in paths)]


def _named_paths(node: dict[str, Any]) -> set[str]:
    """The paths of the pages a node names as its own (``url``, ``mainEntityOfPage``)."""
    values = [node.get("url"), node.get("mainEntityOfPage")]
    paths = set()
    for value in values:
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str) and (path := _path(value)):
            paths.add(path)
    return paths


def _path(url: str) -> str:
    """A URL's path without its trailing slash; "" for none or a malformed URL."""
    try:
        return urlsplit(url.strip()).path.rstrip("/")
    except ValueError:
        return ""
