"""Crawl health: per-run shares of weak article records and of HTTP errors, compared run to run.

Plain functions: counts in, a report and warnings out. The crawl's health extension
(``archiver.crawl.health``) counts during a crawl and writes ``OUT/reports/<site>-<crawl_id>.json``
when it ends; ``archiver status`` reads those reports back.

A warning is a share that moved by more than ``ARCHIVER_HEALTH_THRESHOLD`` (absolute, 0.2 =
20 points) against the site's previous report: a template change that loses the titles, a
site that starts answering 403 or 429.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archiver.atomic import atomic_output
from archiver.runs.summary import REQUISITE_OUTCOMES, requisites_line

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
    site: str,
    crawl_id: str,
    articles: int,
    failed: dict[str, int],
    statuses: dict[int, int],
    no_record: dict[str, int] | None = None,
    requisites: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The report of one run: counts, and shares (None when there is nothing to divide by).

    ``statuses`` are the pages' responses (page requisites left out: a failed image is not an
    error of its page); ``no_record`` counts the pages that gave no record by reason
    (``archiver.extraction.reasons``); ``requisites`` counts the requisites apart
    (``archiver.runs.summary.requisite_counts``)."""
    responses = sum(statuses.values())
    errors = sum(n for code, n in statuses.items() if code >= 400)
    blocked = statuses.get(403, 0) + statuses.get(429, 0)
    shares: dict[str, float | None] = {
        check: (failed.get(check, 0) / articles if articles else None) for check in ARTICLE_CHECKS
    }
    shares["http_errors"] = errors / responses if responses else None
    shares["blocked"] = blocked / responses if responses else None
    return {
        "site": site,
        "crawl_id": crawl_id,
        "finished": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "articles": articles,
        "responses": responses,
        "http_errors": errors,
        "blocked": blocked,
        "shares": shares,
        "no_record": dict(sorted((no_record or {}).items(), key=lambda item: (-item[1], item[0]))),
        "requisites": dict(requisites or {}),
        "warnings": [],
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

    line = (
        f"health {report['site']}: {report['articles']} articles (no title {pct('no_title')}, "
        f"no date {pct('no_date')}, no author {pct('no_author')}, empty body {pct('empty_body')}); "
        f"{report['responses']} responses (HTTP errors {pct('http_errors')}, blocked {pct('blocked')})"
    )
    requisites = report.get("requisites") or {}  # reports of earlier versions have none
    if any(requisites.values()):
        line += "; requisites " + requisites_line({**dict.fromkeys(REQUISITE_OUTCOMES, 0), **requisites})
    return line


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


def write_report(folder: Path, report: dict[str, Any]) -> Path:
    """Write ``report`` as ``folder/<site>-<crawl_id>.json``, whole or not at all; returns the path.
    Raises OSError or OutputError when the folder or file cannot be written."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{report['site']}-{report['crawl_id']}.json"
    with atomic_output(path) as stream:
        stream.write((json.dumps(report, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return path


def failed_report(site: str, crawl_id: str, outcome: str) -> dict[str, Any]:
    """The report of a run that failed before the crawl could write its own (``outcome`` says how)."""
    report = health_report(site, crawl_id, 0, {}, {})
    report["outcome"] = outcome
    return report
