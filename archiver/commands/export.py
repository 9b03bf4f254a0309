"""``archiver export``: article records to a JSON Lines, CSV, Parquet or SQLite dataset, filtered
and deduplicated."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from archiver.commands.progress_bar import ProgressBar, records_line
from archiver.datasets.dedup import DEFAULT_THRESHOLD, Deduplicator
from archiver.datasets.export import FORMATS, ExportStats, RowFilter, export, format_for
from archiver.datasets.records import read_records
from archiver.exceptions import UsageError


def add_parser(subparsers: Any) -> None:
    """Register ``export`` and its options."""
    parser = subparsers.add_parser(
        "export", help="write article records as a JSON Lines, CSV, Parquet or SQLite dataset", description=__doc__
    )
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="RECORDS",
        help="JSON Lines of article records (articles-*.jsonl, archiver extract output)",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="dataset file to write")
    parser.add_argument("--format", choices=FORMATS, help="jsonl, csv, parquet or sqlite (default: from the file name)")
    parser.add_argument(
        "--site",
        action="append",
        default=[],
        metavar="HOST",
        help="only articles on HOST or its subdomains (repeatable)",
    )
    parser.add_argument("--since", metavar="DATE", help="only articles published on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--until", metavar="DATE", help="only articles published on or before DATE (YYYY-MM-DD)")
    parser.add_argument(
        "--language",
        action="append",
        default=[],
        metavar="CODE",
        help="only articles in this language, ISO 639-1 (repeatable)",
    )
    parser.add_argument("--min-words", type=int, default=0, metavar="N", help="only articles of at least N words")
    parser.add_argument(
        "--all-versions",
        action="store_true",
        help="keep every version of an article (default: the latest: highest version, then latest fetched_at)",
    )
    parser.add_argument(
        "--no-dedup", action="store_true", help="keep exact duplicates (same URL or same text) and every version"
    )
    parser.add_argument(
        "--near-threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        metavar="J",
        help=f"drop near duplicates at estimated Jaccard similarity >= J; 0: off (default: {DEFAULT_THRESHOLD})",
    )
    parser.add_argument(
        "--report", type=Path, metavar="FILE", help="write what deduplication dropped, and why, as JSON Lines"
    )
    parser.set_defaults(run=run)


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} takes a date YYYY-MM-DD, not {value!r}") from None


def run(args: argparse.Namespace) -> int:
    """Export, then print one summary line on stderr; returns 0. Raises ``UsageError`` for a
    bad option, ``InputError`` for unreadable input, ``OutputError`` for unwritable output."""
    output_format = format_for(args.output, args.format)
    if args.min_words < 0:
        raise UsageError(f"--min-words must not be negative, not {args.min_words}")
    if not 0 <= args.near_threshold <= 1:
        raise UsageError(f"--near-threshold must be between 0 and 1, not {args.near_threshold}")
    since, until = _parse_date(args.since, "--since"), _parse_date(args.until, "--until")
    if since and until and since > until:
        raise UsageError(f"--since {args.since} is after --until {args.until}: no article can match")
    row_filter = RowFilter(
        sites=frozenset(site.lower().strip(".") for site in args.site),
        since=since,
        until=until,
        languages=frozenset(code.lower() for code in args.language),
        min_words=args.min_words,
    )
    near = args.near_threshold or None
    deduplicator = None
    if not args.no_dedup or near:
        # a database keeps every version of an article: only copies under other URLs are duplicates
        deduplicator = Deduplicator(
            by_url=not args.no_dedup,
            by_text=not args.no_dedup,
            near_threshold=near,
            all_versions=args.all_versions or output_format == "sqlite",
        )
    stats = ExportStats()
    progress = ProgressBar(label="archiver export", describe=records_line)
    export(
        read_records(args.paths, stats),
        args.output,
        output_format=output_format,
        row_filter=row_filter,
        deduplicator=deduplicator,
        report=args.report,
        stats=stats,
        progress=progress,
        crawl_folders=sorted({path.resolve().parent for path in args.paths}),
    )
    progress.close()
    print(
        f"archiver export: {stats.read} records read, {stats.written} written to {args.output} ({output_format}), "
        f"{stats.filtered} filtered out, {stats.duplicates} duplicates, {stats.bad} bad, "
        f"{stats.older_versions} older versions",
        file=sys.stderr,
    )
    return 0
