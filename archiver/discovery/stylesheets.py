"""What a stylesheet needs to render: the URLs of its ``@import`` rules and of its ``url()``
references (fonts, background images, cursors), read with tinycss2, a CSS tokenizer made for
the job, rather than regular expressions (which stumble on comments, escapes and strings).

Pure logic, no Scrapy. The crawl parses a fetched stylesheet in an extraction worker process
(:meth:`archiver.crawl.extractor.PageExtractor.stylesheet_links`), never on the reactor thread;
inline ``<style>`` elements and ``style`` attributes are read here too, from the page's tree
(:mod:`archiver.discovery.requisites`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import tinycss2
from tinycss2.ast import AtRule, Declaration, FunctionBlock, Node, StringToken, URLToken

from archiver.discovery.urls import join_url

# A stylesheet larger than this is archived but not read for what it references: the worker
# would spend seconds on a file no site writes by hand.
MAX_STYLESHEET_BYTES = 5_000_000
_IMAGE_SETS = frozenset({"image-set", "-webkit-image-set"})


@dataclass(frozen=True)
class StylesheetLinks:
    """Absolute http(s) URLs a stylesheet references, in order, without repeats or fragments:
    ``imports`` (stylesheets of their own) and ``files`` (fonts, images)."""

    imports: tuple[str, ...] = ()
    files: tuple[str, ...] = ()


def stylesheet_links(body: bytes, url: str, content_type: str | None = None) -> StylesheetLinks:
    """The ``@import`` targets and ``url()`` references of a stylesheet fetched from ``url``.

    ``body`` is the stylesheet as bytes; its encoding comes from ``content_type``'s charset, an
    ``@charset`` rule or a byte-order mark (UTF-8 otherwise), as browsers decide it. A body
    over ``MAX_STYLESHEET_BYTES`` gives no links. Never raises: what does not parse is skipped.
    """
    if not body or len(body) > MAX_STYLESHEET_BYTES:
        return StylesheetLinks()
    try:
        rules, _ = tinycss2.parse_stylesheet_bytes(
            body, protocol_encoding=_charset(content_type), skip_comments=True, skip_whitespace=True
        )
        return _links(rules, url)
    except Exception:  # a crawl must never stop on one odd file; tinycss2 is forgiving already
        return StylesheetLinks()


def style_links(css: str, base_url: str, *, declarations: bool = False) -> StylesheetLinks:
    """What CSS text from a page references, made absolute against ``base_url``: a ``<style>``
    element's content, or (``declarations``) a ``style`` attribute's."""
    if declarations:
        nodes = tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True)
    else:
        nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _links(nodes, base_url)


def _links(nodes: Iterable[Node], base_url: str) -> StylesheetLinks:
    """The imports (top-level ``@import`` rules) and the other references of parsed CSS."""
    imports: dict[str, None] = {}
    files: dict[str, None] = {}
    for node in nodes:
        if isinstance(node, AtRule) and node.lower_at_keyword == "import":
            target = _import_target(node.prelude)
            if target is not None and (absolute := _absolute(base_url, target)):
                imports[absolute] = None
            continue
        for reference in _references([node]):
            if absolute := _absolute(base_url, reference):
                files[absolute] = None
    return StylesheetLinks(tuple(imports), tuple(file for file in files if file not in imports))


def _charset(content_type: str | None) -> str | None:
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _children(node: Node) -> list[Node]:
    """The tokens inside a rule or block: its prelude and its content."""
    return [*(getattr(node, "prelude", None) or []), *(getattr(node, "content", None) or [])]


def _references(nodes: Iterable[Node]) -> Iterator[str]:
    """Every ``url(...)`` (quoted or not) and every string of an ``image-set()``, depth first,
    in order."""
    for node in nodes:
        if isinstance(node, URLToken):
            yield node.value
        elif isinstance(node, FunctionBlock):
            if node.lower_name == "url":
                yield from (arg.value for arg in node.arguments if isinstance(arg, StringToken))
            elif node.lower_name in _IMAGE_SETS:
                yield from (arg.value for arg in node.arguments if isinstance(arg, StringToken))
                yield from _references(node.arguments)
            else:
                yield from _references(node.arguments)
        elif isinstance(node, Declaration):
            yield from _references(node.value)
        elif hasattr(node, "content") or hasattr(node, "prelude"):
            yield from _references(_children(node))


def _import_target(prelude: list[Node]) -> str | None:
    """What an ``@import`` rule imports: its first token, a string or a ``url()``."""
    first = next((node for node in prelude if node.type not in ("whitespace", "comment")), None)
    if isinstance(first, StringToken | URLToken):
        return first.value
    if isinstance(first, FunctionBlock) and first.lower_name == "url":
        return next((arg.value for arg in first.arguments if isinstance(arg, StringToken)), None)
    return None


def _absolute(base_url: str, reference: str) -> str | None:
    reference = reference.strip()
    if not reference or reference.startswith(("#", "data:")):
        return None
    target = join_url(base_url, reference)
    return target.split("#", 1)[0] if target else None
