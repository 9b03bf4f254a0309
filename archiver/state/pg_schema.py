"""The crawl state's schema in PostgreSQL: ordered migrations and the table that records them.

:data:`MIGRATIONS` lists each schema version and the SQL that brings the one before to it; a
released migration is never edited, a change is a new one at the end. :func:`migrate` applies
those a database lacks, in one transaction, under an advisory lock, so that workers starting
together migrate it once. No Scrapy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg

# pg_advisory_xact_lock key: "archiver" in ASCII, so that no other program's lock is taken.
_LOCK_KEY = 0x61726368697665

MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE pages (
            url TEXT PRIMARY KEY, first_fetched TEXT NOT NULL, last_fetched TEXT NOT NULL,
            status INTEGER NOT NULL, etag TEXT, last_modified TEXT, listed TEXT,
            payload_digest TEXT, warc_filename TEXT, warc_offset BIGINT, warc_length BIGINT,
            warc_record_id TEXT, warc_date TEXT,
            version INTEGER NOT NULL DEFAULT 0, text_hash TEXT, record_warc TEXT
        );
        -- One row per archived payload: claimed (record id, URL, date) before its record is
        -- written, its place (file, offset, length) filled in once it is.
        CREATE TABLE payloads (
            digest TEXT PRIMARY KEY, url TEXT NOT NULL, warc_record_id TEXT NOT NULL,
            warc_date TEXT NOT NULL, warc_filename TEXT, warc_offset BIGINT, warc_length BIGINT,
            crawl_id TEXT NOT NULL DEFAULT '', claimed_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE TABLE versions (
            url TEXT NOT NULL, version INTEGER NOT NULL, text_hash TEXT NOT NULL, fetched_at TEXT,
            crawl_id TEXT, records_file TEXT, warc TEXT, PRIMARY KEY (url, version)
        );
        CREATE TABLE runs (
            crawl_id TEXT PRIMARY KEY, site TEXT NOT NULL DEFAULT '', started TEXT NOT NULL,
            finished TEXT, outcome TEXT, counts TEXT
        );
        CREATE INDEX runs_by_site ON runs (site, started);
        CREATE TABLE indexed_files (name TEXT PRIMARY KEY);
        """,
    ),
    (
        2,
        """
        -- Pages asked for and not fetched yet: a run killed or stopped early leaves them to the
        -- next one. ``added`` keeps them in the order they were asked for.
        CREATE TABLE frontier (
            url TEXT PRIMARY KEY, depth INTEGER NOT NULL, listed TEXT, added BIGSERIAL NOT NULL
        );
        """,
    ),
)

LATEST = MIGRATIONS[-1][0]


def current_version(db: psycopg.Connection) -> int:
    """The schema version of the database (0: none of the archiver's tables yet)."""
    exists = db.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return 0
    row = db.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0) if row else 0


def migrate(db: psycopg.Connection) -> list[int]:
    """Apply the migrations the database lacks; returns their versions (empty when up to date).

    Raises RuntimeError when the database is newer than this archiver knows.
    """
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, applied TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        version = current_version(db)
        if version > LATEST:
            raise RuntimeError(f"the database has schema version {version}; this archiver knows up to {LATEST}")
        applied = []
        for number, sql in MIGRATIONS:
            if number > version:
                db.execute(sql)
                db.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))
                applied.append(number)
    return applied
