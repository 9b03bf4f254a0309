"""Which store holds a crawl state: a SQLite file (the default) or a PostgreSQL database. No Scrapy.

:func:`open_state` takes the location as ``ARCHIVER_STATE_PATH`` and ``--state`` give it: a
``postgresql://`` URL opens :class:`~archiver.state.postgres.PostgresCrawlState` (shared by
many crawls at once), anything else is a file path for
:class:`~archiver.state.store.SqliteCrawlState` (one run at a time).
"""

from __future__ import annotations

from pathlib import Path

from archiver.state.model import CrawlState, is_database_url
from archiver.state.store import SqliteCrawlState

__all__ = ["is_database_url", "open_state"]


def open_state(location: str | Path, *, lock: bool = True, read_only: bool = False) -> CrawlState:
    """The store at ``location``; ``lock`` takes a SQLite file's run lock, ``read_only`` opens it to
    read (diff, status). Raises what the store's constructor raises (StateLockedError,
    OutputError, InputError)."""
    if isinstance(location, str) and is_database_url(location):
        from archiver.state.postgres import PostgresCrawlState  # psycopg only for a database

        return PostgresCrawlState(location, read_only=read_only)
    path = Path(location)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteCrawlState(path, lock=lock, read_only=read_only)
