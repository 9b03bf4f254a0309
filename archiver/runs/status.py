"""A site's runs as ``archiver status`` tells them: the last run and how it ended, failed ones
included, the next time the site is due, and its warnings. No Scrapy.

A run is found in the site's crawl state (``OUT/<site>/state.sqlite``, every run that got as far as
opening it) and in its reports (``OUT/<site>/reports/<site>-<crawl id>.json``, written when a run
ends, or by ``archiver run`` for a crawl that failed before it could write one); crawl ids sort
by time, so the newest of both is the last run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from archiver.runs.health import latest_report
from archiver.runs.sites import SiteConfig
from archiver.state.model import RunSummary, is_database_url, parse_iso
from archiver.state.store import STATE_FILENAME, SqliteCrawlState


@dataclass(frozen=True)
class LastRun:
    """The newest run of a site: its crawl id, start and end, outcome, and counts."""

    crawl_id: str
    started: str | None
    finished: str | None
    outcome: str | None
    counts: dict[str, Any]


def site_runs(folder: Path, site: str = "", state: str = "") -> list[RunSummary]:
    """The runs of a site, oldest first (none when it never ran): from the PostgreSQL ``state``
    that all sites share when given (``postgresql://...``), else from the site folder's own
    state file."""
    if state and is_database_url(state):
        from archiver.state.postgres import PostgresCrawlState  # psycopg only for a database

        # opened to write: a database that has never held a crawl state gets the (empty) schema
        shared = PostgresCrawlState(state)
        try:
            return shared.runs(site)
        finally:
            shared.close()
    path = folder / STATE_FILENAME
    if not path.is_file():
        return []
    own = SqliteCrawlState(path, read_only=True)
    try:
        return own.runs()
    finally:
        own.close()


def last_started(folder: Path, site: str = "", state: str = "") -> datetime | None:
    """When the site's last run that opened its crawl state started, or None (``state``: as for
    :func:`site_runs`)."""
    runs = site_runs(folder, site, state)
    return parse_iso(runs[-1].started) if runs else None


def last_run(runs: list[RunSummary], report: dict[str, Any] | None) -> LastRun | None:
    """The site's newest run, of the runs in its state and its latest report; None when it never ran."""
    state_run = runs[-1] if runs else None
    if report is not None and (state_run is None or str(report.get("crawl_id", "")) > state_run.crawl_id):
        return LastRun(str(report.get("crawl_id", "")), None, report.get("finished"), report.get("outcome"), {})
    if state_run is None:
        return None
    return LastRun(state_run.crawl_id, state_run.started, state_run.finished, state_run.outcome, state_run.counts)


def status_lines(site: SiteConfig, folder: Path, now: datetime, state: str = "") -> list[str]:
    """The lines ``archiver status`` prints for one site (``state``: as for :func:`site_runs`)."""
    runs = site_runs(folder, site.name, state)
    report = latest_report(folder / "reports", site.name)
    last = last_run(runs, report)
    if last is None:
        return [f"{site.name}: never run (no crawl state or reports in {folder}); due now ({site.schedule})"]
    started = parse_iso(runs[-1].started) if runs else None
    next_run = site.next_run(started) if started is not None else now
    due = "due now" if next_run <= now else f"next {next_run:%Y-%m-%d %H:%M} UTC"
    counts = last.counts
    lines = [
        f"{site.name}: last run {last.crawl_id} {last.outcome or 'unfinished (killed?)'} at "
        f"{last.finished or last.started}; {due} ({site.schedule})",
        f"  pages {counts.get('pages', 0)}, new articles {counts.get('incremental/new_articles', 0)}, "
        f"new versions {counts.get('incremental/new_versions', 0)}, errors {counts.get('errors', 0)}",
    ]
    for warning in (report or {}).get("warnings", []):
        lines.append(f"  warning: {warning}")
    return lines
