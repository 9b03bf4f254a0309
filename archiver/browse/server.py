"""``archiver serve`` put together: the article database, the replay server, Datasette with the
browser's plugin, and uvicorn serving it until Ctrl-C or SIGTERM.

Pure logic, no Scrapy. :class:`Archive` owns the database connection, the folders' sync and the
replay index, and brings them up to date on a worker thread when a page asks
(:meth:`Archive.refresh`); :func:`serve` starts everything, serves, and stops pywb on the way out.
What ``serve`` keeps between runs (the database and the replay index) lives in a data folder,
by default one per set of crawl folders in the user's cache (:func:`default_data_folder`).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import signal
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import uvicorn
from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm

from archiver.browse.folders import FolderSync, SyncCounts, crawl_folders
from archiver.browse.plugin import DATABASE, TEMPLATES, ArchiveBrowser, ReplayInfo
from archiver.browse.replay import (
    COLLECTION,
    ReplayServer,
    ReplayUnavailable,
    default_pywb_venv,
    http_base,
    pywb_environment,
    user_cache,
)
from archiver.browse.search import SEARCH_SQL
from archiver.datasets.database import DATABASE_VERSION, ArticleDatabase
from archiver.exceptions import OutputError, UsageError
from archiver.locks import lock_exclusively

logger = logging.getLogger(__name__)

DATABASE_FILE = "archive.sqlite"
REPLAY_FOLDER = "pywb"
LOCK_FILE = "serve.lock"


def default_data_folder(folders: list[Path]) -> Path:
    """The data folder of a set of crawl folders: ``~/.cache/news-archiver/serve/<hash>``."""
    key = hashlib.sha1("\n".join(str(folder) for folder in folders).encode("utf-8")).hexdigest()[:16]
    return user_cache() / "serve" / key


@dataclass
class ServeOptions:
    """What ``archiver serve`` was asked: folders, address, data folder, replay or not."""

    paths: list[Path]
    host: str = "127.0.0.1"
    port: int = 8080
    data: Path | None = None
    replay: bool = True
    pywb_venv: Path | None = None


class Archive:
    """The database and replay index of crawl folders, and what keeps them up to date."""

    def __init__(self, folders: list[Path], database_path: Path, replay: ReplayServer | None) -> None:
        self.folders = folders
        self.database_path = database_path
        self.replay = replay
        self.database = open_database(database_path)
        self.sync = FolderSync(folders)
        self._mutex = threading.Lock()

    def sync_now(self, progress: Callable[[SyncCounts], None] | None = None) -> bool:
        """Read what changed in the folders (records, runs, reports, WARC files); True if anything did."""
        with self._mutex:
            self.sync.progress = progress
            counts = self.sync.sync(self.database)
            self.sync.progress = None
            indexed = self.replay.refresh() if self.replay is not None else 0
        return bool(counts) or indexed > 0

    async def refresh(self) -> bool:
        return await asyncio.to_thread(self.sync_now)

    def close(self) -> None:
        with self._mutex:
            self.database.close()


def open_database(path: Path) -> ArticleDatabase:
    """The browse database at ``path`` (WAL, so pages read while it is written); one made by
    another version of the schema is made again. Raises ``OutputError`` when it cannot be opened."""
    try:
        if path.exists() and _schema_version(path) != DATABASE_VERSION:
            path.unlink()
            Path(f"{path}-wal").unlink(missing_ok=True)
            Path(f"{path}-shm").unlink(missing_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        return ArticleDatabase(conn, wal=True)
    except (sqlite3.Error, OSError) as error:
        raise OutputError(f"cannot open the database {path}: {error}") from None


def _schema_version(path: Path) -> str | None:
    try:
        with sqlite3.connect(path) as conn:
            row = conn.execute("SELECT value FROM archive_info WHERE key = 'schema_version'").fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def make_datasette(database_path: Path, browser: ArchiveBrowser) -> Datasette:
    """Datasette over the database, with the browser's plugin registered and its templates."""
    if not pm.is_registered(browser):
        pm.register(browser, name="archiver-browse")
    metadata = {
        "title": "News archive",
        "description": "Article records, versions and crawl runs of the served crawl folders.",
        "databases": {
            DATABASE: {
                "queries": {
                    "search": {
                        "sql": SEARCH_SQL,
                        "title": "Search the articles",
                        "description": "Ranked full-text search over titles and texts, as on the search page: q "
                        "(words, or a quoted phrase), site, language, author, crawl, since and until "
                        "(YYYY-MM-DD), page, size (default 20, up to 1000).",
                    }
                },
                "tables": {"browse_files": {"hidden": True}, "article_facets": {"hidden": True}},
            }
        },
    }
    datasette = Datasette(
        metadata=metadata,
        template_dir=str(TEMPLATES),
        settings={"sql_time_limit_ms": 5000, "default_page_size": 50, "num_sql_threads": 3},
    )
    datasette.add_database(Database(datasette, path=str(database_path), is_mutable=True), name=DATABASE)
    return datasette


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` and listening. Raises ``UsageError`` when it cannot be."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise UsageError(f"cannot listen on {host} port {port}: {error.strerror or error}") from None
    sock.listen(128)
    return sock


@contextmanager
def data_folder_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock for one serve at a time; raises ``OutputError`` when it is taken."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock: IO[str] = open(folder / LOCK_FILE, "w")  # noqa: SIM115 - held until the with block ends
    except OSError as error:
        raise OutputError(f"cannot use the data folder {folder}: {error.strerror or error}") from None
    try:
        if not lock_exclusively(lock):
            raise OutputError(f"another archiver serve uses {folder}; give this one its own --data folder")
        yield
    finally:
        lock.close()


def serve(options: ServeOptions, say: Callable[[str], None], progress: Callable[[SyncCounts], None]) -> None:
    """Serve the crawl folders of ``options`` until Ctrl-C or SIGTERM. ``say`` prints a line for
    the user; ``progress`` is told how the first read of the folders goes. Raises
    ``InputError`` for a folder without a crawl, ``UsageError`` for a port in use,
    ``OutputError`` for a data folder that cannot be used."""
    folders = crawl_folders(options.paths)
    data = options.data or default_data_folder(folders)
    sock = listening_socket(options.host, options.port)
    with sock, data_folder_lock(data):
        replay: ReplayServer | None = None
        replay_info = ReplayInfo(problem="started with --no-replay")
        if options.replay:
            try:
                wayback = pywb_environment(options.pywb_venv or default_pywb_venv(), say)
                replay = ReplayServer(data / REPLAY_FOLDER, folders, wayback, options.host)
            except ReplayUnavailable as error:
                say(f"replay off: {error}")
                replay_info = ReplayInfo(problem=str(error))
        archive = Archive(folders, data / DATABASE_FILE, replay)
        try:
            say(f"reading {len(folders)} crawl folder{'s' if len(folders) != 1 else ''} into {archive.database_path}")
            archive.sync_now(progress)
            if replay is not None:
                try:
                    replay.start()
                    replay_info = ReplayInfo(port=replay.port)
                    say(f"replaying the WARC files with pywb on {replay.base_url(options.host)}/{COLLECTION}/")
                except ReplayUnavailable as error:
                    say(f"replay off: {error}")
                    replay_info = ReplayInfo(problem=str(error))
                    archive.replay = None
            browser = ArchiveBrowser(archive.refresh, replay_info)
            datasette = make_datasette(archive.database_path, browser)
            try:
                host, port = sock.getsockname()[:2]
                say(f"serving {', '.join(str(f) for f in folders)} on {http_base(host, port)}/ (Ctrl-C stops)")
                _run(datasette, sock)
            finally:
                pm.unregister(browser)
        finally:
            if replay is not None:
                replay.stop()
            archive.close()


def _run(datasette: Datasette, sock: socket.socket) -> None:
    """Serve ``datasette`` on ``sock`` until SIGINT or SIGTERM, which end it cleanly."""
    config = uvicorn.Config(datasette.app(), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)

    async def main() -> None:
        await datasette.invoke_startup()
        await server.serve(sockets=[sock])

    # uvicorn stops on both signals and then raises them again for the handlers it found: those
    # must not turn a clean stop into an error
    handlers = {sig: signal.signal(sig, _stopped) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        asyncio.run(main())
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def _stopped(signal_number: int, frame: Any) -> None:
    logger.info("stopping")
