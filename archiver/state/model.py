"""What the crawl state holds, as plain data: pointers to WARC records, what is known of a
page, article versions and runs; the interface every store implements; the time formats it uses.

Per URL a store keeps: first and last fetch, HTTP status, ``ETag`` and ``Last-Modified``,
the newest date a sitemap or feed gave for it, the payload digest and the WARC record that
holds the payload (filename, offset, length, record id, WARC-Date); for articles the newest
version number and its text hash, and every version. Payloads map each archived payload digest
to the record that holds it, for ``identical-payload-digest`` revisits. No Scrapy.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class WarcPointer:
    """Where a record is: the final ``.warc.gz`` name, gzip member offset and length, id, date."""

    filename: str
    offset: int
    length: int
    record_id: str
    date: str = ""
    payload_digest: str | None = None

    def as_record_field(self) -> dict[str, Any]:
        """The ``warc`` object of an article record (its five fields, ``docs/records.md``)."""
        return {
            "filename": self.filename,
            "offset": self.offset,
            "length": self.length,
            "record_id": self.record_id,
            "payload_digest": self.payload_digest,
        }


@dataclass(frozen=True)
class PageState:
    """What the store knows about one URL (see the module docstring)."""

    url: str
    first_fetched: str
    last_fetched: str
    status: int
    etag: str | None
    last_modified: str | None
    listed: str | None
    payload: WarcPointer | None
    version: int
    text_hash: str | None
    record_warc: dict[str, Any] | None

    def known_date(self) -> datetime | None:
        """The newest date the site itself gave for this page (sitemap/feed date, Last-Modified)."""
        dates = [parse_iso(self.listed), parse_http_date(self.last_modified)]
        known = [d for d in dates if d is not None]
        return max(known) if known else None


@dataclass(frozen=True)
class ArticleVersion:
    """One version of an article as written to a records file."""

    url: str
    version: int
    text_hash: str
    fetched_at: str
    crawl_id: str
    records_file: str
    warc: dict[str, Any] | None


@dataclass(frozen=True)
class FrontierEntry:
    """A page asked for and not fetched yet: its URL, link depth and sitemap or feed date."""

    url: str
    depth: int
    listed: str | None


@dataclass(frozen=True)
class RunSummary:
    """One run of a crawl on this state: ids, times, outcome and its counts (a JSON object)."""

    crawl_id: str
    started: str
    finished: str | None
    outcome: str | None
    counts: dict[str, Any]


# Rows of either store's tables as the objects above: the two stores share their schema's
# column names.


class TableRow(Protocol):
    """A row read by column name: a ``sqlite3.Row`` or one of psycopg's dict rows."""

    def __getitem__(self, column: str) -> Any: ...


def payload_from_row(row: TableRow) -> tuple[str, WarcPointer]:
    """(target URI, record) of a ``payloads`` row; a claim not yet written has no place."""
    return row["url"], WarcPointer(
        row["warc_filename"] or "",
        row["warc_offset"] or 0,
        row["warc_length"] or 0,
        row["warc_record_id"],
        row["warc_date"],
        row["digest"],
    )


def page_from_row(row: TableRow, payload: WarcPointer | None) -> PageState:
    """A ``pages`` row with the record holding its body, which the store locates."""
    return PageState(
        url=row["url"],
        first_fetched=row["first_fetched"],
        last_fetched=row["last_fetched"],
        status=row["status"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        listed=row["listed"],
        payload=payload,
        version=row["version"],
        text_hash=row["text_hash"],
        record_warc=json.loads(row["record_warc"]) if row["record_warc"] else None,
    )


def version_from_row(row: TableRow) -> ArticleVersion:
    """A ``versions`` row."""
    return ArticleVersion(
        row["url"],
        row["version"],
        row["text_hash"],
        row["fetched_at"] or "",
        row["crawl_id"] or "",
        row["records_file"] or "",
        json.loads(row["warc"]) if row["warc"] else None,
    )


def run_from_row(row: TableRow) -> RunSummary:
    """A ``runs`` row."""
    return RunSummary(
        row["crawl_id"],
        row["started"],
        row["finished"],
        row["outcome"],
        json.loads(row["counts"]) if row["counts"] else {},
    )


class CrawlState(Protocol):
    """The state store interface the crawl uses. Implementations must be thread-safe."""

    def page(self, url: str) -> PageState | None:
        """What is known about ``url``, or None for a URL never fetched."""

    def payload(self, digest: str) -> tuple[str, WarcPointer] | None:
        """(target URI, record) of the archived payload with this digest, or None."""

    def claim_payload(
        self, digest: str, *, url: str, record_id: str, date: str, crawl_id: str
    ) -> tuple[str, WarcPointer] | None:
        """Claim the payload ``digest`` for the response record ``record_id`` about to be written.

        None: the record is the payload's original (write it in full). Otherwise (target URI,
        record) of the payload's original, to revisit; its ``filename`` is empty while another
        writer has claimed it and not yet written it (:meth:`locate_payload` waits for it). A
        store with one writer at a time may just look the digest up.
        """

    def locate_payload(self, pointer: WarcPointer, timeout: float) -> WarcPointer:
        """``pointer`` with its place filled in once its writer has stored it (at once when it
        has one); raises TimeoutError after ``timeout`` seconds."""

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
        """Store one fetch; ``payload`` is the record holding the body (None: keep the old one)."""

    def record_article(self, record: dict[str, Any], records_file: str) -> None:
        """Store an article record written to ``records_file`` (its url, version, text, warc)."""

    def versions(self, url: str) -> list[ArticleVersion]:
        """Every stored version of an article, oldest first."""

    def add_to_frontier(self, url: str, depth: int, listed: str | None) -> None:
        """Remember a page the crawl has asked for and not fetched yet (``depth``: its link depth,
        ``listed``: its sitemap or feed date); :meth:`record_fetch` forgets it."""

    def remove_from_frontier(self, url: str) -> None:
        """Forget a page asked for that will not be fetched (it failed, or was not allowed)."""

    def frontier(self) -> list[FrontierEntry]:
        """The pages asked for in earlier runs and never fetched (a run killed or stopped early)."""

    def begin_run(self, crawl_id: str, started: str, site: str = "") -> None:
        """Note the start of a run (of the sites file's site ``site``, if any)."""

    def finish_run(self, crawl_id: str, finished: str, outcome: str, counts: dict[str, Any]) -> None:
        """Note the end of a run, with its counts."""

    def runs(self) -> list[RunSummary]:
        """Every run, oldest first."""

    def is_indexed(self, name: str) -> bool:
        """Whether the output file ``name`` has been read into the store whole."""

    def mark_indexed(self, name: str) -> None:
        """Note that the output file ``name`` is in the store whole."""

    def ingest_records_file(self, path: Path) -> int:
        """Store the articles of a records file that a crash kept from the store; returns how many."""

    def ingest_warc_file(self, path: Path) -> int:
        """Store the fetches of a WARC file that a crash kept from the store; returns how many."""

    def close(self) -> None:
        """Release the store (and its lock)."""


def article_text_hash(record: dict[str, Any]) -> str:
    """The hash that decides whether an article changed: sha1 of its title and text."""
    text = f"{record.get('title') or ''}\n\n{record.get('text') or ''}"
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()


def parse_iso(text: str | None) -> datetime | None:
    """An ISO 8601 string as an aware datetime (naive means UTC), or None."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_http_date(text: str | None) -> datetime | None:
    """An HTTP date (``Last-Modified``) as an aware datetime, or None."""
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def iso_from_warc_date(date: str) -> str:
    moment = parse_iso(date)
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z") if moment else date


def iso_now() -> str:
    """The current UTC time in the store's format (microseconds, ``Z``): sorts as text."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def is_database_url(location: str) -> bool:
    """Whether a state location names a PostgreSQL database rather than a SQLite file."""
    return location.startswith(("postgresql://", "postgres://"))
