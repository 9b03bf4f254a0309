"""``archiver diff URL``: the text changes between two stored versions of an article."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path
from typing import Any

from archiver.exceptions import InputError, UsageError
from archiver.state import STATE_FILENAME, ArticleVersion, SqliteCrawlState


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "diff", help="show how an article's text changed between two crawled versions",
        description="A unified diff of two versions of an article, read from the records files that the "
        "crawl state names.",
    )
    parser.add_argument("url", metavar="URL", help="the article URL (as in the records' url field)")
    parser.add_argument("--out", default=".", metavar="DIR", help="the crawl's output folder (default: .)")
    parser.add_argument("--state", metavar="FILE", help="the state file (default: DIR/state.sqlite)")
    parser.add_argument("--from", dest="old", type=int, metavar="N", help="older version (default: the one before --to)")
    parser.add_argument("--to", dest="new", type=int, metavar="M", help="newer version (default: the newest)")
    parser.set_defaults(run=run)


def version_record(folder: Path, version: ArticleVersion) -> dict[str, Any]:
    """The article record of ``version``, read from its records file in ``folder``; raises InputError."""
    path = folder / version.records_file
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if record.get("url") == version.url and int(record.get("version") or 1) == version.version:
                    return dict(record)
    except (OSError, json.JSONDecodeError) as error:
        raise InputError(f"cannot read {path}: {error}") from None
    raise InputError(f"version {version.version} of {version.url} is not in {path}")


def text_diff(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Unified diff lines of two article records' titles and texts (paragraph per line)."""
    def lines(record: dict[str, Any]) -> list[str]:
        paragraphs = [p for p in (record.get("text") or "").split("\n") if p.strip()]
        return [f"# {record.get('title') or ''}", *paragraphs]

    return list(difflib.unified_diff(
        lines(old), lines(new), lineterm="",
        fromfile=f"{old['url']} version {old.get('version') or 1} ({old.get('fetched_at')})",
        tofile=f"{new['url']} version {new.get('version') or 1} ({new.get('fetched_at')})",
    ))


def run(args: argparse.Namespace) -> int:
    folder = Path(args.out)
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
    new = args.new if args.new is not None else max(versions)
    old = args.old if args.old is not None else max((v for v in versions if v < new), default=-1)
    for number in (old, new):
        if number not in versions:
            raise UsageError(f"--from/--to: no version {number} of {args.url} (have {sorted(versions)})")
    for line in text_diff(version_record(folder, versions[old]), version_record(folder, versions[new])):
        print(line, file=sys.stdout)
    return 0
