"""``archiver demo``: serve the bundled news site on 127.0.0.1 and crawl it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from archiver.commands import crawl
from archiver.exceptions import UsageError


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="crawl the bundled local news site (what `make demo` runs)",
        description="Start the bundled news site on 127.0.0.1 and crawl it with `archiver crawl`.",
    )
    parser.add_argument("--out", default="demo-output", metavar="DIR", help="output folder (default: demo-output)")
    parser.add_argument("--articles", type=int, default=60, metavar="N", help="articles on the site (default: 60)")
    parser.add_argument("--seed", type=int, default=1, help="content seed of the site (default: 1)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from archiver.site import NewsSite, start_server
    from archiver.site.content import WIRE_EVERY

    if args.articles < 0:
        raise UsageError(f"--articles must be 0 or more, not {args.articles}")
    site = NewsSite(articles=args.articles, seed=args.seed, wire_every=WIRE_EVERY, cjk=True)
    with start_server(site) as server:
        print(f"local news site: {server.url}/ ({len(site.article_paths())} articles)", file=sys.stderr)
        crawl_args = crawl.build_parser_namespace(
            [server.url + "/", "--out", args.out, "-s", "AUTOTHROTTLE_START_DELAY=0"]
        )
        return crawl.run(crawl_args)
