"""A crawl's numbers from its stats: the counts a user follows, every failure by name, and the
summary printed when the crawl ends. Pure functions over a stats dict (Scrapy's stats collector
gives one); no Scrapy import, so ``archiver status`` and the crawl state use them too."""

from __future__ import annotations

from typing import Any

# Stats of the pages that gave no record, one key a reason (``archiver.extraction.reasons``)
NO_RECORD = "archiver/pages/no_record/"
# What became of the page requisites a crawl asked for (archiver/requisites/*).
REQUISITE_OUTCOMES = ("fetched", "failed", "robots", "too_large")


def error_counts(stats: dict[str, Any]) -> dict[str, int]:
    """Every failure of a crawl by name: requests that failed (``archiver/errors/*``, by exception
    or problem), pages whose extraction failed, exceptions in the spider's own code, WARC
    records that could not be written, or came after the writer closed."""
    errors = {k.removeprefix("archiver/errors/"): int(v) for k, v in stats.items() if k.startswith("archiver/errors/")}
    errors.update(
        (f"spider {k.removeprefix('spider_exceptions/')}", int(v))
        for k, v in stats.items() if k.startswith("spider_exceptions/") and k != "spider_exceptions/count"
    )  # fmt: skip
    for key, name in (("archiver/extract/errors", "extraction"), ("archiver/warc/write_errors", "WARC write"),
                      ("archiver/warc/not_recorded", "not archived")):  # fmt: skip
        if stats.get(key):
            errors[name] = int(stats[key])
    return errors


def no_record_counts(stats: dict[str, Any]) -> dict[str, int]:
    """The pages that gave no record, by reason ("not article: listing", "duplicate", ...)."""
    return {k.removeprefix(NO_RECORD): int(v) for k, v in stats.items() if k.startswith(NO_RECORD)}


def crawl_counts(stats: dict[str, Any]) -> dict[str, int]:
    """The numbers a user follows, from a crawl's stats: pages, articles, not articles, errors."""
    return {
        "pages": int(stats.get("downloader/response_count", 0)),
        "articles": int(stats.get("item_scraped_count", 0)),
        "not_articles": int(stats.get("archiver/pages/not_article", 0)),
        "errors": sum(error_counts(stats).values()),
        "warc_records": int(stats.get("archiver/warc/responses", 0)),
    }


def requisite_counts(stats: dict[str, Any]) -> dict[str, int]:
    """Page requisites fetched, failed (never errors of their pages), skipped by robots.txt and
    skipped for their size, from a crawl's stats."""
    return {outcome: int(stats.get(f"archiver/requisites/{outcome}", 0)) for outcome in REQUISITE_OUTCOMES}


def requisites_line(counts: dict[str, int]) -> str:
    """``3 fetched, 1 failed, 0 skipped by robots.txt, 0 too large``."""
    return (
        f"{counts['fetched']} fetched, {counts['failed']} failed, {counts['robots']} skipped by robots.txt, "
        f"{counts['too_large']} too large"
    )


def summary_lines(stats: dict[str, Any], elapsed: float, reason: str) -> list[str]:
    """The end-of-crawl summary as printed lines."""
    counts = crawl_counts(stats)
    rate = counts["pages"] / elapsed if elapsed > 0 else 0.0
    lines = [
        f"finished ({reason}) in {elapsed:.1f} s: "
        f"{counts['pages']} pages ({rate:.1f}/s), {counts['articles']} articles, "
        f"{counts['not_articles']} other HTML pages, {counts['errors']} errors",
    ]
    statuses = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("downloader/response_status_count/")}
    if statuses:
        lines.append("HTTP status: " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())))
    if no_record := no_record_counts(stats):
        ranked = sorted(no_record.items(), key=lambda item: (-item[1], item[0]))
        lines.append("no record: " + ", ".join(f"{reason}: {n}" for reason, n in ranked))
    if errors := error_counts(stats):
        lines.append("errors: " + ", ".join(f"{name}: {n}" for name, n in sorted(errors.items())))
    requisites = requisite_counts(stats)
    if any(requisites.values()):
        lines.append("requisites: " + requisites_line(requisites))
    if truncated := stats.get("archiver/warc/truncated"):
        lines.append(f"truncated: {truncated} responses cut short, archived with WARC-Truncated")
    return lines


def run_counts(stats: dict[str, Any]) -> dict[str, Any]:
    """What the crawl state keeps of a run: :func:`crawl_counts`, the errors by kind
    (``errors/HttpError``, ..., as :func:`error_counts` names them), the incremental crawl's own
    counts (``incremental/new_articles``, ``warc/revisits/server-not-modified``, ...) and the page
    requisites' (``requisites/fetched``, ...)."""
    counts: dict[str, Any] = dict(crawl_counts(stats))
    counts.update((f"errors/{name}", count) for name, count in error_counts(stats).items())
    counts.update(
        (key.removeprefix("archiver/"), value)
        for key, value in stats.items()
        if isinstance(value, int | float)
        and key.startswith(("archiver/incremental/", "archiver/warc/revisits/", "archiver/requisites/"))
    )
    return counts


START_UNREACHABLE = "start unreachable"


def run_outcome(reason: str, stats: dict[str, Any]) -> str:
    """How a run ended, for its report and the crawl state: Scrapy's close ``reason``
    ("finished", "shutdown", "closespider_pagecount", ...), except that a run none of whose start
    pages answered is "start unreachable" whatever else it fetched."""
    if reason == "finished" and stats.get("archiver/start/failed") and not stats.get("archiver/start/ok"):
        return START_UNREACHABLE
    return reason


def blocked_share(stats: dict[str, Any]) -> tuple[int, int]:
    """(responses answered 403 or 429, all responses) of a crawl: of its pages, sitemaps and
    feeds as the politeness middleware counts them (page requisites left out), else of all."""
    if "archiver/politeness/responses" in stats:
        return int(stats.get("archiver/politeness/refused", 0)), int(stats["archiver/politeness/responses"])
    statuses = {
        k.rsplit("/", 1)[1]: int(v) for k, v in stats.items() if k.startswith("downloader/response_status_count/")
    }
    return statuses.get("403", 0) + statuses.get("429", 0), sum(statuses.values())
