"""``archiver extract``: article records from saved HTML, WARC and WACZ files, as JSON Lines."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from archiver.atomic import atomic_output
from archiver.commands.progress_bar import ProgressBar
from archiver.exceptions import UsageError
from archiver.extraction.pool import ExtractionPool
from archiver.extraction.reextract import WACZ_SUFFIXES, WARC_SUFFIXES, ReextractStats, check_inputs, iter_records

# Below this many HTML files and no WARC, starting worker processes costs more than it saves.
POOL_THRESHOLD = 8


def add_parser(subparsers: Any) -> None:
    """Register ``extract`` and its options."""
    parser = subparsers.add_parser(
        "extract",
        help="extract article records from HTML, WARC or WACZ files",
        description=__doc__,
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help=".html, .htm, .html.gz, .warc, .warc.gz or .wacz"
    )
    parser.add_argument("--url", help="URL of the page (only with a single HTML file)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write JSON Lines here instead of stdout")
    parser.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="write every page that gave no record, with the reason, as JSON Lines (source, url, reason, evidence)",
    )
    parser.add_argument("--workers", type=int, default=None, help="extraction processes (default: CPU count)")
    parser.add_argument(
        "--batch-size", type=int, default=16, metavar="N", help="pages sent to a worker at a time (default: 16)"
    )
    parser.add_argument(
        "--progress-interval",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="seconds between progress lines when stderr is not a terminal; 0: none (default: 10)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write one JSON line per article record and a summary line on stderr; returns 0, or 1
    when an input could not be read whole (corrupt WARC records and files cut short are
    counted as errors and passed over: the records of the rest are written all the same).

    Raises ``InputError``/``BadWarcError``/``UsageError`` for bad inputs and ``OutputError``
    for an output file that cannot be written."""
    paths: list[Path] = args.paths
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be at least 1, not {args.workers}")
    if args.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, not {args.batch_size}")
    if not args.progress_interval >= 0 or math.isinf(args.progress_interval):  # "not >=": nan too
        raise UsageError(f"--progress-interval must be a number of seconds, 0 or more, not {args.progress_interval}")
    check_inputs(paths, url=args.url)  # before any worker process starts
    if args.report is not None and args.output is not None and args.report.resolve() == args.output.resolve():
        raise UsageError(f"--report and -o name the same file: {args.output}")
    stats = ReextractStats()
    archives = WARC_SUFFIXES + WACZ_SUFFIXES
    use_pool = len(paths) > POOL_THRESHOLD or any(p.name.lower().endswith(archives) for p in paths)
    show_progress = sys.stderr.isatty() or args.progress_interval > 0
    progress = ProgressBar(interval=args.progress_interval) if show_progress else None
    with ExitStack() as stack:
        on_skipped = None
        if args.report is not None:
            report = stack.enter_context(atomic_output(args.report))

            def on_skipped(line: dict[str, Any]) -> None:
                report.write(_json_line(line))

        pool = stack.enter_context(ExtractionPool(args.workers)) if use_pool else None
        records = iter_records(
            paths,
            url=args.url,
            pool=pool,
            stats=stats,
            progress=progress,
            batch_size=args.batch_size,
            on_skipped=on_skipped,
        )
        if args.output is None:
            _write(records, sys.stdout)
        else:
            with atomic_output(args.output) as stream:
                stream.writelines(_json_line(record) for record in records)
    if progress is not None:
        progress.close(stats)
    print(
        f"archiver extract: {stats.files} files, {stats.pages} pages, {stats.articles} articles, "
        f"{stats.skipped} skipped{_by_reason(stats.reasons)}, {stats.errors} errors",
        file=sys.stderr,
    )
    return 1 if stats.errors else 0


def _by_reason(reasons: Counter[str]) -> str:
    """ " (not article: listing 3, empty 1)": the skipped pages by reason, most first."""
    if not reasons:
        return ""
    return " (" + ", ".join(f"{reason} {count}" for reason, count in reasons.most_common()) + ")"


def _json_line(value: dict[str, Any]) -> bytes:
    return (json.dumps(value, ensure_ascii=False) + "\n").encode("utf-8")


def _write(records: Any, stream: TextIO) -> None:
    stream.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    stream.flush()  # here, where a closed pipe or a full disk is reported, not at the exit
