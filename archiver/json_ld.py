"""JSON-LD blocks of a parsed page: pure logic, shared by extraction and byline reading."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from typing import Any

from lxml.html import HtmlElement


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
