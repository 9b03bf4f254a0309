"""The Datasette plugin that makes the archive browser's pages: search (``/``), an article with
its replay and versions (``/article``), the diff of two versions (``/diff``) and the crawls
(``/crawls``). Datasette's own pages stay under ``/archive`` (tables, SQL, JSON and CSV of
everything, the ``search`` query among them).

Every page first brings the database up to date with the crawl folders (at most once a second,
:meth:`ArchiveBrowser.refresh`). Everything a page shows from the archive goes through Jinja's
autoescaping; the only markup built outside the templates is made from escaped text
(:func:`archiver.browse.search.html_marked`, the charts, :func:`web_link`). No Scrapy.
"""

from __future__ import annotations

import asyncio
import calendar
import json
import logging
import math
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from datasette import hookimpl
from datasette.utils.asgi import Request, Response
from markupsafe import Markup, escape

from archiver.browse.charts import bar_chart
from archiver.browse.crawls import SHARE_LABELS, articles_per_day, site_runs
from archiver.browse.replay import http_base, replay_path, replay_timestamp
from archiver.browse.search import FACETS, SEARCH_SQL, FacetCounts, SearchQuery, facet_counts, html_marked
from archiver.datasets.database import HEALTH_SHARES
from archiver.datasets.versions import paragraph_diff
from archiver.exceptions import ArchiverError

logger = logging.getLogger(__name__)

DATABASE = "archive"
TEMPLATES = Path(__file__).parent / "templates"
REFRESH_INTERVAL = 1.0  # seconds: a page load reads the folders again at most this often
FACET_CACHE_SIZE = 64
QUERY_TIME_LIMIT = 10.0  # seconds a search may take before it fails
FACET_LABELS = {
    "site": "Site",
    "published_month": "Published",
    "language": "Language",
    "author": "Author",
    "crawl": "Crawl",
}


@dataclass
class ReplayInfo:
    """Where replay is: the replay server's port (None: no replay) or why there is none."""

    port: int | None = None
    problem: str | None = None

    def base(self, request: Request) -> str | None:
        """The replay server's address, on the host the browser reached this server at."""
        if self.port is None:
            return None
        return http_base(urlsplit(f"//{request.host}").hostname or "127.0.0.1", self.port)


@dataclass(eq=False)  # hashable by identity: pluggy keeps plugins in a set
class ArchiveBrowser:
    """The plugin: register one instance with Datasette's plugin manager (``pm.register``).

    ``refresh_archive`` brings the database and the replay index up to date and returns whether
    anything changed; it is awaited before a page is made, at most every ``REFRESH_INTERVAL``
    seconds. Facet counts are cached until it reports a change.
    """

    # Datasette names its plugins by module; this one by its package (where its templates are)
    __name__ = "archiver.browse"

    refresh_archive: Callable[[], Awaitable[bool]]
    replay: ReplayInfo = field(default_factory=ReplayInfo)
    generation: int = 0
    _last_refresh: float = -math.inf
    _lock: asyncio.Lock | None = None
    _facets: dict[tuple[int, tuple[tuple[str, str], ...]], FacetCounts] = field(default_factory=dict)

    async def refresh(self) -> None:
        """Bring the archive up to date unless that was done less than a second ago."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            now = asyncio.get_running_loop().time()
            if now - self._last_refresh < REFRESH_INTERVAL:
                return
            try:
                changed = await self.refresh_archive()
            except (OSError, sqlite3.Error, ArchiverError) as error:
                # a file that cannot be read now: the pages show what was read before
                logger.warning("archive not refreshed: %s", error)
                changed = False
            if changed:
                self.generation += 1
                self._facets.clear()
            self._last_refresh = asyncio.get_running_loop().time()

    # -- Datasette hooks ------------------------------------------------------------------

    @hookimpl
    def register_routes(self, datasette: Any) -> list[tuple[str, Any]]:
        return [
            (r"^/$", self.search_page),
            (r"^/article$", self.article_page),
            (r"^/diff$", self.diff_page),
            (r"^/crawls$", self.crawls_page),
        ]

    @hookimpl
    def prepare_connection(self, conn: Any) -> None:
        conn.create_function("html_marked", 1, html_marked, deterministic=True)

    @hookimpl
    def prepare_jinja2_environment(self, env: Any, datasette: Any) -> None:
        env.filters["web_link"] = web_link
        env.filters["percent"] = percent
        env.filters["number"] = lambda value: "" if value is None else f"{value:,}"
        env.filters["moment"] = moment

    @hookimpl
    def asgi_wrapper(self, datasette: Any) -> Callable[[Any], Any]:
        def wrap(app: Any) -> Any:
            async def refreshed(scope: dict[str, Any], receive: Any, send: Any) -> None:
                if scope.get("type") == "http" and not scope.get("path", "").startswith("/-/"):
                    await self.refresh()
                await app(scope, receive, send)

            return refreshed

        return wrap

    # -- pages ----------------------------------------------------------------------------

    async def search_page(self, request: Request, datasette: Any) -> Response:
        query = SearchQuery.from_args(request.args)
        db = datasette.get_database(DATABASE)
        results, (total, facets) = await asyncio.gather(
            _rows(db, SEARCH_SQL, query.params()), self._facet_counts(db, query)
        )
        rows = [_with_authors(row) for row in results]
        pages = max(1, math.ceil(total / query.size))
        first = (query.page - 1) * query.size + 1
        context = {
            "query": query,
            "rows": rows,
            "total": total,
            "first": first,
            "last": first + len(rows) - 1,
            "page": query.page,
            "pages": pages,
            "previous_url": _url("/", query.args(page=query.page - 1)) if query.page > 1 else None,
            "next_url": _url("/", query.args(page=query.page + 1)) if query.page < pages else None,
            "facets": [
                (
                    FACET_LABELS[name],
                    [(value, count, self._facet_link(query, name, value)) for value, count in facets[name]],
                )
                for name in FACETS
                if facets[name]
            ],
            "active_filters": _active_filters(query),
            "json_url": _url(f"/{DATABASE}/search.json", {**query.args(), "_shape": "array"}),
            "csv_url": _url(f"/{DATABASE}/search.csv", query.args()),
        }
        return await _page(datasette, request, "archive_search.html", context)

    async def article_page(self, request: Request, datasette: Any) -> Response:
        db = datasette.get_database(DATABASE)
        url = request.args.get("url") or ""
        article = await _first(db, "SELECT * FROM articles WHERE url = ?", [url])
        if article is None:
            return await _not_found(datasette, request, f"No article with the URL {url!r} in this archive.")
        versions = [
            dict(row)
            for row in (
                await db.execute(
                    "SELECT id, version, fetched_at, crawl_id, title, word_count, records_file FROM versions "
                    "WHERE url = ? ORDER BY fetched_at, version",
                    [url],
                )
            ).rows
        ]
        shown = _with_authors(article)
        newest = versions[-1]["id"] if versions else None
        shown_id = newest
        wanted = request.args.get("version") or ""
        if wanted.isdigit():
            row = await _first(db, "SELECT * FROM versions WHERE id = ? AND url = ?", [int(wanted), url])
            if row is not None:
                shown, shown_id = _with_authors(row), row["id"]
        shown["paragraphs"] = [p for p in (shown.get("text") or "").split("\n") if p.strip()]
        replay_base = self.replay.base(request)
        timestamp = replay_timestamp(shown.get("fetched_at"))
        context = {
            "article": shown,
            "versions": versions,
            "newest_id": newest,
            "shown_id": shown_id,
            "diff_from": versions[-2]["id"] if len(versions) > 1 else None,
            "replay_url": replay_base + replay_path(timestamp, url) if replay_base else None,
            "replay_page_url": replay_base + replay_path(timestamp, url, framed=True) if replay_base else None,
            "replay_problem": self.replay.problem,
        }
        return await _page(datasette, request, "archive_article.html", context)

    async def diff_page(self, request: Request, datasette: Any) -> Response:
        db = datasette.get_database(DATABASE)
        ids = [request.args.get("from") or "", request.args.get("to") or ""]
        if not all(value.isdigit() for value in ids):
            return await _not_found(datasette, request, "Choose two versions to compare (from=ID&to=ID).", status=400)
        old, new = [await _first(db, "SELECT * FROM versions WHERE id = ?", [int(value)]) for value in ids]
        if old is None or new is None:
            return await _not_found(datasette, request, "No such version in this archive.")
        context = {"old": old, "new": new, "changes": paragraph_diff(old, new)}
        return await _page(datasette, request, "archive_diff.html", context)

    async def crawls_page(self, request: Request, datasette: Any) -> Response:
        db = datasette.get_database(DATABASE)
        runs = [dict(row) for row in (await db.execute("SELECT * FROM runs")).rows]
        health = [dict(row) for row in (await db.execute("SELECT * FROM health")).rows]
        records = {
            row[0]: row[1]
            for row in (await db.execute("SELECT crawl_id, count(*) FROM versions GROUP BY crawl_id")).rows
        }
        per_day = (
            await db.execute(
                "SELECT site, published_date, count(*) FROM article_facets "
                "WHERE published_date IS NOT NULL GROUP BY site, published_date",
                custom_time_limit=10_000,
            )
        ).rows
        sites = site_runs(runs, health, records)
        context = {
            "sites": [
                (
                    site,
                    bar_chart(site.articles_series(), title="articles per run"),
                    bar_chart(site.error_series(), title="HTTP error share per run", percent=True, colour="#b5443a"),
                )
                for site in sites
            ],
            "published": [
                (host, bar_chart(series, title=f"articles per day by published date, {host}"))
                for host, series in articles_per_day([tuple(row) for row in per_day]).items()
            ],
            "shares": [(name, SHARE_LABELS[name]) for name in HEALTH_SHARES],
        }
        return await _page(datasette, request, "archive_crawls.html", context)

    # -- helpers --------------------------------------------------------------------------

    async def _facet_counts(self, db: Any, query: SearchQuery) -> FacetCounts:
        """The total and facets of ``query``, cached until the archive changes."""
        params = query.params()
        key = (self.generation, tuple(sorted((k, v) for k, v in params.items() if k not in ("page", "size"))))
        if key not in self._facets:
            rows = await _rows(db, query.facets_sql(), params)
            if len(self._facets) >= FACET_CACHE_SIZE:
                self._facets.pop(next(iter(self._facets)))
            self._facets[key] = facet_counts([(row["facet"], row["value"], row["n"]) for row in rows])
        return self._facets[key]

    @staticmethod
    def _facet_link(query: SearchQuery, name: str, value: str) -> str:
        if name == "published_month":
            year, month = (int(part) for part in value.split("-"))
            last = calendar.monthrange(year, month)[1]
            return _url("/", query.args(since=f"{value}-01", until=f"{value}-{last:02d}", page=1))
        return _url("/", query.args(**{name: value, "page": 1}))  # a facet sets the filter of its name


def web_link(url: str | None, text: str | None = None) -> Markup:
    """A link to ``url`` when it is an http(s) URL (opened in a new tab, no referrer), else the
    text escaped: a record's ``javascript:`` URL never becomes a link."""
    if not url:
        return Markup("")
    label = escape(text if text is not None else url)
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return Markup(label)
    return Markup(f'<a href="{escape(url)}" rel="noreferrer noopener" target="_blank">{label}</a>')


def moment(value: str | None) -> str:
    """An ISO 8601 time to the second, as ``YYYY-MM-DD HH:MM:SS`` (UTC times keep their ``Z``)."""
    if not value:
        return ""
    text = value.replace("T", " ", 1)
    return text[:19] + ("Z" if text.endswith("Z") and len(text) > 19 else "")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _with_authors(row: Any) -> dict[str, Any]:
    values = dict(row)
    for column in ("authors", "categories", "tags"):
        if column in values:
            try:
                values[column] = [str(item) for item in json.loads(values[column] or "[]")]
            except (TypeError, ValueError):
                values[column] = []
    return values


def _active_filters(query: SearchQuery) -> list[tuple[str, str, str]]:
    """(label, value, the search without it) of each filter set."""
    active = [
        (name, getattr(query, name), _url("/", query.args(**{name: "", "page": 1})))
        for name in ("site", "language", "author", "crawl")
    ]
    if query.since or query.until:
        span = f"{query.since or '…'} to {query.until or '…'}"
        active.append(("published", span, _url("/", query.args(since="", until="", page=1))))
    return [item for item in active if item[1]]


def _url(path: str, args: dict[str, str]) -> str:
    return f"{path}?{urlencode(args)}" if args else path


async def _rows(db: Any, sql: str, params: dict[str, str]) -> list[dict[str, Any]]:
    """The rows of one of the search's own queries, on one of Datasette's read connections.

    Datasette's ``execute`` checks its time limit from Python every thousand SQLite steps;
    two searches running side by side (the results and their counts) then wait on each other
    for the GIL. These queries are known, so they are checked a hundred times less often.
    """

    def run(conn: sqlite3.Connection) -> list[dict[str, Any]]:
        deadline = time.monotonic() + QUERY_TIME_LIMIT
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 100_000)
        try:
            cursor = conn.execute(sql, params)
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            conn.set_progress_handler(None, 100_000)

    rows: list[dict[str, Any]] = await db.execute_fn(run)
    return rows


async def _first(db: Any, sql: str, params: list[Any]) -> dict[str, Any] | None:
    rows = (await db.execute(sql, params)).rows
    return dict(rows[0]) if rows else None


async def _page(datasette: Any, request: Request, template: str, context: dict[str, Any]) -> Response:
    return Response.html(await datasette.render_template(template, context, request=request))


async def _not_found(datasette: Any, request: Request, message: str, status: int = 404) -> Response:
    body = await datasette.render_template("archive_message.html", {"message": message}, request=request)
    return Response.html(body, status=status)
