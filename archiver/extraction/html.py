"""Page bytes to an lxml tree: the charset decided, the markup repaired and parsed the way
trafilatura parses it, and bodies that are not HTML told apart; and the tree's containers of its
headline, which the date and byline readers take for the story's. Pure logic; no Scrapy."""

from __future__ import annotations

import codecs
import logging
import re
from urllib.parse import urlsplit

import webencodings
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

from archiver.extraction.trafilatura_shim import (
    DOCTYPE_TAG,
    FAULTY_HTML,
    INVALID_XML_CHARS,
    detect_encoding,
    is_dubious_html,
)

logger = logging.getLogger(__name__)

_CHARSET_IN_HEADER = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_CHARSET_IN_META = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)


def looks_binary(body: bytes, *, declared_html: bool = False) -> bool:
    """Whether a body is a binary file (PDF, zip, image), not text. A body of undeclared type
    with a NUL byte in its first kilobyte is binary too; one declared HTML is not for a stray
    NUL (a template's slip), which parsing drops with the other control characters."""
    head = body[:1024]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM has NULs and is text
        return False
    if head.lstrip().startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff")):
        return True
    if declared_html:
        return head.count(b"\x00") > len(head) // 8  # NULs all through: no text, whatever it says
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
        # a declared label names what browsers decode (WHATWG's Encoding Standard), often a
        # superset of the charset it spells: latin-1 is windows-1252, gb2312 is GBK, euc-kr is
        # windows-949, shift_jis is cp932; pages use the superset's characters under the old label
        known = webencodings.lookup(label)
        encoding = known.codec_info.name if known is not None else label
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


# An <h1> inside these, outside an <article> or <main>, is the site's (a logo, a menu's title)
_NOT_HEADLINE_ANCESTORS = ("nav", "footer", "aside")
# A class or id word that marks a logo, a menu or a widget: a token that starts or ends with one
# ("site-logo", "main-menu", "widget-title", "logoImage"), not one with it inside a layout name
# ("content-sidebar-wrap"), a layout modifier ("has-content-sidebar", "no-sidebar") or a script's
# hook ("js-stop-sidebar"); in BEM names, an element's name anywhere ("topbar__logo__title").
# Page builders call every block a widget ("elementor-widget-heading").
# A breadcrumb trail may set its label in an <h1> ("You are here:"). The page's <html> and
# <body> classes describe the whole page. A masthead is the top banner, often with the page's
# title.
_NOT_HEADLINE_WORDS = (
    "logo|brand|branding|site-?title|site-?name|navbar|menu|modal|popup|footer|sidebar|widget|cookie|breadcrumbs?"
)
_NOT_HEADLINE_CLASS = re.compile(
    rf"^(?:{_NOT_HEADLINE_WORDS})(?!(?-i:[a-z]))|^(?!elementor-|has-|with-|no-|js-)[\w-]*[-_](?:{_NOT_HEADLINE_WORDS})$"
    # ... or a BEM element's name between its block and its own element ("topbar__logo__title")
    rf"|__(?:{_NOT_HEADLINE_WORDS})__",
    re.IGNORECASE,
)
# The text nodes of the page's body a reader may see: not a script's, a stylesheet's or a
# <noscript> fallback's; plain strings, read on every page a crawl fetches. Script and style hold
# raw text only, so ``parent::`` finds their text as ``ancestor::`` would; "descendant::text()[...]"
# selects what "//text()[...]" would, and libxml2 runs it a third faster.
VISIBLE_TEXT = XPath(
    "//body/descendant::text()[not(parent::script or parent::style or ancestor::noscript)]", smart_strings=False
)
# the classes that hide an element from the eye, for screen readers and search engines: hidden
# outright, or shown to screen readers only (Bootstrap, WordPress, Foundation, Drupal, the German
# federal sites' Government Site Builder: "aural", YAML: "ym-hideme")
_HIDDEN_CLASSES = frozenset(
    {
        "hidden",
        "d-none",
        "sr-only",
        "sr-only-focusable",
        "sr-text",
        "visually-hidden",
        "visuallyhidden",
        "visually-hidden-focusable",
        "u-visually-hidden",
        "a11y-hidden",
        "screen-reader-text",
        "screen-reader-only",
        "screenreader",
        "show-for-sr",
        "element-invisible",
        "aural",
        "ym-hideme",
        "hidden-text",
        "offscreen",
    }
)


def hidden(element: HtmlElement) -> bool:
    """Whether ``element`` is hidden from the eye: by a class made for it or its style."""
    style = element.get("style", "").replace(" ", "").lower()
    return "display:none" in style or bool(_HIDDEN_CLASSES.intersection(element.get("class", "").lower().split()))


def _marks_not_headline(element: HtmlElement) -> bool:
    return any(
        _NOT_HEADLINE_CLASS.search(token) for token in f"{element.get('class', '')} {element.get('id', '')}".split()
    )


def placed_like_headline(h1: HtmlElement) -> bool:
    """Whether an ``<h1>``'s place on the page suits a headline: not in a menu, a footer or an
    aside outside the article, not in a logo, menu or widget container, not hidden, not a link
    to the home page."""
    ancestors = [a for a in h1.iterancestors() if a.tag not in ("html", "body")]
    return (
        not (
            any(a.tag in _NOT_HEADLINE_ANCESTORS for a in ancestors)
            and not any(a.tag in ("article", "main") for a in ancestors)
        )
        and not any(_marks_not_headline(e) for e in (h1, *ancestors))
        and not hidden(h1)
        and not links_home(h1)
        and not permalinked(h1)
    )


def links_home(h1: HtmlElement) -> bool:
    """Whether all of an ``<h1>``'s text is one link to a site's home page ("/",
    "https://blog.example.com/"): the site's name, as blog themes set it above every post."""
    links = h1.findall(".//a")
    if len(links) != 1 or not (text := h1.text_content().strip()):
        return False
    try:
        parts = urlsplit(links[0].get("href", "").strip())
    except ValueError:  # "http://[bad": no address, so no home page
        return False
    return (
        parts.path in ("", "/")
        and not parts.query
        and (bool(parts.netloc) or parts.path == "/")
        and links[0].text_content().strip() == text
    )


def permalinked(heading: HtmlElement) -> bool:
    """Whether a heading holds a link to itself (``<h1 id="x"><a href="#x">``): Markdown
    renderers give one to each heading of a text, so it heads a section of the story rather
    than the page."""
    for link in heading.iter("a"):
        href = link.get("href", "")
        if len(href) > 1 and href[0] == "#" and href[1:] in (heading.get("id"), link.get("id"), link.get("name")):
            return True
    return False


def story_headline(tree: HtmlElement) -> HtmlElement | None:
    """The ``<h1>`` of the story: the first one with words placed like a headline
    (``placed_like_headline``; a site that sets its logo in an ``<h1>`` in the menu has the
    story's second), else the first."""
    first = None
    for h1 in tree.iter("h1"):
        if placed_like_headline(h1) and h1.text_content().strip():
            return h1
        first = h1 if first is None else first
    return first


def headline_holders(tree: HtmlElement) -> frozenset[HtmlElement]:
    """The elements that hold the story's ``<h1>`` (``story_headline``): the story's
    containers, whatever their class says ("article--sidebar-right" names the layout around the
    story, not a sidebar)."""
    headline = story_headline(tree)
    return frozenset(headline.iterancestors()) if headline is not None else frozenset()
