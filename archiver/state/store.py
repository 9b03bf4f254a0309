"""The crawl state in SQLite: a file beside the output (``OUT/state.sqlite``). No Scrapy.

:class:`SqliteCrawlState` implements :class:`~archiver.state.model.CrawlState`. Safety:

- One run at a time per state file (:class:`~archiver.state.lock.StateLock`).
- WAL journal, ``synchronous=NORMAL`` and one small transaction per update: a SIGKILL loses at
  most the updates of the last moments, never the file.
- Those are recovered from the output itself (:class:`~archiver.state.recovery.RecoveryFromOutput`
  reads the WARC and JSON Lines files that a crashed run left unindexed; each file is marked
  indexed once read whole).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from archiver.exceptions import InputError, OutputError
from archiver.state.lock import StateLock
from archiver.state.model import (
    ArticleVersion,
    FrontierEntry,
    PageState,
    RunSummary,
    WarcPointer,
    article_text_hash,
    page_from_row,
    payload_from_row,
    run_from_row,
    version_from_row,
)
from archiver.state.recovery import RecoveryFromOutput

STATE_FILENAME = "state.sqlite"


_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY, first_fetched TEXT NOT NULL, last_fetched TEXT NOT NULL,
    status INTEGER NOT NULL, etag TEXT, last_modified TEXT, listed TEXT,
    payload_digest TEXT, warc_filename TEXT, warc_offset INTEGER, warc_length INTEGER,
    warc_record_id TEXT, warc_date TEXT,
    version INTEGER NOT NULL DEFAULT 0, text_hash TEXT, record_warc TEXT
);
CREATE TABLE IF NOT EXISTS payloads (
    digest TEXT PRIMARY KEY, url TEXT NOT NULL, warc_filename TEXT NOT NULL,
    warc_offset INTEGER NOT NULL, warc_length INTEGER NOT NULL, warc_record_id TEXT NOT NULL,
    warc_date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS versions (
    url TEXT NOT NULL, version INTEGER NOT NULL, text_hash TEXT NOT NULL, fetched_at TEXT,
    crawl_id TEXT, records_file TEXT, warc TEXT, PRIMARY KEY (url, version)
);
CREATE TABLE IF NOT EXISTS runs (
    crawl_id TEXT PRIMARY KEY, started TEXT NOT NULL, finished TEXT, outcome TEXT, counts TEXT
);
CREATE TABLE IF NOT EXISTS indexed_files (name TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS frontier (url TEXT PRIMARY KEY, depth INTEGER NOT NULL, listed TEXT);
"""


_TABLES = frozenset({"pages", "payloads", "versions", "runs", "indexed_files"})
# tables a state file written by an older archiver may lack (created when a crawl opens it)
_LATER_TABLES = frozenset({"frontier"})


class SqliteCrawlState(RecoveryFromOutput):
    """The SQLite store. ``lock=True`` takes the run lock (a crawl); False works alongside a run.

    ``read_only=True`` (diff, status) opens the file as it is, without the lock: no schema, no journal
    change, no write, so a file given by mistake is left byte for byte as it was.

    Raises StateLockedError when another run holds the lock, OutputError when the file cannot
    be opened, InputError (read-only) when the file is not a crawl state.
    """

    def __init__(self, path: Path, *, lock: bool = True, read_only: bool = False) -> None:
        self.path = path
        self._mutex = threading.Lock()
        if read_only:
            self._lock = None
            self._db = _open_read_only(path)
            return
        self._lock = StateLock(path) if lock else None
        try:
            # One connection shared by the reactor and the WARC writer's callbacks, serialized here.
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as error:
            if self._lock is not None:
                self._lock.release()
            raise OutputError(f"cannot open the crawl state {path}: {error}") from None

    # -- reads ----------------------------------------------------------------------------

    def page(self, url: str) -> PageState | None:
        row = self._one("SELECT * FROM pages WHERE url = ?", url)
        if row is None:
            return None
        payload = None
        if row["warc_filename"]:
            payload = WarcPointer(
                row["warc_filename"],
                row["warc_offset"],
                row["warc_length"],
                row["warc_record_id"],
                row["warc_date"] or "",
                row["payload_digest"],
            )
        return page_from_row(row, payload)

    def payload(self, digest: str) -> tuple[str, WarcPointer] | None:
        row = self._one("SELECT * FROM payloads WHERE digest = ?", digest)
        return None if row is None else payload_from_row(row)

    def claim_payload(
        self, digest: str, *, url: str, record_id: str, date: str, crawl_id: str
    ) -> tuple[str, WarcPointer] | None:
        # One writer at a time (the lock): nobody else can be writing the same payload.
        return self.payload(digest)

    def locate_payload(self, pointer: WarcPointer, timeout: float) -> WarcPointer:
        return pointer

    def pages(self) -> Iterator[PageState]:
        """Every page the store knows, by URL."""
        urls = [row["url"] for row in self._all("SELECT url FROM pages ORDER BY url")]
        for url in urls:
            page = self.page(url)
            if page is not None:
                yield page

    def versions(self, url: str) -> list[ArticleVersion]:
        rows = self._all("SELECT * FROM versions WHERE url = ? ORDER BY version", url)
        return [version_from_row(row) for row in rows]

    def runs(self) -> list[RunSummary]:
        return [run_from_row(row) for row in self._all("SELECT * FROM runs ORDER BY started")]

    def table_rows(self, table: str) -> list[sqlite3.Row]:
        """Every row of one of the state's tables (``archiver state migrate``); none of a table a
        file written by an older archiver lacks; ValueError for another name."""
        if table not in _TABLES | _LATER_TABLES:
            raise ValueError(f"not a table of the crawl state: {table!r}")
        if table in _LATER_TABLES and self._one("SELECT name FROM sqlite_master WHERE name = ?", table) is None:
            return []
        return self._all(f"SELECT * FROM {table}")

    def is_indexed(self, name: str) -> bool:
        """Whether the output file ``name`` has been read into the store whole."""
        return self._one("SELECT name FROM indexed_files WHERE name = ?", name) is not None

    # -- writes (each its own small transaction) ------------------------------------------

    def record_fetch(
        self,
        url: str,
        *,
        fetched_at: str,
        status: int,
        etag: str | None,
        last_modified: str | None,
        listed: str | None,
        payload: WarcPointer | None,
    ) -> None:
        # One transaction, not one per statement: each commit is a write to the journal.
        with self._transaction():
            self._db.execute("DELETE FROM frontier WHERE url = ?", (url,))
            self._db.execute(
                """INSERT INTO pages (url, first_fetched, last_fetched, status, etag, last_modified, listed)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET
                     last_fetched = max(last_fetched, excluded.last_fetched), status = excluded.status,
                     etag = excluded.etag, last_modified = excluded.last_modified,
                     listed = coalesce(excluded.listed, listed)""",
                (url, fetched_at, fetched_at, status, etag, last_modified, listed),
            )
            if payload is not None:
                self._db.execute(
                    """UPDATE pages SET payload_digest = ?, warc_filename = ?, warc_offset = ?,
                       warc_length = ?, warc_record_id = ?, warc_date = ? WHERE url = ?""",
                    (
                        payload.payload_digest,
                        payload.filename,
                        payload.offset,
                        payload.length,
                        payload.record_id,
                        payload.date,
                        url,
                    ),
                )
                if payload.payload_digest and 200 <= status < 300:
                    self._db.execute(
                        "INSERT OR IGNORE INTO payloads VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (
                            payload.payload_digest,
                            url,
                            payload.filename,
                            payload.offset,
                            payload.length,
                            payload.record_id,
                            payload.date,
                        ),
                    )

    def record_article(self, record: dict[str, Any], records_file: str) -> None:
        url = record["url"]
        version = int(record.get("version") or 1)
        text_hash = article_text_hash(record)
        warc = json.dumps(record.get("warc")) if record.get("warc") else None
        fetched_at = record.get("fetched_at") or ""
        with self._transaction():
            self._db.execute(
                "INSERT OR IGNORE INTO versions VALUES (?, ?, ?, ?, ?, ?, ?)",
                (url, version, text_hash, fetched_at, record.get("crawl_id") or "", records_file, warc),
            )
            # A page the store never saw fetched (its update was lost): known from the record.
            self._db.execute(
                """INSERT OR IGNORE INTO pages (url, first_fetched, last_fetched, status)
                   VALUES (?, ?, ?, ?)""",
                (url, fetched_at, fetched_at, int(record.get("status") or 200)),
            )
            self._db.execute(
                "UPDATE pages SET version = ?, text_hash = ?, record_warc = ? WHERE url = ? AND version < ?",
                (version, text_hash, warc, url, version),
            )

    def add_to_frontier(self, url: str, depth: int, listed: str | None) -> None:
        with self._mutex:  # one statement: a transaction of its own
            self._db.execute("INSERT OR IGNORE INTO frontier VALUES (?, ?, ?)", (url, depth, listed))

    def remove_from_frontier(self, url: str) -> None:
        with self._mutex:
            self._db.execute("DELETE FROM frontier WHERE url = ?", (url,))

    def frontier(self) -> list[FrontierEntry]:
        rows = self._all("SELECT * FROM frontier ORDER BY rowid")
        return [FrontierEntry(row["url"], row["depth"], row["listed"]) for row in rows]

    def begin_run(self, crawl_id: str, started: str, site: str = "") -> None:
        with self._mutex:
            self._db.execute("INSERT OR REPLACE INTO runs (crawl_id, started) VALUES (?, ?)", (crawl_id, started))

    def finish_run(self, crawl_id: str, finished: str, outcome: str, counts: dict[str, Any]) -> None:
        with self._mutex:
            self._db.execute(
                "UPDATE runs SET finished = ?, outcome = ?, counts = ? WHERE crawl_id = ?",
                (finished, outcome, json.dumps(counts, sort_keys=True), crawl_id),
            )

    def mark_indexed(self, name: str) -> None:
        """Note that the output file ``name`` is in the store whole (no need to read it again)."""
        with self._mutex:
            self._db.execute("INSERT OR IGNORE INTO indexed_files VALUES (?)", (name,))

    def close(self) -> None:
        with self._mutex:
            self._db.close()
        if self._lock is not None:
            self._lock.release()

    # -- helpers --------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Statements that commit together or not at all, under the mutex."""
        with self._mutex:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        with self._mutex:
            cursor = self._db.execute(sql, args)
            cursor.row_factory = sqlite3.Row
            row: sqlite3.Row | None = cursor.fetchone()
            return row

    def _all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with self._mutex:
            cursor = self._db.execute(sql, args)
            cursor.row_factory = sqlite3.Row
            return list(cursor.fetchall())


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to the crawl state at ``path``; raises InputError if it is not one."""
    try:
        # mode=ro: SQLite itself refuses every write, so a file given by mistake (empty, or
        # another program's database) does not become a crawl state as a plain connect makes it.
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False, timeout=30)
    except sqlite3.Error as error:
        raise InputError(f"cannot open the crawl state {path}: {error}") from None
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:  # "file is not a database"
        db.close()
        raise InputError(f"{path}: not a crawl state file ({error})") from None
    if not tables >= _TABLES:
        db.close()
        missing = ", ".join(sorted(_TABLES - tables))
        raise InputError(f"{path}: not a crawl state file (missing tables: {missing})")
    return db
