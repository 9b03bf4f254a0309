"""The archiver as one Scrapy add-on: ``ADDONS = {"archiver.crawl.Archiver": 0}``.

The add-on owns the run. :meth:`Archiver.update_settings` puts the archiver's components into the
crawl's settings (and the polite defaults it needs, at add-on priority, so that a project's own
settings still win) and parses the ``ARCHIVER_*`` settings once into an
:class:`~archiver.config.ArchiverConfig`. When the spider opens, the add-on opens the run's
services, in this order, and hands them out; when it closes, it closes them in reverse:

1. the output folders, with the WARC and records files a killed run left open repaired;
2. the crawl state (``ARCHIVER_INCREMENTAL``): its lock taken, what a crash left unindexed read
   back, the run begun;
3. the WARC writer and its thread (:class:`~archiver.warc.writer.ThreadedWarcWriter`);
4. the extraction pool (:class:`~archiver.crawl.extractor.PageExtractor`);
5. the records file (:class:`~archiver.datasets.records.RecordsFile`).

Components get these from the add-on (``Archiver.of(crawler)``), never from each other, and
share per-request facts through the meta keys of :mod:`archiver.crawl.meta`. A service that
cannot open (another run holds the state, a folder cannot be written) closes the spider at once
with the reason "failed to start"; :attr:`Archiver.failure` holds the error, which the command
line reports in one line.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from scrapy import signals
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

from archiver import __version__
from archiver.config import ArchiverConfig
from archiver.crawl.extractor import PageExtractor
from archiver.datasets.records import RecordsFile, repair_open_records_files
from archiver.exceptions import ArchiverError, OutputError, UsageError
from archiver.extraction.page import ExtractionOptions
from archiver.runs.summary import run_counts, run_outcome
from archiver.state.due import is_due
from archiver.state.model import CrawlState, FrontierEntry, WarcPointer, iso_now, parse_iso
from archiver.state.stores import open_state
from archiver.warc.writer import ThreadedWarcWriter, WarcFileWriter, repair_open_files

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)

FAILED_REASON = "failed to start"
OUTPUT_FAILED_REASON = "output error"
# How long a revisit waits for the record of another worker that claimed the same payload.
PAYLOAD_WAIT = 120.0

# Where each component sits in Scrapy's chains (the numbers next to Scrapy's own components).
DOWNLOADER_MIDDLEWARES = {
    # Last before the network, with Redis: waits for a slot of the host shared by every worker
    # of a cluster.
    "archiver.crawl.cluster_politeness.ClusterPolitenessMiddleware": 970,
    # At the network: stops a body at its size limit and keeps what arrived.
    "archiver.crawl.limits.BodyLimitMiddleware": 960,
    # Closest to the network: sees every exchange before redirects are followed and
    # before content-encoding is removed, so the WARC holds what was served.
    "archiver.crawl.recorder.WarcRecorderMiddleware": 950,
    # Off unless ARCHIVER_REPLAY_FROM names archives: answers requests from them instead.
    "archiver.crawl.replay.ReplayMiddleware": 945,
    # Next to the recorder: asks known pages conditionally, turns a 304 back into the archived
    # page for the spider, and keeps the crawl state up to date.
    "archiver.crawl.incremental.IncrementalMiddleware": 940,
    # Between Scrapy's retries (550) and the network: robots.txt's Crawl-delay, Retry-After, and
    # a site that refuses the crawl.
    "archiver.crawl.politeness.PolitenessMiddleware": 560,
    # Same as Scrapy's, but every request that waits for a host's robots.txt obeys it.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "archiver.crawl.robotstxt.RobotsTxtMiddleware": 100,
    # Same as Scrapy's off-site filter, but a robots.txt request passes: a page requisite on
    # another host is allowed off-site, and its host's robots.txt must be read.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "archiver.crawl.offsite.OffsiteMiddleware": 50,
    # Same as Scrapy's cookie middleware, but with tldextract's bundled suffix list.
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "archiver.crawl.cookies.OfflineCookiesMiddleware": 700,
    # Same as Scrapy's, asking for the codings WARC readers decode, without charset detection
    # over the compressed body.
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "archiver.crawl.httpcompression.HttpCompressionMiddleware": 590,
    # Same as Scrapy's, but a redirect loop fails its request instead of being dropped unseen
    # as a duplicate, and a chain that runs too long, or a redirect to another scheme or to no
    # URL, fails as such.
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "archiver.crawl.redirects.RedirectMiddleware": 600,
    # Same as Scrapy's, without decoding the whole page when its head declares no refresh.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "archiver.crawl.metarefresh.MetaRefreshMiddleware": 580,
}
ITEM_PIPELINES = {
    # page -> article record (or dropped: not an article, a duplicate, unchanged)
    "archiver.crawl.pipelines.ArticlePipeline": 300,
    # the record into the WARC (metadata record), the records file and the crawl state
    "archiver.crawl.pipelines.ArchivePipeline": 800,
}
EXTENSIONS = {
    "archiver.crawl.progress.CrawlProgress": 500,
    "archiver.crawl.health.CrawlHealth": 510,
    # A cluster worker's crawl: its counts for `archiver status --cluster` (off without Redis).
    "archiver.crawl.cluster_progress.ClusterProgress": 520,
}
# Scrapy settings the archiver needs, set at add-on priority: a project's settings still win.
POLITE_DEFAULTS: dict[str, Any] = {
    # Politeness: a User-Agent that says who we are, robots.txt obeyed, AutoThrottle on,
    # a per-domain concurrency limit.
    "USER_AGENT": f"news-archiver/{__version__} (news web archiver; Scrapy)",
    "ROBOTSTXT_OBEY": True,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 1.0,
    "AUTOTHROTTLE_MAX_DELAY": 30.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 4.0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    # Scrapy starts this many tasks for every response's output; a page yields one item and a
    # few new links, and 100 idle tasks a response cost the reactor more than the links do.
    "CONCURRENT_ITEMS": 8,
    "DOWNLOAD_TIMEOUT": 60,
    "RETRY_TIMES": 2,
    # No console that runs code sent to it (Scrapy's telnet console and its HTTP remote control):
    # an archiving crawl opens no port of its own, and the remote control's aiohttp import alone
    # cost every crawl about a tenth of a second.
    "TELNETCONSOLE_ENABLED": False,
    "REMOTE_CONTROL_ENABLED": False,
    # The archiver's own progress lines replace Scrapy's per-minute log.
    "LOGSTATS_INTERVAL": 0,
    # A truncated download is still archived (marked WARC-Truncated) rather than lost.
    "DOWNLOAD_FAIL_ON_DATALOSS": False,
    # The spider tracks link depth itself (sitemap and feed entries are depth 0).
    "DEPTH_LIMIT": 0,
    "DEPTH_PRIORITY": 0,
}


class Stopping(IgnoreRequest):
    """A request dropped because the crawl is stopping: not fetched, and left to the next run."""


class Archiver:
    """The Scrapy add-on that makes a crawl an archiving crawl (see the module docstring).

    After the spider opened: :attr:`config`, and the services :attr:`state` (None unless
    incremental), :attr:`warc_writer`, :attr:`extractor` and :attr:`records`.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._config: ArchiverConfig | None = None
        self.state: CrawlState | None = None
        self.warc_writer: ThreadedWarcWriter | None = None
        self.extractor: PageExtractor | None = None
        self.records: RecordsFile | None = None
        self.failure: ArchiverError | None = None
        self._opened = False
        # URLs this run gave up on (failed, or not allowed): asked for again (another page links
        # to them), the scheduler drops them as seen, and the frontier need not keep them
        self._given_up: set[str] = set()
        # set on the first Ctrl-C or SIGTERM: no request goes out any more (see drop_waiting_downloads)
        self.stopping = False
        self._payload_waiter: ThreadPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        addon = cls(crawler)
        crawler.signals.connect(addon.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(addon.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(addon.request_dropped, signal=signals.request_dropped)
        return addon

    @classmethod
    def of(cls, crawler: Crawler) -> Archiver:
        """The crawl's add-on; raises UsageError when the crawl was not set up with it."""
        addon = crawler.get_addon(cls)
        if addon is None:
            raise UsageError("the archiver's components need its add-on: ADDONS = {'archiver.crawl.Archiver': 0}")
        return addon

    # -- settings -------------------------------------------------------------------------

    def update_settings(self, settings: Settings) -> None:
        """Add the archiver's components and polite defaults; parse ``ARCHIVER_*`` once (raises
        UsageError naming a bad setting)."""
        for name, components in (
            ("DOWNLOADER_MIDDLEWARES", DOWNLOADER_MIDDLEWARES),
            ("ITEM_PIPELINES", ITEM_PIPELINES),
            ("EXTENSIONS", EXTENSIONS),
        ):
            for path, order in components.items():
                component = load_object(path)
                if order is None:  # Scrapy's own, which one of the archiver's replaces
                    settings.set_in_component_priority_dict(name, component, None)
                else:
                    settings.setdefault_in_component_priority_dict(name, component, order)
        for name, value in POLITE_DEFAULTS.items():
            settings.set(name, value, priority="addon")
        self._config = ArchiverConfig.from_settings(settings)
        if self._config.shared_crawl:  # one frontier in Redis for every worker of the crawl
            settings.set("SCHEDULER", "archiver.crawl.frontier.SharedFrontierScheduler", priority="addon")

    @property
    def config(self) -> ArchiverConfig:
        """The ``ARCHIVER_*`` settings of this crawl, parsed once."""
        assert self._config is not None, "the add-on's settings were not applied"
        return self._config

    # -- the run's services ---------------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        try:
            self.open(spider)
        except (ArchiverError, OSError) as error:
            self.failure = error if isinstance(error, ArchiverError) else OutputError(_os_error_text(error))
            logger.error("the crawl cannot start: %s", self.failure)
            self.close(FAILED_REASON)
            raise CloseSpider(FAILED_REASON) from None

    def open(self, spider: Spider) -> None:
        """Open the run's services (see the module docstring); raises ArchiverError or OSError."""
        config = self.config
        self._opened = True
        try:
            config.warc_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot create WARC folder {config.warc_dir}: {error.strerror}") from None
        for report in repair_open_files(config.warc_dir):
            if report.outcome == "busy":  # another worker's, being written
                continue
            logger.warning("repaired a WARC file left open by an earlier run: %s", report)
            self._count("warc/repaired_files")
        config.output_dir.mkdir(parents=True, exist_ok=True)
        for report in repair_open_records_files(config.output_dir):
            if report.outcome not in ("busy", "skipped"):
                logger.warning("repaired a records file left open by an earlier run: %s", report)
                self._count("records_repaired_files")
        if config.incremental:
            self.state = open_state(config.state_location)
            self._recover(self.state)
            self.state.begin_run(config.crawl_id, iso_now(), config.site_name)
        self.warc_writer = ThreadedWarcWriter(
            WarcFileWriter(
                config.warc_dir,
                prefix=config.warc_prefix,
                max_size=config.warc_max_size,
                warc_version=config.warc_version,
                compress_level=config.warc_compress_level,
                warcinfo=self._warcinfo(spider),
            )
        )
        requisites = config.requisites != "none"
        options = (
            ExtractionOptions(links=True, requisites=requisites)
            if config.extract_mode == "full"
            else ExtractionOptions.text_only(links=True, requisites=requisites)
        )
        self.extractor = PageExtractor(
            config.extract_workers, config.extract_max_in_flight, options, self.crawler.stats
        )
        self.records = RecordsFile(config.records_path)
        # stopped at once (Ctrl-C twice), the crawl never closes the spider: close the files anyway
        from twisted.internet import reactor

        cast(Any, reactor).addSystemEventTrigger("before", "shutdown", self.close, "killed")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.close(reason)

    def close(self, reason: str) -> None:
        """Close every service that is open, in reverse order; safe to call twice. A service that
        fails to close (a full disk) is logged and the others still close; what it left ``.open``
        is repaired at the next start."""
        if not self._opened:
            return
        self._opened = False
        if self.extractor is not None:
            self._closing("the extraction pool", self.extractor.close)
            self.extractor = None
        finished = []
        if self.warc_writer is not None:
            # every write's state update runs before the state closes
            self._closing("the WARC files", self.warc_writer.close)
            finished = self.warc_writer.writer.finished_files
            self.warc_writer = None
        if self.records is not None:
            records = self.records
            if self._closing("the records file", records.close) and records.path.exists():
                self.crawler.stats.set_value("archiver/records_file", str(records.path))
            self.records = None
        if self._payload_waiter is not None:
            self._payload_waiter.shutdown(wait=True)
            self._payload_waiter = None
        if self.state is not None:
            state = self.state
            self.state = None

            def finish() -> None:
                for path in finished:
                    state.mark_indexed(path.name)
                if self.config.records_path.exists():
                    state.mark_indexed(self.config.records_path.name)
                stats = self.crawler.stats.get_stats()
                state.finish_run(self.config.crawl_id, iso_now(), run_outcome(reason, stats), run_counts(stats))

            self._closing("the crawl state", finish)
            self._closing("the crawl state", state.close)

    def output_failed(self, error: Exception, what: str) -> None:
        """Stop the crawl because ``what`` (an output) cannot be written: a full disk, a folder
        gone or read-only. Everything fetched so far is archived or is fetched again next run;
        the command line reports the error and exits 1. Callable from any thread."""
        if self.failure is None:
            text = _os_error_text(error) if isinstance(error, OSError) else str(error)
            self.failure = OutputError(f"cannot write {what}: {text}")
            logger.error("stopping the crawl: %s", self.failure)
            self._call_in_crawl_thread(self._stop, OUTPUT_FAILED_REASON)

    def _stop(self, reason: str) -> None:
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=reason))

    def _call_in_crawl_thread(self, function: Callable[..., Any], *args: Any) -> None:
        from twisted.internet import reactor

        reactor.callFromThread(function, *args)

    def _closing(self, what: str, close: Callable[[], None]) -> bool:
        try:
            close()
        except Exception as error:  # one service failing to close must not keep the others open
            logger.error("could not close %s: %s", what, error)
            return False
        return True

    # -- what the components ask of the run -----------------------------------------------

    def should_fetch(self, url: str, listed: str | None) -> bool:
        """Whether a page is due in this run (always, unless the crawl state says it is known
        and not due; see :mod:`archiver.state.due`). ``listed``: its sitemap or feed date."""
        if self.state is None:
            return True
        page = self.state.page(url)
        if is_due(page, listed=parse_iso(listed), now=datetime.now(UTC), max_age=self.config.recheck_max_age):
            if page is not None and page.version:
                self._count("incremental/rechecked")
            return True
        self._count("incremental/not_due")
        return False

    def asked_for(self, url: str, depth: int, listed: str | None) -> None:
        """Note a page the spider asks for: until it is fetched, a run killed or stopped early
        leaves it to the next run (the crawl state's frontier), which asks for it again."""
        if self.state is not None:
            self.state.add_to_frontier(url, depth, listed)

    def given_up(self, url: str) -> None:
        """Note a page asked for that will not be fetched (it failed, or was not allowed)."""
        self._given_up.add(url)
        if self.state is not None:
            self.state.remove_from_frontier(url)

    def drop_waiting_downloads(self) -> int:
        """Fail the requests that wait in the downloader for their turn (a download delay, a
        Crawl-delay) with :class:`Stopping`, so that a stop need not wait them out; each stays in
        the crawl state's frontier for the next run. From then on a request that reaches the
        downloader (one that waited for its host's robots.txt, say) is dropped the same way
        (:class:`archiver.crawl.politeness.PolitenessMiddleware`). Returns how many were dropped."""
        self.stopping = True
        try:
            engine = self.crawler.engine
        except RuntimeError:  # Scrapy 2.14+: stopped before the crawl started
            return 0
        if engine is None:
            return 0
        dropped = 0
        for slot in engine.downloader.slots.values():
            while slot.queue:
                _, waiting = slot.queue.popleft()
                waiting.errback(Failure(Stopping("the crawl is stopping")))
                dropped += 1
        return dropped

    def request_dropped(self, request: Request, spider: Spider) -> None:
        # the scheduler drops a request for a URL it was asked for before; once that URL has been
        # fetched or given up, the frontier need not keep it for a next run
        if self.state is not None and (request.url in self._given_up or self.state.page(request.url) is not None):
            self.state.remove_from_frontier(request.url)

    def left_over(self) -> list[FrontierEntry]:
        """The pages earlier runs asked for and never fetched."""
        return self.state.frontier() if self.state is not None else []

    def earlier_payload(self, digest: str, *, url: str, record_id: str, date: str) -> tuple[str, WarcPointer] | None:
        """The record holding this payload that the response ``record_id`` (of ``url``, fetched
        at WARC-Date ``date``) should revisit, or None to write it in full.

        Only earlier runs and other workers count: within one crawl every page is archived in
        full, as a first crawl always was (the same page served under two URLs is two response
        records). A store shared by several workers claims the payload for ``record_id``, so that
        of two workers fetching it at once one writes it and the other a revisit; the record
        found may then still be being written (its ``filename`` empty: :meth:`payload_location`).
        """
        if self.state is None or self.warc_writer is None:
            return None
        found = self.state.claim_payload(digest, url=url, record_id=record_id, date=date, crawl_id=self.config.crawl_id)
        if found is None or found[1].filename in self.warc_writer.writer.filenames:
            return None
        return found

    def payload_location(self, pointer: WarcPointer) -> Future[WarcPointer]:
        """A future of ``pointer`` with its place filled in: at once, unless another worker's
        record is still being written (then waited for on a thread of the add-on's)."""
        if pointer.filename or self.state is None:
            done: Future[WarcPointer] = Future()
            done.set_result(pointer)
            return done
        if self._payload_waiter is None:
            self._payload_waiter = ThreadPoolExecutor(2, thread_name_prefix="archiver-payloads")
        return self._payload_waiter.submit(self.state.locate_payload, pointer, PAYLOAD_WAIT)

    # -- helpers --------------------------------------------------------------------------

    def _recover(self, state: CrawlState) -> None:
        """Read into the state the output files that an earlier run left unindexed (a crash)."""
        config = self.config
        for path in sorted(config.output_dir.glob("articles-*.jsonl")):
            if not state.is_indexed(path.name):
                self._count("incremental/recovered_records", state.ingest_records_file(path))
        for path in sorted(config.warc_dir.glob("*.warc.gz")):
            if not state.is_indexed(path.name):
                self._count("incremental/recovered_fetches", state.ingest_warc_file(path))

    def _warcinfo(self, spider: Spider) -> dict[str, str]:
        settings = self.crawler.settings
        return {
            "software": f"news-archiver/{__version__}",
            "format": f"WARC File Format {self.config.warc_version}",
            "hostname": socket.gethostname(),
            "isPartOf": self.config.crawl_id,
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": str(settings.get("USER_AGENT")),
            "description": "start URLs: " + " ".join(getattr(spider, "start_urls", [])),
        }

    def _count(self, key: str, count: int = 1) -> None:
        if count:
            self.crawler.stats.inc_value(f"archiver/{key}", count)


def _os_error_text(error: OSError) -> str:
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}"


class ArchiverComponent:
    """Base of the archiver's middlewares and pipelines: built from the crawler, holding the
    crawler and its add-on, from which it takes the run's services."""

    def __init__(self, crawler: Crawler, archiver: Archiver) -> None:
        self.crawler = crawler
        self.archiver = archiver

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, Archiver.of(crawler))
