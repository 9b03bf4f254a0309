"""cdxj-indexer without a copy of every record's body: only request bodies are kept, and those
only up to a limit.

cdxj-indexer (1.5) copies the decoded body of every record it indexes into a temporary file
(``cdxj_indexer.bufferiter.buffer_record_content``), for the one case that needs a body: a POST
or PUT request's, which becomes part of its response's lookup key. A response whose body
inflates to gigabytes (a gzip bomb of a few kilobytes in a WARC) cost as much disk and as much
time to index. :func:`install` gives the indexer a copy that keeps request bodies only, up to
``MAX_REQUEST_BODY`` bytes; the lines it writes are the same. Used by :mod:`archiver.warc.cdx`;
``tests/test_index_pack.py`` checks that the replaced function still has the shape relied on.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import Any

import cdxj_indexer.bufferiter as bufferiter

MAX_REQUEST_BODY = 1 << 20  # a form's body; more is never part of a lookup key in practice


class _Limited:
    """A file-like reader of at most ``limit`` bytes of ``stream``."""

    def __init__(self, stream: Any, limit: int) -> None:
        self.stream = stream
        self.left = limit

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        size = self.left if size < 0 else min(size, self.left)
        data: bytes = self.stream.read(size)
        self.left -= len(data)
        return data


def buffer_record_content(record: Any) -> None:
    """``record.buffered_stream``: the body of a request record (up to ``MAX_REQUEST_BODY``
    bytes), empty for every other record."""
    spool = tempfile.SpooledTemporaryFile(bufferiter.BUFF_SIZE)  # noqa: SIM115 - the indexer closes it
    if record.rec_type == "request":
        shutil.copyfileobj(_Limited(record.content_stream(), MAX_REQUEST_BODY), spool)
    spool.seek(0)
    record.buffered_stream = spool


def install() -> None:
    """Make cdxj-indexer buffer request bodies only (see the module docstring)."""
    bufferiter.buffer_record_content = buffer_record_content
