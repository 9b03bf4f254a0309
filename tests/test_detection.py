"""is_article_page: verdicts on handmade listing, tag and home pages, and on real pages."""

from __future__ import annotations

import gzip
import json
import re
import time
from pathlib import Path

import pytest
from lxml.html import document_fromstring
from test_extraction import (  # tests/ is on sys.path (rootdir-less prepend import)
    ARTICLE_URL,
    article_html,
)

from archiver.extraction.detection import (
    FEATURE_KINDS,
    WEIGHTS,
    is_article_page,
    page_features,
    visible_text,
)
from archiver.extraction.page import extract_page
from archiver.extraction.words import collapsed_length, ends_like_sentence, text_length, word_count

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def listing_html() -> bytes:
    teasers = "".join(
        f'<div class="teaser"><h3><a href="/2024/05/{day:02d}/story-number-{day}-about-the-city">'
        f"Story number {day} about the city</a></h3><p>A short teaser for story {day}.</p>"
        f'<time datetime="2024-05-{day:02d}">May {day}</time></div>'
        for day in range(1, 25)
    )
    return f"""<html><head><title>News | City News</title><meta property="og:type" content="website"></head>
<body><nav><a href="/">Home</a></nav><main>{teasers}</main></body></html>""".encode()


def test_listing_page_is_not_an_article() -> None:
    extraction = extract_page(listing_html(), "https://news.example.com/news/")
    assert extraction.record is None
    assert extraction.reason == "not article: listing" and extraction.evidence in FEATURE_KINDS


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://news.example.com/", "not article: listing"),
        ("https://news.example.com/tag/parks/", "not article: listing"),
        ("https://news.example.com/category/politics/page/3/", "not article: listing"),
        ("https://forum.example.com/t/parks", "not article: forum"),
    ],
)
def test_a_rejected_page_is_reported_as_the_kind_its_evidence_speaks_for(url: str, reason: str) -> None:
    extraction = extract_page(listing_html(), url)
    assert extraction.record is None and extraction.reason == reason


def test_a_documentation_page_is_reported_as_one() -> None:
    steps = "".join(
        f"<h2>Step {n}</h2><p>Run the command below to set up part {n} of the parks service.</p>"
        f"<pre><code>parks setup --part {n}</code></pre>"
        for n in range(1, 5)
    )
    page = f"<html><head><title>Setup</title></head><body><main><h1>Setting up</h1>{steps}</main></body></html>"
    extraction = extract_page(page.encode(), "https://docs.example.com/reference/setup")
    assert extraction.reason == "not article: documentation", extraction


@pytest.mark.parametrize(
    "post_class", ["message-body js-selectToQuote bbWrapper", "postbody", "post_body", "bbp-reply-content"]
)
def test_a_forum_engines_thread_is_reported_as_a_forum(post_class: str) -> None:
    # a thread whose opening post reads like a story, dated under its title, in a forum engine's
    # markup (XenForo, phpBB, MyBB, bbPress)
    post = "I have been riding for a year and wonder which bike suits the hills around here best. " * 3
    replies = "".join(
        f"<article class='message'><time datetime='2024-05-0{n}'>May {n}, 2024</time><div class='{post_class}'>"
        f"<p>{post}</p></div></article>"
        for n in range(1, 5)
    )
    page = (
        "<html><head><title>Suggestions for a beginner bike</title><meta property='og:type' content='article'></head>"
        f"<body><h1>Suggestions for a beginner bike in the hills</h1><p>May 1, 2024</p>{replies}</body></html>"
    )
    url = "https://www.bikes.example/threads/suggestions-for-a-beginner-bike-in-the-hills.1231381/"
    assert extract_page(page.encode(), url).reason == "not article: forum"
    # the same posts in a blog's markup are a story and its comments
    blog = page.replace(post_class, "entry-content")
    assert extract_page(blog.encode(), url).reason.startswith("article")


def test_a_service_page_is_reported_as_one() -> None:
    extraction = extract_page(service_html(), "https://studio.example.com/services/web-design")
    assert extraction.reason == "not article: service", extraction


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/tag/parks/",
        "https://news.example.com/author/jane-doe/",
        "https://news.example.com/category/politics/page/3/",
        "https://news.example.com/",
    ],
)
def test_listing_urls_outweigh_a_thin_page(url: str) -> None:
    tree = document_fromstring(listing_html())
    verdict, reason = is_article_page(tree, url, "A short teaser for story 1.", og_type="website")
    assert verdict is False
    assert reason


@pytest.mark.parametrize(
    ("url", "story"),
    [
        ("http://lifestyle.msn.com/your-life/your-money-today/article.aspx?cp-documentid=31244150", True),
        ("https://nnz-online.de/news/news_lang.php?ArtNr=335853", True),
        ("https://hindi.business-standard.com/storypage.php?autono=172475", True),
        # the script without a story's number is the news index
        ("https://nnz-online.de/aktuell/news_lang.php", False),
        ("https://nnz-online.de/news.php?page=2", False),
    ],
)
def test_a_news_systems_script_for_one_story_is_an_article_url(url: str, story: bool) -> None:
    tree = document_fromstring(story_html())
    assert page_features(tree, url, "text")["article url"] == float(story)


def test_a_front_page_that_shows_its_latest_story_in_full_is_no_article() -> None:
    # the front page of a site whose newest story stands at its top, dated under its headline
    html = story_html(date="26.01.2022")
    text = "\n\n".join(["The council met to talk about the new park and its trees. " * 5] * 4)
    front = is_article_page(document_fromstring(html), "https://news.example.com/", text)
    story = is_article_page(document_fromstring(html), ARTICLE_URL, text)
    assert front == (False, "home page")
    assert story[0] is True


def test_the_same_article_body_on_a_tag_url_scores_lower() -> None:
    tree = document_fromstring(article_html())
    text = "\n\n".join(["word " * 60] * 4)
    on_article_url = is_article_page(tree, ARTICLE_URL, text, schema_types={"NewsArticle"}, og_type="article")
    on_tag_url = is_article_page(tree, "https://news.example.com/tag/parks/", text)
    assert on_article_url[0] is True
    assert on_tag_url[0] is False


@pytest.mark.skipif(not (CORPUS / "wcxb-dev").is_dir(), reason="../shared/corpus is absent")
def test_wcxb_non_article_pages_are_mostly_rejected() -> None:
    # a spread of page types, first ten of each by file name; at most one may slip through
    # per type (the detector is ~94% accurate on the whole split)
    by_type: dict[str, list[tuple[Path, str]]] = {}
    for truth_path in sorted((CORPUS / "wcxb-dev" / "ground-truth").glob("*.json")):
        truth = json.loads(truth_path.read_text("utf-8"))
        page_type = truth["_internal"]["page_type"]["primary"]
        if page_type in ("listing", "product", "collection", "forum") and len(by_type.setdefault(page_type, [])) < 10:
            by_type[page_type].append((CORPUS / "wcxb-dev" / "html" / f"{truth_path.stem}.html.gz", truth["url"]))
    for page_type, pages in by_type.items():
        accepted = [url for path, url in pages if extract_page(gzip.decompress(path.read_bytes()), url).record]
        assert len(accepted) <= 1, (page_type, accepted)


def test_every_feature_has_a_weight() -> None:
    tree = document_fromstring(article_html())
    assert set(page_features(tree, ARTICLE_URL, "text")) == set(WEIGHTS)


def service_html() -> bytes:
    blocks = "".join(
        f"<h2>Service {n}</h2><p>We help our clients grow. Our team builds what you need and we support it.</p>"
        f"<a href='/contact'>Get in touch</a> <a href='/quote'>Request a free quote</a>"
        for n in range(6)
    )
    return f"""<html><head><title>Web design | Studio</title>
<script type="application/ld+json">{{"@type": "ProfessionalService", "name": "Studio"}}</script></head>
<body><nav><a href="/">Home</a></nav><main><h1>Web design</h1>{blocks}</main></body></html>""".encode()


def test_a_company_service_page_is_not_an_article() -> None:
    tree = document_fromstring(service_html())
    text = "\n\n".join(["We help our clients grow. Our team builds what you need and we support it."] * 6)
    features = page_features(
        tree, "https://studio.example.com/services/web-design", text, schema_types={"ProfessionalService"}
    )
    assert (
        features["json-ld organisation or service"] == features["much we and our"] == features["calls to action"] == 1.0
    )
    verdict, _ = is_article_page(
        tree, "https://studio.example.com/services/web-design", text, schema_types={"ProfessionalService"}
    )
    assert verdict is False


@pytest.mark.parametrize("text", ["", " ", "a", " a  b\n", "a\u00a0\u2003b", "\x1cx\x1f", "x\r\n\ty "])
def test_collapsed_length_is_the_length_with_whitespace_runs_collapsed(text: str) -> None:
    assert collapsed_length(text) == len(re.sub(r"\s+", " ", text))


def test_visible_text_leaves_out_scripts_styles_and_noscript() -> None:
    tree = document_fromstring(
        "<html><body><p>Shown <a href='/x'>link</a></p><script>var hidden = 1;</script><style>p {}</style>"
        "<noscript><div>no <b>script</b></div></noscript>tail</body></html>"
    )
    visible = visible_text(tree)
    assert visible.lower.split() == ["shown", "link", "tail"]
    assert visible.link_chars == len("link")


def story_html(*, date: str = "", byline: str = "", filler: int = 0) -> bytes:
    """A plain page with one headline; ``date`` and ``byline`` go right under it, after
    ``filler`` characters of unrelated text."""
    paragraphs = "".join(f"<p>{'The council met to talk about the new park and its trees. ' * 5}</p>" for _ in range(4))
    return f"""<html><head><title>Notes</title></head><body><nav><a href="/">Home</a></nav><div>
<h1>Why the city council voted to keep the old park</h1>{"x " * filler}{byline}<p>{date}</p>{paragraphs}
</div></body></html>""".encode()


@pytest.mark.parametrize(
    "date",
    [
        "May 5, 2024",
        "5 May 2024",
        "2024-05-05",
        "05/05/2024",
        "5.5.2024",
        "5. 5. 2024",
    ],
)
def test_a_date_under_the_headline_is_found_in_any_common_form(date: str) -> None:
    tree = document_fromstring(story_html(date=date))
    assert page_features(tree, ARTICLE_URL, "text")["date by the headline"] == 1.0


def test_a_korean_date_closed_with_a_full_stop_is_a_date_but_a_version_number_is_not() -> None:
    # Korean news systems close the day with a full stop too: "입력 2024.05.05. 오전 10:30"
    korean = page_features(document_fromstring(story_html(date="입력 2024.05.05. 오전 10:30")), ARTICLE_URL, "text")
    version = page_features(document_fromstring(story_html(date="Release 2024.05.05.1 is out")), ARTICLE_URL, "text")
    assert korean["date by the headline"] == korean["a visible date"] == 1.0
    assert version["date by the headline"] == version["a visible date"] == 0.0


def test_a_date_far_from_the_headline_is_not_a_date_by_it() -> None:
    tree = document_fromstring(story_html(date="May 5, 2024", filler=600))
    features = page_features(tree, ARTICLE_URL, "text")
    assert features["date by the headline"] == 0.0
    assert features["a visible date"] == 1.0


def test_a_date_line_indented_far_in_the_markup_is_still_by_the_headline() -> None:
    # a template can put a thousand characters of indentation between a headline and its date line
    indented = story_html(date="26.01.2022").replace(b"</h1>", b"</h1>" + (b"\n" + b" " * 60) * 30)
    assert page_features(document_fromstring(indented), ARTICLE_URL, "text")["date by the headline"] == 1.0


@pytest.mark.parametrize("date", ["5 May 2024", "26.01.2022", "26. Januar 2022", "5 de mayo de 2024", "5 mai 2024"])
def test_a_date_far_from_the_headline_is_a_visible_date_in_any_common_form(date: str) -> None:
    # a German or French story's date written day first, away from the headline, is a date on
    # the page as an English one is
    tree = document_fromstring(story_html(date=date, filler=600))
    features = page_features(tree, ARTICLE_URL, "text")
    assert features["date by the headline"] == 0.0
    assert features["a visible date"] == 1.0


def test_a_byline_element_is_found_by_its_class() -> None:
    with_byline = document_fromstring(story_html(byline='<p class="entry-byline">By Jane Doe</p>'))
    with_author = document_fromstring(story_html(byline='<a class="post-author" href="/jane">Jane Doe</a>'))
    without = document_fromstring(story_html())
    assert page_features(with_byline, ARTICLE_URL, "text")["byline or author element"] == 1.0
    assert page_features(with_author, ARTICLE_URL, "text")["byline or author element"] == 1.0
    assert page_features(without, ARTICLE_URL, "text")["byline or author element"] == 0.0


def test_long_paragraphs_is_the_share_of_paragraphs_of_forty_words_or_more() -> None:
    tree = document_fromstring(story_html())
    text = "\n\n".join(["word " * 45, "Contact us", "word " * 40, "Menu"])
    assert page_features(tree, ARTICLE_URL, text)["long paragraphs"] == 0.5


def test_a_date_and_a_byline_under_the_headline_make_a_plain_page_an_article() -> None:
    # no structured data and a URL that says nothing: the page itself must tell
    url = "https://example.org/park"
    text = "\n\n".join(["The council met to talk about the new park and its trees. " * 5] * 4)
    dated = document_fromstring(story_html(date="May 5, 2024", byline='<p class="byline">By Jane Doe</p>'))
    plain = document_fromstring(story_html())
    assert is_article_page(dated, url, text)[0] is True
    assert is_article_page(plain, url, text)[0] is False


def author_page_html(teasers: int) -> bytes:
    items = "".join(
        f'<li><a href="/2025/03/{30 - n}/story-{n}/">Officials weigh story number {n} in the old town</a> '
        f"Officials said the decision was rushed through without consultation, adding that the "
        f"plan could still be delayed until next year. Figures published on Monday showed why. "
        f"March {30 - n}, 2025</li>"
        for n in range(teasers)
    )
    return f"""<html><body><header><a href="/">The Courier</a></header><main><h1>Andre Brandt</h1>
<p>Articles by Andre Brandt.</p><ul class="teasers">{items}</ul></main></body></html>""".encode()


@pytest.mark.parametrize("teasers", [2, 3, 12])
def test_an_author_archive_with_dated_teasers_is_not_an_article(teasers: int) -> None:
    # recall-leaning extraction keeps the teaser list, whose first date sits by the headline
    extraction = extract_page(author_page_html(teasers), "https://news.example.com/author/andre-brandt/")
    assert extraction.record is None, extraction.reason


def test_a_list_is_no_paragraph() -> None:
    tree = document_fromstring(story_html())
    text = "\n\n".join(["Articles by Andre Brandt.", "- " + "word " * 45 + "\n- " + "word " * 45])
    features = page_features(tree, ARTICLE_URL, text)
    assert features["long paragraphs"] == 0.0 and features["prose paragraphs"] == 1.0


def test_a_date_by_a_headline_with_inline_markup_is_found() -> None:
    tree = document_fromstring(
        b"<html><body><h1>Why the <em>council</em> voted to keep the park</h1><p>May 5, 2024</p></body></html>"
    )
    assert page_features(tree, ARTICLE_URL, "text")["date by the headline"] == 1.0


CHINESE_PARAGRAPH = "市图书馆本周一起正式开放夜间阅览室，工作日开放时间延长至午夜十二点。馆方表示，这是图书馆建馆四十年来首次在夜间提供阅读服务。"


def test_chinese_and_japanese_text_is_measured_in_characters() -> None:
    assert word_count("The council met.") == 3
    assert word_count(CHINESE_PARAGRAPH) == len(re.findall(r"\w", CHINESE_PARAGRAPH))
    assert word_count("公園の桜 2025 spring") == 6  # four characters, a number, an English word
    assert word_count("항구 연안 여객선") == 3  # Korean puts spaces between its words
    # ... and each of its syllables weighs two letters
    assert text_length("항구 연안 여객선") == 2 * 7 + 2
    assert text_length(CHINESE_PARAGRAPH) == 3 * len(CHINESE_PARAGRAPH) - 2 * len(
        re.findall(r"[，。]", CHINESE_PARAGRAPH)
    )


HINDI_PARAGRAPH = (
    "नगर निगम ने शहर के सबसे पुराने सार्वजनिक पुस्तकालय को अब रात दस बजे तक खुला रखने का फैसला किया है। "
    "परीक्षा के मौसम में छात्रों की बढ़ती मांग को देखते हुए यह व्यवस्था अगले महीने से लागू होगी।"
)
THAI_PARAGRAPH = (
    "เทศบาลเมืองได้เปิดตลาดน้ำแห่งใหม่บริเวณริมคลองสายหลักอย่างเป็นทางการเมื่อเช้าวันพฤหัสบดีที่ผ่านมา "
    "โดยมีพ่อค้าแม่ค้าในชุมชนกว่าหนึ่งร้อยรายนำสินค้าพื้นเมืองมาวางจำหน่ายบนเรือและแผงริมน้ำ"
)


def test_words_run_on_through_their_combining_marks() -> None:
    # Python's \w stops at a vowel sign or a virama: "हिन्दी" would be three words
    assert len(re.findall(r"\w+", "हिन्दी समाचार")) == 6
    assert word_count("हिन्दी समाचार") == 2
    assert word_count(HINDI_PARAGRAPH) == len(HINDI_PARAGRAPH.split())
    assert word_count("தமிழ் செய்திகள்") == 2
    assert word_count("مُحَمَّد رَسُول") == 2  # Arabic with its vowel points


def test_thai_is_counted_by_its_letters() -> None:
    # no spaces between Thai words: a run counts one word for every four letters
    run = THAI_PARAGRAPH.split()[0]
    assert word_count(run) == -(-len(run) // 4) > 20
    assert word_count("ไทย COVID-19") == 3


@pytest.mark.parametrize(
    ("paragraph", "sentence"),
    [
        ("The council met.", True),
        ("More from the region", False),
        (HINDI_PARAGRAPH, True),  # the danda
        ("ဒီနေ့ မိုးရွာတယ်။", True),  # Burmese's full stop
        (THAI_PARAGRAPH, True),  # Thai marks no sentence's end: a long block is prose
        ("ข่าวท้องถิ่น", False),  # a short one is a heading or a link
    ],
)
def test_what_ends_like_a_sentence(paragraph: str, sentence: bool) -> None:
    assert ends_like_sentence(paragraph) is sentence


@pytest.mark.parametrize(
    ("lang", "date", "paragraph"),
    [("hi", "10 अप्रैल 2025", HINDI_PARAGRAPH), ("th", "10 เมษายน 2568", THAI_PARAGRAPH)],
)
def test_a_hindi_or_thai_story_without_metadata_is_an_article(lang: str, date: str, paragraph: str) -> None:
    # a short URL and no structured data: its date, its headline and its paragraphs tell
    page = f"""<html lang="{lang}"><body><div id="header"><a href="/">Courier</a></div><article>
    <h1>{paragraph[:60]}</h1><div class="article-info"><span class="date">{date}</span></div>
    {"".join(f"<p>{paragraph}</p>" for _ in range(5))}</article></body></html>"""
    extraction = extract_page(page.encode(), "https://news.example.com/n/12345")
    assert extraction.record is not None, extraction.reason
    assert extraction.record["published"] == "2025-04-10T00:00:00"
    features = page_features(
        document_fromstring(page), "https://news.example.com/n/12345", "\n\n".join([paragraph] * 5)
    )
    assert features["date by the headline"] == features["prose paragraphs"] == 1.0


def test_a_chinese_story_has_paragraphs_like_an_english_one() -> None:
    page = f"""<html lang="zh"><body><h1>市图书馆开放夜间阅览室</h1><p>2025年3月28日</p>
    {"".join(f"<p>{CHINESE_PARAGRAPH}</p>" for _ in range(6))}</body></html>"""
    tree = document_fromstring(page)
    text = "\n\n".join([CHINESE_PARAGRAPH] * 6)
    features = page_features(tree, "https://news.example.cn/a/1042.html", text)
    assert features["long paragraphs"] == features["prose paragraphs"] == 1.0
    assert features["short paragraphs"] == features["text under 500 chars"] == 0.0
    assert features["date by the headline"] == 1.0


@pytest.mark.parametrize(
    "date",
    [
        "2025年3月28日",
        "2025년 3월 28일",
        "2025.03.28",
        "2025/3/28",
        "28. März 2025",
        "28 mars 2025",
        "28 de marzo de 2025",
        "28 marzo 2025",
        "1er août 2025",
    ],
)
def test_a_date_under_the_headline_is_found_in_other_writings(date: str) -> None:
    tree = document_fromstring(story_html(date=date).decode("utf-8"))
    assert page_features(tree, ARTICLE_URL, "text")["date by the headline"] == 1.0


def test_a_saved_files_path_is_no_evidence_either_way() -> None:
    tree = document_fromstring(story_html())
    on_disk = page_features(tree, "file:///home/me/saved/index.html", "text")
    assert not any(on_disk[name] for name in ("home page", "short path", "long slug", "listing url", "dated url"))
    tag_folder = page_features(tree, "file:///home/me/tag/parks/why-the-city-council-voted.html", "text")
    assert tag_folder["author or tag archive"] == tag_folder["long slug"] == 0.0


@pytest.mark.parametrize(
    "line",
    [
        "Veröffentlicht am 3. Mai 2024",
        "Publié le 3 mai 2024",
        "Publicado el 3 de mayo",
        "Published May 3, 2024",
        "Julkaistu 3.5.2024",
        "Publicat la 3 mai 2024",
        "Δημοσιεύθηκε 3 Μαΐου 2024",
        "Diperbarui 3 Mei 2024",
        "Cập nhật 03/05/2024",
        "آخر تحديث: 3 مايو 2024",
        "प्रकाशित: 3 मई 2024",
        "เผยแพร่ 3 พ.ค. 2567",
    ],
)
def test_published_is_read_in_other_languages(line: str) -> None:
    tree = document_fromstring(f"<html><body><h1>Der Stadtrat stimmt zu</h1><p>{line}</p><p>Text.</p></body></html>")
    assert page_features(tree, ARTICLE_URL, "text")["published or updated"] == 1.0
    bare = document_fromstring("<html><body><h1>Der Stadtrat stimmt zu</h1><p>Text.</p></body></html>")
    assert page_features(bare, ARTICLE_URL, "text")["published or updated"] == 0.0


@pytest.mark.parametrize(
    ("buttons", "feature"),
    [
        ("<button>In den Warenkorb</button><p>Auf Lager, versandkostenfrei.</p>", "shop words"),
        ("<button>Ajouter au panier</button><p>Livraison gratuite.</p>", "shop words"),
        ("<button>加入购物车</button>", "shop words"),
        (
            "<a href='/kontakt'>Kontaktieren Sie uns</a><a href='/angebot'>Angebot anfordern</a>"
            "<a href='/leistungen'>Mehr erfahren</a>",
            "calls to action",
        ),
        (
            "<a href='/contact'>Contactez-nous</a><a href='/devis'>Demander un devis</a>"
            "<a href='/services'>En savoir plus</a>",
            "calls to action",
        ),
        ("<a href='/c'>お問い合わせ</a><a href='/f'>無料相談</a><a href='/d'>資料請求</a>", "calls to action"),
    ],
)
def test_shop_and_service_evidence_is_read_in_other_languages(buttons: str, feature: str) -> None:
    page = document_fromstring(f"<html><body><main><h1>Unser Angebot</h1>{buttons}</main></body></html>")
    assert page_features(page, "https://shop.example.de/angebot", "Text.")[feature] == 1.0


@pytest.mark.parametrize(
    "url",
    [
        "https://zeitung.example.de/thema/ukraine/",
        "https://zeitung.example.de/autor/anna-muster/",
        "https://journal.example.fr/sujet/retraites",
        "https://diario.example.es/temas/elecciones/",
        "https://giornale.example.it/argomenti/calcio/",
    ],
)
def test_tag_topic_and_author_archives_are_known_in_other_languages(url: str) -> None:
    features = page_features(document_fromstring(listing_html()), url, "A short teaser.")
    assert features["listing url"] == features["author or tag archive"] == 1.0
    article = "https://zeitung.example.de/politik/ukraine-waffenruhe-haelt-seit-drei-tagen-100.html"
    assert page_features(document_fromstring(listing_html()), article, "A short teaser.")["listing url"] == 0.0


def test_a_word_that_only_begins_like_published_is_no_date_line() -> None:
    # Romanian's "publicat" begins "publication": only "Publicat la" / "Publicat:" count
    tree = document_fromstring(
        "<html><body><h1>Our services</h1><p>Publications and reports on the publication requirement.</p></body></html>"
    )
    assert page_features(tree, ARTICLE_URL, "text")["published or updated"] == 0.0


@pytest.mark.parametrize(
    ("text", "first_person"),
    [
        # English in the first person singular: a forum post or a personal page
        ("I think my car is broken and I asked the dealer to look at it for me. " * 5, 1.0),
        # "i" is "in" in Norwegian, "and" in Polish, "the" in Italian; "my" is Polish "we"
        ("Brannen startet i natt i Oslo, og politiet var på stedet i to timer. " * 5, 0.0),
        ("Rząd i Sejm przyjęli ustawę, a my wszyscy czekamy na decyzję prezydenta. " * 5, 0.0),
        ("I cittadini e i sindaci hanno chiesto i fondi per le scuole della regione. " * 5, 0.0),
    ],
)
def test_the_first_person_is_counted_in_english_text_only(text: str, first_person: float) -> None:
    tree = document_fromstring(f"<html><body><article><h1>Headline</h1><p>{text}</p></article></body></html>")
    assert page_features(tree, ARTICLE_URL, text)["much I and my"] == first_person


@pytest.mark.parametrize(
    "path",
    [
        "/mentions-legales/",
        "/politica-de-privacidade/",
        "/syarat-dan-ketentuan",
        "/privacy-policy/",
        "/impressum",
        "/about-us/",
        "/kontakt.html",
        "/conditions-generales-d-utilisation",
        "/termini-e-condizioni/",
        "/personvern/",
        "/integritetspolicy",
        "/privacy-and-cookies",
        "/tietosuojaseloste/",
    ],
)
def test_a_sites_own_pages_are_no_articles_whatever_their_prose_and_og_type(path: str) -> None:
    # the prose of a legal notice reads like an article's, and WordPress themes declare it one
    prose = "".join(
        f"<p>Section {n}. The publisher of this site processes the personal data of its readers in line "
        f"with the law, keeps it for as long as needed and shares it with no one without consent.</p>"
        for n in range(6)
    )
    menu = "".join(f"<li><a href='/section-{n}/'>Section {n} of the news site</a></li>" for n in range(30))
    html = (
        "<html><head><meta property='og:type' content='article'></head><body>"
        f"<nav><ul>{menu}</ul></nav><div class='entry-content'>"
        f"<h1>Legal notice and privacy policy of the site</h1><p>Last updated: 1 September 2023</p>{prose}"
        f"</div><footer><ul>{menu}</ul></footer></body></html>"
    )
    assert extract_page(html.encode(), "https://news.example" + path).record is None
    # the same page at a story's address is an article
    assert extract_page(html.encode(), "https://news.example/2023/09/01/the-new-privacy-law").record is not None


@pytest.mark.parametrize(
    "path",
    [
        "/dossier/ukraine/",
        "/mot-cle/retraites/",
        "/topik/pemilu-2024",
        "/tagi/sejm/",
        # a writer's page, by the writer's name
        "/profile/jane-doe",
        "/staff/jdoe/",
    ],
)
def test_topic_archives_in_more_languages_are_listings(path: str) -> None:
    assert (
        page_features(document_fromstring(story_html()), "https://news.example" + path, "text")["author or tag archive"]
        == 1.0
    )


@pytest.mark.parametrize(
    ("path", "archive", "search"),
    [
        ("/2024/03/15/", 1.0, 0.0),
        ("/politics/2024/03/", 1.0, 0.0),
        ("/search", 0.0, 1.0),
        ("/suche/klimawandel/", 0.0, 1.0),
        ("/fr/recherche", 0.0, 1.0),
        ("/?s=climate", 0.0, 1.0),
        ("/?q=climate&page=2", 0.0, 1.0),
        # stories: a slug before or after the date, a query on a story's page
        ("/2024/03/15/council-approves-new-budget/", 0.0, 0.0),
        ("/blog/why-tutoring-works-and-how/2025/11", 0.0, 0.0),
        ("/tech/search-engines-are-changing-fast", 0.0, 0.0),
        ("/story/council-budget?q=1", 0.0, 0.0),
    ],
)
def test_date_archives_and_search_results_are_listings(path: str, archive: float, search: float) -> None:
    features = page_features(document_fromstring(story_html()), "https://news.example" + path, "text")
    assert (features["date archive"], features["search page"]) == (archive, search)
    if archive:
        assert features["dated url"] == 0.0  # no evidence for a story


def test_a_days_archive_of_teasers_gets_no_record() -> None:
    teasers = "".join(
        f"<article><h2><a href='/2024/03/15/story-number-{n}-of-the-day'>Council story number {n} of the day</a></h2>"
        f"<time datetime='2024-03-15'>March 15, 2024</time> <span class='byline'>By Jane Doe</span>"
        f"<p>The council met on Friday to discuss the budget for parks, schools and roads, and voted on the "
        f"plan after a long debate in which every member spoke.</p></article>"
        for n in range(10)
    )
    html = f"<html><body><h1>Stories of 15 March 2024</h1>{teasers}</body></html>".encode()
    assert extract_page(html, "https://news.example/2024/03/15/").record is None
    assert extract_page(html, "https://news.example/?s=council").record is None


def test_a_story_filed_under_writers_is_no_writers_page() -> None:
    url = "https://news.example/writers/why-the-council-voted-to-keep-the-old-park"
    assert page_features(document_fromstring(story_html()), url, "text")["author or tag archive"] == 0.0


@pytest.mark.parametrize(
    ("url", "short", "pagination"),
    [
        # news systems name a story by its number: no short path
        ("https://news.example.am/hy/article/378866", 0.0, 0.0),
        ("https://news.example.am/arm/news/615163.html", 0.0, 0.0),
        ("https://www.example.org/a/30657941.html", 0.0, 0.0),
        # ... after a word ("/news-615163.html", "/economy/story-12345")
        ("https://news.example.com/economy/story-12345.html", 0.0, 0.0),
        ("https://news.example.ru/20240503/news_1943873213.html", 0.0, 0.0),
        ("https://www.example.ch/international/ld.1829384", 0.0, 0.0),
        ("https://www.example.co.kr/view/AKR20240315000100001", 0.0, 0.0),
        # ... followed by the story's page number
        ("https://news.example.kr/3/all/20131023/58406128/1", 0.0, 0.0),
        # ... or by its name in the folder of its number
        ("https://www.verband.example/News/10365/Transformationslabor.html", 0.0, 0.0),
        ("https://www.example.com/2024/overview", 1.0, 0.0),  # a year is no story's number
        # ... or by a code the system made, or by a number in the script's query
        ("https://www.example.jp/articles/ASM2Q5HKNM2QUCVL02D.html", 0.0, 0.0),
        ("https://www.example.jp/sports/soccer/20190411-OYT1T50287/", 0.0, 0.0),
        ("https://www.example.jp/oss_info/article.html?oid=8976", 0.0, 0.0),
        ("https://www.example.kr/news/articleView.html?idxno=123456", 0.0, 0.0),
        # ... but a section's name with a year, or a category's number in the query, is short
        ("https://news.example.com/2024election/", 1.0, 0.0),
        ("https://news.example.com/index.php?cat=4711", 1.0, 0.0),
        # a press office files its releases deep, under one-word names
        ("https://www.example.de/SharedDocs/Pressemitteilungen/BfS/DE/2022/001.html", 0.0, 0.0),
        ("https://www.example.ch/outdoornews/detail/id/718", 0.0, 0.0),
        ("https://www.example.de/Presse/Mitteilungen/2022/", 1.0, 0.0),
        # WordPress's permalink of a post by its number is no short path nor a page of a listing
        ("https://blog.example.ch/?p=5031", 0.0, 0.0),
        ("https://guides.example.edu/c.php?g=934949&p=7515773", 1.0, 0.0),
        ("https://blog.example.ch/?p=2", 1.0, 1.0),
        ("https://blog.example.ch/news/?page=3", 1.0, 1.0),
        ("https://shop.example.com/c/shoes", 1.0, 0.0),
        ("https://www.example.com/about", 1.0, 0.0),
    ],
)
def test_a_story_number_is_no_short_path_and_a_post_number_no_pagination(
    url: str, short: float, pagination: float
) -> None:
    features = page_features(document_fromstring(story_html()), url, "text")
    assert (features["short path"], features["pagination page"]) == (short, pagination)


def test_a_story_numbered_under_doc_is_no_manual_and_a_day_first_date_dates_the_url() -> None:
    features = page_features(document_fromstring(story_html()), "https://www.example.ru/doc/6572345", "text")
    assert features["documentation url"] == 0.0
    manual = page_features(document_fromstring(story_html()), "https://www.example.org/doc/install", "text")
    assert manual["documentation url"] == 1.0
    url = "https://www.example.ru/politics/15/03/2024/65f3a1b29a7947"
    assert page_features(document_fromstring(story_html()), url, "text")["dated url"] == 1.0


@pytest.mark.parametrize(
    ("path", "long", "short"),
    [
        ("/2024/how-to-bake-bread-at-home", 1.0, 0.0),
        # a word runs on through its marks: Arabic's points, Hindi's vowel signs, Persian's
        # zero-width non-joiner
        (
            "/news/%D8%B4%D8%B9%D8%B1-%D9%88%D8%B1%D8%AF%D9%8A-%D9%8A%D9%8F%D8%B4%D8%B9%D9%84-%D8%A7%D9%84%D8%B3%D8%AE%D8%B1%D9%8A%D8%A9",
            1.0,
            0.0,
        ),
        ("/india/सरकार-ने-नई-निवेश-योजना", 1.0, 0.0),
        ("/iran/کتاب‌ها-جدید-منتشر-شد", 1.0, 0.0),
        # Han characters and kana are two to a word; a run of four is a section's name
        ("/news/航天合作论坛致贺信", 1.0, 0.0),
        ("/国际新闻/", 0.0, 1.0),
    ],
)
def test_a_slug_in_any_script_counts_its_words(path: str, long: float, short: float) -> None:
    features = page_features(document_fromstring(story_html()), "https://news.example" + path, "text")
    assert (features["long slug"], features["short path"]) == (long, short)


@pytest.mark.parametrize(
    ("holder", "many"),
    [
        ("<div class='story-list'>{}</div>", 1.0),  # a listing's own items
        ("<aside>{}</aside>", 0.0),  # an article's sidebar of other stories
        ("<div class='most-read'>{}</div>", 0.0),
        ("<section id='related-stories'>{}</section>", 0.0),
    ],
)
def test_timestamps_beside_the_main_part_do_not_make_a_listing(holder: str, many: float) -> None:
    items = "".join(
        f"<p><a href='/n/{i}'>Story {i}</a> <time datetime='2024-05-0{i}'>May {i}</time></p>" for i in range(1, 8)
    )
    html = story_html().decode().replace("</div></body>", "</div>" + holder.format(items) + "</body>")
    html = html.replace("<body>", "<body class='layout-sidebar-right'>")
    assert page_features(document_fromstring(html), ARTICLE_URL, "text")["many timestamps"] == many


def test_teaser_headlines_are_counted_and_a_page_of_forty_thousand_headings_judged_at_once() -> None:
    # teasers: headlines that link their stories, the link inside the heading or around it
    teasers = "".join(
        f'<h3><a href="/2024/05/{n}/story">Story {n}</a></h3>' if n % 2 else f'<a href="/s/{n}"><h2>Story {n}</h2></a>'
        for n in range(15)
    )
    tree = document_fromstring(f"<html><body><h1>News</h1>{teasers}</body></html>")
    assert page_features(tree, "https://example.com/news/", "A few words.")["headline links"] == 1.0
    # ... one short of a listing's
    tree = document_fromstring(f"<html><body><h1>News</h1>{teasers[teasers.index('</a>') + 4 :]}</body></html>")
    assert page_features(tree, "https://example.com/news/", "A few words.")["headline links"] == 0.0
    # ... and a story long enough to account for them is no listing
    assert page_features(tree, "https://example.com/news/", "Word. " * 2_000)["headline links"] == 0.0
    # a hostile page of 40,000 headings: XPath's union of the two kinds of links cost 10 s
    headings = "".join(f"<h2>Heading {n}</h2><p>Line {n}.</p>" for n in range(40_000))
    tree = document_fromstring(f"<html><body><h1>Headline</h1><div>{headings}</div></body></html>")
    started = time.perf_counter()
    assert page_features(tree, ARTICLE_URL, "A few words.")["headline links"] == 0.0
    assert time.perf_counter() - started < 3  # 0.4 s here


@pytest.mark.parametrize(
    ("path", "article_url"),
    [
        ("/DE/Presse/Pressemitteilungen/2022/220126_PM_Telegram.html", 1.0),
        ("/media-news/meldungen/29-10-2021", 1.0),
        ("/actualites/luniversite-quand-les-grandes-ecoles-font-universite", 1.0),
        ("/politica/noticia/la-agenda-con-que-interior-busca", 1.0),
        ("/polityka/artykuly/8156148,dezubekizacja-trybunal", 1.0),
        ("/uutiset/3-11212601", 1.0),
        # the folder alone is the section's front page; a shop's "Artikel" is an item for sale
        ("/nachrichten/", 0.0),
        ("/noticias", 0.0),
        ("/artikel/ben-wilson-surfboard.html", 0.0),
    ],
)
def test_news_and_press_release_folders_are_known_in_other_languages(path: str, article_url: float) -> None:
    features = page_features(document_fromstring(story_html()), "https://www.example.de" + path, "text")
    assert features["article url"] == article_url


def test_a_press_release_under_a_large_menu_is_an_article() -> None:
    # a public body's release: a short headline, a menu with more link text than the release
    # has words, no metadata; its folder tells what it is
    menu = "".join(f'<li><a href="/DE/Themen/thema-{n}.html">Thema Nummer {n} der Behörde</a></li>' for n in range(120))
    release = "".join(
        f"<p>Das Amt hat am Mittwoch die Zahlen zum Verbrauch im Bezirk {n} vorgelegt. Im vergangenen Monat "
        f"lag er um {n} Prozent unter dem des Vorjahres, und die Behörde erwartet für den Winter keine Engpässe, "
        "wie ihr Präsident vor der Presse in der Hauptstadt sagte.</p>"
        for n in range(2, 8)
    )
    html = f"""<html lang="de"><head><title>Neue Zahlen</title></head><body><nav><ul>{menu}</ul></nav>
<main><h1>Neue Zahlen</h1>{release}</main></body></html>""".encode()
    url = "https://www.amt.example.de/SharedDocs/Kurzmeldungen/DE/Energie/2021_11_zahlen.html"
    assert extract_page(html, url).record is not None
    assert (
        extract_page(html, "https://www.amt.example.de/SharedDocs/Themen/DE/Energie/2021_11_zahlen.html").record is None
    )
