"""Headline and site name reconciled from the page's metadata and its visible ``<h1>``.

Pure logic, no Scrapy. ``<title>``, ``og:title`` and JSON-LD ``headline`` often carry the site's
name ("Headline | Site", "Site - Headline") or an SEO variant of the headline; the ``<h1>`` is
what readers see but may be a logo or a section name. ``headline`` trusts the ``<h1>`` when a
metadata title confirms it, then an ``<h1>`` placed and worded like a headline, and otherwise
strips the site name off the metadata title.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from archiver.discovery.urls import OFFLINE_SUFFIXES
from archiver.extraction.html import links_home, placed_like_headline
from archiver.extraction.trafilatura_shim import block_text, line_processing
from archiver.extraction.words import HANGUL, IDEOGRAPHIC, word_count

# Separators between a headline and a site name: only with spaces around them, so that
# "Laptop vs. Desktop: How Many Watts" and "self-host" stay whole.
_SEPARATOR_MARKS = r"\||-|–|—|•|·|::|»|~|/|\\"
_TITLE_SEPARATOR = re.compile(rf"\s+(?:{_SEPARATOR_MARKS}|«)\s+")
# ... and one that ends a part of a title: "Section - " in "Section - Headline"
_TITLE_SEPARATOR_END = re.compile(rf"\s+(?:{_SEPARATOR_MARKS})\s*$")
# Chinese, Japanese and Korean sites part a title without spaces: "标题_新闻中心_新浪网",
# "标题丨网站", "제목-정치ㅣ한국일보", "标题！-新华网", "標題--上報" (Korean's vowel ㅣ, and the CJK
# stroke 丨, stand for a bar)
_CJK = IDEOGRAPHIC + HANGUL
# CJK punctuation (「」。！) and full-width forms may end the headline before the separator
_CJK_PUNCTUATION = "\u3000-\u303f\uff01-\uff60"
_CJK_TITLE_SEPARATOR = re.compile(
    f"\\s*[_｜丨ㅣ]\\s*|(?<=[{_CJK}{_CJK_PUNCTUATION}\"”’'])\\s*(?:--|[-－|])\\s*(?=[{_CJK}])"
)
_HAS_CJK = re.compile(f"[{_CJK}]")
# the last colon of a CJK title, full-width or not, where the site's name may follow it
_CJK_COLON = re.compile(r"\s*[：:]\s*(?=[^：:]+$)")
# a section's or a site's name after a CJK headline: "정치", "国内新闻", "新浪网"
_CJK_LABEL_MAX_CHARS = 12
# The longest title a record gives: a metadata title longer than this is a page's text set in a
# tag (or a hostile page's megabyte), no headline
MAX_TITLE_CHARS = 1000
_WHITESPACE = re.compile(r"\s+")
# C1 control characters never belong in a title: they are UTF-8 bytes decoded as latin-1
_C1_CONTROL = re.compile("[\x80-\x9f]")
# soft hyphens (where a long word may break), zero-width spaces, word joiners, byte order marks:
# marks for the layout, never part of a title's words
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
# A kicker (German "Dachzeile", an "eyebrow", an "overline") or a section label set inside the
# <h1> above or before the headline: a label, not words of the headline.
_KICKER_CLASS = re.compile(r"kicker|eyebrow|overline|dachzeile|spitzmarke|topline|roofline|supertitle", re.IGNORECASE)
# What ends a kicker or a section name in front of a headline: "Kicker: Headline", "Section - Headline"
_KICKER_END = re.compile(r"(?::|\s[-–—|/»]|\s?\|)\s*$")
_SEPARATOR_START = re.compile(r"\s*(?::|[-–—|/»](?:\s|$))")
# separators left at either end of a heading by a label set apart or hidden
_EDGE_SEPARATORS = re.compile(r"^(?:[-–—|/:»·•]\s*)+|(?:\s[-–—|/:«·•])+$")
_WORD = re.compile(r"\w+")
# decorations after a title: "Headline ⋆", "Headline »"; an emoji is the author's own
_TRAILING_SYMBOLS = re.compile(r"(?:\s+[^\w\s!?.)\]\"'’”\U0001F000-\U0001FAFF\u2600-\u27BF]+)+$")
# A metadata title cut short by an SEO plugin is this long at least (they cut at 110
# characters), and the full title goes on from it with more words
_TRUNCATED_MIN_CHARS = 60
_CONTINUED = re.compile(r"\s?[^\W_][^|–—·•]*$")
# quotation marks that may end a title after a space: "... sur la « gravité »"
_QUOTE_PAIRS = (("«", "»"), ("»", "«"), ("‹", "›"), ("›", "‹"))
# the marks that open a quotation, in the languages' ways ("‘", "„", "«", "「")
OPENING_QUOTES = ("'", '"', "‘", "“", "„", "‚", "«", "»", "‹", "›", "「", "『")
# ... and the marks that close them (German closes „…“, Swiss and Danish write »…«)
CLOSING_QUOTES = ("'", '"', "’", "”", "“", "‘", "»", "«", "›", "‹", "」", "』")
# An <h1> that no metadata title confirms is taken for the headline only with this many words
# or more, on a page with at most this many <h1>s; one of more space-separated words than
# _MAX_HEADLINE_WORDS is a description set in an <h1> (headlines of news and articles keep
# under 25).
_MIN_HEADLINE_WORDS = 4
_MAX_HEADLINE_H1S = 3
_MAX_HEADLINE_WORDS = 30
# Inside an <h1>, these hold a date, a byline or a widget rather than words of the headline.
_NOT_IN_HEADLINE = frozenset(
    {
        "time",
        "div",
        "p",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "table",
        "button",
        "script",
        "style",
        "noscript",
        "svg",
    }
)


def _starts_with(attribute: str, prefixes: str) -> str:
    return " or ".join(f"starts-with(@{attribute}, '{prefix}')" for prefix in prefixes.split())


def _inside(container: str) -> XPath:
    """Whether an element is inside a ``container`` element."""
    return XPath(f"boolean(ancestor::{container})")


# trafilatura's CATEGORIES_XPATHS and TAGS_XPATHS (``trafilatura.metadata.extract_catstags``),
# turned around: "links to a category page inside a post's meta block" rather than "post meta
# blocks, then their links". Each block of a page was searched for links, nested blocks again
# and again; links are fewer, and only the ones that can name a category or a tag are tested,
# found in one walk over the page and then tested against each kind of block in turn.
# The EXSLT regular expressions are spelled as prefixes (a regex calls back into Python).
_CATEGORY_CONTAINERS = tuple(
    _inside(container)
    for container in (
        (
            "div["
            + _starts_with("class", "post-info postinfo post-meta postmeta meta entry-meta entry-info entry-utility")
            + " or starts-with(@id, 'postpath')]"
        ),
        (
            "p[starts-with(@class, 'postmeta') or starts-with(@class, 'entry-categories') or @class='postinfo'"
            " or @id='filedunder']"
        ),
        "footer[starts-with(@class, 'entry-meta') or starts-with(@class, 'entry-footer')]",
        (
            "*[self::li or self::span][@class='post-category' or @class='postcategory' or @class='entry-category'"
            " or contains(@class, 'cat-links')]"
        ),
        "header[@class='entry-header']",
        "div[@class='row' or @class='tags']",
    )
)
_TAG_CONTAINERS = tuple(
    _inside(container)
    for container in (
        "div[@class='tags']",
        "p[starts-with(@class, 'entry-tags')]",
        (
            "div[@class='row' or @class='jp-relatedposts' or @class='entry-utility'"
            f" or {_starts_with('class', 'tag postmeta meta')}]"
        ),
        "*[@class='entry-meta' or contains(@class, 'topics') or contains(@class, 'tags-links')]",
    )
)
_CATEGORY_LINKS = XPath("//a[contains(@href, '/categor')]")
_TAG_LINKS = XPath("//a[contains(@href, '/tag')]")
_CATEGORY_OR_TAG_LINKS = XPath("//a[contains(@href, '/categor') or contains(@href, '/tag')]")
# libxml2's HTML parser keeps a <head> only as the root's child (it drops one met anywhere else):
# looking for it there spares ".//head" its walk over the whole page
_SECTION_META = XPath('head//meta[@property="article:section" or contains(@name, "subject")][@content]')
_CATEGORY_HREF = re.compile("/categor(?:y|ies|s)?/")
_TAG_HREF = re.compile("/tag(?:y|ies|s)?/")
# The full-width forms of the ASCII characters, to their ASCII ones
_FULL_WIDTH_FORMS = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def clean_text(value: str | None) -> str:
    """``value`` in NFC with whitespace runs collapsed and trimmed ("" for None); full-width
    forms of ASCII characters in text otherwise ASCII are read as ASCII."""
    # metadata is often HTML-escaped twice ("Full &#038; Part Time")
    value = html.unescape(value) if value and "&" in value else value
    if value:
        value = undo_double_encoding(value)
    if value and _INVISIBLE.search(value):
        value = _INVISIBLE.sub("", value)
    value = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", value or "")).strip()
    if not value.isascii() and (ascii_value := value.translate(_FULL_WIDTH_FORMS)).isascii():
        value = ascii_value  # "Work？": a CJK input method's question mark in an English title
    trailing = _TRAILING_SYMBOLS.search(value)
    if trailing and not any(close in trailing[0] and open_ in value for open_, close in _QUOTE_PAIRS):
        value = value[: trailing.start()]
    return value


def undo_double_encoding(value: str) -> str:
    """UTF-8 read as latin-1 and encoded again ("Investorâ\x80\x99s") back to its text; any
    other text as it is."""
    if not _C1_CONTROL.search(value):
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def _key(value: str) -> str:
    """Words only, case-folded, without accents: what two spellings of one title have in common
    (Greek in capitals drops its accents: "ΣΕΙΣΜΟΣ" is "Σεισμός")."""
    return " ".join(_WORD.findall(_without_accents(value.casefold())))


def site_names(sitename: str | None, url: str) -> list[str]:
    """Keys of the names a site may append to its titles: its declared name and its host."""
    names = []
    if sitename:
        names.append(_key(sitename))
    host = (urlsplit(url).hostname or "").lower()
    host = re.sub(r"^(?:www\d?|m|amp|blog|news)\.", "", host)
    if host:
        names.append(_key(host))  # "example com"
        names.append(_key(host.rsplit(".", 1)[0]))  # "example"
        labels = host.split(".")
        names.append(labels[0].replace("-", ""))
        if len(labels) >= 3:
            names.append(labels[-2].replace("-", ""))  # "promatcher" of "electricians.promatcher.com"
    return [name for name in names if name]


# the words a brand adds around the site's name: "The Motley Fool" on fool.com
_BRAND_EXTRA_WORDS = 2


def _brand_around(name: str, words: list[str]) -> bool:
    """Whether ``words`` (a title part's, holding the site's squeezed ``name``) read as the
    site's brand: the name opens or ends them ("Gregory Szorc's Digital Home", "EMACSPEAK The
    Complete Audio Desktop", "The Motley Fool"), or a few words stand around it. A name in the
    middle of more is a headline's subject ("How we designed Dropbox's ATF")."""
    spans = []
    for start in range(len(words)):
        joined = ""
        for end in range(start, len(words)):
            joined += words[end]
            if name in joined:
                spans.append((end - start, start, end))
                break
    if not spans:
        return True  # the name spans a word's parts that the key split ("Szorc's")
    _, start, end = min(spans)
    others = [word for word in words[:start] + words[end + 1 :] if word != "s"]
    return start == 0 or end == len(words) - 1 or len(others) <= _BRAND_EXTRA_WORDS


# how a host spells the letters that accents do not make ("Süddeutsche" is sueddeutsche.de,
# "Børsen" borsen.dk): German umlauts in two letters, the Nordic letters as their base
_HOST_SPELLING = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae"}
)


def host_spellings(text: str) -> tuple[str, str]:
    """``text`` as a host name may spell it: without accents ("Clarín": clarin.com, "Göteborgs":
    gp.se's goteborgs) and with German umlauts in two letters ("Süddeutsche": sueddeutsche.de)."""
    return _without_accents(text), _without_accents(text.translate(_HOST_SPELLING))


def _without_accents(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _is_site_name(segment: str, names: Iterable[str]) -> bool:
    """Whether a title's ``segment`` names the site: one of its ``names`` (``site_names``) as
    written or as its host spells it, its brand around one, or a host name of its own ("SZ.de"
    on sueddeutsche.de)."""
    if _is_host_name(segment):
        return True
    names = list(names)
    key = _key(segment)
    if _is_site_name_key(key, names):
        return True
    spelled = _key(host_spellings(segment)[1])
    return spelled != key and _is_site_name_key(spelled, names)


# a word of the site's brand that its host holds: "Southerner" of shssoutherner.org, "Freewrite"
# of getfreewrite.com; short words ("best", "news") are in too many hosts
_HOST_WORD_MIN_CHARS = 6
_BRAND_MAX_WORDS = 3


def _host_label(url: str) -> str:
    """The name the site registered, without the public suffix and hyphens ("getfreewrite" of
    www.getfreewrite.com): read once for each title or page, not for each of its parts."""
    host = (urlsplit(url).hostname or "").lower()
    return OFFLINE_SUFFIXES(host).domain.replace("-", "") if host else ""


def _holds_host_word(segment: str, label: str) -> bool:
    """Whether a short capitalised ``segment`` ("The Southerner", "Freewrite Store") holds a word
    that the host's registered name ``label`` (``_host_label``) holds within it
    (shssoutherner.org, getfreewrite.com): the site's brand, where neither the segment nor the
    host is the other's spelling."""
    words = _key(host_spellings(segment)[0]).split()
    if not words or len(words) > _BRAND_MAX_WORDS or not segment[:1].isupper():
        return False
    return any(len(word) >= _HOST_WORD_MIN_CHARS and word in label for word in words)


def _is_host_name(segment: str) -> bool:
    """Whether ``segment`` is a host name, one word and a public suffix ("SZ.de", "n-tv.de"; not
    "Node.js", whose "js" is no suffix)."""
    segment = segment.strip()
    if "." not in segment or " " in segment:
        return False
    return bool(OFFLINE_SUFFIXES(segment).suffix)


def _is_site_name_key(key: str, names: list[str]) -> bool:
    if not key:
        return True
    squeezed = key.replace(" ", "")
    for name in names:
        name_squeezed = name.replace(" ", "")
        if key == name or squeezed == name_squeezed:
            return True
        # "CleverHiker" vs host "cleverhiker.com"; "The Motley Fool" vs "fool.com"
        if len(name_squeezed) >= 4 and squeezed in name_squeezed:
            return len(key.split()) <= 6
        if len(name_squeezed) >= 4 and name_squeezed in squeezed:
            return len(key.split()) <= 6 and _brand_around(name_squeezed, key.split())
    return False


# the words a blog theme sets between the site's name and a post's title: WordPress's classic
# theme writes "Site » Blog Archive » Post"
_TEMPLATE_PARTS = frozenset({"blog archive"})


def strip_site_name(title: str | None, sitename: str | None, url: str) -> str:
    """``title`` without a leading or trailing site name ("Headline | Site" -> "Headline").

    A segment is dropped when it names the site (its declared name or its host). When the
    site's name is unknown, a short last segment after a pipe is taken for it.
    """
    title = _without_site_prefix(clean_text(title), sitename, url)
    names = site_names(sitename, url)
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) == 1 and _HAS_CJK.search(title):
        return _without_cjk_labels(title, names)
    if len(parts) == 1:
        return _without_comma_suffix(title, names)
    site_at_end = False
    label = _host_label(url)
    # a segment that the page's own address spells is the page's name, whatever it shares with
    # the host's ("JVNDB-2018-013542 - JVN iPedia" at /contents/2018/JVNDB-2018-013542.html)
    page_key = _page_key(url)
    while (
        len(parts) > 1
        and (_is_site_name(parts[-1], names) or _holds_host_word(parts[-1], label))
        and _key(parts[-1]) != page_key
    ):
        parts.pop()
        site_at_end = True
    while (
        len(parts) > 1
        and (_is_site_name(parts[0], names) or parts[0].casefold() in _TEMPLATE_PARTS)
        and _key(parts[0]) != page_key
    ):
        parts.pop(0)
    if len(parts) > 1 and word_count(parts[0]) >= 3:
        # "Headline | Section | Brand": the first segment is the headline when it is the long one
        # and a pipe sets it off ("Kicker - Headline | Brand" is one headline); after the site's
        # name, a single word is the section's ("Headline - Sport - SZ.de")
        after_first = _TITLE_SEPARATOR.search(title, title.find(parts[0]) + len(parts[0]))
        piped = after_first is not None and "|" in after_first.group()
        sections = piped and all(len(p.split()) <= 4 for p in parts[1:])
        section = site_at_end and len(parts) == 2 and len(parts[1].split()) == 1
        if sections or section:
            parts = parts[:1]
    separators = _TITLE_SEPARATOR.findall(title)
    # rejoin what is left with the separators it had
    kept = title
    if len(parts) < len(separators) + 1:
        start = title.find(parts[0])
        end = title.rfind(parts[-1]) + len(parts[-1])
        kept = title[start:end] if start >= 0 and end > start else " ".join(parts)
    return _without_comma_suffix(kept.strip(), names)


def _page_key(url: str) -> str | None:
    """The key (``_key``) of the URL's last path segment, without its extension, where it has
    two words or more (a slug, an identifier); else ``None``."""
    segment = urlsplit(url).path.rstrip("/").rpartition("/")[2]
    key = _key(segment.rpartition(".")[0] if "." in segment else segment)
    return key if len(key.split()) >= _PAGE_KEY_MIN_WORDS else None


_PAGE_KEY_MIN_WORDS = 2


# a date in numbers alone, as a title's last part: "18.05.2026", "2026-05-18"
_NUMERIC_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d\d-\d\d")


def _without_comma_suffix(title: str, names: list[str]) -> str:
    """``title`` without the site's name and a date its site puts after commas ("Kenia: Nairobi
    von unten, Tageszeitung junge Welt, 18.05.2026"); unchanged where no such part names the site."""
    pieces = title.split(", ")
    end = len(pieces)
    named = False
    while end > 1:
        piece = pieces[end - 1]
        if _NUMERIC_DATE.fullmatch(piece):
            pass
        # (a name, capitalised: "..., mood, and health" on health.harvard.edu is the headline's)
        elif not piece[:1].islower() and _is_site_name(piece, names):
            named = True
        else:
            break
        end -= 1
    return ", ".join(pieces[:end]) if named else title


def _without_cjk_labels(title: str, names: list[str]) -> str:
    """A Chinese, Japanese or Korean ``title`` without the site's and section's names that
    follow the headline with no space around their separator ("标题_国内新闻_新浪网"): those that
    name the site (``names``), and those that are short (``_CJK_LABEL_MAX_CHARS``) after a
    headline of three words or more. A colon parts the site's name too ("标题：日本経済新聞"),
    but a colon more often opens a subtitle: only the site's name goes after it."""
    if (colon := _CJK_COLON.search(title)) and _is_site_name(title[colon.end() :], names):
        title = title[: colon.start()].rstrip()
    separators = list(_CJK_TITLE_SEPARATOR.finditer(title))
    parts = _CJK_TITLE_SEPARATOR.split(title)
    while len(parts) > 1 and _is_site_name(parts[-1], names):
        parts.pop()
    if len(parts) > 1 and word_count(parts[0]) >= 3 and all(len(part) <= _CJK_LABEL_MAX_CHARS for part in parts[1:]):
        parts = parts[:1]
    if len(parts) > len(separators):
        return title
    # up to the separator after the last part kept
    return title[: separators[len(parts) - 1].start()].strip()


def _without_site_prefix(title: str, sitename: str | None, url: str) -> str:
    """``title`` without a leading "Site Name: " or "example.com " (a brand before the headline)."""
    host = re.sub(r"^www\d?\.", "", (urlsplit(url).hostname or "").lower())
    folded = title.casefold()
    for prefix in (f"{sitename.strip().casefold()}: " if sitename else "", f"{host}: ", f"{host} "):
        if len(prefix) > 3 and folded.startswith(prefix) and len(_WORD.findall(title[len(prefix) :])) >= 2:
            return title[len(prefix) :].strip()
    return title


def category_and_tag_links(tree: HtmlElement) -> list[HtmlElement]:
    """The links of ``tree`` that ``page_categories`` and ``page_tags`` look at, in document
    order: found in one walk for both, where each would walk the page for its own."""
    return _CATEGORY_OR_TAG_LINKS(tree)


def page_categories(tree: HtmlElement, links: list[HtmlElement] | None = None) -> list[str]:
    """The page's categories as ``trafilatura.metadata.extract_catstags("category", tree)``
    finds them: links to category pages in a post's meta block, else ``article:section``.
    ``links`` are the page's ``category_and_tag_links`` when they have been read."""
    found = _linked_names(_CATEGORY_LINKS(tree) if links is None else links, _CATEGORY_HREF, _CATEGORY_CONTAINERS)
    if not found:
        found = [element.attrib["content"] for element in _SECTION_META(tree)]
    return [name for name in dict.fromkeys(line_processing(text) for text in found if text) if name]


def page_tags(tree: HtmlElement, links: list[HtmlElement] | None = None) -> list[str]:
    """The page's tags as ``trafilatura.metadata.extract_catstags("tag", tree)`` finds them;
    ``links`` as for ``page_categories``."""
    found = _linked_names(_TAG_LINKS(tree) if links is None else links, _TAG_HREF, _TAG_CONTAINERS)
    return [name for name in dict.fromkeys(line_processing(text) for text in found if text) if name]


def _linked_names(links: list[HtmlElement], href: re.Pattern[str], containers: Iterable[XPath]) -> list[str]:
    """The texts of the ``links`` whose ``href`` matches, inside the first kind of ``containers``
    that holds any of them, in document order."""
    links = [link for link in links if href.search(link.attrib["href"])]
    for inside in containers:
        if found := [block_text(link) for link in links if inside(link)]:
            return found
    return []


# the elements an <h1> sets a kicker, a badge or a subheadline in, and how many children an <h1>
# has at most for it to be read so
_INLINE_TAGS = frozenset({"span", "small", "em", "strong", "b", "i", "mark", "sup", "sub", "div", "p", "a"})
_TRIM_MAX_CHILDREN = 4
# how much of the text on each side of an <h1> is read for a kicker set beside it, in how many of
# its and its parent's siblings at most (a page of thousands of headings would cost their square)
_LEAD_CHARS = 200
_NEAR_SIBLINGS = 6


@dataclass(frozen=True)
class _H1:
    """An ``<h1>`` as a reader sees it: ``text`` in full, ``headline`` without the kicker or
    section label the page sets inside it in an element of its own (the same when it has none),
    and whether its place on the page suits a headline."""

    text: str
    headline: str
    placed: bool
    # the text without the element it opens or ends with (a kicker or a badge in a class of no
    # telling name, a subheadline in a <small>): what a metadata title may confirm instead
    trimmed: tuple[str, ...] = ()
    element: HtmlElement | None = field(default=None, compare=False, repr=False)

    @cached_property
    def near(self) -> str:
        """The words the page shows around it in its block (``_shown_near``), where a kicker may
        stand: read only for the <h1> a kicker is looked for beside, not for each of a page's
        thousands of headings."""
        return _shown_near(self.element) if self.element is not None else ""


def _h1_candidates(tree: HtmlElement) -> list[_H1]:
    """The page's ``<h1>``s, each text once, with whether its place suits a headline: not in a
    header, menu or footer outside the article, not in a logo, menu or widget container."""
    candidates: dict[str, _H1] = {}
    for h1 in tree.iter("h1"):
        text, without_kicker = _headline_text(h1)
        if not text or links_home(h1):
            continue  # a blog's name linking its home page is no candidate at all
        placed = placed_like_headline(h1)
        seen = candidates.get(text)
        candidates[text] = _H1(text, without_kicker or text, placed or bool(seen and seen.placed), _trimmed(h1), h1)
    return list(candidates.values())


def _shown_near(h1: HtmlElement) -> str:
    """The key (``_key``) of the words the page shows around an ``<h1>`` in its block, where a
    kicker is set above or below it: its and its parent's siblings', the nearest
    ``_LEAD_CHARS`` characters on each side."""
    return f"{_key(_text_beside(h1, preceding=True))} {_key(_text_beside(h1, preceding=False))}"


def _text_beside(h1: HtmlElement, preceding: bool) -> str:
    pieces: list[str] = []
    length = 0
    element: HtmlElement | None = h1
    for _ in range(2):  # the <h1>'s siblings, then its parent's
        if element is None or length >= _LEAD_CHARS:
            break
        for sibling in itertools.islice(element.itersiblings(preceding=preceding), _NEAR_SIBLINGS):
            if isinstance(sibling.tag, str) and sibling.tag not in ("script", "style"):
                pieces.append(sibling.text_content())
                length += len(pieces[-1])
            if length >= _LEAD_CHARS:
                break
        element = element.getparent()
    text = " ".join(reversed(pieces) if preceding else pieces)
    return text[-_LEAD_CHARS:] if preceding else text[:_LEAD_CHARS]


def _trimmed(h1: HtmlElement) -> tuple[str, ...]:
    """The ``<h1>``'s text without the inline element it opens with, and without the one it ends
    with, where it has such: "<span>LIVE</span> Storm ..." gives "Storm ...", "Headline
    <small>Subheadline</small>" gives "Headline"."""
    children = [child for child in h1 if isinstance(child.tag, str) and child.tag != "br"]
    if not children or len(h1) > _TRIM_MAX_CHILDREN:
        return ()
    lead, first, last = (h1.text or "").strip(), children[0], children[-1]
    found = []
    if not lead and first.tag in _INLINE_TAGS and (len(children) > 1 or (first.tail or "").strip()):
        rest = (first.tail or "") + "".join(_joined_text(child) + (child.tail or "") for child in children[1:])
        found.append(clean_text(_EDGE_SEPARATORS.sub("", rest)))
    if not (last.tail or "").strip() and last.tag in _INLINE_TAGS and (len(children) > 1 or lead):
        rest = (h1.text or "") + "".join(_joined_text(child) + (child.tail or "") for child in children[:-1])
        found.append(clean_text(rest))
    return tuple(text for text in found if text)


def _headline_text(h1: HtmlElement) -> tuple[str, str]:
    """The words of an ``<h1>`` as a reader sees them, in full and without its kicker: a line
    break is a space, a kicker in an element of its own ends with a colon unless the page set a
    separator after it, and a date or a block that a page nests in the heading (a "Posted on ...
    by ..." line) is not part of it."""
    full: list[str] = []
    _collect_text(h1, full, skip=_NOT_IN_HEADLINE, kickers=True)
    text = clean_text("".join(full)) or clean_text(_joined_text(h1))
    if not any(_is_kicker(e) for e in h1.iterdescendants()):
        return text, text
    bare: list[str] = []
    _collect_text(h1, bare, skip=_NOT_IN_HEADLINE, kickers=False)
    # the separator between the kicker and the headline may be an element of its own
    return text, _EDGE_SEPARATORS.sub("", clean_text("".join(bare)))


def _joined_text(element: HtmlElement) -> str:
    parts: list[str] = []
    _collect_text(element, parts, skip=frozenset(), kickers=True)
    return "".join(parts)


def _collect_text(element: HtmlElement, parts: list[str], skip: frozenset[str], kickers: bool) -> None:
    parts.append(element.text or "")
    for child in element:
        if child.tag == "br":
            parts.append(" ")
        elif isinstance(child.tag, str) and skip and _is_kicker(child):
            if kickers:
                label: list[str] = []
                _collect_text(child, label, skip, kickers)
                text = clean_text("".join(label))
                after = (child.tail or "") + "".join(s.text_content() for s in child.itersiblings() if s.tag != "br")
                ends = _KICKER_END.search(text) or _SEPARATOR_START.match(after) or not after.strip()
                parts.append(text if not text or ends else f"{text}: ")
        elif isinstance(child.tag, str) and child.tag not in skip:
            _collect_text(child, parts, skip, kickers)
        parts.append(child.tail or "")


def _is_kicker(element: HtmlElement) -> bool:
    return bool(_KICKER_CLASS.search(f"{element.get('class', '')} {element.get('id', '')}"))


def _after_kicker(headline: str, title: str) -> bool:
    """Whether ``title`` is ``headline`` with a kicker or a section in front of it:
    "Blog: Ten ways to ..." for "Ten ways to ..."."""
    h1_key, title_key = _key(headline), _key(title)
    if not h1_key or not title_key.endswith(" " + h1_key) or len(h1_key.split()) < 2:
        return False
    # the part before the headline, as written, must end like a kicker
    folded = title.casefold()
    start = folded.rfind(headline.casefold()[:20])
    return start > 0 and _KICKER_END.search(title[:start]) is not None


def _kicker_of(headline: str, title: str) -> str:
    """What ``title`` puts in front of ``headline`` (``_after_kicker`` holds)."""
    return title[: title.casefold().rfind(headline.casefold()[:20])]


def _agrees(h1: str, title: str) -> bool:
    """Whether an ``<h1>`` and a metadata title are one headline (one may carry a suffix)."""
    h1_key, title_key = _key(h1), _key(title)
    if not h1_key or not title_key:
        return False
    return (
        h1_key == title_key
        or title_key.startswith(h1_key + " ")
        or (h1_key.startswith(title_key + " ") and len(title_key.split()) >= 4)
    )


def headline(
    tree: HtmlElement, meta_titles: Iterable[str | None], sitename: str | None, url: str, news_headline: bool = False
) -> str | None:
    """The page's headline: an ``<h1>`` that a metadata title confirms, else the visible
    ``<h1>`` when it reads like a headline, else the first metadata title (JSON-LD headline,
    ``og:title``, ``<title>``, in the order given) with the site name stripped. ``None`` when
    the page has neither. A news site's declared headline (``news_headline``: the first
    metadata title is a ``NewsArticle``'s JSON-LD headline) wins over an ``<h1>`` that it does
    not confirm, even where the social title (``og:title``) repeats the ``<h1>``: newsrooms set a
    display variant in the page and declare the story's headline. It does not where it is a
    label of a word or two, or where ``og:title`` or ``<title>`` repeats it: then it is the
    title for sharing and search, and the page shows the story's headline.

    Where the ``<h1>`` and a metadata title are one headline but for a kicker ("Kicker:
    Headline"), the metadata title gives the site's own spelling of it, kicker and separator
    included, where the page shows that kicker beside the ``<h1>`` (else readers see none);
    but a kicker the page shows inside its ``<h1>`` that differs from the metadata's is the
    page's own, and then the headline is the ``<h1>``'s without either."""
    titles = [title for title in (clean_text(t) for t in meta_titles if t) if title and len(title) <= MAX_TITLE_CHARS]
    found = _headline(tree, titles, sitename, url, news_headline)
    if found and ("?" in found or "\ufffd" in found):
        # a CMS that lost the characters its charset lacked shows "?" for them: "Planning?
        # Beginner? Guide" where the metadata title keeps "Planning: Beginner's Guide"
        stripped = (strip_site_name(title, sitename, url) for title in titles)
        return next((title for title in stripped if _restores_marks(found, title)), found)
    return found


def _headline(tree: HtmlElement, titles: list[str], sitename: str | None, url: str, news_headline: bool) -> str | None:
    names = site_names(sitename, url)
    stripped = [strip_site_name(t, sitename, url) for t in titles]
    # an <h1> that names the site is its logo, unless a metadata title is that <h1> once the
    # site's name is stripped from it ("Gardenary Planting vs. Ordinary Planting • Gardenary")
    stripped_keys = {_key(title) for title in stripped}
    label = _host_label(url)
    candidates = [
        h1
        for h1 in _h1_candidates(tree)
        if not (_is_site_name(h1.text, names) or _holds_host_word(h1.text, label)) or _key(h1.text) in stripped_keys
    ]
    cleaned = _untruncated(stripped, [h1.text for h1 in candidates])
    # a declared headline of a word or two ("Sample menus") is a label, not the story's wording
    # ... and one that the social or the page's title repeats is the title for sharing and
    # search, which the shown headline outranks
    news_headline = (
        news_headline
        and bool(cleaned)
        and _reads_like_headline(cleaned[0])
        and not any(_key(other) == _key(cleaned[0]) for other in cleaned[1:])
    )
    # an <h1> that a metadata title confirms is the headline wherever the page put it
    # a news site's declared headline is the story's; its social title may be the display variant
    confirming = 1 if news_headline else len(titles)
    # the <h1>s placed like a headline first: a hidden one ("News" for screen readers) is a label;
    # among those, the one the most specific metadata title confirms (a breadcrumb's <h1> may
    # repeat the <title>, the story's the JSON-LD headline and og:title)
    pairs = list(zip(titles[:confirming], cleaned[:confirming], strict=True))
    best: tuple[tuple[bool, int], str] | None = None
    for h1 in candidates:
        for i, (title, clean) in enumerate(pairs):
            if (answer := _confirmed(h1, title, clean, names, sitename, url)) is not None:
                if best is None or (not h1.placed, i) < best[0]:
                    best = (not h1.placed, i), answer
                break
    if best is not None:
        return best[1]
    # No metadata title confirms an <h1>. Metadata titles are often SEO variants, and the
    # visible headline is what readers (and citations) use; but a page with many <h1>s uses
    # them for its sections, and a short or all-capitals one is more often a label or a kicker.
    placed = [h1 for h1 in candidates if h1.placed]
    if len(placed) > _MAX_HEADLINE_H1S:
        # ... unless the others are teasers, each a link to its story: the one no link holds is
        # the story's own
        unlinked = [h1 for h1 in placed if h1.element is not None and not _linked(h1.element)]
        placed = unlinked if len(unlinked) == 1 else placed
    h1s = [h1.text for h1 in placed]
    if news_headline and cleaned:
        return cleaned[0]  # the story's declared headline over the page's display variant
    if h1s and (not cleaned or (len(h1s) <= _MAX_HEADLINE_H1S and _reads_like_headline(h1s[0]))):
        if word_count(h1s[0]) >= 2:
            return h1s[0]
    return cleaned[0] if cleaned else None


def _restores_marks(damaged: str, title: str) -> bool:
    """Whether ``title`` is ``damaged`` with each "?" or replacement character it shows in place of
    a character or two (an apostrophe and its "s") restored, and no other change."""
    if title == damaged or damaged.count("?") + damaged.count("\ufffd") > _MAX_LOST_MARKS:
        return False  # (more would make the match's backtracking grow fast)
    pattern = "".join(".{1,2}?" if char in "?\ufffd" else re.escape(char) for char in damaged)
    return re.fullmatch(pattern, title) is not None


_MAX_LOST_MARKS = 5


def _confirmed(h1: _H1, title: str, clean: str, names: list[str], sitename: str | None, url: str) -> str | None:
    """The headline where a metadata title (``clean``: without the site's name) confirms the
    ``<h1>``, spelled as ``headline`` reads the two together; None where it does not."""
    if h1.headline != h1.text and _key(clean) == _key(h1.text):
        return clean  # the kicker and the headline as the site writes them together
    if _after_kicker(h1.headline, clean):
        # the metadata title has a kicker the <h1> does not show, or shows another one, or puts
        # the site's name in front
        kicker = _kicker_of(h1.headline, clean)
        # ... where the page shows it beside the <h1>: a kicker the page does not show is the
        # metadata's, and the headline readers see has none
        own = h1.headline == h1.text and not _is_site_name(kicker, names) and f" {_key(kicker)} " in f" {h1.near} "
        # a part set off as the <title>'s parts are ("Section - ", "Site | ") is the site's or
        # the section's name, which the <h1> leaves out
        return clean if own and not _TITLE_SEPARATOR_END.search(kicker) else h1.headline
    if _after_kicker(clean, h1.text) and not h1.text.startswith(OPENING_QUOTES):
        # a section label before the headline in the <h1>; a quotation there is the headline's
        # ("'Ends recession debate': economists weigh in ...")
        return clean
    if any(_key(trimmed) == _key(clean) for trimmed in h1.trimmed) and _key(h1.text) != _key(clean):
        return clean  # the page's badge, kicker or subheadline in an element of its own
    if not _agrees(h1.text, clean) and not _agrees(h1.text, title):
        # a byline or a badge set in the <h1> after the headline, which a metadata title that goes
        # on with its own suffix ("(photo: Reuters)") leaves out
        for trimmed in h1.trimmed:
            if _agrees(trimmed, clean) and _reads_like_headline(trimmed):
                return trimmed
    if _agrees(h1.text, clean) or _agrees(h1.text, title):
        if h1.text.isupper() and not clean.isupper() and _key(h1.text) == _key(clean):
            return clean  # text-transform in the markup; the metadata keeps the case
        # some pages print the whole <title>, site name and all, in the <h1>
        shown = strip_site_name(h1.text, sitename, url)
        if _unspaced(shown) == _unspaced(clean) and len(clean) > len(shown):
            # two elements of the <h1> glued together ("Kicker:Headline"), which the metadata
            # spells with the space a reader sees between them
            return clean
        return shown
    return None


def _linked(element: HtmlElement) -> bool:
    """Whether a link holds ``element`` or ``element`` holds one."""
    return next(element.iterancestors("a"), None) is not None or next(element.iter("a"), None) is not None


def shown_headline(tree: HtmlElement) -> str | None:
    """The headline the page shows: its first ``<h1>`` placed like a headline, or None."""
    return next((h1.text for h1 in _h1_candidates(tree) if h1.placed), None)


def _unspaced(text: str) -> str:
    return "".join(text.split())


def _untruncated(titles: list[str], shown: Iterable[str] = ()) -> list[str]:
    """``titles`` with each one that another begins with and goes on from replaced by that
    other, or by a headline the page ``shown``: SEO plugins cut a JSON-LD headline at 110
    characters, mid-word or with an ellipsis."""
    result = []
    for title in titles:
        stem = title.rstrip(" .…")
        longer = [
            other
            for other in (*titles, *shown)
            if len(stem) >= _TRUNCATED_MIN_CHARS
            and other.startswith(stem)
            and _CONTINUED.match(other, len(stem))  # goes on with words, not with a site name
            and not _glued(stem, other[len(stem) :])
        ]
        result.append(max(longer, key=len) if longer else title)
    return result


def _glued(stem: str, rest: str) -> bool:
    """Whether ``rest`` goes on from ``stem`` as another element's text glued to it
    ("...la InfantaUltima Hora", the site's name in a link of the ``<h1>``), not as the rest of
    a word cut short: a capital right after a small letter."""
    return bool(stem and rest) and stem[-1].islower() and rest[0].isupper()


def _reads_like_headline(h1: str) -> bool:
    """Whether a title reads like a headline: words enough and not too many, not all
    capitals, and not a label that ends with a colon ("A message from our founder:")."""
    return (
        word_count(h1) >= _MIN_HEADLINE_WORDS
        and len(h1.split()) <= _MAX_HEADLINE_WORDS
        and not h1.isupper()
        and not h1.endswith(":")
    )
