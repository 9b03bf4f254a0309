"""``archiver crawl URL [URL ...]`` (or ``-i FILE``): the ``news`` spider with the project's settings."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from archiver.config import REQUISITE_MODES, ArchiverConfig, check_discovery_modes, discovery_setting, parse_size
from archiver.discovery.urls import URLFilter, check_start_url, parse_since, read_url_list, split_credentials
from archiver.exceptions import (
    ArchiverError,
    BlockedError,
    InputError,
    OutputError,
    StartUnreachableError,
    UsageError,
)
from archiver.runs.summary import blocked_share
from archiver.state.lock import StateLock
from archiver.warc.reading import REPLAY_SUFFIXES

if TYPE_CHECKING:
    from twisted.python.failure import Failure


def replay_path(value: str) -> Path:
    """An argparse ``type``: an existing ``.warc``, ``.warc.gz`` or ``.wacz`` file."""
    path = Path(value)
    if not path.name.lower().endswith(REPLAY_SUFFIXES):
        raise argparse.ArgumentTypeError(f"{value}: not a WARC or WACZ file (.warc, .warc.gz, .wacz)")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{value}: no such file")
    return path


logger = logging.getLogger("archiver.crawl.stop")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "crawl",
        help="crawl news sites into article records and WARC files",
        description="Discover articles through robots.txt sitemaps, feeds and links; archive every "
        "exchange in WARC files; write one JSON record per article.",
    )
    parser.add_argument(
        "urls", nargs="*", metavar="URL", help="start URL(s): a site's home or section page, or the pages to archive"
    )
    parser.add_argument(
        "-i",
        "--input-file",
        metavar="FILE",
        help="read start URLs from FILE, one a line ('-': standard input; blank lines and # comments skipped)",
    )
    parser.add_argument(
        "--discovery",
        metavar="MODES",
        help="how pages are found: any of sitemaps, feeds, links (comma-separated), or none for the given pages "
        "only (ARCHIVER_DISCOVERY; default: sitemaps,feeds,links)",
    )
    parser.add_argument(
        "--requisites",
        choices=REQUISITE_MODES,
        help="which pages get their stylesheets, scripts, images and fonts archived too "
        "(ARCHIVER_REQUISITES; default: all)",
    )
    parser.add_argument(
        "--out",
        default=".",
        metavar="DIR",
        help="output folder: WARC files in DIR/warcs/, records in DIR/articles-CRAWL_ID.jsonl (default: .)",
    )
    parser.add_argument(
        "--depth", type=int, default=3, help="link-following depth; 0: the start pages only (default: 3)"
    )
    parser.add_argument(
        "--allow", action="append", default=[], metavar="REGEX", help="only follow URLs matching REGEX (repeatable)"
    )
    parser.add_argument(
        "--deny", action="append", default=[], metavar="REGEX", help="never follow URLs matching REGEX (repeatable)"
    )
    parser.add_argument("--since", metavar="DATE", help="skip sitemap and feed entries dated before DATE (YYYY-MM-DD)")
    parser.add_argument(
        "--max-pages", type=int, default=0, metavar="N", help="stop after N responses (default: no limit)"
    )
    parser.add_argument(
        "--max-articles", type=int, default=0, metavar="N", help="stop after N articles (default: no limit)"
    )
    parser.add_argument(
        "--warc-max-size", default="1GB", metavar="SIZE", help="rotate WARC files at SIZE (default: 1GB)"
    )
    parser.add_argument("--warc-version", default="1.1", choices=["1.0", "1.1"], help="WARC version (default: 1.1)")
    parser.add_argument("--crawl-id", default="", help="name of this crawl (default: start time and a random suffix)")
    parser.add_argument(
        "--state",
        default="",
        metavar="LOCATION",
        help="the crawl state: a SQLite file, or a postgresql:// URL shared by many crawls (ARCHIVER_STATE_PATH; "
        "default: DIR/state.sqlite)",
    )
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a Scrapy or ARCHIVER_* setting (repeatable)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines, only the summary and errors")
    parser.add_argument(
        "--replay",
        nargs="+",
        action="extend",
        type=replay_path,
        default=[],
        metavar="WARC",
        help="answer every request from these WARC/WACZ files, never the network (ARCHIVER_REPLAY_FROM)",
    )
    parser.set_defaults(run=run)


def build_parser_namespace(argv: list[str]) -> argparse.Namespace:
    """Parse ``archiver crawl`` arguments (for commands that run a crawl of their own)."""
    from archiver.cli import build_parser

    return build_parser("crawl").parse_args(["crawl", *argv])


def crawl_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The Scrapy settings this command line asks for (validated)."""
    if args.depth < 0 or args.max_pages < 0 or args.max_articles < 0:
        raise UsageError("--depth, --max-pages and --max-articles must not be negative")
    settings: dict[str, Any] = {
        "ARCHIVER_OUTPUT_DIR": args.out,
        "ARCHIVER_WARC_MAX_SIZE": parse_size(args.warc_max_size),
        "ARCHIVER_WARC_VERSION": args.warc_version,
        "CLOSESPIDER_PAGECOUNT": args.max_pages,
        "CLOSESPIDER_ITEMCOUNT": args.max_articles,
        "STATS_DUMP": False,
    }
    if args.crawl_id:
        settings["ARCHIVER_CRAWL_ID"] = args.crawl_id
    if args.state:
        settings["ARCHIVER_STATE_PATH"] = args.state
    if args.replay:
        settings["ARCHIVER_REPLAY_FROM"] = [str(path) for path in args.replay]
    if args.discovery is not None:
        try:
            settings["ARCHIVER_DISCOVERY"] = discovery_setting(check_discovery_modes(args.discovery))
        except ValueError as error:
            raise UsageError(f"--discovery {error}") from None
    if args.requisites is not None:
        settings["ARCHIVER_REQUISITES"] = args.requisites
    for assignment in args.set:
        name, sep, value = assignment.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"-s/--set takes NAME=VALUE, not {assignment!r}")
        settings[name.strip()] = value
    from archiver.crawl.setting_values import check_setting_values

    check_setting_values(settings, where="-s/--set: ")
    return settings


def start_urls(args: argparse.Namespace) -> list[str]:
    """The URLs given on the command line, then those of ``-i FILE``, each once. Raises
    BadURLError for a bad one (naming the file and line), InputError for a file that cannot be
    read, UsageError when there is none at all."""
    urls = [check_start_url(url) for url in args.urls]
    if args.input_file is not None:
        name = "standard input" if args.input_file == "-" else args.input_file
        try:
            if args.input_file == "-":
                lines = sys.stdin.read().splitlines()
            else:
                lines = Path(args.input_file).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise InputError(f"cannot read {name}: {error.strerror or error}") from None
        except UnicodeDecodeError:
            raise InputError(f"{name}: not a text file (UTF-8)") from None
        urls += read_url_list(lines, name)
    if not urls:
        raise UsageError("no start URL: give URLs, or -i FILE with one URL a line")
    return list(dict.fromkeys(urls))


def _shown(urls: list[str]) -> str:
    """The start URLs as a crawl names them: without credentials, and the first three of a list."""
    shown = [split_credentials(url)[0] for url in urls[:3]]
    if len(urls) > 3:
        shown.append(f"and {len(urls) - 3} more")
    return " ".join(shown)


def check_writable(folder: Path) -> None:
    """Create ``folder`` if needed and prove a file can be written there; raise OutputError if not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as error:
        raise OutputError(f"cannot write to {folder}: {error.strerror or error}") from None


def run(args: argparse.Namespace) -> int:
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from archiver.crawl import Archiver

    urls = start_urls(args)
    shown = _shown(urls)  # a password is never printed
    since = args.since and parse_since(args.since)
    settings = Settings()
    settings.setmodule("archiver.crawl.settings", priority="project")
    settings.setdict(crawl_settings(args), priority="cmdline")
    config = ArchiverConfig.from_settings(settings)
    check_writable(config.output_dir)
    check_writable(config.warc_dir)
    if config.incremental and not config.state_url:
        # A second run on the same state stops here, in one line (the crawl takes the lock itself).
        StateLock(config.state_path).release()
    settings.set("ARCHIVER_CRAWL_ID", config.crawl_id, priority="cmdline")
    URLFilter(urls, args.allow, args.deny)  # bad patterns fail here, before the reactor starts

    _configure_logging(quiet=args.quiet)
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    process = CrawlerProcess(settings)
    # Scrapy's logging set-up (run by CrawlerProcess) puts its loggers at DEBUG: a record built for
    # every response and every item, then dropped by the filter of _configure_logging, which lets
    # only warnings and errors from Scrapy through.
    logging.getLogger("scrapy").setLevel(logging.WARNING)
    crawler = process.create_crawler("news")
    started = process.crawl(
        crawler,
        url=urls,
        depth=args.depth,
        allow=args.allow,
        deny=args.deny,
        since=since.isoformat() if since else None,
    )
    # A crawl that fails (to start, mostly: a -s value Scrapy cannot read) ends in one line, not
    # in Twisted's "Unhandled error in Deferred" traceback.
    failures: list[Failure] = []
    started.addErrback(failures.append)
    print(f"crawl {config.crawl_id}: {shown} -> {config.output_dir.resolve()}", file=sys.stderr)
    _stop_on_signals(process, crawler)
    process.start(install_signal_handlers=False)
    if failures:
        error = failures[0].value
        if isinstance(error, ArchiverError):  # the crawl's own (another run holds the state, say)
            raise error
        hint = " (check the -s/--set values)" if args.set else ""
        raise ArchiverError(f"the crawl stopped on an error{hint}: {type(error).__name__}: {error}")
    addon = crawler.get_addon(Archiver)
    if addon is not None and addon.failure is not None:  # a service that could not open
        raise addon.failure

    stats = crawler.stats.get_stats() if crawler.stats else {}
    print(f"WARC files: {config.warc_dir.resolve()}", file=sys.stderr)
    records = config.records_path.resolve() if config.records_path.exists() else "none (no article recorded)"
    print(f"records:    {records}", file=sys.stderr)
    blocked, responses = blocked_share(stats)
    if responses and blocked > config.limits.blocked_share * responses:
        raise BlockedError(
            f"the site refused the crawl: {blocked} of {responses} responses were 403 or 429 "
            f"(ARCHIVER_BLOCKED_SHARE {config.limits.blocked_share})"
        )
    # (a crawl stopped before its start pages answered has not found them unreachable; a worker
    # joining a shared crawl may never fetch a start URL: another one did)
    if not stats.get("archiver/start/ok") and stats.get("finish_reason") != "shutdown" and not config.shared_crawl:
        raise StartUnreachableError(f"no start URL could be fetched: {shown}")
    return 0


def _stop_on_signals(process: Any, crawler: Any) -> None:
    """Ctrl-C or SIGTERM once: the crawl says it is stopping, drops the requests still waiting for
    their turn (they stay in the crawl state for the next run) and finishes the pages in flight.
    Twice: it stops at once, and the add-on still closes its files."""
    from scrapy.utils.ossignal import install_shutdown_handlers
    from twisted.internet import reactor as twisted_reactor

    reactor = cast(Any, twisted_reactor)

    from archiver.crawl import Archiver

    def stopping() -> None:
        addon = crawler.get_addon(Archiver)
        waiting = addon.drop_waiting_downloads() if addon is not None else 0
        logger.warning(
            "stopping: finishing the pages in flight (%d waiting for their turn left to the next run); "
            "press Ctrl-C again to stop at once",
            waiting,
        )
        process.stop()

    def stopping_now() -> None:
        logger.warning("stopping at once: what is in flight is lost, the files are closed")
        reactor.stop()

    def second(signal_number: int, frame: object) -> None:
        install_shutdown_handlers(signal.SIG_IGN)
        reactor.callFromThread(stopping_now)

    def first(signal_number: int, frame: object) -> None:
        install_shutdown_handlers(second)
        reactor.callFromThread(stopping)

    reactor.addSystemEventTrigger("after", "startup", install_shutdown_handlers, first)


# Scrapy's retry middleware logs a request it gives up on at ERROR level, its reason as Twisted's
# list of failures; for a page, a sitemap or a feed the spider's "failed:" warning says the same
# in words (a requisite is never retried: it is asked once)
_SCRAPY_RETRY_LOGGER = "scrapy.downloadermiddlewares.retry"


def _spider_warns_of(record: logging.LogRecord) -> bool:
    """Whether ``record`` is Scrapy's "Gave up retrying" line for a request whose failure the
    spider reports itself."""
    from archiver.crawl import meta  # the crawl's modules are loaded by then

    request = record.args.get("request") if isinstance(record.args, dict) else None
    return (
        str(record.msg).startswith("Gave up retrying")
        and request is not None
        and meta.REQUISITE_OF not in getattr(request, "meta", {})
    )


class _OneLineFormatter(logging.Formatter):
    """One line a message: Scrapy attaches tracebacks to network errors a user cannot act on. The
    exception itself stays, after the message: ``Spider error processing <GET ...>: ValueError: ...``."""

    def format(self, record: logging.LogRecord) -> str:
        error = record.exc_info[1] if record.exc_info else None
        record.exc_info = record.exc_text = None
        line = super().format(record)
        if error is not None:
            line += f": {type(error).__name__}: {' '.join(str(error).split())}"
        return line


def _configure_logging(*, quiet: bool) -> None:
    """Warnings and errors from everything; progress and the summary from the archiver."""
    loud = ("archiver.summary",) if quiet else ("archiver",)

    def keep(record: logging.LogRecord) -> bool:
        if record.name == _SCRAPY_RETRY_LOGGER and _spider_warns_of(record):
            return False  # an ERROR line for a failure the crawl outlives: the spider warns of it, in words
        return record.levelno >= logging.WARNING or (record.levelno >= logging.INFO and record.name.startswith(loud))

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLineFormatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
    handler.addFilter(keep)
    logging.getLogger().handlers[:] = [handler]
