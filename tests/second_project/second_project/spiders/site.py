"""A spider of the project's own: it follows every link of one site and yields two kinds of item,
its own (a dict, which the archiver's pipelines leave alone) and the archiver's page item, which
becomes an article record when the page is an article."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from archiver.crawl.items import PageItem


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [url]
        self.host = urlsplit(url).netloc

    def parse(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            return
        yield {"page": response.url, "status": response.status}
        yield PageItem.from_response(response)
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if urlsplit(url).netloc == self.host:
                yield scrapy.Request(url, callback=self.parse)
