"""``archiver diff URL``: the text changes between two stored versions of an article."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from archiver.datasets.versions import text_diff, version_record
from archiver.exceptions import InputError, UsageError
from archiver.state.model import CrawlState
from archiver.state.store import STATE_FILENAME, SqliteCrawlState
from archiver.state.stores import is_database_url, open_state


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="show how an article's text changed between two crawled versions",
        description="A unified diff of two versions of an article, read from the records files that the "
        "crawl state names.",
    )
    parser.add_argument("url", metavar="URL", help="the article URL (as in the records' url field)")
    parser.add_argument(
        "--out",
        metavar="DIR",
        help="the crawl's output folder, which holds the records files (default: the --state file's folder, else .)",
    )
    parser.add_argument(
        "--state",
        metavar="FILE",
        help="the state file, or a postgresql:// URL (a cluster's shared state) (default: DIR/state.sqlite)",
    )
    parser.add_argument(
        "--from",
        dest="old",
        type=int,
        metavar="N",
        help="the older version, before --to (default: the one just before)",
    )
    parser.add_argument("--to", dest="new", type=int, metavar="M", help="newer version (default: the newest)")
    parser.set_defaults(run=run)


def versions_to_compare(url: str, stored: list[int], old: int | None, new: int | None) -> tuple[int, int]:
    """The (older, newer) version numbers to diff from ``--from`` and ``--to`` (None: not given)
    among the ``stored`` ones; raises UsageError for a version not stored or not in that order."""
    newer = f"--to {new}" if new is not None else f"the newest, {stored[-1]}"
    if new is None:
        new = stored[-1]
    elif new not in stored:
        raise UsageError(f"--to {new}: no version {new} of {url} (have {stored})")
    if old is None:
        older = [number for number in stored if number < new]
        if not older:
            raise UsageError(f"--to {new}: no version of {url} before {new} to compare it with (have {stored})")
        return older[-1], new
    if old not in stored:
        raise UsageError(f"--from {old}: no version {old} of {url} (have {stored})")
    if old >= new:
        # Refused rather than shown reversed: a diff whose + lines are the older text misleads.
        raise UsageError(f"--from {old} must be an older version than {newer}")
    return old, new


def run(args: argparse.Namespace) -> int:
    # The state names records files by file name only, as they sit beside it in the output folder.
    shared = bool(args.state) and is_database_url(args.state)
    if args.out is not None:
        folder = Path(args.out)
    else:
        folder = Path(args.state).parent if args.state and not shared else Path(".")
    state: CrawlState
    if shared:
        state = open_state(args.state, read_only=True)
    else:
        state_path = Path(args.state) if args.state else folder / STATE_FILENAME
        if not state_path.is_file():
            raise InputError(f"no crawl state at {state_path} (crawl with --out {folder} first)")
        state = SqliteCrawlState(state_path, read_only=True)
    try:
        versions = {v.version: v for v in state.versions(args.url)}
    finally:
        state.close()
    if len(versions) < 2:
        raise InputError(f"{args.url}: {len(versions)} stored version(s); a diff needs two")
    old, new = versions_to_compare(args.url, sorted(versions), args.old, args.new)
    for line in text_diff(version_record(folder, versions[old]), version_record(folder, versions[new])):
        print(line, file=sys.stdout)
    return 0
