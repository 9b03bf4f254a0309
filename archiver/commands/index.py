"""``archiver index``: a CDXJ index of WARC files (for pywb, ReplayWeb.page, WACZ)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from archiver.commands.progress_bar import ProgressBar, files_line
from archiver.warc.cdx import write_cdxj


def add_parser(subparsers: Any) -> None:
    """Register ``index`` and its options."""
    parser = subparsers.add_parser("index", help="write a CDXJ index of WARC files", description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path, metavar="WARC", help=".warc or .warc.gz files")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the index here (default: stdout)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the sorted index; returns 0. Raises ``InputError``/``BadWarcError``/``OutputError``."""
    progress = ProgressBar(label="archiver index", describe=files_line)
    lines = write_cdxj(args.paths, args.output if args.output else sys.stdout, progress)
    progress.close()
    where = args.output or "standard output"
    print(f"archiver index: {lines} lines from {len(args.paths)} WARC files -> {where}", file=sys.stderr)
    return 0
