"""Reading article records back from JSON Lines files (``.jsonl`` or ``.jsonl.gz``).

A crawl's ``articles-*.jsonl`` and ``archiver extract``'s output are read by ``archiver export``
and ``archiver pack --records`` through :func:`read_records`. A line that is not a JSON object (a
crawl cut mid-line, a stray array, JSON nested deeper than Python's parser goes) costs that line
only: it is skipped with a warning and counted.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from archiver.exceptions import InputError

logger = logging.getLogger(__name__)


class CountsBadLines(Protocol):
    bad: int


def read_records(paths: Sequence[Path], stats: CountsBadLines) -> Iterator[dict[str, Any]]:
    """The records of JSON Lines files, in order; a UTF-8 byte order mark is allowed.

    Raises ``InputError`` for a missing or unreadable file; a line that is not a JSON object is
    skipped with a warning and counted in ``stats.bad``.
    """
    for path in paths:
        if path.is_dir():
            raise InputError(f"{path}: a folder, not a records file")
        if not path.is_file():
            raise InputError(f"{path}: no such file")
    for path in paths:
        opener = gzip.open if path.name.endswith(".gz") else open
        try:
            with opener(path, "rt", encoding="utf-8-sig") as lines:
                for number, line in enumerate(lines, 1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                    except (ValueError, RecursionError) as error:
                        record = error
                    if not isinstance(record, dict):
                        stats.bad += 1
                        logger.warning("%s:%d: not a JSON record, skipped", path, number)
                        continue
                    yield record
        except (OSError, UnicodeDecodeError, EOFError) as error:
            raise InputError(f"{path}: cannot be read: {error}") from error
