"""``archiver run SITES.toml``: crawl the sites of a sites file that are due, then exit (cron, systemd)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archiver.config import new_crawl_id
from archiver.exceptions import UsageError
from archiver.runs.health import failed_report, write_report
from archiver.runs.sites import SiteConfig, load_sites
from archiver.runs.status import last_started
from archiver.state.model import is_database_url


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "run",
        help="crawl the sites of a sites file that are due, then exit",
        description="For cron and systemd timers: read the sites file, crawl each site whose cron schedule "
        "is due into OUT/<site>/ (incrementally: only new and changed pages), print a health line per site.",
    )
    parser.add_argument("sites", metavar="SITES.toml", type=Path, help="the sites file")
    parser.add_argument(
        "--out", default=".", metavar="DIR", help="output folder; each site writes to DIR/<site>/ (default: .)"
    )
    parser.add_argument("--site", action="append", default=[], metavar="NAME", help="only this site (repeatable)")
    parser.add_argument("--force", action="store_true", help="run the chosen sites even when they are not due")
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and the summaries")
    parser.add_argument(
        "--state",
        default="",
        metavar="URL",
        help="the crawl state all sites share (postgresql://...; default: each site's DIR/<site>/state.sqlite)",
    )
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="queue the due sites in Redis for `archiver worker`s instead of crawling them here (needs --redis)",
    )
    parser.add_argument("--redis", default="", metavar="URL", help="the cluster's Redis, for --cluster")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    sites = load_sites(args.sites)
    unknown = sorted(set(args.site) - {site.name for site in sites})
    if unknown:
        raise UsageError(f"--site: no site named {', '.join(unknown)} in {args.sites}")
    chosen = [site for site in sites if not args.site or site.name in args.site]
    from archiver.crawl.setting_values import check_setting_values  # Scrapy's own settings' types

    for site in chosen:
        check_setting_values(site.settings, where=f"{args.sites}: site {site.name!r}: settings: ")
    if args.cluster:
        return _queue(args, chosen)
    out = Path(args.out)
    failures = 0
    for site in chosen:
        folder = out / site.name
        if not args.force and not _is_due(site, folder, args.state):
            continue
        print(f"{site.name}: crawling {' '.join(site.start_urls)} -> {folder}", file=sys.stderr, flush=True)
        # One process per site: Twisted's reactor cannot be restarted within a process.
        crawl_id = new_crawl_id()
        command = [sys.executable, "-m", "archiver.cli", "crawl", *site.crawl_arguments(folder), "--crawl-id", crawl_id]
        if args.state:
            command += ["--state", args.state]
        if args.quiet:
            command.append("--quiet")
        result = subprocess.run(command, check=False)
        if result.returncode != 0:
            failures += 1
            print(f"{site.name}: crawl failed (exit code {result.returncode})", file=sys.stderr)
            # a crawl that failed before it wrote its report still shows in archiver status
            reports = folder / "reports"
            if not (reports / f"{site.name}-{crawl_id}.json").exists():
                write_report(reports, failed_report(site.name, crawl_id, f"failed (exit code {result.returncode})"))
    return 1 if failures else 0


def _is_due(site: SiteConfig, folder: Path, state: str) -> bool:
    """Whether the site is due; says why not when it is not."""
    now = datetime.now(UTC)
    started = last_started(folder, site.name, state)
    if site.is_due(started, now):
        return True
    print(f"{site.name}: not due (next {site.next_run(started or now):%Y-%m-%d %H:%M} UTC)", file=sys.stderr)
    return False


def _queue(args: argparse.Namespace, sites: list[SiteConfig]) -> int:
    """``--cluster``: put the due sites on the cluster's board for the workers."""
    from archiver.cluster.connection import check_redis_url, redis_client
    from archiver.cluster.jobs import JobBoard, SiteJob

    if not args.redis:
        raise UsageError("--cluster needs --redis URL")
    if not is_database_url(args.state):
        # the workers' state: the due times are read from it
        raise UsageError(f"--cluster needs --state postgresql://... (the workers' crawl state), not {args.state!r}")
    board = JobBoard(redis_client(check_redis_url(args.redis)))
    for site in sites:
        # the workers write into their --out: each site's folder is named relative to it
        folder = Path(args.out) / site.name
        if not args.force and not _is_due(site, folder, args.state):
            continue
        job = SiteJob(site.name, new_crawl_id(), site.crawl_arguments(Path(site.name)), shared=site.shared)
        if board.submit(job):
            kind = "opened as a shared crawl for every worker" if site.shared else "queued"
            print(f"{site.name}: {kind} (crawl {job.crawl_id})", file=sys.stderr)
        else:
            print(f"{site.name}: already queued or being crawled", file=sys.stderr)
    return 0
