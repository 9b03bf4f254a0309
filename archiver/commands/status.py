"""``archiver status SITES.toml``: per site, the last run, the next due time, counts and warnings."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archiver.datasets.database import read_runs
from archiver.runs.health import latest_report
from archiver.runs.sites import SiteConfig, load_sites
from archiver.state.model import RunSummary, parse_iso


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "status",
        help="show each site's last run, next due time, counts and health warnings",
        description="Read each site's crawl state and health reports under DIR/<site>/ and print one block per site.",
    )
    parser.add_argument("sites", metavar="SITES.toml", type=Path, help="the sites file")
    parser.add_argument(
        "--out", default=".", metavar="DIR", help="the output folder given to archiver run (default: .)"
    )
    parser.set_defaults(run=run)


def site_runs(folder: Path) -> list[RunSummary]:
    """The runs recorded in a site folder's state, oldest first (none when it never ran)."""
    return read_runs(folder)


def last_started(folder: Path) -> datetime | None:
    """When the site's last run started, or None."""
    runs = site_runs(folder)
    return parse_iso(runs[-1].started) if runs else None


def status_lines(site: SiteConfig, folder: Path, now: datetime) -> list[str]:
    """The lines ``archiver status`` prints for one site."""
    runs = site_runs(folder)
    if not runs:
        return [f"{site.name}: never run; due now ({site.schedule})"]
    last = runs[-1]
    started = parse_iso(last.started) or now
    next_run = site.next_run(started)
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


def run(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    for site in load_sites(args.sites):
        for line in status_lines(site, Path(args.out) / site.name, now):
            print(line, file=sys.stdout)
    return 0
