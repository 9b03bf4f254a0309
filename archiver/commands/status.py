"""``archiver status SITES.toml``: per site, the last run, the next due time, counts and warnings;
``archiver status --cluster --redis URL``: the cluster's workers, queues, leases and sites."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archiver.exceptions import UsageError
from archiver.runs.health import latest_report
from archiver.runs.sites import SiteConfig, load_sites
from archiver.state.model import RunSummary, parse_iso
from archiver.state.postgres import PostgresCrawlState, is_database_url
from archiver.state.store import STATE_FILENAME, SqliteCrawlState


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "status",
        help="show each site's last run, next due time, counts and health warnings",
        description="Read each site's crawl state and health reports under DIR/<site>/ and print one block per site.",
    )
    parser.add_argument("sites", metavar="SITES.toml", type=Path, nargs="?", help="the sites file")
    parser.add_argument(
        "--out", default=".", metavar="DIR", help="the output folder given to archiver run (default: .)"
    )
    parser.add_argument(
        "--state",
        default="",
        metavar="URL",
        help="the crawl state all sites share (postgresql://...; default: each site's DIR/<site>/state.sqlite)",
    )
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="show the cluster instead: workers, queues and leases, per-site progress (needs --redis)",
    )
    parser.add_argument("--redis", default="", metavar="URL", help="the cluster's Redis, for --cluster")
    parser.set_defaults(run=run)


def site_runs(folder: Path, site: str = "", state: str = "") -> list[RunSummary]:
    """The runs of a site, oldest first (none when it never ran): from the PostgreSQL ``state``
    that all sites share when given, else from the site folder's own state file."""
    if state and is_database_url(state):
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
    """When the site's last run started, or None (``state``: as for :func:`site_runs`)."""
    runs = site_runs(folder, site, state)
    return parse_iso(runs[-1].started) if runs else None


def status_lines(site: SiteConfig, folder: Path, now: datetime, state: str = "") -> list[str]:
    """The lines ``archiver status`` prints for one site."""
    runs = site_runs(folder, site.name, state)
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
    if args.cluster:
        if not args.redis:
            raise UsageError("--cluster needs --redis URL")
        from archiver.cluster.connection import check_redis_url, redis_client
        from archiver.cluster.status import cluster_lines

        for line in cluster_lines(redis_client(check_redis_url(args.redis)), time.time()):
            print(line, file=sys.stdout)
        return 0
    if args.sites is None:
        raise UsageError("the sites file is needed (or --cluster)")
    now = datetime.now(UTC)
    for site in load_sites(args.sites):
        for line in status_lines(site, Path(args.out) / site.name, now, args.state):
            print(line, file=sys.stdout)
    return 0
