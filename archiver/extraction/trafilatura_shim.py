"""Every trafilatura name the project uses, in one place, and a check of their shape.

trafilatura's public API is ``extract``/``bare_extraction``; the extraction here also reuses its
metadata readers, its HTML repairs and its tree-to-text rendering, which are internals that a
release may rename or reshape without notice. They are imported here and nowhere else, the
dependency is pinned to the range tested (``pyproject.toml``: ``trafilatura>=2.3.1,<2.4``), and
:func:`shape_problems` says, name by name, what no longer looks as the extraction expects
(``tests/test_trafilatura_shim.py`` fails with that list). htmldate's ``find_date`` is its public
API and comes through here too, so that one module holds the extraction's dependencies on
trafilatura's family of packages.

Pure module, no Scrapy.
"""

from __future__ import annotations

import inspect
import re
from importlib.metadata import version
from typing import Any

from htmldate import find_date
from trafilatura import bare_extraction
from trafilatura.baseline import block_text
from trafilatura.json_metadata import JSON_UNICODE_REPLACE, extract_json, extract_json_parse_error
from trafilatura.metadata import examine_meta, extract_sitename, extract_title
from trafilatura.settings import Document, Extractor
from trafilatura.utils import (
    DOCTYPE_TAG,
    FAULTY_HTML,
    HTML_STRIP_TAGS,
    INVALID_XML_CHARS,
    detect_encoding,
    is_dubious_html,
    line_processing,
    trim,
)
from trafilatura.xml import xmltotxt
from trafilatura.xpaths import BODY_XPATH

__all__ = [
    "BODY_XPATH",
    "DOCTYPE_TAG",
    "FAULTY_HTML",
    "HTML_STRIP_TAGS",
    "INVALID_XML_CHARS",
    "JSON_UNICODE_REPLACE",
    "Document",
    "Extractor",
    "bare_extraction",
    "block_text",
    "detect_encoding",
    "examine_meta",
    "extract_json",
    "extract_json_parse_error",
    "extract_sitename",
    "extract_title",
    "find_date",
    "is_dubious_html",
    "line_processing",
    "trim",
    "xmltotxt",
]

TESTED_VERSIONS = ">=2.3.1,<2.4"

# name -> (the parameters the extraction fills by position, those it passes by keyword)
_CALLED_WITH: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "bare_extraction": (("filecontent",), ("options",)),
    "block_text": (("element",), ()),
    "detect_encoding": (("bytesobject",), ()),
    "examine_meta": (("tree",), ()),
    "extract_json": (("schema", "metadata"), ()),
    "extract_json_parse_error": (("elem", "metadata"), ()),
    "extract_sitename": (("tree",), ()),
    "extract_title": (("tree",), ()),
    "find_date": (("htmlobject",), ("url", "original_date", "extensive_search")),
    "is_dubious_html": (("beginning",), ()),
    "line_processing": (("line",), ()),
    "trim": (("string",), ()),
    "xmltotxt": (("xmloutput", "include_formatting"), ()),
}
_PATTERNS = ("DOCTYPE_TAG", "FAULTY_HTML", "HTML_STRIP_TAGS", "INVALID_XML_CHARS", "JSON_UNICODE_REPLACE")
# attributes of trafilatura's objects that the extraction reads or sets
_DOCUMENT_FIELDS = ("title", "author", "sitename", "description", "categories", "tags", "image", "body")
_EXTRACTOR_FIELDS = ("url", "source", "fast", "focus", "comments", "format")


def shape_problems() -> list[str]:
    """What no longer looks as the extraction expects, one line per name (empty: all well)."""
    names: dict[str, Any] = globals()
    problems = []
    for name, (positional, keywords) in _CALLED_WITH.items():
        try:
            parameters = inspect.signature(names[name]).parameters
        except (TypeError, ValueError):
            problems.append(f"{name}: no longer a function with a signature")
            continue
        found = tuple(parameters)[: len(positional)]
        if found != positional:
            problems.append(f"{name}: its first parameters are {found}, the extraction passes {positional}")
        problems += [f"{name}: no parameter {keyword!r} any more" for keyword in keywords if keyword not in parameters]
    problems += [f"{name}: no longer a compiled regex" for name in _PATTERNS if not isinstance(names[name], re.Pattern)]
    if not BODY_XPATH or not all(callable(expression) for expression in BODY_XPATH):
        problems.append("BODY_XPATH: no longer a list of XPath expressions")
    document = Document()
    problems += [f"Document has no {field!r}" for field in _DOCUMENT_FIELDS if not hasattr(document, field)]
    if not callable(getattr(document, "clean_and_trim", None)):
        problems.append("Document has no clean_and_trim()")
    extractor = Extractor(output_format="txt", fast=True, recall=True, comments=False)
    problems += [f"Extractor has no {field!r}" for field in _EXTRACTOR_FIELDS if not hasattr(extractor, field)]
    return problems


def installed_version() -> str:
    """The installed trafilatura's version, for messages."""
    return version("trafilatura")
