"""Repair of ``.warc.gz.open`` files that a crashed crawl left behind. No Scrapy import.

:class:`~archiver.warc.writer.WarcFileWriter` writes one gzip member per record and flushes it,
so after a crash a file holds whole records followed by at most one partial member. Repair keeps
the whole records, cuts the tail and gives the file its final ``.warc.gz`` name.
(:func:`archiver.datasets.records.repair_open_records_files` does the same for the article records'
``.jsonl.open`` files.)
"""

from __future__ import annotations

import os
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from archiver.locks import lock_exclusively

OPEN_SUFFIX = ".open"
DAMAGED_SUFFIX = ".damaged"
_READ_SIZE = 1 << 20


@dataclass(frozen=True)
class RepairReport:
    """What :func:`repair_open_files` did with one left-over ``.open`` file.

    ``outcome``: ``complete`` (nothing to cut, renamed), ``truncated`` (tail cut, renamed),
    ``removed`` (empty file deleted), ``damaged`` (no whole record: renamed ``.damaged`` and
    left for a person), ``skipped`` (the final name already exists; nothing touched), ``busy``
    (a running writer holds the file; nothing touched).
    """

    open_path: Path
    final_path: Path | None
    outcome: Literal["complete", "truncated", "removed", "damaged", "skipped", "busy"]
    records_kept: int
    bytes_kept: int
    bytes_dropped: int

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        """Return one line for a log or the command line."""
        where = self.final_path.name if self.final_path else "-"
        return (
            f"{self.open_path.name}: {self.outcome} -> {where}, kept {self.records_kept} records "
            f"({self.bytes_kept} bytes), dropped {self.bytes_dropped} bytes"
        )


def repair_open_files(directory: Path) -> list[RepairReport]:
    """Repair every ``*.warc.gz.open`` file in ``directory`` (not recursive), oldest name first.

    Keeps the longest run of leading gzip members that each decompress (CRC checked) to exactly
    one whole WARC record, cuts the rest off and renames the file to ``.warc.gz``. A file of zero
    bytes is deleted; a non-empty file without one whole record is renamed ``.damaged`` rather
    than deleted, because what a program cannot read a person may still want. Returns one report
    per file. A file that a live :class:`~archiver.warc.writer.WarcFileWriter` (in this or another
    process) holds locked is left alone. Raises OSError when a file cannot be read, cut or renamed.
    """
    reports = []
    for open_path in sorted(directory.glob("*.warc.gz" + OPEN_SUFFIX)):
        reports.append(_repair_one(open_path))
    return reports


def _repair_one(open_path: Path) -> RepairReport:
    final_path = open_path.with_name(open_path.name[: -len(OPEN_SUFFIX)])
    if final_path.exists():
        return RepairReport(open_path, None, "skipped", 0, 0, 0)
    with open(open_path, "rb") as stream:
        if not lock_exclusively(stream):
            return RepairReport(open_path, None, "busy", 0, 0, 0)
        size = os.fstat(stream.fileno()).st_size
        if size == 0:
            open_path.unlink()
            return RepairReport(open_path, None, "removed", 0, 0, 0)
        records, good_length = count_whole_records(stream)
        if records == 0:
            damaged = open_path.with_name(final_path.name + DAMAGED_SUFFIX)
            os.rename(open_path, damaged)
            return RepairReport(open_path, damaged, "damaged", 0, 0, size)
        if good_length < size:
            os.truncate(open_path, good_length)
        os.rename(open_path, final_path)
    outcome: Literal["complete", "truncated"] = "complete" if good_length == size else "truncated"
    return RepairReport(open_path, final_path, outcome, records, good_length, size - good_length)


def count_whole_records(stream: BinaryIO) -> tuple[int, int]:
    """Return (records, bytes) for the leading gzip members of ``stream`` that are whole records.

    A member counts when it decompresses completely with a good CRC and holds one WARC record
    whose Content-Length matches what follows its header. Reads to the first bad member.
    """
    records = 0
    good_end = 0
    pending = stream.read(_READ_SIZE)
    while pending:
        member_end, pending = _read_member(stream, pending, good_end)
        if member_end is None:
            break
        good_end = member_end
        records += 1
        if not pending:
            pending = stream.read(_READ_SIZE)
    return records, good_end


def _read_member(stream: BinaryIO, data: bytes, start: int) -> tuple[int | None, bytes]:
    """Decompress one member starting with ``data`` at file offset ``start``.

    Returns (end offset, bytes read past the member) for a whole record, (None, b"") otherwise.
    """
    decompressor = zlib.decompressobj(31)
    record = _RecordCheck()
    consumed = 0
    try:
        while not decompressor.eof:
            if not data:
                data = stream.read(_READ_SIZE)
                if not data:
                    return None, b""
            record.feed(decompressor.decompress(data))
            consumed += len(data) - len(decompressor.unused_data)
            data = b""
    except zlib.error:
        return None, b""
    if not record.is_whole():
        return None, b""
    return start + consumed, decompressor.unused_data


_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)[ \t]*\r\n", re.IGNORECASE)


_MAX_WARC_HEADER = 1 << 20


class _RecordCheck:
    """Checks the decompressed bytes of one member; keeps only the WARC header and last bytes."""

    def __init__(self) -> None:
        self.head = b""
        self.block_length: int | None = None
        self.seen = 0
        self.tail = b""
        self.valid_start = True

    def feed(self, chunk: bytes) -> None:
        self.seen += len(chunk)
        self.tail = (self.tail + chunk[-4:])[-4:]
        if self.block_length is not None or not self.valid_start:
            return
        self.head += chunk
        if not self.head.startswith(b"WARC/"[: len(self.head)]):
            self.valid_start = False
            return
        # the header's end is looked for before its length is judged: one chunk may hold the
        # header and a megabyte of the block after it
        end = self.head.find(b"\r\n\r\n", 0, _MAX_WARC_HEADER)
        if end >= 0:
            match = _CONTENT_LENGTH.search(self.head, 0, end + 2)
            self.block_length = int(match.group(1)) if match else -1
            self.head = self.head[: end + 4]
        elif len(self.head) > _MAX_WARC_HEADER:
            self.valid_start = False

    def is_whole(self) -> bool:
        if not self.valid_start or self.block_length is None or self.block_length < 0:
            return False
        whole_length = len(self.head) + self.block_length + 4
        return self.seen == whole_length and self.tail == b"\r\n\r\n"
