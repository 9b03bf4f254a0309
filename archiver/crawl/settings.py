"""Scrapy settings of the project: polite defaults, the WARC recorder, the article pipelines.

Every ``ARCHIVER_*`` setting is read once, validated, by :class:`archiver.config.ArchiverConfig`.
"""

from __future__ import annotations

from archiver import __version__

BOT_NAME = "archiver"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# `scrapy crawl` reports a bad spider argument (-a url=...) in one line, as `archiver crawl` does
COMMANDS_MODULE = "archiver.crawl.commands"

# Politeness: a User-Agent that says who we are, robots.txt obeyed, AutoThrottle on,
# a per-domain concurrency limit.
USER_AGENT = f"news-archiver/{__version__} (news web archiver; Scrapy)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
# Scrapy starts this many tasks for every response's output; a page yields one item and a
# few new links, and 100 idle tasks a response cost the reactor more than the links do.
CONCURRENT_ITEMS = 8
DOWNLOAD_TIMEOUT = 60
RETRY_TIMES = 2
# No console that runs code sent to it (Scrapy's telnet console and its HTTP remote control):
# an archiving crawl opens no port of its own, and the remote control's aiohttp import alone
# cost every crawl about a tenth of a second.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Our own progress lines replace Scrapy's per-minute log.
LOGSTATS_INTERVAL = 0
# A truncated download is still archived (marked WARC-Truncated) rather than lost.
DOWNLOAD_FAIL_ON_DATALOSS = False
# The spider tracks link depth itself (sitemap and feed entries are depth 0).
DEPTH_LIMIT = 0
DEPTH_PRIORITY = 0

DOWNLOADER_MIDDLEWARES = {
    # Closest to the network: sees every exchange before redirects are followed and
    # before content-encoding is removed, so the WARC holds what was served.
    "archiver.crawl.recorder.WarcRecorderMiddleware": 950,
    # Next to the recorder: asks known pages conditionally, turns a 304 back into the archived
    # page for the spider, and keeps the crawl state between runs.
    "archiver.crawl.incremental.IncrementalMiddleware": 940,
    # Off unless ARCHIVER_REPLAY_FROM names archives: answers requests from them instead.
    "archiver.crawl.replay.ReplayMiddleware": 945,
    # Same as Scrapy's cookie middleware, but with tldextract's bundled suffix list.
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "archiver.crawl.cookies.OfflineCookiesMiddleware": 700,
    # Same as Scrapy's, without charset detection over the compressed body.
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "archiver.crawl.httpcompression.HttpCompressionMiddleware": 590,
    # Same as Scrapy's, without decoding the whole page when its head declares no refresh.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "archiver.crawl.metarefresh.MetaRefreshMiddleware": 580,
}
ITEM_PIPELINES = {
    "archiver.crawl.pipelines.ExtractionPipeline": 300,
    "archiver.crawl.incremental.ArticleVersionPipeline": 400,
    "archiver.crawl.pipelines.WarcLinkPipeline": 500,
    "archiver.crawl.pipelines.JsonLinesPipeline": 800,
    "archiver.crawl.incremental.ArticleStatePipeline": 900,
}
EXTENSIONS = {
    "archiver.crawl.progress.CrawlProgress": 500,
    "archiver.crawl.health.CrawlHealth": 510,
}

ARCHIVER_OUTPUT_DIR = "."
ARCHIVER_WARC_DIR = ""
ARCHIVER_WARC_PREFIX = "archiver"
ARCHIVER_WARC_MAX_SIZE = 1_000_000_000
ARCHIVER_WARC_VERSION = "1.1"
ARCHIVER_WARC_COMPRESS_LEVEL = 6
ARCHIVER_CRAWL_ID = ""
ARCHIVER_EXTRACT_WORKERS = 0
ARCHIVER_EXTRACT_MAX_IN_FLIGHT = 16
ARCHIVER_PROGRESS_INTERVAL = 5.0
ARCHIVER_REPLAY_FROM: list[str] = []
ARCHIVER_INCREMENTAL = True
ARCHIVER_STATE_PATH = ""
ARCHIVER_RECHECK_MAX_AGE = "0"
ARCHIVER_HEALTH_THRESHOLD = 0.2
ARCHIVER_SITE_NAME = ""
ARCHIVER_DISCOVERY = "sitemaps feeds links"
