"""Publication dates: written-out dates, the dates a page shows, and the choice between declared ones."""

from __future__ import annotations

from datetime import date

import pytest
from lxml.html import HtmlElement, document_fromstring

from archiver.extraction.dates import dates_in_text, publication_date, shown_dates, url_date
from archiver.extraction.fields import MODIFIED_META, PUBLISHED_META, structured_date
from archiver.extraction.html import story_headline

URL = "https://news.example.com/council-approves-budget"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Updated May 1, 2024 at 9:30", [date(2024, 5, 1)]),
        ("Published 3rd of June 2024", [date(2024, 6, 3)]),
        ("Sept. 9 2023 | 2023-09-10", [date(2023, 9, 9), date(2023, 9, 10)]),
        ("2024/02/30 is no day", []),
        ("05/06/2024 is ambiguous", []),
        ("Posted 2/24/2026", [date(2026, 2, 24)]),
        ("17.05.2021 | 12.12.2025", [date(2021, 5, 17), date(2025, 12, 12)]),
        ("31/02/2024", []),
        ("no date here", []),
        # the months of other European languages, the day first
        ("publiziert am 25. September 2018", [date(2018, 9, 25)]),
        ("Aktualisiert 3. März 2024, 10:30 Uhr", [date(2024, 3, 3)]),
        ("Publié le 1er août 2023", [date(2023, 8, 1)]),
        ("3 de mayo de 2024", [date(2024, 5, 3)]),
        ("1º de maio de 2024", [date(2024, 5, 1)]),
        ("12 maggio 2024 alle 10:00", [date(2024, 5, 12)]),
        ("17 maart 2021", [date(2021, 3, 17)]),
        ("2. desember 2024", [date(2024, 12, 2)]),
        ("5 мая 2024", [date(2024, 5, 5)]),
        ("12 października 2023", [date(2023, 10, 12)]),
        ("3. května 2024", [date(2024, 5, 3)]),
        ("14 Şubat 2025", [date(2025, 2, 14)]),
        ("5. toukokuuta 2024", [date(2024, 5, 5)]),
        # and of languages in other scripts, with their own digits too
        ("Оновлено 10 квітня 2025", [date(2025, 4, 10)]),
        ("10 Απριλίου 2025", [date(2025, 4, 10)]),
        ("10 अप्रैल 2025", [date(2025, 4, 10)]),
        ("१० अप्रैल २०२५", [date(2025, 4, 10)]),
        ("١٠ أبريل ٢٠٢٥", [date(2025, 4, 10)]),
        ("الخميس 10 كانون الثاني 2025", [date(2025, 1, 10)]),
        ("10 באפריל 2025", [date(2025, 4, 10)]),
        ("10 Mei 2025", [date(2025, 5, 10)]),
        ("10. travnja 2025.", [date(2025, 4, 10)]),
        ("10. aprila 2025", [date(2025, 4, 10)]),
        ("10. aprill 2025", [date(2025, 4, 10)]),
        ("१० एप्रिल २०२५", [date(2025, 4, 10)]),
        ("১০ এপ্রিল ২০২৫", [date(2025, 4, 10)]),
        ("10 ஏப்ரல் 2025", [date(2025, 4, 10)]),
        ("10 اپریل 2025", [date(2025, 4, 10)]),
        ("۱۰ آوریل ۲۰۲۵", [date(2025, 4, 10)]),
        # Icelandic, Serbian in Cyrillic, Macedonian; Lithuanian and Latvian write the year first
        ("10. apríl 2025", [date(2025, 4, 10)]),
        ("10. мај 2025.", [date(2025, 5, 10)]),
        ("10 октомври 2025", [date(2025, 10, 10)]),
        ("2025 m. balandžio 10 d. 08:00", [date(2025, 4, 10)]),
        ("2025. gada 10. aprīlī", [date(2025, 4, 10)]),
        # a Thai year is the Buddhist era's: 2568 is 2025
        ("10 เมษายน 2568", [date(2025, 4, 10)]),
        ("วันที่ 10 เม.ย. 2568 เวลา 08:00 น.", [date(2025, 4, 10)]),
        # the Iranian calendar, by its months' names and in numbers year first (1403 is a leap
        # year: its Esfand has 30 days)
        ("دوشنبه ۱۳ اسفند ۱۴۰۳ - ۱۴:۰۵", [date(2025, 3, 3)]),
        ("۱۴۰۳/۱۲/۱۳", [date(2025, 3, 3)]),
        ("1 فروردین 1404", [date(2025, 3, 21)]),
        ("30 اسفند 1403", [date(2025, 3, 20)]),
        ("2 تير 1399 - 12:09:08 ب.ظ", [date(2020, 6, 22)]),  # the month in Arabic yeh
        ("30 اسفند 1404", []),
        # ... but an Islamic year (1446 is 2024) is not the Iranian calendar's; the Arabic "م"
        # after a year marks the common era
        ("١٤٤٦/٠٩/٠٣هـ - ٠٣ مارس ٢٠٢٥م", [date(2025, 3, 3)]),
        # Korean dates with spaces after the dots, Japanese eras, Thai two-digit years
        ("입력 2025. 3. 4. 08:30", [date(2025, 3, 4)]),
        ("令和7年3月3日", [date(2025, 3, 3)]),
        ("令和元年5月1日", [date(2019, 5, 1)]),
        ("3 มี.ค. 68 - 14:20 น.", [date(2025, 3, 3)]),
        # months abbreviated in Spanish, Portuguese, Italian, French and Dutch, with hyphens too
        ("FlowGuard EMEA on 04-ago-2021 5:11:10", [date(2021, 8, 4)]),
        ("4 de ago. de 2021", [date(2021, 8, 4)]),
        ("Publicado 12 out 2023", [date(2023, 10, 12)]),
        ("12 gen 2022 · 3 mag 2023", [date(2022, 1, 12), date(2023, 5, 3)]),
        ("publié le 4 déc. 2021", [date(2021, 12, 4)]),
        ("4 mrt 2021", [date(2021, 3, 4)]),
        # ... in Polish, Russian, Ukrainian, Turkish, Greek and Indonesian, and Catalan's "d'"
        ("4 paź 2021 · 5 авг. 2021 · 6 серп. 2021", [date(2021, 10, 4), date(2021, 8, 5), date(2021, 8, 6)]),
        ("4 Ağu 2021 · 5 Αυγ 2021 · 6 Agu 2021", [date(2021, 8, 4), date(2021, 8, 5), date(2021, 8, 6)]),
        ("4 d'agost de 2021", [date(2021, 8, 4)]),
        # Hungarian writes the year first, Vietnamese the month in numbers
        ("2021. augusztus 4. 10:15", [date(2021, 8, 4)]),
        ("2024. márc. 3.", [date(2024, 3, 3)]),
        ("Thứ tư, ngày 4 tháng 8 năm 2021", [date(2021, 8, 4)]),
        # Czech, Slovak, Croatian and Austrian dates with a space after each dot, the day first
        ("06. 01. 2026, 14:59 Uhr", [date(2026, 1, 6)]),
        ("Aktualizováno 6. 1. 2026", [date(2026, 1, 6)]),
    ],
)
def test_dates_in_text(text: str, days: list[date]) -> None:
    assert dates_in_text(text) == days


def page(header: str, extra: str = "") -> str:
    return (
        '<html><head><script type=\'application/ld+json\'>{"dateModified": "2020-01-01"}</script></head><body>'
        f"<article><header><h1>Council approves the budget</h1>{header}</header><p>Text.</p>"
        f"<div class='comments'><span class='date'>June 9, 2024</span></div></article>{extra}</body></html>"
    )


def test_shown_dates_read_the_date_line_not_comments_or_scripts() -> None:
    tree = document_fromstring(page("<p>By Ann Lee · Updated March 4, 2024</p>"))
    assert shown_dates(tree) == [date(2024, 3, 4)]
    tree = document_fromstring(page("<span class='post-date'>2024-03-02</span>"))
    assert shown_dates(tree) == [date(2024, 3, 2)]


def test_a_date_line_in_a_story_laid_out_beside_a_sidebar_and_indented_by_its_template() -> None:
    # the story's container names the layout ("--sidebar-right"), not a sidebar; the template
    # indents the short date line with hundreds of spaces
    indent = "\n" + " " * 40
    meta = f"<div class='m-article__meta'>{indent}by{indent}<span>Ann Lee</span>{indent}on{indent}<span>Jan 22, 2025</span>{indent}</div>"
    html = (
        "<html><body><section class='m-article m-article--sidebar-right'><article>"
        f"<h1>Council approves the budget</h1>{meta}<p>Text.</p></article></section>"
        "<aside class='sidebar'><span class='date'>March 3, 2025</span></aside></body></html>"
    )
    assert shown_dates(document_fromstring(html), lenient=True) == [date(2025, 1, 22)]


def test_a_date_in_a_pictures_caption_is_not_the_storys() -> None:
    caption = "<figure><img src='/a.jpg'><figcaption>Caracas on 3 January 2026.</figcaption></figure>"
    tree = document_fromstring(page(f"{caption}<p>6 January 2026</p>"))
    assert shown_dates(tree) == [date(2026, 1, 6)]


def test_a_declared_date_the_page_shows_wins_but_an_update_is_no_publication() -> None:
    # the page shows its "Updated" line: it was published on the declared day before
    shows_modified = document_fromstring(page("<p>Updated March 4, 2024</p>"))
    assert publication_date("2023-01-10", "2024-03-04T10:00:00+00:00", shows_modified, URL) == "2023-01-10"
    # a modification date the page shows, with no declared publication, is the date it has
    assert publication_date(None, "2024-03-04T10:00:00+00:00", shows_modified, URL) == "2024-03-04T10:00:00+00:00"
    shows_both = document_fromstring(page("<p>March 4, 2024 (first published January 10, 2023)</p>"))
    assert publication_date("2023-01-10", "2024-03-04", shows_both, URL) == "2023-01-10"
    shows_none = document_fromstring(page(""))
    assert publication_date("2023-01-10", "2024-03-04", shows_none, URL) == "2023-01-10"


def test_only_a_modification_date_and_nothing_shown_is_no_publication_date() -> None:
    assert publication_date(None, "2024-03-04", document_fromstring(page("")), URL) is None


def test_without_declared_dates_the_shown_date_then_htmldate() -> None:
    tree = document_fromstring(page("<p>By Ann Lee, 4 March 2024</p>"))
    assert publication_date(None, None, tree, URL) == "2024-03-04"
    bare = document_fromstring(page(""))
    assert publication_date(None, None, bare, "https://news.example.com/2022/07/15/council-approves") == "2022-07-15"


def test_the_date_line_right_under_the_headline_dates_a_page_that_declares_none_and_marks_none() -> None:
    story = "<p>" + "Die Sprengung der Kühltürme markiert das Ende einer Ära. " * 20 + "</p>"
    # the headline nested in wrappers of its own, the date line in the next one
    tree = document_fromstring(
        "<html lang='de'><body><div><div class='head'><div class='titles'><div class='inner'>"
        "<h1>Kühltürme von AKW Gundremmingen gesprengt</h1></div></div></div>"
        f"<div class='details'><div><span>25.10.2025 - 15:26 Uhr</span></div></div>{story}</div></body></html>"
    )
    assert publication_date(None, None, tree, URL) == "2025-10-25"


def press_release(indent: str = "\n" + " " * 40) -> HtmlElement:
    # the German federal sites' layout: a headline for screen readers above the menu, the
    # story's headline in wrappers of its own, then "Datum" and its date in deeply indented markup
    story = "<p>" + "Das Bundesamt hat eine neue Karte zur Lage in Deutschland veröffentlicht. " * 10 + "</p>"
    return document_fromstring(
        "<html lang='de'><body><h1 class='aural'>Navigation und Service</h1>"
        "<ul><li><a href='/presse'>Presse</a></li></ul><div id='content'>"
        "<div class='intro'><div class='intro-content'><div class='intro-inner'>"
        "<h1>Radon im Boden: Neue Karte gibt Orientierung</h1></div></div></div>"
        + indent * 12
        + f"<p>{indent}<strong>Ort</strong>{indent}<span>Salzgitter</span>{indent}"
        + f"<strong>Datum</strong>{indent}<span>25.01.2022</span>{indent}</p>{story}</div></body></html>"
    )


def test_the_date_line_under_a_press_releases_headline_dates_it_past_a_hidden_headline_and_indentation() -> None:
    tree = press_release()
    assert story_headline(tree).text == "Radon im Boden: Neue Karte gibt Orientierung"
    assert publication_date(None, None, tree, URL) == "2022-01-25"
    # a page that declares only its modification is dated by the date line under its headline,
    # where that comes no later
    assert publication_date(None, "2022-01-28T11:05:37", tree, URL) == "2022-01-25"
    assert publication_date(None, "2022-01-20T11:05:37", tree, URL) is None


def test_a_date_the_story_tells_of_is_no_publication_date() -> None:
    # the story's highlights under the headline date what it is about, not when it was written
    tree = document_fromstring(
        "<html><body><div><h1>Democrats to use Social Security against GOP this fall</h1>"
        "<ul><li>The Social Security Act was signed into law on August 14, 1935</li></ul>"
        f"<p>{'Democrats pledged Friday to keep Social Security in place. ' * 20}</p></div></body></html>"
    )
    assert shown_dates(tree) == []
    assert publication_date(None, None, tree, URL) is None
    # a declared date that old stands: an archive's scanned edition declares its day
    assert publication_date("1851-09-18", None, tree, URL) == "1851-09-18"


def test_the_headline_blocks_indentation_is_not_read_as_its_text() -> None:
    indent = "\n" + " " * 200
    tree = document_fromstring(
        f"<html><body><div><h1>Radon im Boden: Neue Karte gibt Orientierung</h1>{indent * 10}"
        f"<p>Datum 25.01.2022</p><p>{'Das Bundesamt hat eine neue Karte veröffentlicht. ' * 40}</p></div></body></html>"
    )
    assert shown_dates(tree) == [date(2022, 1, 25)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("<span>Published on Oct 21, 2025</span><span>Updated on Mar 9, 2026</span>", "2025-10-21"),
        ("<p>Veröffentlicht am 3. Mai 2024</p>", "2024-05-03"),
        ("<p>Erstellt am 3. Mai 2024</p>", "2024-05-03"),
        # a date the story's text gives with no publication's label is the story's subject
        ("<p>The bridge opened on Oct 21, 2025.</p>", None),
        ("<p>Released on Oct 21, 2025</p>", None),
    ],
)
def test_a_labelled_publication_date_far_from_the_headline_dates_a_page_that_declares_none(line, expected) -> None:
    story = "<p>" + "Words of the story. " * 100 + "</p>"
    tree = document_fromstring(
        f"<html><body><h1>Ten cloud providers</h1>{story}<div><div>{line}</div></div></body></html>"
    )
    assert publication_date(None, None, tree, URL) == expected


def test_a_labelled_publication_date_wins_over_the_date_of_the_pages_furniture() -> None:
    # no date declared or shown with the story; htmldate's reading of the markup gives another
    # post's date in the sidebar, while the story's source box labels its publication
    tree = document_fromstring(
        "<html lang='de'><body><header><div class='today'>Montag, 09.12.2019</div></header>"
        "<h1>Neuer Chorleiter gewählt</h1><p>" + "Der Chor hat einen neuen Leiter. " * 40 + "</p>"
        "<div class='sidebar'><div class='widget_article_info'><strong>Quelle</strong><br> VERÖFFENTLICHT AM "
        "07.06.2019</div></div><aside><h3>Neueste Beiträge</h3><a href='/x'>Ein anderer Beitrag</a> "
        "<span class='date'>08.12.2019</span></aside></body></html>"
    )
    assert publication_date(None, None, tree, "https://news.example/kultur/neuer-chorleiter") == "2019-06-07"


def test_a_persian_page_is_dated_by_the_iranian_calendar_it_shows() -> None:
    tree = document_fromstring(page("<div class='date'>دوشنبه ۱۳ اسفند ۱۴۰۳ - ۱۴:۰۵</div>"))
    assert publication_date(None, None, tree, URL) == "2025-03-03"


def test_the_headline_block_is_read_from_its_start_without_asides() -> None:
    long_story = "<p>" + "Words of the story. " * 400 + "December 1, 2023</p>"
    tree = document_fromstring(
        "<html><body><div><header><h1>Council approves the budget</h1></header>"
        "<aside>Most read: January 2, 2024</aside><p>Ann Lee, 4 March 2024</p>" + long_story + "</div></body></html>"
    )
    assert shown_dates(tree) == [date(2024, 3, 4)]


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://blog.example.com/2025/12/18/starship-troopers/", date(2025, 12, 18)),
        ("http://www.cnn.com/2010/POLITICS/08/13/democrats.social.security/index.html", date(2010, 8, 13)),
        ("https://blog.example.com/news/2024-05-01-council-budget", date(2024, 5, 1)),
        ("https://blog.example.com/2024/02/30/no-such-day/", None),
        ("https://blog.example.com/products/2024/best-laptops", None),
        # without separators
        ("https://www3.nhk.example/news/html/20250304/k10014.html", date(2025, 3, 4)),
        ("http://politics.people.example/n1/2025/0304/c1001-40430.html", date(2025, 3, 4)),
        ("https://news.example/id/20251399/", None),
        # the month's name in English
        ("https://www.example.com/world/2024/feb/24/council-budget", date(2024, 2, 24)),
        ("https://www.example.com/world/2024/mayor/24/council-budget", None),
        # the day first, where it can be no month
        ("https://verein.example/media-news/meldungen/29-10-2021", date(2021, 10, 29)),
        ("https://verein.example/termine/31.12.2020-silvester", date(2020, 12, 31)),
        ("https://verein.example/meldungen/05-06-2021", None),  # May 6 or 5 June
        # a query's value that opens with the date; the path's date comes first
        ("http://headlines.portal.example/hl?a=20170309-35097838-cnetj-sci", date(2017, 3, 9)),
        ("https://news.example/2024/05/01/slug?a=20170309-1", date(2024, 5, 1)),
        ("https://news.example/view?id=2017030912345", None),  # a number, not a date
    ],
)
def test_url_date(url: str, day: date | None) -> None:
    assert url_date(url) == day


def test_the_url_date_is_the_local_day_of_a_declared_utc_time() -> None:
    # posted in the evening in New York: the next day in UTC
    tree = document_fromstring(page(""))
    url = "https://blog.example.com/2025/12/18/starship-troopers/"
    assert publication_date("2025-12-19T02:41:41+00:00", None, tree, url) == "2025-12-18"
    # a URL date far from the declared one is some other date (an archive path, a re-post)
    assert publication_date("2025-12-29T02:41:41+00:00", None, tree, url) == "2025-12-29T02:41:41+00:00"


def test_a_declared_utc_time_is_read_on_the_day_the_page_shows() -> None:
    morning = document_fromstring(page("<p>By Ann Lee · December 18, 2025</p>"))
    assert publication_date("2025-12-19T02:41:41+00:00", None, morning, URL) == "2025-12-18"
    evening = document_fromstring(page("<p>By Ann Lee · December 20, 2025</p>"))
    assert publication_date("2025-12-19T22:00:00+00:00", None, evening, URL) == "2025-12-20"
    # a time with the site's own offset is already its local day
    local = document_fromstring(page("<p>By Ann Lee · December 18, 2025</p>"))
    assert publication_date("2025-12-19T02:41:41+01:00", None, local, URL) == "2025-12-19T02:41:41+01:00"


def test_a_page_showing_none_of_its_declared_dates_is_dated_by_the_one_it_shows() -> None:
    # the CMS stamped the page object on a redesign; the story shows when it was published
    tree = document_fromstring(page("<p>By Ann Lee · August 14, 2025</p>"))
    assert publication_date("2025-05-19T22:12:02+00:00", "2025-11-20T16:06:10+00:00", tree, URL) == "2025-08-14"
    assert publication_date(
        "2025-05-19T22:12:02+00:00", "2025-11-20T16:06:10+00:00", document_fromstring(page("")), URL
    ) == ("2025-05-19T22:12:02+00:00")


def test_without_a_declared_publication_date_page_wide_and_page_builder_classes_hide_no_date() -> None:
    # WordPress puts the theme's layout on <body>; Elementor wraps every block in a "widget"
    wordpress = document_fromstring(
        "<html><body class='single-post right-sidebar'><article><h1>Council approves the budget</h1>"
        "<div class='entry-meta'><time class='entry-date published'>April 2, 2024</time></div><p>Text.</p>"
        "</article></body></html>"
    )
    assert publication_date(None, "2024-04-04", wordpress, URL) == "2024-04-02"
    elementor = document_fromstring(
        "<html><body><div class='elementor-widget elementor-widget-post-info'><div class='elementor-widget-container'>"
        "<span class='elementor-post-info__item--type-date'>July 27, 2025</span></div></div>"
        "<h1>Council approves the budget</h1><p>Text.</p><div class='sidebar'><span class='date'>May 1, 2025</span></div>"
        "</body></html>"
    )
    assert publication_date(None, None, elementor, URL) == "2025-07-27"
    # a real sidebar still is one
    assert shown_dates(elementor, lenient=True) == [date(2025, 7, 27)]


def test_a_later_shown_date_is_no_publication_date_when_it_is_the_update_or_page_furniture() -> None:
    # the first date shown comes after the declared publication, on or after the modification
    furniture = document_fromstring(page("<p class='post-date'>December 4, 2025</p>"))
    # a newsroom's page that shows its latest version's time (a live ticker's) keeps its first publication
    assert publication_date("2024-02-27", "2025-12-04", furniture, URL, news=True) == "2024-02-27"
    assert publication_date("2018-06-12T07:00:00+00:00", None, furniture, URL) == "2018-06-12T07:00:00+00:00"


def test_a_guide_that_shows_only_its_revision_date_is_dated_by_it_unless_it_labels_it_an_update() -> None:
    shown = document_fromstring(page("<p class='post-date'>December 4, 2025</p>"))
    assert publication_date("2024-02-27", "2025-12-04T10:00:00", shown, URL) == "2025-12-04T10:00:00"
    # a page that shows other dates first (a forum's posts) has no date line to read so
    posts = document_fromstring(page("<p class='post-date'>May 3, 2025</p><p class='post-date'>December 4, 2025</p>"))
    assert publication_date("2024-02-27", "2025-12-04T10:00:00", posts, URL) == "2024-02-27"
    # the label may stand in an element of its own before the date's
    for line in (
        "<p class='post-date'>Updated December 4, 2025</p>",
        "<div><span>Updated</span> <time>December 4, 2025</time></div>",
        "<div class='meta'>Last updated: <time datetime='2025-12-04'>Dec 4, 2025 8:51pm</time></div>",
        "<ul><li><span>Updated</span><time datetime='2025-12-04'></time><span class='time'>20:49, 4 Dec 2025</span></li></ul>",
    ):
        tree = document_fromstring(page(line))
        assert publication_date("2024-02-27", "2025-12-04T10:00:00", tree, URL) == "2024-02-27", line


def test_a_date_in_a_quoted_post_is_not_the_story_s() -> None:
    # an embedded Instagram or X post is a <blockquote> with its own <time>
    embed = (
        "<blockquote class='instagram-media'><p>A post <time datetime='2018-03-27'>Mar 27, 2018</time></p></blockquote>"
    )
    tree = document_fromstring(page("", extra=f"<div class='entry'>{embed}</div>"))
    assert shown_dates(tree) == []
    assert publication_date("2018-05-23T15:30:00+00:00", None, tree, URL) == "2018-05-23T15:30:00+00:00"


def test_a_date_labelled_as_an_update_comes_after_the_others() -> None:
    # no declared dates: the page shows its update above its publication
    tree = document_fromstring(page("<p class='date'>Updated May 5, 2025</p><p class='date'>Published May 3, 2025</p>"))
    assert shown_dates(tree) == [date(2025, 5, 3), date(2025, 5, 5)]
    assert publication_date(None, None, tree, URL) == "2025-05-03"
    tree = document_fromstring(page("<p class='date'>Материал обновлён 20 февраля 2025 года</p><p>14 мая 2019</p>"))
    assert publication_date(None, None, tree, URL) == "2019-05-14"
    # ... in Finnish, Croatian, Greek, Lithuanian
    for update, published in (
        ("Päivitetty 17.5.2025", "Julkaistu 13.5.2025"),
        ("Ažurirano 17. svibnja 2025.", "Objavljeno 13. svibnja 2025."),
        ("Ενημερώθηκε 17 Μαΐου 2025", "Δημοσιεύθηκε 13 Μαΐου 2025"),
        ("Atnaujinta 2025 m. gegužės 17 d.", "Paskelbta 2025 m. gegužės 13 d."),
    ):
        tree = document_fromstring(page(f"<p class='date'>{update}</p><p class='date'>{published}</p>"))
        assert publication_date(None, None, tree, URL) == "2025-05-13", update
    # German news's "as of" ("Stand:") is an update's label; Japanese may write the label after the
    # date ("2025年5月17日 更新"), not the label of the next one ("更新日：")
    for shown in (
        "<p class='date'>Stand: 17.05.2025 09:00 Uhr | Veröffentlicht: 13.05.2025</p>",
        "<p class='date'>2025年5月17日 更新 / 2025年5月13日 公開</p>",
        "<p class='date'>2025/05/17 11:00 更新</p><p class='date'>2025/05/13 公開</p>",
        "<p class='date'>公開日：2025年5月13日 更新日：2025年5月17日</p>",
    ):
        assert publication_date(None, None, document_fromstring(page(shown)), URL) == "2025-05-13", shown
    # a time and a weekday between the label and the date
    shown = "<div class='timestamp'>Updated 4:12 PM EST, Wed March 5, 2025</div>"
    shown += "<div class='timestamp'>Published 9:30 AM EST, Mon March 3, 2025</div>"
    assert publication_date(None, None, document_fromstring(page(shown)), URL) == "2025-03-03"
    # a date after "updated" in a sentence, or after another date, is not labelled so
    assert shown_dates(document_fromstring(page("<p class='date'>Updated May 5, 2025 Published May 3, 2025</p>"))) == [
        date(2025, 5, 3),
        date(2025, 5, 5),
    ]


def test_a_declared_modification_alone_gives_way_to_an_earlier_date_the_page_shows() -> None:
    tree = document_fromstring(page("<p class='date'>03 mar 2025 | Actualizado: 06 mar 2025</p>"))
    assert publication_date(None, "2025-03-06T10:00:00+01:00", tree, URL) == "2025-03-03"


@pytest.mark.parametrize(
    ("lang", "shown", "day"),
    [
        ("de", "04.03.2025, 00:30 Uhr", date(2025, 3, 4)),
        ("vi", "Thứ ba, 4/3/2025", date(2025, 3, 4)),
        ("en-GB", "04/03/2025", date(2025, 3, 4)),
        ("en-US", "03/04/2025", date(2025, 3, 4)),
        # plain "en" is written by British and American sites alike: no reading
        ("en", "03/04/2025", None),
    ],
)
def test_a_numeric_date_either_way_round_is_read_as_the_pages_language_writes_it(
    lang: str, shown: str, day: date | None
) -> None:
    tree = document_fromstring(
        f"<html lang='{lang}'><body><article><h1>Council approves the budget</h1>"
        f"<p class='date'>{shown}</p><p>Text.</p></article></body></html>"
    )
    assert shown_dates(tree) == ([day] if day else [])


@pytest.mark.parametrize(
    ("head", "day"),
    [
        # no <html lang>: the language the page declares for sharing, or as HTTP's header would
        ('<meta property="og:locale" content="de_DE">', date(2025, 3, 4)),
        ('<meta property="og:locale" content="en_US">', date(2025, 4, 3)),
        ('<meta http-equiv="Content-Language" content="en-GB">', date(2025, 3, 4)),
        # ... but a charset where a language should be is none
        ('<meta http-equiv="content-language" content="utf-8">', None),
        ("", None),
    ],
)
def test_a_page_without_html_lang_reads_numeric_dates_as_its_declared_locale_writes_them(
    head: str, day: date | None
) -> None:
    tree = document_fromstring(
        f"<html><head>{head}</head><body><article><h1>Council approves the budget</h1>"
        "<p class='date'>04.03.2025</p><p>Text.</p></article></body></html>"
    )
    assert shown_dates(tree) == ([day] if day else [])


def test_the_sites_masthead_date_before_the_headline_is_not_the_storys() -> None:
    tree = document_fromstring(
        "<html lang='fr'><body><header class='site'><span class='today-date'>jeudi 6 mars 2025</span></header>"
        "<article><header><h1>Le conseil vote le budget</h1><p class='date'>4 mars 2025</p></header>"
        "<p>Texte.</p></article></body></html>"
    )
    assert shown_dates(tree) == [date(2025, 3, 4)]
    assert publication_date(None, None, tree, URL) == "2025-03-04"


def test_a_declared_date_a_day_off_the_url_s_wins_where_the_page_shows_it() -> None:
    # the URL carries the day the story was filed under; the page shows the day it was published
    url = "https://news.example.com/politics/2020/07/08/c3d22ec8_story.html"
    shown = document_fromstring(page("<span class='display-date'>July 9, 2020 at 6:04 a.m. EDT</span>"))
    assert publication_date("2020-07-09T10:04:04+00:00", None, shown, url) == "2020-07-09T10:04:04+00:00"
    # a page that shows neither day, or the URL's, is dated by its URL
    assert publication_date("2020-07-09T10:04:04+00:00", None, document_fromstring(page("")), url) == "2020-07-08"
    shown = document_fromstring(page("<span class='display-date'>July 8, 2020</span>"))
    assert publication_date("2020-07-09T01:04:04+00:00", None, shown, url) == "2020-07-08"


def test_a_page_that_shows_many_other_days_keeps_its_declared_date() -> None:
    # other posts' dates in blocks of no telling class: no date line of the story's own
    others = "".join(f"<p class='post-date'>{day}</p>" for day in ("May 3, 2021", "June 9, 2022", "April 1, 2023"))
    tree = document_fromstring(page("", extra=others))
    declared = "2023-10-28T09:13:48+00:00"
    assert publication_date(declared, None, tree, URL) == declared
    # one shown day, earlier than the declared one, is the page's own (a re-imported post's)
    tree = document_fromstring(page("<p class='post-date'>May 3, 2021</p>"))
    assert publication_date(declared, None, tree, URL) == "2021-05-03"


def test_a_post_s_category_and_tag_classes_do_not_put_its_date_line_off_the_story() -> None:
    # WordPress's post_class(): "category-popular" is the editors' category, not a "popular" box
    post = (
        "<html><body><article class='post type-post category-blog category-popular tag-related-news'>"
        "<h1>Top 10 Women Talking Sports</h1><p>January 22, 2014</p><p>Text.</p></article></body></html>"
    )
    assert shown_dates(document_fromstring(post)) == [date(2014, 1, 22)]
    assert publication_date(None, None, document_fromstring(post), URL) == "2014-01-22"
    # a real box of popular posts is still off the story
    box = "<div class='popular-posts'><h1>Most read</h1><p>January 22, 2014</p></div>"
    assert shown_dates(document_fromstring(f"<html><body>{box}</body></html>")) == []


def test_the_date_line_under_the_story_s_headline_not_under_a_logo_in_the_menu() -> None:
    # the site sets its name in an <h1> in the menu; the story's <h1> comes second, and its date
    # line has no telling class
    tree = document_fromstring(
        "<html lang='ja'><body><nav><div class='wrap'><a href='/'><h1>AFPBB News</h1></a></div></nav>"
        "<div class='main'><h1 class='title'>ナイジェリアで自爆攻撃</h1>"
        "<div><span class='day'>2018年6月18日 10:01</span></div><p>本文。</p></div></body></html>"
    )
    assert shown_dates(tree) == [date(2018, 6, 18)]
    # the page declares only its modification; the day it shows is its publication's
    assert publication_date(None, "2018-06-18T13:57:57+00:00", tree, URL) == "2018-06-18T13:57:57+00:00"
    # a breadcrumb's label and an empty <h1> in the page's header are no headline either
    tree = document_fromstring(
        "<html lang='de'><body><header><div><h1><a href='/'></a></h1></div></header>"
        "<main><div class='module breadcrumb'><h1>Sie sind hier:</h1><a href='/'>Start</a></div>"
        "<article><h1>Erinnerung an die Opfer</h1><div><p>27. Januar 2022</p></div><p>Text.</p></article>"
        "</main></body></html>"
    )
    assert story_headline(tree) is tree.find(".//article/h1")


def test_a_declared_date_in_a_meta_tag_of_another_name_or_written_in_words() -> None:
    tree = document_fromstring("<html><body><p>Text.</p></body></html>")
    # a publishing system's own name for it, as htmldate reads them, and a day written in words
    assert structured_date([], {"published": "July 17, 2025"}, tree, "datePublished", PUBLISHED_META) == "2025-07-17"
    assert structured_date([], {"parsely-pub-date": "2024-05-01T09:30:00Z"}, tree, "datePublished", PUBLISHED_META)
    assert structured_date([], {"last-modified": "January 16, 2026"}, tree, "dateModified", MODIFIED_META) == (
        "2026-01-16"
    )
    # a site builder's JSON-LD date in words is a template's, not the story's
    post = [{"@type": "BlogPosting", "datePublished": "Jun 24, 2025"}]
    assert structured_date(post, {}, tree, "datePublished", PUBLISHED_META) is None
    # a sentence with a date in it is no declared date
    long_value = "Updated on July 17, 2025 after readers wrote in"
    assert structured_date([], {"published": long_value}, tree, "datePublished", PUBLISHED_META) is None


def test_a_declared_date_given_as_a_unix_time() -> None:
    tree = document_fromstring("<html><body><p>Text.</p></body></html>")
    for value in (1676551869, 1676551869000, "1676551869"):
        post = [{"@type": "Article", "datePublished": value}]
        assert structured_date(post, {}, tree, "datePublished", PUBLISHED_META) == "2023-02-16T12:51:09+00:00"
    assert structured_date([], {"pubdate": "1676551869000"}, tree, "datePublished", PUBLISHED_META) == (
        "2023-02-16T12:51:09+00:00"
    )
    # a count or a year is no time
    for value in (12345, True, "2023"):
        assert structured_date([{"@type": "Article", "datePublished": value}], {}, tree, "datePublished", ()) is None


def test_a_levantine_month_beside_the_standard_one_is_read() -> None:
    # Jordanian sites write both names of the month: "Friday 24 Nisan / April 2020"
    assert dates_in_text("تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", True) == [date(2020, 4, 24)]
