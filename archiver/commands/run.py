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
from archiver.runs.sites import load_sites
from archiver.runs.status import last_started


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
    out = Path(args.out)
    failures = 0
    for site in chosen:
        folder = out / site.name
        now = datetime.now(UTC)
        if not args.force and not site.is_due(last_started(folder), now):
            print(
                f"{site.name}: not due (next {site.next_run(last_started(folder) or now):%Y-%m-%d %H:%M} UTC)",
                file=sys.stderr,
            )
            continue
        print(f"{site.name}: crawling {' '.join(site.start_urls)} -> {folder}", file=sys.stderr, flush=True)
        # One process per site: Twisted's reactor cannot be restarted within a process.
        crawl_id = new_crawl_id()
        command = [sys.executable, "-m", "archiver.cli", "crawl", *site.crawl_arguments(folder), "--crawl-id", crawl_id]
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
