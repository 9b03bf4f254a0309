"""The content-encoding middleware: Scrapy's results, without charset detection of compressed bytes."""

from __future__ import annotations

import gzip
from collections.abc import Callable

import pytest
import scrapy.http.response.text
from conftest import archiver_crawler  # tests/ is on sys.path
from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import (
    HttpCompressionMiddleware as ScrapyHttpCompressionMiddleware,
)
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse

from archiver.crawl.httpcompression import HttpCompressionMiddleware

PAGE = "<html><head><title>caf\u00e9</title></head><body><p>na\u00efve</p></body></html>".encode("latin-1")


def _as_scrapy_and_ours(make_response: Callable[[], Response], method: str) -> tuple[Response, Response]:
    # Both middlewares change the headers of the response they are given: one response each.
    crawler = archiver_crawler()
    request = Request("http://example.org/page", method=method)
    scrapy_result = ScrapyHttpCompressionMiddleware.from_crawler(crawler).process_response(request, make_response())
    ours = HttpCompressionMiddleware.from_crawler(crawler).process_response(request, make_response())
    return scrapy_result, ours


def _fields(response: Response) -> tuple[object, ...]:
    encoding = response.encoding if isinstance(response, TextResponse) else None
    return (
        type(response),
        response.url,
        response.status,
        response.body,
        list(response.headers.items()),
        response.flags,
        encoding,
    )


@pytest.mark.parametrize(
    ("body", "headers", "response_class", "method"),
    [
        (gzip.compress(PAGE), {"Content-Type": "text/html", "Content-Encoding": "gzip"}, HtmlResponse, "GET"),
        (
            gzip.compress(b"<urlset/>"),
            {"Content-Type": "application/xml", "Content-Encoding": "gzip"},
            XmlResponse,
            "GET",
        ),
        (gzip.compress(PAGE), {"Content-Type": "text/html", "Content-Encoding": "x-custom, gzip"}, HtmlResponse, "GET"),
        (PAGE, {"Content-Type": "text/html; charset=latin-1"}, HtmlResponse, "GET"),
        (b"", {"Content-Type": "text/html", "Content-Encoding": "gzip"}, HtmlResponse, "HEAD"),
        (gzip.compress(b"\x00\x01binary"), {"Content-Encoding": "gzip"}, Response, "GET"),
    ],
    ids=["html", "xml", "partly-decoded", "not-encoded", "head", "binary"],
)
def test_same_response_as_scrapys(body, headers, response_class, method):
    scrapy_result, ours = _as_scrapy_and_ours(
        lambda: response_class("http://example.org/page", body=body, headers=headers, flags=["f"]), method
    )
    assert _fields(ours) == _fields(scrapy_result)


def test_no_charset_detection_over_the_compressed_body(monkeypatch):
    detected: list[bytes] = []
    original = scrapy.http.response.text.from_bytes

    def counting_from_bytes(data: bytes, *args: object, **kwargs: object) -> object:
        detected.append(bytes(data))
        return original(data, *args, **kwargs)

    monkeypatch.setattr(scrapy.http.response.text, "from_bytes", counting_from_bytes)
    compressed = gzip.compress(PAGE)
    response = HtmlResponse(
        "http://example.org/", body=compressed, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    request = Request(response.url)
    decoded = HttpCompressionMiddleware.from_crawler(archiver_crawler()).process_response(request, response)
    assert decoded.body == PAGE
    assert compressed not in detected
    ScrapyHttpCompressionMiddleware.from_crawler(archiver_crawler()).process_response(request, response)
    assert compressed in detected  # what the middleware is there to avoid


def test_configured_in_place_of_scrapys():
    from conftest import archiver_crawler
    from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware as Scrapys

    middlewares = archiver_crawler().settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares[Scrapys] is None
    assert middlewares[HttpCompressionMiddleware] == 590  # Scrapy's own place
