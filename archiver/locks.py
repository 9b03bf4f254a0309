"""Advisory file locks: who may cut or rename a file that a process may still be writing.

A writer locks each ``.open`` file (WARC or records) for its whole life, and the crawl state's
lock file for the run, so that repair never cuts a file another crawl still writes and two
runs never share a state. No Scrapy.
"""

from __future__ import annotations

from typing import IO

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, so no protection of live files either
    fcntl = None  # type: ignore[assignment]


def lock_exclusively(stream: IO[bytes] | IO[str]) -> bool:
    """Take an advisory exclusive lock on an open file without waiting; False if another holds it.

    The writer locks each ``.open`` file for its whole life, so that repair never cuts a file
    that another crawl is still writing. Released when the file is closed.
    """
    if fcntl is None:
        return True
    try:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
