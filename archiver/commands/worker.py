"""``archiver worker --redis URL --state URL --out DIR``: a cluster worker, until stopped."""

from __future__ import annotations

import argparse
import logging
import signal
from pathlib import Path
from typing import Any

from archiver.cluster.connection import check_redis_url
from archiver.exceptions import UsageError
from archiver.state.stores import is_database_url


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "worker",
        help="work for a cluster: crawl the site jobs and shared crawls queued in Redis, until stopped",
        description="Take site jobs from Redis (queued by `archiver run SITES.toml --cluster`) and join shared "
        "crawls, each crawled into OUT/<site>/ with this worker's id in its WARC file names, with the crawl "
        "state in PostgreSQL. SIGTERM or Ctrl-C: stop after the pages in flight.",
    )
    parser.add_argument("--redis", required=True, metavar="URL", help="the cluster's Redis (redis://HOST:PORT/DB)")
    parser.add_argument(
        "--state", required=True, metavar="URL", help="the crawl state every worker shares (postgresql://...)"
    )
    parser.add_argument(
        "--out", default=".", metavar="DIR", help="output folder; each site writes to DIR/<site>/ (default: .)"
    )
    parser.add_argument("--id", default="", metavar="NAME", help="this worker's id (default: HOST-PID)")
    parser.add_argument(
        "--lease-time",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how long a request or job taken by a worker that died waits before it is handed out again "
        "(ARCHIVER_LEASE_TIME; default: 60)",
    )
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy or ARCHIVER_* setting for every crawl (repeatable)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from archiver.cluster.worker import Worker

    check_redis_url(args.redis)
    if not is_database_url(args.state):
        raise UsageError(f"--state must be a postgresql:// URL that every worker can reach, not {args.state!r}")
    if args.lease_time < 10:
        raise UsageError(f"--lease-time must be at least 10 seconds, not {args.lease_time}")
    try:
        worker = Worker(
            redis_url=args.redis,
            state=args.state,
            out=Path(args.out),
            worker_id=args.id,
            lease_time=args.lease_time,
            extra=[part for assignment in args.set for part in ("-s", assignment)],
        )
    except ValueError as error:
        raise UsageError(f"--id: {error}") from None
    logging.getLogger("archiver").setLevel(logging.INFO)

    def stop(signal_number: int, frame: object) -> None:
        worker.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    return worker.run()
