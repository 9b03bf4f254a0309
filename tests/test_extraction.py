"""extract_page: cleaning rules pinned on handmade pages, verdicts on bad input, real pages."""

from __future__ import annotations

import gzip
import json
import pickle
import random
import re
import time
from pathlib import Path
from typing import Any

import pytest
from lxml.html import document_fromstring

from archiver.extraction import text as extraction_text
from archiver.extraction.dates import iso_date
from archiver.extraction.detection import VisibleText
from archiver.extraction.html import decode_html
from archiver.extraction.page import (
    RECORD_FIELDS,
    Extraction,
    ExtractionOptions,
    extract_page,
    split_authors,
)
from archiver.extraction.reasons import REASONS
from archiver.extraction.record import local_timestamp, utc_timestamp

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ARTICLE_URL = "https://news.example.com/2024/05/01/city-council-approves-new-budget-for-parks"

PARAGRAPHS = [
    "The city council voted on Tuesday to approve a budget that sets aside more money for parks "
    "than in any year before, after a debate that lasted well into the evening and drew residents "
    "from every district of the city to the public gallery.",
    "Supporters said the plan would repair playgrounds, plant trees along the river and keep "
    "swimming pools open longer in the summer, while critics warned that other services would have "
    "to wait for the repairs they had been promised for years.",
    "The mayor, who proposed the budget in March, said the vote showed that residents wanted green "
    "spaces close to their homes and that the council had listened to what people said at the "
    "meetings held in libraries and schools across the city.",
    "Work on the first projects is expected to begin in the autumn, and the council will publish a "
    "list of the parks that come first, together with a timetable, before the end of the summer "
    "holidays so that neighbours know what to expect.",
]


def article_html(
    *, author: str = "By Jane Doe, John Smith and Ann Lee", canonical: str = "/2024/05/01/budget"
) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    json_ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Council approves new budget for parks",
        "datePublished": "2024-05-01T09:30:00+02:00",
        "dateModified": "2024-05-02",
    }
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Council approves new budget for parks | City News</title>
<link rel="canonical" href="{canonical}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="City News">
<meta property="og:image" content="/img/park.jpg">
<meta name="description" content="More money for parks.">
<meta name="author" content="{author}">
<meta property="article:tag" content="parks">
<script type="application/ld+json">{json.dumps(json_ld)}</script>
</head><body><nav><a href="/">Home</a> <a href="/news/">News</a></nav>
<article><h1>Council approves new budget for parks</h1>{body}</article>
<footer><a href="/about">About us</a></footer></body></html>""".encode()


def test_article_record_fields_and_cleaning() -> None:
    extraction = extract_page(article_html(), ARTICLE_URL, content_type="text/html; charset=utf-8")
    record = extraction.record
    assert record is not None, extraction.reason
    assert extraction.reason.startswith("article:")
    assert tuple(record) == RECORD_FIELDS
    assert record["url"] == ARTICLE_URL
    assert record["canonical_url"] == "https://news.example.com/2024/05/01/budget"
    assert record["title"] == "Council approves new budget for parks"
    assert record["authors"] == ["Jane Doe", "John Smith", "Ann Lee"]
    assert record["published"] == "2024-05-01T09:30:00"
    assert record["published_local"] == "2024-05-01T09:30:00+02:00"
    assert record["modified"] == "2024-05-02T00:00:00"
    assert record["modified_local"] == "2024-05-02"
    assert record["language"] == "en"
    assert record["sitename"] == "City News"
    assert record["image"] == "https://news.example.com/img/park.jpg"
    assert record["tags"] == ["parks"]
    assert record["text"].split("\n\n") == PARAGRAPHS
    assert record["word_count"] == len(re.findall(r"\w+", " ".join(PARAGRAPHS)))
    assert "About us" not in record["text"]


@pytest.mark.parametrize(("opening", "closing"), [("<![CDATA[", "]]>"), ("//<![CDATA[", "//]]>"), ("<!--", "-->")])
def test_json_ld_wrapped_in_cdata_or_a_comment_is_read(opening: str, closing: str) -> None:
    json_ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Council approves new budget for parks",
        "datePublished": "2024-05-01T09:30:00Z",
        "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chen"}],
    }
    script = f'<script type="application/ld+json">\n{opening}\n{json.dumps(json_ld)}\n{closing}\n</script>'
    page = article_html(author="").replace(b"</head>", script.encode() + b"</head>", 1)
    page = re.sub(rb'<script type="application/ld\+json">\{.*?</script>', b"", page, count=1)
    record = extract_page(page, ARTICLE_URL).record
    assert record is not None
    assert record["authors"] == ["Ann Lee", "Bo Chen"]
    assert record["published_local"] == "2024-05-01T09:30:00+00:00"


def test_json_ld_articles_about_other_pages_give_no_author_or_date() -> None:
    # a list of related stories after the page's own article node, each with its author and date
    own = {"@type": "Article", "url": ARTICLE_URL, "headline": "Council approves new budget for parks"}
    related = {
        "@type": "Article",
        "url": "https://news.example.com/2024/05/03/bus-lanes",
        "headline": "Bus lanes open",
        "datePublished": "2024-05-03T08:00:00Z",
        "author": {"@type": "Person", "name": "Bo Chen"},
    }
    script = f'<script type="application/ld+json">{json.dumps([own, related])}</script>'
    page = re.sub(
        rb'<script type="application/ld\+json">\{.*?</script>', script.encode(), article_html(author=""), count=1
    )
    page = page.replace(b'<link rel="canonical" href="/2024/05/01/budget">', b"")
    record = extract_page(page, ARTICLE_URL).record
    assert record is not None
    assert record["authors"] == []
    assert record["published"] == "2024-05-01T00:00:00"  # the day in the page's URL


def test_a_pictures_author_in_json_ld_is_not_the_storys() -> None:
    # the lead picture as a node of its own, credited to its photographer; the byline names the writer
    picture = {
        "@context": "https://schema.org",
        "@type": "ImageObject",
        "url": "https://news.example.com/pictures/park.jpg",
        "author": "Ed Marshall, Parks Programme",
    }
    script = f'<script type="application/ld+json">{json.dumps(picture)}</script>'
    page = re.sub(
        rb'<script type="application/ld\+json">\{.*?</script>', script.encode(), article_html(author=""), count=1
    )
    page = page.replace(b"</h1>", b"</h1><p class='byline'>By Michael Hingston</p>", 1)
    record = extract_page(page, ARTICLE_URL).record
    assert record is not None
    assert record["authors"] == ["Michael Hingston"]


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("by Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("Jane Doe; John Smith & Ann Lee", ["Jane Doe", "John Smith", "Ann Lee"]),
        ("Written by Jane Doe, Jane Doe", ["Jane Doe"]),
        (None, []),
    ],
)
def test_split_authors(raw: str | None, names: list[str]) -> None:
    assert split_authors(raw) == names


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2024-05-01T09:30:00Z", "2024-05-01T09:30:00+00:00"),
        ("2024-05-01 09:30:00", "2024-05-01T09:30:00"),
        ("2024-05-01", "2024-05-01"),
        ("Wed, 01 May 2024 09:30:00 GMT", "2024-05-01T09:30:00+00:00"),
        ("yesterday", None),
    ],
)
def test_iso_date(raw: str, iso: str | None) -> None:
    assert iso_date(raw) == iso


def test_latin1_page_is_decoded_by_its_declared_charset() -> None:
    html = (
        article_html()
        .replace(b'charset="utf-8"', b'charset="iso-8859-1"')
        .replace(b"council", "cöuncil".encode("latin-1"))
    )
    record = extract_page(html, ARTICLE_URL).record
    assert record is not None
    assert "cöuncil" in record["text"]


@pytest.mark.parametrize(
    ("label", "codec", "word"),
    [("gb2312", "gbk", "朱镕基"), ("euc-kr", "cp949", "똠방각하"), ("shift_jis", "cp932", "髙橋①")],
)
def test_a_cjk_page_is_decoded_as_browsers_read_its_label(label: str, codec: str, word: str) -> None:
    # the label names a charset, and the page uses its superset's characters, as browsers allow
    html = f"<html><head><meta charset='{label}'></head><body><p>{word}</p></body></html>".encode(codec)
    assert word in decode_html(html)
    assert word in decode_html(html.replace(f"charset='{label}'".encode(), b""), f"text/html; charset={label}")


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"", None, "empty"),
        (b"   \n", "text/html", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", None, "not html"),
        (bytes(range(256)) * 8, None, "not html"),
        (b"<html><body><p>x</p></body></html>", "application/pdf", "not html"),
        (b"\x1f\x8b\x08\x00garbage", None, "not html"),
    ],
)
def test_bad_input_is_a_reason_not_an_exception(body: bytes, content_type: str | None, reason: str) -> None:
    extraction = extract_page(body, "https://example.com/file", content_type=content_type)
    assert extraction.record is None
    assert extraction.reason == reason and extraction.reason in REASONS
    assert (extraction.evidence == "application/pdf") == (content_type == "application/pdf")


def test_dates_are_one_form_that_a_dataframe_reads_without_options() -> None:
    import pandas as pd

    pages = [
        article_html(),
        article_html().replace(b"2024-05-01T09:30:00+02:00", b"2024-05-01"),
        article_html().replace(b"2024-05-01T09:30:00+02:00", b"2024-05-01T18:10:00-07:00"),
    ]
    records = [extract_page(page, ARTICLE_URL).record for page in pages]
    published = pd.to_datetime(pd.Series([record["published"] for record in records if record]))
    # the date and time where the story was published: the day its readers saw (18:10 in
    # California on 1 May is 2 May in UTC)
    assert [str(moment) for moment in published] == [
        "2024-05-01 09:30:00",
        "2024-05-01 00:00:00",
        "2024-05-01 18:10:00",
    ]
    # the page's own reading, its day and its precision, stays beside it
    assert [record["published_local"] for record in records if record] == [
        "2024-05-01T09:30:00+02:00",
        "2024-05-01",
        "2024-05-01T18:10:00-07:00",
    ]


@pytest.mark.parametrize(
    ("value", "local"),
    [
        ("2024-05-01", "2024-05-01T00:00:00"),
        ("2024-05-01T23:30:00-05:00", "2024-05-01T23:30:00"),  # 1 May where it was written
        ("2024-05-01T10:00:00.123+02:00", "2024-05-01T10:00:00"),
        ("2024-05-01T09:30:00Z", "2024-05-01T09:30:00"),
        ("not a date", None),
        (None, None),
    ],
)
def test_local_timestamp(value: str | None, local: str | None) -> None:
    assert local_timestamp(value) == local


@pytest.mark.parametrize(
    ("value", "utc"),
    [
        ("2024-05-01", "2024-05-01T00:00:00Z"),
        ("2024-05-01T23:30:00-05:00", "2024-05-02T04:30:00Z"),
        ("2024-05-01T10:00:00", "2024-05-01T10:00:00Z"),
        ("2024-05-01T10:00:00.123+02:00", "2024-05-01T08:00:00Z"),
        ("May 1", None),
        (None, None),
    ],
)
def test_utc_timestamp(value: str | None, utc: str | None) -> None:
    assert utc_timestamp(value) == utc


def test_extraction_pickles() -> None:
    extraction = extract_page(article_html(), ARTICLE_URL)
    assert pickle.loads(pickle.dumps(extraction)) == extraction
    assert isinstance(extraction, Extraction)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@pytest.mark.skipif(not (CORPUS / "article-extraction-benchmark").is_dir(), reason="../shared/corpus is absent")
def test_benchmark_articles_are_articles_with_their_body() -> None:
    gold = json.loads((CORPUS / "article-extraction-benchmark" / "ground-truth.json").read_text("utf-8"))
    sample = random.Random(7).sample(sorted(gold), 20)
    recalls = []
    for key in sample:
        body = gzip.decompress((CORPUS / "article-extraction-benchmark" / "html" / f"{key}.html.gz").read_bytes())
        extraction = extract_page(body, gold[key]["url"])
        assert extraction.record is not None, (gold[key]["url"], extraction.reason)
        assert extraction.record["text"]
        gold_words = set(_words(gold[key]["articleBody"]))
        recalls.append(len(gold_words & set(_words(extraction.record["text"]))) / max(len(gold_words), 1))
    assert sum(recalls) / len(recalls) > 0.85
    assert sum(recall > 0.5 for recall in recalls) >= 18


def test_trailing_calls_to_action_are_trimmed():
    from archiver.extraction.text import trim_trailing_boilerplate

    body = "First paragraph of the story.\n\nSecond paragraph, which follows the first.\n\n"
    assert trim_trailing_boilerplate(body + "For the latest news, follow us on Twitter : @news") == body.rstrip("\n")
    assert trim_trailing_boilerplate(body + "Share this:\n\nLeave a Reply") == body.rstrip("\n")
    assert trim_trailing_boilerplate(body + "Get our best stories in your inbox.\n\nSign up now") == body.rstrip("\n")
    assert trim_trailing_boilerplate(body + "Post Comment (+)\n\n12 Comments") == body.rstrip("\n")
    assert trim_trailing_boilerplate(body + "Copyright 2019 The Example Press.") == body.rstrip("\n")
    ending = "Like this story? Share it with a friend!\n\nTell us what YOU think...\n\nYou may also like..."
    assert trim_trailing_boilerplate(body + ending + "\n\nFiled under: Politics |") == body.rstrip("\n")
    # a paywall's notice ends the story, with the sign-up pitch after it
    for notice in (
        "Il vous reste 57.09% de cet article à lire. La suite est réservée aux abonnés.",
        "この記事は会員限定です。\n紙の新聞の定期購読者の方は、無料で会員登録できます。",
        "Subscribe to continue reading this story.",
    ):
        pitch = "- E-paper and news in one app\n- Every story, every day\n\nNote: the paper is the morning edition."
        assert trim_trailing_boilerplate(f"{body}{notice}\n\n{pitch}") == body.rstrip("\n")
    # a story's own paragraph about a paywall stays
    kept = body + "The paper's owners said the rest of its stories would be for subscribers only from May. " * 4
    assert trim_trailing_boilerplate(kept) == kept
    # credits for reporting, calls to comment or to write in, in English and German
    ending = (
        "Keith Bradsher contributed reporting from Hong Kong.\n\nJoin the conversation\n\nGot a story? Get in touch"
    )
    assert trim_trailing_boilerplate(body + ending) == body.rstrip("\n")
    ending = "Mit Agenturmaterial.\n\nFehler gefunden? Jetzt melden.\n\nÄhnliche Artikel"
    assert trim_trailing_boilerplate(body + ending) == body.rstrip("\n")
    # a date line among them goes too
    ending = "First Published: Tuesday, November 19, 2019 08:38 AM\n\nFollow us on Twitter"
    assert trim_trailing_boilerplate(body + ending) == body.rstrip("\n")
    for other in (
        "Følg oss på Facebook",
        "Alla rättigheter förbehållna",
        "Obserwuj nas",
        "Tüm hakları saklıdır.",
        "Все права защищены.",
        "Ακολουθήστε μας στο Facebook",
        "Hak cipta dilindungi undang-undang.",
        "Bản quyền thuộc về Báo Example",
        # words that end with a combining mark, which \b does not see as part of a word
        "جميع الحقوق محفوظة © 2025",
        "सर्वाधिकार सुरक्षित",
        "สงวนลิขสิทธิ์ 2568",
    ):
        assert trim_trailing_boilerplate(body + other) == body.rstrip("\n")
    notice = "Dette innholdet er kun for abonnenter.\n\nBli abonnent i dag"
    assert trim_trailing_boilerplate(body + notice) == body.rstrip("\n")
    # members-only notices and copyright lines in Japanese, Chinese and Korean
    for other in (
        "この記事は会員限定です。\n\n関連キーワード",
        "版权所有，未经授权禁止转载。",
        "무단전재 및 재배포 금지",
    ):
        assert trim_trailing_boilerplate(body + other) == body.rstrip("\n")
    # a story's last line about subscribers or copyright stays
    for story in (
        "유튜브 구독자는 100만 명을 넘었다.",
        "저작권 침해 소송이 이어졌다.",
        "该公司未经授权使用了他的照片。",
    ):
        assert trim_trailing_boilerplate(body + story) == body + story
    kept = body + "He said he would follow us on the road if the council agreed, " + "and more words " * 10
    assert trim_trailing_boilerplate(kept) == kept


def test_lines_that_link_another_story_and_captions_are_dropped_wherever_they_stand():
    from archiver.extraction.page import ExtractionOptions, extract_page
    from archiver.extraction.text import without_inserts

    story = ["The council met on Tuesday.", "The vote was close.", "The budget passes next week."]
    teasers = [
        "Read more: Ten hot spots to watch in 2026",
        "READ MORE: The best cleaning apps to run your business",
        "Les også: Tone Example ofret musikkarrieren for barna",
        "Lesen Sie auch: Der Haushalt in der Kritik",
        "Also read: How to evaluate a provider",
        "Читайте також: Рада ухвалила бюджет",
        "Baca juga: DPR sahkan anggaran",
        "اقرأ أيضا: البرلمان يقر الموازنة",
        "यह भी पढ़ें: संसद ने बजट पास किया",
        "อ่านเพิ่มเติม: สภาผ่านงบประมาณ",
        # Greek in capitals has no accents; Polish, Turkish, Persian, Hebrew, Chinese, Japanese
        "ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ: Η Βουλή ψήφισε τον προϋπολογισμό",
        "Zobacz także: Sejm przyjął budżet",
        "İLGİLİ HABER: Meclis bütçeyi kabul etti",
        "بیشتر بخوانید: مجلس بودجه را تصویب کرد",
        "קראו גם: הכנסת אישרה את התקציב",
        "延伸阅读：全国人大通过预算案",
        "関連記事：国会で予算が成立",
    ]
    text = "\n\n".join([story[0], *teasers[:3], story[1], *teasers[3:], story[2]])
    assert without_inserts(text) == "\n\n".join(story)
    # a sentence that only starts like one, or a long paragraph after such a label, stays
    kept = "Read more about the plan in the council's minutes.\n\nRelated: " + "words of the story " * 20
    assert without_inserts(kept) == kept
    captions = [
        "The council chamber on Tuesday. Photo: Jane Example",
        "A portrait of the mayor in 2004 (Picture credit: Getty)",
        "Die Ratssitzung am Dienstag. Bild: Max Muster",
        "Crowds outside the hall. Credit: Andriy Example / Getty Images",
        "Statsministeren i Stortinget. Foto: NTB",
        "Premier w Sejmie. Fot. PAP",
        "Премьер в Думе. Фото: ТАСС",
        "De premier in de Kamer / ANP",
        "Ο πρωθυπουργός στη Βουλή. Φωτογραφία: Reuters",
        "Thủ tướng tại Quốc hội. Ảnh: AP",
        "رئيس الوزراء في البرلمان. صورة: رويترز",
        "प्रधानमंत्री संसद में। फोटो: पीटीआई",
        "نخست وزیر در مجلس (عکس: ایرنا)",
        "ראש הממשלה בכנסת (צילום: אלכס דוגמה)",
        "3月3日，全国政协会议在北京人民大会堂开幕。新华社记者 赵刚 摄",
        "（記者李大華攝）",
        "国会議事堂の前に集まった人々（写真：共同）",
    ]
    assert without_inserts("\n\n".join([story[0], captions[0], story[1], *captions[1:], story[2]])) == "\n\n".join(
        story
    )
    # another page's teaser ends with the link to it; a sentence that ends on "more" is no teaser
    others = [
        "Der Komet trägt jetzt den Namen seines Entdeckers. mehr",
        "Its battery life and bright screen make it a better pick.\nRead More",
        "Simple, fast and effective protection. Learn more ›",
    ]
    assert without_inserts("\n\n".join([story[0], *others[:2], story[1], others[2], story[2]])) == "\n\n".join(story)
    kept = "The plan costs $1,000 or more.\n\nWe couldn't agree more."
    assert without_inserts(kept) == kept
    # a sentence that ends on the verb "to film" (拍摄), or points at a figure, is no credit
    kept = "游客在景区拍摄\n\n如下图：这是一个例子"
    assert without_inserts(kept) == kept
    # the labels of the page's furniture and its consent notices, before, between and after the
    # paragraphs; a sentence about advertising stays
    furniture = [
        "Skip to content",
        "Back to blog",
        "Table of Contents",
        "Share this post",
        "Written by",
        "Last updated on:",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Anzeige",
        "Реклама",
        "إعلان",
        "विज्ञापन",
        "Link zum YouTube-Inhalt",
        "We use cookies on our website to give you the most relevant experience. Manage consent",
        "Ich bin damit einverstanden, dass mir der externe Inhalt angezeigt wird.",
        "Back to top",
        "End of Article",
        "Related articles",
        "Más información",
    ]
    text = "\n\n".join(
        [*furniture[:6], story[0], *furniture[6:13], story[1], *furniture[13:15], story[2], *furniture[15:]]
    )
    assert without_inserts(text) == "\n\n".join(story)
    kept = "Advertisement revenue fell.\n\nSponsored content grew.\n\nThe contents of the report."
    assert without_inserts(kept) == kept
    # a table row that only starts with "Credit:" is no caption
    table = "Cost per Credit:\nIn-State | $472\nOut-of-State | $472"
    assert without_inserts(f"{story[0]}\n\n{table}") == f"{story[0]}\n\n{table}"
    paragraphs = "".join(f"<p>{line}</p>" for line in (story[0], teasers[0], story[1], story[2]))
    page = f"<html><body><article><h1>Council votes</h1>{paragraphs}</article></body></html>".encode()
    options = ExtractionOptions(detection=False)
    record = extract_page(page, "https://news.example/2024/05/01/council-votes", options=options).record
    assert record is not None and "Read more" not in record["text"] and "The vote was close." in record["text"]


def test_a_byline_line_above_or_under_the_story_is_dropped_a_sentence_naming_the_writer_stays():
    from archiver.extraction.text import without_byline

    story = ["The council met on Tuesday.", "The vote was close.", "The budget passes next week."]
    for byline in (
        "By Jane Example",
        "Von Anna Muster",
        "- Jane Example\n- Sep 26, 2022\n- 2 min read",
        # the date line that goes on with the byline
        "5:45 AM PST 11/19/2019 by Jane Example",
        "May 2, 2024 · By Jane Example",
        "Posted on December 18, 2025 Posted by Jane Example 59 Comments",
    ):
        authors = ["Anna Muster"] if byline.startswith("Von") else ["Jane Example"]
        assert without_byline("\n\n".join([byline, *story]), authors) == "\n\n".join(story)
        assert without_byline("\n\n".join([*story, byline]), authors) == "\n\n".join(story)
        # another writer's name, or no authors in the record: the line stays
        assert without_byline("\n\n".join([byline, *story]), ["Other Writer"]) == "\n\n".join([byline, *story])
    sentence = "This post was written by Jane Example, our council reporter."
    assert without_byline("\n\n".join([sentence, *story]), ["Jane Example"]) == "\n\n".join([sentence, *story])


def test_links_come_from_the_same_parse_for_articles_and_listings():
    from archiver.extraction.page import extract_page

    listing = (
        b"<html><head><link rel='alternate' type='application/rss+xml' href='/rss'></head><body>"
        + b"".join(b"<h3><a href='/2025/01/story-%d/'>Story %d</a></h3>" % (n, n) for n in range(30))
        + b"</body></html>"
    )
    result = extract_page(
        listing, "https://n.example/section/x/", content_type="text/html", options=ExtractionOptions(links=True)
    )
    assert result.record is None and result.links is not None
    assert result.links.pages[0] == "https://n.example/2025/01/story-0/" and len(result.links.pages) == 30
    assert result.links.feeds == ("https://n.example/rss",)
    assert extract_page(listing, "https://n.example/section/x/").links is None


@pytest.mark.parametrize(
    ("fast_text", "page_chars", "second_opinion"),
    [
        ("\n\n".join(PARAGRAPHS), 1200, False),  # most of the page, in paragraphs
        (PARAGRAPHS[0], 4000, True),  # a teaser's worth of a long page
        ("", 4000, True),
        (" ".join(PARAGRAPHS * 3), len(" ".join(PARAGRAPHS * 3)) + 50, True),  # the whole page in one block
    ],
)
def test_second_opinion_only_where_the_fast_text_looks_wrong(
    monkeypatch: pytest.MonkeyPatch, fast_text: str, page_chars: int, second_opinion: bool
) -> None:
    passes: list[bool] = []

    def fake_trafilatura_text(tree: object, url: str, extractor: Any) -> str:
        passes.append(extractor.fast)
        return fast_text if extractor.fast else "the full cascade's text"

    monkeypatch.setattr(extraction_text, "_trafilatura_text", fake_trafilatura_text)
    text = extraction_text.main_text(
        document_fromstring("<html><body><p>x</p></body></html>"), ARTICLE_URL, VisibleText("", page_chars, 0)
    )
    assert passes == ([True, False] if second_opinion else [True])
    assert text == ("the full cascade's text" if second_opinion else fast_text)


def test_a_story_cut_into_blocks_by_advertising_rails_is_read_whole() -> None:
    chunks = [
        f"<div class='grid'><div class='body article__body'><p>{a}</p><p>{b}</p></div>"
        "<aside class='ad-rail'>Advertisement</aside></div>"
        for a, b in (PARAGRAPHS[:2], PARAGRAPHS[2:])
    ]
    page = (
        f"<html><body><article><h1>Council approves new budget for parks</h1>{''.join(chunks)}</article></body></html>"
    )
    tree = document_fromstring(page)
    assert extraction_text.main_text(tree, ARTICLE_URL, None).split("\n\n") == PARAGRAPHS
    assert len(tree.find_class("article__body")) == 2  # the page itself is left as it was
    # ... but two stories of a listing, each in an <article> of its own, are not one story
    listing = "".join(
        f"<article><h2>Story {n}</h2><div class='article__body'><p>{a}</p><p>{b}</p></div></article>"
        for n, (a, b) in enumerate((PARAGRAPHS[:2], PARAGRAPHS[2:]))
    )
    text = extraction_text.main_text(document_fromstring(f"<html><body>{listing}</body></html>"), ARTICLE_URL, None)
    assert PARAGRAPHS[2] not in text
    # ... nor a list of many blocks of one class, which is not copied to be joined
    items = "".join(f"<div class='article__body'><p>{PARAGRAPHS[0]}</p></div>" for _ in range(40))
    many = document_fromstring(f"<html><body><article>{items}</article></body></html>")
    assert extraction_text.with_story_chunks_joined(many) is many


def test_a_paragraph_in_a_teaser_block_is_kept():
    # CMSs mark the standfirst or the first paragraphs of a story "teaser"; the balanced rules
    # cut every such block, the recall-minded fast pass keeps them
    html = article_html().replace(
        f"<p>{PARAGRAPHS[0]}</p>".encode(), f"<div class='story-teaser'><p>{PARAGRAPHS[0]}</p></div>".encode()
    )
    record = extract_page(html, ARTICLE_URL).record
    assert record is not None
    assert record["text"].split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("October 12, 2017\n\nThe story.\n\nIts end.", "The story.\n\nIts end."),
        ("The story.\n\nLast updated on September 16th, 2023 at 09:27 am\n\nIts end.", "The story.\n\nIts end."),
        ("UPDATED: Tue., Nov. 19, 2019\n\nThe story.", "The story."),
        ("The story.\n\nFirst Published: Tuesday, November 19, 2019 08:38 AM", "The story."),
        ("On May 3, 2024 the council met.\n\nThe story.", "On May 3, 2024 the council met.\n\nThe story."),
        (
            "The story.\n\nMarch 2024\n\nIts end.\n\nMore of it.\n\nThe last paragraph.",
            "The story.\n\nIts end.\n\nMore of it.\n\nThe last paragraph.",
        ),
        (
            "The story.\n\nIts end.\n\nMore of it.\n\nMarch 3, 2024\n\nThe last paragraph.",
            "The story.\n\nIts end.\n\nMore of it.\n\nMarch 3, 2024\n\nThe last paragraph.",
        ),
        ("March 3, 2024", "March 3, 2024"),
        # in other languages, and under a headline in the same block
        ("Veröffentlicht am 3. Mai 2024 um 10:30 Uhr\n\nThe story.", "The story."),
        ("segunda-feira, 22 de janeiro de 2018 às 0:13\n\nThe story.", "The story."),
        ("2025年1月14日 01時28分 (1月14日 01時40分更新)\n\nThe story.", "The story."),
        ("Council approves the budget\n30. Januar 2024\n\nThe story.", "Council approves the budget\n\nThe story."),
        ("Le conseil a voté le 3 mai 2024.\n\nThe story.", "Le conseil a voté le 3 mai 2024.\n\nThe story."),
        ("Опубликовано: 10 апреля 2025, 10:30\n\nThe story.", "The story."),
        ("Diperbarui 10 April 2025, 10:30 WIB\n\nThe story.", "The story."),
        ("Thứ năm, 10/4/2025, 08:00 (GMT+7)\n\nThe story.", "The story."),
        ("آخر تحديث: ١٠ أبريل ٢٠٢٥\n\nThe story.", "The story."),
        ("प्रकाशित: 10 अप्रैल 2025\n\nThe story.", "The story."),
        ("เผยแพร่ 10 เม.ย. 2568\n\nThe story.", "The story."),
        ("기사입력 2013-10-24 03:00:00 기사수정 2013-10-24 03:00:00\n\nThe story.", "The story."),
        # the date and the reading time in one line
        ("December 15, 2025 // 8 min read\n\nThe story.", "The story."),
        ("5 min read · May 2, 2024\n\nThe story.", "The story."),
        ("The council met · May 2, 2024\n\nThe story.", "The council met · May 2, 2024\n\nThe story."),
        ("입력 2024.05.01 10:00  수정 2024.05.01 11:20\n\nThe story.", "The story."),
        ("수정된 법안이 2024.05.01 통과됐다.\n\nThe story.", "수정된 법안이 2024.05.01 통과됐다.\n\nThe story."),
        # the place or the desk before the date, apart from it
        ("New Delhi, City Bureau | Updated : 19 November 2019, 09:01 AM\n\nThe story.", "The story."),
        ("The council met. | May 2, 2024\n\nThe story.", "The council met. | May 2, 2024\n\nThe story."),
    ],
)
def test_date_lines_above_and_below_the_story_are_dropped(text: str, kept: str) -> None:
    from archiver.extraction.text import drop_date_stamps

    assert drop_date_stamps(text) == kept


def test_ruby_readings_stay_in_the_text_in_parentheses():
    paragraphs = [
        "韓国の<ruby><rb>尹錫悦</rb><rp>（</rp><rt>ユンソンニョル</rt><rp>）</rp></ruby>大統領は３日夜、緊急談話を出した。"
        * 3,
        "野党は<ruby>弾劾<rt>だんがい</rt></ruby>訴追案を提出している。" * 3,
    ]
    html = article_html().replace(
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS).encode(), "".join(f"<p>{p}</p>" for p in paragraphs).encode()
    )
    record = extract_page(html, ARTICLE_URL, options=ExtractionOptions(detection=False)).record
    assert record is not None
    assert "韓国の尹錫悦（ユンソンニョル）大統領は" in record["text"]
    assert "野党は弾劾（だんがい）訴追案" in record["text"]


@pytest.mark.parametrize(
    "block",
    [
        '<div class="img_box"><div class="photo"><img src="/a.jpg"></div><p class="cap">Photo: Agency</p></div>',
        "<table><tr><td>Photo: Agency</td></tr></table>",
        "<h2>Photo: Agency</h2>",
        "<ul><li>Photo: Agency</li></ul>",
    ],
)
def test_bare_text_after_a_block_is_kept(block):
    # a story set as bare text between line breaks, opened after a photo's box: trafilatura's
    # recall pass drops the text loose after such a block
    lead = "Anchor: After heavy rain on Monday, strong cold winds brought early winter temperatures to the city."
    story = block + f" {lead} <br><br>" + "<br><br>".join(PARAGRAPHS)
    html = article_html().replace("".join(f"<p>{p}</p>" for p in PARAGRAPHS).encode(), story.encode())
    record = extract_page(html, ARTICLE_URL, options=ExtractionOptions(detection=False)).record
    assert record is not None
    assert lead in record["text"].split("\n\n")
    assert record["text"].count("Anchor:") == 1


@pytest.mark.parametrize(("second_opinion_chars", "kept"), [(800, "second"), (300, "first")])
def test_a_reading_that_holds_the_sites_menus_gets_a_second_opinion(
    monkeypatch: pytest.MonkeyPatch, second_opinion_chars: int, kept: str
) -> None:
    # trafilatura's fast pass read most of the page, its menus with the story: its full cascade
    # reads the page again, and its reading is kept unless it lost most of the story
    menus = "\n".join(f"- {item}" for item in ("Home", "News", "Politics", "Business", "Sport", "Culture") * 2)
    first = menus + "\n\n" + "\n\n".join(PARAGRAPHS)
    second = ("The story. " * 200)[:second_opinion_chars]

    def reading(tree: Any, url: str, extractor: Any) -> str:
        return first if extractor is extraction_text._FAST_EXTRACTOR else second

    monkeypatch.setattr(extraction_text, "_trafilatura_text", reading)
    tree = document_fromstring(article_html().decode())
    visible = VisibleText(lower="", chars=len(first) + 100, link_chars=None)
    text = extraction_text.main_text(tree, ARTICLE_URL, visible)
    assert text == (second if kept == "second" else first)
    # a page whose text is not most of what it shows keeps the first reading
    visible = VisibleText(lower="", chars=3 * len(first), link_chars=None)
    assert extraction_text.main_text(tree, ARTICLE_URL, visible) == first


def test_bare_text_after_an_advertisements_box_and_an_empty_span_is_kept():
    # a story in bare text whose line breaks are empty spans, cut by an advertisement's empty
    # boxes: the text after them follows the span that stands for a line break
    brk = "<span class='br'></span>"
    ad = "<div><div class='js_tbl'></div><div class='mrec_parent'><div id='mid-article-1' class='wdt-box'></div></div></div>"
    story = (
        f"<div class='story'><div class='lead'>Share</div>{PARAGRAPHS[0]}{brk}{PARAGRAPHS[1]}{brk}"
        f"<div class='pic'><img src='/a.jpg'></div>{brk}<span class='strong'>A heading</span>{brk}{brk}"
        f"{PARAGRAPHS[2]}{ad}{brk}" + brk.join(PARAGRAPHS[3:]) + "</div>"
    )
    html = article_html().replace("".join(f"<p>{p}</p>" for p in PARAGRAPHS).encode(), story.encode())
    record = extract_page(html, ARTICLE_URL, options=ExtractionOptions(detection=False)).record
    assert record is not None
    assert all(paragraph in record["text"] for paragraph in PARAGRAPHS)


@pytest.mark.parametrize("tag", ["article", "section", "header", "main"])
def test_the_text_a_sectioning_element_opens_with_is_kept(tag):
    # <article>The story begins...<br><br>It goes on...</article>: both of trafilatura's passes
    # drop the opening text of an <article>, a <section>, a <header> or a <main>
    lead = "Anchor: After heavy rain on Monday, strong cold winds brought early winter temperatures to the city."
    story = f"<{tag} class='arti-body'>{lead} <b>More</b> to come.<br><br>" + "<br><br>".join(PARAGRAPHS) + f"</{tag}>"
    html = article_html().replace("".join(f"<p>{p}</p>" for p in PARAGRAPHS).encode(), story.encode())
    record = extract_page(html, ARTICLE_URL, options=ExtractionOptions(detection=False)).record
    assert record is not None
    assert record["text"].split("\n\n")[0] == f"{lead} More to come."
    assert record["text"].count("Anchor:") == 1


def test_a_layout_tables_empty_rows_and_indentation_are_no_text():
    # a page laid out in tables: spacer rows, and a cell indented by the template
    indent = " " * 40
    rows = "".join(f"<tr><td>{indent}{p}</td><td></td></tr><tr><td> </td><td></td></tr>" for p in PARAGRAPHS)
    table = f"<table><tr><td></td><td></td></tr>{rows}<tr><td>Price</td><td>$472</td></tr></table>"
    html = article_html().replace("".join(f"<p>{p}</p>" for p in PARAGRAPHS).encode(), table.encode())
    record = extract_page(html, ARTICLE_URL, options=ExtractionOptions(detection=False)).record
    assert record is not None
    lines = record["text"].split("\n")
    assert [line for line in lines if line.strip(" |") in PARAGRAPHS] == [f"| {p} | |" for p in PARAGRAPHS]
    assert "| Price | $472 |" in lines
    assert not any(line.strip() and not line.strip(" |") for line in lines)


def test_zero_width_joiners_stay_in_the_text():
    # Persian spells words with the non-joiner; emoji sequences are joined with the joiner
    paragraphs = [
        "دستگاه\u200cهای جدید به\u200cصورت گسترده در کتاب\u200cها استفاده می\u200cشود و مردم راضی هستند. " * 3,
        "The family \U0001f468\u200d\U0001f469\u200d\U0001f467 came to the council meeting on Tuesday night.",
    ]
    # a page builder's empty paragraph, held open by a joiner on its own, is no paragraph
    markup = "<p>\u200d</p>".join(f"<p>{p}</p>" for p in paragraphs)
    html = article_html().replace("".join(f"<p>{p}</p>" for p in PARAGRAPHS).encode(), markup.encode())
    record = extract_page(html, ARTICLE_URL, options=ExtractionOptions(detection=False)).record
    assert record is not None
    assert record["text"].split("\n\n") == [paragraph.strip() for paragraph in paragraphs]
    assert record["word_count"] == 3 * 12 + 10  # a word joined by a non-joiner is one word


def test_a_page_of_many_short_lines_is_read_in_linear_time():
    # a hostile or plain-text page: 100,000 short lines, none a sentence, in trafilatura's output;
    # reaching each by its index walked the lines before it (minutes for such a page)
    from lxml.etree import Element, SubElement

    from archiver.extraction.text import site_link_texts, without_trailing_teasers

    body = Element("body")
    for number in range(100_000):
        SubElement(body, "p").text = f"line {number} of the list"
    started = time.perf_counter()
    without_trailing_teasers(body, site_link_texts(document_fromstring("<p>x</p>"), ARTICLE_URL))
    assert time.perf_counter() - started < 5  # 0.5 s here; 14 s when it walked the lines
    assert len(body) == 100_000


@pytest.mark.parametrize(
    "item",
    [
        "<h1>Heading number {n} here</h1>",  # jusText's neighbour search, in the full cascade
        "<div>By Ann Lee{n}</div>",
        "<meta name='author' content='Ann Lee{n}'>",  # an author tag repeated for each "writer"
    ],
)
def test_a_page_of_ten_thousand_headings_bylines_or_author_tags_is_read_in_seconds(item: str) -> None:
    items = "".join(item.format(n=n) for n in range(10_000))
    page = article_html().replace(b"</article>", b"</article><div>" + items.encode() + b"</div>")
    started = time.perf_counter()
    record = extract_page(page, ARTICLE_URL).record
    assert time.perf_counter() - started < 5  # under a second here; 8 to 10 s before
    assert record is not None
    assert len(record["authors"]) < 30  # the first 20 author tags are read


def test_a_page_declaring_thousands_of_headlines_is_read_in_seconds():
    # each metadata title is compared with every other one; a page of 30,000 declared articles
    # took 20 s, where a story declares one
    nodes = ",".join(f'{{"@type": "NewsArticle", "headline": "Declared headline number {n}"}}' for n in range(30_000))
    html = re.sub(
        rb'<script type="application/ld\+json">.*?</script>',
        f'<script type="application/ld+json">[{nodes}]</script>'.encode(),
        article_html(),
    )
    started = time.perf_counter()
    record = extract_page(html, ARTICLE_URL).record
    assert time.perf_counter() - started < 5  # 0.1 s here
    assert record is not None and record["title"] == "Declared headline number 0"


@pytest.mark.parametrize(
    ("block", "links", "evidence"),
    [
        ("p", 12_000, r"too large: 240\d\d texts in paragraphs"),  # 10 s before
        ("div", 40_000, r"too large: 800\d\d texts"),  # 9 s before
    ],
)
def test_a_page_of_tens_of_thousands_of_links_in_its_story_is_too_large_to_read_and_costs_no_time(
    block: str, links: int, evidence: str
) -> None:
    # trafilatura's time grows with the square of the texts in a story's paragraphs or block
    story = f"<{block}>" + 'some words <a href="/x">a link</a> ' * links + f"</{block}>"
    headline = "<h1>Council approves new budget for parks</h1>"
    page = re.sub(
        rb"<article>.*</article>", f"<article>{headline}{story}</article>".encode(), article_html(), flags=re.S
    )
    started = time.perf_counter()
    extraction = extract_page(page, ARTICLE_URL, options=ExtractionOptions(links=True))
    assert time.perf_counter() - started < 2  # 0.1 s here
    assert (extraction.record, extraction.reason) == (None, "not html")
    assert re.fullmatch(evidence, extraction.evidence or ""), extraction.evidence
    assert extraction.links is not None and extraction.links.pages  # a crawl may still follow them


def test_a_page_declaring_a_hundred_thousand_authors_or_a_megabyte_title_gives_a_bounded_record():
    # a hostile page: every name was cleaned (14 s for 200,000) and all went into the record,
    # as did a megabyte title, canonical link and keyword tag
    authors = json.dumps([{"@type": "Person", "name": f"Jane Doe{n}"} for n in range(100_000)])
    huge = "x" * 1_000_000
    page = (
        article_html()
        .replace(b'"headline": "Council approves new budget for parks"', b'"author": ' + authors.encode())
        .replace(b"<h1>Council approves new budget for parks</h1>", b"")
        .replace(b'href="/2024/05/01/budget"', f'href="/{huge}"'.encode())
        .replace(b"<title>Council approves new budget for parks | City News</title>", f"<title>{huge}</title>".encode())
        .replace(b'<meta property="article:tag" content="parks">', f'<meta name="keywords" content="{huge}">'.encode())
    )
    started = time.perf_counter()
    record = extract_page(page, ARTICLE_URL).record
    assert time.perf_counter() - started < 5  # 0.5 s here
    assert record is not None
    assert record["authors"] == [f"Jane Doe{n}" for n in range(100)]
    assert record["title"] is None
    assert record["canonical_url"] is None
    assert record["tags"] == []
    assert len(record["text"]) < 2_000


@pytest.mark.parametrize("opening", ['{"a":', "["])
def test_a_json_ld_block_nested_deeper_than_the_stack_is_skipped_and_the_page_still_gives_its_record(
    opening: str,
) -> None:
    # a hostile page: json.loads raised RecursionError, and the page gave no record at all
    closing = "}" if opening.startswith("{") else "]"
    deep = f'<script type="application/ld+json">{opening * 20_000}1{closing * 20_000}</script>'
    page = article_html().replace(b"</head>", deep.encode() + b"</head>")
    extraction = extract_page(page, ARTICLE_URL)
    assert extraction.record is not None, extraction.reason
    assert extraction.record["title"] == "Council approves new budget for parks"
    assert extraction.record["published"].startswith("2024-05-01")  # from the page's other JSON-LD block


def _hydration_script(paragraphs: list[str]) -> bytes:
    """A script that carries ``paragraphs`` as HTML in a page's hydration data, as Next.js sends it."""
    story = json.dumps("".join(f"<p>{p}</p>" for p in paragraphs))
    story = story.replace("<", "\\u003c").replace(">", "\\u003e")
    return f"<script>self.__next_f.push([1,{story}])</script>".encode()


def test_a_client_rendered_story_is_read_from_the_data_its_scripts_render():
    markup = "".join(f"<p>{p}</p>" for p in PARAGRAPHS).encode()
    html = article_html().replace(markup, b"<div id='root'></div>" + _hydration_script(PARAGRAPHS))
    assert b"<p>" not in html.split(b"<body>")[1]
    record = extract_page(html, ARTICLE_URL).record
    assert record is not None
    assert record["text"].split("\n\n") == PARAGRAPHS


def test_hydration_data_too_large_to_read_is_not_read():
    # the page is small, the story its scripts carry 50,000 paragraphs: read, they took 4 s (and
    # 200,000 took 50 s)
    markup = "".join(f"<p>{p}</p>" for p in PARAGRAPHS).encode()
    html = article_html().replace(markup, b"<div id='root'></div>" + _hydration_script(["A line."] * 50_000))
    started = time.perf_counter()
    extraction = extract_page(html, ARTICLE_URL)
    assert time.perf_counter() - started < 3  # half a second here
    assert extraction.record is None or "A line." not in extraction.record["text"]


def test_html_escaped_for_javascript_is_read_too_and_a_script_without_paragraphs_gives_nothing():
    from lxml.html import document_fromstring

    from archiver.extraction.hydration import rendered_story

    paragraphs = "".join(f"\\x3cp\\x3e{p}\\x3c/p\\x3e" for p in PARAGRAPHS)
    page = document_fromstring(f'<html><body><script>window.data = {{"html": "{paragraphs}"}}</script></body></html>')
    story = rendered_story(page)
    assert story is not None
    assert [p.text_content() for p in story.iter("p")] == PARAGRAPHS
    settings = '{"theme": "' + "dark " * 200 + '"}'
    assert rendered_story(document_fromstring(f"<html><body><script>{settings}</script></body></html>")) is None


def test_the_story_in_the_markup_wins_over_html_in_the_scripts():
    other = ["A teaser for another story that the page's scripts carry, long enough to count here."] * 8
    html = article_html().replace(b"</body>", _hydration_script(other) + b"</body>")
    record = extract_page(html, ARTICLE_URL).record
    assert record is not None
    assert record["text"].split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    ("page_title", "title"),
    [
        # the news article's declared headline, which no other title repeats, is the story's
        ("Parks win as the council votes money | City News", "Council approves new budget for parks"),
        # where the page's <title> repeats it, it is the title for search: the page shows the headline
        ("Council approves new budget for parks | City News", "Parks win as the council votes money"),
    ],
)
def test_the_headline_the_page_shows_is_not_body_text_where_the_declared_one_differs(page_title, title):
    html = article_html().replace(
        b"<h1>Council approves new budget for parks</h1>", b"<h1>Parks win as the council votes money</h1>"
    )
    html = html.replace(
        b"<title>Council approves new budget for parks | City News</title>", f"<title>{page_title}</title>".encode()
    )
    record = extract_page(html, ARTICLE_URL).record
    assert record is not None
    assert record["title"] == title
    assert record["text"].split("\n\n") == PARAGRAPHS


def test_a_date_line_under_the_headline_is_not_body_text():
    html = article_html().replace(
        b"<h1>Council approves new budget for parks</h1>",
        b"<h1>Council approves new budget for parks</h1><p>Updated: May 1, 2024 9:30 AM</p>",
    )
    record = extract_page(html, ARTICLE_URL).record
    assert record is not None
    assert record["text"].split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    ("under_headline", "kept"),
    [
        ("<h2>The vote sets aside more money for parks than in any year before</h2>", False),
        ("<h2>Background</h2>", True),
    ],
)
def test_the_standfirst_under_the_headline_is_not_body_text(under_headline: str, kept: bool) -> None:
    html = article_html().replace(b"</h1>", b"</h1>" + under_headline.encode())
    record = extract_page(html, ARTICLE_URL).record
    assert record is not None
    heading = re.sub(r"<[^>]+>", "", under_headline)
    assert record["text"].split("\n\n") == ([heading] if kept else []) + PARAGRAPHS


def test_a_list_of_links_to_other_stories_is_not_body_text() -> None:
    from lxml import etree

    from archiver.extraction.text import site_link_texts, without_link_lists

    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    teasers = "".join(
        f'<li><a href="/2024/05/0{n}/story-{n}"><h3>Another story of the day, number {n}, told here</h3>'
        f"<span>20:0{n}</span></a></li>"
        for n in range(1, 5)
    )
    page = (
        f"<html><body><article><h1>Council approves new budget for parks</h1>{body[: len(body) // 2]}"
        f"<h4>Top stories</h4><ul>{teasers}</ul>{body[len(body) // 2 :]}</article></body></html>"
    )
    record = extract_page(page.encode(), ARTICLE_URL).record
    assert record is not None
    assert "Another story of the day" not in record["text"]
    assert "Top stories" not in record["text"]
    assert PARAGRAPHS[-1] in record["text"]
    # links to other sites are what the story cites, and items that say more than their link stay
    source = document_fromstring(
        '<html><body><a href="https://other.example/a">Report one</a><a href="https://other.example/b">Report two</a>'
        '<a href="https://other.example/c">Report three</a><a href="/x">Tool A</a><a href="/y">Tool B</a>'
        '<a href="/z">Tool C</a></body></html>'
    )
    output = etree.fromstring(
        "<body><list><item>Report one</item><item>Report two</item><item>Report three</item></list>"
        "<list><item>Tool A: keeps the books</item><item>Tool B: sends the bills</item><item>Tool C</item></list></body>"
    )
    assert len(without_link_lists(output, site_link_texts(source, ARTICLE_URL))) == 2
    # a teaser's kicker before its link and its time after it are still a teaser; other words
    # after the link say more than the link
    source = document_fromstring(
        "<html><body>"
        + "".join(f'<a href="/2024/05/0{n}/story">Another story of the day, number {n}</a>' for n in range(1, 4))
        + "".join(f'<a href="/course/{n}">Course number {n}</a>' for n in range(1, 4))
        + "</body></html>"
    )
    output = etree.fromstring(
        "<body><list><item>Health: Another story of the day, number 1</item>"
        "<item>Another story of the day, number 2 20/1/2026 05:10</item>"
        "<item>Another story of the day, number 3</item></list>"
        "<list>" + "".join(f"<item>Course number {n} (4 hours/6 items)</item>" for n in range(1, 4)) + "</list></body>"
    )
    assert [len(element) for element in without_link_lists(output, site_link_texts(source, ARTICLE_URL))] == [3]


def test_teasers_after_the_story_are_not_body_text() -> None:
    from lxml import etree

    from archiver.extraction.text import site_link_texts, without_trailing_teasers

    # the teasers are no list: "More from the region", then each story's kicker and headline,
    # then its headline again as the link
    teasers = "".join(
        f"<h3>Region Another story of the day, number {n}</h3>"
        f"<p><a href='/2024/05/0{n}/story-{n}'>Another story of the day, number {n}</a></p>"
        for n in range(1, 4)
    )
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = (
        f"<html><body><article><h1>Council approves new budget for parks</h1>{body}"
        f"<h2>More from the region</h2>{teasers}</article></body></html>"
    )
    record = extract_page(page.encode(), ARTICLE_URL).record
    assert record is not None
    assert record["text"].split("\n\n") == PARAGRAPHS
    # one link among the story's closing lines is no run of teasers, nor is a contents list
    # that links the story's own headings
    source = document_fromstring(
        f'<html><body><a href="/about">About the author</a><a href="{ARTICLE_URL}#costs">What it costs</a>'
        '<a href="#when">When it opens</a></body></html>'
    )
    output = etree.fromstring(
        "<body><p>The story's first paragraph, which says what happened.</p><head>What it costs</head>"
        "<p>More than last year.</p><head>When it opens</head><p>In June</p><p>About the author</p></body>"
    )
    assert len(without_trailing_teasers(output, site_link_texts(source, ARTICLE_URL))) == 6


@pytest.mark.parametrize("name", ["teaser", "blog-related-articles"])
def test_blocks_of_links_to_other_stories_are_pruned_before_extraction(name: str) -> None:
    from archiver.extraction.text import without_promotions

    # trafilatura prunes such blocks itself unless that removes much of the page; then it keeps them all
    page = document_fromstring(
        f"<html><body><article><div class='article__teaser'><p>The council approved the budget on Monday, "
        f"<a href='/council'>the council</a> said.</p></div><p>{PARAGRAPHS[0]}</p>"
        f"<section class='{name}'><h3><a href='/2024/05/02/story'>Another story of the day</a></h3>"
        "<p>Its summary, which says what happened in the town.</p></section></article></body></html>"
    )
    pruned = without_promotions(page)
    assert "Another story" not in pruned.text_content()
    assert "Its summary" not in pruned.text_content()
    assert "The council approved the budget on Monday" in pruned.text_content()
    assert "Another story" in page.text_content()  # the page itself is left as it was


def test_cards_of_other_stories_are_pruned_whatever_their_class() -> None:
    from archiver.extraction.text import without_promotions

    card = (
        "<article class='x7f3a'><a href='/2024/05/02/story'>Another story of the day</a>"
        "<p>Its summary, which says what happened in the town.</p></article>"
    )
    page = document_fromstring(
        f"<html><body><main><h1>Council votes</h1><p>{PARAGRAPHS[0]}</p>{card}<p>{PARAGRAPHS[1]}</p></main></body></html>"
    )
    assert "Another story" not in without_promotions(page).text_content()
    # the story's own <article>, however short, holds the headline
    short = document_fromstring(
        "<html><body><article><h1>Council votes</h1><p>The council voted, <a href='/council'>its clerk</a> "
        "said.</p></article></body></html>"
    )
    assert without_promotions(short) is short
    # ... and so does the page's longest <article>, a brief under a headline set above it
    brief = document_fromstring(
        "<html><body><header><h1>Council votes</h1></header><article><p>The council voted, "
        "<a href='/council'>its clerk</a> said.</p></article></body></html>"
    )
    assert without_promotions(brief) is brief


def test_calls_to_action_set_into_the_story_are_not_body_text() -> None:
    promo = (
        "<div class='InlineDonationPromo'><p>Wait! Before you go on about your day, ask yourself how likely "
        "it is that another outlet would have told this story.</p><a href='/donate'>Become a member</a></div>"
        "<aside id='newsletter-box'><p>The morning briefing: what happened overnight, every weekday.</p>"
        "<form action='/signup'><input type='email' name='email'><button>Go</button></form></aside>"
    )
    paragraphs = [f"<p>{p}</p>" for p in PARAGRAPHS]
    body = "".join(paragraphs[:2]) + promo + "".join(paragraphs[2:])
    page = f"<html><body><article><h1>Council approves new budget for parks</h1>{body}</article></body></html>"
    record = extract_page(page.encode(), ARTICLE_URL).record
    assert record is not None
    assert record["text"].split("\n\n") == PARAGRAPHS
    # a donation appeal makes its case at more length
    appeal = (
        "<div class='donation-epic'><p>"
        + "Independent reporting like this takes time and money, and it is free for everyone to read. " * 8
        + "</p><a href='/donate'>Support us</a></div>"
    )
    record = extract_page(page.replace(promo, appeal).encode(), ARTICLE_URL).record
    assert record is not None
    assert record["text"].split("\n\n") == PARAGRAPHS
    # a paragraph of the story that the site marks for its subscribers stays
    marked = page.replace(paragraphs[1], paragraphs[1].replace("<p>", "<p class='subscriber-only'>"))
    record = extract_page(marked.encode(), ARTICLE_URL).record
    assert record is not None
    assert record["text"].split("\n\n") == PARAGRAPHS


def test_teaser_blocks_of_other_stories_are_not_body_text() -> None:
    # each teaser: the other story's headline as a link, over its summary in sentences
    teaser = (
        "<div class='teaser'><h2><a href='/2024/05/0{n}/story-{n}'>Another story of the day, number {n}</a></h2>"
        "<div class='summary'><p>The summary of another story of the day, which says what happened "
        "in the town number {n} this week.</p></div></div>"
    )
    teasers = "".join(teaser.replace("{n}", str(n)) for n in range(1, 4))
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = f"<html><body><article><h1>Council approves new budget for parks</h1>{body}{teasers}</article></body></html>"
    record = extract_page(page.encode(), ARTICLE_URL).record
    assert record is not None
    assert record["text"].split("\n\n") == PARAGRAPHS
    # a block so named whose links are a small part of it is the story's own
    lead = (
        "<div class='article__teaser'><p>The council approved the budget on Monday, after a debate that took "
        "most of the evening, <a href='/council'>the council</a> said.</p></div>"
    )
    record = extract_page(page.replace(body, lead + body).encode(), ARTICLE_URL).record
    assert record is not None
    assert record["text"].startswith("The council approved the budget on Monday")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ('"It begins soon"Trump speaks of ground operations\n\nThe story.', "The story."),
        ("Trump speaks of ground operations\n\nThe story.", "The story."),
        ('"It begins soon": Trump speaks of ground operations\n\nThe story.', "The story."),
        ("A different opening line of the story\n\nThe story.", "A different opening line of the story\n\nThe story."),
        # the furniture above the headline goes with it: a video's caption and length
        ("Ground operations | News at six\n\n02:57 min.\n\nTrump speaks of ground operations\n\nThe story.",
         "The story."),
        # ... but a paragraph of the story before a line that repeats the headline is no furniture
        ("The president said on Monday that ground operations would begin soon, aides said.\n\n"
         "Trump speaks of ground operations\n\nThe story.",
         "The president said on Monday that ground operations would begin soon, aides said.\n\n"
         "Trump speaks of ground operations\n\nThe story."),
    ],
)  # fmt: skip
def test_the_headline_opening_the_text_is_not_body_text(text: str, kept: str) -> None:
    from archiver.extraction.text import without_headline

    assert without_headline(text, '"It begins soon": Trump speaks of ground operations') == kept


def test_the_writers_bio_at_the_end_of_the_story_is_not_body_text() -> None:
    from archiver.extraction.text import without_author_bio

    story = "Jane Doe met the mayor on Monday.\n\nThe council voted.\n\nThe parks get more money."
    bio = "Jane Doe is a health reporter. She has covered the city since 2010."
    assert without_author_bio(f"{story}\n\n{bio}", ["Jane Doe"]) == story
    assert without_author_bio(f"{story}\n\nAbout Jane Doe: she covers the city.", ["Jane Doe"]) == story
    assert without_author_bio(f"{story}\n\nAnna Muster ist Korrespondentin in Berlin.", ["Anna Muster"]) == story
    # the story's own first paragraph, a long paragraph, another name and a first name alone stay
    assert without_author_bio(story, ["Jane Doe"]) == story
    long = "Jane Doe " + "wrote about the parks and the council for years " * 10
    assert without_author_bio(f"{story}\n\n{long}", ["Jane Doe"]) == f"{story}\n\n{long}"
    assert without_author_bio(f"{story}\n\n{bio}", ["John Roe"]) == f"{story}\n\n{bio}"
    assert without_author_bio(f"{story}\n\nJane is a reporter.", ["Jane"]) == f"{story}\n\nJane is a reporter."
    # in a record, for the authors it names
    html = article_html().replace(b"</article>", f"<p>{bio}</p></article>".encode())
    record = extract_page(html, ARTICLE_URL).record
    assert record is not None
    assert record["text"].split("\n\n") == PARAGRAPHS


def test_reading_times_and_calls_to_action_in_other_languages_are_not_body_text() -> None:
    from archiver.extraction.text import drop_date_stamps, trim_trailing_boilerplate

    story = "Der Stadtrat hat am Dienstag abgestimmt.\n\nDie Mehrheit war knapp."
    assert drop_date_stamps("Lesedauer: 4 Minuten\n\n" + story) == story
    assert drop_date_stamps("5 min read\n\n" + story) == story
    for line in (
        "3 min lesetid",
        "4 min läsning",
        "Czas czytania: 5 min",
        "4 dk okuma",
        "Tempo de leitura: 4 min",
        "Время чтения: 5 минут",
        "Waktu baca: 3 menit",
        "เวลาอ่าน 3 นาที",  # the minutes' word ends with a combining mark
    ):
        assert drop_date_stamps(f"{line}\n\n{story}") == story
    assert trim_trailing_boilerplate(story + "\n\nWie hat Ihnen dieser Artikel gefallen?\n\nKommentar abgeben") == story
    assert trim_trailing_boilerplate(story + "\n\nAbonnez-vous à notre newsletter") == story
    assert trim_trailing_boilerplate(story + "\n\nSuscríbete para seguir leyendo") == story
    assert trim_trailing_boilerplate(story + "\n\n© RIPRODUZIONE RISERVATA") == story
    for line in ("Síguenos en Facebook y X", "Seguici su Instagram", "Suivez-nous sur X", "Volg ons op Instagram"):
        assert trim_trailing_boilerplate(f"{story}\n\n{line}") == story
    # calls to comment, to turn on push notifications, the Trust Project's badge
    for ending in (
        "Kommentare (12)\n\nWir freuen uns über Ihren Kommentar. Bitte beachten Sie unsere Netiquette.",
        "Komentarze (214)\n\nZaloguj się, aby dodać komentarz.",
        "Wil je op de hoogte blijven van het laatste nieuws? Download de app en zet pushmeldingen aan.",
        "Se adhiere a los criterios de The Trust Project",
    ):
        assert trim_trailing_boilerplate(f"{story}\n\n{ending}") == story
    # the heading of the comments, with their count
    assert trim_trailing_boilerplate(story + "\n\nKommentare (12)") == story
    assert trim_trailing_boilerplate(story + "\n\nKomentarze (214)") == story
    for line in (
        "Oluşturulma Tarihi: 03 Mart 2025 14:05",
        "Son Güncelleme: 04.03.2025 10:00",
        "تاریخ انتشار: ۱۳ اسفند ۱۴۰۳ - ۱۴:۰۵",
        "آخرین به\u200cروزرسانی: ۱۴۰۳/۱۲/۱۴",
    ):
        assert drop_date_stamps(f"{line}\n\n{story}") == story


@pytest.mark.parametrize(("kind", "published"), [("NewsArticle", "2023-03-01"), ("BlogPosting", "2025-11-20")])
def test_a_shown_revision_date_dates_a_guide_not_a_news_story(kind: str, published: str) -> None:
    # the page declares its first publication and its revision, and shows only the revision
    html = article_html().decode()
    html = html.replace('"NewsArticle"', f'"{kind}"').replace("2024-05-01T09:30:00+02:00", "2023-03-01")
    html = html.replace('"dateModified": "2024-05-02"', '"dateModified": "2025-11-20"')
    html = html.replace("</h1>", "</h1><p class='post-meta'>November 20, 2025</p>")
    record = extract_page(html.encode(), "https://news.example.com/guides/parks-budget-explained").record
    assert record is not None
    assert record["published"][:10] == published
