"""``archiver serve-site``: serve the bundled news site on 127.0.0.1 until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path
from typing import Any

from archiver.exceptions import UsageError
from archiver.site import NewsSite, start_server
from archiver.site.content import WIRE_EVERY


def add_parser(subparsers: Any) -> None:
    """Register the ``serve-site`` sub-command."""
    parser = subparsers.add_parser(
        "serve-site",
        help="serve the bundled local news site (for demos, tests and benchmarks)",
        description="Serve a deterministic local news site: articles in several templates, listings, "
        "robots.txt, sitemaps, feeds, and optionally a folder of real saved pages.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument(
        "--port", type=int, default=8000, help="port to listen on, 0 for any free one (default: %(default)s)"
    )
    parser.add_argument("--articles", type=int, default=60, help="number of generated articles (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated content (default: %(default)s)")
    parser.add_argument(
        "--wire-every",
        type=int,
        default=WIRE_EVERY,
        metavar="N",
        help="also serve a near-duplicate wire copy of every Nth article, 0 for none (default: %(default)s)",
    )
    parser.add_argument(
        "--cjk", action="store_true", help="also serve three handmade articles in Chinese, Japanese and Korean"
    )
    parser.add_argument("--mount", type=Path, help="folder of *.html / *.html.gz pages to serve under /real/")
    parser.add_argument(
        "--mount-repeat",
        type=int,
        default=1,
        help="serve each mounted page this many times under distinct URLs (default: %(default)s)",
    )
    parser.add_argument(
        "--clock",
        action="store_true",
        help="accept POST /_clock/advance?publish=N&edit=M&minutes=K: publish new and edit old articles",
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait this long before every answer, as a distant site would (default: %(default)s)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build the site, serve it and block until interrupted; returns 0 on a clean stop.

    Raises UsageError for bad numbers or an address that cannot be bound, InputError for a
    missing or empty ``--mount`` folder.
    """
    if args.articles < 0:
        raise UsageError(f"--articles must be 0 or more, not {args.articles}")
    if args.mount_repeat < 1:
        raise UsageError(f"--mount-repeat must be 1 or more, not {args.mount_repeat}")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, not {args.port}")
    if not 0 <= args.latency <= 60:
        raise UsageError(f"--latency must be between 0 and 60 seconds, not {args.latency}")
    if args.wire_every < 0:
        raise UsageError(f"--wire-every must be 0 or more, not {args.wire_every}")
    site = NewsSite(
        articles=args.articles,
        seed=args.seed,
        mount=args.mount,
        mount_repeat=args.mount_repeat,
        wire_every=args.wire_every,
        cjk=args.cjk,
    )
    try:
        server = start_server(site, host=args.host, port=args.port, clock=args.clock, latency=args.latency)
    except OSError as error:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}") from error
    stop = threading.Event()
    _stop_on_signals(stop)
    mounted = f", {len(site.real_pages)} mounted pages" if site.real_pages else ""
    mounted += ", clock at POST /_clock/advance" if args.clock else ""
    mounted += f", {args.latency:g} s latency" if args.latency else ""
    print(
        f"Serving {server.url}/ ({args.articles} articles, seed {args.seed}{mounted}). Press Ctrl-C to stop.",
        flush=True,
    )
    try:
        # A timed wait keeps the main thread responsive to signals on every platform.
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def _stop_on_signals(stop: threading.Event) -> None:
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers can only be installed from the main thread

    def handle(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)
