"""Item pipelines: page → article record (process pool) → WARC pointer and metadata → JSON Lines."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
from concurrent.futures.process import BrokenProcessPool
from typing import IO, TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from archiver.config import ArchiverConfig
from archiver.extraction.page import Extraction
from archiver.extraction.pool import ExtractionPool
from archiver.crawl.items import ArticleItem, PageItem
from archiver.crawl.recorder import WarcRecorderMiddleware
from archiver.warc.repair import lock_exclusively, repair_open_records_files

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider
    from typing_extensions import Self

logger = logging.getLogger(__name__)


class ExtractionPipeline:
    """Turns each :class:`PageItem` into an :class:`ArticleItem`, or drops it as not an article.

    trafilatura holds the GIL for tens of milliseconds a page, so extraction runs in a
    pool of processes; at most ``ARCHIVER_EXTRACT_MAX_IN_FLIGHT`` pages wait on it at once.
    """

    def __init__(self, crawler: Crawler, config: ArchiverConfig) -> None:
        self.crawler = crawler
        self.config = config
        self.pool: ExtractionPool | None = None
        self.slots: asyncio.Semaphore | None = None
        # Canonical URLs already emitted: the same article reached through two URLs
        # (share links, tracking parameters) becomes one record; both pages stay archived.
        self.emitted: set[str] = set()
        # --max-articles: the crawl closes at this count, but pages already in flight would
        # still add records; past the limit they are archived only.
        self.max_articles = crawler.settings.getint("CLOSESPIDER_ITEMCOUNT")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, ArchiverConfig.of(crawler))

    def open_spider(self, spider: Spider | None = None) -> None:
        self.pool = ExtractionPool(max_workers=self.config.extract_workers)
        self.slots = asyncio.Semaphore(self.config.extract_max_in_flight)

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.pool is not None:
            self.pool.close()

    async def extract(self, page: PageItem) -> Extraction:
        """The page's extraction, links included, from the pool (the spider awaits this to follow links).

        Raises whatever killed the worker process; ``extract_page`` itself never raises.
        """
        assert self.pool is not None and self.slots is not None, "the pipeline is not open"
        async with self.slots:
            pool_number = self.pool.restarts
            try:
                future = self.pool.submit(page.body, page.url, page.content_type, with_links=True)
                page.extraction = await asyncio.wrap_future(future)
            except BrokenProcessPool:
                # a worker died and took the pool with it: a new pool, and this page once more
                if not self.pool.restart(pool_number):
                    raise
                self.crawler.stats.set_value("archiver/extract/pool_restarts", self.pool.restarts)
                future = self.pool.submit(page.body, page.url, page.content_type, with_links=True)
                page.extraction = await asyncio.wrap_future(future)
        return page.extraction

    async def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if not isinstance(item, PageItem):
            return item
        stats = self.crawler.stats
        extraction = item.extraction
        if extraction is None:
            try:
                extraction = await self.extract(item)
            except Exception as error:  # a worker crash must not stop the crawl
                stats.inc_value("archiver/extract/errors")
                raise DropItem(f"extraction failed for {item.url}: {error!r}", log_level="WARNING") from None
        if extraction.record is None:
            stats.inc_value("archiver/pages/not_article")
            raise DropItem(f"not an article: {item.url} ({extraction.reason})", log_level="DEBUG")
        key = extraction.record.get("canonical_url") or item.url
        if self.max_articles and len(self.emitted) >= self.max_articles:
            stats.inc_value("archiver/pages/over_article_limit")
            raise DropItem(f"article limit reached: {item.url}", log_level="DEBUG")
        if key in self.emitted:
            stats.inc_value("archiver/pages/duplicate_article")
            raise DropItem(f"same article as {key}: {item.url}", log_level="DEBUG")
        self.emitted.add(key)
        stats.inc_value("archiver/pages/article")
        record = dict(extraction.record)
        record.update(
            url=item.url,
            fetched_at=item.fetched_at,
            status=item.status,
            content_type=item.content_type,
            crawl_id=self.config.crawl_id,
        )
        return ArticleItem(record=record, page=item)


class WarcLinkPipeline:
    """Points each record at the response record holding its page, and archives the record itself.

    The record's JSON goes into a WARC ``metadata`` record whose ``WARC-Refers-To`` is the
    page's response record.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        recorder = self.crawler.get_downloader_middleware(WarcRecorderMiddleware)
        if item.page.warc is None or recorder is None or recorder.writer is None:
            self.crawler.stats.inc_value("archiver/warc/unlinked_records")
            item.record["warc"] = None
            return item
        location = await asyncio.wrap_future(item.page.warc)
        item.record["warc"] = dataclasses.asdict(location)
        payload = json.dumps(item.record, ensure_ascii=False).encode("utf-8")
        recorder.writer.submit_metadata(item.record["url"], location.record_id, payload)
        self.crawler.stats.inc_value("archiver/warc/metadata")
        return item


class JsonLinesPipeline:
    """Appends each record to ``OUTPUT_DIR/articles-CRAWL_ID.jsonl``, one flushed line each.

    The file is written as ``….jsonl.open`` and renamed when the crawl closes.
    """

    def __init__(self, crawler: Crawler, config: ArchiverConfig) -> None:
        self.crawler = crawler
        self.path = config.records_path
        self.partial = self.path.with_name(self.path.name + ".open")
        self.file: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, ArchiverConfig.of(crawler))

    def open_spider(self, spider: Spider | None = None) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # A records file a killed crawl left open: keep its whole lines, give it its final name.
        for report in repair_open_records_files(self.path.parent):
            if report.outcome not in ("busy", "skipped"):
                logger.warning("repaired a records file left open by an earlier run: %s", report)
                self.crawler.stats.inc_value("archiver/records_repaired_files")
        self.file = open(self.partial, "a", encoding="utf-8")
        lock_exclusively(self.file)  # so that a crawl starting meanwhile does not repair it

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.file is not None:
            self.file.close()
            os.replace(self.partial, self.path)
            self.crawler.stats.set_value("archiver/records_file", str(self.path))

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, ArticleItem) and self.file is not None:
            self.file.write(json.dumps(item.record, ensure_ascii=False) + "\n")
            self.file.flush()
        return item
