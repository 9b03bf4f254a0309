"""Headlines reconciled from <title>, og:title and the visible <h1>; bylines cleaned into names."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from lxml.html import document_fromstring
from trafilatura.metadata import extract_catstags

from archiver.extraction.bylines import clean_names, page_authors
from archiver.extraction.html import decode_html
from archiver.extraction.metadata import headline, page_categories, page_tags, strip_site_name

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

URL = "https://www.citynews.example.com/2024/05/01/parks-budget"


@pytest.mark.parametrize(
    ("title", "sitename", "expected"),
    [
        ("Council approves budget | City News", "City News", "Council approves budget"),
        ("City News - Council approves budget", "City News", "Council approves budget"),
        ("Council approves budget – citynews.example.com", None, "Council approves budget"),
        ("Council approves budget | Politics | City News", "City News", "Council approves budget"),
        # the site's name is unknown: a short segment after a pipe is taken for it
        ("Council approves a budget for parks | Metro Daily", None, "Council approves a budget for parks"),
        # separators without spaces around them belong to the headline
        (
            "Laptop vs. Desktop: How Many Watts? Self-host-or-not",
            None,
            "Laptop vs. Desktop: How Many Watts? Self-host-or-not",
        ),
        ("Full &#038; Part Time Programs", None, "Full & Part Time Programs"),
        # the site's name or host before the headline, without a separator
        ("City News: Council approves budget", "City News", "Council approves budget"),
        ("citynews.example.com Council approves budget", None, "Council approves budget"),
        # ... but not the brand as the headline's own first word
        ("Citynews launches a new app", None, "Citynews launches a new app"),
        # UTF-8 that a CMS read as latin-1 and encoded again
        ("A DIY Investor\u00e2\u0080\u0099s Guide | City News", "City News", "A DIY Investor\u2019s Guide"),
        # decorations go, an emoji stays: the author wrote it
        ("Council approves budget | City News ⋆", "City News", "Council approves budget"),
        ("Council approves budget 💥", None, "Council approves budget 💥"),
        # short trailing sections after pipes, counted in words as written ("Children's" is one)
        ("Sleep through the night | Patient Education | UC Davis Children's Hospital", None, "Sleep through the night"),
        # ... but only after a pipe: a kicker before a dash and the headline are one
        (
            "Parks in crisis - Council cuts the budget | City News",
            "City News",
            "Parks in crisis - Council cuts the budget",
        ),
        # the site's name as a host name of its own, and a one-word section before it
        ("Council approves the budget - Politics - CN.com", None, "Council approves the budget"),
        ("Getting started with the budget API - Node.js", None, "Getting started with the budget API - Node.js"),
        # the site's name and a date after commas; a capitalised part that names it, not the
        # headline's own last words
        ("Parks: Council approves budget, Tageszeitung City News, 18.05.2026", None, "Parks: Council approves budget"),
        (
            "What parks can do for your mind, mood, and citynews",
            None,
            "What parks can do for your mind, mood, and citynews",
        ),
        # Chinese, Japanese and Korean titles part the site's and section's names with no spaces
        ("市图书馆开放夜间阅览室_国内新闻_新浪网", None, "市图书馆开放夜间阅览室"),
        ("市图书馆开放夜间阅览室丨澎湃新闻", None, "市图书馆开放夜间阅览室"),
        ("米中貿易摩擦の行方_日本経済新聞", "日本経済新聞", "米中貿易摩擦の行方"),
        ("항구 연안 여객선 새 노선 개통-사회ㅣ한국일보", "한국일보", "항구 연안 여객선 새 노선 개통"),
        # ... after a headline that ends with a quotation
        ('항구 연안 여객선 "새 노선 개통"-사회ㅣ한국일보', "한국일보", '항구 연안 여객선 "새 노선 개통"'),
        # ... also after the headline's closing punctuation, and with a double hyphen
        ("武汉的声音：有英勇的你，才有英雄的城！-新华网", None, "武汉的声音：有英勇的你，才有英雄的城！"),
        ("吳宗憲：鼓勵患者別只往負面想--上報", None, "吳宗憲：鼓勵患者別只往負面想"),
        # ... and after a colon, only the site's name ("：日本経済新聞"), not a subtitle
        ("米中貿易摩擦の行方：日本経済新聞", "日本経済新聞", "米中貿易摩擦の行方"),
        ("新しいツリーを描画できる「Treeviz」:citynews開発日誌", None, "新しいツリーを描画できる「Treeviz」"),
        ("最新SSDを比較してみた：さらば平成、さらば水冷", None, "最新SSDを比較してみた：さらば平成、さらば水冷"),
        # WordPress's classic theme: "Site » Blog Archive » Post"
        ("City News » Blog Archive » Council approves budget", "City News", "Council approves budget"),
        # ... but a hyphen between two short words, or before a long subtitle, is the headline's
        ("米中-貿易摩擦", None, "米中-貿易摩擦"),
        (
            "市图书馆开放夜间阅览室_读者可以一直读到午夜十二点钟",
            None,
            "市图书馆开放夜间阅览室_读者可以一直读到午夜十二点钟",
        ),
    ],
)
def test_strip_site_name(title: str, sitename: str | None, expected: str) -> None:
    assert strip_site_name(title, sitename, URL) == expected


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        # a brand a few words around the host's name is the site's
        ("How to save | The Citynews Daily", URL, "How to save"),
        # ... and the domain's name under a subdomain ("electricians.promatcher.com")
        ("Electricians costs - Citynews Cost Report", "https://costs.citynews.example/x", "Electricians costs"),
        # ... as the host spells it: "Süddeutsche" is sueddeutsche.de, "Børsen" borsen.dk
        (
            "Parks bekommen mehr Geld - Süddeutsche Zeitung",
            "https://www.sueddeutsche.de/x-1.2",
            "Parks bekommen mehr Geld",
        ),
        ("Parker får flere penge - Børsen", "https://borsen.dk/x", "Parker får flere penge"),
        # ... or a short capitalised part holding a word of six letters or more that the host
        # holds ("Southerner" of shssoutherner.org)
        (
            "A beginner's guide to skincare – The Southerner",
            "https://shssoutherner.org/x",
            "A beginner's guide to skincare",
        ),
        (
            "Mechanical keyboards in 2025 - Freewrite Store",
            "https://getfreewrite.com/x",
            "Mechanical keyboards in 2025",
        ),
        # ... but a headline that names the site among more words is the headline
        (
            "How we built Citynews ATF - an async framework",
            URL,
            "How we built Citynews ATF - an async framework",
        ),
        # ... and a segment that the page's own address spells is the page's name
        (
            "JVNDB-2018-013542 - JVN iPedia",
            "https://jvndb.example.jp/ja/contents/2018/JVNDB-2018-013542.html",
            "JVNDB-2018-013542 - JVN iPedia",
        ),
        ("JVNDB-2018-013542 - JVN iPedia", "https://jvndb.example.jp/ja/contents/2018/", "JVN iPedia"),
    ],
)
def test_a_segment_that_names_the_host(title: str, url: str, expected: str) -> None:
    assert strip_site_name(title, None, url) == expected


def page(h1s: str) -> str:
    return (
        f"<html><head><title>t</title></head><body><header><h1 class='logo'>City News</h1></header>{h1s}</body></html>"
    )


def test_h1_confirmed_by_a_metadata_title_wins() -> None:
    tree = document_fromstring(page("<article><h1>Council approves budget for parks</h1></article>"))
    assert (
        headline(tree, ["Council approves budget for parks | City News"], "City News", URL)
        == "Council approves budget for parks"
    )


def test_the_h1_the_most_specific_metadata_title_confirms_wins_over_one_the_title_tag_repeats() -> None:
    # a breadcrumb's <h1> repeats an English <title>; the story's <h1> is the declared headline
    tree = document_fromstring(
        page(
            "<div class='crumbs'><ul><li><h1>Patel dies of corona in the US</h1></li></ul></div>"
            "<article><h1><span>વડોદરા / </span>છીતુ પટેલનું કોરોનાથી મોત</h1></article>"
        )
    )
    titles = ["છીતુ પટેલનું કોરોનાથી મોત", "છીતુ પટેલનું કોરોનાથી મોત", "Patel dies of corona in the US|છીતુ પટેલનું"]
    assert headline(tree, titles, None, URL) == "છીતુ પટેલનું કોરોનાથી મોત"


def test_upper_case_h1_gives_the_metadata_spelling() -> None:
    tree = document_fromstring(page("<h1>COUNCIL APPROVES BUDGET</h1>"))
    assert headline(tree, ["Council Approves Budget - City News"], "City News", URL) == "Council Approves Budget"


def test_marks_the_page_lost_are_restored_from_the_metadata_title() -> None:
    # a CMS that lost the characters its charset lacked shows "?" for them in the <h1>
    tree = document_fromstring(page("<h1>What Are The Basics Of Event Planning? Beginner? Guide</h1>"))
    titles = ["What Are The Basics Of Event Planning: Beginner's Guide | City News"]
    assert headline(tree, titles, "City News", URL) == "What Are The Basics Of Event Planning: Beginner's Guide"
    # a real question in the <h1> stays, whatever other wording the metadata gives
    tree = document_fromstring(page("<h1>Is the park budget enough?</h1>"))
    assert headline(tree, ["Council debates the park budget | City News"], "City News", URL) == (
        "Is the park budget enough?"
    )


def test_greek_in_capitals_without_accents_is_confirmed_by_the_metadata_spelling() -> None:
    tree = document_fromstring(page("<h1>ΣΕΙΣΜΟΣ 5,2 ΡΙΧΤΕΡ ΑΝΟΙΧΤΑ ΤΗΣ ΚΡΗΤΗΣ</h1>"))
    # the social title is another headline; the <title> confirms the <h1>, accents aside
    titles = ["Ισχυρός σεισμός στην Κρήτη", "Σεισμός 5,2 Ρίχτερ ανοιχτά της Κρήτης | Κρητικά Νέα"]
    assert headline(tree, titles, "Κρητικά Νέα", URL) == "Σεισμός 5,2 Ρίχτερ ανοιχτά της Κρήτης"


@pytest.mark.parametrize(
    ("h1", "title", "expected"),
    [
        # a subheadline the page sets in the <h1>, in an element of its own
        (
            "<h1>Government raises wages by 15% <small>The rise reaches two million workers</small></h1>",
            "Government raises wages by 15% | City News",
            "Government raises wages by 15%",
        ),
        # a kicker in an element whose class says nothing (hashed, as CSS-in-JS builds them)
        (
            '<h1><span class="css-1tm5due">Wohnungsbau</span> <span class="css-9x">Baugenehmigungen brechen ein</span></h1>',
            "Baugenehmigungen brechen ein | City News",
            "Baugenehmigungen brechen ein",
        ),
        # the site's name in a link the <h1> ends with, glued to the headline's last word
        (
            '<h1><span class="define">Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta</span>'
            '<a href="/mallorca.html">Ultima Hora Mallorca</a></h1>',
            "Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta",
            "Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta",
        ),
    ],
)
def test_an_element_the_h1_opens_or_ends_with_gives_way_to_the_metadata_title(
    h1: str, title: str, expected: str
) -> None:
    assert headline(document_fromstring(page(h1)), [title], "City News", URL) == expected


def test_a_json_ld_headline_cut_short_is_completed_from_the_h1() -> None:
    full = "Harbor City council votes to buy back the old ferry terminal from developers after a decade of stalled waterfront plans"
    tree = document_fromstring(page(f"<h1>{full}</h1>"))
    titles = [full[:110] + "…", "Harbor City buys back the ferry terminal | City News"]
    assert headline(tree, titles, "City News", URL, news_headline=True) == full


def test_a_title_an_h1_goes_on_from_with_a_glued_capital_is_not_cut_short() -> None:
    # the <h1> glues the site's name to the headline: the metadata title is whole, not truncated
    headline_words = "Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta"
    tree = document_fromstring(
        f"<html><body><header><h1><span>{headline_words}</span><a href='/'>Ultima Hora Mallorca</a></h1></header>"
        "<article><p>Text.</p></article></body></html>"
    )
    titles = [headline_words, f"{headline_words} » Local » Noticias » Ultima Hora Mallorca"]
    assert headline(tree, titles, "UHmallorca", "https://www.ultimahora.es/noticias/local.html") == headline_words


def test_an_h1_of_two_glued_elements_gives_the_metadata_spacing() -> None:
    tree = document_fromstring(page('<h1><span class="c5">Police catch two suspects:</span>Jewels found</h1>'))
    titles = ["Police catch two suspects: Jewels found - City News"]
    assert headline(tree, titles, "City News", URL) == "Police catch two suspects: Jewels found"


def test_unconfirmed_h1_is_the_visible_headline_and_logo_h1_is_ignored() -> None:
    tree = document_fromstring(page("<main><h1>Parks get more money</h1></main>"))
    assert headline(tree, ["SEO variant of the story title | City News"], "City News", URL) == "Parks get more money"
    tree = document_fromstring(page(""))
    assert headline(tree, ["Council approves budget | City News"], "City News", URL) == "Council approves budget"
    assert headline(tree, [], "City News", URL) is None


def test_an_h1_that_holds_a_word_of_the_host_s_name_is_the_site_s_logo() -> None:
    tree = document_fromstring(
        "<html><body><header><h1>The Southerner</h1></header><div class='story'>"
        "<h1 class='story-headline'>A beginner's guide to skincare</h1><p>Text.</p></div></body></html>"
    )
    titles = ["A beginner's guide to skincare – The Southerner"]
    assert headline(tree, titles, None, "https://shssoutherner.org/x") == "A beginner's guide to skincare"


def test_among_teasers_set_in_h1s_the_one_no_link_holds_is_the_headline() -> None:
    teasers = "".join(f"<li><a href='/story-{n}'><h1>Other story number {n} of the day</h1></a></li>" for n in range(6))
    tree = document_fromstring(page(f"<main><h1>Parks get more money</h1><div><ul>{teasers}</ul></div></main>"))
    assert headline(tree, ["SEO variant of the story title | City News"], "City News", URL) == "Parks get more money"


def test_a_quotation_before_the_headline_in_the_h1_is_the_headlines() -> None:
    tree = document_fromstring(page("<main><h1>'Ends the debate': economists weigh in on the jobs report</h1></main>"))
    titles = ["Economists weigh in on the jobs report | City News"]
    assert headline(tree, titles, "City News", URL) == "'Ends the debate': economists weigh in on the jobs report"
    # ... where a section's name there is not
    tree = document_fromstring(page("<main><h1>Economy: economists weigh in on the jobs report</h1></main>"))
    assert headline(tree, titles, "City News", URL) == "Economists weigh in on the jobs report"


def test_page_wide_and_page_builder_classes_do_not_hide_the_h1() -> None:
    # WordPress puts "wp-custom-logo" and "right-sidebar" on <body>; Elementor calls every block a widget
    html = (
        "<html><head><title>t</title></head><body class='single wp-custom-logo right-sidebar'>"
        "<div class='content-sidebar-wrap'><main class='content has-content-sidebar'><header class='page-masthead'>"
        "<div class='elementor-widget elementor-widget-heading'>"
        "<h1>Parks get more money</h1></div></header></main></div><div class='widget'><h1>Recent posts here</h1></div></body></html>"
    )
    assert (
        headline(document_fromstring(html), ["SEO variant of the story | City News"], "City News", URL)
        == "Parks get more money"
    )


def test_h1_in_a_menu_or_a_logo_is_not_the_headline() -> None:
    html = (
        "<html><body><div class='site-logo'><h1>Metro Daily Online</h1></div>"
        "<h1 class='topbar__logo__title'>Metro Daily Online Network</h1>"
        "<ul class='main-menu'><li><h1>All the latest news</h1></li></ul></body></html>"
    )
    assert (
        headline(document_fromstring(html), ["Council approves budget | City News"], "City News", URL)
        == "Council approves budget"
    )


@pytest.mark.parametrize(
    "h1",
    [
        "<h1><time datetime='2024-05-01'>May 1 2024</time> Council approves budget</h1>",
        "<h1>Council approves budget<div class='divider'></div><h3>Posted on May 1, 2024 by Jane</h3></h1>",
        "<h1>Council<br>approves budget</h1>",
    ],
)
def test_h1_text_without_its_date_line_and_with_line_breaks_as_spaces(h1: str) -> None:
    tree = document_fromstring(f"<html><body><article>{h1}</article></body></html>")
    assert headline(tree, [], "City News", URL) == "Council approves budget"


def test_confirmed_h1_counts_even_in_a_page_header() -> None:
    # the metadata title confirms the hero <h1> in <header>; the JSON-LD headline is a description
    html = "<html><body><header class='hero'><h1>Top 24 tools for data analysis</h1></header><main><p>x</p></main></body></html>"
    titles = ["Take a look at the top tools for data analysis.", "Top 24 tools for data analysis"]
    assert headline(document_fromstring(html), titles, "Stitch", URL) == "Top 24 tools for data analysis"


def test_h1_that_prints_the_whole_title_loses_its_site_name_and_section() -> None:
    tree = document_fromstring(page("<article><h1>Council approves budget for parks | Opinion</h1></article>"))
    assert (
        headline(tree, ["Council approves budget for parks | Opinion"], "City News", URL)
        == "Council approves budget for parks"
    )
    tree = document_fromstring(page("<article><h1>Council approves budget for parks – City News</h1></article>"))
    assert (
        headline(tree, ["Council approves budget for parks – City News"], "City News", URL)
        == "Council approves budget for parks"
    )


@pytest.mark.parametrize(
    "h1s",
    [
        "<main><h1>Web Designs</h1></main>",  # a short label
        "<main><h1>COUNCIL APPROVES A NEW BUDGET FOR THE PARKS</h1></main>",  # a kicker in capitals
        "<main><h1>Day one here</h1><h1>Day two there</h1><h1>Day three again</h1><h1>Day four at last</h1></main>",
        "<main><h1><span>A message from John Doe, founder of City News:</span></h1></main>",  # a lead-in
        # a description set in an <h1>
        "<main><h1>"
        + "Learn which parks get the money and why it matters to you and your family. " * 3
        + "</h1></main>",
        # a section heading of the story, which a Markdown renderer gives a link to itself
        "<main><h1 id='why-it-matters'><a class='anchor' href='#why-it-matters'></a>Why it matters to us all</h1></main>",
    ],
)
def test_unconfirmed_h1_that_is_a_label_gives_way_to_the_metadata_title(h1s: str) -> None:
    tree = document_fromstring(page(h1s))
    assert (
        headline(tree, ["Council approves new budget for parks | City News"], "City News", URL)
        == "Council approves new budget for parks"
    )


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("View all posts by Jane Doe", ["Jane Doe"]),
        ("Written by: Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("Jane Doe, Senior Editor", ["Jane Doe"]),
        ("Jane Doe • May 1, 2024", ["Jane Doe"]),
        ("Jane Doe Reviewed by Dr. John Smith", ["Jane Doe"]),
        ("Jane Doe, Jane Doe", ["Jane Doe"]),
        ("Read more about The Team", ["The Team"]),
        ("jane.doe", []),  # an account handle
        ("Home", []),
        ("December 4, 2024", []),
        ("https://example.com/author/jane", []),
        (None, []),
    ],
)
def test_clean_names(raw: str | None, names: list[str]) -> None:
    assert clean_names(raw) == names


def test_authors_prefer_json_ld_persons_then_meta_then_visible_byline() -> None:
    tree = document_fromstring(
        "<html><body><article><div class='byline'><span>By</span> <a href='/author/ann'>Ann Lee</a>"
        " <span>Staff writer</span> <time>May 1</time></div><p>Text</p></article></body></html>"
    )
    person = {
        "@type": "NewsArticle",
        "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Smith"}],
    }
    organisation = {"@type": "NewsArticle", "author": {"@type": "Organization", "name": "City News"}}
    assert page_authors(tree, [person], {"author": "Someone Else"}) == ["Jane Doe", "John Smith"]
    assert page_authors(tree, [organisation], {"author": "Bob Stone"}) == ["Bob Stone"]
    # a handle in <meta name=author> is skipped for the visible byline
    assert page_authors(tree, [organisation], {"author": "citynewsdesk"}) == ["Ann Lee"]
    # an organisation is the author only when no person is named anywhere
    bare = document_fromstring("<html><body><p>Text</p></body></html>")
    assert page_authors(bare, [organisation], {}) == ["City News"]


def test_categories_and_tags_from_the_post_meta_links() -> None:
    tree = document_fromstring(
        "<html><head><meta property='article:section' content='Ignored'></head><body>"
        "<div class='entry-meta'><a href='/category/city/'>City</a> <a href='/author/ann/'>Ann</a></div>"
        "<div class='tags'><a href='/tag/parks/'>Parks</a><a href='/tags/budget/'> Budget </a><a href='/x/'>X</a></div>"
        "<div class='sidebar'><a href='/category/sport/'>Sport</a></div></body></html>"
    )
    assert page_categories(tree) == ["City"]
    assert page_tags(tree) == ["Parks", "Budget"]
    section_only = document_fromstring(
        "<html><head><meta property='article:section' content='Politics'></head><body><p>x</p></body></html>"
    )
    assert page_categories(section_only) == ["Politics"]
    assert page_tags(section_only) == []


@pytest.mark.skipif(not (CORPUS / "wcxb-dev").is_dir(), reason="../shared/corpus is absent")
def test_categories_and_tags_are_trafilaturas_on_real_pages() -> None:
    # page_categories and page_tags restate trafilatura's extract_catstags in faster XPath
    pages = sorted((CORPUS / "wcxb-dev" / "html").glob("*.html.gz"))[:300]
    found = 0
    for path in pages:
        tree = document_fromstring(decode_html(gzip.decompress(path.read_bytes())))
        expected = (extract_catstags("category", tree), extract_catstags("tag", tree))
        assert (page_categories(tree), page_tags(tree)) == expected, path.name
        found += bool(expected[0] or expected[1])
    assert found >= 20


def test_a_by_line_under_the_headline_is_the_byline_when_nothing_is_marked_up():
    from lxml.html import document_fromstring

    from archiver.extraction.bylines import page_authors

    page = document_fromstring(
        "<html><body><nav><p>By section</p></nav><h1>Council approves budget</h1>"
        "<div class='meta-line'>By Ben Sorensen | March 31, 2025 08:19 UTC</div>"
        "<p>The council voted on Tuesday.</p></body></html>"
    )
    assert page_authors(page, [], {}) == ["Ben Sorensen"]
    no_byline = document_fromstring(
        "<html><body><h1>T</h1><p>By the river, the town grew for a century.</p></body></html>"
    )
    assert page_authors(no_byline, [], {}) == []


@pytest.mark.parametrize(
    ("h1", "titles", "expected"),
    [
        # a kicker the metadata title puts in front of the visible headline, that the page shows
        # above or below it, is the site's title
        ('<div class="rubric">Gardening</div><h1>Ten ways to plant a tree in spring</h1>',
         ["Gardening: Ten ways to plant a tree in spring | Site"], "Gardening: Ten ways to plant a tree in spring"),
        ("<header><h1>Ten ways to plant a tree in spring</h1><ul><li>Gardening</li></ul></header>",
         ["Gardening: Ten ways to plant a tree in spring"], "Gardening: Ten ways to plant a tree in spring"),
        # ... but one the page does not show is the metadata's: readers see the headline alone
        ("<h1>Ten ways to plant a tree in spring</h1>", ["Gardening: Ten ways to plant a tree in spring | Site"],
         "Ten ways to plant a tree in spring"),
        # ... but the site's own name in front is not a kicker
        ("<h1>Ten ways to plant a tree in spring</h1>", ["Site Blog: Ten ways to plant a tree in spring"],
         "Ten ways to plant a tree in spring"),
        # nor a part set off as a title's parts are: a section's or a site's name in any script
        ("<h1>Ten ways to plant a tree in spring</h1>", ["News - Ten ways to plant a tree in spring"],
         "Ten ways to plant a tree in spring"),
        ("<h1>أميركا :50 الفا حصيلة الوفيات</h1>", ["المدينة نيوز - أميركا :50 الفا حصيلة الوفيات"],
         "أميركا :50 الفا حصيلة الوفيات"),
        # a kicker set inside the <h1> in an element of its own, with or without a separator
        ('<h1><span class="kicker">Gardening</span> <span>Ten ways to plant a tree in spring</span></h1>',
         ["Gardening: Ten ways to plant a tree in spring"], "Gardening: Ten ways to plant a tree in spring"),
        ('<h1><span class="article__kicker">Gardening</span><span class="sep">: </span>'
         "<span>Ten ways to plant a tree in spring</span></h1>", [], "Gardening: Ten ways to plant a tree in spring"),
        ('<h1><span class="dachzeile">Verkehr</span> Donau\u00addampf\u00adschiff fährt wieder</h1>', [],
         "Verkehr: Donaudampfschiff fährt wieder"),
        # a section label in the <h1> that the metadata title leaves out
        ('<h1><span class="topic">Culture :</span> Ten ways to plant a tree in spring</h1>',
         ["Ten ways to plant a tree in spring"], "Ten ways to plant a tree in spring"),
        # the page shows its own kicker and the metadata another: the headline without either
        ('<h1><span class="title__overline">Spring</span><span class="hidden"> - </span>'
         "<span>Ten ways to plant a tree in spring</span></h1>",
         ["Gardening: Ten ways to plant a tree in spring"], "Ten ways to plant a tree in spring"),
        # a byline set in the <h1> after the headline, which the metadata title leaves out (and
        # adds a credit of its own)
        ("<h1><span>Trade talks stall as the deadline nears</span><br><span>Senior editor Jane Roe</span></h1>",
         ["Trade talks stall as the deadline nears (photo: Reuters)"], "Trade talks stall as the deadline nears"),
        # ... but a kicker that the metadata title goes on from in other words is no headline
        ("<h1>Arms exports: <span>a court hears the complaint of a family</span></h1>",
         ["Arms exports: complaint filed at the constitutional court"],
         "Arms exports: a court hears the complaint of a family"),
        # a colon inside the headline is the headline's own; a closing guillemet is no decoration
        ("<h1>Why: the answer</h1>", ["Why: the answer"], "Why: the answer"),
        ("<h1>Le maire parle de la « gravité de la situation »</h1>", [],
         "Le maire parle de la « gravité de la situation »"),
    ],
)  # fmt: skip
def test_kickers_soft_hyphens_and_sections_in_headlines(h1, titles, expected) -> None:
    tree = document_fromstring(f"<html><body>{h1}<p>Text.</p></body></html>")
    assert headline(tree, titles, "Site", "https://site.example/a") == expected


def test_a_news_sites_declared_headline_wins_over_a_display_variant() -> None:
    from archiver.extraction.fields import declares_news_headline

    tree = document_fromstring(
        "<html><body><h1>Ampeln aus, Bahnen stehen: wie sicher ist das Netz?</h1><p>Text.</p></body></html>"
    )
    titles = ["Stromausfall in Berlin: Wie sicher ist Deutschlands Stromnetz?", "Stromausfall | Site"]
    declared = [{"@type": "NewsArticle", "headline": titles[0]}]
    assert declares_news_headline(declared)
    assert not declares_news_headline([{"@type": "BlogPosting", "headline": titles[0]}])
    assert headline(tree, titles, "Site", "https://site.example/a", news_headline=True) == titles[0]
    # elsewhere the visible headline is what readers (and citations) use
    assert headline(tree, titles, "Site", "https://site.example/a") == (
        "Ampeln aus, Bahnen stehen: wie sicher ist das Netz?"
    )
    # the social title (og:title) repeating the display variant does not outweigh the declaration
    social = [titles[0], "Ampeln aus, Bahnen stehen: wie sicher ist das Netz?"]
    assert headline(tree, social, "Site", "https://site.example/a", news_headline=True) == titles[0]
    assert headline(tree, social, "Site", "https://site.example/a") == social[1]
    # a declared headline of a word or two is a label: the <h1> that og:title confirms wins
    labelled = ["Sample menus", "Ampeln aus, Bahnen stehen: wie sicher ist das Netz?"]
    assert headline(tree, labelled, "Site", "https://site.example/a", news_headline=True) == labelled[1]


def test_a_headline_cut_short_by_an_seo_plugin_is_read_in_full() -> None:
    tree = document_fromstring("<html><body><p>Text.</p></body></html>")
    full = "Fix It Friday: We Help Four Readers Arrange Their Living Rooms (Including One Trick That Always Works)"
    cut = full[:75]
    assert headline(tree, [cut, f"{full} - Site"], "Site", "https://site.example/a") == full
    # a longer title that only adds the site's name or a section is no fuller headline
    title = "Berlin marathon: the runner who trained for ten years to win"
    assert headline(tree, [title, f"{title} - Sport - SZ"], "Site", "https://site.example/a") == title


def test_full_width_ascii_in_an_otherwise_ascii_title_is_read_as_ascii() -> None:
    page = document_fromstring("<html><body><h1>How Does Robot Vacuum Mapping Work？</h1></body></html>")
    assert headline(page, ["How Does Robot Vacuum Mapping Work？"], None, "https://a.example/") == (
        "How Does Robot Vacuum Mapping Work?"
    )
    # in a Japanese title the full-width question mark is the right one
    page = document_fromstring("<html><body><h1>ロボット掃除機の仕組みは？</h1></body></html>")
    assert headline(page, ["ロボット掃除機の仕組みは？"], None, "https://a.example/") == "ロボット掃除機の仕組みは？"


def test_a_hidden_h1_is_a_label_and_a_sitename_as_long_as_a_headline_is_none() -> None:
    from archiver.extraction.fields import page_metadata

    hidden = (
        "<html><head><title>News - Eawag</title><meta property='og:title' content='Auf das erste Elektron kommt es an'>"
        "</head><body><h1 class='header pagetitle hidden'>News</h1><h1>Auf das erste Elektron kommt es an</h1>"
        "<p>Text.</p></body></html>"
    )
    tree = document_fromstring(hidden)
    assert headline(
        tree, ["Auf das erste Elektron kommt es an", "News - Eawag"], "Eawag", "https://eawag.example/n"
    ) == ("Auf das erste Elektron kommt es an")
    # the <title>'s parts give no site name when the one they offer is the headline
    story = "Illegale Migration aus Belarus über Polen nach Deutschland: Bereits 9.087 Feststellungen"
    page = f"<html><head><title>Bundespolizei - Aktuelles - {story}</title></head><body><h1>{story}</h1></body></html>"
    tree = document_fromstring(page)
    metadata = page_metadata(tree, "https://www.bundespolizei.example/meldung")
    assert metadata.sitename != story
    assert (
        headline(
            tree, [f"Bundespolizei - Aktuelles - {story}"], metadata.sitename, "https://www.bundespolizei.example/m"
        )
        == story
    )


def test_the_site_name_from_og_site_name_under_name_and_not_from_a_title_part_with_an_abbreviation() -> None:
    from archiver.extraction.fields import page_metadata

    # og:site_name set with name= (as other <meta> tags are) is still the site's name
    page = (
        "<html><head><meta name='og:site_name' content='Gardenly'>"
        "<title>Raised Beds vs. Ordinary Beds • Gardenly</title></head><body><h1>Raised Beds vs. Ordinary Beds</h1>"
        "<p>Text.</p></body></html>"
    )
    assert page_metadata(document_fromstring(page), "https://gardenly.example/blog/beds").sitename == "Gardenly"
    # without it, the <title>'s part with a dot is a domain's name only when the dot is one
    page = "<html><head><title>Raised Beds vs. Ordinary Beds - Garden Blog</title></head><body></body></html>"
    metadata = page_metadata(document_fromstring(page), "https://gardenly.example/blog/beds")
    assert metadata.sitename == "gardenly.example"
    page = "<html><head><title>Raised beds - Gardenly.com</title></head><body></body></html>"
    assert page_metadata(document_fromstring(page), "https://gardenly.example/blog/beds").sitename == "Gardenly.com"


def test_an_h1_that_names_the_site_is_its_logo_unless_the_title_confirms_it() -> None:
    url = "https://gardenly.example/blog/beds"
    # a blog's name in an <h1> before the post's
    page = (
        "<html><body><h1>GARDENLY The Complete Garden Desk</h1><h1>Raised beds for small yards</h1>"
        "<h1>Tips to plant the Gardenly way</h1></body></html>"
    )
    titles = ["GARDENLY The Complete Garden Desk: Raised beds for small yards"]
    assert headline(document_fromstring(page), titles, "Gardenly", url) == "Raised beds for small yards"
    # the post's own headline that opens with the site's name, confirmed by the <title>
    page = (
        "<html><body><h1>Gardenly Planting vs. Ordinary Planting</h1>"
        "<h1>Tips to plant the Gardenly way</h1></body></html>"
    )
    titles = ["Gardenly Planting vs. Ordinary Planting • Gardenly"]
    assert headline(document_fromstring(page), titles, "Gardenly", url) == "Gardenly Planting vs. Ordinary Planting"


@pytest.mark.parametrize("home", ["/", "https://siliconexposed.blogspot.tw/", "https://blog.example.com"])
def test_an_h1_that_links_the_home_page_is_the_blogs_name(home: str) -> None:
    page = (
        f"<html><body><div class='title'><h1><a href='{home}'>Notes from the Lab</a></h1></div>"
        "<h3 class='post-title'>Open Verilog flow for programmable logic</h3><p>Text.</p></body></html>"
    )
    titles = [
        "Open Verilog flow for programmable logic",
        "Notes from the Lab: Open Verilog flow for programmable logic",
    ]
    url = "https://siliconexposed.blogspot.com/2016/05/open-verilog.html"
    assert headline(document_fromstring(page), titles, None, url) == "Open Verilog flow for programmable logic"
    # ... but a headline that links its own story is a headline
    page = "<html><body><h1><a href='/2016/05/open-verilog.html'>Open Verilog flow</a></h1><p>Text.</p></body></html>"
    assert headline(document_fromstring(page), [], None, url) == "Open Verilog flow"


def test_a_malformed_link_in_an_h1_or_an_author_url_costs_no_record() -> None:
    from archiver.extraction.page import extract_page

    paragraphs = "".join(
        f"<p>Paragraph {n} of the story, long enough to read as prose for a while.</p>" for n in range(10)
    )
    page = (
        "<html><head><meta property='og:type' content='article'><meta property='article:author' content='http://[bad/'>"
        "<meta property='article:published_time' content='2024-05-01T10:00:00Z'></head>"
        f"<body><article><h1><a href='http://[bad'>Council approves the budget</a></h1>{paragraphs}</article></body></html>"
    )
    record = extract_page(page.encode(), "https://news.example.com/2024/05/01/council-approves-the-budget").record
    assert record is not None
    assert record["title"] == "Council approves the budget"
