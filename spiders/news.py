"""The ``news`` spider: one or more news sites, discovered through robots.txt sitemaps, feeds and
links, archived and turned into article records.

``scrapy crawl news -a url=https://example.org/`` and ``archiver crawl`` run the same job.
Arguments: ``url`` (one or more, separated by spaces or commas), ``depth`` (link-following
depth from the start pages and from sitemap/feed entries, default 3), ``allow``/``deny``
(regular expressions, separated by spaces), ``since`` (YYYY-MM-DD: sitemap and feed entries
dated before it are not downloaded). What it does is :class:`archiver.crawl.spider.ArchiverSpider`'s.
"""

from __future__ import annotations

from archiver.crawl.spider import ArchiverSpider


class NewsSpider(ArchiverSpider):
    name = "news"
