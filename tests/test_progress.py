"""The crawl's end-of-run summary: every kind of failure is counted and named."""

from __future__ import annotations

import logging
import sys

from archiver.commands.crawl import _OneLineFormatter
from archiver.runs.health import health_line, health_report
from archiver.runs.summary import crawl_counts, run_counts, summary_lines


def test_summary_names_every_kind_of_failure():
    stats = {
        "downloader/response_count": 10,
        "downloader/response_status_count/200": 9,
        "downloader/response_status_count/404": 1,
        "item_scraped_count": 3,
        "archiver/errors/HttpError": 1,
        "archiver/errors/MalformedFeed": 1,
        "spider_exceptions/count": 2,
        "spider_exceptions/ValueError": 2,
        "archiver/extract/errors": 4,
        "archiver/warc/write_errors": 1,
        "archiver/warc/truncated": 2,
        "archiver/pages/no_record/not article: listing": 5,
        "archiver/pages/no_record/duplicate": 1,
        "archiver/pages/no_record/empty": 1,
    }
    assert crawl_counts(stats)["errors"] == 1 + 1 + 2 + 4 + 1
    assert summary_lines(stats, 2.0, "finished") == [
        "finished (finished) in 2.0 s: 10 pages (5.0/s), 3 articles, 0 other HTML pages, 9 errors",
        "HTTP status: 200: 9, 404: 1",
        "no record: not article: listing: 5, duplicate: 1, empty: 1",
        "errors: HttpError: 1, MalformedFeed: 1, WARC write: 1, extraction: 4, spider ValueError: 2",
        "truncated: 2 responses cut short, archived with WARC-Truncated",
    ]
    # the crawl state keeps them by kind too (the crawls page of archiver serve shows them)
    kinds = {key: value for key, value in run_counts(stats).items() if key.startswith("errors/")}
    assert kinds == {
        "errors/HttpError": 1,
        "errors/MalformedFeed": 1,
        "errors/WARC write": 1,
        "errors/extraction": 4,
        "errors/spider ValueError": 2,
    }


def test_failed_requisites_are_counted_apart_and_are_no_errors():
    stats = {
        "downloader/response_count": 5,
        "item_scraped_count": 1,
        "archiver/requisites/fetched": 3,
        "archiver/requisites/failed": 2,
        "archiver/requisites/robots": 1,
    }
    lines = summary_lines(stats, 1.0, "finished")
    assert crawl_counts(stats)["errors"] == 0 and "errors: " not in " ".join(lines)
    assert "requisites: 3 fetched, 2 failed, 1 skipped by robots.txt, 0 too large" in lines
    assert run_counts(stats)["requisites/failed"] == 2
    report = health_report(
        "site", "id", 1, {}, {200: 2}, requisites={"fetched": 3, "failed": 2, "robots": 1, "too_large": 0}
    )
    assert report["shares"]["http_errors"] == 0
    assert health_line(report).endswith("; requisites 3 fetched, 2 failed, 1 skipped by robots.txt, 0 too large")


def test_a_logged_exception_stays_on_its_line():
    record = logging.LogRecord(
        "scrapy.core.scraper", logging.ERROR, __file__, 1, "Spider error processing %s", ("<GET x>",), None
    )
    try:
        raise ValueError("Port out of range\n0-65535")
    except ValueError:
        record.exc_info = sys.exc_info()
    line = _OneLineFormatter("%(levelname)s %(message)s").format(record)
    assert line == "ERROR Spider error processing <GET x>: ValueError: Port out of range 0-65535"
