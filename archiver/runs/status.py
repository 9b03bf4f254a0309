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
from archiver.state.model import RunSummary, parse_iso
from archiver.state.store import STATE_FILENAME, SqliteCrawlState


@dataclass(frozen=True)
class LastRun:
    """The newest run of a site: its crawl id, start and end, outcome, and counts."""

    crawl_id: str
    started: str | None
    finished: str | None
    outcome: str | None
    counts: dict[str, Any]


def site_runs(folder: Path) -> list[RunSummary]:
    """The runs recorded in a site folder's state, oldest first (none when it never ran)."""
    path = folder / STATE_FILENAME
    if not path.is_file():
        return []
    state = SqliteCrawlState(path, read_only=True)
    try:
        return state.runs()
    finally:
        state.close()


def last_started(folder: Path) -> datetime | None:
    """When the site's last run that opened its crawl state started, or None."""
    runs = site_runs(folder)
    return parse_iso(runs[-1].started) if runs else None


def last_run(folder: Path, site: str) -> LastRun | None:
    """The site's newest run, from its state and its reports; None when it never ran."""
    runs = site_runs(folder)
    report = latest_report(folder / "reports", site)
    state_run = runs[-1] if runs else None
    if report is not None and (state_run is None or str(report.get("crawl_id", "")) > state_run.crawl_id):
        return LastRun(str(report.get("crawl_id", "")), None, report.get("finished"), report.get("outcome"), {})
    if state_run is None:
        return None
    return LastRun(state_run.crawl_id, state_run.started, state_run.finished, state_run.outcome, state_run.counts)


def status_lines(site: SiteConfig, folder: Path, now: datetime) -> list[str]:
    """The lines ``archiver status`` prints for one site."""
    last = last_run(folder, site.name)
    if last is None:
        return [f"{site.name}: never run (no crawl state or reports in {folder}); due now ({site.schedule})"]
    started = last_started(folder)
    next_run = site.next_run(started) if started is not None else now
    due = "due now" if next_run <= now else f"next {next_run:%Y-%m-%d %H:%M} UTC"
    counts = last.counts
    lines = [
        f"{site.name}: last run {last.crawl_id} {last.outcome or 'unfinished (killed?)'} at "
        f"{last.finished or last.started}; {due} ({site.schedule})",
        f"  pages {counts.get('pages', 0)}, new articles {counts.get('incremental/new_articles', 0)}, "
        f"new versions {counts.get('incremental/new_versions', 0)}, errors {counts.get('errors', 0)}",
    ]
    report = latest_report(folder / "reports", site.name)
    for warning in (report or {}).get("warnings", []):
        lines.append(f"  warning: {warning}")
    return lines
