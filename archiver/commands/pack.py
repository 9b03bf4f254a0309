"""``archiver pack``: WARC files, their CDXJ index and the article pages in one WACZ file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from archiver.commands.progress_bar import ProgressBar, files_line
from archiver.datasets.records import read_records
from archiver.exceptions import UsageError
from archiver.warc.wacz import INDEX_FORMATS, ZIPNUM_MIN_LINES, write_wacz


def add_parser(subparsers: Any) -> None:
    """Register ``pack`` and its options."""
    parser = subparsers.add_parser("pack", help="package WARC files as a WACZ file", description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path, metavar="WARC", help=".warc or .warc.gz files")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the .wacz file to write")
    parser.add_argument(
        "--records",
        action="append",
        type=Path,
        default=[],
        metavar="JSONL",
        help="article records (articles-*.jsonl) listed as pages with their titles (repeatable)",
    )
    parser.add_argument("--title", help="collection title (default: the file name)")
    parser.add_argument(
        "--index",
        choices=INDEX_FORMATS,
        default="auto",
        dest="index_format",
        help=f"indexes/index.cdxj, or compressed ZipNum indexes/index.cdx.gz + index.idx "
        f"(default auto: compressed beyond {ZIPNUM_MIN_LINES:,} captures)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the WACZ; returns 0. Raises ``UsageError`` for an output not named ``.wacz``,
    ``InputError``/``BadWarcError``/``OutputError`` as :func:`archiver.warc.wacz.write_wacz`."""
    if not args.output.name.endswith(".wacz"):
        raise UsageError(f"{args.output}: the output file name must end in .wacz")
    bad_lines = SimpleNamespace(bad=0)  # skipped with a warning each, and counted below
    records = list(read_records(args.records, bad_lines)) if args.records else None
    progress = ProgressBar(label="archiver pack: indexing", describe=files_line)
    package = write_wacz(
        args.paths, args.output, records=records, title=args.title, index_format=args.index_format, progress=progress
    )
    progress.close()
    pages = "pages from records" if records is not None else "pages from HTML responses"
    skipped = f", {bad_lines.bad} record lines skipped" if bad_lines.bad else ""
    print(
        f"archiver pack: {len(args.paths)} WARC files ({pages}) -> {args.output}, "
        f"{len(package['resources'])} files inside{skipped}",
        file=sys.stderr,
    )
    return 0
