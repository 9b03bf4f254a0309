"""``archiver state migrate FILE --to URL``: move a SQLite crawl state into PostgreSQL."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Any

from archiver.exceptions import InputError, UsageError
from archiver.state.model import is_database_url
from archiver.state.postgres import PostgresCrawlState
from archiver.state.store import SqliteCrawlState

# Each table's columns, as both stores name them (the payloads of a SQLite state have no claim).
_COPIED = {
    "pages": [
        "url",
        "first_fetched",
        "last_fetched",
        "status",
        "etag",
        "last_modified",
        "listed",
        "payload_digest",
        "warc_filename",
        "warc_offset",
        "warc_length",
        "warc_record_id",
        "warc_date",
        "version",
        "text_hash",
        "record_warc",
    ],
    "payloads": ["digest", "url", "warc_filename", "warc_offset", "warc_length", "warc_record_id", "warc_date"],
    "versions": ["url", "version", "text_hash", "fetched_at", "crawl_id", "records_file", "warc"],
    "runs": ["crawl_id", "started", "finished", "outcome", "counts"],
    "indexed_files": ["name"],
    "frontier": ["url", "depth", "listed"],
}


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "state",
        help="manage crawl states: move a SQLite state into PostgreSQL",
        description="Crawl states: `archiver state migrate FILE --to postgresql://...` copies a SQLite crawl state "
        "(pages, payloads, article versions, runs) into a PostgreSQL database, creating its schema.",
    )
    parser.add_argument("action", choices=["migrate"], help="migrate: copy a SQLite crawl state into PostgreSQL")
    parser.add_argument("source", metavar="FILE", type=Path, help="the SQLite state (OUT/state.sqlite)")
    parser.add_argument("--to", required=True, metavar="URL", help="the PostgreSQL database (postgresql://...)")
    parser.add_argument(
        "--site", default="", metavar="NAME", help="the sites file's site these runs belong to (default: none)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not is_database_url(args.to):
        raise UsageError(f"--to must be a postgresql:// URL, not {args.to!r}")
    if not args.source.is_file():
        raise InputError(f"no crawl state at {args.source}")
    source = SqliteCrawlState(args.source, read_only=True)  # InputError when it is not one
    target = PostgresCrawlState(args.to, retry=False)
    try:
        for table, columns in _COPIED.items():
            rows = _rows(source, table, columns)
            if table == "runs":
                columns, rows = [*columns, "site"], [(*row, args.site) for row in rows]
            added = target.copy_rows(table, columns, rows)
            print(f"{table}: {added} of {len(rows)} rows copied", file=sys.stderr)
    finally:
        source.close()
        target.close()
    return 0


def _rows(source: SqliteCrawlState, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    try:
        return [tuple(row[name] for name in columns) for row in source.table_rows(table)]
    except sqlite3.Error as error:
        raise InputError(f"{source.path}: cannot read {table}: {error}") from None
