"""Re-runs that fetch only what is new or changed: the crawl state wired into a crawl.

Which known pages are *due* (:func:`is_due`):

- a URL never fetched, or fetched but never stored as an article (home, sections, listings,
  sitemaps, feeds, robots.txt, media, error pages, and a page whose record a crash lost):
  every run;
- an article already stored: only when a sitemap or feed dates it (``lastmod``, ``updated``,
  ``news:publication_date``) after the newest date known for it (the date its listing gave last
  time, or its ``Last-Modified``), or when it was last fetched more than
  ``ARCHIVER_RECHECK_MAX_AGE`` ago (0, the default: never on age alone).

A due page that the state holds validators for is asked conditionally (``If-None-Match``,
``If-Modified-Since``). A ``304`` is archived as a ``server-not-modified`` revisit and handed
to the spider as the archived page, read back from the WARC file, so links and sitemaps are
still followed. A 2xx whose payload is already archived becomes an ``identical-payload-digest``
revisit (see :mod:`archiver.crawl.recorder`). An article whose title and text are unchanged
gives no new record; a changed one gives ``version`` + 1 and ``previous``, the ``warc``
pointer of the version before.

Order of writes, so that a crash loses nothing: the WARC record first, then the page's state
(from the writer's future); the article's JSON line first, then its version in the state.
Whatever a SIGKILL cuts off is read back from the WARC and JSON Lines files at the next start.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archiver.config import ArchiverConfig
from archiver.crawl.items import ArticleItem
from archiver.crawl.progress import crawl_counts
from archiver.state.store import (
    PageState,
    SqliteCrawlState,
    WarcPointer,
    article_text_hash,
    iso_now,
    parse_iso,
)
from archiver.warc.records import SERVER_NOT_MODIFIED
from archiver.warc.writer import RecordLocation
from archiver.crawl.recorder import WarcRecorderMiddleware
from archiver.warc.repair import OPEN_SUFFIX, repair_open_records_files

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider
    from typing_extensions import Self

logger = logging.getLogger(__name__)

_CONDITIONAL_HEADERS = (b"If-None-Match", b"If-Modified-Since")


def is_due(page: PageState | None, *, listed: datetime | None, now: datetime, max_age: float) -> bool:
    """Whether a URL should be fetched in this run (the rules are in the module docstring)."""
    if page is None or page.version == 0:
        return True
    known = page.known_date()
    if listed is not None and (known is None or listed > known):
        return True
    last = parse_iso(page.last_fetched)
    return bool(max_age) and (last is None or (now - last).total_seconds() >= max_age)


def read_archived_response(warc_dir: Path, pointer: WarcPointer) -> tuple[int, list[tuple[str, str]], bytes] | None:
    """(status, headers, body as served) of the response record at ``pointer``, or None if unreadable."""
    path = warc_dir / pointer.filename
    if not path.exists():
        path = path.with_name(path.name + OPEN_SUFFIX)
    try:
        with open(path, "rb") as stream:
            stream.seek(pointer.offset)
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    return None
                if record.rec_headers.get_header("WARC-Record-ID") != pointer.record_id:
                    return None
                body = record.raw_stream.read()
                status = int(record.http_headers.get_statuscode() or 0)
                return status, list(record.http_headers.headers), body
    except (OSError, ArchiveLoadFailed, ValueError):
        return None
    return None


class IncrementalMiddleware:
    """Owns the crawl state for one run: lock, recovery, conditional requests, 304s, updates."""

    def __init__(self, crawler: Crawler, config: ArchiverConfig, state: SqliteCrawlState) -> None:
        self.crawler = crawler
        self.config = config
        self.state = state
        self.started = datetime.now(UTC)
        self._closed = False
        # WARC files this run wrote to: their payloads are not revisited (see earlier_payload).
        self.run_files: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        config = ArchiverConfig.of(crawler)
        if not config.incremental:
            raise NotConfigured
        config.state_path.parent.mkdir(parents=True, exist_ok=True)
        middleware = cls(crawler, config, SqliteCrawlState(config.state_path))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    # -- run lifecycle --------------------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        recorder = self.crawler.get_downloader_middleware(WarcRecorderMiddleware)
        if recorder is not None:
            recorder.repair_left_overs()
            recorder.payload_lookup = self.earlier_payload
        self.recover()
        self.state.begin_run(self.config.crawl_id, iso_now())

    def recover(self) -> None:
        """Read into the state the output files that an earlier run left unindexed (a crash)."""
        for path in sorted(self.config.output_dir.glob("articles-*.jsonl")):
            if not self.state.is_indexed(path.name):
                lines = self.state.ingest_records_file(path)
                self._count("incremental/recovered_records", lines)
        if self.config.warc_dir.is_dir():
            for path in sorted(self.config.warc_dir.glob("*.warc.gz")):
                if not self.state.is_indexed(path.name):
                    self._count("incremental/recovered_fetches", self.state.ingest_warc_file(path))

    def earlier_payload(self, digest: str) -> tuple[str, WarcPointer] | None:
        """The record of an earlier run holding this payload, or None.

        Only earlier runs count: within one crawl every page is archived in full, as a first
        crawl always was (the same page served under two URLs is two response records).
        """
        found = self.state.payload(digest)
        if found is None or found[1].filename in self.run_files:
            return None
        return found

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._closed:
            return
        self._closed = True
        recorder = self.crawler.get_downloader_middleware(WarcRecorderMiddleware)
        finished: list[Path] = []
        if recorder is not None:
            writer = recorder.writer
            # Close the files now, so every write's state update has run before the state closes.
            recorder.spider_closed(spider)
            if writer is not None:
                finished = writer.writer.finished_files
            recorder.payload_lookup = None
        for path in finished:
            self.state.mark_indexed(path.name)
        if self.config.records_path.exists():
            self.state.mark_indexed(self.config.records_path.name)
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        counts: dict[str, Any] = dict(crawl_counts(stats))
        counts.update({k.removeprefix("archiver/"): v for k, v in stats.items()
                       if isinstance(v, int | float) and k.startswith(("archiver/incremental/", "archiver/warc/revisits/"))})
        self.state.finish_run(self.config.crawl_id, iso_now(), reason, counts)
        self.state.close()

    # -- deciding what to fetch -----------------------------------------------------------

    def should_fetch(self, request: Request) -> bool:
        """Whether the spider should schedule ``request`` (``meta["archiver_listed"]``: its listing date)."""
        page = self.state.page(request.url)
        listed = parse_iso(request.meta.get("archiver_listed"))
        if is_due(page, listed=listed, now=datetime.now(UTC), max_age=self.config.recheck_max_age):
            if page is not None and page.version:
                self._count("incremental/rechecked")
            return True
        self._count("incremental/not_due")
        return False

    def process_request(self, request: Request) -> None:
        if request.meta.get("archiver_unconditional") or any(h in request.headers for h in _CONDITIONAL_HEADERS):
            return None
        page = self.state.page(request.url)
        if page is None or page.payload is None or not 200 <= page.status < 300:
            return None
        if page.etag:
            request.headers[b"If-None-Match"] = page.etag
        if page.last_modified:
            request.headers[b"If-Modified-Since"] = page.last_modified
        if page.etag or page.last_modified:
            request.meta["archiver_known_payload"] = (request.url, page.payload)
            request.meta["archiver_known_status"] = page.status
            self._count("incremental/conditional")
        return None

    def process_response(self, request: Request, response: Response) -> Request | Response:
        self._remember_when_written(request, response)
        known = request.meta.get("archiver_known_payload")
        if response.status != 304 or known is None:
            return response
        archived = read_archived_response(self.config.warc_dir, known[1])
        if archived is None:
            # The archived page is gone or unreadable: ask again without validators.
            self._count("incremental/unreadable_archive")
            logger.warning("archived copy of %s unreadable; fetching it again in full", request.url)
            headers = request.headers.copy()
            for name in _CONDITIONAL_HEADERS:
                headers.pop(name, None)
            meta = {k: v for k, v in request.meta.items() if not k.startswith("archiver_known")}
            meta["archiver_unconditional"] = True
            return request.replace(headers=headers, meta=meta, dont_filter=True)
        self._count("incremental/not_modified")
        status, archived_headers, body = archived
        headers = Headers()
        for header, value in archived_headers:
            headers.appendlist(header.encode("latin-1", "replace"), value.encode("latin-1", "replace"))
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(
            url=response.url, status=status, headers=headers, body=body, request=request,
            flags=[*response.flags, "archiver_not_modified"], ip_address=response.ip_address,
            protocol=response.protocol,
        )

    def _remember_when_written(self, request: Request, response: Response) -> None:
        future: Future[RecordLocation] | None = request.meta.get("archiver_warc_record")
        if future is None:
            return
        url = request.url
        fetched_at = iso_now()
        warc_date = request.meta.get("archiver_warc_date", "")
        revisit = request.meta.get("archiver_revisit")
        listed = request.meta.get("archiver_listed")
        status = response.status
        etag = _header(response, b"ETag")
        last_modified = _header(response, b"Last-Modified")
        if status == 304 and revisit == SERVER_NOT_MODIFIED:
            known = self.state.page(url)
            status = request.meta.get("archiver_known_status", 200)
            etag = etag or (known.etag if known else None)
            last_modified = last_modified or (known.last_modified if known else None)

        def store(done: Future[RecordLocation]) -> None:
            if done.exception() is not None:
                return
            location = done.result()
            self.run_files.add(location.filename)
            payload: WarcPointer | None
            if revisit is None:
                payload = WarcPointer(location.filename, location.offset, location.length,
                                      location.record_id, warc_date, location.payload_digest)
            elif revisit == SERVER_NOT_MODIFIED:
                payload = None
            else:
                payload = request.meta["archiver_revisit_of"][1]
            try:
                self.state.record_fetch(url, fetched_at=fetched_at, status=status, etag=etag,
                                        last_modified=last_modified, listed=listed, payload=payload)
            except Exception as error:  # the state is a cache of the WARC files: log, go on
                logger.error("could not update the crawl state for %s: %s", url, error)

        future.add_done_callback(store)

    def _count(self, key: str, count: int = 1) -> None:
        if count:
            self.crawler.stats.inc_value(f"archiver/{key}", count)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class _StatePipeline:
    def __init__(self, crawler: Crawler, config: ArchiverConfig) -> None:
        self.crawler = crawler
        self.config = config
        self.incremental: IncrementalMiddleware | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        config = ArchiverConfig.of(crawler)
        if not config.incremental:
            raise NotConfigured
        return cls(crawler, config)

    def open_spider(self, spider: Spider | None = None) -> None:
        self.incremental = self.crawler.get_downloader_middleware(IncrementalMiddleware)


class ArticleVersionPipeline(_StatePipeline):
    """Drops an article whose title and text are as stored; numbers a changed one.

    Adds ``version`` (1 for an article new to the state) and ``previous`` (the ``warc``
    pointer of the version before, or None) to each record.
    """

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if not isinstance(item, ArticleItem) or self.incremental is None:
            return item
        record = item.record
        page = self.incremental.state.page(record["url"])
        stats = self.crawler.stats
        if page is not None and page.version and page.text_hash == article_text_hash(record):
            stats.inc_value("archiver/incremental/unchanged_articles")
            raise DropItem(f"unchanged since version {page.version}: {record['url']}", log_level="DEBUG")
        if page is not None and page.version:
            record["version"] = page.version + 1
            record["previous"] = page.record_warc
            stats.inc_value("archiver/incremental/new_versions")
        else:
            record["version"] = 1
            record["previous"] = None
            stats.inc_value("archiver/incremental/new_articles")
        return item


class ArticleStatePipeline(_StatePipeline):
    """Stores each article's version in the state once its JSON line is written (runs last)."""

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, ArticleItem) and self.incremental is not None:
            self.incremental.state.record_article(item.record, self.config.records_path.name)
        return item


__all__ = [
    "ArticleStatePipeline",
    "ArticleVersionPipeline",
    "IncrementalMiddleware",
    "is_due",
    "read_archived_response",
    "repair_open_records_files",
]
