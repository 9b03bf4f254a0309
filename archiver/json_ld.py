"""JSON-LD blocks of a parsed page: pure logic, shared by extraction and byline reading."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from html import unescape
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.json_metadata import JSON_UNICODE_REPLACE, extract_json, extract_json_parse_error
from trafilatura.settings import Document
from trafilatura.utils import HTML_STRIP_TAGS, trim

_JSON_SCRIPTS = XPath('.//script[@type="application/ld+json" or @type="application/settings+json"]')


def json_ld_documents(tree: HtmlElement, containing: Collection[str] = ()) -> Iterator[Any]:
    """The parsed JSON of each ``<script type="application/ld+json">`` on the page, malformed
    ones skipped; with ``containing``, only scripts whose text holds one of those strings (a
    cheap test before parsing)."""
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        if not script.text or (containing and not any(text in script.text for text in containing)):
            continue
        try:
            yield json.loads(script.text, strict=False)
        except ValueError:
            continue


# trafilatura's JSON_MINIFY (``("(?:\\.|[^"\\])*")|\s``), matching the same strings with a loop
# that the regex engine runs without trying an alternative at every character, and whitespace by
# runs: the same text out, a fraction of the cost on long JSON-LD blocks
_JSON_MINIFY = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*")|\s+')
_SURROGATES = re.compile("[\ud800-\udfff]")


def json_ld_metadata(tree: HtmlElement, metadata: Document) -> Document:
    """``trafilatura.metadata.extract_meta_json``: ``metadata`` completed from the page's JSON-LD
    (and Drupal settings) blocks as trafilatura reads them, with the same normalisation of each
    block's text done at less cost. Raises what trafilatura's JSON readers raise on malformed
    objects, apart from ``json.JSONDecodeError``."""
    for script in _JSON_SCRIPTS(tree):
        if not script.text:
            continue
        text = _normalize_json(_JSON_MINIFY.sub(r"\1", script.text))
        try:
            metadata = extract_json(json.loads(text, strict=False), metadata)
        except json.JSONDecodeError:
            metadata = extract_json_parse_error(text, metadata)
    return metadata


def _normalize_json(text: str) -> str:
    """``trafilatura.json_metadata.normalize_json``, its removal of lone surrogates (left by
    ``\\ud83d``-style escapes) done by a regex rather than a Python test of every character."""
    if "\\" in text:
        text = text.replace("\\n", "").replace("\\r", "").replace("\\t", "")
        text = JSON_UNICODE_REPLACE.sub(lambda match: chr(int(match[1], 16)), text)
        text = unescape(_SURROGATES.sub("", text))
    return trim(HTML_STRIP_TAGS.sub("", text))
