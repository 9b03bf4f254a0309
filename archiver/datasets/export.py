"""Export article records to a dataset file: JSON Lines, CSV, Parquet or SQLite, one schema for all.

Pure logic, no Scrapy. Reads JSON Lines of article records (a crawl's ``articles-*.jsonl``,
``archiver extract`` output; ``.jsonl.gz`` too), turns each into a row of
:data:`archiver.datasets.schema.ARTICLE_SCHEMA`, keeps the rows that pass a :class:`RowFilter`, drops
older versions and duplicates with a :class:`archiver.datasets.dedup.Deduplicator` (reporting each
one), and writes the rest in input order. Memory holds one Parquet row group (or one batch of
database rows) and the dedup keys, not the data: to decide on duplicates the rows are read
through once into a temporary file beside the output, then written from it. Output is written
under a temporary name beside the target and renamed when complete. The SQLite database
(:mod:`archiver.datasets.database`) keeps every version of each article, and the runs and
health reports of the crawl folders it is given.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Protocol
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.parquet as pq

from archiver.atomic import atomic_output, atomic_path
from archiver.datasets.database import ArticleDatabase, add_folder_runs, database_row
from archiver.datasets.dedup import Deduplicator
from archiver.datasets.schema import ARTICLE_SCHEMA, COLUMNS, JSON_COLUMNS, SchemaError, flatten_record
from archiver.exceptions import OutputError, UsageError

logger = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "parquet", "sqlite")
PARQUET_ROW_GROUP = 10_000
DATABASE_BATCH = 2_000


@dataclass
class ExportStats:
    """Counts of one export: records read, bad lines skipped, filtered out, duplicates, older
    versions of articles left out, written."""

    read: int = 0
    bad: int = 0
    filtered: int = 0
    duplicates: int = 0
    older_versions: int = 0
    written: int = 0


@dataclass(frozen=True)
class RowFilter:
    """Which rows to keep. Empty or ``None`` criteria keep everything.

    ``sites``: hosts; a row matches its host or any subdomain of it. ``since``/``until``: the
    day of publication where it was published (``published_local``), both ends included; a row
    without a published date fails any date criterion. ``languages``: ISO 639-1 codes; a row
    without a language fails. ``min_words``: at least this many words of text.
    """

    sites: frozenset[str] = field(default_factory=frozenset)
    since: date | None = None
    until: date | None = None
    languages: frozenset[str] = field(default_factory=frozenset)
    min_words: int = 0

    def keeps(self, row: dict[str, Any]) -> bool:
        """True when ``row`` passes every criterion."""
        if self.sites:
            host = (urlsplit(row["url"]).hostname or "").lower()
            if not any(host == site or host.endswith("." + site) for site in self.sites):
                return False
        if self.since or self.until:
            published = _date_of(row.get("published_local") or row.get("published"))
            if published is None:
                return False
            if (self.since and published < self.since) or (self.until and published > self.until):
                return False
        if self.languages and (row.get("language") or "").lower() not in self.languages:
            return False
        return row["word_count"] >= self.min_words


def _date_of(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def format_for(output: Path, requested: str | None) -> str:
    """The output format: ``requested`` when given, else from the file name's suffix.
    Raises ``UsageError`` when neither names one of ``FORMATS``."""
    if requested:
        if requested not in FORMATS:
            raise UsageError(f"unknown format {requested!r}: use one of {', '.join(FORMATS)}")
        return requested
    suffix = output.name.lower().removesuffix(".gz").rsplit(".", 1)[-1]
    aliases = {"jsonl": "jsonl", "ndjson": "jsonl", "csv": "csv", "parquet": "parquet", "pq": "parquet"}
    aliases |= {"sqlite": "sqlite", "sqlite3": "sqlite", "db": "sqlite"}
    if suffix not in aliases:
        raise UsageError(f"{output}: cannot tell the format from the name; give --format ({', '.join(FORMATS)})")
    return aliases[suffix]


class RowWriter(Protocol):
    def write(self, row: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


class JsonLinesWriter:
    """One JSON object per line, columns in schema order."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def write(self, row: dict[str, Any]) -> None:
        self.stream.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")

    def close(self) -> None:
        self.stream.flush()


class CsvWriter:
    """RFC 4180 CSV with a header row; list columns as JSON arrays, ``previous`` as a JSON
    object; ``None`` as an empty cell."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.text, fieldnames=COLUMNS)
        self.writer.writeheader()

    def write(self, row: dict[str, Any]) -> None:
        cells = {
            k: json.dumps(v, ensure_ascii=False) if k in JSON_COLUMNS and v is not None else v for k, v in row.items()
        }
        self.writer.writerow(cells)

    def close(self) -> None:
        self.text.flush()
        self.text.detach()


class ParquetWriter:
    """Parquet with ``ARTICLE_SCHEMA``, written in row groups of ``row_group`` rows."""

    def __init__(self, stream: IO[bytes], row_group: int = PARQUET_ROW_GROUP) -> None:
        self.writer = pq.ParquetWriter(stream, ARTICLE_SCHEMA, compression="zstd")
        self.row_group = row_group
        self.rows: list[dict[str, Any]] = []

    def write(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.row_group:
            self._flush()

    def close(self) -> None:
        self._flush()
        self.writer.close()

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=ARTICLE_SCHEMA))
            self.rows = []


class DatabaseWriter:
    """The SQLite article database (:mod:`archiver.datasets.database`) at ``path``: rows go into
    ``versions`` and ``articles`` in batches of ``batch``; :meth:`close` adds the runs (from the
    records, and from the crawl state and health reports of ``crawl_folders``) and builds the
    full-text index."""

    def __init__(self, path: Path, crawl_folders: Sequence[Path] = (), batch: int = DATABASE_BATCH) -> None:
        self.database = ArticleDatabase(path)
        self.crawl_folders = crawl_folders
        self.batch = batch
        self.rows: list[dict[str, Any]] = []
        self.closed = False

    def write(self, row: dict[str, Any]) -> None:
        self.rows.append(database_row(row, row.get("version")))
        if len(self.rows) >= self.batch:
            self._flush()

    def close(self) -> None:
        """Write what is left, the runs and the full-text index, and close the database."""
        if self.closed:
            return
        self.closed = True
        try:
            self._flush()
            self.database.add_runs_from_records()
            for folder in self.crawl_folders:
                add_folder_runs(self.database, folder)
            self.database.index()
        finally:
            self.database.close()

    def abort(self) -> None:
        """Close the database without finishing it (the export failed; the file is removed)."""
        if not self.closed:
            self.closed = True
            self.database.close()

    def _flush(self) -> None:
        # the name of the records file is not known here: export merges many
        self.database.add_versions(self.rows, records_file="")
        self.rows = []


STREAM_WRITERS: dict[str, type[JsonLinesWriter] | type[CsvWriter] | type[ParquetWriter]] = {
    "jsonl": JsonLinesWriter,
    "csv": CsvWriter,
    "parquet": ParquetWriter,
}


def export(
    records: Iterable[dict[str, Any]],
    output: Path,
    *,
    output_format: str,
    row_filter: RowFilter | None = None,
    deduplicator: Deduplicator | None = None,
    report: Path | None = None,
    stats: ExportStats | None = None,
    progress: Callable[[ExportStats], None] | None = None,
    crawl_folders: Sequence[Path] = (),
) -> ExportStats:
    """Write ``records`` as rows to ``output`` in ``output_format``, in input order; returns the
    counts. ``progress`` is called with them after each record read. ``crawl_folders``: for
    ``sqlite``, the folders whose crawl state (``state.sqlite``) and health reports
    (``reports/``) go into the database's ``runs`` and ``health`` tables.

    With a ``deduplicator``, the rows are first read through (into a temporary file beside
    ``output``) and its :meth:`~archiver.datasets.dedup.Deduplicator.select` decides which to
    keep: the latest version of each article, the earliest published of copies of one story.
    The rows left out are described in ``report``, when given, as JSON Lines (see
    :meth:`archiver.datasets.dedup.Duplicate.report`). A record that does not fit the schema is
    skipped with a warning (counted in ``bad``). Raises ``OutputError`` when the output or the
    report cannot be written.
    """
    stats = stats if stats is not None else ExportStats()
    row_filter = row_filter or RowFilter()
    if report is not None and report.resolve() == output.resolve():
        raise UsageError(f"--report and -o name the same file: {output}")
    with ExitStack() as stack:
        writer: RowWriter
        if output_format == "sqlite":
            database = DatabaseWriter(stack.enter_context(atomic_path(output)), crawl_folders)
            # finished (runs, full-text index) only when every record was read; else just closed
            stack.push(lambda failed, *_: database.abort() if failed else database.close())
            writer = database
        else:
            writer = STREAM_WRITERS[output_format](stack.enter_context(atomic_output(output)))
            # closed before its stream, also when reading the records fails: a Parquet writer left
            # open would try to write its footer to the closed stream when it is collected
            stack.callback(writer.close)
        report_stream = stack.enter_context(atomic_output(report)) if report else None
        rows = _rows(records, row_filter, stats, progress)
        if deduplicator is None:
            for row in rows:
                writer.write(row)
                stats.written += 1
            return stats
        try:
            spill = stack.enter_context(tempfile.TemporaryFile(prefix=f".{output.name}.", dir=output.resolve().parent))
        except OSError as error:
            raise OutputError(f"{output}: cannot be written: {error.strerror or error}") from None
        for row in rows:
            deduplicator.add(row)
            spill.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
        kept, dropped = deduplicator.select()
        for _, ids, duplicate in dropped:
            if duplicate.reason == "older_version":
                stats.older_versions += 1
            else:
                stats.duplicates += 1
            if report_stream is not None:
                line = json.dumps(duplicate.report(ids), ensure_ascii=False)
                report_stream.write(line.encode("utf-8") + b"\n")
        spill.seek(0)
        for number, spilled in enumerate(spill):
            if number in kept:
                writer.write(json.loads(spilled))
                stats.written += 1
    return stats


def _rows(
    records: Iterable[dict[str, Any]],
    row_filter: RowFilter,
    stats: ExportStats,
    progress: Callable[[ExportStats], None] | None,
) -> Iterator[dict[str, Any]]:
    """The rows of ``records`` that fit the schema and pass ``row_filter``, counted in ``stats``."""
    for record in records:
        stats.read += 1
        if progress is not None:
            progress(stats)
        try:
            row = flatten_record(record)
        except SchemaError as error:
            stats.bad += 1
            logger.warning("record skipped: %s", error)
            continue
        if not row_filter.keeps(row):
            stats.filtered += 1
            continue
        yield row
