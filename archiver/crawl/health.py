"""Crawl health: per-run shares of weak article records and of HTTP errors, compared run to run.

:func:`health_report` and :func:`health_warnings` are plain functions (counts in, a report and
warnings out); :class:`CrawlHealth` is the extension that counts during a crawl, logs one
health line and writes ``OUT/reports/<site>-<crawl_id>.json`` when the crawl ends.

A warning is a share that moved by more than ``ARCHIVER_HEALTH_THRESHOLD`` (absolute, 0.2 =
20 points) against the site's previous report: a template change that loses the titles, a
site that starts answering 403 or 429.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals

from archiver.config import ArchiverConfig
from archiver.crawl.items import ArticleItem

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.spiders import Spider
    from typing_extensions import Self

logger = logging.getLogger("archiver.summary")

ARTICLE_CHECKS = ("no_title", "no_date", "no_author", "empty_body")
SHARES = (*ARTICLE_CHECKS, "http_errors", "blocked")


def weak_fields(record: dict[str, Any]) -> list[str]:
    """Which of the article checks (``no_title``, ``no_date``, ...) an article record fails."""
    failed = []
    if not (record.get("title") or "").strip():
        failed.append("no_title")
    if not record.get("published"):
        failed.append("no_date")
    if not record.get("authors"):
        failed.append("no_author")
    if not (record.get("text") or "").strip():
        failed.append("empty_body")
    return failed


def health_report(
    site: str, crawl_id: str, articles: int, failed: dict[str, int], statuses: dict[int, int]
) -> dict[str, Any]:
    """The report of one run: counts, and shares (None when there is nothing to divide by)."""
    responses = sum(statuses.values())
    errors = sum(n for code, n in statuses.items() if code >= 400)
    blocked = statuses.get(403, 0) + statuses.get(429, 0)
    shares: dict[str, float | None] = {
        check: (failed.get(check, 0) / articles if articles else None) for check in ARTICLE_CHECKS
    }
    shares["http_errors"] = errors / responses if responses else None
    shares["blocked"] = blocked / responses if responses else None
    return {
        "site": site, "crawl_id": crawl_id,
        "finished": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "articles": articles, "responses": responses, "http_errors": errors, "blocked": blocked,
        "shares": shares, "warnings": [],
    }


def health_warnings(previous: dict[str, Any] | None, current: dict[str, Any], threshold: float) -> list[str]:
    """One message per share that moved by more than ``threshold`` since the previous report."""
    if previous is None:
        return []
    warnings = []
    for name in SHARES:
        before, now = previous.get("shares", {}).get(name), current["shares"].get(name)
        if before is None or now is None or abs(now - before) <= threshold:
            continue
        warnings.append(f"{name.replace('_', ' ')}: {before:.0%} -> {now:.0%} since {previous.get('crawl_id')}")
    return warnings


def health_line(report: dict[str, Any]) -> str:
    """The one-line summary of a report, for the log and ``archiver status``."""
    def pct(name: str) -> str:
        value = report["shares"].get(name)
        return "-" if value is None else f"{value:.0%}"

    return (
        f"health {report['site']}: {report['articles']} articles (no title {pct('no_title')}, "
        f"no date {pct('no_date')}, no author {pct('no_author')}, empty body {pct('empty_body')}); "
        f"{report['responses']} responses (HTTP errors {pct('http_errors')}, blocked {pct('blocked')})"
    )


def latest_report(folder: Path, site: str, *, before: str | None = None) -> dict[str, Any] | None:
    """The newest report of ``site`` in ``folder`` (crawl ids sort by time), or None."""
    paths = sorted(folder.glob(f"{site}-*.json"))
    if before is not None:
        paths = [p for p in paths if p.stem < f"{site}-{before}"]
    for path in reversed(paths):
        try:
            report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return report
        except (OSError, json.JSONDecodeError):
            continue
    return None


class CrawlHealth:
    """Counts weak article records during a crawl; logs and writes the health report at the end."""

    def __init__(self, crawler: Crawler, config: ArchiverConfig) -> None:
        self.crawler = crawler
        self.config = config
        self.articles = 0
        self.failed: dict[str, int] = {}
        # responses by status that say a file is not there which a site need not have: robots.txt
        # (fetched by Scrapy and by the spider) and the guessed /sitemap.xml; no HTTP errors
        self.absent: dict[int, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler, ArchiverConfig.of(crawler))
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        if response.status in (404, 410) and (
            request.meta.get("archiver_guessed") or urlsplit(response.url).path == "/robots.txt"
        ):
            self.absent[response.status] = self.absent.get(response.status, 0) + 1

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if isinstance(item, ArticleItem):
            self.articles += 1
            for check in weak_fields(item.record):
                self.failed[check] = self.failed.get(check, 0) + 1

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        prefix = "downloader/response_status_count/"
        statuses = {int(k[len(prefix):]): int(v) for k, v in stats.items() if k.startswith(prefix)}
        for status, count in self.absent.items():
            statuses[status] -= count
        site = self.config.site_name or _site_name(spider)
        report = health_report(site, self.config.crawl_id, self.articles, self.failed, statuses)
        report["outcome"] = reason
        folder = self.config.output_dir / "reports"
        report["warnings"] = health_warnings(latest_report(folder, site), report, self.config.health_threshold)
        logger.info(health_line(report))
        for warning in report["warnings"]:
            logger.warning("health %s: %s", site, warning)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{site}-{self.config.crawl_id}.json"
            partial = path.with_name(path.name + ".open")
            partial.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
            os.replace(partial, path)
        except OSError as error:
            logger.error("could not write the health report: %s", error)


def _site_name(spider: Spider) -> str:
    urls = getattr(spider, "start_urls", None) or ["unknown"]
    host = urlsplit(urls[0]).netloc or "unknown"
    return host.replace(":", "_")
