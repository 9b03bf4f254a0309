"""Item pipelines: a fetched page becomes an article record, and the record is archived.

- :class:`ArticlePipeline` (300) turns each :class:`PageItem` into an :class:`ArticleRecord`,
  put together in one place (:func:`archiver.extraction.record.article_record`), or
  drops it: not an article, a second URL of an article already recorded, over
  ``--max-articles``, or (incremental crawls) unchanged since the version stored.
- :class:`ArchivePipeline` (800) writes the record: into the WARC files as a ``metadata`` record
  whose ``WARC-Refers-To`` is the page's response record, into the records file, and then, once
  its line is written, its version into the crawl state.

A project's own pipelines between the two see each record before it is written, and may change
or drop it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from archiver.crawl.addon import Archiver, ArchiverComponent
from archiver.crawl.items import ArticleRecord, PageItem
from archiver.extraction import reasons
from archiver.extraction.record import Capture, Version, article_record
from archiver.runs.summary import NO_RECORD
from archiver.state.model import article_text_hash

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider


class ArticlePipeline(ArchiverComponent):
    """Turns each :class:`PageItem` into an :class:`ArticleRecord`, or drops it (see the module doc)."""

    def __init__(self, crawler: Crawler, archiver: Archiver) -> None:
        super().__init__(crawler, archiver)
        # Canonical URLs already emitted: the same article reached through two URLs
        # (share links, tracking parameters) becomes one record; both pages stay archived.
        self.emitted: set[str] = set()
        # --max-articles: the crawl closes at this count, but pages already in flight would
        # still add records; past the limit they are archived only.
        self.max_articles = crawler.settings.getint("CLOSESPIDER_ITEMCOUNT")

    async def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if not isinstance(item, PageItem):
            return item
        stats = self.crawler.stats
        extraction = item.extraction
        if extraction is None:
            extractor = self.archiver.extractor
            try:
                if extractor is None:
                    raise RuntimeError("the extraction pool is closed")
                extraction = await extractor.extract(item)
            except Exception as error:  # a worker crash must not stop the crawl
                stats.inc_value("archiver/extract/errors")
                stats.inc_value(f"{NO_RECORD}{reasons.ERROR}")
                raise DropItem(f"extraction failed for {item.url}: {error!r}", log_level="WARNING") from None
        if extraction.record is None:
            stats.inc_value("archiver/pages/not_article")
            stats.inc_value(f"{NO_RECORD}{extraction.reason}")
            raise DropItem(f"no record: {item.url} ({extraction.reason}: {extraction.evidence})", log_level="DEBUG")
        key = extraction.record.get("canonical_url") or item.url
        if self.max_articles and len(self.emitted) >= self.max_articles:
            stats.inc_value("archiver/pages/over_article_limit")
            stats.inc_value(f"{NO_RECORD}{reasons.OVER_LIMIT}")
            raise DropItem(f"article limit reached: {item.url}", log_level="DEBUG")
        if key in self.emitted:
            stats.inc_value("archiver/pages/duplicate_article")
            stats.inc_value(f"{NO_RECORD}{reasons.DUPLICATE}")
            raise DropItem(f"same article as {key}: {item.url}", log_level="DEBUG")
        self.emitted.add(key)
        stats.inc_value("archiver/pages/article")
        fields = {**extraction.record, "url": item.url}
        version = self._version(fields)
        record = article_record(
            fields,
            capture=Capture(item.fetched_at, item.status, item.content_type, await self._warc_pointer(item)),
            crawl_id=self.archiver.config.crawl_id,
            version=version,
        )
        return ArticleRecord(record, page=item)

    def _version(self, fields: dict[str, Any]) -> Version | None:
        """The record's version (None without a crawl state); raises DropItem for an article
        whose title and text are as stored."""
        state = self.archiver.state
        if state is None:
            return None
        stats = self.crawler.stats
        page = state.page(fields["url"])
        if page is not None and page.version and page.text_hash == article_text_hash(fields):
            stats.inc_value("archiver/incremental/unchanged_articles")
            stats.inc_value(f"{NO_RECORD}{reasons.UNCHANGED}")
            raise DropItem(f"unchanged since version {page.version}: {fields['url']}", log_level="DEBUG")
        if page is not None and page.version:
            stats.inc_value("archiver/incremental/new_versions")
            return Version(page.version + 1, page.record_warc)
        stats.inc_value("archiver/incremental/new_articles")
        return Version(1, None)

    async def _warc_pointer(self, item: PageItem) -> dict[str, Any] | None:
        """The ``warc`` pointer of the record holding the page, once written; None when the page
        was not archived (counted in ``archiver/warc/unlinked_records``)."""
        if item.warc is None or self.archiver.warc_writer is None:
            self.crawler.stats.inc_value("archiver/warc/unlinked_records")
            return None
        location = await asyncio.wrap_future(item.warc)
        return dataclasses.asdict(location)


class ArchivePipeline(ArchiverComponent):
    """Writes each article record into the WARC files, the records file and the crawl state."""

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if not isinstance(item, ArticleRecord):
            return item
        writer = self.archiver.warc_writer
        if item.get("warc") and writer is not None:
            payload = json.dumps(item, ensure_ascii=False).encode("utf-8")
            writer.submit_metadata(item["url"], item["warc"]["record_id"], payload)
            self.crawler.stats.inc_value("archiver/warc/metadata")
        if self.archiver.records is not None:
            try:
                self.archiver.records.write(item)
            except OSError as error:
                self.archiver.output_failed(error, f"the records file {self.archiver.records.partial}")
                raise DropItem(f"not written: {item['url']}", log_level="DEBUG") from None
        if self.archiver.state is not None:
            self.archiver.state.record_article(item, self.archiver.config.records_path.name)
        return item
