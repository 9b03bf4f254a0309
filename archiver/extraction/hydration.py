"""The story of a client-rendered page: the HTML its scripts carry for the browser to render.

Pure logic, no Scrapy. Sites built on Next.js, Nuxt and the like may serve a page whose
``<body>`` holds no story at all: the story's HTML travels in the page's hydration data, a
JavaScript string (``self.__next_f.push([1, "\\u003cp\\u003e..."])``, a React Query cache's
``"contentHtml"``) that the browser renders. ``rendered_story`` finds the longest such string
that holds paragraphs and gives it as a document of its own, for the text extraction to read
where the page's markup gave next to nothing.
"""

from __future__ import annotations

import json
import re

from lxml.html import HtmlElement, document_fromstring

# a JavaScript or JSON string literal long enough to hold a story, and HTML paragraphs in one,
# escaped ("\u003cp") or not
_MIN_STORY_CHARS = 400
_STRING_LITERAL = re.compile(rf'"((?:[^"\\]|\\.){{{_MIN_STORY_CHARS},}})"')
_PARAGRAPH_TAG = re.compile(r"\\(?:u003c|x3c)p[\s>\\]|<p[\s>]", re.IGNORECASE)
_MIN_PARAGRAPHS = 3


def rendered_story(tree: HtmlElement) -> HtmlElement | None:
    """A document of the longest HTML string with ``_MIN_PARAGRAPHS`` paragraphs or more in the
    page's scripts, else None. ``tree`` is left unchanged."""
    best = ""
    for script in tree.iter("script"):
        source = script.text or ""
        if len(source) < _MIN_STORY_CHARS or not _PARAGRAPH_TAG.search(source):
            continue
        for match in _STRING_LITERAL.finditer(source):
            literal = match.group(1)
            if len(literal) <= len(best) or not _PARAGRAPH_TAG.search(literal):
                continue
            try:
                # JavaScript also escapes "<" as "\x3c", which JSON does not know
                value = json.loads('"' + literal.replace("\\x3c", "\\u003c").replace("\\x3e", "\\u003e") + '"')
            except ValueError:
                continue
            if value.lower().count("<p") >= _MIN_PARAGRAPHS and len(value) > len(best):
                best = value
    if not best:
        return None
    try:
        return document_fromstring(f"<html><body><article>{best}</article></body></html>")
    except ValueError:  # lxml's "Document is empty" and the like
        return None
