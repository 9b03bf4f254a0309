"""``archiver serve DIR...``: browse and search crawl output folders in a web browser."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from archiver.commands.progress_bar import ProgressBar
from archiver.exceptions import UsageError


def add_parser(subparsers: Any) -> None:
    """Register ``serve`` and its options."""
    parser = subparsers.add_parser(
        "serve",
        help="browse and search crawl output folders in a web browser",
        description="Serve a web interface over crawl output folders: full-text search of the article "
        "records, each article with its versions and its archived page replayed from the WARC files "
        "(pywb), and the crawls' health. Keeps up with a crawl that is still running.",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="DIR",
        help="a crawl's output folder (--out), or a folder of them as archiver run writes",
    )
    parser.add_argument(
        "--port", type=int, default=8080, help="port to listen on, 0 for any free one (default: %(default)s)"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on; others than loopback expose the archive (default: %(default)s)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="where the database and the replay index are kept between runs "
        "(default: ~/.cache/news-archiver/serve/<one folder per set of DIRs>)",
    )
    parser.add_argument("--no-replay", action="store_true", help="no archived pages: do not install or start pywb")
    parser.add_argument(
        "--pywb-venv",
        type=Path,
        metavar="DIR",
        help="pywb's virtual environment, made on first use "
        "(default: .cache/pywb-venv in a checkout, else ~/.cache/news-archiver/pywb-venv)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C or SIGTERM; returns 0. Raises ``InputError`` for a folder without a
    crawl, ``UsageError`` for a bad or busy port, ``OutputError`` for an unusable data folder."""
    from archiver.browse.server import ServeOptions, serve  # Datasette and uvicorn only for this command

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, not {args.port}")
    options = ServeOptions(
        paths=args.paths,
        host=args.host,
        port=args.port,
        data=args.data,
        replay=not args.no_replay,
        pywb_venv=args.pywb_venv,
    )
    progress = ProgressBar(label="archiver serve", describe=lambda counts, elapsed: f"{counts.versions} records read")

    def say(line: str) -> None:
        progress.close()
        print(f"archiver serve: {line}", file=sys.stderr, flush=True)

    serve(options, say, progress)
    return 0
