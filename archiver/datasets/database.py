"""The article database: article records in SQLite, with an FTS5 full-text index over title and
text, every version of each article, and the crawl runs with their health figures.

Pure logic, no Scrapy. ``archiver export -o FILE.sqlite`` writes it and ``archiver serve`` keeps
one up to date while a crawl runs (``archiver.browse``); any SQLite tool, Datasette or pandas
opens it. Tables (columns of the dataset schema, :mod:`archiver.datasets.schema`, unless said):

- ``versions``: one row per article record read, that is per version of an article, with the
  record's ``version`` number, the article's ``site`` (host and port of its URL), its
  ``published_date`` (``YYYY-MM-DD``, for date ranges) and the ``records_file`` it came from.
  List columns (``authors``, ``categories``, ``tags``) are JSON arrays.
- ``articles``: one row per URL, the newest version (by ``fetched_at``, then ``version``),
  with ``versions``, how many there are. ``articles_fts`` indexes its ``title`` and ``text``
  (FTS5, kept in step by triggers; ``rank`` is BM25 with the title weighing
  :data:`TITLE_WEIGHT` times the text).
- ``article_facets`` and ``article_authors``: what searches filter and count by, of each
  article by the same ``id`` (``site``, ``published_date``, ``published_month``, ``language``,
  ``crawl_id``, ``authors``; and one ``author`` a row): counting the matches of a common word
  reads these small rows, not whole articles with their text, and counting all articles reads
  their indexes.
- ``runs``: one row per crawl: from the crawl state when there is one (``source`` ``state``:
  started, finished, outcome, pages, articles, errors by kind, the incremental counts), else
  from the records (``source`` ``records``: first and last fetch, articles).
- ``health``: one row per health report (a site in a run): shares of articles without title,
  date, author or body, of HTTP errors and of blocked responses, and the warnings.
- ``archive_info``: ``schema_version``.

Rows are written in batches inside transactions; the full-text index is built once after a
first bulk load (:meth:`ArticleDatabase.index`) and maintained by triggers from then on.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa
import sqlite_utils

from archiver.datasets.schema import ARTICLE_SCHEMA, COLUMNS, JSON_COLUMNS, LIST_COLUMNS
from archiver.exceptions import InputError
from archiver.runs.status import site_runs
from archiver.state.model import RunSummary

REPORTS_FOLDER = "reports"

DATABASE_VERSION = "2"
TITLE_WEIGHT = 5.0
# columns every row of ``articles`` and ``versions`` has beyond the dataset schema
EXTRA_COLUMNS: dict[str, type] = {"version": int, "site": str, "published_date": str}
FACET_COLUMNS = ("site", "published_date", "published_month", "language", "crawl_id", "authors")
HEALTH_SHARES = ("no_title", "no_date", "no_author", "empty_body", "http_errors", "blocked")


def _column_types() -> dict[str, type]:
    types: dict[str, type] = {"url": str, **EXTRA_COLUMNS}
    for field in ARTICLE_SCHEMA:
        if field.name not in ("url", "text"):
            types[field.name] = int if pa.types.is_integer(field.type) else str
    # last: a row's columns after a long text would be reached through its overflow pages
    types["text"] = str
    return types


RECORD_COLUMNS = _column_types()


def site_of(url: str) -> str:
    """The site an article belongs to: its URL's host (and port, when not the default), lower-cased."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port and (parts.scheme, port) not in {("http", 80), ("https", 443)} else host


def published_date(value: str | None) -> str | None:
    """The ``YYYY-MM-DD`` date of an ISO 8601 ``published`` value, or None when it has none."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def database_row(row: Mapping[str, Any], version: Any) -> dict[str, Any]:
    """A dataset row (:func:`archiver.datasets.schema.flatten_record`) as a ``versions`` row:
    lists as JSON arrays and ``previous`` as a JSON object, with ``version`` (1 when the record
    has none), ``site`` and ``published_date``."""
    out = {column: row.get(column) for column in COLUMNS}
    for column in JSON_COLUMNS:
        value = out[column]
        if column in LIST_COLUMNS:
            out[column] = json.dumps(value or [], ensure_ascii=False)
        elif value is not None:
            out[column] = json.dumps(value, ensure_ascii=False)
    out["version"] = version if isinstance(version, int) and not isinstance(version, bool) and version > 0 else 1
    out["site"] = site_of(row["url"])
    # the day where the story was published, as `archiver export --since` reads it
    out["published_date"] = published_date(row.get("published_local") or row.get("published"))
    return out


class ArticleDatabase:
    """An article database on ``path`` (created when missing) or on an open connection.

    ``wal=True`` switches the file to WAL journaling, so that readers (a web server) go on
    reading while it is written. Raises ``sqlite3.Error`` when the file is not a database.
    """

    def __init__(self, target: Path | sqlite3.Connection, *, wal: bool = False) -> None:
        if isinstance(target, sqlite3.Connection):
            self.conn = target
        else:
            self.conn = sqlite3.connect(target, isolation_level=None)
        if wal:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        self.db = sqlite_utils.Database(self.conn)
        self._create()

    # -- schema ---------------------------------------------------------------------------

    def _create(self) -> None:
        db = self.db
        db.table("archive_info").create({"key": str, "value": str}, pk="key", if_not_exists=True)
        db.execute(
            "INSERT OR IGNORE INTO archive_info VALUES ('schema_version', ?)",
            [DATABASE_VERSION],
        )
        versions = {"id": int, **RECORD_COLUMNS, "records_file": str}
        db.table("versions").create(versions, pk="id", not_null={"url", "text"}, if_not_exists=True)
        # a record read twice (the same file given twice, a file read again) is one version
        db.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS versions_record ON versions (url, coalesce(fetched_at, ''), version)"
        )
        db.table("versions").create_index(["records_file"], if_not_exists=True)
        db.table("versions").create_index(["crawl_id"], if_not_exists=True)
        articles = {"id": int, **RECORD_COLUMNS, "versions": int}
        db.table("articles").create(articles, pk="id", not_null={"url", "text"}, if_not_exists=True)
        db.table("articles").create_index(["url"], unique=True, if_not_exists=True)
        for column in ("site", "published_date", "language", "crawl_id"):
            db.table("articles").create_index([column], if_not_exists=True)
        facets = {"id": int, **{column: str for column in FACET_COLUMNS}}
        db.table("article_facets").create(facets, pk="id", if_not_exists=True)
        for column in FACET_COLUMNS[:-1]:
            db.table("article_facets").create_index([column], if_not_exists=True)
        db.table("article_authors").create({"id": int, "author": str}, if_not_exists=True)
        db.table("article_authors").create_index(["id"], if_not_exists=True)
        db.table("article_authors").create_index(["author", "id"], if_not_exists=True)
        runs = {
            "crawl_id": str,
            "source": str,
            "folder": str,
            "started": str,
            "finished": str,
            "outcome": str,
            "pages": int,
            "articles": int,
            "not_articles": int,
            "errors": int,
            "new_articles": int,
            "new_versions": int,
            "errors_by_kind": str,
            "counts": str,
        }
        db.table("runs").create(runs, pk="crawl_id", if_not_exists=True)
        health = {
            "site": str,
            "crawl_id": str,
            "finished": str,
            "outcome": str,
            "articles": int,
            "responses": int,
            "http_errors": int,
            "blocked": int,
            **{f"{share}_share": float for share in HEALTH_SHARES},
            "warnings": str,
        }
        db.table("health").create(health, pk=("site", "crawl_id"), if_not_exists=True)

    def index(self) -> None:
        """Build the full-text index over ``articles`` (title, text) when there is none yet,
        with triggers that keep it in step from then on."""
        if self.db.table("articles_fts").exists():
            return
        self.db.table("articles").enable_fts(["title", "text"], create_triggers=True)
        self.conn.execute(
            "INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', ?)", [f"bm25({TITLE_WEIGHT}, 1.0)"]
        )

    # -- articles and versions ------------------------------------------------------------

    def add_versions(self, rows: Iterable[Mapping[str, Any]], records_file: str) -> int:
        """Store ``versions`` rows (:func:`database_row`) read from ``records_file`` (a name)
        and bring their articles up to date; a row already stored (same URL, fetch time and
        version) is left as it is. Returns how many rows were new."""
        columns = [*RECORD_COLUMNS, "records_file"]
        statement = f"INSERT OR IGNORE INTO versions ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        values = [[*(row.get(column) for column in RECORD_COLUMNS), records_file] for row in rows]
        if not values:
            return 0
        with self._transaction():
            before = self.conn.total_changes
            self.conn.executemany(statement, values)
            added = self.conn.total_changes - before
            self._refresh_articles({str(value[0]) for value in values})
        return added

    def remove_records_file(self, records_file: str) -> None:
        """Forget every version read from ``records_file`` (a file that was rewritten)."""
        with self._transaction():
            urls = {
                row[0] for row in self.conn.execute("SELECT url FROM versions WHERE records_file = ?", [records_file])
            }
            self.conn.execute("DELETE FROM versions WHERE records_file = ?", [records_file])
            self._refresh_articles(urls)

    def _refresh_articles(self, urls: set[str]) -> None:
        """Make each URL's ``articles`` row its newest version (or remove it when none is left)."""
        if not urls:
            return
        names = list(RECORD_COLUMNS)
        chosen = ", ".join(f"v.{name}" for name in names)
        updates = ", ".join(f"{name} = excluded.{name}" for name in [*names, "versions"] if name != "url")
        batch = json.dumps(sorted(urls))
        self.conn.execute(
            f"""INSERT INTO articles ({", ".join(names)}, versions)
                SELECT {chosen}, (SELECT count(*) FROM versions c WHERE c.url = v.url)
                FROM versions v
                WHERE v.url IN (SELECT value FROM json_each(?))
                  AND v.id = (SELECT n.id FROM versions n WHERE n.url = v.url
                              ORDER BY n.fetched_at DESC, n.version DESC LIMIT 1)
                ORDER BY v.id
                ON CONFLICT(url) DO UPDATE SET {updates}""",
            [batch],
        )
        gone = """SELECT id FROM articles WHERE url IN (SELECT value FROM json_each(?))
                  AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.url = articles.url)"""
        self.conn.execute(f"DELETE FROM article_facets WHERE id IN ({gone})", [batch])
        self.conn.execute(f"DELETE FROM article_authors WHERE id IN ({gone})", [batch])
        self.conn.execute(f"DELETE FROM articles WHERE id IN ({gone})", [batch])
        batch_ids = "SELECT id FROM articles WHERE url IN (SELECT value FROM json_each(?))"
        self.conn.execute(
            f"""INSERT OR REPLACE INTO article_facets (id, {", ".join(FACET_COLUMNS)})
                SELECT id, site, published_date, substr(published_date, 1, 7), language, crawl_id, authors
                FROM articles WHERE id IN ({batch_ids})""",
            [batch],
        )
        self.conn.execute(f"DELETE FROM article_authors WHERE id IN ({batch_ids})", [batch])
        self.conn.execute(
            f"""INSERT INTO article_authors (id, author)
                SELECT DISTINCT articles.id, json_each.value FROM articles, json_each(articles.authors)
                WHERE articles.id IN ({batch_ids})""",
            [batch],
        )

    # -- runs and health ------------------------------------------------------------------

    def add_runs_from_records(self) -> None:
        """A ``runs`` row for every crawl id of the versions that the crawl state did not give:
        its first and last fetch and its articles."""
        with self._transaction():
            self.conn.execute(
                """INSERT INTO runs (crawl_id, source, started, finished, articles)
                   SELECT crawl_id, 'records', min(fetched_at), max(fetched_at), count(*)
                   FROM versions WHERE crawl_id IS NOT NULL GROUP BY crawl_id
                   ON CONFLICT(crawl_id) DO UPDATE SET started = excluded.started,
                     finished = excluded.finished, articles = excluded.articles
                   WHERE runs.source = 'records'"""
            )

    def set_runs(self, folder: str, runs: Iterable[RunSummary]) -> None:
        """Store the runs a crawl state in ``folder`` recorded (replacing what was known of them)."""
        rows = [_run_row(folder, run) for run in runs]
        with self._transaction():
            for row in rows:
                self._upsert("runs", row, ("crawl_id",))

    def set_health(self, report: Mapping[str, Any]) -> None:
        """Store one health report (``archiver.runs.health.health_report``'s dict)."""
        shares = report.get("shares") or {}
        row = {
            "site": report.get("site"),
            "crawl_id": report.get("crawl_id"),
            "finished": report.get("finished"),
            "outcome": report.get("outcome"),
            "articles": report.get("articles"),
            "responses": report.get("responses"),
            "http_errors": report.get("http_errors"),
            "blocked": report.get("blocked"),
            **{f"{share}_share": shares.get(share) for share in HEALTH_SHARES},
            "warnings": json.dumps(report.get("warnings") or [], ensure_ascii=False),
        }
        with self._transaction():
            self._upsert("health", row, ("site", "crawl_id"))

    def close(self) -> None:
        self.conn.close()

    def _upsert(self, table: str, row: Mapping[str, Any], key: tuple[str, ...]) -> None:
        columns = list(row)
        updates = ", ".join(f"{column} = excluded.{column}" for column in columns if column not in key)
        self.conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT({', '.join(key)}) DO UPDATE SET {updates}",
            [row[column] for column in columns],
        )

    def _transaction(self) -> Any:
        # sqlite3's connection as a context manager commits or rolls back; with
        # isolation_level=None the BEGIN is ours to say
        return _Transaction(self.conn)


class _Transaction:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.nested = conn.in_transaction

    def __enter__(self) -> None:
        if not self.nested:
            self.conn.execute("BEGIN")

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if self.nested:
            return
        self.conn.execute("COMMIT" if kind is None else "ROLLBACK")


def _run_row(folder: str, run: RunSummary) -> dict[str, Any]:
    counts = run.counts
    errors_by_kind = {key.removeprefix("errors/"): value for key, value in counts.items() if key.startswith("errors/")}
    return {
        "crawl_id": run.crawl_id,
        "source": "state",
        "folder": folder,
        "started": run.started,
        "finished": run.finished,
        "outcome": run.outcome,
        "pages": counts.get("pages"),
        "articles": counts.get("articles"),
        "not_articles": counts.get("not_articles"),
        "errors": counts.get("errors"),
        "new_articles": counts.get("incremental/new_articles"),
        "new_versions": counts.get("incremental/new_versions"),
        "errors_by_kind": json.dumps(errors_by_kind, sort_keys=True),
        "counts": json.dumps(counts, sort_keys=True),
    }


def read_report(path: Path) -> dict[str, Any] | None:
    """A health report file (``reports/SITE-CRAWL_ID.json``), or None when it cannot be read."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return report if isinstance(report, dict) and report.get("site") and report.get("crawl_id") else None


def add_folder_runs(database: ArticleDatabase, folder: Path) -> None:
    """Store the runs of ``folder``'s crawl state and its health reports, when it has them.
    A state file that is not one is skipped (the articles do not depend on it)."""
    try:
        database.set_runs(folder.name, site_runs(folder))
    except InputError:
        pass
    for path in sorted((folder / REPORTS_FOLDER).glob("*.json")):
        report = read_report(path)
        if report is not None:
            database.set_health(report)
