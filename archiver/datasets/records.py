"""Records files: article records as JSON Lines, written by a crawl and read back by the commands.

A crawl appends to ``OUT/articles-CRAWL_ID.jsonl`` through :class:`RecordsFile`: the file is
``….jsonl.open`` while the crawl runs, locked, flushed line by line, and renamed when the crawl
ends; :func:`repair_open_records_files` gives the file a killed crawl left open its final name,
whole lines kept. ``archiver export`` and ``archiver pack --records`` read ``.jsonl`` and
``.jsonl.gz`` files through :func:`read_records`: a line that is not a JSON object (a crawl cut
mid-line, a stray array, JSON nested deeper than Python's parser goes) costs that line only: it is
skipped with a warning and counted. No Scrapy.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from archiver.exceptions import InputError
from archiver.locks import lock_exclusively
from archiver.warc.repair import OPEN_SUFFIX, RepairReport

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


class RecordsFile:
    """A crawl's records file: ``path`` is written as ``path.open``, one flushed line per record,
    locked for the writer's life (so that a crawl starting meanwhile does not repair it), and
    renamed to ``path`` by :meth:`close`, or removed if no record was written. Raises OSError when
    the file cannot be created."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(path.name + OPEN_SUFFIX)
        self.written = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: IO[str] | None = open(self.partial, "a", encoding="utf-8")  # noqa: SIM115 - until close()
        lock_exclusively(self._file)

    def write(self, record: dict[str, Any]) -> None:
        """Append one record as a JSON line and flush it to the OS."""
        assert self._file is not None, "the records file is closed"
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._file.flush()
        self.written += 1

    def close(self) -> None:
        """Close the file and give it its final name (none: no empty file is left). Safe to call twice."""
        if self._file is not None:
            self._file.close()
            self._file = None
            if self.written:
                os.replace(self.partial, self.path)
            else:
                self.partial.unlink(missing_ok=True)


def repair_open_records_files(directory: Path, pattern: str = "articles-*.jsonl") -> list[RepairReport]:
    """Repair every ``PATTERN.open`` JSON Lines file in ``directory`` that no live crawl holds.

    Keeps the leading lines that end with a newline and parse as JSON, cuts the rest and renames
    the file to its final name; an empty result is deleted. Returns one report per file (its
    ``records_kept`` counts lines). Raises OSError when a file cannot be read, cut or renamed.
    """
    reports = []
    for open_path in sorted(directory.glob(pattern + OPEN_SUFFIX)):
        final_path = open_path.with_name(open_path.name[: -len(OPEN_SUFFIX)])
        if final_path.exists():
            reports.append(RepairReport(open_path, None, "skipped", 0, 0, 0))
            continue
        with open(open_path, "rb") as stream:
            if not lock_exclusively(stream):
                reports.append(RepairReport(open_path, None, "busy", 0, 0, 0))
                continue
            data = stream.read()
        lines, good_length = _whole_json_lines(data)
        if lines == 0:
            open_path.unlink()
            reports.append(RepairReport(open_path, None, "removed", 0, 0, len(data)))
            continue
        if good_length < len(data):
            os.truncate(open_path, good_length)
        os.rename(open_path, final_path)
        outcome: Literal["complete", "truncated"] = "complete" if good_length == len(data) else "truncated"
        reports.append(RepairReport(open_path, final_path, outcome, lines, good_length, len(data) - good_length))
    return reports


def _whole_json_lines(data: bytes) -> tuple[int, int]:
    lines = 0
    good_end = 0
    while True:
        end = data.find(b"\n", good_end)
        if end < 0:
            break
        try:
            json.loads(data[good_end:end])
        except ValueError:
            break
        lines += 1
        good_end = end + 1
    return lines, good_end
