"""The crawl state in PostgreSQL, shared by every worker of a cluster. No Scrapy.

:class:`PostgresCrawlState` implements :class:`~archiver.state.model.CrawlState` over one
database (``postgresql://...``) that any number of crawls use at once: there is no run lock;
concurrency is the database's (one transaction per update, ``ON CONFLICT``). The schema is the
project's, versioned and migrated at open (:mod:`archiver.state.pg_schema`).

Payload claims: before a 2xx response is written, :meth:`PostgresCrawlState.claim_payload`
inserts its digest with the id of the record about to hold it. The first writer's insert wins and
writes the record in full; every other writer of the same payload gets that record's id, URL and
date and writes a revisit pointing at it, even before the original is on disk (its place, file
and offset, is filled in when it is: :meth:`PostgresCrawlState.locate_payload` waits for it).
A claim whose writer never stored its record (killed in between) is taken over after
``STALE_CLAIM`` seconds (a claim taken over that was alive after all costs one more full
record, never a revisit of a record that was not written). As with SQLite, a crawl does not
revisit its own records: only earlier runs and other workers count.

When the database cannot be reached, every call waits and retries, with one log line when it
goes away and one when it is back: a crawl pauses and goes on, nothing is lost.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import psycopg
from psycopg.rows import dict_row

from archiver.exceptions import InputError, OutputError
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
from archiver.state.pg_schema import LATEST, current_version, migrate
from archiver.state.recovery import RecoveryFromOutput

logger = logging.getLogger(__name__)

# A claim not stored this long after it was made is taken to be a dead writer's; a worker's
# requests are re-issued only after a lease (ARCHIVER_LEASE_TIME, at least 10 s) runs out, so a
# page re-fetched after its worker died always finds that worker's claims stale.
STALE_CLAIM = 5.0
RETRY_INTERVAL = 1.0
_T = TypeVar("_T")
Row = dict[str, Any]


def redacted(url: str) -> str:
    """The database URL without its password, for log lines and errors."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


class PostgresCrawlState(RecoveryFromOutput):
    """The PostgreSQL store (see the module docstring). ``read_only=True`` (diff, status) checks
    that the schema is there and never migrates it.

    Raises OutputError when the database cannot be reached at open, InputError (read-only)
    when it holds no crawl state or a newer schema.
    """

    def __init__(self, url: str, *, read_only: bool = False, retry: bool = True) -> None:
        self.url = url
        self.where = redacted(url)
        self._retry = retry
        self._mutex = threading.RLock()
        self._closed = False
        try:
            self._db = self._connect()
            if read_only:
                version = current_version(self._db)
                if version == 0 or version > LATEST:
                    self._db.close()
                    what = "no crawl state" if version == 0 else f"schema version {version}, newer than this archiver"
                    raise InputError(f"{self.where}: {what}")
            else:
                migrate(self._db)
        except psycopg.Error as error:
            raise OutputError(f"cannot open the crawl state {self.where}: {_one_line(error)}") from None
        except RuntimeError as error:
            self._db.close()
            raise InputError(f"{self.where}: {error}") from None

    # -- reads ----------------------------------------------------------------------------

    def page(self, url: str) -> PageState | None:
        # A page whose payload another writer claimed gets the payload's place once written.
        row = self._one(
            """SELECT p.*, q.warc_filename AS q_filename, q.warc_offset AS q_offset, q.warc_length AS q_length
               FROM pages p LEFT JOIN payloads q
                 ON p.warc_filename IS NULL AND q.digest = p.payload_digest AND q.warc_record_id = p.warc_record_id
               WHERE p.url = %s""",
            url,
        )
        if row is None:
            return None
        payload = None
        filename = row["warc_filename"] or row["q_filename"]
        if filename:
            payload = WarcPointer(
                filename,
                row["warc_offset"] if row["warc_filename"] else row["q_offset"],
                row["warc_length"] if row["warc_filename"] else row["q_length"],
                row["warc_record_id"],
                row["warc_date"] or "",
                row["payload_digest"],
            )
        return page_from_row(row, payload)

    def payload(self, digest: str) -> tuple[str, WarcPointer] | None:
        row = self._one("SELECT * FROM payloads WHERE digest = %s AND warc_filename IS NOT NULL", digest)
        return None if row is None else payload_from_row(row)

    def claim_payload(
        self, digest: str, *, url: str, record_id: str, date: str, crawl_id: str
    ) -> tuple[str, WarcPointer] | None:
        def claim(db: psycopg.Connection) -> Row | None:
            with db.transaction():
                won = db.execute(
                    """INSERT INTO payloads (digest, url, warc_record_id, warc_date, crawl_id)
                       VALUES (%s, %s, %s, %s, %s) ON CONFLICT (digest) DO NOTHING RETURNING digest""",
                    (digest, url, record_id, date, crawl_id),
                ).fetchone()
                if won:
                    return None
                # A claim whose writer died before storing its record is taken over.
                taken = db.execute(
                    f"""UPDATE payloads SET url = %s, warc_record_id = %s, warc_date = %s, crawl_id = %s,
                          claimed_at = now()
                        WHERE digest = %s AND warc_filename IS NULL
                          AND claimed_at < now() - interval '{STALE_CLAIM} seconds'
                        RETURNING digest""",
                    (url, record_id, date, crawl_id, digest),
                ).fetchone()
                if taken:
                    return None
                cursor = db.cursor(row_factory=dict_row)
                return cursor.execute("SELECT * FROM payloads WHERE digest = %s", (digest,)).fetchone()

        row = self._run(claim)
        # A crawl's own records are never revisited (the same page under two URLs is two
        # responses), and a claim it made before a lost connection is still its own.
        if row is None or row["crawl_id"] == crawl_id:
            return None
        return payload_from_row(row)

    def locate_payload(self, pointer: WarcPointer, timeout: float) -> WarcPointer:
        deadline = time.monotonic() + timeout
        while not pointer.filename:
            row = self._one(
                "SELECT * FROM payloads WHERE digest = %s AND warc_record_id = %s AND warc_filename IS NOT NULL",
                pointer.payload_digest,
                pointer.record_id,
            )
            if row is not None:
                return payload_from_row(row)[1]
            if time.monotonic() > deadline:
                raise TimeoutError(f"the record {pointer.record_id} holding {pointer.payload_digest} was not stored")
            time.sleep(0.05)
        return pointer

    def versions(self, url: str) -> list[ArticleVersion]:
        rows = self._all("SELECT * FROM versions WHERE url = %s ORDER BY version", url)
        return [version_from_row(row) for row in rows]

    def runs(self, site: str | None = None) -> list[RunSummary]:
        """Every run (of ``site`` only, when given), oldest first."""
        if site is None:
            rows = self._all("SELECT * FROM runs ORDER BY started, crawl_id")
        else:
            rows = self._all("SELECT * FROM runs WHERE site = %s ORDER BY started, crawl_id", site)
        return [run_from_row(row) for row in rows]

    def is_indexed(self, name: str) -> bool:
        return self._one("SELECT name FROM indexed_files WHERE name = %s", name) is not None

    # -- writes (each its own transaction) ------------------------------------------------

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
        def store(db: psycopg.Connection) -> None:
            with db.transaction():
                db.execute("DELETE FROM frontier WHERE url = %s", (url,))
                db.execute(
                    """INSERT INTO pages (url, first_fetched, last_fetched, status, etag, last_modified, listed)
                       VALUES (%s, %s, %s, %s, %s, %s, %s)
                       ON CONFLICT (url) DO UPDATE SET
                         last_fetched = greatest(pages.last_fetched, excluded.last_fetched),
                         status = excluded.status, etag = excluded.etag,
                         last_modified = excluded.last_modified,
                         listed = coalesce(excluded.listed, pages.listed)""",
                    (url, fetched_at, fetched_at, status, etag, last_modified, listed),
                )
                if payload is None:
                    return
                # An empty filename: the payload's record is claimed, not yet written (page() joins it).
                db.execute(
                    """UPDATE pages SET payload_digest = %s, warc_filename = %s, warc_offset = %s,
                       warc_length = %s, warc_record_id = %s, warc_date = %s WHERE url = %s""",
                    (
                        payload.payload_digest,
                        payload.filename or None,
                        payload.offset if payload.filename else None,
                        payload.length if payload.filename else None,
                        payload.record_id,
                        payload.date,
                        url,
                    ),
                )
                if payload.filename and payload.payload_digest and 200 <= status < 300:
                    # The claim's place filled in; a payload nobody claimed (read back from a
                    # WARC file) stored as it is.
                    db.execute(
                        """INSERT INTO payloads
                             (digest, url, warc_record_id, warc_date, warc_filename, warc_offset, warc_length)
                           VALUES (%s, %s, %s, %s, %s, %s, %s)
                           ON CONFLICT (digest) DO UPDATE SET warc_filename = excluded.warc_filename,
                             warc_offset = excluded.warc_offset, warc_length = excluded.warc_length
                           WHERE payloads.warc_record_id = excluded.warc_record_id""",
                        (
                            payload.payload_digest,
                            url,
                            payload.record_id,
                            payload.date,
                            payload.filename,
                            payload.offset,
                            payload.length,
                        ),
                    )

        self._run(store)

    def record_article(self, record: dict[str, Any], records_file: str) -> None:
        url = record["url"]
        version = int(record.get("version") or 1)
        text_hash = article_text_hash(record)
        warc = json.dumps(record.get("warc")) if record.get("warc") else None
        fetched_at = record.get("fetched_at") or ""

        def store(db: psycopg.Connection) -> None:
            with db.transaction():
                db.execute(
                    "INSERT INTO versions VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    (url, version, text_hash, fetched_at, record.get("crawl_id") or "", records_file, warc),
                )
                db.execute(
                    """INSERT INTO pages (url, first_fetched, last_fetched, status) VALUES (%s, %s, %s, %s)
                       ON CONFLICT DO NOTHING""",
                    (url, fetched_at, fetched_at, int(record.get("status") or 200)),
                )
                db.execute(
                    "UPDATE pages SET version = %s, text_hash = %s, record_warc = %s WHERE url = %s AND version < %s",
                    (version, text_hash, warc, url, version),
                )

        self._run(store)

    def add_to_frontier(self, url: str, depth: int, listed: str | None) -> None:
        self._execute(
            "INSERT INTO frontier (url, depth, listed) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING", url, depth, listed
        )

    def remove_from_frontier(self, url: str) -> None:
        self._execute("DELETE FROM frontier WHERE url = %s", url)

    def frontier(self) -> list[FrontierEntry]:
        rows = self._all("SELECT url, depth, listed FROM frontier ORDER BY added")
        return [FrontierEntry(row["url"], row["depth"], row["listed"]) for row in rows]

    def begin_run(self, crawl_id: str, started: str, site: str = "") -> None:
        self._execute(
            """INSERT INTO runs (crawl_id, site, started) VALUES (%s, %s, %s)
               ON CONFLICT (crawl_id) DO UPDATE SET site = excluded.site, started = excluded.started""",
            crawl_id,
            site,
            started,
        )

    def finish_run(self, crawl_id: str, finished: str, outcome: str, counts: dict[str, Any]) -> None:
        self._execute(
            "UPDATE runs SET finished = %s, outcome = %s, counts = %s WHERE crawl_id = %s",
            finished,
            outcome,
            json.dumps(counts, sort_keys=True),
            crawl_id,
        )

    def mark_indexed(self, name: str) -> None:
        self._execute("INSERT INTO indexed_files VALUES (%s) ON CONFLICT DO NOTHING", name)

    def copy_rows(self, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> int:
        """Insert rows into one of the store's tables, keeping rows already there; returns how many
        were new (``archiver state migrate``)."""
        names = ", ".join(columns)
        marks = ", ".join(["%s"] * len(columns))

        def insert(db: psycopg.Connection) -> int:
            added = 0
            with db.transaction(), db.cursor() as cursor:
                for row in rows:
                    cursor.execute(f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING", row)
                    added += cursor.rowcount
            return added

        return self._run(insert)

    def close(self) -> None:
        with self._mutex:
            self._closed = True
            self._db.close()

    # -- the connection, and waiting for it -----------------------------------------------

    def _connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True, connect_timeout=5)

    def _run(self, work: Callable[[psycopg.Connection], _T]) -> _T:
        """``work`` on the connection, under the mutex; while the database is unreachable, waits
        and tries again (the whole transaction: every update is written to be repeated)."""
        with self._mutex:
            lost_at = None
            while True:
                try:
                    if self._db.closed and not self._closed:
                        self._db = self._connect()
                    result = work(self._db)
                except psycopg.OperationalError as error:
                    if not self._retry or self._closed:
                        raise
                    if lost_at is None:
                        lost_at = time.monotonic()
                        logger.warning(
                            "PostgreSQL unavailable (%s): %s; waiting and retrying every %.0f s",
                            self.where,
                            _one_line(error),
                            RETRY_INTERVAL,
                        )
                    try:
                        self._db.close()
                    except psycopg.Error:
                        pass
                    time.sleep(RETRY_INTERVAL)
                    continue
                if lost_at is not None:
                    logger.warning("PostgreSQL is back (%s) after %.0f s", self.where, time.monotonic() - lost_at)
                return result

    def _execute(self, sql: str, *args: Any) -> None:
        self._run(lambda db: db.execute(sql, args))

    def _one(self, sql: str, *args: Any) -> Row | None:
        def fetch(db: psycopg.Connection) -> Row | None:
            return db.cursor(row_factory=dict_row).execute(sql, args).fetchone()

        return self._run(fetch)

    def _all(self, sql: str, *args: Any) -> list[Row]:
        def fetch(db: psycopg.Connection) -> list[Row]:
            return db.cursor(row_factory=dict_row).execute(sql, args).fetchall()

        return self._run(fetch)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__
