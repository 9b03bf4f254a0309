"""Health reports: shares of weak records and HTTP errors, warnings when they move."""

from __future__ import annotations

import json

from archiver.runs.health import health_line, health_report, health_warnings, latest_report, weak_fields


def test_weak_fields():
    good = {"title": "T", "published": "2025-03-01", "authors": ["A"], "text": "body"}
    assert weak_fields(good) == []
    assert weak_fields({"title": " ", "published": None, "authors": [], "text": ""}) == [
        "no_title",
        "no_date",
        "no_author",
        "empty_body",
    ]


def test_report_shares():
    report = health_report("s", "c1", 10, {"no_author": 3}, {200: 90, 404: 4, 403: 5, 429: 1})
    assert report["shares"]["no_author"] == 0.3 and report["shares"]["no_title"] == 0.0
    assert report["shares"]["http_errors"] == 0.1 and report["shares"]["blocked"] == 0.06
    assert "no author 30%" in health_line(report) and "blocked 6%" in health_line(report)
    assert report["no_record"] == {}
    counted = health_report("s", "c1", 10, {}, {200: 10}, {"empty": 1, "not article: listing": 4})
    assert list(counted["no_record"].items()) == [("not article: listing", 4), ("empty", 1)]
    empty = health_report("s", "c2", 0, {}, {})
    assert empty["shares"]["no_title"] is None and "no title -" in health_line(empty)


def test_a_change_over_the_threshold_is_a_warning():
    before = health_report("s", "c1", 10, {}, {200: 100})
    after = health_report("s", "c2", 10, {"no_title": 5}, {200: 50, 429: 50})
    warnings = health_warnings(before, after, 0.2)
    assert warnings == [
        "no title: 0% -> 50% since c1",
        "http errors: 0% -> 50% since c1",
        "blocked: 0% -> 50% since c1",
    ]
    assert health_warnings(before, health_report("s", "c3", 10, {"no_title": 1}, {200: 100}), 0.2) == []
    assert health_warnings(None, after, 0.2) == []


def test_latest_report_is_the_newest_crawl(tmp_path):
    for crawl_id in ("20250101T000000Z-aaaa", "20250301T000000Z-bbbb"):
        (tmp_path / f"s-{crawl_id}.json").write_text(json.dumps({"crawl_id": crawl_id}), encoding="utf-8")
    assert latest_report(tmp_path, "s")["crawl_id"] == "20250301T000000Z-bbbb"
    assert latest_report(tmp_path, "s", before="20250301T000000Z-bbbb")["crawl_id"] == "20250101T000000Z-aaaa"
    assert latest_report(tmp_path, "other") is None
