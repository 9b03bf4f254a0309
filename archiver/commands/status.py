"""``archiver status SITES.toml``: per site, the last run, the next due time, counts and warnings."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archiver.runs.sites import load_sites
from archiver.runs.status import status_lines


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


def run(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    for site in load_sites(args.sites):
        for line in status_lines(site, Path(args.out) / site.name, now):
            print(line, file=sys.stdout)
    return 0
