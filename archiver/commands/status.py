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
from archiver.runs.sites import load_sites
from archiver.runs.status import status_lines


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
