"""Publication dates: the article's own date, from what the page declares and what it shows.

Pure logic, no Scrapy. Pages declare dates in JSON-LD (``datePublished``, ``dateModified``),
``<meta>`` (``article:published_time``, ...) and microdata, and show one or two to readers near
the headline ("May 1, 2024", "Updated 3 June 2024"). Declared dates are exact but CMSs stamp the
date a page object was created, or refresh ``dateModified`` on every save; the shown date is
what the publisher stands by. ``publication_date`` therefore reads the shown dates first and
uses them to choose between the declared ones. A date in the URL's path (``/2024/05/01/``) is
the day the site published on, in its own time zone, where a declared UTC time may fall on the
next or previous day. htmldate (without its slow free-text search) is the fallback for pages
that declare nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from archiver.extraction.datewords import (
    ASCII_DIGITS,
    BALTIC_YEAR_FIRST,
    JALALI_DATES,
    JALALI_MONTH_NUMBERS,
    JAPANESE_ERAS,
    MONTH_NAME,
    MONTH_NUMBERS,
    OTHER_DAY_MONTH_YEAR,
    OTHER_MONTH_NUMBERS,
    THAI_MONTH_NAME,
    VIETNAMESE_DAY_MONTH_YEAR,
    WEEKDAY_NAME,
    YEAR_MONTH_DAY,
    common_era,
    from_jalali,
)
from archiver.extraction.html import headline_holders, story_headline
from archiver.extraction.trafilatura_shim import find_date
from archiver.extraction.words import collapsed_length

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTHS = MONTH_NUMBERS
_MONTH = rf"({MONTH_NAME})\.?"
# "May 1, 2024", "1 May 2024", "2024-05-01", "2024/05/01", and in German, French, Spanish,
# Portuguese, Italian, Dutch and the Scandinavian languages "3. Mai 2024", "3 de mayo de 2024";
# all-numeric dates with the year last ("2/24/2026", "17.05.2021") only where one number cannot
# be a month: sites write both month-first and day-first, with dots too.
_TEXT_DATES = (
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.IGNORECASE), "mdy"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+((?:19|20)\d\d)\b", re.IGNORECASE), "dmy"),
    (re.compile(r"\b((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b"), "ymd"),
    (re.compile(r"(?<![\d./-])(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d\d)\b"), "numeric"),
    # "3. Mai 2024", "3 mai 2024", "3 de mayo de 2024", "3 maggio 2024"
    (re.compile(OTHER_DAY_MONTH_YEAR, re.IGNORECASE), "dmy other"),
    # "2021. augusztus 4." (Hungarian), "4 tháng 8 năm 2021" (Vietnamese)
    (re.compile(YEAR_MONTH_DAY, re.IGNORECASE), "ymd other"),
    # "2024 m. gegužės 5 d." (Lithuanian), "2024. gada 5. maijā" (Latvian)
    (re.compile(BALTIC_YEAR_FIRST[0], re.IGNORECASE), "ymd other"),
    (re.compile(BALTIC_YEAR_FIRST[1], re.IGNORECASE), "ydm other"),
    (re.compile(VIETNAMESE_DAY_MONTH_YEAR, re.IGNORECASE), "dmy numbers"),
    # Chinese, Japanese and Korean: "2024年5月1日", "2024년 5월 1일"
    (re.compile(r"(?<!\d)((?:19|20)\d\d)\s?[年년]\s?(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일]"), "ymd"),
    # the Iranian calendar: "۱۳ اسفند ۱۴۰۳", "۱۴۰۳/۱۲/۱۳"
    (re.compile(JALALI_DATES[0]), "dmy jalali"),
    (re.compile(JALALI_DATES[1]), "ymd jalali"),
    # Korean dates in numbers with a space after each dot: "2025. 3. 4."
    (re.compile(r"(?<!\d)((?:19|20)\d\d)\.\s(\d{1,2})\.\s(\d{1,2})\."), "ymd"),
    # ... and Czech, Slovak, Croatian, Austrian and German ones, the day first: "6. 1. 2026"
    (re.compile(r"(?<![\d.])(\d{1,2})\.\s(\d{1,2})\.\s((?:19|20)\d\d)\b"), "dmy numbers"),
    # a Japanese era's year ("令和7年3月3日", "令和元年5月1日": its first year is 元)
    (re.compile(rf"({'|'.join(JAPANESE_ERAS)})\s?(\d{{1,2}}|元)\s?年\s?(\d{{1,2}})\s?月\s?(\d{{1,2}})\s?日"), "era"),
    # a Thai date with the Buddhist era's year in two digits: "3 มี.ค. 68"
    (re.compile(rf"(?<!\d)(\d{{1,2}})\s*({THAI_MONTH_NAME})\s*(\d\d)(?![\d:.])"), "dmy thai"),
)
# Elements that hold the dates shown with a story: <time>, and elements named for a date or
# for the byline/meta line under the headline.
_DATE_CLASS = re.compile(r"date|time|posted|publish|updated|byline|meta|author|info", re.IGNORECASE)
# The same without IGNORECASE, for lower-cased ASCII text (class and id values nearly always are):
# a case-insensitive pattern gets no quick scan for its first letters and runs several times slower.
_DATE_CLASS_LOWER = re.compile(_DATE_CLASS.pattern)
# <time> and the elements with at most one level of children that have a class or an id
_SHOWN_DATE_ELEMENTS = XPath("//body/descendant::time | //body/descendant::*[@class or @id][not(*[descendant::*])]")
_NOT_STORY = re.compile(
    r"comment|related|sidebar|widget|footer|menu|nav|newsletter|recommend|popular|teaser|card", re.IGNORECASE
)
_NOT_STORY_LOWER = re.compile(_NOT_STORY.pattern)
_MAX_SHOWN = 6
# a page that shows this many days, none of them declared, shows a list's
_LISTED_DAYS = 3
# how far before a date its label may start, and how many children an element before it that
# holds the label has at most
_LABEL_CHARS = 40
_LABEL_MAX_CHILDREN = 3
_DIGIT = re.compile(r"\d")
# The label of an update's date, just before it, in English, German, French, Spanish,
# Portuguese, Italian, Dutch, the Scandinavian languages, Polish, Czech, Russian, Ukrainian,
# Turkish, Indonesian, Vietnamese, Chinese and Japanese, Korean, Arabic, Hebrew, Thai and Hindi,
# and in Croatian and Serbian (both scripts), Finnish, Romanian, Hungarian, Greek, Slovak,
# Slovenian, Estonian, Lithuanian, Latvian, Bulgarian, Catalan, Malay and Icelandic
_UPDATE_LABEL = re.compile(
    r"(?:updated?|modified|aktualisiert|mis à jour|modifié(?: le)?|actualizad[oa]|atualizad[oa]|aggiornat[oa]|"
    r"modifica(?:to)? il|bijgewerkt|oppdatert|uppdaterad|opdateret|aktualizacja|zaktualizowano|aktualizováno|"
    r"обновлено|обновлён|оновлено|güncelleme|güncellenme|diperbarui|cập nhật|更新|수정|업데이트|"
    r"تحديث|עודכן|อัปเดต|अपडेट|"
    r"ažurirano|ажурирано|päivitetty|actualizat|frissítve|frissítés|ενημερώθηκε|ενημέρωση|aktualizované|"
    r"posodobljeno|uuendatud|atnaujinta|atjaunināts|актуализирана|актуализирано|actualitzat|dikemas kini|uppfært|"
    # German news's "as of": "Stand: 16.03.2024 09:00 Uhr"
    r"stand(?=\s*:))"
    # ... then "on", a time and a weekday before the date: "Updated 4:12 PM EST, Wed March 5"
    r"(?:\s+(?:on|am|le|el|em|il|op|den|o|в|pada|lúc|ngày))?[\s:：.,|–—-]*(?:(?:\d{1,2}[:.h]\d\d|[^\W\d_]{1,4}\.?|"
    rf"{WEEKDAY_NAME}),?\s+){{0,4}}$",
    re.IGNORECASE,
)
# The label of a publication's date, just before it: "Published on Oct 21, 2025", "Posted: ...",
# in English, German, French, Spanish, Portuguese, Italian, Dutch, the Scandinavian languages,
# Polish, Czech, Russian, Turkish and Indonesian, and in the languages of ``_UPDATE_LABEL``'s
# second line
_PUBLISHED_LABEL = re.compile(
    r"(?:published|posted|publication date|date published|veröffentlicht|erstellt|publié|publicado|pubblicato|"
    r"gepubliceerd|publicerad|publisert|publiceret|opublikowano|publikováno|опубликовано|yayınlanma|"
    r"diterbitkan|objavljeno|објављено|julkaistu|publicat|közzétéve|megjelent|δημοσιεύθηκε|δημοσίευση|"
    r"publikované|avaldatud|paskelbta|publicēts|публикувано|публикувана|опубліковано|birt)"
    r"(?:\s+(?:on|am|le|el|em|il|op|den|в|tarihi|pada))?[\s:.,|–—-]*$",
    re.IGNORECASE,
)
# how much of the text after the headline is read for a labelled date, at most, and where the
# date line under it stands
_LABELLED_DATE_CHARS = 5_000
_UNDER_HEADLINE_CHARS = 300
_FOLLOWING_TEXT = XPath("following::text()")
# what holds no words of the page's own after its headline: code, menus, the footer, quotes and
# captions (their dates are their own); class names are not read: utility-class layouts
# ("lg:sidebar-left") name nothing
_NOT_TEXT_TAGS = frozenset({"script", "style", "template", "noscript", "nav", "footer", "blockquote", "figcaption"})
# The classes WordPress gives a post for its categories and tags ("category-popular",
# "tag-related-news"): the editors' words, not the layout's
_TAXONOMY_CLASS = re.compile(r"(?<!\S)(?:category|tag)-\S*")
# Elementor, the most used WordPress page builder, wraps every block, the post's date line
# included, in "elementor-widget" elements
_PAGE_BUILDER_CLASS = re.compile(r"\belementor-\S*")
# Text outside the story: scripts, styles, asides, captions (a picture's date is its own) and
# blocks whose class names them.
_NOT_STORY_TAGS = frozenset({"script", "style", "aside", "figcaption", "blockquote"})
_NOT_STORY_CLASSES = ("comment", "related", "sidebar", "widget", "newsletter", "recommend", "popular")
_HEADLINE_BLOCK_CHARS = 1500
# A date path segment, as blogs and news sites build their URLs: /2024/05/01/, /2024-05-01-slug,
# and without separators, /20250304/ and People's Daily's /2025/0304/
_URL_DATES = (
    re.compile(r"/((?:19|20)\d\d)[/-](\d\d?)[/-](\d\d?)(?=[/_.-]|$)"),
    re.compile(r"/((?:19|20)\d\d)/?(0[1-9]|1[0-2])([0-3]\d)(?=[/_.-]|$)"),
    # the month's name in English: "/2024/feb/24/slug"
    re.compile(rf"/((?:19|20)\d\d)/({MONTH_NAME})/(\d\d?)(?=/|$)", re.IGNORECASE),
    # a section between the year and the month, as CNN filed its stories: "/2010/POLITICS/08/13/slug"
    re.compile(r"/((?:19|20)\d\d)/[a-z]+/(\d\d?)/(\d\d?)(?=/|$)", re.IGNORECASE),
)
# A date a page shows before this is no web page's publication but a date its story tells of
# ("signed into law on August 14, 1935"): htmldate's own lower bound. Declared dates are kept:
# an archive's scanned 1851 edition declares its day.
_EARLIEST_SHOWN = date(1995, 1, 1)


def iso_date(value: str) -> str | None:
    """Normalise a date string to ISO 8601: a full datetime (with its offset when given) when
    the value has a time, else ``YYYY-MM-DD``. ``None`` when it is not a date."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T", 1) if "T" not in value else value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.year < 1990 or parsed.year > 2100:
        return None
    if _DATE_ONLY.match(value[:10]) and len(value) == 10:
        return parsed.date().isoformat()
    return parsed.isoformat()


def dates_in_text(text: str, day_first: bool | None = None) -> list[date]:
    """Calendar dates written out in ``text`` ("May 1, 2024", "1 May 2024", "2024-05-01"), in
    the order they appear; impossible dates are skipped. A date in numbers whose day and month
    could be either way round ("04/03/2025", "04.03.2025") is read day first where ``day_first``
    says so (the page's language: ``page_day_first``), month first where it says not, else
    skipped (American sites write "11.24.2025" too)."""
    return [day for _, day in _dates_at(text, day_first)]


def page_day_first(tree: HtmlElement) -> bool | None:
    """Whether the page's language writes the day before the month in numeric dates: not in
    American English (``en-US``), and in every other language it declares but for Chinese,
    Japanese, Korean and Hungarian, which write the year first; ``None`` for plain ``en`` or
    none declared (British and American sites both write ``en``). The language is the one
    ``<html lang>`` declares, else the page's ``og:locale`` ("de_DE") or its
    ``Content-Language``."""
    root = tree.getroottree().getroot()
    language = root.get("lang") or root.get("xml:lang") or ""
    if not language.strip():
        # ... a language tag, not a charset some pages put there ("utf-8")
        language = next((tag for tag in _DECLARED_LOCALE(tree) if _LOCALE.fullmatch(tag.strip())), "")
    language = language.strip().lower().replace("_", "-")
    if language.startswith("en-us"):
        return False
    if language in ("", "en") or language.startswith(("zh", "ja", "ko", "hu")):
        return None
    return True


# a page without <html lang> may declare its language for sharing, or as HTTP's header would
_DECLARED_LOCALE = XPath(
    '//head/meta[@property="og:locale"]/@content'
    ' | //head/meta[translate(@http-equiv, "CONTENTLAGU", "contentlagu") = "content-language"]/@content'
)
_LOCALE = re.compile(r"[a-zA-Z]{2}(?:[-_][a-zA-Z]{2})?")


def _dates_at(text: str, day_first: bool | None = None) -> list[tuple[int, date]]:
    """``dates_in_text`` with where each date starts in ``text``."""
    found: list[tuple[int, date]] = []
    if not text.isascii():
        text = text.translate(ASCII_DIGITS)  # "١٠ أبريل ٢٠٢٥"
    for pattern, order in _TEXT_DATES:
        for match in pattern.finditer(text):
            a, b, c = match.groups()[-3:]
            try:
                if order == "era":
                    year = JAPANESE_ERAS[match[1]] + (1 if a == "元" else int(a))
                    day = date(year, int(b), int(c))
                elif order == "dmy thai":
                    day = date(common_era(2500 + int(c)), OTHER_MONTH_NUMBERS[b.lower()], int(a))
                elif order == "mdy":
                    day = date(int(c), _MONTHS[a.lower()], int(b))
                elif order == "dmy":
                    day = date(int(c), _MONTHS[b.lower()], int(a))
                elif order == "dmy jalali":
                    day = from_jalali(int(c), JALALI_MONTH_NUMBERS[b], int(a))
                elif order == "ymd jalali":
                    day = from_jalali(int(a), int(b), int(c))
                elif order == "dmy other":
                    day = date(common_era(int(c)), OTHER_MONTH_NUMBERS[b.lower()], int(a))
                elif order == "ymd other":
                    day = date(int(a), OTHER_MONTH_NUMBERS[b.lower()], int(c))
                elif order == "ydm other":
                    day = date(int(a), OTHER_MONTH_NUMBERS[c.lower()], int(b))
                elif order == "dmy numbers":
                    day = date(int(c), int(b), int(a))
                elif order == "numeric":
                    first, second = int(a), int(b)
                    if first != second and first <= 12 and second <= 12:
                        # 05/06/2024: May 6 or 5 June, as the page's language writes it
                        if day_first is None:
                            continue
                        first, second = (second, first) if day_first else (first, second)
                    day = date(int(c), first, second) if first <= 12 else date(int(c), second, first)
                else:
                    day = date(int(a), int(b), int(c))
            except (KeyError, ValueError):
                continue
            found.append((match.start(), day))
    return sorted(found, key=lambda item: item[0])


def _publication_dates_at(text: str, day_first: bool | None) -> list[tuple[int, date]]:
    """``_dates_at`` without the dates before ``_EARLIEST_SHOWN``: those a page's publication may
    be."""
    return [(start, day) for start, day in _dates_at(text, day_first) if day >= _EARLIEST_SHOWN]


def _shown_in(text: str, day_first: bool | None, updates: set[date], plain: set[date], before: str = "") -> list[date]:
    """The dates of ``text`` (``dates_in_text``), each noted among ``updates`` when a label just
    before it says it is an update's ("Updated May 2, 2024", "Aktualisiert: 2. Mai 2024", "수정
    2025.03.04"), else among ``plain``. ``before`` is the text the page shows just before
    ``text``, where the label of its first date may stand ("<span>Updated</span> <time>...")."""
    found = _publication_dates_at(text, day_first)
    prefix = f"{before} " if before else ""
    for start, day in found:
        # the digits of other scripts are read one for one: positions are the same in ``text``
        labelled = _labelled(prefix + text[:start]) or _UPDATE_LABEL_AFTER.match(text, start) is not None
        (updates if labelled else plain).add(day)
    return [day for _, day in found]


# Japanese and Chinese may label an update after its date: "2024年3月16日 更新", "2024/03/16 11:00 更新"
# (not the label of the next date: "2024年3月15日 更新日：2024年3月16日")
_UPDATE_LABEL_AFTER = re.compile(
    r"[0-9０-９年月日時分:：/.\s-]{0,30}(?:に)?更新(?![日时時間间]{0,2}\s*[:：]?\s*[0-9０-９])"
)


# ... so an update's label right after a date is that date's, not the next one's
_TRAILING_UPDATE_LABEL = re.compile(r"[0-9０-９日分]\s*(?:に)?更新[\s:：.,|–—-]*$")


def _labelled(preceding: str, label: re.Pattern[str] = _UPDATE_LABEL) -> bool:
    """Whether ``preceding``, the text before a date, ends with an update's label (or another
    ``label``)."""
    preceding = preceding[-_LABEL_CHARS:]
    if label is _UPDATE_LABEL and _TRAILING_UPDATE_LABEL.search(preceding):
        return False
    return label.search(preceding) is not None


def _text_before(element: HtmlElement) -> str:
    """The text just before ``element`` inside its parent: its preceding siblings' and their
    tails, and the parent's own text (a label is a few words: the last ``_LABEL_CHARS``)."""
    pieces: list[str] = []
    for sibling in element.itersiblings(preceding=True):
        if len(sibling) > _LABEL_MAX_CHILDREN:
            break  # a block of its own, not a label: its text is not read
        pieces += [sibling.tail or "", sibling.text_content() if isinstance(sibling.tag, str) else ""]
        if sum(map(len, pieces)) >= _LABEL_CHARS:
            break
    else:
        parent = element.getparent()
        pieces.append((parent.text or "") if parent is not None else "")
    return " ".join(reversed(pieces))


def without_dates(text: str) -> str:
    """``text`` with each date that ``dates_in_text`` reads in it replaced by a space (and the
    digits of other scripts written as ASCII ones)."""
    if not text.isascii():
        text = text.translate(ASCII_DIGITS)
    for pattern, _ in _TEXT_DATES:
        text = pattern.sub(" ", text)
    return text


def shown_dates(tree: HtmlElement, lenient: bool = False) -> list[date]:
    """The dates the page shows with its story, first ones first: ``<time>`` elements and
    elements whose class names a date or a byline, outside comments, menus, teasers and
    quotes (an embedded post's date is its own).

    ``lenient`` ignores the classes of ``<body>`` (page-wide: "has-sidebar", "mega-menu") and
    of page-builder wrappers ("elementor-widget") when telling the story from the rest."""
    return _shown_dates(tree, lenient).days


@dataclass(frozen=True)
class _Shown:
    """The days a page shows with its story (``shown_dates``), and those of them it shows only
    as an update's, after a label ("Updated May 5")."""

    days: list[date]
    updates: frozenset[date]


def _shown_dates(tree: HtmlElement, lenient: bool) -> _Shown:
    days: list[date] = []
    day_first = page_day_first(tree)
    updates: set[date] = set()  # days the page shows as an update's
    plain: set[date] = set()  # days it shows otherwise
    # the elements share their ancestors: each is judged once; the headline's containers below
    # <body> are the story's, whatever their class says ("article--sidebar-right")
    judged: dict[HtmlElement, bool] = {
        holder: False for holder in headline_holders(tree) if holder.tag not in ("body", "html")
    }
    mastheads = _mastheads(tree)
    judged.update((masthead, True) for masthead in mastheads)

    def off_story(ancestor: HtmlElement) -> bool:
        if ancestor not in judged:
            judged[ancestor] = _off_story_container(ancestor, lenient)
        return judged[ancestor]

    for element in _SHOWN_DATE_ELEMENTS(tree):
        if element.tag != "time" and not _names_match(
            _DATE_CLASS, _DATE_CLASS_LOWER, f"{element.get('class', '')} {element.get('id', '')}"
        ):
            continue
        if any(off_story(ancestor) for ancestor in element.iterancestors()):
            continue
        text = element.text_content()
        if collapsed_length(text) > 200:  # templates indent a short line with runs of spaces
            continue
        # the label of its date may stand before the element: read only where a date may be
        before = _text_before(element) if element.tag == "time" or _DIGIT.search(text) else ""
        found = _shown_in(text, day_first, updates, plain, before)
        if not found and element.tag == "time" and (iso := iso_date(element.get("datetime", ""))):
            # a <time> that shows no date of its own, or one in words the page's language uses
            found = [date.fromisoformat(iso[:10])]
            (updates if not text.strip() and _labelled(before) else plain).add(found[0])
        days.extend(day for day in found if day not in days)
        if len(days) >= _MAX_SHOWN:
            return _updates_last(days, updates - plain)
    # the date line under the headline often has no telling class: read the headline's block
    if (h1 := story_headline(tree)) is not None:
        block = h1.getparent()
        text = None  # the story text of ``block`` when it has been read
        for _ in range(2):  # up to two levels up while the block is short
            if block is None or block.tag == "body":
                break
            text = _story_text(block, _HEADLINE_BLOCK_CHARS, mastheads)
            if len(text) >= _HEADLINE_BLOCK_CHARS:
                break
            block, text = block.getparent(), None
        if block is not None and block.tag not in ("html", "head"):
            head = (text if text is not None else _story_text(block, _HEADLINE_BLOCK_CHARS, mastheads))[
                :_HEADLINE_BLOCK_CHARS
            ]
            # the block holds the date elements read above: what they said of their days stands
            head_updates: set[date] = set()
            head_plain: set[date] = set()
            found = _shown_in(head, day_first, head_updates, head_plain)
            updates.update(head_updates.difference(days))
            plain.update(head_plain.difference(days))
            days.extend(day for day in found if day not in days)
    return _updates_last(days, updates - plain)


def _updates_last(days: list[date], updates: set[date]) -> _Shown:
    """``days`` with those the page only shows as an update's after the others: a page that shows
    "Updated May 5" above "Published May 3" was published on May 3."""
    ordered = [day for day in days if day not in updates] + [day for day in days if day in updates]
    return _Shown(ordered, frozenset(updates))


def _off_story_container(element: HtmlElement, lenient: bool) -> bool:
    if lenient and element.tag in ("body", "html"):
        return False
    names = _without_taxonomy(f"{element.get('class', '')} {element.get('id', '')}")
    if lenient:
        names = _PAGE_BUILDER_CLASS.sub(" ", names)
    return element.tag in ("nav", "footer", "aside", "blockquote") or _names_match(_NOT_STORY, _NOT_STORY_LOWER, names)


def _mastheads(tree: HtmlElement) -> list[HtmlElement]:
    """The ``<header>`` elements before the first ``<h1>`` that do not hold it: the site's
    masthead, which shows today's date ("jeudi 6 mars 2025"), not the story's."""
    found: list[HtmlElement] = []
    for element in tree.iter("header", "h1"):
        if element.tag == "h1":
            holders = set(element.iterancestors("header"))
            return [header for header in found if header not in holders]
        found.append(element)
    return []


def _names_match(pattern: re.Pattern[str], lower_pattern: re.Pattern[str], names: str) -> bool:
    """``pattern.search(names)``, for a case-insensitive ``pattern`` of lower-case words and its
    case-sensitive ``lower_pattern``; on ASCII text, lower-casing is all that case-insensitive
    matching does."""
    if names.isascii():
        return lower_pattern.search(names.lower()) is not None
    return pattern.search(names) is not None


def _story_text(element: HtmlElement, enough: int, skip: Collection[HtmlElement] = ()) -> str:
    """The text nodes under ``element`` that are part of the story, joined by spaces, read in
    document order until there are at least ``enough`` characters (the headline's block can
    be the whole page: only its start is read), without the elements in ``skip``."""
    if any(_outside_story(e) for e in (element, *element.iterancestors())):
        return ""
    pieces: list[str] = []
    length = -1  # the spaces between pieces
    # (element, its text) first, then its children and their tails, depth first
    stack: list[HtmlElement | str] = [element]
    while stack and length < enough:
        item = stack.pop()
        if isinstance(item, str):
            if not item.strip():
                continue  # the layout's indentation is no text
            pieces.append(item)
            length += len(item) + 1
            continue
        later: list[HtmlElement | str] = []
        if isinstance(item.tag, str) and not (item is not element and (_outside_story(item) or item in skip)):
            if item.text:
                later.append(item.text)
            later.extend(item)
        if item is not element and item.tail:
            later.append(item.tail)
        stack.extend(reversed(later))
    return " ".join(pieces)


def _outside_story(element: HtmlElement) -> bool:
    if element.tag in _NOT_STORY_TAGS:
        return True
    names = _without_taxonomy(element.get("class", ""))
    return bool(names) and any(name in names for name in _NOT_STORY_CLASSES)


def _without_taxonomy(names: str) -> str:
    """Class names without a post's category and tag classes (``_TAXONOMY_CLASS``)."""
    return _TAXONOMY_CLASS.sub(" ", names) if "-" in names else names


def publication_date(
    published: str | None, modified: str | None, tree: HtmlElement, url: str, news: bool = False
) -> str | None:
    """The article's publication date, ISO 8601, or ``None``.

    ``published`` and ``modified`` are the declared dates (ISO 8601), ``tree`` the page and
    ``url`` its URL; ``news``: the page declares a news article. A date in the URL's path that
    a declared date falls on, or next to (time zones), is the day the site published on, unless
    the page shows the declared day and not the URL's (the URL's is the day the story was filed
    under).
    Otherwise a declared date that the page also shows wins, the published one first. A shown
    modification date after the declared publication is an update when the page labels it so
    ("Updated ...") or is a newsroom's (a live ticker shows its latest entry's time): the
    publication stays; a blog post or a guide that shows only its latest revision's date, with
    no label, is dated by it, as its readers see it. A declared UTC time that the
    page shows on the neighbouring day is read as the day the page shows; then, a page whose
    shown dates match no declared date is dated by the first one it shows, unless that one is
    an update or the page's furniture (``_shows_update``) or the page shows ``_LISTED_DAYS``
    days or more (a list's), else by the declared publication
    date. A page that declares only a modification date and shows none has no publication
    date. Without declared dates, the URL's date, the first date shown with the story, then a
    date the story's text gives after a publication's label ("Published on ...") below the
    headline, then htmldate's reading of the page's markup (which may find a sidebar's or the
    masthead's date). Raises nothing.
    """
    in_url = url_date(url)
    if in_url:
        near = [declared for declared in (published, modified) if declared and _day_apart(declared, in_url) <= 1]
        if near:
            if same_day := next((declared for declared in near if _day_apart(declared, in_url) == 0), None):
                return same_day  # the declared time, on the URL's day
            # a neighbouring day: a time zone's, or the day the story was filed under; the day
            # the page shows decides, else the URL's
            days = shown_dates(tree, lenient=not published)
            if in_url not in days:
                return next(
                    (declared for declared in near if date.fromisoformat(declared[:10]) in days), in_url.isoformat()
                )
            return in_url.isoformat()
    if published and (not modified or modified[:10] == published[:10]) and _utc_hour(published) is None:
        # nothing to choose between, and the time is the site's own: spare the walk over the page
        return published
    # with a declared publication date, a wider reading mostly finds the "Updated" line, which
    # would outvote it; without one, the shown date is the only evidence
    shown = _shown_dates(tree, lenient=not published)
    days = shown.days
    if modified and not published and days:
        modified_day = date.fromisoformat(modified[:10])
        if modified_day in days and days[0] < modified_day:
            return days[0].isoformat()  # the page shows its publication before the declared modification
    for declared in (published, modified):
        if declared and (day := date.fromisoformat(declared[:10])) in days:
            # the page's date line shows the revision first; a date further down is no date line
            updated = news or day in shown.updates or day != days[0]
            if declared is modified and published and updated and _shows_update(day, published, None):
                return published  # the page shows its "Updated" line: the publication is the declared one
            return declared
    for declared in (published, modified):
        if declared and (local := _local_day(declared, days)):
            return local.isoformat()
    if published:
        # a page that shows many other days and none declared shows a list's (other posts', a
        # forum's), not its own date line
        listed = len(days) >= _LISTED_DAYS
        return (
            days[0].isoformat()
            if days and not listed and not _shows_update(days[0], published, modified)
            else published
        )
    if modified and not days:
        # a modification is no publication, but the date line under the headline is one, if
        # it comes no later than the modification (a later one is a comment's or a teaser's)
        under = _date_under_headline(tree)
        return under if under is not None and under <= modified[:10] else None
    if in_url:
        return in_url.isoformat()
    if days:
        return days[0].isoformat()
    return _date_under_headline(tree) or _labelled_date(tree) or _htmldate(tree, url)


def _date_under_headline(tree: HtmlElement) -> str | None:
    """The first date the page's text shows right under its headline (within
    ``_UNDER_HEADLINE_CHARS``), where its date line stands ("25.10.2025 - 15:26 Uhr"), else
    ``None``: the story's own, where no element names it as a date."""
    text = _text_after_headline(tree, _UNDER_HEADLINE_CHARS)
    days = _publication_dates_at(text[:_UNDER_HEADLINE_CHARS], page_day_first(tree)) if text else []
    return days[0][1].isoformat() if days else None


def _labelled_date(tree: HtmlElement) -> str | None:
    """The first date the page's text shows after its headline with a publication's label
    ("Published on Oct 21, 2025", "Posted: 2/24/2026"), else ``None``: before the headline,
    menus list other posts' dates, and after it the story's own comes first."""
    text = _text_after_headline(tree, _LABELLED_DATE_CHARS)
    return next(
        (
            day.isoformat()
            for start, day in _publication_dates_at(text, page_day_first(tree))
            if _labelled(text[:start], _PUBLISHED_LABEL)
        ),
        None,
    )


def _text_after_headline(tree: HtmlElement, chars: int) -> str:
    """About ``chars`` characters of the page's own text after its headline (``_NOT_TEXT_TAGS``
    left out), its text nodes joined by spaces; empty where it has no headline."""
    if (h1 := story_headline(tree)) is None:
        return ""
    pieces: list[str] = []
    length = 0
    for node in _FOLLOWING_TEXT(h1):
        owner = node.getparent()
        if owner is not None and node.is_tail:
            owner = owner.getparent()
        # the layout's indentation is no text: it would use up the budget before the date line
        if owner is None or not node.strip() or any(e.tag in _NOT_TEXT_TAGS for e in (owner, *owner.iterancestors())):
            continue
        pieces.append(node)
        length += len(node) + 1
        if length >= chars:
            break
    return " ".join(pieces)


def _shows_update(shown: date, published: str, modified: str | None) -> bool:
    """Whether the date a page shows first, when it shows none of its declared dates, is the
    date of an update (or of the page's furniture) rather than of the publication: later than
    the declared publication and, when the page declares one, on or after the modification."""
    if shown <= date.fromisoformat(published[:10]):
        return False
    return modified is None or shown >= date.fromisoformat(modified[:10])


def url_date(url: str) -> date | None:
    """The date written in a URL's path (``/2024/05/01/slug``, ``/2024-05-01-slug``,
    ``/2024/may/01/slug``, a section between the year and the month: ``/2010/POLITICS/08/13/slug``,
    the day first where it can be no month: ``/meldungen/29-10-2021``) or, failing that, opening
    a query's value (``?a=20170309-35097838``), else ``None``."""
    parts = urlsplit(url)
    found = _path_date(parts.path)
    if found is None and (match := _URL_QUERY_DATE.search(parts.query)):
        found = _path_date(f"/{match[1]}/{match[2]}/{match[3]}/")
    return found


def _path_date(path: str) -> date | None:
    for pattern in _URL_DATES:
        if match := pattern.search(path):
            month = match[2]
            try:
                return date(int(match[1]), int(month) if month.isdigit() else _MONTHS[month.lower()], int(match[3]))
            except (KeyError, ValueError):
                return None
    if (match := _URL_DAY_FIRST.search(path)) and int(match[1]) > _MONTHS_IN_YEAR:
        # (a day of 12 or less may be the month of a date written month first: no date)
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            return None
    return None


# a query value that opens with the date, as some portals name a story: "?a=20170309-35097838-cnetj-sci"
_URL_QUERY_DATE = re.compile(r"=((?:19|20)\d\d)(0[1-9]|1[0-2])([0-3]\d)(?=[_.-]|&|$)")
# the day, the month and the year as a path segment or its start: "/29-10-2021", "/29.10.2021-slug"
_URL_DAY_FIRST = re.compile(r"/([0-3]\d)[-_.]([01]\d)[-_.]((?:19|20)\d\d)(?=[/_.-]|$)")
_MONTHS_IN_YEAR = 12


def _day_apart(declared: str, day: date) -> int:
    return abs((date.fromisoformat(declared[:10]) - day).days)


def _utc_hour(declared: str) -> int | None:
    # a time with a zero offset is often the server's UTC clock, not the newsroom's
    if len(declared) <= 10 or not declared.endswith(("+00:00", "Z")):
        return None
    try:
        return datetime.fromisoformat(declared).hour
    except ValueError:
        return None


def _local_day(declared: str, days: list[date]) -> date | None:
    """The shown day that a declared UTC time falls on in the site's time zone: the day before
    for a morning time (the Americas), the day after for an evening one (Asia, Oceania)."""
    hour = _utc_hour(declared)
    if hour is None:
        return None
    shift = -1 if hour < 12 else 1
    local = date.fromisoformat(declared[:10]) + timedelta(days=shift)
    return local if local in days else None


def _htmldate(tree: HtmlElement, url: str) -> str | None:
    # htmldate reads URL patterns and date elements when the page declares no date; its
    # extensive search (free text) costs several times a whole extraction, so it stays off.
    try:
        found = find_date(tree, url=url, original_date=True, extensive_search=False)
    except Exception:  # htmldate is best effort; a missing date is not a failed page
        return None
    return found if isinstance(found, str) else None
