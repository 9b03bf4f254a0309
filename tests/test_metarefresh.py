"""The meta-refresh middleware: Scrapy's redirects, without decoding pages that declare none."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import (
    MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware,
)
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from archiver.crawl.metarefresh import MetaRefreshMiddleware

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "article-extraction-benchmark" / "html"
REFRESH = '<meta http-equiv="refresh" content="0; url=/moved/">'


def page(head: str, filler: str = "", *, before: str = "") -> str:
    return f"<html><head>{before}{head}</head><body><p>{filler}</p></body></html>"


def _outcome(result: Request | Response) -> tuple[object, ...]:
    if isinstance(result, Request):
        return ("redirect", result.url, result.method, sorted(result.meta.get("redirect_urls", [])))
    return ("response", result.url, result.body)


def _both(body: bytes, headers: dict[str, str], settings: dict[str, object] | None = None):
    crawler = get_crawler(settings_dict=settings or {})
    results = []
    for middleware_class in (ScrapyMetaRefreshMiddleware, MetaRefreshMiddleware):
        response = HtmlResponse("http://example.org/page", body=body, headers=headers)
        request = Request("http://example.org/page")
        results.append(_outcome(middleware_class.from_crawler(crawler).process_response(request, response)))
    return results


CASES = {
    "refresh in the head": (page(REFRESH).encode(), "text/html; charset=utf-8", "redirect"),
    "no refresh": (page("<title>t</title>", "x" * 50_000).encode(), "text/html; charset=utf-8", "response"),
    "refresh past 4,096 characters": (
        page("", before="<title>" + "x" * 5000 + "</title>" + REFRESH).encode(),
        "text/html; charset=utf-8",
        "response",
    ),
    # 3,000 two-byte characters: the refresh starts past byte 4,096 but within character 4,096.
    "refresh past 4,096 bytes": (
        page("", before="<title>" + "\u00e9" * 3000 + "</title>" + REFRESH).encode(),
        "text/html; charset=utf-8",
        "redirect",
    ),
    "refresh past 4,096 four-byte characters": (
        page("", before="<title>" + "\U0001f600" * 4100 + "</title>" + REFRESH).encode(),
        "text/html; charset=utf-8",
        "response",
    ),
    "refresh in noscript": (page("", before=f"<noscript>{REFRESH}</noscript>").encode(), "text/html", "response"),
    "no declared charset": (page(REFRESH, "caf\u00e9").encode(), "text/html", "redirect"),
    "charset in a meta tag": (
        ('<meta charset="windows-1252">' + page(REFRESH, "caf\u00e9")).encode("cp1252"),
        "text/html",
        "redirect",
    ),
    "utf-16 with a byte order mark": (b"\xff\xfe" + page(REFRESH).encode("utf-16-le"), "text/html", "redirect"),
    "utf-16 without refresh": (b"\xff\xfe" + page("<title>t</title>").encode("utf-16-le"), "text/html", "response"),
    # w3lib reads a page declared UTF-7 as windows-1252, so "+AHI-efresh" is not "refresh".
    "utf-7": (page(REFRESH.replace("refresh", "+AHI-efresh")).encode(), "text/html; charset=utf-7", "response"),
    "euc-kr, left to Scrapy's check": (
        page(REFRESH, "\ud55c").encode("euc_kr"),
        "text/html; charset=euc-kr",
        "redirect",
    ),
    "invalid utf-8": (page(REFRESH).encode() + b"\xff\xfe", "text/html; charset=utf-8", "redirect"),
    "cut multi-byte character": (
        page(REFRESH).encode()[:-3] + "\u20ac".encode()[:2],
        "text/html; charset=utf-8",
        "redirect",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_outcome_as_scrapys(name):
    body, content_type, expected = CASES[name]
    scrapy_outcome, ours = _both(body, {"Content-Type": content_type})
    assert ours == scrapy_outcome
    assert ours[0] == expected


def test_ignore_tags_setting_is_followed():
    body = page("", before=f"<noscript>{REFRESH}</noscript>").encode()
    scrapy_outcome, ours = _both(body, {"Content-Type": "text/html"}, {"METAREFRESH_IGNORE_TAGS": []})
    assert ours == scrapy_outcome
    assert ours[0] == "redirect"


@pytest.mark.parametrize("target", ["javascript:alert(1)", "http://[bad"])
def test_a_refresh_to_no_url_leaves_the_page_to_be_read(target):
    # Scrapy's middleware raises ValueError here, and the page failed with its text
    middleware = MetaRefreshMiddleware.from_crawler(get_crawler())
    body = page(f'<meta http-equiv="refresh" content="0; url={target}">', "The story.").encode()
    response = HtmlResponse("http://example.org/page", body=body, headers={"Content-Type": "text/html"})
    assert middleware.process_response(Request("http://example.org/page"), response) is response


def test_a_page_without_refresh_is_not_decoded():
    middleware = MetaRefreshMiddleware.from_crawler(get_crawler())
    response = HtmlResponse(
        "http://example.org/",
        body=page("<title>t</title>", "x" * 50_000).encode(),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    assert not middleware.may_refresh(response)
    assert response._cached_ubody is None  # Scrapy's check would have decoded the whole body


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
def test_real_pages_have_scrapys_outcome_and_most_skip_its_check():
    middleware = MetaRefreshMiddleware.from_crawler(get_crawler())
    skipped = 0
    paths = sorted(CORPUS.glob("*.html.gz"))
    for path in paths:
        body = gzip.decompress(path.read_bytes())
        scrapy_outcome, ours = _both(body, {"Content-Type": "text/html"})
        assert ours == scrapy_outcome, path.name
        response = HtmlResponse("http://example.org/page", body=body, headers={"Content-Type": "text/html"})
        skipped += not middleware.may_refresh(response)
    assert skipped > 0.9 * len(paths)


def test_configured_in_place_of_scrapys():
    from conftest import archiver_crawler
    from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as Scrapys

    middlewares = archiver_crawler().settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares[Scrapys] is None
    assert middlewares[MetaRefreshMiddleware] == 580  # Scrapy's own place
